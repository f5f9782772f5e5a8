from typing import cast

from django import forms
from django.utils import timezone

from zhicheng.publicity.models import Objection


class PublishForm(forms.Form):
    start = forms.DateField(label="公示开始日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    cases: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label="列入公示的申报", queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, cases=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases
        self.fields["cases"].label_from_instance = lambda a: (
            f"{a.applicant.name} · {a.employer.name} · {a.specialty.name} · {a.title.name}"
        )
        self.fields["start"].initial = timezone.localdate()
        self.fields["cases"].error_messages["required"] = "请至少选择一件申报"


class ObjectionForm(forms.Form):
    entry = forms.TypedChoiceField(label="对哪一位申报人提出异议", coerce=int)
    contact_name = forms.CharField(label="联系人", max_length=50)
    contact_phone = forms.CharField(label="联系电话", max_length=30)
    text = forms.CharField(
        label="异议内容（请写明事实与依据）", max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", "请选择"), *((e.pk, f"{e.name}（{e.employer}）") for e in entries)]


class AnswerForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label="调查结论", coerce=lambda v: v == "yes", choices=[("no", "异议不成立"), ("yes", "异议成立")]
    )
    outcome = forms.ChoiceField(label="异议成立时的处理", required=False)
    answer = forms.CharField(label="调查处理意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, outcomes: tuple[str, ...] = (), **kwargs):
        """`outcomes`: what an upheld objection may do to the case at this stage of publicity."""
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["outcome"])
        field.choices = [("", "—"), *((o, Objection.Outcome(o).label) for o in outcomes)]
