"""Completeness by the year's policy (55号 §1): a checklist of what is missing, and one SQL rule that agrees."""

from datetime import date, timedelta

import time_machine
from django.utils import timezone

from tests.factories import complete_archive, make_professional
from zhicheng.accounts.models import Organisation, Professional, Region
from zhicheng.archive.completeness import checklist, complete_q, is_complete, mountain_county_years
from zhicheng.archive.models import Profile, WorkPeriod
from zhicheng.education.models import CERecord
from zhicheng.policy.models import Policy


def _complete_in_sql(person, year=2022) -> bool:
    return Professional.objects.filter(complete_q(year), pk=person.pk).exists()


def test_an_empty_archive_lists_everything_missing(world):
    newcomer = make_professional(world["employer"].organisation, sequence=5)
    items = checklist(newcomer, 2022)
    assert not is_complete(items)
    assert [item.done for item in items] == [False, False, False, False]
    assert items[0].detail == "尚缺：手机、学历学位、工作经历"
    assert items[1].detail == "已核验 0 条，还差 1 条"
    assert items[3].detail == "没有 2021 年度经单位确认的继续教育学时"
    assert not _complete_in_sql(newcomer)


def test_a_filled_archive_is_complete_in_the_checklist_and_in_sql(world, zhangwei):
    complete_archive(zhangwei)
    assert is_complete(checklist(zhangwei, 2022))
    assert _complete_in_sql(zhangwei)


def test_the_policy_numbers_decide(world, zhangwei):
    complete_archive(zhangwei)
    Policy.objects.filter(year=2022).update(archive_min_verified_achievements=2)
    items = checklist(zhangwei, 2022)
    assert items[1].label == "至少 2 条业绩经单位核验" and items[1].detail == "已核验 1 条，还差 1 条"
    assert not _complete_in_sql(zhangwei)
    Policy.objects.filter(year=2022).update(archive_min_verified_achievements=1, archive_requires_last_year_ce=False)
    CERecord.objects.filter(professional=zhangwei).delete()
    assert len(checklist(zhangwei, 2022)) == 3
    assert _complete_in_sql(zhangwei)


def test_an_archive_not_updated_for_13_months_is_stale(world, zhangwei):
    complete_archive(zhangwei)
    Profile.objects.filter(pk=zhangwei.pk).update(updated_at=timezone.now() - timedelta(days=400))
    items = checklist(zhangwei, 2022)
    assert not items[2].done and "请核对并更新档案" in items[2].detail
    assert not _complete_in_sql(zhangwei)


def test_twelve_months_later_it_goes_stale_on_its_own(world, zhangwei):
    complete_archive(zhangwei)
    with time_machine.travel(timezone.now() + timedelta(days=370)):
        assert not _complete_in_sql(zhangwei)


def test_only_confirmed_ce_hours_of_last_year_count(world, zhangwei):
    complete_archive(zhangwei)
    CERecord.objects.filter(professional=zhangwei).update(status=CERecord.Status.PENDING)
    assert not _complete_in_sql(zhangwei)
    CERecord.objects.filter(professional=zhangwei).update(status=CERecord.Status.CONFIRMED, year=2020)
    assert not _complete_in_sql(zhangwei)


def test_a_year_without_its_own_policy_uses_the_latest_earlier_one(world, zhangwei):
    complete_archive(zhangwei, year=2023)
    assert checklist(zhangwei, 2023)[3].label == "有 2022 年度继续教育学时"
    assert _complete_in_sql(zhangwei, 2023)


def test_years_in_a_mountain_county_come_from_the_work_history(world):
    person = make_professional(Organisation.objects.get(name="丽水莲都智能装备有限公司"), sequence=7)
    liandu = Region.objects.get(path="浙江省/丽水市/莲都区/")
    xihu = Region.objects.get(path="浙江省/杭州市/西湖区/")
    WorkPeriod.objects.create(
        professional=person, organisation="甲", region=xihu, started_on=date(2010, 1, 1), ended_on=date(2015, 1, 1)
    )
    WorkPeriod.objects.create(
        professional=person, organisation="乙", region=liandu, started_on=date(2015, 1, 1), ended_on=date(2021, 1, 1)
    )
    WorkPeriod.objects.create(
        professional=person, organisation="兼职", region=liandu, started_on=date(2019, 1, 1), ended_on=date(2020, 1, 1)
    )
    assert mountain_county_years(person, on=date(2022, 1, 1)) == 6.0


def test_the_owner_sees_the_checklist_on_their_page(client, world, zhangwei):
    client.force_login(world["professional"])
    response = client.get("/archive/", follow=True)
    body = response.content.decode()
    # His education and CE hours are on record; what he has still to fill in is listed.
    assert "档案完善情况" in body and "尚缺：手机、工作经历" in body and "档案未完善" in body
