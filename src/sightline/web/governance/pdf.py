"""A board pack as a PDF (fpdf2, core fonts): the same content as the page, from the stored pack."""

from __future__ import annotations

from fpdf import FPDF

from sightline.web.core.templatetags.sightline import council_name
from sightline.web.governance.models import BoardPack

# The core PDF fonts are Latin-1: replace the few typographic characters the content may hold.
_PLAIN = str.maketrans(
    {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "£": "GBP "}
)
RAG_WORDS = {
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "complete": "Complete",
    "unevidenced": "No evidence yet",
    "": "-",
}


def _text(value) -> str:
    if value is None or value == "":
        text = "-"
    elif isinstance(value, float):  # as the pages show figures: whole numbers without decimals
        text = f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
    else:
        text = str(value)
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def _mark(value, derived: bool | None) -> str:
    """A benchmark figure, marked "(d)" when derived rather than published."""
    text = _text(value)
    return f"{text} (d)" if derived and value is not None else text


class _Pack(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 6, _text(self.footer_text + f"  Page {self.page_no()}"), align="C")


def render(pack: BoardPack, include_children: bool, content: dict | None = None) -> bytes:
    """The PDF of `content`: the pack as rendered for its reader (packs.for_reader)."""
    c = pack.content if content is None else content
    pdf = _Pack(orientation="landscape", format="A4")
    # The footer names the pack, not every snapshot: the full list is on the first page, and a
    # council with several years of returns has more than a footer line can hold.
    count = len(c["snapshot_ids"])
    pdf.footer_text = (
        f"{c['title']}. Generated {c['generated_on']} from {count} snapshot{'s' if count != 1 else ''}"
        " (listed on page 1)."
    )
    pdf.set_title(_text(c["title"]))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(0, 9, _text(c["title"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    lines = [
        f"Meeting: {c['meeting']}. Pack generated {c['generated_on']} for council "
        f"{council_name(c['council'])}.",
        f"Snapshots: {', '.join(c['snapshot_ids']) or 'none imported'}.",
        "Aggregate figures only."
        if c["aggregate_only"]
        else "Officers' pack: may name children behind red measures.",
    ]
    for line in lines:
        pdf.multi_cell(0, 5, _text(line), new_x="LMARGIN", new_y="NEXT")
    _heading(pdf, "Indicators: trend against target and neighbours")
    years = [str(y) for y in c["years"]]
    _table(
        pdf,
        ["Indicator", *years, "Target", "RAG", "England", "Neighbours"],
        [
            [
                "; ".join(
                    t
                    for t in (
                        i["name"],
                        i.get("note", ""),
                        (f"neighbours: {i['neighbours_note']}" if i.get("neighbours_note") else ""),
                    )
                    if t
                ),
                *i["values"],
                i["target"],
                RAG_WORDS.get(i["rag"], i["rag"]),
                _mark(i["england"], i.get("derived")),
                _mark(i["neighbours"], i.get("derived")),
            ]
            for i in c["indicators"]
        ],
        first=90,
    )
    if c.get("derived_note"):  # the core fonts have no dagger: "(d)" marks a derived figure
        note = c["derived_note"].replace("\u2020", "(d)")
        pdf.multi_cell(0, 5, _text(note), new_x="LMARGIN", new_y="NEXT")
    if c.get("suppression_note"):
        pdf.multi_cell(0, 5, _text(c["suppression_note"]), new_x="LMARGIN", new_y="NEXT")
    _heading(pdf, f"Plan progress by theme and lead ({c['framework'] or 'no framework'})")
    _table(
        pdf,
        ["Theme", "Lead", "RAG", "Actions", "Complete", "Overdue"],
        [
            [
                t["title"],
                t["lead"],
                (t.get("rag_label") or RAG_WORDS.get(t["rag"], t["rag"]))
                + (" (override)" if t["overridden"] else ""),
                t["actions"],
                t["complete"],
                t["overdue"],
            ]
            for t in c["themes"]
        ],
        first=95,
    )
    _heading(pdf, "Overdue actions")
    _table(
        pdf,
        ["Action", "Owner", "Due", "Theme"],
        [[a["title"], a["owner"], a["due"], a["theme"]] for a in c["overdue"]],
        first=100,
    )
    _heading(pdf, "Open recommendations")
    _table(
        pdf,
        ["Ref", "Source", "Recommendation", "Actions"],
        [[r["reference"], r["source"], r["text"], r["actions"]] for r in c["recommendations"]],
        first=20,
    )
    _heading(pdf, "Challenges from earlier meetings awaiting an answer")
    _table(
        pdf,
        ["Raised", "By", "To", "Challenge"],
        [
            [ch["meeting"], ch["raised_by"], ch["directed_to"], ch["question"]]
            for ch in c.get("open_challenges", [])  # packs generated before this was added
        ],
        first=22,
    )
    if include_children and c.get("children"):
        _heading(pdf, "Children behind red measures (officers only)")
        for group in c["children"]:
            more = f" and {group['more']} more" if group["more"] else ""
            pdf.multi_cell(
                0,
                5,
                _text(
                    f"{group['indicator']} ({group['year']}): {', '.join(group['child_ids'])}{more}"
                ),
                new_x="LMARGIN",
                new_y="NEXT",
            )
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 13)
    pdf.multi_cell(0, 7, _text(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=8)


def _table(pdf: FPDF, header: list[str], rows: list[list], first: float) -> None:
    if not rows:
        pdf.multi_cell(0, 5, "None.", new_x="LMARGIN", new_y="NEXT")
        return
    rest = (pdf.epw - first) / max(1, len(header) - 1)
    widths = (first, *([rest] * (len(header) - 1)))
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=4.5) as table:
        table.row([_text(h) for h in header])
        for row in rows:
            table.row([_text(v) for v in row])
