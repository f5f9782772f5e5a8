"""Reads on alerts, scoped to the user: a bureau sees the alerts of its region and the regions below it."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from zhicheng.accounts.models import Role
from zhicheng.alerts.models import Alert
from zhicheng.lib.errors import Forbidden


def alert_list_visible_to(user, *, kind: str = "", state: str = "") -> QuerySet[Alert]:
    if user.is_superuser:
        alerts = Alert.objects.all()
    elif user.role == Role.BUREAU and user.region is not None:
        alerts = Alert.objects.filter(region__path__startswith=user.region.path)
    else:
        raise Forbidden("只有人力社保局可以查看跟踪预警", clause="55号 §3")
    if kind:
        alerts = alerts.filter(kind=kind)
    if state:
        alerts = alerts.filter(state=state)
    return alerts.select_related("region", "committee", "organisation", "decided_by")


def alert_get_for_user(pk: int, *, user) -> Alert:
    return get_object_or_404(alert_list_visible_to(user), pk=pk)
