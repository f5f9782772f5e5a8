import pytest

from zhicheng.accounts.models import User
from zhicheng.alerts.models import Alert
from zhicheng.audit.models import Event
from zhicheng.committees.models import Expert
from zhicheng.evaluation.models import MeetingCase, Panelist
from zhicheng.lib.errors import Forbidden, RuleViolation
from zhicheng.oversight.models import Complaint, Rereview
from zhicheng.oversight.selectors import eligible_reviewers
from zhicheng.oversight.services import (
    replay_sample,
    rereview_assign,
    rereview_decide,
    rereview_draw,
    sample_size,
)

pytestmark = pytest.mark.django_db


def city_bureau() -> User:
    return User.objects.get(username="rs_lishui")


def test_the_sample_size_follows_the_policy_percentage(decided):
    cases = decided(25)  # 10% of 25 is 2.5: three cases
    draw = rereview_draw(actor=city_bureau(), year=2022, seed="s")
    assert draw.cases.count() == 3
    assert set(draw.cases.values_list("application_id", flat=True)) <= {c.pk for c in cases}
    assert Event.objects.filter(action="rereview.draw").count() == 1


def test_a_committee_with_few_decided_cases_still_gets_one():
    assert sample_size(3, 10) == 1
    assert sample_size(0, 10) == 0
    assert sample_size(10, 10) == 1
    assert sample_size(11, 10) == 2


def test_the_draw_replays_from_its_seed(decided):
    decided(30)
    draw = rereview_draw(actor=city_bureau(), year=2022, seed="replay-me")
    committee_id = next(iter(draw.candidates))
    drawn = set(draw.cases.filter(committee_id=committee_id).values_list("application_id", flat=True))
    assert set(replay_sample(draw, committee_id)) == drawn


def test_a_county_bureau_does_not_draw(world, decided):
    decided(2)
    with pytest.raises(Forbidden):
        rereview_draw(actor=world["bureau"], year=2022)
    assert not Event.objects.filter(action="rereview.draw").exists()


def drawn_case(decided) -> Rereview:
    decided(1)
    return rereview_draw(actor=city_bureau(), year=2022, seed="x").cases.get()


def test_a_panelist_of_the_cases_meeting_is_never_its_rereviewer(world, decided, pool):
    case = drawn_case(decided)
    meeting = MeetingCase.objects.get(application=case.application).meeting
    sat = Expert.objects.get(user=world["expert"])
    Panelist.objects.create(meeting=meeting, expert=sat, order=1, present=True)
    assert sat not in eligible_reviewers(case)
    with pytest.raises(RuleViolation, match="回避"):
        rereview_assign(case, actor=world["bureau"], reviewer=world["expert"])
    other = User.objects.get(username="zj_li")
    assert rereview_assign(case, actor=world["bureau"], reviewer=other).reviewer == other


def test_an_outsider_bureau_cannot_assign(world, decided):
    case = drawn_case(decided)
    with pytest.raises(Forbidden):
        rereview_assign(case, actor=world["outsider"], reviewer=world["expert"])


def assigned(world, decided) -> Rereview:
    return rereview_assign(drawn_case(decided), actor=world["bureau"], reviewer=world["expert"])


def test_confirm_needs_no_reason(world, decided, pool):
    case = rereview_decide(assigned(world, decided), actor=world["expert"], confirm=True)
    assert case.state == Rereview.State.CONFIRMED
    assert not Alert.objects.exists()


def test_a_dispute_needs_a_reason(world, decided, pool):
    case = assigned(world, decided)
    with pytest.raises(RuleViolation, match="理由"):
        rereview_decide(case, actor=world["expert"], confirm=False, reason="  ")
    case.refresh_from_db()
    assert case.state == Rereview.State.ASSIGNED


def test_a_dispute_raises_the_alert_and_counts_as_a_complaint(world, decided, pool):
    case = rereview_decide(assigned(world, decided), actor=world["expert"], confirm=False, reason="论文系代写")
    alert = Alert.objects.get(kind=Alert.Kind.REREVIEW_DISPUTE)
    assert alert.severity == Alert.Severity.HIGH
    assert alert.committee == case.committee
    assert alert.region == case.committee.seat_region
    assert alert.evidence["reason"] == "论文系代写"
    assert alert.evidence["application_id"] == case.application_id
    assert Complaint.objects.get(source=Complaint.Source.REREVIEW).committee == case.committee


def test_only_the_assigned_expert_decides(world, decided, pool):
    case = assigned(world, decided)
    with pytest.raises(Forbidden):
        rereview_decide(case, actor=User.objects.get(username="zj_li"), confirm=True)


def test_the_expert_gives_the_verdict_on_the_page(client, world, decided, pool):
    case = assigned(world, decided)
    client.force_login(world["expert"])
    url = f"/oversight/rereviews/{case.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"verdict": "dispute", "reason": ""}).status_code == 422
    assert client.post(url, {"verdict": "confirm", "reason": ""}).status_code == 302
    case.refresh_from_db()
    assert case.state == Rereview.State.CONFIRMED
    client.force_login(world["outsider"])
    assert client.get(url).status_code == 404
