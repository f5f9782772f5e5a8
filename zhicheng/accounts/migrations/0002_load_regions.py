"""Load Zhejiang's region tree (province, 11 cities, 90 county-level divisions) from the shipped CSV."""

from django.db import migrations

from zhicheng.accounts.regions import load_regions


def forwards(apps, schema_editor):
    load_regions(apps.get_model("accounts", "Region"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
