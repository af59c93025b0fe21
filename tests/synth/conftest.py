from pathlib import Path

import pytest

from sightline.synth.council import Request, generate


@pytest.fixture(scope="session")
def small_council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small council over three collection years with different layouts (2023, 2025, 2026)."""
    out = tmp_path_factory.mktemp("council")
    generate(Request(out=out, seed=3, years=[2023, 2024, 2025, 2026], children=400))
    return out
