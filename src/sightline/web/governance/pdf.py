"""A board pack as a PDF (fpdf2, core fonts): the same content as the page, from the stored pack."""

from __future__ import annotations

from itertools import pairwise

from fpdf import FPDF
from fpdf.fonts import FontFace

from sightline.web.core.columns import snapshot_words
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


RAG_FILL = {
    "red": (212, 53, 28),
    "amber": (255, 221, 0),
    "green": (0, 112, 60),
    "complete": (29, 112, 184),
}
RAG_INK = {"amber": (11, 12, 12)}


def render(pack: BoardPack, include_children: bool, content: dict | None = None) -> bytes:
    """The PDF of `content`: the pack as laid out for its reader (packs.for_reader, then
    packs.layout): a cover, the executive summary, the tables, the snapshots in an appendix."""
    from sightline.web.governance.packs import layout

    c = content if content is not None and "cover" in content else layout(content or pack.content)
    cover = c["cover"]
    pdf = _Pack(orientation="landscape", format="A4")
    pdf.footer_text = f"{c['title']}. Generated {cover['generated']}."
    pdf.set_title(_text(c["title"]))
    pdf.set_auto_page_break(True, margin=15)
    # The cover
    pdf.add_page()
    pdf.ln(30)
    pdf.set_font("Helvetica", "B", 26)
    pdf.multi_cell(0, 12, _text(cover["council"] or "No returns imported yet"), new_x="LMARGIN",
                   new_y="NEXT")  # fmt: skip
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 20)
    pdf.multi_cell(0, 10, _text(c["title"]), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Helvetica", size=14)
    where = f", {cover['location']}" if cover.get("location") else ""
    for line in (
        f"Meeting: {cover['meeting']}{where}",
        f"Pack generated {cover['generated']} from the council's returns",
        cover.get("indicator_set") and f"Indicators: {cover['indicator_set']}",
        "Aggregate figures only."
        if c["aggregate_only"]
        else "Officers' pack: may name children behind red measures.",
    ):
        if line:
            pdf.multi_cell(0, 8, _text(line), new_x="LMARGIN", new_y="NEXT")
    # The executive summary
    pdf.add_page()
    _heading(pdf, "Executive summary")
    pdf.set_font("Helvetica", size=11)
    for line in c["summary"]:
        pdf.multi_cell(0, 6, _text(f"- {line}"), new_x="LMARGIN", new_y="NEXT")
    _heading(pdf, "Indicators: trend against target and neighbours")
    _table(
        pdf,
        ["Indicator", *c["year_labels"], "Target", "RAG", "England", "Neighbours"],
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
                *i["cells"],
                i["target_text"],
                i["rag_label"],
                _mark(i["england_text"], i.get("derived") and i.get("england") is not None),
                _mark(i["neighbours_text"], i.get("derived") and i.get("neighbours") is not None),
            ]
            for i in c["indicators"]
        ],
        first=90,
        rag_column=len(c["year_labels"]) + 2,
        rags=[i.get("rag") or "" for i in c["indicators"]],
    )
    if c.get("derived_note"):  # the core fonts have no dagger: "(d)" marks a derived figure
        note = c["derived_note"].replace("\u2020", "(d)")
        pdf.multi_cell(0, 5, _text(note), new_x="LMARGIN", new_y="NEXT")
    if c.get("suppression_note"):
        pdf.multi_cell(0, 5, _text(c["suppression_note"]), new_x="LMARGIN", new_y="NEXT")
    _trends(pdf, c)
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
        rag_column=2,
        rags=[t.get("rag") or "" for t in c["themes"]],
    )
    _heading(pdf, "Overdue actions")
    _table(
        pdf,
        ["Action", "Owner", "Due", "Theme"],
        [[a["title"], a["owner"], a["due_text"], a["theme"]] for a in c["overdue"]],
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
            [ch["meeting_text"], ch["raised_by"], ch["directed_to"], ch["question"]]
            for ch in c.get("open_challenges", [])  # packs generated before this was added
        ],
        first=35,
    )
    if c.get("audits"):
        _audits(pdf, c["audits"], include_children)
    if include_children and c.get("children"):
        _heading(pdf, "Children behind red measures (officers only)")
        for group in c["children"]:
            more = f" and {group['more']} more" if group["more"] else ""
            pdf.multi_cell(
                0,
                5,
                _text(
                    f"{group['indicator']} (year to 31 March {group['year']}): "
                    f"{', '.join(group['child_ids'])}{more}"
                ),
                new_x="LMARGIN",
                new_y="NEXT",
            )
    _heading(pdf, "Appendix: the snapshots these figures come from")
    for snapshot_id in c["snapshot_ids"] or ["Snapshots: none imported."]:
        pdf.multi_cell(0, 5, _text(snapshot_words(snapshot_id)), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _trends(pdf: FPDF, c: dict) -> None:
    """A small line chart per indicator with two or more values shown (a year shown as c is
    left out), three to a row, each on its own scale from zero; the table above gives the values."""
    drawn = [
        (i, [v if isinstance(v, int | float) else None for v in i["values"]])
        for i in c["indicators"]
    ]
    drawn = [(i, values) for i, values in drawn if sum(v is not None for v in values) >= 2]
    if not drawn:
        return
    pdf.add_page()
    _heading(pdf, "Trends: each indicator on its own scale (values in the table)")
    width, height, gap = (pdf.epw - 2 * 8) / 3, 52.0, 8.0
    top = pdf.get_y() + 2
    for n, (indicator, values) in enumerate(drawn):
        column, row = n % 3, n // 3
        y = top + row * (height + gap)
        if y + height > pdf.h - 20:  # the next row would run into the footer
            pdf.add_page()
            top, y = pdf.get_y() + 2 - row * (height + gap), pdf.get_y() + 2
        _chart(pdf, pdf.l_margin + column * (width + 8), y, width, height, indicator, values,
               c["year_labels"])  # fmt: skip
    pdf.set_y(top + (len(drawn) - 1) // 3 * (height + gap) + height + 4)


def _chart(pdf: FPDF, x: float, y: float, w: float, h: float, indicator: dict, values, labels):
    pdf.set_font("Helvetica", "B", 8)
    pdf.set_xy(x, y)
    pdf.multi_cell(w, 3.5, _text(indicator["name"])[:90], new_x="LMARGIN", new_y="NEXT")
    numbers = [v for v in values if v is not None]
    high = max(numbers) or 1.0
    left, bottom = x + 12, y + h - 6
    plot_top = y + 10
    plot_w, plot_h = w - 14, bottom - plot_top

    def px(k: int) -> float:
        return left + (plot_w * k / (len(values) - 1) if len(values) > 1 else plot_w / 2)

    def py(v: float) -> float:
        return bottom - (v / high) * plot_h if high else bottom

    pdf.set_draw_color(177, 180, 182)
    pdf.set_line_width(0.2)
    pdf.line(left, bottom, left + plot_w, bottom)
    pdf.line(left, plot_top, left, bottom)
    pdf.set_font("Helvetica", size=6)
    suffix = {"percent": "%", "days": " d"}.get(indicator.get("unit", ""), "")
    pdf.text(x, plot_top + 1.5, _text(f"{high:,.0f}{suffix}"))
    pdf.text(x + 6, bottom + 0.5, "0")
    pdf.text(left - 2, bottom + 4, _text(labels[0]) if labels else "")
    pdf.text(left + plot_w - 8, bottom + 4, _text(labels[-1]) if labels else "")
    pdf.set_draw_color(29, 112, 184)
    pdf.set_fill_color(29, 112, 184)
    pdf.set_line_width(0.6)
    points = [(px(k), py(v)) for k, v in enumerate(values) if v is not None]
    for (x1, y1), (x2, y2) in pairwise(points):
        pdf.line(x1, y1, x2, y2)
    for cx, cy in points:
        pdf.ellipse(cx - 0.8, cy - 0.8, 1.6, 1.6, style="F")
    pdf.set_draw_color(0, 0, 0)
    pdf.set_fill_color(255, 255, 255)  # tables drawn after the charts are not filled
    pdf.set_line_width(0.2)


def _audits(pdf: FPDF, audits: dict, include_children: bool) -> None:
    """The QA board's audits: the share good or better by round, teams where paperwork and
    quality diverge, the grades beside Ofsted's judgements, and (officers) the children."""
    _heading(pdf, "Case audits: paperwork against reality")
    rounds = "; ".join(f"{r['title']}: {r['share']}" for r in audits.get("rounds", []))
    lines = [
        f"Good or better (moderated grades): {audits['good_or_better']}"
        + (f"; by round: {rounds}" if rounds else "")
        + ".",
        f"{audits['compliant_but_poor']} audited cases compliant on paper but graded below good.",
    ]
    for line in lines:
        pdf.multi_cell(0, 5, _text(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    _table(
        pdf,
        ["Team", "Audits", "Compliant on paper", "Good or better", "Gap (points)"],
        [
            [t["team"], t["cases"], f"{t['compliant']}%", f"{t['good']}%", t["gap"]]
            for t in audits.get("teams", [])
        ],
        first=90,
    )
    if audits.get("ofsted"):
        when = audits.get("inspected_text")
        _heading(pdf, "Audit grades beside Ofsted's judgements" + (f" ({when})" if when else ""))
        _table(
            pdf,
            [
                "Judgement area",
                "Ofsted",
                "Outstanding",
                "Good",
                "Requires improvement",
                "Inadequate",
            ],
            [[a["title"], a["judgement"], *a["counts"].values()] for a in audits["ofsted"]],
            first=110,
        )
        for a in audits["ofsted"]:
            pdf.multi_cell(0, 5, _text(f"- {a['words']}"), new_x="LMARGIN", new_y="NEXT")
    if include_children and audits.get("children"):
        pdf.multi_cell(
            0,
            5,
            _text(
                "Compliant on paper, graded below good (officers only): "
                + ", ".join(audits["children"])
            ),
            new_x="LMARGIN",
            new_y="NEXT",
        )


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 13)
    pdf.multi_cell(0, 7, _text(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=8)


def _table(
    pdf: FPDF,
    header: list[str],
    rows: list[list],
    first: float,
    rag_column: int | None = None,
    rags: list[str] | None = None,
) -> None:
    """A table; with `rag_column`, that column's cells are filled in their RAG colour."""
    if not rows:
        pdf.multi_cell(0, 5, "None.", new_x="LMARGIN", new_y="NEXT")
        return
    rest = (pdf.epw - first) / max(1, len(header) - 1)
    widths = (first, *([rest] * (len(header) - 1)))
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=4.5) as table:
        table.row([_text(h) for h in header])
        for n, row in enumerate(rows):
            line = table.row()
            for k, value in enumerate(row):
                rag = rags[n] if rags and k == rag_column else ""
                if rag in RAG_FILL:
                    style = FontFace(color=RAG_INK.get(rag, (255, 255, 255)), fill_color=RAG_FILL[rag],
                                     emphasis="BOLD")  # fmt: skip
                    line.cell(_text(value), style=style)
                else:
                    line.cell(_text(value))
