from django import forms

from zhicheng.accounts.models import Region
from zhicheng.archive.models import Achievement, EducationEntry, Profile, TitleHeld, WorkPeriod
from zhicheng.archive.uploads import max_bytes, size_text

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegisterForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(
        label="身份证号", max_length=18, help_text="18位，最后一位可为X；出生日期和性别由此自动得出"
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["phone", "email", "address"]


class EducationForm(forms.ModelForm):
    class Meta:
        model = EducationEntry
        fields = ["level", "degree", "school", "major", "started_on", "graduated_on"]
        widgets = {"started_on": DATE, "graduated_on": DATE}


class WorkPeriodForm(forms.ModelForm):
    class Meta:
        model = WorkPeriod
        fields = ["organisation", "region", "position", "started_on", "ended_on"]
        widgets = {"started_on": DATE, "ended_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        region.queryset = Region.objects.filter(level=Region.Level.COUNTY).select_related("parent")  # type: ignore[attr-defined]
        region.label_from_instance = lambda r: (
            f"{r.parent.name} · {r.name}{'（山区26县）' if r.is_mountain_county else ''}"
        )  # type: ignore[attr-defined]


class TitleHeldForm(forms.ModelForm):
    class Meta:
        model = TitleHeld
        fields = ["title", "obtained_on", "certificate_number", "how"]
        widgets = {"obtained_on": DATE}


ENTRY_FORMS: dict[str, type[forms.ModelForm]] = {
    "education": EducationForm,
    "work": WorkPeriodForm,
    "title": TitleHeldForm,
}


class AchievementForm(forms.ModelForm):
    class Meta:
        model = Achievement
        fields = ["kind", "title", "achieved_on", "role", "identifier", "description"]
        widgets = {"achieved_on": DATE, "description": forms.Textarea(attrs={"rows": 4})}


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="证明材料",
        help_text=f"PDF、PNG 或 JPG，每个文件不超过 {size_text(max_bytes())}",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="退回理由（本人可见）",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "退回须填写理由"},
    )


class StaffImportForm(forms.Form):
    file = forms.FileField(label="人员名单（.xlsx 或 .csv）", help_text="第一行为列名：姓名、身份证号、手机、电子邮箱")
