"""The history of changes moves to the shared layer (common.Change): every row is copied across,
keeping its id, then the plan's own table is dropped."""

from django.db import migrations

FIELDS = (
    "id",
    "item_type",
    "item_id",
    "item_label",
    "field",
    "before",
    "after",
    "reason",
    "version",
    "by",
    "at",
)


def _copy(schema_editor, source: str, target: str) -> None:
    # One INSERT ... SELECT keeps every value as it was, the times included (a model save would
    # stamp "at" anew).
    quote = schema_editor.connection.ops.quote_name
    columns = ", ".join(quote(f) for f in FIELDS)
    schema_editor.execute(f"INSERT INTO {target} ({columns}) SELECT {columns} FROM {source}")
    if schema_editor.connection.vendor == "postgresql":  # ids were kept: move the sequence on
        schema_editor.execute(
            f"SELECT setval(pg_get_serial_sequence('{target}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {target}), 1))"
        )


def copy_history(apps, schema_editor):
    _copy(schema_editor, "improvement_change", "common_change")


def copy_back(apps, schema_editor):
    _copy(schema_editor, "common_change", "improvement_change")


class Migration(migrations.Migration):
    dependencies = [
        ("improvement", "0003_change_field_longer"),
        ("common", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_history, copy_back),
        migrations.DeleteModel(name="Change"),
    ]
