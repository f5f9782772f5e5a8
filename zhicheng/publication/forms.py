from django import forms
from django.utils import timezone

from zhicheng.publication.selectors import Batch


def _date_input() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class RequestForm(forms.Form):
    """The office's request: which committee and year, and its own letter number and date."""

    batch = forms.ChoiceField(
        label="评委会及评审年度",
        help_text="名单自动列出该评委会该年度评后公示中、评审结果为「通过」的全部人员",
        error_messages={"required": "请选择评委会及评审年度", "invalid_choice": "该评委会及年度已没有可报送的人员"},
    )
    letter_number = forms.CharField(
        label="函号",
        max_length=50,
        help_text="本办公室的发文字号，如 莲职改办〔2022〕3号",
        error_messages={"required": "请填写函号"},
    )
    letter_date = forms.DateField(label="函的日期", widget=_date_input(), error_messages={"required": "请填写日期"})

    def __init__(self, *args, batches: list[Batch] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        batches = batches or []
        self.batches = {b.key: b for b in batches}
        self.fields["batch"].choices = [("", "请选择"), *((b.key, str(b)) for b in batches)]  # type: ignore[attr-defined]
        self.fields["letter_date"].initial = timezone.localdate()

    def chosen(self) -> Batch:
        return self.batches[self.cleaned_data["batch"]]


class PublishForm(forms.Form):
    published_on = forms.DateField(
        label="发文日期", widget=_date_input(), error_messages={"required": "请填写发文日期"}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["published_on"].initial = timezone.localdate()


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="退回理由",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="评委会办公室将据此修改后重新报送",
        error_messages={"required": "请填写退回理由"},
    )
