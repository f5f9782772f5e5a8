"""Every transition of the case: the right role moves it, every other role is refused, a wrong state is a
conflict, and exactly one audit event is written for each success and none for a refusal."""

import pytest

from tests.base import NAMED
from tests.factories import make_case
from zhicheng.applications.models import Application, State
from zhicheng.applications.services import TRANSITION_SERVICES, application_publish
from zhicheng.applications.transitions import BY_ACTION, TRANSITIONS
from zhicheng.audit.models import Event
from zhicheng.audit.selectors import events_for_object
from zhicheng.demo.loader import transition_extras
from zhicheng.demo.meetings import seed_meeting
from zhicheng.lib.errors import Conflict, Forbidden

# action: (state the case is walked to, outcome it carries, who may act, a state the action is illegal in)
CASES = {
    "submit": (State.DRAFT, "", {"professional"}, State.SCHEDULED),
    "employer_approve": (State.SUBMITTED, "", {"employer"}, State.DRAFT),
    "authority_approve": (State.EMPLOYER_APPROVED, "", {"authority"}, State.SUBMITTED),
    "accept": (State.AUTHORITY_APPROVED, "", {"office"}, State.EMPLOYER_APPROVED),
    "qualify": (State.ACCEPTED, "", {"office"}, State.AUTHORITY_APPROVED),
    "start_pre_publicity": (State.QUALIFIED, "", {"office"}, State.ACCEPTED),
    "schedule": (State.PRE_PUBLICITY, "", {"office"}, State.QUALIFIED),
    "record_evaluation": (State.SCHEDULED, "passed", {"office"}, State.PRE_PUBLICITY),
    "start_result_publicity": (State.EVALUATED, "passed", {"office"}, State.SCHEDULED),
    "publish": (State.RESULT_PUBLICITY, "passed", {"bureau"}, State.EVALUATED),
    "certify": (State.PUBLISHED, "passed", {"bureau"}, State.RESULT_PUBLICITY),
    "archive": (State.CERTIFIED, "passed", {"office"}, State.SCHEDULED),
    "return": (State.SUBMITTED, "", {"employer"}, State.DRAFT),
    "withdraw": (State.SUBMITTED, "", {"professional"}, State.SCHEDULED),
    "reject": (State.ACCEPTED, "", {"office"}, State.SUBMITTED),
    "veto": (State.PRE_PUBLICITY, "", {"office", "bureau"}, State.DRAFT),
    "overturn": (State.RESULT_PUBLICITY, "passed", {"office"}, State.EVALUATED),
}


def test_every_transition_of_the_table_is_covered_here():
    assert set(CASES) == {t.action for t in TRANSITIONS}


def _call(action: str, application: Application, actor, outcome: str = ""):
    extra = transition_extras(action, outcome)
    # Publishing is the publication service's and the referral's to make; the move itself is tested here.
    service = application_publish if action == "publish" else TRANSITION_SERVICES[action]
    return service(application, actor=actor, reason="核实无误", **extra)


def _snapshot(application: Application) -> tuple:
    application.refresh_from_db()
    return application.state, application.outcome, Event.objects.count()


@pytest.mark.parametrize("action", list(CASES))
def test_the_right_role_moves_the_case_and_one_event_is_recorded(world, action):
    source, outcome, allowed, _ = CASES[action]
    # A different colleague of 张伟 each time: a veto bars its applicant from applying again.
    for role, applicant in zip(sorted(allowed), ["zhangwei", "liuyang"], strict=False):
        application = make_case(source, outcome=outcome, applicant=applicant)
        if action == "record_evaluation":
            seed_meeting(application, outcome, world[role])  # a result comes only from a meeting's ballot
        events_before = events_for_object(application).count()

        moved = _call(action, application, world[role], outcome)

        assert moved.state == BY_ACTION[action].target
        assert events_for_object(application).count() == events_before + 1
        event = events_for_object(application).last()
        assert (event.action, event.before, event.after) == (f"application.{action}", source, moved.state)
        assert event.actor_id == world[role].pk
        assert event.object_id == str(application.pk)


@pytest.mark.parametrize("action", list(CASES))
def test_every_other_role_is_refused_and_nothing_changes(world, action):
    source, outcome, allowed, _ = CASES[action]
    application = make_case(source, outcome=outcome)
    before = _snapshot(application)
    for role in sorted(set(NAMED) - allowed):
        with pytest.raises(Forbidden):
            _call(action, application, world[role], outcome)
        assert _snapshot(application) == before, f"{role} changed the case"


@pytest.mark.parametrize("action", list(CASES))
def test_a_wrong_state_is_a_conflict_and_nothing_changes(world, action):
    _, outcome, allowed, wrong_state = CASES[action]
    application = make_case(wrong_state, outcome=outcome)
    before = _snapshot(application)
    with pytest.raises(Conflict) as error:
        _call(action, application, world[sorted(allowed)[0]], outcome)
    assert BY_ACTION[action].label in error.value.message
    assert _snapshot(application) == before


def test_the_outsider_bureau_cannot_veto_a_liandu_case(world):
    application = make_case(State.PRE_PUBLICITY)
    with pytest.raises(Forbidden):
        _call("veto", application, world["outsider"])


def test_a_returned_case_can_be_fixed_and_resubmitted(world):
    application = make_case(State.RETURNED)
    resubmitted = _call("submit", application, world["professional"])
    assert resubmitted.state == State.SUBMITTED


def test_return_requires_a_reason(world):
    from zhicheng.lib.errors import RuleViolation

    application = make_case(State.SUBMITTED)
    with pytest.raises(RuleViolation, match="须填写理由"):
        TRANSITION_SERVICES["return"](application, actor=world["employer"], reason="  ")
    assert _snapshot(application)[0] == State.SUBMITTED


def test_only_the_current_holder_may_return(world):
    application = make_case(State.SUBMITTED)
    # The authority will review it later, but while it waits on the employer it is not theirs to return.
    with pytest.raises(Forbidden, match="当前不在您的环节"):
        _call("return", application, world["authority"])


def test_the_case_page_and_the_api_do_not_publish_one_case_alone(world, client):
    case = make_case(State.RESULT_PUBLICITY, outcome="passed")
    with pytest.raises(Conflict, match="发文公布须由人力社保局按评审通过人员名单整批办理"):
        TRANSITION_SERVICES["publish"](case, actor=world["bureau"], reason="")
    client.force_login(world["bureau"])
    assert "发文公布</button>" not in client.get(f"/applications/{case.pk}/").content.decode()
