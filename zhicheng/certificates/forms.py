from django import forms

from zhicheng.certificates.numbering import normalise_number


class VerifyForm(forms.Form):
    number = forms.CharField(
        label="证书编号",
        max_length=40,
        help_text="见证书右下方，或扫描证书上的二维码自动填入",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    name = forms.CharField(
        label="持证人姓名",
        max_length=50,
        help_text="须与证书上的姓名一致",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Opened from the QR code: the number is there, the name is what is left to type.
        if self.initial.get("number"):
            self.fields["name"].widget.attrs["autofocus"] = True

    def clean_number(self) -> str:
        return normalise_number(self.cleaned_data["number"])


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="撤销理由",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="查实的弄虚作假等事实，将记入持证人诚信档案，不对外公开",
    )
    evidence = forms.CharField(
        label="证据说明",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="调查结论、文号或材料名称",
    )
    confirm = forms.BooleanField(label="我已核实上述事实，确认撤销该证书；撤销后不能恢复")


class ListFilterForm(forms.Form):
    STATUS_CHOICES = [("", "全部"), ("valid", "有效"), ("revoked", "已撤销")]

    q = forms.CharField(label="编号或姓名", required=False, max_length=50)
    status = forms.ChoiceField(label="状态", required=False, choices=STATUS_CHOICES)
