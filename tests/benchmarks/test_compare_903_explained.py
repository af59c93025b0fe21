"""`make compare` marks a differing 903 code explained when a row of docs/validation.md's 903
difference tables names it."""

from __future__ import annotations

from sightline.bench.compare_903 import expand, explained


def test_a_docs_cell_names_codes_ranges_and_letter_ranges():
    assert expand("370-374") == {"370", "371", "372", "373", "374"}
    assert expand("503A-C, SW11aSTG2") == {"503A", "503B", "503C", "SW11aSTG2"}
    assert expand("146 (2024/25, 2025/26), 142, 388 (synthetic)") == {"146", "142", "388"}


def test_only_the_903_rule_tables_explain(tmp_path):
    docs = tmp_path / "validation.md"
    docs.write_text(
        "## CIN\n\n| Rule | Why |\n| --- | --- |\n| 8630 | x |\n\n"
        "## Beside the open 903 validator\n\n| Return | Children |\n| --- | --- |\n| sample | 5 |\n\n"
        "## 903: where we differ\n\n| Rule | Why |\n| --- | --- |\n| 501, 503A-B | x |\n",
        encoding="utf-8",
    )
    assert explained(docs) == {"501", "503A", "503B"}


def test_the_shipped_docs_explain_the_known_differences():
    assert {"388", "607", "634", "1012", "215", "358", "503J", "SW12STG2"} <= explained()
