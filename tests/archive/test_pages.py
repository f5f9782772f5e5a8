"""Archive pages: login required, each role sees exactly the archives of its scope."""

import pytest
from django.urls import reverse

from tests.factories import complete_archive
from zhicheng.accounts.models import Professional, User


def test_pages_require_login(client, world, zhangwei):
    for url in [reverse("archive:mine"), reverse("archive:staff"), reverse("archive:professional", args=[zhangwei.pk])]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


LIANDU_FIRM = {"张伟", "刘洋", "黄强", "徐明", "孙丽", "罗宇", "唐军"}  # 丽水莲都智能装备有限公司
LIANDU_FORESTRY = {"王芳", "周杰", "高峰", "马静"}  # 浙江丽水林业发展有限公司


def _listed(client, user) -> set[str]:
    client.force_login(user)
    response = client.get(reverse("archive:staff"))
    assert response.status_code == 200
    return {person.name for person in response.context["page"].object_list}


def test_the_employer_lists_its_own_staff_only(client, world):
    assert _listed(client, world["employer"]) == LIANDU_FIRM


def test_the_district_bureau_lists_the_staff_of_employers_in_its_district(client, world):
    assert _listed(client, world["bureau"]) == LIANDU_FIRM | LIANDU_FORESTRY


def test_the_city_bureau_sees_more_and_the_outsider_sees_only_its_county(client, world):
    assert "李娜" in _listed(client, User.objects.get(username="rs_lishui"))
    assert _listed(client, world["outsider"]) == {"陈静"}


def test_an_office_sees_the_staff_in_its_committees_jurisdiction(client, world):
    assert _listed(client, world["office"]) == LIANDU_FIRM | LIANDU_FORESTRY


def test_an_expert_sees_no_archive(client, world):
    assert _listed(client, world["expert"]) == set()


def test_another_employer_is_refused_a_persons_page(client, world, zhangwei):
    client.force_login(User.objects.get(username="dw_longquan"))
    response = client.get(reverse("archive:professional", args=[zhangwei.pk]))
    assert response.status_code == 403 and "无权查看此人的业绩档案" in response.content.decode()


def test_the_staff_list_filters_incomplete_archives(client, world, zhangwei):
    complete_archive(zhangwei)
    client.force_login(world["employer"])
    incomplete = client.get(reverse("archive:staff"), {"status": "incomplete"}).context["page"].object_list
    complete = client.get(reverse("archive:staff"), {"status": "complete"}).context["page"].object_list
    assert "张伟" not in {p.name for p in incomplete} and {p.name for p in complete} == {"张伟"}


def test_the_staff_list_finds_by_name_or_id_number(client, world):
    client.force_login(world["employer"])
    by_name = client.get(reverse("archive:staff"), {"q": "张"}).context["page"].object_list
    by_id = client.get(reverse("archive:staff"), {"q": "331102199402150017"}).context["page"].object_list
    assert [p.name for p in by_name] == ["张伟"] and [p.name for p in by_id] == ["刘洋"]


@pytest.mark.parametrize("role", ["employer", "bureau", "office", "authority"])
def test_the_persons_page_works_for_each_role_in_scope(client, world, zhangwei, role):
    client.force_login(world[role])
    response = client.get(reverse("archive:professional", args=[zhangwei.pk]))
    assert response.status_code == 200 and "档案完善情况" in response.content.decode()


def test_a_professional_without_a_record_is_asked_to_register(client, world):
    user = User.objects.get(username="zhangwei")
    Professional.objects.filter(user=user).update(user=None)
    client.force_login(user)
    assert "建立个人业绩档案" in client.get(reverse("archive:mine")).content.decode()


def test_the_bureau_sees_masked_id_numbers(client, world, zhangwei):
    client.force_login(world["bureau"])
    body = client.get(reverse("archive:staff")).content.decode()
    assert "331102198503121237" not in body and "331*************37" in body
