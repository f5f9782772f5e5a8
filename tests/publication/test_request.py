"""The office's request (附件4-2, 附件4-3, 55号 §4(三)): the two documents open in Word and list exactly the
passed cases of the committee and year in 评后公示; each case is on one live list only."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import make_case
from tests.publication.helpers import (
    FORESTRY,
    LIANDU,
    LIANDU_OFFICE,
    committee,
    file,
    messages_for,
    opened,
    passed,
    run_queued_tasks,
    table_rows,
    text_of,
)
from zhicheng.accounts.models import User
from zhicheng.applications.models import State
from zhicheng.audit.models import Event
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation
from zhicheng.publication.models import PublicationEntry, PublicationRequest
from zhicheng.publication.services import publication_request_preview, publication_request_return
from zhicheng.publicity.models import Publicity, PublicityEntry
from zhicheng.publicity.services import objection_answer, objection_file

HEADER = ["序号", "姓名", "性别", "工作单位", "专业", "评审通过资格", "备注"]


def events(action: str) -> int:
    return Event.objects.filter(action=action).count()


@pytest.fixture
def cases(world):
    """Two passed cases of the 莲都区 初评委 in 2022, and three that must stay off its 2022 list: the same
    committee's 2023 case, a forestry 工程师 case and a forestry 高级工程师 case recommended upward."""
    return {
        "zhang": passed("zhangwei"),
        "xu": passed("xuming"),
        "liu_2023": passed("liuyang", year=2023),
        "wang_forestry": passed("wangfang", specialty="林业工程", title="工程师"),
        "zhou_recommended": make_case(
            State.RESULT_PUBLICITY, applicant="zhoujie", specialty="林业工程", title="高级工程师", outcome="recommended"
        ),
    }


def test_the_letter_and_the_list_open_in_word_and_list_exactly_the_passed_cases(world, cases):
    request = file(world["office"])
    assert request.state == PublicationRequest.State.SUBMITTED
    assert request.bureau.name == "莲都区人力资源和社会保障局" and request.office.name == LIANDU_OFFICE

    letter = opened(request.letter)
    head = letter.paragraphs[0]
    assert head.text == f"{LIANDU_OFFICE}函"
    assert head.alignment == 1 and head.runs[0].font.color.rgb == (0xFF, 0x00, 0x00)  # red, centred
    text = text_of(letter)
    assert "莲职改办〔2022〕3号" in text
    assert f"关于要求公布{LIANDU}2022年度评审通过人员名单的函" in text
    assert "莲都区人力资源和社会保障局：" in text
    assert "2人评审通过" in text and "请予审核并发文公布" in text
    assert "评审结果已于2022年10月17日至" in text  # the seeded 评后公示
    assert "公示期间未收到异议" in text
    assert "{{" not in text and "{%" not in text

    name_list = opened(request.name_list)
    rows = table_rows(name_list)
    assert rows[0] == HEADER
    assert [row[1] for row in rows[1:]] == ["张伟", "徐明"]
    zhang = rows[1]
    assert zhang == ["1", "张伟", "男", "丽水莲都智能装备有限公司", "机械工程", "助理工程师", "山区26县单列"]
    assert f"{LIANDU}2022年度评审通过人员名单" in text_of(name_list)
    assert "（莲职改办〔2022〕3号附件，共2人）" in text_of(name_list)

    entries = list(request.entries.values_list("application_id", flat=True))
    assert entries == [cases["zhang"].pk, cases["xu"].pk]
    assert request.entries.get(order=1).masked_id_number == "331*************37"
    assert len(request.letter_sha256) == 64 and len(request.name_list_sha256) == 64
    assert events("publication_request.submit") == 1


def test_the_recommended_case_is_not_on_the_forestry_committees_passed_list(world, cases):
    forestry_office = User.objects.get(username="bgs_linye")
    request = file(forestry_office, name=FORESTRY, number="丽林职改〔2022〕1号")
    assert request.bureau.name == "丽水市人力资源和社会保障局"  # a city committee: the city bureau publishes
    assert [row[1] for row in table_rows(opened(request.name_list))[1:]] == ["王芳"]
    assert list(request.entries.values_list("application_id", flat=True)) == [cases["wang_forestry"].pk]


def test_a_second_request_for_the_same_cases_is_refused(world, cases):
    first = file(world["office"])
    with pytest.raises(Conflict, match="已列入莲职改办〔2022〕3号（待审核），不能重复报送") as refused:
        file(world["office"], number="莲职改办〔2022〕4号")
    assert refused.value.clause == "55号 §4(三)"
    assert PublicationRequest.objects.count() == 1 and events("publication_request.submit") == 1

    publication_request_return(first, actor=world["bureau"], reason="名单中专业填写有误")
    again = file(world["office"], number="莲职改办〔2022〕4号")
    assert list(again.entries.values_list("name", flat=True)) == ["张伟", "徐明"]
    assert PublicationEntry.objects.filter(live=True).count() == 2


def test_a_case_that_reaches_the_list_later_goes_on_a_request_of_its_own(world, cases):
    file(world["office"])
    late = passed("liuyang")  # another 2022 case whose result publicity ended after the first request
    second = file(world["office"], number="莲职改办〔2022〕4号")
    assert list(second.entries.values_list("application_id", flat=True)) == [late.pk]


def test_only_an_office_of_the_committee_files(world, cases):
    for username in ("rs_xihu", "bgs_gongcheng", "rs_liandu", "zhangwei"):
        with pytest.raises(Forbidden, match=f"只有{LIANDU}办公室可以报送"):
            file(User.objects.get(username=username))
    assert not PublicationRequest.objects.exists() and events("publication_request.submit") == 0


def test_the_letter_number_is_the_offices_own_in_the_official_form(world, cases):
    with pytest.raises(RuleViolation, match="函号「莲职改办2022-3」格式不对"):
        file(world["office"], number="莲职改办2022-3")
    request = file(world["office"], number=" 莲职改办[2022]3号 ")
    assert request.letter_number == "莲职改办〔2022〕3号"
    passed("liuyang")  # a later 2022 case: a new request, which needs a number of its own
    with pytest.raises(Conflict, match="函号莲职改办〔2022〕3号已用于"):
        file(world["office"])


def test_a_letter_dated_tomorrow_is_refused(world, cases):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(RuleViolation, match="不能晚于今天"):
        file(world["office"], on=tomorrow)


def test_a_year_with_nothing_passed_in_publicity_has_nothing_to_file(world, cases):
    make_case(State.EVALUATED, applicant="sunli", outcome="failed", year=2024)
    with pytest.raises(RuleViolation, match="2024年度没有可报送的评审通过人员"):
        file(world["office"], year=2024)


def test_the_preview_writes_nothing(world, cases):
    draft = publication_request_preview(
        committee(),
        actor=world["office"],
        year=2022,
        letter_number="莲职改办〔2022〕3号",
        letter_date=timezone.localdate(),
    )
    assert [e.name for e in draft.entries] == ["张伟", "徐明"] and draft.bureau.name == "莲都区人力资源和社会保障局"
    assert not PublicationRequest.objects.exists() and events("publication_request.submit") == 0


def test_the_bureau_is_told_when_a_request_arrives(world, cases, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        file(world["office"])
    run_queued_tasks()
    assert any("莲职改办〔2022〕3号" in m and "请审核并发文公布" in m for m in messages_for("rs_liandu"))
    assert not messages_for("rs_lishui")


def test_the_letter_reports_the_objections_to_the_result_publicity(world, cases):
    entry = PublicityEntry.objects.get(application=cases["xu"], publicity__kind=Publicity.Kind.RESULT)
    with time_machine.travel("2022-10-18 10:00 +0800", tick=False):
        objection = objection_file(entry, contact_name="李先生", contact_phone="13900000000", text="业绩年限存疑")
        objection_answer(objection, actor=world["office"], upheld=False, answer="经核实，业绩年限属实")
    text = text_of(opened(file(world["office"]).letter))
    assert "公示期间收到异议1件，已调查核实并作出处理1件" in text


def test_nothing_is_filed_while_the_result_publicity_runs(world, cases):
    with time_machine.travel("2022-10-20 10:00 +0800", tick=False), pytest.raises(Conflict) as refused:
        file(world["office"], on=date(2022, 10, 20))
    assert refused.value.message.startswith("以下人员尚不能报送公布：张伟：评后公示至2022年10月21日结束")
    assert "徐明" in refused.value.message and not PublicationRequest.objects.exists()
