from django import forms
from django.utils import timezone

from zhicheng.applications.checklists import CHECKLISTS, RETURN_TARGETS
from zhicheng.applications.models import Outcome
from zhicheng.policy.models import Specialty, Title

# What routing needs: the preview of the committee reads these three before the draft exists.
ROUTE_FIELDS = ("year", "specialty", "title")


class ApplicationForm(forms.Form):
    year = forms.IntegerField(label="评审年度", min_value=2000, max_value=2100)
    specialty = forms.ModelChoiceField(
        label="专业", queryset=Specialty.objects.select_related("series"), empty_label="请选择专业"
    )
    title = forms.ModelChoiceField(
        label="申报职称", queryset=Title.objects.select_related("series"), empty_label="请选择职称"
    )
    statement = forms.CharField(
        label="个人陈述", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["specialty"].label_from_instance = lambda s: f"{s.series.name} · {s.name}"
        self.fields["title"].label_from_instance = lambda t: f"{t.series.name} · {t.name}（{t.get_grade_display()}）"

    def clean(self):
        data = super().clean()
        specialty, title = data.get("specialty"), data.get("title")
        if specialty and title and specialty.series_id != title.series_id:
            self.add_error("title", f"「{title.name}」不属于{specialty.series.name}系列，请选择本系列的职称")
        return data

    def route_choice(self) -> dict:
        """Year, specialty and title as far as they are chosen and valid (None for the others)."""
        if not self.is_bound:
            return dict.fromkeys(ROUTE_FIELDS)
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in ROUTE_FIELDS}

    def route_problem(self) -> str:
        """The first error in year, specialty or title once all three are filled in; empty while still choosing."""
        if not self.is_bound or not all(self.data.get(name) for name in ROUTE_FIELDS):
            return ""
        return next((str(error) for name in ROUTE_FIELDS for error in self.errors.get(name, [])), "")


class StatementForm(forms.Form):
    statement = forms.CharField(
        label="个人陈述", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )


class TransitionForm(forms.Form):
    reason = forms.CharField(
        label="备注（选填）", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    outcome = forms.ChoiceField(label="评审结果", required=False, choices=[("", "请选择"), *Outcome.choices])

    def __init__(self, *args, transition=None, **kwargs):
        # The case page shows one form per action: ids per action keep each label tied to its own field.
        kwargs.setdefault("auto_id", f"id_{transition.action}_%s" if transition else "id_%s")
        super().__init__(*args, **kwargs)
        self.transition = transition
        if transition is not None and transition.needs_reason:
            self.fields["reason"].required = True
            self.fields["reason"].label = "理由（申报人可见）"
            self.fields["reason"].error_messages["required"] = f"「{transition.label}」须填写理由"
        if transition is None or transition.action != "record_evaluation":
            del self.fields["outcome"]
        else:
            self.fields["outcome"].required = True
            self.fields["outcome"].error_messages["required"] = "请选择评审结果"
        action = transition.action if transition else ""
        for key, label in CHECKLISTS.get(action, []):
            self.fields[f"check_{key}"] = forms.BooleanField(label=label, required=False)
        if action == "archive":  # materials go back to the employer; the dossier goes to the personal file
            self.fields["returned_to"] = forms.CharField(
                label="材料退还接收人", max_length=100, help_text="接收申报材料的单位及经办人，如 某公司人事部 王某"
            )
            self.fields["returned_on"] = forms.DateField(
                label="材料退还日期", widget=forms.DateInput(attrs={"type": "date"})
            )
        if action == "return":
            for key, label in RETURN_TARGETS:
                self.fields[f"comment_{key}"] = forms.CharField(
                    label=f"{label}：需修改之处（选填）", required=False, max_length=1000
                )

    def service_kwargs(self) -> dict:
        """The cleaned form as the service takes it: the checklist and the per-item comments grouped."""
        data = dict(self.cleaned_data)
        checks = {k.removeprefix("check_"): data.pop(k) for k in list(data) if k.startswith("check_")}
        comments = {k.removeprefix("comment_"): data.pop(k) for k in list(data) if k.startswith("comment_")}
        if checks:
            data["checklist"] = checks
        if comments:
            data["comments"] = comments
        return data
