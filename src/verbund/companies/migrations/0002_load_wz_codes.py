"""Load WZ 2008 (German and English titles) from the installed packages, so that every database has it."""

from django.db import migrations


def load(apps, schema_editor):
    from verbund.companies.domain.wz import load_wz_codes

    load_wz_codes(apps.get_model("companies", "WzCode"))


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
