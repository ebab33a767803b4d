from django.db import migrations

STANDARDS = [
    "Honesty and integrity",
    "Authority, respect and courtesy",
    "Equality and diversity",
    "Use of force",
    "Orders and instructions",
    "Duties and responsibilities",
    "Confidentiality",
    "Fitness for work",
    "Discreditable conduct",
    "Challenging and reporting improper conduct",
]

CATEGORIES = [
    ("sexual-misconduct", "Sexual misconduct"),
    ("abuse-of-position-sexual", "Abuse of position for a sexual purpose"),
    ("domestic-abuse", "Domestic abuse"),
    ("discrimination", "Discrimination"),
    ("dishonesty", "Dishonesty"),
    ("corruption", "Corruption"),
    ("data-misuse", "Data misuse or unauthorised access"),
    ("social-media", "Misuse of social media or messaging"),
    ("use-of-force", "Use of force"),
    ("criminal-offence", "Criminal offence"),
    ("other", "Other"),
]


def add_reference_data(apps, schema_editor):
    Standard = apps.get_model("conduct", "Standard")
    Category = apps.get_model("conduct", "AllegationCategory")
    for order, name in enumerate(STANDARDS, start=1):
        Standard.objects.update_or_create(name=name, defaults={"order": order})
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("conduct", "0001_initial")]

    operations = [migrations.RunPython(add_reference_data, migrations.RunPython.noop)]
