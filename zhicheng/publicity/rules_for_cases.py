"""The publicity rules that guard a case's transitions (registered in PublicityConfig.ready)."""

from django.utils import timezone

from zhicheng.lib.errors import Conflict
from zhicheng.publicity.models import Objection, Publicity, PublicityEntry


def ensure_pre_publicity_closed(application) -> None:
    """Scheduling waits for the end of 评前公示 and an answer to every objection (55号 §4(三))."""
    entry = (
        PublicityEntry.objects.select_related("publicity")
        .filter(application=application, publicity__kind=Publicity.Kind.PRE_EVALUATION)
        .order_by("-publicity__first_day")
        .first()
    )
    if entry is None:
        raise Conflict("此申报尚未列入评前公示名单，公示期满后才能列入评审", clause="55号 §4(三)")
    today = timezone.localdate()
    if today <= entry.publicity.last_day:
        raise Conflict(
            f"评前公示至{entry.publicity.last_day:%Y年%-m月%-d日}结束，期满后才能列入评审", clause="55号 §4(三)"
        )
    open_count = entry.objections.filter(state=Objection.State.OPEN).count()
    if open_count:
        raise Conflict(f"还有 {open_count} 条异议未调查答复，答复后才能列入评审", clause="55号 §4(三)")
