"""The 903 specification is parsed once, and one year's changes never leak into another's."""

from sightline.specs import ssda903 as schema


def test_base_is_parsed_once_for_every_year(monkeypatch) -> None:
    calls: list[str] = []
    real = schema._parsed.__wrapped__

    def counting(path):
        calls.append(path.name)
        return real(path)

    monkeypatch.setattr(schema, "_parsed", schema.cache(counting))
    schema._raw_column_map.cache_clear()
    try:
        schema._raw_column_map(2019)
        schema._raw_column_map(2025)
    finally:
        schema._raw_column_map.cache_clear()
    assert calls.count(f"SSDA903_schema_{schema.BASE_YEAR}.yml") == 1


def test_a_later_year_does_not_change_an_earlier_one() -> None:
    schema._raw_column_map.cache_clear()
    schema.columns_and_codes.cache_clear()
    before = schema.columns_and_codes(2017)["header"]["SEX"].codes
    schema._raw_column_map(2025)
    schema._raw_column_map.cache_clear()
    schema.columns_and_codes.cache_clear()
    assert schema.columns_and_codes(2017)["header"]["SEX"].codes == before
    assert schema.columns_and_codes(2025)["header"]["SEX"].codes != before
