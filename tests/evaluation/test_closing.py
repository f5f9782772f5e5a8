"""Closing the meeting: the tallies become the cases' results in one transaction, the minutes are written as
.docx, and there is no other way to record a result (55号 §1)."""

import io

import pytest
from docx import Document

from tests.evaluation.helpers import office_of
from tests.evaluation.meeting_flow import vote, voting
from tests.factories import make_case
from zhicheng.applications.models import Outcome, State
from zhicheng.applications.services import application_record_evaluation
from zhicheng.evaluation.closing import meeting_close
from zhicheng.evaluation.models import Meeting
from zhicheng.lib.errors import Conflict, RuleViolation


def _text(document) -> str:
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_closing_records_each_result_and_writes_the_minutes(world):
    meeting, came = voting(world, panel=5, cases=2)
    first, second = meeting.cases.order_by("order")
    vote(first, came, yes=4, no=1)  # 4 of 5 ≥ 2/3: passed
    vote(second, came, yes=3, no=2)  # 3 of 5 < 2/3: failed
    meeting_close(meeting, actor=office_of(meeting.committee))

    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.CLOSED
    first.application.refresh_from_db()
    second.application.refresh_from_db()
    assert (first.application.state, first.application.outcome) == (State.EVALUATED, Outcome.PASSED)
    assert (second.application.state, second.application.outcome) == (State.EVALUATED, Outcome.FAILED)

    document = Document(io.BytesIO(meeting.minutes.read()))
    text = _text(document)
    assert "莲都区工程技术人员初级专业技术职务任职资格评审委员会评审会议纪要" in text
    rows = [[cell.text for cell in row.cells] for row in document.tables[-1].rows]
    assert rows[0] == ["申报人", "申报职称", "应投", "赞成", "反对", "弃权", "结果"]
    assert rows[1] == ["张伟", "助理工程师", "5", "4", "1", "0", "通过"]
    assert rows[2] == ["徐明", "助理工程师", "5", "3", "2", "0", "未通过"]
    assert meeting.draw_seed in text


def test_a_meeting_with_ballots_missing_does_not_close(world):
    meeting, came = voting(world, panel=5)
    vote(meeting.cases.get(), came[:4], yes=4)
    with pytest.raises(RuleViolation, match="表决尚未完成：张伟：尚有1位专家未投票"):
        meeting_close(meeting, actor=office_of(meeting.committee))
    assert Meeting.objects.get(pk=meeting.pk).state == Meeting.State.VOTING


def test_a_result_cannot_be_recorded_without_a_meeting(world, client):
    case = make_case(State.SCHEDULED)
    with pytest.raises(Conflict, match="评审结果只能由评审会议表决产生"):
        application_record_evaluation(case, actor=world["office"], outcome=Outcome.PASSED)
    client.force_login(world["office"])
    assert "录入评审结果" not in client.get(f"/applications/{case.pk}/").content.decode()


def test_the_result_recorded_must_be_the_ballots(world):
    meeting, came = voting(world, panel=5)
    case = meeting.cases.get()
    vote(case, came, yes=2, no=3)
    from zhicheng.evaluation.ballot import case_tally
    from zhicheng.policy.selectors import policy_for

    case.passed = case_tally(case, policy_for(2026)).passed
    case.save()
    with pytest.raises(Conflict, match="须与评审会议表决结果一致（表决结果：未通过）"):
        application_record_evaluation(case.application, actor=office_of(meeting.committee), outcome=Outcome.PASSED)
