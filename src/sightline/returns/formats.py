"""Return formats: the one way in for every kind of file Sightline reads.

A format is a `ReturnFormat` subclass in `sightline/returns/<package>/format.py`, decorated with
`@register`. It says how to recognise its files from their first bytes (`detect`), how to read them
into canonical tables (`read`), the period a collection year covers (`period`), and which writer the
synthetic generator uses to write it (`writer`). The importer, the dataset and the benchmarks ask
this registry; none of them names a format. Format modules are found by walking the `returns`
package, not listed: adding a format is adding one module.

A return may come in several formats (the 903 as CSV tables or as XML): each is its own
`ReturnFormat` with the same `return_`.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import Any, ClassVar

from sightline.problems import Problems
from sightline.returns.reading import ReadResult, decode, header_of

HEAD_BYTES = 65536
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary Excel (.xls) container
_ROOT = re.compile(rb"<\s*(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
# A DOCTYPE may carry an internal subset in brackets, with `>` inside it (entity declarations).
_SKIP = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>)\s*", re.S)


def xml_root(head: bytes) -> str | None:
    """The root element's local name; "" when it is XML that is not well-formed; None when the
    bytes are not XML at all."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not head.startswith(b"<"):
        return None
    position = 0
    while True:
        skipped = _SKIP.match(head, position)
        if not skipped or skipped.end() == position:
            break
        position = skipped.end()
    root = _ROOT.match(head, position)
    return root.group(1).decode("ascii", errors="replace") if root else ""


@dataclass(frozen=True)
class Sniff:
    """What detection may look at: the file's name and first bytes (never the name alone)."""

    path: Path
    head: bytes

    @property
    def is_zip(self) -> bool:
        return self.head.startswith(ZIP_MAGIC)

    @property
    def is_ole2(self) -> bool:
        return self.head.startswith(OLE2_MAGIC)

    @cached_property
    def xml_root(self) -> str | None:
        return None if self.is_zip or self.is_ole2 else xml_root(self.head)

    @cached_property
    def is_binary(self) -> bool:
        return b"\x00" in self.head[:4096] and not self.head.startswith((b"\xff\xfe", b"\xfe\xff"))

    @cached_property
    def csv_columns(self) -> list[str]:
        """The header row's column names, when the file is text that is not XML."""
        if self.is_zip or self.is_ole2 or self.xml_root is not None or self.is_binary:
            return []
        return header_of(decode(self.head, Problems("", self.path.name)))

    def xml_has(self, *tags: bytes) -> bool:
        """Whether any of these element names appear in the first bytes (e.g. a Collection)."""
        return any(b"<" + tag in self.head or b":" + tag in self.head for tag in tags)


class ReturnFormat(ABC):
    """One format of one return. Subclasses set the class attributes and `detect` and `read`."""

    name: ClassVar[str]  # the format, e.g. "ssda903_csv"
    return_: ClassVar[str]  # the return it holds, e.g. "ssda903"
    title: ClassVar[str]  # plain words for messages, e.g. "a 903 return (CSV tables)"
    together: ClassVar[bool] = False  # the files of one folder are one return (903 tables)
    order: ClassVar[int] = 50  # detection order: more specific formats first
    writer: ClassVar[Any] = None  # what the synthetic generator writes this format with
    # A case return lists children and its collection year ends on 31 March; the workforce census
    # (figures at 30 September) is not one, so it never sets the dataset's reference date.
    case_return: ClassVar[bool] = True

    @abstractmethod
    def detect(self, sniff: Sniff) -> bool:
        """Whether the file is in this format."""

    @abstractmethod
    def read(self, files: list[Path], year: int | None = None) -> ReadResult:
        """The canonical tables and problems of one return (one file, or a folder's files)."""

    def period(self, year: int) -> tuple[date, date]:
        """The period a collection year covers: the year to 31 March, unless the format says."""
        return date(year - 1, 4, 1), date(year, 3, 31)

    def reads_period_of(self, period_end: date) -> int:
        """The collection year whose period holds this date (the inverse of `period`)."""
        start, end = self.period(period_end.year)
        return period_end.year if start <= period_end <= end else period_end.year + 1


_REGISTRY: dict[str, ReturnFormat] = {}


def register(cls: type[ReturnFormat]) -> type[ReturnFormat]:
    """Register a format (once: a second format of the same name is a mistake)."""
    if cls.name in _REGISTRY and type(_REGISTRY[cls.name]) is not cls:
        raise ValueError(f"two return formats are called {cls.name!r}")
    _REGISTRY[cls.name] = cls()
    return cls


@cache
def _load() -> None:
    import sightline.returns as package

    for module in pkgutil.iter_modules(package.__path__):
        if module.ispkg:
            try:
                importlib.import_module(f"{package.__name__}.{module.name}.format")
            except ModuleNotFoundError as error:
                if error.name != f"{package.__name__}.{module.name}.format":
                    raise


def all_formats() -> list[ReturnFormat]:
    """Every registered format, in detection order."""
    _load()
    return sorted(_REGISTRY.values(), key=lambda f: (f.order, f.name))


def get(name: str) -> ReturnFormat:
    _load()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"no return format called {name!r}") from None


def returns() -> tuple[str, ...]:
    """The returns Sightline reads, each once, in a stable order."""
    seen: dict[str, None] = {}
    for f in sorted(all_formats(), key=lambda f: (f.order, f.name)):
        seen.setdefault(f.return_, None)
    return tuple(seen)


def for_return(return_: str) -> ReturnFormat:
    """The first format of a return (they share a period)."""
    for f in all_formats():
        if f.return_ == return_:
            return f
    raise KeyError(f"no return format reads {return_!r}")


def is_case_return(return_: str) -> bool:
    """Whether a return lists children, year to 31 March (returns with no format: yes)."""
    return all(f.case_return for f in all_formats() if f.return_ == return_)


def detect(sniff: Sniff) -> ReturnFormat | None:
    for f in all_formats():
        if f.detect(sniff):
            return f
    return None


def why_not(sniff: Sniff) -> str:
    """Plain words for a file no format recognises: what it looks like instead."""
    if sniff.is_zip:
        return "a zip file (or workbook) that holds no return Sightline reads"
    if sniff.is_ole2:
        return "an old-style Office file that is not an Annex A workbook"
    root = sniff.xml_root
    if root is not None:
        what = f"its root element is {root}" if root else "it is not well-formed"
        names = ", ".join(sorted({f.title for f in all_formats() if f.name.endswith("xml")}))
        return f"an XML file that is not one Sightline reads ({what}; it reads {names})"
    if sniff.is_binary:
        return "a binary file, not XML, CSV or an Excel workbook"
    return "not a return Sightline reads (" + ", ".join(f.title for f in all_formats()) + ")"
