"""The bureau of the committee's seat checks the list and publishes it by a document numbered per bureau per
year, moving every listed case to 已公布, or returns it with reasons (55号 §4(三))."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.publication.helpers import FORESTRY, file, messages_for, passed, run_queued_tasks
from zhicheng.accounts.models import Organisation, User
from zhicheng.applications.models import State
from zhicheng.applications.services import application_veto
from zhicheng.audit.models import Event
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation
from zhicheng.publication.models import DocumentCounter, DocumentPrefix, Publication, PublicationRequest
from zhicheng.publication.numbering import derive_prefix
from zhicheng.publication.services import publication_publish, publication_request_return


def events(action: str) -> int:
    return Event.objects.filter(action=action).count()


def states(request: PublicationRequest) -> list[str]:
    return [e.application.state for e in request.entries.select_related("application").order_by("order")]


@pytest.fixture
def filed(world):
    passed("zhangwei")
    passed("xuming")
    return file(world["office"])


def test_publishing_moves_every_case_to_published_under_the_bureaus_number(world, filed):
    today = timezone.localdate()
    publication = publication_publish(filed, actor=world["bureau"], published_on=today)
    assert publication.document_number == f"莲人社〔{today.year}〕1号"
    assert (publication.bureau.name, publication.year, publication.number) == (
        "莲都区人力资源和社会保障局",
        today.year,
        1,
    )
    filed.refresh_from_db()
    assert filed.state == PublicationRequest.State.PUBLISHED and filed.decided_by == world["bureau"]
    assert states(filed) == [State.PUBLISHED, State.PUBLISHED]
    assert events("publication_request.publish") == 1 and events("application.publish") == 2
    event = Event.objects.get(action="application.publish", object_id=str(filed.entries.get(order=1).application_id))
    assert event.reason == f"莲人社〔{today.year}〕1号发文公布"


def test_the_numbers_run_on_per_bureau_and_start_again_each_year(world):
    office, bureau = world["office"], world["bureau"]
    with time_machine.travel("2026-12-30 10:00 +0800", tick=False):
        passed("zhangwei")
        first = file(office, number="莲职改办〔2026〕1号")
        passed("xuming")
        second = file(office, number="莲职改办〔2026〕2号")
        assert publication_publish(second, actor=bureau, published_on=date(2026, 12, 30)).number == 1
        assert publication_publish(first, actor=bureau, published_on=date(2026, 12, 30)).number == 2
        passed("wangfang", specialty="林业工程", title="工程师")
        forestry = file(User.objects.get(username="bgs_linye"), name=FORESTRY, number="丽林职改〔2026〕1号")
        city = publication_publish(
            forestry, actor=User.objects.get(username="rs_lishui"), published_on=date(2026, 12, 30)
        )
        assert city.document_number == "丽人社〔2026〕1号"  # the city bureau counts on its own
    with time_machine.travel("2027-01-04 10:00 +0800", tick=False):
        passed("liuyang")
        third = file(office, number="莲职改办〔2027〕1号")
        assert (
            publication_publish(third, actor=bureau, published_on=date(2027, 1, 4)).document_number
            == "莲人社〔2027〕1号"
        )
    numbers = list(Publication.objects.order_by("pk").values_list("document_number", flat=True))
    assert numbers == ["莲人社〔2026〕1号", "莲人社〔2026〕2号", "丽人社〔2026〕1号", "莲人社〔2027〕1号"]
    assert DocumentCounter.objects.get(organisation=bureau.organisation, year=2026).last_number == 2


def test_the_prefix_is_data_the_administrator_may_correct(world, filed):
    bureau = Organisation.objects.get(name="丽水市人力资源和社会保障局")
    assert derive_prefix(bureau) == "丽人社"
    assert derive_prefix(Organisation.objects.get(name="浙江省人力资源和社会保障厅")) == "浙人社"
    DocumentPrefix.objects.create(organisation=world["bureau"].organisation, prefix="莲人社发")
    publication = publication_publish(filed, actor=world["bureau"], published_on=timezone.localdate())
    assert publication.document_number.startswith("莲人社发〔")


@pytest.mark.parametrize("username", ["rs_lishui", "rs_xihu", "rs_province", "bgs_liandu", "zhangwei"])
def test_only_the_bureau_where_the_committee_sits_publishes(world, filed, username):
    actor = User.objects.get(username=username)
    with pytest.raises(Forbidden, match="只有莲都区人力资源和社会保障局可以发文公布"):
        publication_publish(filed, actor=actor, published_on=timezone.localdate())
    with pytest.raises(Forbidden, match="只有莲都区人力资源和社会保障局可以退回"):
        publication_request_return(filed, actor=actor, reason="越权")
    filed.refresh_from_db()
    assert filed.state == PublicationRequest.State.SUBMITTED and states(filed) == [State.RESULT_PUBLICITY] * 2
    assert not Publication.objects.exists() and not DocumentCounter.objects.exists()
    assert events("publication_request.publish") == events("publication_request.return") == 0


def test_a_published_request_is_not_published_again(world, filed):
    publication_publish(filed, actor=world["bureau"], published_on=timezone.localdate())
    with pytest.raises(Conflict, match="该函当前为「已发文公布」，不能再发文公布"):
        publication_publish(filed, actor=world["bureau"], published_on=timezone.localdate())
    with pytest.raises(Conflict, match="不能再退回"):
        publication_request_return(filed, actor=world["bureau"], reason="重复")
    assert Publication.objects.count() == 1 and events("publication_request.publish") == 1


def test_the_date_is_neither_in_the_future_nor_before_the_request(world, filed):
    today = timezone.localdate()
    with pytest.raises(RuleViolation, match="不能晚于今天"):
        publication_publish(filed, actor=world["bureau"], published_on=today + timedelta(days=1))
    with pytest.raises(RuleViolation, match="不能早于评委会办公室报送的日期"):
        publication_publish(filed, actor=world["bureau"], published_on=today - timedelta(days=1))
    assert not DocumentCounter.objects.exists()


def test_a_case_vetoed_after_filing_stops_the_publication_and_spends_no_number(world, filed):
    xu = filed.entries.get(name="徐明").application
    application_veto(xu, actor=world["office"], reason="经查代表作存在抄袭")
    with pytest.raises(Conflict, match="徐明（一票否决）"):
        publication_publish(filed, actor=world["bureau"], published_on=timezone.localdate())
    assert states(filed) == [State.RESULT_PUBLICITY, State.VETOED]
    assert not Publication.objects.exists() and not DocumentCounter.objects.filter(last_number__gt=0).exists()


def test_the_bureau_returns_with_reasons_and_the_office_may_file_again(
    world, filed, django_capture_on_commit_callbacks
):
    with pytest.raises(RuleViolation, match="请填写退回理由"):
        publication_request_return(filed, actor=world["bureau"], reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        publication_request_return(filed, actor=world["bureau"], reason="徐明的专业应为机械工程（数控）")
    filed.refresh_from_db()
    assert filed.state == PublicationRequest.State.RETURNED and filed.return_reason == "徐明的专业应为机械工程（数控）"
    assert not filed.entries.filter(live=True).exists() and states(filed) == [State.RESULT_PUBLICITY] * 2
    assert events("publication_request.return") == 1
    run_queued_tasks()
    assert any("退回了莲职改办〔2022〕3号" in m and "徐明的专业应为" in m for m in messages_for("bgs_liandu"))
    assert file(world["office"], number="莲职改办〔2022〕5号").entries.count() == 2


def test_the_office_is_told_when_the_list_is_published(world, filed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publication = publication_publish(filed, actor=world["bureau"], published_on=timezone.localdate())
    run_queued_tasks()
    assert any(publication.document_number in m and "已发文公布" in m for m in messages_for("bgs_liandu"))
