"""Continuing education over JSON: the stateless calculator and a person's verdict."""

from django.shortcuts import get_object_or_404
from ninja import Router

from zhicheng.applications.schemas import PUBLIC_ERRORS
from zhicheng.education.models import Category
from zhicheng.education.schemas import ComplianceIn, VerdictOut, verdict_out
from zhicheng.education.selectors import compliance_verdict
from zhicheng.policy.models import Title

router = Router(tags=["education"])


@router.post("/education/compliance", auth=None, response={200: VerdictOut, **PUBLIC_ERRORS})
def compliance_calculator(request, payload: ComplianceIn):
    """The public calculator: nothing is stored; the verdict is the one applicants get."""
    hours = {row.year: {c.value: getattr(row, c.value) for c in Category} for row in payload.hours}
    verdict = compliance_verdict(
        hours,
        title=get_object_or_404(Title, pk=payload.title_id),
        education=payload.education,
        application_year=payload.application_year,
        title_obtained_year=payload.title_obtained_year,
    )
    return verdict_out(verdict)
