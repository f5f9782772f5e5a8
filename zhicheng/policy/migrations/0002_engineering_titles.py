"""The 工程 series: its five titles by grade and the specialties the 2022 scenario needs."""

from django.db import migrations

from zhicheng.policy.catalogue import load_catalogue


def forwards(apps, schema_editor):
    load_catalogue(apps.get_model("policy", "Series"), apps.get_model("policy", "Title"), apps.get_model("policy", "Specialty"))


class Migration(migrations.Migration):
    dependencies = [("policy", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
