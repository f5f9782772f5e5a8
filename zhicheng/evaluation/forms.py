from django import forms

from zhicheng.applications.models import Application
from zhicheng.committees.models import Committee


class MeetingForm(forms.Form):
    committee = forms.ModelChoiceField(label="评审委员会", queryset=Committee.objects.none(), empty_label="请选择")
    date = forms.DateField(label="会议日期", widget=forms.DateInput(attrs={"type": "date"}))
    venue = forms.CharField(label="会议地点", max_length=200)
    applications = forms.ModelMultipleChoiceField(
        label="评审对象（评前公示期满、异议均已答复）",
        queryset=Application.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一件待评审的申报"},
    )

    def __init__(self, *args, committees, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["applications"].queryset = cases
        self.fields["applications"].label_from_instance = lambda a: (
            f"{a.applicant.name} · {a.employer.name} · {a.specialty.name} · {a.title.name}"
            + (" · 山区26县" if a.in_mountain_pool else "")
        )


class DrawForm(forms.Form):
    size = forms.IntegerField(label="抽取专家人数", min_value=1, max_value=99)
    seed = forms.CharField(label="抽取种子（留空自动生成）", max_length=64, required=False)


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(label="出席专家", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, panel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (str(p.pk), f"{p.expert.user.name}（{p.expert.employer.name}）") for p in panel
        ]
        self.initial.setdefault("present", [str(p.pk) for p in panel if p.present])
