"""The expert's pages (评审专家), made for a phone at the meeting table: the meetings I sit on, and the panel
page where I score each case on the approved standard (55号 §4(一)), step aside from one (40号令), and cast my
secret ballot (40号令). Thin: the meeting is read through the selectors and every change is a service."""

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.evaluation.ballot import ballot_cast
from zhicheng.evaluation.meetings import recuse_at_meeting
from zhicheng.evaluation.models import Meeting, MeetingCase, Panelist, Recusal, Score, VoteCast
from zhicheng.evaluation.rules import is_panelist
from zhicheng.evaluation.scoring import Row, ranking, score_submit
from zhicheng.evaluation.selectors import meeting_get_for_user, meetings_visible_to
from zhicheng.lib.errors import DomainError, Forbidden, RuleViolation


def _plain(number: Decimal) -> str:
    """20.0 as 20, 12.5 as 12.5: points as a person writes them."""
    return f"{number:.0f}" if number == number.to_integral_value() else str(number)


class ScoreForm(forms.Form):
    """One number per indicator of the case's standard. The range is the service's rule and is checked there;
    the form only reads numbers with the one decimal place a score is kept to."""

    def __init__(self, *args, indicators, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[self.field_name(indicator)] = forms.DecimalField(
                label=f"{indicator.name}（满分 {_plain(indicator.max_points)} 分）",
                help_text=indicator.guidance,
                max_digits=5,
                decimal_places=1,
                widget=forms.NumberInput(
                    attrs={"min": "0", "max": str(indicator.max_points), "step": "0.1", "inputmode": "decimal"}
                ),
            )

    @staticmethod
    def field_name(indicator) -> str:
        return f"indicator_{indicator.pk}"

    def points(self) -> dict[str, Decimal]:
        return {str(i.pk): self.cleaned_data[self.field_name(i)] for i in self.indicators}


class RecuseForm(forms.Form):
    note = forms.CharField(
        label="回避原因",
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：与申报人为亲属、师生，近期有合作，或其他可能影响公正评审的关系。",
    )


@dataclass
class AgendaRow:
    """One case of the agenda as this expert sees it: never how they voted, only that they did."""

    case: MeetingCase
    recusal: Recusal | None
    score: Score | None
    voted: bool
    score_form: ScoreForm | None = None
    recuse_form: RecuseForm | None = None
    can_vote: bool = False
    result: Row | None = None
    messages: list = field(default_factory=list)


def _prefix(case: MeetingCase) -> str:
    return f"case{case.pk}"


def _score_form(case: MeetingCase, score: Score | None, data=None) -> ScoreForm:
    indicators = case.standard.indicators.all()
    initial = {ScoreForm.field_name(i): score.points.get(str(i.pk)) for i in indicators} if score else None
    return ScoreForm(data, indicators=indicators, initial=initial, prefix=_prefix(case))


def _recuse_form(case: MeetingCase, data=None) -> RecuseForm:
    return RecuseForm(data, prefix=_prefix(case))


# --- reads for this expert's seat (the meeting itself comes through meeting_get_for_user) --------------------


def _meeting_for_expert(request, pk: int) -> Meeting:
    meeting = meeting_get_for_user(pk, user=request.user)
    # The predicate itself, not has_perm: a superuser passes every has_perm, yet holds no seat on a panel.
    if not is_panelist(request.user, meeting):
        raise Forbidden("只有本次会议的评审专家可以进入评分与表决页面")
    return meeting


def _case_of(meeting: Meeting, case_pk: int) -> MeetingCase:
    return get_object_or_404(
        MeetingCase.objects.select_related("standard", "application__applicant"), pk=case_pk, meeting=meeting
    )


def _seat(meeting: Meeting, user) -> Panelist:
    return meeting.panel.select_related("expert__user").get(expert__user=user)


def _agenda(meeting: Meeting, seat: Panelist, *, bound: dict[int, forms.Form]) -> list[AgendaRow]:
    cases = meeting.cases.select_related(
        "application__applicant", "application__employer", "application__specialty", "application__title", "standard"
    ).prefetch_related("standard__indicators")
    recusals = {r.meeting_case_id: r for r in seat.recusals.all()}
    scores = {s.meeting_case_id: s for s in seat.scores.all()}
    voted = set(VoteCast.objects.filter(panelist=seat).values_list("meeting_case_id", flat=True))
    results = {r.case.pk: r for r in ranking(meeting).general} if meeting.state == Meeting.State.CLOSED else {}
    acting = seat.present and meeting.state in (Meeting.State.OPEN, Meeting.State.VOTING)
    rows = []
    for case in cases:
        row = AgendaRow(case, recusals.get(case.pk), scores.get(case.pk), case.pk in voted, result=results.get(case.pk))
        if acting and row.recusal is None:
            form = bound.get(case.pk)
            if meeting.state == Meeting.State.OPEN:
                row.score_form = form if isinstance(form, ScoreForm) else _score_form(case, row.score)
            row.can_vote = meeting.state == Meeting.State.VOTING and not row.voted
            if not row.voted:
                row.recuse_form = form if isinstance(form, RecuseForm) else _recuse_form(case)
        rows.append(row)
    return rows


def _render_panel(request, meeting: Meeting, *, bound: dict[int, forms.Form] | None = None, status: int = 200):
    seat = _seat(meeting, request.user)
    rows = _agenda(meeting, seat, bound=bound or {})
    mine = [r for r in rows if r.recusal is None]
    # The redirect lands on the case, so a message about a case is shown in it, where the expert is looking.
    stored = list(messages.get_messages(request))
    for row in rows:
        row.messages = [m for m in stored if m.extra_tags == _anchor(row.case)]
    placed = {id(m) for row in rows for m in row.messages}
    context = {
        "messages": [m for m in stored if id(m) not in placed],
        "meeting": meeting,
        "seat": seat,
        "rows": rows,
        "mine": len(mine),
        "scored": sum(1 for r in mine if r.score),
        "voted": sum(1 for r in mine if r.voted),
    }
    return render(request, "evaluation/expert/panel.html", context, status=status)


def _anchor(case: MeetingCase) -> str:
    return f"case-{case.pk}"


def _back(meeting: Meeting, case: MeetingCase) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse('evaluation:panel', args=[meeting.pk])}#{_anchor(case)}")


# --- pages ------------------------------------------------------------------------------------------------


@login_required
def my_meetings(request):
    if request.user.role != Role.EXPERT:
        raise Forbidden("「我的评审会议」供评审专家使用")
    meetings = meetings_visible_to(request.user).annotate(case_count=Count("cases", distinct=True))
    return render(request, "evaluation/expert/mine.html", {"meetings": meetings})


@login_required
def panel(request, pk: int):
    return _render_panel(request, _meeting_for_expert(request, pk))


@require_POST
@login_required
def panel_score(request, pk: int, case_pk: int):
    meeting = _meeting_for_expert(request, pk)
    case = _case_of(meeting, case_pk)
    form = _score_form(case, None, data=request.POST)
    if form.is_valid():
        try:
            score = score_submit(case, actor=request.user, points=form.points())
        except RuleViolation as error:  # about the numbers entered: keep them on the page beside the message
            form.add_error(None, str(error))
        except DomainError as error:
            messages.error(request, str(error), extra_tags=_anchor(case))
            return _back(meeting, case)
        else:
            messages.success(
                request,
                f"已保存对{case.application.applicant.name}的评分，合计 {score.total} 分。",
                extra_tags=_anchor(case),
            )
            return _back(meeting, case)
    return _render_panel(request, meeting, bound={case.pk: form}, status=422)


@require_POST
@login_required
def panel_recuse(request, pk: int, case_pk: int):
    meeting = _meeting_for_expert(request, pk)
    case = _case_of(meeting, case_pk)
    form = _recuse_form(case, data=request.POST)
    if not form.is_valid():
        return _render_panel(request, meeting, bound={case.pk: form}, status=422)
    try:
        recuse_at_meeting(case, actor=request.user, note=form.cleaned_data["note"])
    except DomainError as error:
        messages.error(request, str(error), extra_tags=_anchor(case))
    else:
        messages.success(
            request,
            f"已登记回避{case.application.applicant.name}的申报，您不再对其评分和表决。",
            extra_tags=_anchor(case),
        )
    return _back(meeting, case)


@require_POST
@login_required
def panel_vote(request, pk: int, case_pk: int):
    meeting = _meeting_for_expert(request, pk)
    case = _case_of(meeting, case_pk)
    try:
        ballot_cast(case, actor=request.user, choice=request.POST.get("choice", ""))
    except DomainError as error:
        messages.error(request, str(error), extra_tags=_anchor(case))
    else:  # says that the ballot was cast, never which way
        messages.success(request, f"已对{case.application.applicant.name}的申报投票。", extra_tags=_anchor(case))
    return _back(meeting, case)


urlpatterns = [
    path("mine/", my_meetings, name="my_meetings"),
    path("<int:pk>/panel/", panel, name="panel"),
    path("<int:pk>/panel/case/<int:case_pk>/score/", panel_score, name="panel_score"),
    path("<int:pk>/panel/case/<int:case_pk>/recuse/", panel_recuse, name="panel_recuse"),
    path("<int:pk>/panel/case/<int:case_pk>/vote/", panel_vote, name="panel_vote"),
]
