"""The 2022 policy: the numbers of 莲人社〔2022〕55号 and the 工程 series' years-in-grade."""

from django.db import migrations

from zhicheng.policy.catalogue import load_policy


def forwards(apps, schema_editor):
    load_policy(apps.get_model("policy", "Policy"), apps.get_model("policy", "YearsInGrade"), apps.get_model("policy", "Title"))


class Migration(migrations.Migration):
    dependencies = [("policy", "0003_policy_yearsingrade")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
