"""Issue 11 (benchmarks): the indexes the force-scale benchmark called for (docs/performance.md).

- case_received_idx: the case list's default order (newest first), so the first page is read
  off the index instead of sorting every visible case.
- pg_trgm and trigram indexes on the upper-cased names: name search (`icontains`) without
  reading the whole register, and an index on the upper-cased number beside them.
"""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0015_oversight_indexes"),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["-received_on", "-id"], name="case_received_idx"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("first_name"), name="gin_trgm_ops"
                ),
                name="person_first_name_trgm",
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("last_name"), name="gin_trgm_ops"
                ),
                name="person_last_name_trgm",
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(django.db.models.functions.text.Upper("number"), name="person_number_upper_idx"),
        ),
    ]
