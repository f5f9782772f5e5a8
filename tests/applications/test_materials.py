"""A case draws its materials from the archive and freezes them at submission (55号 §1); the mountain pool
is recorded from the employer's county and the work history (55号 §2)."""

from datetime import date

import pytest

from tests.factories import make_case
from zhicheng.accounts.models import Professional, Region
from zhicheng.applications.materials import application_select_materials
from zhicheng.applications.models import State
from zhicheng.applications.services import application_submit
from zhicheng.archive.models import Achievement, WorkPeriod
from zhicheng.lib.errors import RuleViolation


def _achievement(professional, title="数控机床主轴热变形补偿技术研究"):
    return Achievement.objects.create(
        professional=professional,
        kind="paper",
        title=title,
        achieved_on=date(2021, 5, 1),
        role="第一作者",
        identifier="10.1000/zw.2021.1",
    )


def test_editing_the_archive_after_submission_leaves_the_case_unchanged(client, world):
    case = make_case(State.DRAFT)
    zhangwei = Professional.objects.get(user__username="zhangwei")
    paper = _achievement(zhangwei)
    application_select_materials(
        case, actor=world["professional"], achievement_ids=[paper.pk], representative_ids=[paper.pk]
    )
    application_submit(case, actor=world["professional"])

    paper.title = "改过的题目"
    paper.save()

    material = case.materials.get()
    assert material.frozen["title"] == "数控机床主轴热变形补偿技术研究" and material.representative
    client.force_login(world["employer"])
    body = client.get(f"/applications/{case.pk}/").content.decode()
    assert "数控机床主轴热变形补偿技术研究" in body and "改过的题目" not in body


def test_only_ones_own_archive_entries_can_be_chosen(world):
    case = make_case(State.DRAFT)
    other = _achievement(Professional.objects.get(user__username="liuyang"), title="别人的论文")
    with pytest.raises(RuleViolation, match="只能选择本人业绩档案中的业绩"):
        application_select_materials(
            case, actor=world["professional"], achievement_ids=[other.pk], representative_ids=[]
        )


def test_the_mountain_pool_and_years_are_recorded_at_submission(world):
    zhangwei = Professional.objects.get(user__username="zhangwei")
    WorkPeriod.objects.create(
        professional=zhangwei,
        organisation="丽水莲都智能装备有限公司",
        region=Region.objects.get(name="莲都区"),
        started_on=date(2012, 1, 1),
        ended_on=date(2022, 1, 1),
    )
    case = make_case(State.SUBMITTED)
    assert case.in_mountain_pool and float(case.mountain_years) == pytest.approx(10.0, abs=0.1)
    hangzhou = make_case(State.SUBMITTED, applicant="chenjing", title="工程师")
    assert not hangzhou.in_mountain_pool


def test_the_applicant_picks_materials_on_the_edit_page(client, world):
    case = make_case(State.DRAFT)
    paper = _achievement(Professional.objects.get(user__username="zhangwei"))
    client.force_login(world["professional"])
    assert "数控机床主轴热变形补偿技术研究" in client.get(f"/applications/{case.pk}/edit/").content.decode()
    response = client.post(
        f"/applications/{case.pk}/edit/",
        {"statement": "陈述", "achievements": [paper.pk], "representative": [paper.pk]},
    )
    assert response.status_code == 302
    assert case.materials.get().achievement == paper
