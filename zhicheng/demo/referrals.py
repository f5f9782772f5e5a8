"""How the scenario's recommended cases went to the province: the city bureau's 委托评审函 and, later,
the province's decision, both through the referral services."""

from datetime import date

from zhicheng.accounts.models import Role, User
from zhicheng.applications.models import Application
from zhicheng.referrals.models import Referral
from zhicheng.referrals.services import is_city_bureau_over, referral_issue, referral_record_decision

# The province's decision on the scenario's referrals: passed, by its document of 20 Dec 2022.
PROVINCE_DOCUMENT = "浙人社发〔2022〕88号"
PROVINCE_DECIDED_ON = date(2022, 12, 20)


def refer_to_province(application: Application) -> Referral:
    bureau = next(
        user
        for user in User.objects.filter(role=Role.BUREAU).select_related("organisation__region").order_by("-id")
        if is_city_bureau_over(user, application)
    )
    number = f"丽人社函〔{application.year}〕{Referral.objects.count() + 1}号"
    referral = referral_issue(application, actor=bureau, number=number)
    return referral_record_decision(
        referral,
        actor=bureau,
        decision=Referral.Decision.PASSED,
        document=PROVINCE_DOCUMENT,
        decided_on=PROVINCE_DECIDED_ON,
        certificate_number=f"浙高工{application.year}-{application.pk:04d}",
    )
