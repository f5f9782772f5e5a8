import pytest

from zhicheng.accounts.models import Region
from zhicheng.alerts.models import Alert
from zhicheng.alerts.selectors import alert_list_visible_to
from zhicheng.alerts.services import STAGE_FROM, Finding, alert_confirm, alert_dismiss, raise_alert, raise_alerts
from zhicheng.audit.models import Event
from zhicheng.lib.errors import Forbidden, RuleViolation


def _alert(path="浙江省/丽水市/莲都区/", key="k1"):
    return raise_alert(
        Alert.Kind.CE_DAILY, key, region=Region.objects.get(path=path), summary="测试预警", evidence={"hours": "30"}
    )


def test_dismiss_needs_a_reason_and_is_audited(world):
    alert = _alert()
    with pytest.raises(RuleViolation):
        alert_dismiss(alert, actor=world["bureau"], reason="  ")
    assert not Event.objects.filter(action="alert.dismiss").exists()
    alert = alert_dismiss(alert, actor=world["bureau"], reason="培训机构集中面授，已核实")
    assert alert.state == Alert.State.DISMISSED and alert.decided_by == world["bureau"]
    assert Event.objects.filter(action="alert.dismiss").count() == 1


def test_an_outsider_bureau_cannot_confirm(world):
    with pytest.raises(Forbidden):
        alert_confirm(_alert(), actor=world["outsider"], reason="理由")
    assert not Event.objects.filter(action="alert.confirm").exists()


def test_a_redetection_refreshes_but_does_not_reopen(world):
    alert_dismiss(_alert(), actor=world["bureau"], reason="已核实")
    again = raise_alert(
        Alert.Kind.CE_DAILY,
        "k1",
        region=Region.objects.get(path="浙江省/杭州市/西湖区/"),
        summary="新摘要",
        evidence={"hours": "31"},
    )
    assert Alert.objects.count() == 1
    assert again.state == Alert.State.DISMISSED and again.evidence == {"hours": "31"}


# A handful of findings is written in one INSERT, many are staged by COPY first: both must keep the text.
@pytest.mark.parametrize("others", [0, STAGE_FROM], ids=["few", "many"])
def test_alerts_keep_text_with_tabs_newlines_backslashes_and_quotes_exactly(world, others):
    # Summaries quote achievement titles as people typed them; the batch write must not mangle them.
    region = Region.objects.get(path="浙江省/丽水市/莲都区/")
    title = '一种\t装置\r\n（第二版）\\ "改进" \\N'
    findings = [
        Finding(Alert.Kind.NEAR_DUPLICATE, f"pair-{n}", region.pk, f"「{title}」{n}", {"title": title, "n": n})
        for n in range(3)
    ]
    findings.append(Finding(Alert.Kind.NEAR_DUPLICATE, "pair-3", region.pk, "回车\r在中间", {}))
    findings += [Finding(Alert.Kind.CE_DAILY, f"other-{n}", region.pk, "其他", {}) for n in range(others)]
    raise_alerts(findings)
    raise_alerts(findings[:1])  # and again: the refresh path
    stored = {a.key: a for a in Alert.objects.filter(kind=Alert.Kind.NEAR_DUPLICATE)}
    assert sorted(stored) == ["pair-0", "pair-1", "pair-2", "pair-3"]
    assert stored["pair-1"].summary == f"「{title}」1" and stored["pair-3"].summary == "回车\r在中间"
    assert stored["pair-2"].evidence == {"title": title, "n": 2}
    assert stored["pair-0"].region == region and stored["pair-0"].state == Alert.State.OPEN


def test_a_district_bureau_sees_only_its_regions_alerts(world):
    mine, theirs = _alert(key="a"), _alert("浙江省/杭州市/西湖区/", key="b")
    assert list(alert_list_visible_to(world["bureau"])) == [mine]
    assert list(alert_list_visible_to(world["outsider"])) == [theirs]
    with pytest.raises(Forbidden):
        alert_list_visible_to(world["professional"])


def test_pages_list_show_and_decide(world, client):
    alert = _alert()
    assert client.get("/alerts/").status_code == 302  # login required
    client.force_login(world["bureau"])
    assert alert.summary in client.get("/alerts/").content.decode()
    assert client.get(f"/alerts/{alert.pk}/").status_code == 200
    assert client.post(f"/alerts/{alert.pk}/dismiss/", {"reason": ""}).status_code == 422
    assert client.post(f"/alerts/{alert.pk}/dismiss/", {"reason": "已核实"}).status_code == 302
    assert Alert.objects.get().state == Alert.State.DISMISSED
    client.force_login(world["outsider"])
    assert client.get(f"/alerts/{alert.pk}/").status_code == 404


def test_run_now_enqueues_the_task(world, client):
    client.force_login(world["bureau"])
    assert client.post("/alerts/run/").status_code == 302


def test_the_command_runs_every_detector(world):
    from django.core.management import call_command

    call_command("alerts", "run", "--year", "2022")
