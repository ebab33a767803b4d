"""Issue 11 (benchmarks): a partial index on live criminal investigations for the risk views
(docs/performance.md)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("conduct", "0010_early_warning"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="allegation",
            index=models.Index(
                condition=models.Q(("criminal_investigation__in", ["open", "charged"])),
                fields=["subject"],
                name="allegation_live_criminal_idx",
            ),
        ),
    ]
