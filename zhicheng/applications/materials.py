"""A case's materials are drawn from the archive, never typed afresh (55号 §1), and frozen at submission."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zhicheng.applications.models import Application, Material, State
from zhicheng.archive.completeness import mountain_county_years
from zhicheng.archive.models import Achievement
from zhicheng.audit.services import record_event
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation


def snapshot(achievement: Achievement) -> dict:
    """What the evaluators will read: the entry as it stood, with the fingerprints of its files."""
    return {
        "kind": achievement.get_kind_display(),
        "title": achievement.title,
        "achieved_on": achievement.achieved_on.isoformat(),
        "role": achievement.role,
        "identifier": achievement.identifier,
        "description": achievement.description,
        "status": achievement.get_status_display(),
        "evidence": [{"name": e.name, "sha256": e.sha256} for e in achievement.evidence.all()],
    }


@transaction.atomic
def application_select_materials(
    application: Application, *, actor, achievement_ids: list[int], representative_ids: list[int]
) -> list[Material]:
    """The applicant picks entries of their own archive for the case, marking the representative works."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not actor.has_perm("applications.change_application", application):
        raise Forbidden("只有申报人本人可以选择申报材料")
    if application.state not in (State.DRAFT, State.RETURNED):
        raise Conflict(f"申报当前为「{application.get_state_display()}」，已不能更改材料")
    if application.professional_id is None:
        raise RuleViolation("您的账号尚未关联专业技术人才档案，请先完善业绩档案")
    chosen = list(Achievement.objects.filter(pk__in=achievement_ids, professional_id=application.professional_id))
    if len(chosen) != len(set(achievement_ids)):
        raise RuleViolation("只能选择本人业绩档案中的业绩")
    if not set(representative_ids) <= set(achievement_ids):
        raise RuleViolation("代表作须是已选择的业绩")
    application.materials.all().delete()
    materials = Material.objects.bulk_create(
        Material(application=application, achievement=a, representative=a.pk in set(representative_ids)) for a in chosen
    )
    record_event(
        actor=actor,
        action="application.select_materials",
        obj=application,
        before=application.state,
        data={"achievements": sorted(achievement_ids), "representative": sorted(representative_ids)},
    )
    return materials


def freeze_materials(application: Application) -> None:
    """At submission, fix each chosen entry's content into the case (later archive edits do not reach it)."""
    now = timezone.now()
    for material in application.materials.select_related("achievement").prefetch_related("achievement__evidence"):
        if material.achievement is not None:
            material.frozen = snapshot(material.achievement)
            material.frozen_at = now
            material.save(update_fields=["frozen", "frozen_at"])


def mountain_pool(application: Application) -> dict:
    """Whether the applicant is ranked in the 山区26县 pool, and years worked there (55号 §2)."""
    professional = application.professional
    years = mountain_county_years(professional) if professional is not None else 0.0
    return {
        "in_mountain_pool": application.employer.region.is_mountain_county,
        "mountain_years": Decimal(str(years)),
    }
