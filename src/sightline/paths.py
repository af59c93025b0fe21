"""Where Sightline finds what it ships and where it keeps what it writes.

The specifications (XSDs, code lists, the SSD model) and the published statistics ship inside the
package (`sightline/specs`, `sightline/published`), copied byte for byte from the project's shared
data, so an installed Sightline needs nothing beside it. A test checks the copies stay identical.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
SPECS = PACKAGE / "specs"
PUBLISHED = PACKAGE / "published"
REPO = PACKAGE.parent.parent


def shared_data() -> Path:
    """The shared data folder beside the checkout (samples, formats, published)."""
    return Path(os.environ.get("SIGHTLINE_SHARED", REPO.parent / "shared")) / "data"


def samples() -> Path:
    return shared_data() / "samples"


def default_home() -> Path:
    """Where snapshots and the web database live unless SIGHTLINE_HOME says otherwise."""
    from sightline.config import config  # the one reader of the environment's settings

    return config().home
