"""The CIN census as the file writes it: one table per XML module, for the DfE's validation rules.

The DfE writes its CIN rules against the XML modules and elements (`<CPPendDate>` of a
`<ChildProtectionPlans>` group), and an analyst fixes what a finding names in those terms, so the
rules run on tables shaped like the file rather than on the canonical tables (which drop what a
rule must see: a second child with the same ID, a repeated disability, a value that is not a code).

Every value is kept as written (trimmed; empty counts as absent). Each row carries its position
(`_child`, `_cin`, `_k`, `_r`: the n-th Child, CINdetails, group within it, review) and the line
of its module element (`_line`); each element's own line is `_line_<Element>`. `register` puts the
tables on a DuckDB connection with typed views (dates as DATE, 0/1/true/false as BOOLEAN) and wide
views that carry the parent CINdetails' and the child's items, so most rules read one view.
"""

from __future__ import annotations

import gc
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from lxml import etree

# Module -> its simple elements, in the order the schema gives them. `Ethnicity` is the one item of
# ChildCharacteristics; it sits on the child's row (module named in FIELD_MODULE).
MODULES: dict[str, tuple[str, ...]] = {
    "Header": ("Collection", "Year", "ReferenceDate", "SourceLevel", "LEA"),
    "ChildIdentifiers": (
        "LAchildID",
        "UPN",
        "FormerUPN",
        "UPNunknown",
        "PersonBirthDate",
        "ExpectedPersonBirthDate",
        "GenderCurrent",
        "Sex",
        "PersonDeathDate",
        "Ethnicity",
    ),
    "Disabilities": ("Disability",),
    "CINdetails": (
        "CINreferralDate",
        "ReferralSource",
        "PrimaryNeedCode",
        "CINclosureDate",
        "ReasonForClosure",
        "DateOfInitialCPC",
        "ReferralNFA",
    ),
    "Assessments": (
        "AssessmentActualStartDate",
        "AssessmentInternalReviewDate",
        "AssessmentAuthorisationDate",
    ),
    "AssessmentFactors": ("AssessmentFactors",),
    "CINplanDates": ("CINPlanStartDate", "CINPlanEndDate"),
    "Section47": ("S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"),
    "ChildProtectionPlans": (
        "CPPstartDate",
        "CPPendDate",
        "InitialCategoryOfAbuse",
        "LatestCategoryOfAbuse",
        "NumberOfPreviousCPP",
    ),
    "Reviews": ("CPPreviewDate",),
    # From the 2026/27 census: pre-proceedings and family group decision-making, in CINdetails.
    "PreProceedingsandFGDM": (
        "PPStartDate",
        "LBPSentDate",
        "FGDMMeetingOffer",
        "FGDMMeetingFac",
        "InitialPPMeetingDate",
        "ReviewMeetingsCount",
        "StepDecisionDate",
        "PPOutcome",
        "CourtAppDate",
        "LetterInitCPDate",
    ),
}
KEYS: dict[str, tuple[str, ...]] = {
    "Header": (),
    "ChildIdentifiers": ("_child",),
    "Disabilities": ("_child", "_k"),
    "CINdetails": ("_child", "_cin"),
    "Assessments": ("_child", "_cin", "_k"),
    "AssessmentFactors": ("_child", "_cin", "_k", "_f"),
    "CINplanDates": ("_child", "_cin", "_k"),
    "Section47": ("_child", "_cin", "_k"),
    "ChildProtectionPlans": ("_child", "_cin", "_k"),
    "Reviews": ("_child", "_cin", "_k", "_r"),
    "PreProceedingsandFGDM": ("_child", "_cin", "_k"),
}
DATES = frozenset(
    {
        "ReferenceDate",
        "PersonBirthDate",
        "ExpectedPersonBirthDate",
        "PersonDeathDate",
        "CINreferralDate",
        "CINclosureDate",
        "DateOfInitialCPC",
        "AssessmentActualStartDate",
        "AssessmentInternalReviewDate",
        "AssessmentAuthorisationDate",
        "CINPlanStartDate",
        "CINPlanEndDate",
        "S47ActualStartDate",
        "InitialCPCtarget",
        "CPPstartDate",
        "CPPendDate",
        "CPPreviewDate",
        "PPStartDate",
        "LBPSentDate",
        "InitialPPMeetingDate",
        "StepDecisionDate",
        "CourtAppDate",
        "LetterInitCPDate",
    }
)
BOOLEANS = frozenset({"ReferralNFA", "ICPCnotRequired", "FGDMMeetingOffer", "FGDMMeetingFac"})

# The module an element is written in, as the file writes it (what a finding names).
FIELD_MODULE = {f: m for m, fields in MODULES.items() for f in fields} | {
    "Ethnicity": "ChildCharacteristics",
    "Disability": "Disabilities",
    "AssessmentFactors": "FactorsIdentifiedAtAssessment",
    "CPPreviewDate": "Reviews",
    "DateOfInitialCPC": "CINdetails",  # the Section47 one is named by rules on Section47
}


def table_columns(module: str) -> list[str]:
    fields = MODULES[module]
    return [*KEYS[module], "LAchildID", "_line", *fields, *(f"_line_{f}" for f in fields)]


def _schema(module: str) -> pa.Schema:
    columns = []
    for name in dict.fromkeys(table_columns(module)):
        kind = pa.int32() if name.startswith("_") else pa.string()
        columns.append(pa.field(name, kind))
    return pa.schema(columns)


@dataclass
class Census:
    """One CIN census file as module tables, and what the rules need to know about it."""

    file: str
    tables: dict[str, pa.Table]
    year: int | None = None  # collection year: the year of 31 March it ends on
    reference_date: date | None = None
    problems: list[str] = field(default_factory=list)  # why the file could not be read at all

    @property
    def children(self) -> int:
        return self.tables["ChildIdentifiers"].num_rows


_LOCAL_NAMES: dict[Any, str | None] = {}


def _local(tag: Any) -> str | None:
    """An element's name without its namespace; None for comments and processing instructions.
    Remembered per tag: a census repeats the same few dozen tags millions of times."""
    try:
        return _LOCAL_NAMES[tag]
    except KeyError:
        name = tag.rpartition("}")[2] if isinstance(tag, str) else None
        _LOCAL_NAMES[tag] = name
        return name


# Per module: where each field sits among its fields; a row's LAchildID is written once (the
# ChildIdentifiers' own LAchildID field, first of its fields, is not repeated as a value).
_FIELD_INDEX = {m: {f: i for i, f in enumerate(fields)} for m, fields in MODULES.items()}
_OWN_ID = {m: 1 if fields[0] == "LAchildID" else 0 for m, fields in MODULES.items()}
assert all("LAchildID" not in fields[_OWN_ID[m] :] for m, fields in MODULES.items())
_UNSET: Any = object()


class _Columns:
    """Rows as tuples in the module's column order (one tuple a row, not a list append a value),
    turned into columns once, by `tables`."""

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple[Any, ...]]] = {m: [] for m in MODULES}

    def row(
        self,
        module: str,
        element: Any,
        keys: tuple[int, ...],
        child: str | None,
        items: list[Any] | None = None,
    ) -> None:
        """One row from an element's simple children (values as written, with their lines; the
        first of a repeated element counts)."""
        index = _FIELD_INDEX[module]
        names = _LOCAL_NAMES
        texts: list[str | None] = [None] * len(index)
        lines: list[Any] = [_UNSET] * len(index)
        for sub in element if items is None else items:
            tag = sub.tag
            i = index.get(names[tag] if tag in names else _local(tag))  # type: ignore[arg-type]
            if i is not None and lines[i] is _UNSET:
                text = sub.text
                if text is not None:
                    text = text.strip() or None
                texts[i] = text
                lines[i] = sub.sourceline
        self.rows[module].append(
            (
                *keys,
                child,
                element.sourceline,
                *texts[_OWN_ID[module] :],
                *[None if line is _UNSET else line for line in lines],
            )
        )

    def value(self, module: str, element: Any, keys: tuple[int, ...], child: str | None) -> None:
        """A repeated simple element (Disability, AssessmentFactors, CPPreviewDate) as a row."""
        text = element.text.strip() if element.text and len(element) == 0 else None
        line = element.sourceline
        self.rows[module].append((*keys, child, line, text or None, line))

    def tables(self) -> dict[str, pa.Table]:
        out = {}
        for m, rows in self.rows.items():
            schema = _schema(m)
            if not rows:
                out[m] = schema.empty_table()
                continue
            columns = zip(*rows, strict=True)
            out[m] = pa.table(dict(zip(schema.names, map(list, columns), strict=True)), schema)
        return out


def _child(columns: _Columns, element: Any, n: int, seen: dict[str, tuple[int, int]]) -> None:
    """One Child. A child ID written twice is one child to the rules that look across a child's
    records (as the DfE counts children by LAchildID): both records share its number, and the
    second's CINdetails follow the first's. Rule 8510 reports the repeat."""
    ids = None
    characteristics = []
    details = []
    for block in element:
        name = _local(block.tag)
        if name == "ChildIdentifiers":
            if ids is None:
                ids = block
        elif name == "ChildCharacteristics":
            characteristics.append(block)
        elif name == "CINdetails":
            details.append(block)
    child: str | None = None
    if ids is not None:
        for sub in ids:
            if _local(sub.tag) == "LAchildID":
                child = (sub.text or "").strip() or None
    first = 0
    if child is not None and child in seen:
        n, first = seen[child]
    keys = (n,)
    # ChildIdentifiers with the child's Ethnicity (ChildCharacteristics) on the same row.
    items = list(ids) if ids is not None else []
    for block in characteristics:
        for sub in block:
            sub_name = _local(sub.tag)
            if sub_name == "Ethnicity":
                items.append(sub)
            elif sub_name == "Disabilities":
                for k, item in enumerate(sub, start=1):
                    if _local(item.tag) == "Disability":
                        columns.value("Disabilities", item, (n, k), child)
    columns.row("ChildIdentifiers", ids if ids is not None else element, keys, child, items)
    c = first
    for block in details:
        c += 1
        _details(columns, block, (n, c), child)
    if child is not None:
        seen[child] = (n, c)


_DETAIL_GROUPS = {
    "Assessments": "Assessments",
    "CINPlanDates": "CINplanDates",
    "Section47": "Section47",
    "ChildProtectionPlans": "ChildProtectionPlans",
    "PreProceedingsandFGDM": "PreProceedingsandFGDM",
}


def _details(columns: _Columns, element: Any, keys: tuple[int, int], child: str | None) -> None:
    columns.row("CINdetails", element, keys, child)
    counts: dict[str, int] = {}
    for block in element:
        name = _local(block.tag)
        module = _DETAIL_GROUPS.get(name)  # type: ignore[arg-type]
        if module is None:
            continue
        k = counts[module] = counts.get(module, 0) + 1
        group = (*keys, k)
        columns.row(module, block, group, child)
        if module == "Assessments":
            for sub in block:
                if _local(sub.tag) == "FactorsIdentifiedAtAssessment":
                    for f, item in enumerate(sub, start=1):
                        if _local(item.tag) == "AssessmentFactors":
                            columns.value("AssessmentFactors", item, (*group, f), child)
        elif module == "ChildProtectionPlans":
            for sub in block:
                if _local(sub.tag) != "Reviews":
                    continue
                dates = [i for i in sub if _local(i.tag) == "CPPreviewDate"]
                for r, item in enumerate(dates or [sub], start=1):
                    # A Reviews group with no date is a row with none (rule 8842Q).
                    columns.value("Reviews", item, (*group, r), child)


class CensusReader:
    """The module tables built element by element, for a parse that reads the file for other
    ends too (the importer reads a census once, for its canonical tables and for the rules):
    give it the Header and each Child as the parse ends them, before they are cleared."""

    CHUNK = 20_000  # children kept as Python lists before they go to Arrow (memory stays low)

    def __init__(self, file: str) -> None:
        self.file = file
        self.columns = _Columns()
        self.parts: list[dict[str, pa.Table]] = []
        self.header_values: dict[str, str] = {}
        self.n = 0
        self.seen: dict[str, tuple[int, int]] = {}

    def header(self, element: Any) -> None:
        for sub in element.iter():
            local = _local(sub.tag)
            if local and sub.text and sub.text.strip():
                self.header_values.setdefault(local, sub.text.strip())
        self.columns.row("Header", element, (), None, list(element.iter()))

    def child(self, element: Any) -> None:
        self.n += 1
        _child(self.columns, element, self.n, self.seen)
        if self.n % self.CHUNK == 0:
            self.parts.append(self.columns.tables())
            self.columns = _Columns()

    def tables(self) -> dict[str, pa.Table]:
        parts = [*self.parts, self.columns.tables()]
        if len(parts) == 1:
            return parts[0]
        return {m: pa.concat_tables([p[m] for p in parts]).combine_chunks() for m in MODULES}

    def census(self, problems: list[str] | None = None) -> Census:
        census = Census(self.file, self.tables(), problems=list(problems or []))
        year = self.header_values.get("Year", "")
        census.year = int(year) if year.isdigit() and len(year) == 4 else None
        census.reference_date = _iso(self.header_values.get("ReferenceDate"))
        return census


def read_census(source: Path | bytes, name: str | None = None) -> Census:
    """Read a CIN census file into module tables; a file that is not readable XML gives a Census
    with no children and the reason in `problems` (the importer reports it in its own words).
    (`validate_cin` reads a large file in two halves at once where it can: `_halves`.)"""
    file = name or (source.name if isinstance(source, Path) else "upload.xml")
    reader = CensusReader(file)
    stream: Any = str(source) if isinstance(source, Path) else io.BytesIO(source)
    return reader.census(parse(reader, stream))


def parse(reader: CensusReader, stream: Any) -> list[str]:
    """Give the reader the file's Header and each Child as the parse ends them (each Child cleared
    once read, so memory stays flat); what stopped the parse, if anything, is returned."""
    problems: list[str] = []
    collecting = gc.isenabled()
    gc.disable()  # millions of small objects, no cycles (as in the importer's reader)
    try:
        for _event, element in etree.iterparse(
            stream,
            events=("end",),
            tag=("{*}Header", "{*}Child"),
            huge_tree=True,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
        ):
            if _local(element.tag) == "Header":
                reader.header(element)
                continue
            reader.child(element)
            element.clear(keep_tail=True)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
    except (etree.XMLSyntaxError, OSError) as error:
        problems.append(str(error))
    finally:
        if collecting:
            gc.enable()
    return problems


def _iso(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def empty_tables() -> dict[str, pa.Table]:
    return {m: _schema(m).empty_table() for m in MODULES}


def tables_from_rows(rows: dict[str, list[dict[str, Any]]]) -> dict[str, pa.Table]:
    """Module tables from rows (a rule's case): values as text, keys default to the first child."""
    tables = empty_tables()
    rows = _with_parents(rows)
    for module, items in rows.items():
        schema = _schema(module)
        data: dict[str, list[Any]] = {c: [] for c in schema.names}
        for item in items:
            for column in schema.names:
                value = item.get(column)
                if column in KEYS[module] and value is None:
                    value = 1
                elif column == "_line" and value is None:
                    value = 0
                elif value is not None and not column.startswith("_"):
                    value = _text(value)
                data[column].append(value)
        tables[module] = pa.table(data, schema=schema)
    return tables


def _with_parents(rows: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """A group always sits in a CINdetails of a Child, as in a file: add the ones a case leaves
    out (with no items)."""
    rows = {m: list(items) for m, items in rows.items()}
    children = {
        (r.get("_child") or 1,) for m, items in rows.items() if m != "Header" for r in items
    }
    details = {
        (r.get("_child") or 1, r.get("_cin") or 1)
        for m, items in rows.items()
        if "_cin" in KEYS[m] and m != "CINdetails"
        for r in items
    }
    have_children = {(r.get("_child") or 1,) for r in rows.get("ChildIdentifiers", [])}
    have_details = {(r.get("_child") or 1, r.get("_cin") or 1) for r in rows.get("CINdetails", [])}
    for (child,) in sorted(children - have_children):
        rows.setdefault("ChildIdentifiers", []).append({"_child": child})
    for child, cin in sorted(details - have_details):
        rows.setdefault("CINdetails", []).append({"_child": child, "_cin": cin})
    return rows


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# -- On a connection -----------------------------------------------------------------------------
def _typed(name: str) -> str:
    if name in DATES:
        # Dates must be YYYY-MM-DD; anything else is no date (the reader reports the format).
        return f'TRY_CAST(TRY_STRPTIME("{name}", \'%Y-%m-%d\') AS DATE) AS "{name}"'
    if name in BOOLEANS:
        return (
            f"CASE WHEN lower(\"{name}\") IN ('1', 'true') THEN true "
            f"WHEN lower(\"{name}\") IN ('0', 'false') THEN false END AS \"{name}\""
        )
    return f'"{name}"'


def _view(module: str) -> str:
    columns = []
    for name in dict.fromkeys(table_columns(module)):
        if name in MODULES[module] and name != "LAchildID":
            columns.append(_typed(name))
            columns.append(f'"{name}" AS "{name}_text"')
        else:
            columns.append(f'"{name}"')
    if module == "ChildIdentifiers":
        columns.append('"LAchildID" AS "LAchildID_text"')
    return f'CREATE TEMP TABLE "{module}" AS SELECT {", ".join(columns)} FROM "raw_{module}"'


# The child's and the CINdetails' items a rule on a group compares with (no name clashes but
# DateOfInitialCPC, which a group view exposes as CINdetails_DateOfInitialCPC).
_CHILD_ITEMS = (
    "PersonBirthDate",
    "ExpectedPersonBirthDate",
    "PersonDeathDate",
    "UPNunknown",
)
_DETAIL_ITEMS = (
    "CINreferralDate",
    "CINclosureDate",
    "ReasonForClosure",
    "ReferralNFA",
)


# What hangs off each CINdetails, summarised once so rules compare columns, not subqueries.
_PER_DETAIL = """
    CREATE TEMP TABLE "per_detail" AS SELECT d._child, d._cin,
        coalesce(a.n, 0) AS n_assessments, a.last_start AS assessments_last_start,
        a.last_auth AS assessments_last_auth, coalesce(a.dated, false) AS assessments_dated,
        coalesce(s.n, 0) AS n_section47, s.last_start AS section47_last_start,
        s.last_icpc AS section47_last_icpc, coalesce(s.dated, false) AS section47_dated,
        coalesce(p.n, 0) AS n_cp_plans, p.last_end AS cp_plans_last_end,
        coalesce(p.open, 0) AS open_cp_plans,
        coalesce(c.n, 0) AS n_cin_plans, c.last_start AS cin_plans_last_start,
        c.last_end AS cin_plans_last_end
    FROM "CINdetails" d
    LEFT JOIN (SELECT _child, _cin, count(*) AS n, max("AssessmentActualStartDate") AS last_start,
                      max("AssessmentAuthorisationDate") AS last_auth,
                      bool_or("AssessmentActualStartDate" IS NOT NULL
                              OR "AssessmentAuthorisationDate" IS NOT NULL) AS dated
               FROM "Assessments" GROUP BY ALL) a USING (_child, _cin)
    LEFT JOIN (SELECT _child, _cin, count(*) AS n, max("S47ActualStartDate") AS last_start,
                      max("DateOfInitialCPC") AS last_icpc,
                      bool_or("S47ActualStartDate" IS NOT NULL
                              OR "DateOfInitialCPC" IS NOT NULL) AS dated
               FROM "Section47" GROUP BY ALL) s USING (_child, _cin)
    LEFT JOIN (SELECT _child, _cin, count(*) AS n, max("CPPendDate") AS last_end,
                      count(*) FILTER (WHERE "CPPendDate_text" IS NULL) AS open
               FROM "ChildProtectionPlans" GROUP BY ALL) p USING (_child, _cin)
    LEFT JOIN (SELECT _child, _cin, count(*) AS n, max("CINPlanStartDate") AS last_start,
                      max("CINPlanEndDate") AS last_end
               FROM "CINplanDates" GROUP BY ALL) c USING (_child, _cin)"""
# The factors identified at each assessment (a code of the year's list, or not).
_PER_ASSESSMENT = """
    CREATE TEMP TABLE "per_assessment" AS SELECT _child, _cin, _k,
        count("AssessmentFactors_text") AS n_factors,
        bool_or("AssessmentFactors_text" = '21') AS factor_21,
        count(*) FILTER (WHERE "AssessmentFactors_text" IS NOT NULL
                         AND NOT is_code('AssessmentFactors', "AssessmentFactors_text")) AS bad_factors
    FROM "AssessmentFactors" GROUP BY ALL"""
# And per child: its CINdetails and disabilities.
_PER_CHILD = """
    CREATE TEMP TABLE "per_child" AS SELECT i._child,
        coalesce(d.n, 0) AS n_cin_details, coalesce(d.further_action, false) AS further_action,
        coalesce(d.all_nfa, false) AS all_nfa, d.last_referral,
        coalesce(x.n, 0) AS n_disabilities
    FROM "child_once" i
    LEFT JOIN (SELECT _child, count(*) AS n, bool_or("ReferralNFA" = false) AS further_action,
                      bool_and(coalesce("ReferralNFA", false)) AS all_nfa,
                      max("CINreferralDate") AS last_referral
               FROM "CINdetails" GROUP BY ALL) d USING (_child)
    LEFT JOIN (SELECT _child, count(*) AS n FROM "Disabilities"
               WHERE "Disability_text" IS NOT NULL GROUP BY ALL) x USING (_child)"""


def _wide(module: str) -> str:
    child = ", ".join(f'i."{c}"' for c in _CHILD_ITEMS)
    detail = ", ".join(f'd."{c}"' for c in _DETAIL_ITEMS)
    if module == "Assessments":
        return (
            f'CREATE TEMP TABLE "w_Assessments" AS SELECT m.*, {detail}, '
            f"{child}, s.* EXCLUDE (_child, _cin), "
            "coalesce(f.n_factors, 0) AS n_factors, coalesce(f.factor_21, false) AS factor_21, "
            "coalesce(f.bad_factors, 0) AS bad_factors "
            'FROM "Assessments" m LEFT JOIN "CINdetails" d USING (_child, _cin) '
            'LEFT JOIN "child_once" i USING (_child) '
            'LEFT JOIN "per_detail" s USING (_child, _cin) '
            'LEFT JOIN "per_assessment" f USING (_child, _cin, _k)'
        )
    if module == "CINdetails":
        return (
            f'CREATE TEMP TABLE "w_CINdetails" AS SELECT m.*, {child}, s.* EXCLUDE (_child, _cin), '
            'c.last_referral FROM "CINdetails" m '
            'LEFT JOIN "child_once" i USING (_child) '
            'LEFT JOIN "per_detail" s USING (_child, _cin) LEFT JOIN "per_child" c USING (_child)'
        )
    return (
        f'CREATE TEMP TABLE "w_{module}" AS SELECT m.*, {detail}, '
        f'd."DateOfInitialCPC" AS "CINdetails_DateOfInitialCPC", {child}, '
        "s.* EXCLUDE (_child, _cin) "
        f'FROM "{module}" m LEFT JOIN "CINdetails" d USING (_child, _cin) '
        'LEFT JOIN "child_once" i USING (_child) '
        'LEFT JOIN "per_detail" s USING (_child, _cin)'
    )


def register(
    connection: duckdb.DuckDBPyConnection, tables: dict[str, pa.Table], reference: date
) -> None:
    """The module tables, typed and widened once (materialised: every rule reads them), and the
    census period, on one connection."""
    start = period_start(reference)
    connection.execute(f"CREATE MACRO reference_date() AS DATE '{reference.isoformat()}'")
    connection.execute(f"CREATE MACRO period_start() AS DATE '{start.isoformat()}'")
    for module in MODULES:
        connection.register(f"raw_{module}", tables.get(module, _schema(module).empty_table()))
        connection.execute(_view(module))
    # A child written twice: the child-level items of its first record. Repeats are rare, so
    # only their rows are ordered (a window over every child cost three times as much).
    connection.execute(
        'CREATE TEMP TABLE "child_once" AS '
        'WITH repeated AS (SELECT _child FROM "ChildIdentifiers" GROUP BY _child '
        "HAVING count(*) > 1) "
        'SELECT * FROM "ChildIdentifiers" WHERE _child NOT IN (FROM repeated) '
        'UNION ALL (SELECT * FROM "ChildIdentifiers" WHERE _child IN (FROM repeated) '
        "QUALIFY row_number() OVER (PARTITION BY _child ORDER BY _line) = 1)"
    )
    connection.execute(_PER_DETAIL)
    connection.execute(_PER_CHILD)
    connection.execute(
        "CREATE MACRO IF NOT EXISTS is_code(element_name, value) AS "
        "value IN (SELECT code FROM cin_codes WHERE element = element_name)"
    )
    connection.execute(_PER_ASSESSMENT)
    for module in ("Header", "Disabilities", "AssessmentFactors"):
        connection.execute(f'CREATE TEMP TABLE "w_{module}" AS SELECT * FROM "{module}"')
    connection.execute(
        'CREATE TEMP TABLE "w_ChildIdentifiers" AS SELECT m.*, c.* EXCLUDE (_child) '
        'FROM "ChildIdentifiers" m LEFT JOIN "per_child" c USING (_child)'
    )
    for module in (
        "CINdetails",
        "Assessments",
        "CINplanDates",
        "Section47",
        "ChildProtectionPlans",
        "PreProceedingsandFGDM",
    ):
        connection.execute(_wide(module))
    connection.execute(
        'CREATE TEMP TABLE "w_Reviews" AS SELECT r.*, p."CPPstartDate", p."CPPendDate", '
        'd."CINclosureDate" FROM "Reviews" r '
        'LEFT JOIN "ChildProtectionPlans" p USING (_child, _cin, _k) '
        'LEFT JOIN "CINdetails" d USING (_child, _cin)'
    )


def period_start(reference: date) -> date:
    """[Start_Of_Census_Year]: the day after the reference date a year before (1 April)."""
    try:
        return reference.replace(year=reference.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        return reference.replace(year=reference.year - 1, day=28) + timedelta(days=1)
