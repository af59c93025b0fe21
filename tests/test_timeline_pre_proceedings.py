"""A child's pre-proceedings (CIN census 2026/27) are on their timeline."""

from __future__ import annotations

import datetime as dt

from sightline import timeline
from sightline.dataset import Dataset


def test_pre_proceedings_step_decision_and_court_application_are_events():
    dataset = Dataset.from_tables(
        {
            "ssd_pre_proceedings": [
                {
                    "prep_table_id": "C1/2026-04-10/1/PP1",
                    "prep_person_id": "C1",
                    "prep_pre_pro_decision_date": "2026-05-01",
                    "prep_pre_pro_letter_date": "2026-05-08",
                    "prep_fgdm_offered": True,
                    "prep_fgdm_facilitated": True,
                    "prep_pre_pro_meetings_num": 2,
                    "prep_agree_stepdown_issue_date": "2026-09-01",
                    "prep_pre_pro_outcome": "B",
                    "prep_court_application_date": "2026-09-10",
                    "source_row": "cin.xml /Message/Children/Child[1]/CINdetails[1]",
                },
                {
                    "prep_table_id": "X",
                    "prep_person_id": "C2",
                    "prep_pre_pro_decision_date": "2026-05-01",
                },
            ]
        }
    )
    events = [e for e in timeline.events(dataset, "C1") if e.kind == "pre_proceedings"]
    assert [(e.date, e.title) for e in events] == [
        (dt.date(2026, 5, 1), "Pre-proceedings started"),
        (dt.date(2026, 9, 1), "Pre-proceedings: decision to step down or issue"),
        (dt.date(2026, 9, 10), "Care proceedings: court application"),
    ]
    assert "family group meeting offered" in events[0].detail
    assert "2 review meetings" in events[0].detail and "outcome B" in events[1].detail
    assert all(e.table == "ssd_pre_proceedings" and e.source_row for e in events)
