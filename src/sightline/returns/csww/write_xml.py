"""Write the children's social work workforce census as councils send it to the DfE: XML, root
`Message`, Collection CSWW, one `LALevelVacancies` block and one `CSWWWorker` a worker, read back by
`read_xml.py`.

The synthetic council's workforce is kept as the council's figures for the year (one row of
`csww_council_figures`); this writes workers that give those figures as the DfE counts them: the
social workers in post on 30 September (each with the same FTE), starters among them, leavers
whose role ended in the year, case holders (`OrgRole` 5) with the cases between them, days lost
shared out, and the agency FTE and vacancies in `LALevelVacancies`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

CASE_HOLDER = "5"
OTHER_ROLE = "6"  # a qualified social worker holding no cases


def _share(total: float, parts: int, places: int = 0) -> list[float]:
    """`total` split over `parts` as evenly as `places` decimals allow, summing to it."""
    if parts <= 0:
        return []
    unit = 10**places
    whole = round(total * unit)
    base, extra = divmod(whole, parts)
    return [(base + (1 if k < extra else 0)) / unit for k in range(parts)]


def census_workers(figures: dict[str, Any], census_date: dt.date) -> list[dict[str, Any]]:
    """Workers whose census gives `figures` (a csww_council_figures row)."""
    headcount = int(figures["headcount_in_post"] or 0)
    fte_each = (figures["fte_in_post"] or 0.0) / headcount if headcount else 1.0
    starters = min(round((figures["starters_fte"] or 0.0) / fte_each), headcount)
    leavers = round((figures["leavers_fte"] or 0.0) / fte_each)
    holders = min(round((figures["case_holders_fte"] or 0.0) / fte_each), headcount)
    cases = [int(c) for c in _share(float(figures["cases"] or 0), holders)]
    days_lost = _share(figures["absence_days"] or 0.0, headcount + leavers, 2)
    year_ago = census_date - dt.timedelta(days=364)
    long_ago = census_date - dt.timedelta(days=3 * 365)
    workers = []
    for k in range(headcount + leavers):
        in_post = k < headcount
        starter = in_post and k >= headcount - starters
        workers.append(
            {
                "swe": f"SW{k + 1:07d}",
                "fte": round(fte_each, 4),
                "start": year_ago + dt.timedelta(days=k % 300) if starter else long_ago,
                "end": None if in_post else year_ago + dt.timedelta(days=k % 300),
                "role": CASE_HOLDER if k < holders else OTHER_ROLE,
                "cases": cases[k] if k < holders else None,
                "days_lost": days_lost[k],
            }
        )
    return workers


def write_csww_xml(path: Path, figures: dict[str, Any], la_code: str) -> None:
    """The census of `figures["year"]`, taken on 30 September of that year."""
    year = int(figures["year"])
    census_date = dt.date(year, 9, 30)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n<Message>\n  <Header>\n',
        "    <CollectionDetails><Collection>CSWW</Collection>",
        f"<Year>{year}</Year><ReferenceDate>{census_date.isoformat()}</ReferenceDate>",
        "</CollectionDetails>\n",
        f"    <Source><SourceLevel>L</SourceLevel><LEA>{la_code}</LEA>",
        "<SoftwareCode>Sightline synthetic council</SoftwareCode><Release>1</Release>",
        "<SerialNo>001</SerialNo></Source>\n  </Header>\n",
        "  <LALevelVacancies>",
        f"<NumberOfVacancies>{figures['vacancies_fte'] or 0}</NumberOfVacancies>",
        f"<NoAgencyFTE>{figures['agency_fte'] or 0}</NoAgencyFTE>",
        "</LALevelVacancies>\n",
    ]
    for w in census_workers(figures, census_date):
        out.append(
            f"  <CSWWWorker><AgencyWorker>0</AgencyWorker><SWENo>{w['swe']}</SWENo>"
            f"<FTE>{w['fte']}</FTE><OrgRole>{w['role']}</OrgRole>"
            f"<RoleStartDate>{w['start'].isoformat()}</RoleStartDate>"
        )
        if w["end"] is not None:
            out.append(f"<RoleEndDate>{w['end'].isoformat()}</RoleEndDate>")
        if w["cases"] is not None:
            out.append(f"<Cases30>{w['cases']}</Cases30>")
        out.append(f"<WorkingDaysLost>{w['days_lost']}</WorkingDaysLost></CSWWWorker>\n")
    out.append("</Message>\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(out), encoding="utf-8")
