"""The case over JSON: the same selectors and services as the pages."""

from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import paginate

from zhicheng.applications.schemas import ERRORS, ApplicationIn, ApplicationOut, EventOut, Pages, TransitionIn
from zhicheng.applications.selectors import application_get_for_user, application_list_visible_to
from zhicheng.applications.services import TRANSITION_SERVICES, application_create
from zhicheng.audit.selectors import events_for_object
from zhicheng.policy.models import Specialty, Title

router = Router(tags=["applications"])


@router.get("/applications", response={200: list[ApplicationOut], **ERRORS})
@paginate(Pages, page_size=50)
def list_applications(request, state: str = ""):
    cases = application_list_visible_to(request.auth)
    return cases.filter(state=state) if state else cases


@router.get("/applications/{int:application_id}", response={200: ApplicationOut, **ERRORS})
def get_application(request, application_id: int):
    return application_get_for_user(application_id, user=request.auth)


@router.post("/applications", response={201: ApplicationOut, **ERRORS})
def create_application(request, payload: ApplicationIn):
    specialty = get_object_or_404(Specialty, pk=payload.specialty_id)
    title = get_object_or_404(Title, pk=payload.title_id)
    application = application_create(
        actor=request.auth, year=payload.year, specialty=specialty, title=title, statement=payload.statement
    )
    return 201, application


@router.post("/applications/{int:application_id}/transitions/{action}", response={200: ApplicationOut, **ERRORS})
def transition_application(request, application_id: int, action: str, payload: TransitionIn):
    """Move the case: `action` is one of submit, employer_approve, … (see the transitions table)."""
    service = TRANSITION_SERVICES.get(action)
    application = application_get_for_user(application_id, user=request.auth)
    if service is None:
        return 404, {"detail": f"没有名为 {action} 的操作"}
    return service(application, actor=request.auth, reason=payload.reason, **payload.extras(action))


@router.get("/applications/{int:application_id}/timeline", response={200: list[EventOut], **ERRORS})
def application_timeline(request, application_id: int):
    application = application_get_for_user(application_id, user=request.auth)
    return list(events_for_object(application))
