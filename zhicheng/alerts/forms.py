from django import forms


class DecisionForm(forms.Form):
    reason = forms.CharField(label="处理说明", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
