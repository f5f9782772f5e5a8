"""The publicity rules that guard a case's transitions (registered in PublicityConfig.ready)."""

from django.utils import timezone

from zhicheng.lib.errors import Conflict
from zhicheng.policy.models import Policy
from zhicheng.policy.selectors import policy_for
from zhicheng.publicity.models import Objection, Publicity, PublicityEntry


def _latest_entry(application, kind: str) -> PublicityEntry | None:
    return (
        PublicityEntry.objects.select_related("publicity")
        .filter(application=application, publicity__kind=kind)
        .order_by("-publicity__first_day")
        .first()
    )


def ensure_in_unit_publicity_over(application) -> None:
    """The employer recommends a candidate only after the in-unit publicity has run its working days."""
    entry = _latest_entry(application, Publicity.Kind.IN_UNIT)
    clause = Policy.clause_of("employer_publicity_workdays")
    if entry is None:
        days = policy_for(application.year).employer_publicity_workdays
        raise Conflict(f"此申报尚未在单位内公示（{days} 个工作日），公示期满后才能推荐", clause=clause)
    if timezone.localdate() <= entry.publicity.last_day:
        raise Conflict(f"单位内公示至{entry.publicity.last_day:%Y年%-m月%-d日}结束，期满后才能推荐", clause=clause)


def _ensure_publicity_closed(application, kind: str, next_step: str) -> None:
    """A case leaves a committee's publicity only once its period is over and every objection to it has
    been investigated and answered (55号 §4(三), 40号令)."""
    label = Publicity.Kind(kind).label
    entry = _latest_entry(application, kind)
    if entry is None:
        raise Conflict(f"此申报尚未列入{label}名单，公示期满后才能{next_step}", clause="55号 §4(三)")
    today = timezone.localdate()
    if today <= entry.publicity.last_day:
        raise Conflict(
            f"{label}至{entry.publicity.last_day:%Y年%-m月%-d日}结束，期满后才能{next_step}", clause="55号 §4(三)"
        )
    open_count = entry.objections.filter(state=Objection.State.OPEN).count()
    if open_count:
        raise Conflict(f"还有 {open_count} 条异议未调查答复，答复后才能{next_step}", clause="55号 §4(三)")


def ensure_pre_publicity_closed(application) -> None:
    """Scheduling waits for the end of 评前公示 and an answer to every objection (55号 §4(三))."""
    _ensure_publicity_closed(application, Publicity.Kind.PRE_EVALUATION, "列入评审")


def ensure_result_publicity_closed(application) -> None:
    """The bureau publishes a result only after 评后公示 has run its working days and every objection is
    answered (55号 §4(三), 40号令)."""
    _ensure_publicity_closed(application, Publicity.Kind.RESULT, "发文公布")
