"""The meeting's rules (40号令, 55号 §4(三)): opening needs the bureau's approval, a quorum of two thirds opens
voting, the draw can be replayed from its seed, and experts step aside from their own unit's cases."""

import pytest

from tests.evaluation.helpers import office_of, ready_meeting
from tests.evaluation.meeting_flow import MEETING_DAY, approve_report, opened, score_everything
from zhicheng.accounts.models import Organisation
from zhicheng.committees.models import DeclaredConflict, Expert
from zhicheng.evaluation.meetings import (
    attendance_record,
    draw_candidates,
    meeting_open,
    recuse_at_meeting,
    replay_draw,
    voting_open,
)
from zhicheng.evaluation.models import Meeting, Recusal
from zhicheng.evaluation.scoring import score_submit
from zhicheng.lib.errors import Forbidden, RuleViolation


def test_a_meeting_without_the_bureaus_approval_does_not_open(world):
    meeting = ready_meeting(world, on=MEETING_DAY)
    office = office_of(meeting.committee)
    with pytest.raises(RuleViolation, match=r"须经人力社保局书面同意后方可召开.*55号 §4\(三\)"):
        meeting_open(meeting, actor=office)
    approve_report(meeting, world)
    assert meeting_open(meeting, actor=office).state == Meeting.State.OPEN


def test_only_the_committees_office_opens_it(world):
    meeting = ready_meeting(world, on=MEETING_DAY)
    approve_report(meeting, world)
    with pytest.raises(Forbidden):
        meeting_open(meeting, actor=world["bureau"])


def test_ten_of_fifteen_present_opens_voting(world):
    meeting, came = opened(world, panel=15, present=10)
    score_everything(meeting, came)
    assert voting_open(meeting, actor=office_of(meeting.committee)).state == Meeting.State.VOTING


def test_nine_of_fifteen_present_does_not(world):
    meeting, came = opened(world, panel=15, present=9)
    score_everything(meeting, came)
    with pytest.raises(RuleViolation, match=r"出席专家9人，不足专家组15人的2/3（至少10人），不能表决（40号令）"):
        voting_open(meeting, actor=office_of(meeting.committee))


def test_voting_waits_for_every_score(world):
    meeting, came = opened(world, panel=5)
    score_everything(meeting, came[1:])
    with pytest.raises(RuleViolation, match=f"以下评分尚未完成：张伟：{came[0].expert.user.name}"):
        voting_open(meeting, actor=office_of(meeting.committee))


def test_the_draw_replays_from_its_stored_seed(world):
    meeting = ready_meeting(world, on=MEETING_DAY, experts=12, size=7)
    drawn = list(meeting.panel.order_by("order").values_list("expert_id", flat=True))
    assert meeting.draw_candidates == draw_candidates(meeting) and len(meeting.draw_candidates) == 12
    assert replay_draw(meeting.draw_seed, meeting.draw_candidates, meeting.draw_size) == drawn


def test_a_panel_smaller_than_the_policys_minimum_is_refused(world):
    with pytest.raises(RuleViolation, match="初评委评审专家不少于5人，本次拟抽取4人"):
        ready_meeting(world, on=MEETING_DAY, size=4)


def test_an_expert_of_the_applicants_employer_or_with_a_declared_conflict_steps_aside(world):
    pool = Expert.objects.select_related("user")
    meeting = ready_meeting(world, on=MEETING_DAY, cases=2, experts=5)
    case_of = {c.application.applicant.username: c for c in meeting.cases.select_related("application__applicant")}
    # Automatic recusals are made at the draw; redo them for a pool where two experts have conflicts.
    colleague = pool.get(user__username="zj_pool01")
    colleague.employer = Organisation.objects.get(name="丽水莲都智能装备有限公司")
    colleague.save()
    relative = pool.get(user__username="zj_pool02")
    DeclaredConflict.objects.create(
        expert=relative, kind="relative", person_id_number=case_of["xuming"].application.professional.id_number
    )
    from zhicheng.evaluation.meetings import _automatic_recusals

    Recusal.objects.filter(meeting_case__meeting=meeting).delete()
    _automatic_recusals(meeting)
    reasons = {
        (r.meeting_case.application.applicant.username, r.panelist.expert.user.username): r.reason
        for r in Recusal.objects.filter(meeting_case__meeting=meeting).select_related(
            "meeting_case__application__applicant", "panelist__expert__user"
        )
    }
    assert reasons == {
        ("zhangwei", "zj_pool01"): "same_employer",
        ("xuming", "zj_pool01"): "same_employer",
        ("xuming", "zj_pool02"): "declared",
    }


def test_a_recused_expert_can_neither_score_nor_vote_on_that_case(world):
    from zhicheng.evaluation.ballot import ballot_cast

    meeting, came = opened(world, panel=5)
    case = meeting.cases.get()
    expert = came[0].expert.user
    recuse_at_meeting(case, actor=expert, note="申报人是我的表弟")
    points = {str(i.pk): 1 for i in case.standard.indicators.all()}
    with pytest.raises(Forbidden, match="您已回避该申报，不能评分"):
        score_submit(case, actor=expert, points=points)
    score_everything(meeting, came)  # the others; the recused expert is skipped
    voting_open(meeting, actor=office_of(meeting.committee))
    with pytest.raises(Forbidden, match="您已回避该申报，不能表决"):
        ballot_cast(case, actor=expert, choice="yes")


def test_an_absent_expert_cannot_score(world):
    meeting, came = opened(world, panel=6, present=5)
    absent = meeting.panel.exclude(pk__in=[p.pk for p in came]).get()
    case = meeting.cases.get()
    with pytest.raises(Forbidden, match="未登记出席"):
        score_submit(case, actor=absent.expert.user, points={})


def test_attendance_names_only_the_panel(world):
    meeting = ready_meeting(world, on=MEETING_DAY)
    with pytest.raises(RuleViolation, match="不属于本次专家组"):
        attendance_record(meeting, actor=office_of(meeting.committee), present={-1})
