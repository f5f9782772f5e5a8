"""Forms of the oversight pages: input only; the rules are in services."""

from django import forms

from zhicheng.oversight.models import Complaint


class DrawForm(forms.Form):
    year = forms.IntegerField(label="评审年度", min_value=2000, max_value=2100)


class AssignForm(forms.Form):
    reviewer = forms.ChoiceField(label="复审专家")

    def __init__(self, *args, experts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._users = {str(e.user_id): e.user for e in experts}
        self.fields["reviewer"].choices = [(e.user_id, f"{e.user.name}（{e.specialty} {e.title}）") for e in experts]

    def chosen(self):
        """The chosen expert's user, from the experts the form was offered (no second read)."""
        return self._users[self.cleaned_data["reviewer"]]


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(
        label="复审意见", choices=[("confirm", "维持原评审结果"), ("dispute", "存疑")], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="理由（存疑时必填）", required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class PublicComplaintForm(forms.Form):
    contact_name = forms.CharField(label="联系人", max_length=50)
    contact_phone = forms.CharField(label="联系电话", max_length=30)
    text = forms.CharField(label="投诉内容", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)


class ComplaintRecordForm(forms.Form):
    source = forms.ChoiceField(
        label="来源",
        choices=[(c.value, c.label) for c in (Complaint.Source.PUBLIC, Complaint.Source.INSPECTION)],
    )
    received_on = forms.DateField(label="收到日期", widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class EscalationForm(forms.Form):
    reason = forms.CharField(label="事实与理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    document = forms.FileField(label="决定文件（PDF）")
