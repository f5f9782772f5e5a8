"""The secret ballot (40号令): a pass needs two thirds of the experts present and not recused; one ballot each;
and nothing stored joins a choice to the expert who made it."""

from fractions import Fraction

import pytest
from django.apps import apps
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.evaluation.meeting_flow import vote, voting
from zhicheng.audit.models import Event
from zhicheng.evaluation.ballot import Tally, ballot_cast, case_tally
from zhicheng.evaluation.models import VoteCast
from zhicheng.lib.errors import Conflict
from zhicheng.policy.models import Policy
from zhicheng.policy.selectors import policy_for


@pytest.mark.parametrize(("yes", "passed"), [(7, True), (6, False)])
def test_seven_yes_of_ten_present_passes_and_six_does_not(world, yes, passed):
    meeting, came = voting(world, panel=15, present=10)
    case = meeting.cases.get()
    vote(case, came, yes=yes, no=1)
    result = case_tally(case, policy_for(meeting.date.year))
    assert (result.voters, result.yes, result.no, result.abstain) == (10, yes, 1, 9 - yes)
    assert result.passed is passed


def test_a_second_ballot_is_refused(world):
    meeting, came = voting(world, panel=5)
    case = meeting.cases.get()
    ballot_cast(case, actor=came[0].expert.user, choice="yes")
    with pytest.raises(Conflict, match="每位专家对每件申报只能投一票"):
        ballot_cast(case, actor=came[0].expert.user, choice="no")
    case.refresh_from_db()
    assert (case.yes, case.no, case.abstain) == (1, 0, 0) and VoteCast.objects.count() == 1


def _columns(model) -> set[str]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, model._meta.db_table)
    return {column.name for column in description}


def test_no_stored_table_joins_a_choice_to_an_expert(world):
    meeting, came = voting(world, panel=5)
    vote(meeting.cases.get(), came, yes=3, no=1)
    voter_columns = {"panelist_id", "expert_id", "user_id", "actor_id", "created_by_id"}
    choice_columns = {"choice", "yes", "no", "abstain"}
    for model in apps.get_app_config("evaluation").get_models():
        columns = _columns(model)
        assert not (columns & voter_columns and columns & choice_columns), model.__name__
    # Who voted names the expert and nothing of the vote, and carries no time to match against anything.
    assert _columns(VoteCast) == {"id", "meeting_case_id", "panelist_id"}
    # The audit trail records that each expert voted, never how.
    cast = Event.objects.filter(action="ballot.cast")
    assert cast.count() == 5
    for event in cast:
        text = f"{event.before}{event.after}{event.reason}{event.data}"
        assert not any(word in text for word in ("yes", "no", "abstain", "赞成", "反对", "弃权"))


def test_the_tally_counts_every_ballot_cast_and_passes_by_the_policy_fraction(world):
    meeting, came = voting(world, panel=9)
    case = meeting.cases.get()

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        choices=st.lists(st.sampled_from(["yes", "no", "abstain"]), max_size=len(came)),
        fraction=st.sampled_from([(2, 3), (1, 2), (3, 4), (1, 1)]),
    )
    def check(choices, fraction):
        numerator, denominator = fraction
        with transaction.atomic():
            Policy.objects.filter(year=2022).update(pass_numerator=numerator, pass_denominator=denominator)
            for panelist, choice in zip(came, choices, strict=False):
                ballot_cast(case, actor=panelist.expert.user, choice=choice)
            result = case_tally(case, policy_for(meeting.date.year))
            transaction.set_rollback(True)  # the next example votes on an empty box
        expected = tuple(choices.count(c) for c in ("yes", "no", "abstain"))
        assert (result.yes, result.no, result.abstain) == expected
        assert result.voters == len(came)  # everyone present and not recused, voted or not
        assert result.passed == (Fraction(result.yes, len(came)) >= Fraction(numerator, denominator))

    check()


def test_nobody_present_passes_nothing():
    assert not Tally(0, 0, 0, voters=0, numerator=2, denominator=3).passed
