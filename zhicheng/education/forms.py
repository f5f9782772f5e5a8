from datetime import date

from django import forms
from django.utils import timezone

from zhicheng.education.models import Category
from zhicheng.policy.models import Education, Title

HOURS_YEARS = 6  # the calculator asks for the application year and the five before it


class VerdictForm(forms.Form):
    """What a verdict depends on besides the hours: the title aimed at, education, the year."""

    title = forms.ModelChoiceField(label="拟申报职称", queryset=Title.objects.all(), empty_label="请选择")
    education = forms.ChoiceField(label="学历", choices=[("", "请选择"), *Education.choices])
    application_year = forms.IntegerField(label="申报年度", min_value=2000, max_value=2100)
    title_obtained_year = forms.IntegerField(
        label="现职称取得年份（选填）", required=False, min_value=1950, max_value=2100
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application_year"].initial = timezone.localdate().year
        self.fields["title"].label_from_instance = lambda t: f"{t.series.name} · {t.name}"


class CalculatorForm(VerdictForm):
    """The public calculator: the verdict inputs plus hours per category for six years."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for offset in range(HOURS_YEARS):
            for category in Category:
                self.fields[f"h{offset}_{category.value}"] = forms.DecimalField(
                    label=category.label, required=False, min_value=0, max_value=1000, decimal_places=1
                )

    def year_rows(self) -> list[dict]:
        year = self.data.get("application_year") or self.fields["application_year"].initial
        base = int(year) if str(year).isdigit() else timezone.localdate().year
        return [
            {
                "label": "申报当年" if offset == 0 else f"前{offset}年",
                "year": base - offset,
                "fields": [self[f"h{offset}_{c.value}"] for c in Category],
            }
            for offset in range(HOURS_YEARS)
        ]

    def hours_by_year(self) -> dict[int, dict]:
        year = self.cleaned_data["application_year"]
        return {
            year - offset: {c.value: self.cleaned_data.get(f"h{offset}_{c.value}") or 0 for c in Category}
            for offset in range(HOURS_YEARS)
        }


class RecordForm(forms.Form):
    category = forms.ChoiceField(label="科目类别", choices=[("", "请选择"), *Category.choices])
    hours = forms.DecimalField(label="学时", min_value=0.1, max_value=1000, decimal_places=1)
    course = forms.CharField(label="课程名称", max_length=200)
    provider = forms.CharField(label="培训机构（选填）", max_length=200, required=False)
    study_date = forms.DateField(label="学习日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))

    def clean_study_date(self) -> date:
        day = self.cleaned_data["study_date"]
        if day > timezone.localdate():
            raise forms.ValidationError("学习日期不能在未来")
        return day


class RejectForm(forms.Form):
    reason = forms.CharField(label="不予确认的理由", max_length=500)


class ImportForm(forms.Form):
    file = forms.FileField(label="学时表格（.xlsx 或 .csv）")
