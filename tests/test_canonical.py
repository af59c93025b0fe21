"""The canonical model is the contract between readers and indicators: it must stay well formed."""

import pyarrow as pa

from sightline import canonical


def test_every_table_key_is_one_of_its_columns():
    for table in canonical.TABLES.values():
        for key in table.key:
            assert key in table.columns, f"{table.name}: key {key} is not a column"


def test_every_table_says_where_each_row_came_from():
    for table in canonical.TABLES.values():
        assert table.columns[-1] == "source_row"


def test_column_names_are_unique_and_typed():
    for table in canonical.TABLES.values():
        assert len(set(table.columns)) == len(table.columns), table.name
        schema = table.arrow_schema()
        assert isinstance(schema, pa.Schema)
        assert table.empty().num_rows == 0


def test_ssd_fields_are_named_with_the_table_prefix():
    for table in canonical.TABLES.values():
        if not table.ssd:
            continue
        prefixes = {f.name.split("_")[0] for f in table.fields if f.name != "source_row"}
        assert len(prefixes) == 1, f"{table.name} mixes prefixes {prefixes}"
