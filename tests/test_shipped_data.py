"""The specifications and published statistics ship inside the package, identical to their sources."""

import hashlib

import pytest

from sightline import paths


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "folder,shipped", [("formats", paths.SPECS), ("published", paths.PUBLISHED)]
)
def test_shipped_copies_are_byte_identical(folder, shipped):
    source = paths.shared_data() / folder
    if not source.exists():
        pytest.skip("shared data is not beside this checkout")
    originals = sorted(p for p in source.rglob("*") if p.is_file())
    assert originals, f"nothing found in {source}"
    for original in originals:
        copy = shipped / original.relative_to(source)
        assert copy.exists(), f"{copy} is not shipped"
        assert _digest(copy) == _digest(original), f"{copy} differs from {original}"
