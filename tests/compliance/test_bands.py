"""Timeliness in DfE's bands, every band shown, from the same rows as the indicators."""

import datetime as dt

from sightline.compliance import timeliness
from sightline.dataset import Dataset

D = dt.date


def test_assessment_and_icpc_bands():
    dataset = Dataset.from_tables(
        {
            "ssd_cin_assessments": [
                # same day; Mon 3 Mar to Mon 17 Mar 2025 = 10; 15 Nov 2024 to 23 Jan 2025 = 46
                {
                    "cina_assessment_id": "A1",
                    "cina_assessment_start_date": D(2025, 3, 3),
                    "cina_assessment_auth_date": D(2025, 3, 3),
                },
                {
                    "cina_assessment_id": "A2",
                    "cina_assessment_start_date": D(2025, 3, 3),
                    "cina_assessment_auth_date": D(2025, 3, 17),
                },
                {
                    "cina_assessment_id": "A3",
                    "cina_assessment_start_date": D(2024, 11, 15),
                    "cina_assessment_auth_date": D(2025, 1, 23),
                },
                {
                    "cina_assessment_id": "A4",
                    "cina_assessment_start_date": D(2024, 11, 15),
                    "cina_assessment_auth_date": D(2025, 1, 22),
                },
            ],
            "ssd_s47_enquiry": [
                {"s47e_s47_enquiry_id": "S1", "s47e_s47_start_date": D(2024, 6, 3)}
            ],
            # Mon 3 Jun + 16 wd = Tue 25 Jun 2024
            "ssd_initial_cp_conference": [
                {
                    "icpc_icpc_id": "I1",
                    "icpc_s47_enquiry_id": "S1",
                    "icpc_icpc_date": D(2024, 6, 25),
                }
            ],
        }
    )
    rows = timeliness(dataset, "2025").to_pylist()
    assessments = {r["band"]: r["count"] for r in rows if r["measure"].startswith("assessments")}
    assert list(assessments) == [
        "0 (same day)",
        "1-10",
        "11-20",
        "21-30",
        "31-40",
        "41-45",
        "46-50",
        "51-60",
        "61+",
    ]
    assert assessments == {
        **dict.fromkeys(assessments, 0),
        "0 (same day)": 1,
        "1-10": 1,
        "41-45": 1,
        "46-50": 1,
    }
    icpcs = {
        r["band"]: (r["count"], r["in_timescale"])
        for r in rows
        if r["measure"].startswith("initial")
    }
    assert icpcs == {"0-10": (0, True), "11-15": (0, True), "16-20": (1, False), "21+": (0, False)}
    fifty = next(r for r in rows if r["band"] == "46-50")
    assert fifty["percent"] == 25.0 and fifty["in_timescale"] is False
