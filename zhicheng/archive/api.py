"""The archive over JSON: the same selectors and services as the pages."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import File, Router, UploadedFile
from ninja.pagination import paginate

from zhicheng.accounts.selectors import professional_visibility_q
from zhicheng.applications.schemas import ERRORS, Pages
from zhicheng.archive import selectors, services
from zhicheng.archive.completeness import checklist, evaluation_year, is_complete, mountain_county_years
from zhicheng.archive.models import Achievement
from zhicheng.archive.schemas import (
    AchievementIn,
    AchievementOut,
    CompletenessOut,
    EvidenceOut,
    ProfileIn,
    ProfileOut,
    ReturnIn,
)
from zhicheng.archive.uploads import evidence_response
from zhicheng.education.schemas import VerdictOut, verdict_out
from zhicheng.education.selectors import compliance_verdict, hours_by_year
from zhicheng.lib.idnumber import mask
from zhicheng.policy.models import Title

router = Router(tags=["archive"])


def _own(user):
    professional = selectors.own_professional(user)
    if professional is None:
        raise Http404("您尚未登记个人档案")
    return professional


def _profile_out(professional) -> dict:
    profile = selectors.profile_of(professional)
    return {
        "id": professional.pk,
        "name": professional.name,
        "id_number_masked": mask(professional.id_number),
        "birth_date": professional.birth_date,
        "sex": professional.sex,
        "employer": professional.employer.name if professional.employer_id else None,
        "phone": profile.phone if profile else "",
        "email": profile.email if profile else "",
        "address": profile.address if profile else "",
        "mountain_county_years": mountain_county_years(professional),
        "updated_at": profile.updated_at if profile else None,
    }


@router.get("/archive/profile", response={200: ProfileOut, **ERRORS})
def my_profile(request):
    return _profile_out(_own(request.auth))


@router.put("/archive/profile", response={200: ProfileOut, **ERRORS})
def update_my_profile(request, payload: ProfileIn):
    professional = _own(request.auth)
    services.profile_update(professional, actor=request.auth, **payload.dict())
    return _profile_out(professional)


@router.get("/archive/professionals/{int:professional_id}", response={200: ProfileOut, **ERRORS})
def get_professional(request, professional_id: int):
    return _profile_out(selectors.professional_get_for_user(professional_id, user=request.auth))


@router.get("/archive/professionals/{int:professional_id}/completeness", response={200: CompletenessOut, **ERRORS})
def completeness(request, professional_id: int, year: int | None = None):
    """Whether the archive is complete by the year's policy, item by item (55号 §1)."""
    professional = selectors.professional_get_for_user(professional_id, user=request.auth)
    year = evaluation_year(year)
    items = checklist(professional, year)
    return {"professional_id": professional.pk, "year": year, "complete": is_complete(items), "items": items}


@router.get("/archive/achievements", response={200: list[AchievementOut], **ERRORS})
@paginate(Pages, page_size=50)
def list_achievements(request, professional_id: int | None = None, status: str = ""):
    """Achievements the user may see: their own, their staff's, or those of their region."""
    condition = professional_visibility_q(request.auth, prefix="professional__")
    if condition is None:
        return []
    found = Achievement.objects.filter(condition).prefetch_related("evidence")
    if professional_id:
        found = found.filter(professional_id=professional_id)
    return found.filter(status=status) if status else found


@router.post("/archive/achievements", response={201: AchievementOut, **ERRORS})
def create_achievement(request, payload: AchievementIn):
    achievement = services.achievement_create(_own(request.auth), actor=request.auth, data=payload.dict())
    return 201, achievement


@router.get("/archive/achievements/{int:achievement_id}", response={200: AchievementOut, **ERRORS})
def get_achievement(request, achievement_id: int):
    return selectors.achievement_get_for_user(achievement_id, user=request.auth)


@router.put("/archive/achievements/{int:achievement_id}", response={200: AchievementOut, **ERRORS})
def update_achievement(request, achievement_id: int, payload: AchievementIn):
    achievement = selectors.achievement_get_for_user(achievement_id, user=request.auth)
    return services.achievement_update(achievement, actor=request.auth, data=payload.dict())


@router.delete("/archive/achievements/{int:achievement_id}", response={204: None, **ERRORS})
def delete_achievement(request, achievement_id: int):
    services.achievement_delete(
        selectors.achievement_get_for_user(achievement_id, user=request.auth), actor=request.auth
    )
    return 204, None


@router.post("/archive/achievements/{int:achievement_id}/verify", response={200: AchievementOut, **ERRORS})
def verify_achievement(request, achievement_id: int):
    achievement = selectors.achievement_get_for_user(achievement_id, user=request.auth)
    return services.achievement_verify(achievement, actor=request.auth)


@router.post("/archive/achievements/{int:achievement_id}/return", response={200: AchievementOut, **ERRORS})
def return_achievement(request, achievement_id: int, payload: ReturnIn):
    achievement = selectors.achievement_get_for_user(achievement_id, user=request.auth)
    return services.achievement_return(achievement, actor=request.auth, reason=payload.reason)


@router.post("/archive/achievements/{int:achievement_id}/evidence", response={201: EvidenceOut, **ERRORS})
def upload_evidence(request, achievement_id: int, file: File[UploadedFile]):
    achievement = selectors.achievement_get_for_user(achievement_id, user=request.auth)
    evidence = services.evidence_add(achievement, actor=request.auth, upload=file)
    url = f"/api/v1/archive/evidence/{evidence.pk}"
    return 201, {**{k: getattr(evidence, k) for k in ("id", "name", "file_type", "size", "sha256")}, "url": url}


@router.get("/archive/evidence/{int:evidence_id}", response={200: None, **ERRORS})
def download_evidence(request, evidence_id: int):
    return evidence_response(selectors.evidence_get_for_user(evidence_id, user=request.auth))


@router.get("/professionals/{int:professional_id}/compliance", response={200: VerdictOut, **ERRORS})
def professional_compliance(request, professional_id: int, title: int, year: int, education: str = ""):
    """A person's CE verdict from their confirmed hours, for a title (id) and application year; the
    education comes from the archive unless given (55号 §4(二))."""
    professional = selectors.professional_get_for_user(professional_id, user=request.auth)
    held = selectors.current_title(professional)
    verdict = compliance_verdict(
        hours_by_year(professional),
        title=get_object_or_404(Title, pk=title),
        education=education or selectors.highest_education(professional) or "",
        application_year=year,
        title_obtained_year=held.obtained_on.year if held else None,
    )
    return verdict_out(verdict)
