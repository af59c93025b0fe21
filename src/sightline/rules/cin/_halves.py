"""A large CIN census read in two halves at once: the second half in a helper process.

Why: reading a census is Python work on every element (about 1.6 s for 50,000 children against
0.3 s for lxml's own parse), so one read uses one core however many the machine has. The file is
cut at the start tag of a Child near its middle, and each half is made a whole document: the
first half is closed with the end tags of the elements open around every Child (`</Children>`,
`</Message>`, with the prefixes the file writes), and the second half is given the file's head
(everything before its first Child: the declaration, namespaces, Header). Each half is then
parsed as the whole file is, so it reads exactly what a whole read would: the helper's children
are numbered on from the first half's, and its lines shifted by the lines it did not see.

Anything out of the ordinary gives None, and the caller reads the file whole (the result is then
the whole read's, errors and all): a file too small to gain, no Child start tag near the middle,
a half that does not parse (a cut inside a comment or CDATA section cannot parse: the end tags
would fall inside it), the same child ID in both halves (a repeated child joins its first record,
which the other half cannot see), a helper that fails, or a process whose memory is capped (a
job's: the helper would double what it may take).
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from lxml import etree

from sightline.rules.cin.source import MODULES, Census, CensusReader, parse

# A helper's start-up (Python, lxml, pyarrow, this package) and the reader's pace, measured on a
# 2-core machine: the first half is made longer by what the helper spends starting, so that both
# halves end together. Below SMALLEST the helper's start-up outweighs the half it saves.
HELPER_START_SECONDS = 0.2
SECONDS_PER_BYTE = 1.7 / 45_000_000
SMALLEST = 16 * 2**20
HEAD_LIMIT = 1 * 2**20  # the head (up to the first Child) is a Header: a few hundred bytes
WINDOW = 4 * 2**20  # how far past the cut to look for a Child's start tag

_CHILD_TAG = re.compile(rb"<((?:[A-Za-z_][\w.\-]*:)?Child)[\s/>]")
_BLOCK = 8 * 2**20
# As the census's own parse (`source.parse`): no entities, network or DTD.
_SAFE: dict[str, bool] = {
    "huge_tree": True,
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
}


class _Stream:
    """A file-like object reading `before`, then the file from `start` to `end`, then `after`."""

    def __init__(self, path: Path, start: int, end: int, before: bytes, after: bytes) -> None:
        self.file = path.open("rb")
        self.file.seek(start)
        self.left = end - start
        self.before, self.after = before, after
        self.newlines = 0  # in the file's bytes passed on (not `before` or `after`)

    def read(self, size: int = -1) -> bytes:
        size = _BLOCK if size is None or size < 0 else size
        if self.before:
            out, self.before = self.before[:size], self.before[size:]
            return out
        if self.left > 0:
            out = self.file.read(min(size, self.left))
            self.left -= len(out)
            if out:
                self.newlines += out.count(b"\n")
                return out
            self.left = 0
        out, self.after = self.after[:size], self.after[size:]
        return out

    def close(self) -> None:
        self.file.close()


def _head(path: Path) -> tuple[bytes, bytes, str] | None:
    """The bytes before the first Child, the end tags that close what is open there, and the
    Child's tag as written (with its prefix); None if the file does not begin so."""
    with path.open("rb") as file:
        start = file.read(HEAD_LIMIT)
    found = _CHILD_TAG.search(start)
    if found is None:
        return None
    head = start[: found.start()]
    parser = etree.XMLPullParser(events=("start", "end"), **_SAFE)
    open_tags: list[str] = []
    try:
        parser.feed(head)
        for event, element in parser.read_events():
            if event == "start":
                local = etree.QName(element).localname
                open_tags.append(f"{element.prefix}:{local}" if element.prefix else local)
            else:
                open_tags.pop()
    except etree.XMLSyntaxError:
        return None
    if not open_tags:
        return None
    closing = "".join(f"</{tag}>" for tag in reversed(open_tags)).encode("ascii", "ignore")
    # The head must end between tags, not inside a comment, CDATA section or processing
    # instruction that happens to hold "<Child": closed, it must be a whole document.
    try:
        etree.fromstring(head + closing, etree.XMLParser(**_SAFE))
    except (etree.XMLSyntaxError, ValueError):
        return None
    return head, closing, found.group(1).decode("ascii")


def _cut(path: Path, size: int, head: int, child_tag: str) -> int | None:
    """Where the second half begins: the first start tag of a Child after the point that lets
    both halves end together."""
    seconds = size * SECONDS_PER_BYTE
    share = min(0.8, 0.5 + HELPER_START_SECONDS / (2 * seconds))
    at = max(head + 1, int(size * share))
    pattern = re.compile(b"<" + re.escape(child_tag.encode("ascii")) + rb"[\s/>]")
    with path.open("rb") as file:
        file.seek(at)
        window = file.read(WINDOW)
    found = pattern.search(window)
    return None if found is None else at + found.start()


def read_in_halves(path: Path, name: str, smallest: int | None = None) -> Census | None:
    """The census read in two halves at once, or None where it cannot be (then read it whole).
    Files under `smallest` bytes (SMALLEST unless given) are read whole."""
    try:
        size = path.stat().st_size
        if size < (SMALLEST if smallest is None else smallest) or _capped():
            return None
        found = _head(path)
        if found is None:
            return None
        head, closing, child_tag = found
        cut = _cut(path, size, len(head), child_tag)
        if cut is None:
            return None
        with tempfile.TemporaryDirectory(prefix="sightline-census-half-") as out:
            helper = _start_helper(path, len(head), cut, Path(out))
            try:
                first = _first_half(path, name, cut, closing)
                done = helper.wait()
            finally:
                if helper.poll() is None:
                    helper.kill()
                    helper.wait()
            if done != 0 or first is None:
                return None
            census, reader, newlines = first
            # The helper's lines are shifted by the lines between the head and the cut.
            return _joined(census, reader, Path(out), newlines - head.count(b"\n"))
    except Exception:  # any fault here: the whole read decides, errors and all
        return None


def _capped() -> bool:
    """A process whose memory is capped (a job's, `sightline.jobs.child`) reads whole: a helper
    would have a cap of its own, and the job could take twice what it is allowed."""
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    return soft != resource.RLIM_INFINITY


def _first_half(
    path: Path, name: str, cut: int, closing: bytes
) -> tuple[Census, CensusReader, int] | None:
    """The first half read here: its census, its reader, and the newlines it passed."""
    reader = CensusReader(name)
    stream = _Stream(path, 0, cut, b"", closing)
    try:
        problems = parse(reader, stream)
    finally:
        stream.close()
    if problems:
        return None
    return reader.census(), reader, stream.newlines


def _start_helper(path: Path, head: int, cut: int, out: Path) -> subprocess.Popen[bytes]:
    package_root = str(Path(__file__).resolve().parents[3])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    command = [sys.executable, "-m", "sightline.rules.cin._halves", str(path), str(head), str(cut)]
    return subprocess.Popen(
        [*command, str(out)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _joined(first: Census, reader: CensusReader, out: Path, lines_before: int) -> Census | None:
    """The first half's tables with the helper's after them: its children numbered on, its lines
    shifted by the lines between the head and the cut."""
    second = {m: _read_table(out / f"{m}.arrow") for m in MODULES if m != "Header"}
    seen = reader.seen
    ids = second["ChildIdentifiers"].column("LAchildID")
    if seen and pc.any(pc.is_in(ids, value_set=pa.array(list(seen), pa.string()))).as_py():
        return None  # a child in both halves: its records join up only in a whole read
    children = pa.scalar(reader.n, pa.int32())
    lines = pa.scalar(lines_before, pa.int32())
    tables = dict(first.tables)
    for module, table in second.items():
        for i, column in enumerate(table.column_names):
            if column == "_child":
                shift = children
            elif column.startswith("_line"):
                shift = lines
            else:
                continue
            table = table.set_column(i, column, pc.add(table.column(i), shift))
        tables[module] = pa.concat_tables([first.tables[module], table]).combine_chunks()
    return Census(
        first.file, tables, year=first.year, reference_date=first.reference_date, problems=[]
    )


def _read_table(path: Path) -> pa.Table:
    with pa.memory_map(str(path)) as source:
        return pa.ipc.open_file(source).read_all()


def _helper(path: Path, head: int, cut: int, out: Path) -> int:
    """In the helper: read the second half after the file's head, write its tables."""
    with path.open("rb") as file:
        before = file.read(head)
    reader = CensusReader(path.name)
    stream = _Stream(path, cut, path.stat().st_size, before, b"")
    try:
        problems = parse(reader, stream)
    finally:
        stream.close()
    if problems:
        return 3
    for module, table in reader.tables().items():
        if module == "Header":
            continue
        written = str(out / f"{module}.arrow")
        with pa.OSFile(written, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
    return 0


if __name__ == "__main__":
    given, head_bytes, cut_at, folder = sys.argv[1:5]
    sys.exit(_helper(Path(given), int(head_bytes), int(cut_at), Path(folder)))
