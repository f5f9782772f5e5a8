"""Publication pages: the public results; the office files its request; the bureau publishes or returns it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.audit.services import record_export
from zhicheng.lib.errors import Conflict, DomainError, Forbidden, RuleViolation
from zhicheng.lib.public_pages import shared_for_a_moment
from zhicheng.publication.forms import PublishForm, RequestForm, ReturnForm
from zhicheng.publication.models import PublicationRequest
from zhicheng.publication.selectors import (
    batches_for_office,
    entries_of,
    publication_get_public,
    publication_list_public,
    request_get_for_user,
    request_list_visible_to,
    requests_for_bureau,
)
from zhicheng.publication.services import (
    publication_publish,
    publication_request_preview,
    publication_request_return,
    publication_request_submit,
)

DOCUMENTS = {"letter": ("letter", "关于要求公布评审通过人员名单的函"), "list": ("name_list", "评审通过人员名单")}


def _only(user, role: str, what: str) -> None:
    if user.role != role:
        raise Forbidden(what)


# --- public ------------------------------------------------------------------------------------------------


@shared_for_a_moment
def public_list(request):
    page = Paginator(publication_list_public(), 20).get_page(request.GET.get("page"))
    return render(request, "publication/public_list.html", {"page": page})


def public_detail(request, pk: int):
    publication = publication_get_public(pk)
    context = {"publication": publication, "entries": entries_of(publication.request)}
    return render(request, "publication/public_detail.html", context)


# --- the office --------------------------------------------------------------------------------------------


@login_required
def office_list(request):
    _only(request.user, Role.OFFICE, "只有评委会办公室可以报送评审通过人员名单")
    context = {"batches": batches_for_office(request.user), "requests": request_list_visible_to(request.user)[:50]}
    return render(request, "publication/office_list.html", context)


@login_required
def prepare(request):
    """Choose the committee and year and give the letter's number and date; preview, then file."""
    _only(request.user, Role.OFFICE, "只有评委会办公室可以报送评审通过人员名单")
    form = RequestForm(request.POST or None, batches=batches_for_office(request.user))
    draft = None
    if request.method == "POST" and form.is_valid():
        batch, data = form.chosen(), form.cleaned_data
        args = {"year": batch.year, "letter_number": data["letter_number"], "letter_date": data["letter_date"]}
        try:
            if request.POST.get("confirm") == "yes":
                filed = publication_request_submit(batch.committee, actor=request.user, **args)
                people = filed.entries.count()
                messages.success(request, f"已报送{filed.bureau.name}审核：{filed.letter_number}，共{people}人。")
                return redirect("publication:request_detail", pk=filed.pk)
            draft = publication_request_preview(batch.committee, actor=request.user, **args)
        except DomainError as error:
            form.add_error(None, str(error))
    status = 422 if form.errors else 200
    return render(request, "publication/prepare.html", {"form": form, "draft": draft}, status=status)


# --- a request: the office follows it, the bureau decides it -------------------------------------------------


def _detail(request, filed: PublicationRequest, *, publish_form=None, return_form=None, status: int = 200):
    user = request.user
    decidable = filed.state == PublicationRequest.State.SUBMITTED
    context = {
        "filed": filed,
        "entries": entries_of(filed),
        "can_publish": decidable and user.has_perm("publication.publish", filed),
        "can_return": decidable and user.has_perm("publication.return_request", filed),
        "publish_form": publish_form or PublishForm(),
        "return_form": return_form or ReturnForm(),
    }
    return render(request, "publication/request_detail.html", context, status=status)


@login_required
def request_detail(request, pk: int):
    return _detail(request, request_get_for_user(pk, user=request.user))


@login_required
def document(request, pk: int, which: str):
    filed = request_get_for_user(pk, user=request.user)
    if which not in DOCUMENTS:
        raise Http404("没有这个文件")
    field, label = DOCUMENTS[which]
    record_export(actor=request.user, what=f"{label} {filed.letter_number}", count=filed.entries.count())
    name = f"{label}（{filed.letter_number}）.docx"
    return FileResponse(getattr(filed, field).open("rb"), as_attachment=True, filename=name)


@require_POST
@login_required
def publish(request, pk: int):
    filed = request_get_for_user(pk, user=request.user)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            publication = publication_publish(filed, actor=request.user, **form.cleaned_data)
        except (Conflict, RuleViolation) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"已发文公布：{publication.document_number}。")
            return redirect("publication:request_detail", pk=pk)
    return _detail(request, filed, publish_form=form, status=422)


@require_POST
@login_required
def return_request(request, pk: int):
    filed = request_get_for_user(pk, user=request.user)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            publication_request_return(filed, actor=request.user, **form.cleaned_data)
        except (Conflict, RuleViolation) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "已退回评委会办公室。")
            return redirect("publication:request_detail", pk=pk)
    return _detail(request, filed, return_form=form, status=422)


@login_required
def bureau_list(request):
    _only(request.user, Role.BUREAU, "只有人力社保局可以审核发文公布")
    return render(request, "publication/bureau_list.html", requests_for_bureau(request.user))
