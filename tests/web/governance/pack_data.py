"""The plan tests' snapshot writer, shared with the governance tests."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "improvement"))

from plan_data import write_cin_assessments

__all__ = ["write_cin_assessments"]
