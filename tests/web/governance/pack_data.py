"""The plan tests' snapshot writer, shared with the governance tests."""

from __future__ import annotations

import contextlib
import re
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "improvement"))

from plan_data import write_cin_assessments

__all__ = ["pdf_text", "write_cin_assessments"]


def pdf_text(data: bytes) -> str:
    """The text drawn on a PDF's pages (fpdf2 writes strings with Tj, in zlib streams)."""
    assert data.startswith(b"%PDF-")
    text = []
    # fpdf2 writes "stream\n<data>\nendstream"; the data may itself end in "\r", so nothing but the
    # newline is stripped, and decompressobj ignores anything after the end of the zlib data.
    for stream in re.findall(rb"stream\n(.*?)\nendstream", data, re.S):
        with contextlib.suppress(zlib.error):  # uncompressed streams are used as they are
            stream = zlib.decompressobj().decompress(stream)
        found = re.findall(rb"\(((?:\\.|[^\\)])*)\) ?Tj", stream)  # strings escape ( ) and \\
        text += [re.sub(r"\\(.)", r"\1", s.decode("latin-1")) for s in found]
    return "\n".join(text)
