"""The profile: one person, one archive keyed by a valid ID number; contact, education, work, titles."""

import pytest
from django.urls import reverse

from zhicheng.accounts.models import Organisation, Professional, Region, Role, User
from zhicheng.archive.models import EducationEntry, Profile, WorkPeriod
from zhicheng.archive.services import professional_register, profile_update
from zhicheng.audit.models import Event
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation


@pytest.fixture
def newcomer(world):
    return User.objects.create(
        username="xinren",
        name="新人",
        role=Role.PROFESSIONAL,
        organisation=Organisation.objects.get(name="丽水莲都智能装备有限公司"),
    )


def test_a_bad_id_checksum_is_refused_with_a_clear_message(newcomer):
    with pytest.raises(RuleViolation) as caught:
        professional_register(actor=newcomer, name="新人", id_number="331102199001011230")
    assert "身份证号校验位不正确（按GB 11643应为" in str(caught.value)
    assert not Professional.objects.filter(user=newcomer).exists()


def test_a_bad_id_checksum_is_refused_on_the_page_beside_the_field(client, newcomer):
    client.force_login(newcomer)
    response = client.post(reverse("archive:mine"), {"name": "新人", "id_number": "331102199001011230"})
    assert response.status_code == 422
    assert "身份证号校验位不正确" in response.content.decode()


def test_birth_date_and_sex_come_from_the_id_number(newcomer):
    professional = professional_register(actor=newcomer, name="新人", id_number="331102199001011235")
    assert str(professional.birth_date) == "1990-01-01" and professional.sex == "男"
    assert Event.objects.filter(action="archive.register").count() == 1


def test_one_person_one_archive(newcomer):
    with pytest.raises(Conflict, match="一人一档"):
        professional_register(actor=newcomer, name="张伟", id_number="331102198503121237")


def test_the_owner_fills_the_profile_by_page_and_it_becomes_complete(client, world, zhangwei):
    client.force_login(world["professional"])
    assert (
        client.post(reverse("archive:profile"), {"phone": "13900000001", "email": "zw@example.com"}).status_code == 302
    )
    response = client.post(
        reverse("archive:entry_add", args=["education"]),
        {
            "education-level": "bachelor",
            "education-degree": "bachelor",
            "education-school": "浙江工业大学",
            "education-major": "机械设计",
            "education-graduated_on": "2007-06-30",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("archive:entry_add", args=["work"]),
        {
            "work-organisation": "丽水莲都智能装备有限公司",
            "work-region": Region.objects.get(name="莲都区").pk,
            "work-started_on": "2007-07-01",
        },
    )
    assert response.status_code == 302
    profile = Profile.objects.get(pk=zhangwei.pk)
    assert profile.profile_complete and profile.phone == "13900000001"
    assert EducationEntry.objects.filter(professional=zhangwei, school="浙江工业大学", major="机械设计").exists()


def test_a_work_period_must_name_a_county(client, world, zhangwei):
    client.force_login(world["professional"])
    response = client.post(
        reverse("archive:entry_add", args=["work"]),
        {
            "work-organisation": "某公司",
            "work-region": Region.objects.get(path="浙江省/丽水市/").pk,
            "work-started_on": "2007-07-01",
        },
    )
    assert response.status_code == 422
    assert not WorkPeriod.objects.exists()


def test_only_the_owner_edits_the_profile(world, zhangwei):
    with pytest.raises(Forbidden):
        profile_update(zhangwei, actor=world["employer"], phone="13900000000")


def test_an_entry_is_deleted_only_from_ones_own_profile(client, world, zhangwei):
    from datetime import date

    entry = EducationEntry.objects.create(
        professional=zhangwei, level="bachelor", school="某大学", major="机械", graduated_on=date(2007, 6, 30)
    )
    client.force_login(User.objects.get(username="liuyang"))
    assert client.post(reverse("archive:entry_delete", args=["education", entry.pk])).status_code == 404
    client.force_login(world["professional"])
    assert client.post(reverse("archive:entry_delete", args=["education", entry.pk])).status_code == 302
    assert not EducationEntry.objects.filter(pk=entry.pk).exists()
