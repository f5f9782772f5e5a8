"""The years-in-grade lines of 技术员 and 助理工程师 (人社部发〔2019〕16号), for every year that has a policy."""

from django.db import migrations

from zhicheng.policy.catalogue import ENGINEERING_JUNIOR_YEARS_IN_GRADE, load_years_in_grade


def forwards(apps, schema_editor):
    Policy = apps.get_model("policy", "Policy")
    for policy in Policy.objects.all():
        load_years_in_grade(
            policy,
            apps.get_model("policy", "YearsInGrade"),
            apps.get_model("policy", "Title"),
            ENGINEERING_JUNIOR_YEARS_IN_GRADE,
        )


class Migration(migrations.Migration):
    dependencies = [("policy", "0007_policy_seniority_until")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
