"""The case list as a workbench: filters, sorting, .xlsx export (audited) and bulk actions."""

import io

from openpyxl import load_workbook

from tests.factories import make_case
from zhicheng.accounts.models import User
from zhicheng.applications.models import State
from zhicheng.audit.models import Event


def test_filters_by_state_specialty_and_name(client, world):
    make_case(State.SUBMITTED)
    make_case(State.SUBMITTED, applicant="liuyang", specialty="电气工程")
    make_case(State.EMPLOYER_APPROVED, applicant="xuming")
    client.force_login(world["employer"])
    page = client.get("/applications/", {"state": "submitted"}).context["page"]
    assert {a.applicant.username for a in page} == {"zhangwei", "liuyang"}
    page = client.get("/applications/", {"q": "刘"}).context["page"]
    assert [a.applicant.username for a in page] == ["liuyang"]


def test_sorting_by_name_is_offered_and_applied(client, world):
    make_case(State.SUBMITTED)
    make_case(State.SUBMITTED, applicant="liuyang")
    client.force_login(world["employer"])
    names = [a.applicant.name for a in client.get("/applications/", {"sort": "name"}).context["page"]]
    assert names == sorted(names)


def test_sorting_by_committee_groups_the_cases_by_committee_newest_first_within(client, world):
    # 助理工程师 cases of 莲都区 go to the district 初评委, 工程师 cases to the city's engineering 中评委.
    cases = [make_case(State.SUBMITTED, title=title) for title in ("助理工程师", "工程师", "助理工程师")]
    assert len({case.committee_id for case in cases}) == 2
    client.force_login(world["bureau"])  # sees both committees' cases
    page = client.get("/applications/", {"sort": "committee"}).context["page"]
    assert [a.pk for a in page] == [c.pk for c in sorted(cases, key=lambda c: (c.committee.name, -c.pk))]
    client.force_login(world["office"])  # the district 初评委's office: one committee, so newest first
    page = client.get("/applications/", {"sort": "committee"}).context["page"]
    assert [a.pk for a in page] == [cases[2].pk, cases[0].pk]


def test_the_export_is_a_real_xlsx_of_the_filtered_list_and_is_audited(client, world):
    make_case(State.SUBMITTED)
    make_case(State.EMPLOYER_APPROVED, applicant="liuyang")
    client.force_login(world["employer"])
    response = client.get("/applications/", {"state": "submitted", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("编号", "姓名") and len(rows) == 2 and rows[1][1] == "张伟"
    event = Event.objects.get(action="export")
    assert event.actor_id == world["employer"].pk and event.data == {"rows": 1}


def test_a_bulk_recommendation_moves_each_case_and_names_the_one_it_could_not(client, world):
    first = make_case(State.SUBMITTED)
    second = make_case(State.SUBMITTED, applicant="liuyang")
    already = make_case(State.EMPLOYER_APPROVED, applicant="xuming")
    client.force_login(world["employer"])
    response = client.post(
        "/applications/bulk/", {"action": "employer_approve", "ids": [first.pk, second.pk, already.pk]}, follow=True
    )
    body = response.content.decode()
    assert "已单位推荐 2 件" in body and "未能单位推荐：徐明" in body
    for case in (first, second):
        case.refresh_from_db()
        assert case.state == State.EMPLOYER_APPROVED


def test_bulk_actions_touch_only_cases_the_user_can_see(client, world):
    case = make_case(State.SUBMITTED)
    client.force_login(User.objects.get(username="dw_xihu"))
    client.post("/applications/bulk/", {"action": "employer_approve", "ids": [case.pk]})
    case.refresh_from_db()
    assert case.state == State.SUBMITTED
