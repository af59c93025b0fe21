# The shared history of changes (moved here from the improvement plan, see improvement 0004).

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Change",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("item_type", models.CharField(max_length=30)),
                ("item_id", models.PositiveBigIntegerField()),
                ("item_label", models.CharField(max_length=300)),
                ("field", models.CharField(max_length=300)),
                ("before", models.TextField(blank=True)),
                ("after", models.TextField(blank=True)),
                ("reason", models.TextField(blank=True)),
                ("version", models.PositiveIntegerField(blank=True, null=True)),
                ("by", models.CharField(max_length=150)),
                ("at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "ordering": ["-at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["item_type", "item_id"], name="common_chan_item_ty_59cfad_idx"
                    )
                ],
            },
        ),
    ]
