from django import forms
from django.utils import timezone

from zhicheng.inspections.models import Finding


class CampaignForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="名称", max_length=200, required=False, help_text="留空则自动生成")
    committee_count = forms.IntegerField(label="抽取评审委员会数", min_value=0, initial=1)
    organiser_count = forms.IntegerField(label="抽取组建单位数", min_value=0, initial=0)
    inspector_count = forms.IntegerField(label="抽取检查人员数", min_value=1, initial=2)
    seed = forms.CharField(
        label="随机种子",
        max_length=100,
        required=False,
        help_text="可事先公布；留空则由系统生成。种子与候选名单一并公开，任何人可复核抽取结果。",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class FindingForm(forms.Form):
    rating = forms.ChoiceField(label="检查结论", choices=Finding.Rating.choices)
    text = forms.CharField(label="检查情况", widget=forms.Textarea(attrs={"rows": 4}))
    issues = forms.CharField(
        label="发现问题",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一条；结论为基本合格或不合格时必填",
    )

    def clean_issues(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["issues"].splitlines() if line.strip()]


class PoolAddForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150, help_text="本局工作人员或评审专家的登录用户名")
