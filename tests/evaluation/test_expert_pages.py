"""The expert's pages at a meeting: the meetings they sit on, scoring, recusal and the secret ballot (40号令).

A meeting of the 莲都区 初评委 is built through the real services (tests.evaluation.helpers.ready_meeting),
reported and approved, every drawn expert signs in, and the office opens it; the expert then works the page.
"""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.evaluation.helpers import office_of, ready_meeting
from zhicheng.evaluation.ballot import ballot_cast
from zhicheng.evaluation.closing import meeting_close
from zhicheng.evaluation.meetings import attendance_record, meeting_open, voting_open
from zhicheng.evaluation.models import Meeting, MeetingCase, MeetingReport, Recusal, Score, VoteCast
from zhicheng.evaluation.scoring import score_submit

ON = date(2025, 10, 21)


def _ballots(case: MeetingCase) -> int:
    """The ballots in the case's box (counts only: the box does not know who cast them)."""
    case.refresh_from_db()
    return case.yes + case.no + case.abstain


def _open(meeting: Meeting, *, present=None) -> Meeting:
    """The bureau's approval of the report (written directly: its pages are another feature), the sign-in of
    the drawn experts, and the office opening the meeting."""
    office = office_of(meeting.committee)
    MeetingReport.objects.create(
        meeting=meeting,
        content={},
        submitted_by=office,
        submitted_at=timezone.now(),
        state=MeetingReport.State.APPROVED,
    )
    panel = list(meeting.panel.all())
    attendance_record(meeting, actor=office, present={p.pk for p in panel} if present is None else present)
    meeting_open(meeting, actor=office)
    meeting.refresh_from_db()
    return meeting


def _panelists(meeting: Meeting) -> list:
    return [p.expert.user for p in meeting.panel.select_related("expert__user")]


def _full_marks(case: MeetingCase, less: Decimal = Decimal(0)) -> dict[str, Decimal]:
    return {str(i.pk): i.max_points - less for i in case.standard.indicators.all()}


def _to_voting(meeting: Meeting, *, except_for: tuple | None = None) -> Meeting:
    """Every present expert scores every case (but the one a recused expert steps aside from), and the office
    opens the vote."""
    for user in _panelists(meeting):
        for case in meeting.cases.all():
            if (user, case) != except_for:
                score_submit(case, actor=user, points=_full_marks(case, Decimal(2)))
    voting_open(meeting, actor=office_of(meeting.committee))
    meeting.refresh_from_db()
    return meeting


def _url(name: str, meeting: Meeting, case: MeetingCase | None = None) -> str:
    return reverse(f"evaluation:{name}", args=[meeting.pk] if case is None else [meeting.pk, case.pk])


def _field(case: MeetingCase, indicator) -> str:
    return f"case{case.pk}-indicator_{indicator.pk}"


def _case_section(html: str, case: MeetingCase) -> str:
    match = re.search(rf'<section class="card panel-case" id="case-{case.pk}".*?</section>', html, re.S)
    assert match, f"case {case.pk} is not on the page"
    return match.group(0)


def _pool_experts() -> list:
    from zhicheng.committees.models import Expert

    return [e.user for e in Expert.objects.select_related("user").filter(specialty__name="机械工程", active=True)]


def _points_post(case: MeetingCase, value: Decimal) -> dict[str, str]:
    return {_field(case, i): str(value) for i in case.standard.indicators.all()}


def _main(html: str) -> str:
    """The page without its header (which holds the logout form)."""
    return html.split('<main class="page">', 1)[1]


@pytest.fixture
def meeting(world):
    return _open(ready_meeting(world, on=ON, cases=2))


@pytest.fixture
def expert(meeting):
    return _panelists(meeting)[0]


# --- access ---------------------------------------------------------------------------------------------


def test_an_expert_sees_only_the_meetings_they_sit_on(world, client):
    mine = ready_meeting(world, on=ON, cases=1)
    other = ready_meeting(world, on=ON, applicants=["xuming"], experts=12)
    only_mine = set(_panelists(mine)) - set(_panelists(other))
    assert only_mine, "the two draws picked the same panel; change the pool size"
    user = only_mine.pop()

    client.force_login(user)
    response = client.get(reverse("evaluation:my_meetings"))

    assert response.status_code == 200
    assert _url("panel", mine) in response.text
    assert _url("panel", other) not in response.text
    assert "2025年10月21日" in response.text
    assert "待召开" in response.text
    assert client.get(_url("panel", other)).status_code == 403


def test_the_experts_nav_links_to_their_meetings(client, expert):
    client.force_login(expert)
    response = client.get("/")
    assert "我的评审会议" in response.text
    assert reverse("evaluation:my_meetings") in response.text


def test_the_pages_need_a_login(client, meeting):
    case = meeting.cases.first()
    for url in (reverse("evaluation:my_meetings"), _url("panel", meeting)):
        assert client.get(url).status_code == 302
    assert client.post(_url("panel_score", meeting, case)).status_code == 302
    assert not Score.objects.exists()


def test_an_expert_not_on_the_panel_gets_403(world, client, meeting):
    outsider = next(u for u in _pool_experts() if u not in _panelists(meeting))
    case = meeting.cases.first()
    client.force_login(outsider)

    assert client.get(_url("panel", meeting)).status_code == 403
    response = client.post(_url("panel_score", meeting, case), _points_post(case, Decimal(1)))
    assert response.status_code == 403
    assert not Score.objects.exists()


def test_the_office_gets_403_on_the_panel_pages(world, client, meeting):
    case = meeting.cases.first()
    office = office_of(meeting.committee)
    client.force_login(office)

    assert client.get(_url("panel", meeting)).status_code == 403
    assert client.get(reverse("evaluation:my_meetings")).status_code == 403
    assert client.post(_url("panel_score", meeting, case), _points_post(case, Decimal(1))).status_code == 403
    assert client.post(_url("panel_recuse", meeting, case), {f"case{case.pk}-note": "x"}).status_code == 403
    assert not Score.objects.exists()
    assert not Recusal.objects.filter(reason=Recusal.Reason.AT_MEETING).exists()


def test_a_case_of_another_meeting_is_not_found(world, client, meeting, expert):
    other = ready_meeting(world, on=ON, applicants=["sunli"])
    stranger = other.cases.first()
    client.force_login(expert)

    response = client.post(_url("panel_score", meeting, stranger), _points_post(stranger, Decimal(1)))

    assert response.status_code == 404
    assert not Score.objects.exists()


# --- the stages -----------------------------------------------------------------------------------------


def test_before_the_meeting_opens_the_page_says_scoring_starts_when_the_office_opens_it(world, client):
    meeting = ready_meeting(world, on=ON, cases=1)
    client.force_login(_panelists(meeting)[0])

    response = client.get(_url("panel", meeting))

    assert response.status_code == 200
    assert "评委会办公室宣布开会后，即可在此按量化评价标准逐件评分" in response.text
    assert "<form" not in _main(response.text)


def test_an_open_meeting_shows_each_case_with_a_score_form(client, meeting, expert):
    client.force_login(expert)

    response = client.get(_url("panel", meeting))

    assert response.status_code == 200
    for case in meeting.cases.select_related("application__applicant", "application__employer"):
        section = _case_section(response.text, case)
        assert case.application.applicant.name in section
        assert case.application.employer.name in section
        assert "机械工程 · 助理工程师" in section
        assert _url("panel_score", meeting, case) in section
        for indicator in case.standard.indicators.all():
            assert f'name="{_field(case, indicator)}"' in section
            assert f"{indicator.name}（满分 {indicator.max_points:.0f} 分）" in section
            assert indicator.guidance in section
        assert "申请回避" in section


def test_a_mountain_county_applicant_is_flagged_with_their_years(client, meeting, expert):
    case = meeting.cases.select_related("application").first()
    case.application.in_mountain_pool, case.application.mountain_years = True, Decimal("6.5")
    case.application.save(update_fields=["in_mountain_pool", "mountain_years"])
    client.force_login(expert)

    section = _case_section(client.get(_url("panel", meeting)).text, case)

    assert "山区26县单列" in section
    assert "在山区26县工作 6.5 年" in section


def test_an_absent_expert_sees_the_cases_but_no_form(world, client):
    meeting = ready_meeting(world, on=ON, cases=1)
    panel = list(meeting.panel.select_related("expert__user"))
    _open(meeting, present={p.pk for p in panel[1:]})
    client.force_login(panel[0].expert.user)

    response = client.get(_url("panel", meeting))

    assert response.status_code == 200
    assert "您未登记出席本次会议" in response.text
    assert "<form" not in _main(response.text)


# --- scoring --------------------------------------------------------------------------------------------


def test_an_expert_scores_through_the_page_and_the_total_is_the_sum(client, meeting, expert):
    case = meeting.cases.first()
    indicators = list(case.standard.indicators.all())
    given = [Decimal("18.5"), Decimal("42"), Decimal("27.5")]
    client.force_login(expert)

    response = client.post(
        _url("panel_score", meeting, case), {_field(case, i): str(v) for i, v in zip(indicators, given, strict=True)}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{_url('panel', meeting)}#case-{case.pk}"
    score = Score.objects.get(meeting_case=case, panelist__expert__user=expert)
    assert score.total == sum(given) == Decimal("88")
    page = client.get(response["Location"])
    assert "已保存对" in page.text
    assert "合计 88.0 分" in page.text
    section = _case_section(page.text, case)
    assert 'value="18.5"' in section  # the form keeps what was scored, to revise until voting opens
    assert "修改评分" in section


def test_an_expert_revises_a_score_until_voting_opens(client, meeting, expert):
    case = meeting.cases.first()
    client.force_login(expert)
    client.post(_url("panel_score", meeting, case), _points_post(case, Decimal(10)))
    client.post(_url("panel_score", meeting, case), _points_post(case, Decimal(5)))

    assert Score.objects.get(meeting_case=case, panelist__expert__user=expert).total == Decimal(15)


def test_a_score_over_an_indicators_maximum_shows_the_error_and_keeps_the_page(client, meeting, expert):
    case = meeting.cases.first()
    first, *rest = case.standard.indicators.all()
    client.force_login(expert)
    data = {_field(case, first): str(first.max_points + 5), **{_field(case, i): "3" for i in rest}}

    response = client.post(_url("panel_score", meeting, case), data)

    assert response.status_code == 422
    section = _case_section(response.text, case)
    assert f"「{first.name}」的得分应在 0 至 {first.max_points} 分之间" in section
    assert f'value="{first.max_points + 5}"' in section  # what the expert typed is still there
    assert not Score.objects.exists()
    for other in meeting.cases.exclude(pk=case.pk):  # the rest of the page is all there
        assert _url("panel_score", meeting, other) in response.text


def test_a_missing_or_unreadable_number_is_shown_beside_its_field(client, meeting, expert):
    case = meeting.cases.first()
    first, _, third = case.standard.indicators.all()
    client.force_login(expert)
    data = {_field(case, first): "十", _field(case, third): "3"}  # the second left empty

    response = client.post(_url("panel_score", meeting, case), data)

    assert response.status_code == 422
    section = _case_section(response.text, case)
    assert section.count('class="field-error"') == 2
    assert not Score.objects.exists()


# --- recusal --------------------------------------------------------------------------------------------


def test_an_expert_recuses_through_the_page_and_then_sees_no_score_form(client, meeting, expert):
    case = meeting.cases.first()
    client.force_login(expert)
    client.post(_url("panel_score", meeting, case), _points_post(case, Decimal(3)))

    response = client.post(_url("panel_recuse", meeting, case), {f"case{case.pk}-note": "申报人是我的研究生"})

    assert response.status_code == 302
    recusal = Recusal.objects.get(meeting_case=case, panelist__expert__user=expert)
    assert recusal.reason == Recusal.Reason.AT_MEETING
    assert not Score.objects.filter(meeting_case=case, panelist__expert__user=expert).exists()
    section = _case_section(client.get(response["Location"]).text, case)
    assert "回避" in section
    assert "会上主动申请回避（申报人是我的研究生）" in section
    assert "<form" not in section


def test_a_recused_experts_score_is_refused(client, meeting, expert):
    case = meeting.cases.first()
    client.force_login(expert)
    client.post(_url("panel_recuse", meeting, case), {f"case{case.pk}-note": "近期合作"})

    response = client.post(_url("panel_score", meeting, case), _points_post(case, Decimal(3)), follow=True)

    assert "您已回避该申报，不能评分" in _case_section(response.text, case)
    assert not Score.objects.filter(meeting_case=case).exists()


def test_an_automatic_recusal_shows_its_reason(client, meeting, expert):
    case = meeting.cases.first()
    panelist = meeting.panel.get(expert__user=expert)
    Recusal.objects.create(meeting_case=case, panelist=panelist, reason=Recusal.Reason.SAME_EMPLOYER, note="同在某单位")
    client.force_login(expert)

    section = _case_section(client.get(_url("panel", meeting)).text, case)

    assert "同一工作单位（同在某单位）" in section
    assert "<form" not in section


def test_a_recusal_needs_a_reason(client, meeting, expert):
    case = meeting.cases.first()
    client.force_login(expert)

    response = client.post(_url("panel_recuse", meeting, case), {f"case{case.pk}-note": ""})

    assert response.status_code == 422
    assert '<details class="recuse" open>' in _case_section(response.text, case)
    assert not Recusal.objects.filter(reason=Recusal.Reason.AT_MEETING).exists()


# --- the ballot -----------------------------------------------------------------------------------------


def test_an_expert_votes_through_the_page_and_a_second_vote_is_refused(client, meeting, expert):
    meeting = _to_voting(meeting)
    case = meeting.cases.first()
    client.force_login(expert)
    section = _case_section(client.get(_url("panel", meeting)).text, case)
    assert _url("panel_vote", meeting, case) in section
    assert all(f'value="{c}"' in section for c in ("yes", "no", "abstain"))
    assert 'type="number"' not in section  # scoring is over once the vote opens

    response = client.post(_url("panel_vote", meeting, case), {"choice": "yes"})

    assert response.status_code == 302
    assert response["Location"] == f"{_url('panel', meeting)}#case-{case.pk}"
    assert VoteCast.objects.filter(meeting_case=case, panelist__expert__user=expert).count() == 1
    assert _ballots(case) == 1
    page = client.get(response["Location"]).text
    assert "已投票" in _case_section(page, case)
    assert _url("panel_vote", meeting, case) not in page

    again = client.post(_url("panel_vote", meeting, case), {"choice": "no"}, follow=True)

    assert "您已对该申报投票，每位专家对每件申报只能投一票" in _case_section(again.text, case)
    assert _ballots(case) == 1


def test_the_page_never_shows_what_the_expert_chose(client, meeting):
    meeting = _to_voting(meeting)
    case = meeting.cases.first()
    first, second = _panelists(meeting)[:2]
    sections = []
    for user, choice in ((first, "yes"), (second, "no")):
        client.force_login(user)
        landed = _case_section(
            client.post(_url("panel_vote", meeting, case), {"choice": choice}, follow=True).text, case
        )
        assert f"已对{case.application.applicant.name}的申报投票。" in landed  # said in the case it is about
        for word in ("赞成", "反对", "弃权"):
            assert word not in landed
        sections.append(_case_section(client.get(_url("panel", meeting)).text, case))

    # The two experts voted differently and see the very same thing: that they voted.
    assert sections[0] == sections[1]
    for word in ("赞成", "反对", "弃权", 'name="choice"'):
        assert word not in sections[0]


def test_a_recused_expert_gets_no_ballot(client, meeting, expert):
    case = meeting.cases.first()
    client.force_login(expert)
    client.post(_url("panel_recuse", meeting, case), {f"case{case.pk}-note": "亲属关系"})
    meeting = _to_voting(meeting, except_for=(expert, case))

    section = _case_section(client.get(_url("panel", meeting)).text, case)
    refused = client.post(_url("panel_vote", meeting, case), {"choice": "yes"}, follow=True)

    assert _url("panel_vote", meeting, case) not in section
    assert "您已回避该申报，不能表决" in refused.text
    assert _ballots(case) == 0


def test_a_closed_meeting_shows_the_results(client, meeting, expert):
    meeting = _to_voting(meeting)
    for user in _panelists(meeting):
        for case in meeting.cases.all():
            ballot_cast(case, actor=user, choice="yes")
    meeting_close(meeting, actor=office_of(meeting.committee))
    client.force_login(expert)

    response = client.get(_url("panel", meeting))

    assert response.status_code == 200
    assert "会议已结束" in response.text
    for case in meeting.cases.all():
        section = _case_section(response.text, case)
        assert "通过" in section
        assert "应投 5 票：赞成 5 · 反对 0 · 弃权 0" in section
        assert "<form" not in section
