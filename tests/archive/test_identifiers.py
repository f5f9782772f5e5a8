"""Same identifier, two people: the DOI, patent or standard number another person also claims is flagged."""

from datetime import date

from zhicheng.accounts.models import Professional, User
from zhicheng.archive.identifiers import identifier_key
from zhicheng.archive.services import achievement_create, achievement_delete, achievement_update

PAPER = {"kind": "paper", "title": "汽车空调压缩机振动分析", "achieved_on": date(2021, 1, 1), "role": "第一作者"}


def _claim(username: str, identifier: str, **extra):
    user = User.objects.get(username=username)
    return achievement_create(
        Professional.objects.get(user=user), actor=user, data={**PAPER, "identifier": identifier, **extra}
    )


def test_one_spelling_per_identifier():
    assert identifier_key("paper", "https://doi.org/10.1000/ABC") == identifier_key("paper", "doi: 10.1000/abc")
    assert identifier_key("patent", "ZL 2020 1 0123456.7") == "patent:ZL202010123456.7"
    assert identifier_key("standard", "GB/T 1234-2020") == "standard:GB/T1234-2020"
    assert identifier_key("project", "2021C01001") == ""


def test_a_doi_claimed_by_two_people_marks_both_for_review(world):
    first = _claim("zhangwei", "10.1000/xyz")
    assert not first.needs_review
    second = _claim("lina", "https://doi.org/10.1000/XYZ")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.needs_review and second.needs_review


def test_the_same_person_twice_is_not_flagged(world):
    _claim("zhangwei", "10.1000/xyz")
    again = _claim("zhangwei", "10.1000/xyz", title="会议版本")
    again.refresh_from_db()
    assert not again.needs_review


def test_when_the_other_claim_goes_the_flag_clears(world):
    first = _claim("zhangwei", "10.1000/xyz")
    second = _claim("lina", "10.1000/xyz")
    achievement_delete(second, actor=User.objects.get(username="lina"))
    first.refresh_from_db()
    assert not first.needs_review


def test_changing_the_number_away_clears_the_flag(world):
    first = _claim("zhangwei", "10.1000/xyz")
    second = _claim("lina", "10.1000/xyz")
    achievement_update(second, actor=User.objects.get(username="lina"), data={**PAPER, "identifier": "10.1000/other"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert not first.needs_review and not second.needs_review


def test_the_page_says_how_many_others_claim_it(client, world):
    first = _claim("zhangwei", "10.1000/xyz")
    _claim("lina", "10.1000/xyz")
    client.force_login(world["professional"])
    body = client.get(f"/archive/achievements/{first.pk}/").content.decode()
    assert "另有 1 位专业技术人才登记了同一标识号" in body
