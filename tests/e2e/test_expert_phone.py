"""In chromium, on a phone: an expert at the meeting table scores two cases, then votes on both (40号令)."""

from datetime import date
from decimal import Decimal

from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}


def _fits_the_phone(page) -> None:
    # Nothing wider than the screen: the page never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _open(meeting):
    """The bureau's approval of the report (written directly), every drawn expert signed in, the meeting open."""
    from django.utils import timezone

    from tests.evaluation.helpers import office_of
    from zhicheng.evaluation.meetings import attendance_record, meeting_open
    from zhicheng.evaluation.models import MeetingReport

    office = office_of(meeting.committee)
    MeetingReport.objects.create(
        meeting=meeting,
        content={},
        submitted_by=office,
        submitted_at=timezone.now(),
        state=MeetingReport.State.APPROVED,
    )
    attendance_record(meeting, actor=office, present=set(meeting.panel.values_list("pk", flat=True)))
    return meeting_open(meeting, actor=office)


def test_an_expert_scores_and_votes_on_a_phone(browser, live_server, transactional_db, login, screenshot):
    from tests.base import build_world
    from tests.evaluation.helpers import INDICATORS, office_of, ready_meeting
    from zhicheng.demo.scenario import DEMO_PASSWORD
    from zhicheng.evaluation.meetings import voting_open
    from zhicheng.evaluation.models import Score, VoteCast
    from zhicheng.evaluation.scoring import score_submit

    world = build_world()
    meeting = _open(ready_meeting(world, on=date(2025, 10, 21), cases=2))
    cases = list(meeting.cases.select_related("application__applicant").order_by("order"))
    me, *others = [p.expert.user for p in meeting.panel.select_related("expert__user")]
    me.set_password(DEMO_PASSWORD)
    me.save()
    for user in others:
        for case in cases:
            score_submit(case, actor=user, points={str(i.pk): i.max_points - 3 for i in case.standard.indicators.all()})

    phone = browser.new_context(viewport=PHONE, device_scale_factor=2)
    page = phone.new_page()
    login(page, me.username)
    page.get_by_role("link", name="我的评审会议").click()
    expect(page.get_by_role("heading", name="我的评审会议")).to_be_visible()
    _fits_the_phone(page)
    screenshot(page, "e2e-expert-phone-meetings")
    page.locator(".meeting-link").first.click()
    expect(page.get_by_text("评分阶段")).to_be_visible()
    _fits_the_phone(page)
    screenshot(page, "e2e-expert-phone-scoring")

    # A slip of the thumb: more than the indicator's maximum. The page says so at the case and keeps the numbers.
    first = page.locator(f"#case-{cases[0].pk}")
    for (label, top, _), value in zip(INDICATORS, ["200", "40", "25"], strict=True):
        first.get_by_label(f"{label}（满分 {top:.0f} 分）").fill(value)
    name, most, _ = INDICATORS[0]
    first.get_by_role("button", name="提交评分").click()
    expect(first.get_by_text(f"「{name}」的得分应在 0 至")).to_be_visible()
    expect(first.get_by_text(f"「{name}」的得分应在 0 至")).to_be_in_viewport()
    expect(first.get_by_label(f"{name}（满分 {most:.0f} 分）")).to_have_value("200")
    _fits_the_phone(page)
    shot = screenshot(page, "e2e-expert-phone-score-refused")
    page.screenshot(path=str(shot.with_name("e2e-expert-phone-score-refused-screen.png")))  # what the phone shows

    given = [["16", "41.5", "27"], ["12", "35", "24.5"]]
    for case, points in zip(cases, given, strict=True):
        section = page.locator(f"#case-{case.pk}")
        for (name, most, _), value in zip(INDICATORS, points, strict=True):
            section.get_by_label(f"{name}（满分 {most:.0f} 分）").fill(value)
        section.get_by_role("button", name="提交评分").click()
        saved = page.get_by_text(f"已保存对{case.application.applicant.name}的评分")
        expect(saved).to_be_visible()
        expect(saved).to_be_in_viewport()  # the page lands on the case, with the message in it
        _fits_the_phone(page)
    expect(page.get_by_text("已评分 2 / 2 件")).to_be_visible()
    screenshot(page, "e2e-expert-phone-scored")
    for case, points in zip(cases, given, strict=True):
        assert Score.objects.get(meeting_case=case, panelist__expert__user=me).total == sum(map(Decimal, points))

    voting_open(meeting, actor=office_of(meeting.committee))
    page.reload()
    expect(page.get_by_text("表决阶段")).to_be_visible()
    expect(first.get_by_role("button", name="赞成")).to_be_visible()
    _fits_the_phone(page)
    screenshot(page, "e2e-expert-phone-voting")

    for case, choice in zip(cases, ["赞成", "反对"], strict=True):
        page.locator(f"#case-{case.pk}").get_by_role("button", name=choice).click()
        expect(page.get_by_text(f"已对{case.application.applicant.name}的申报投票。")).to_be_visible()
        expect(page.locator(f"#case-{case.pk} .voted")).to_have_text("已投票，您的选票已投入票箱。")
        if case == cases[0]:
            page.screenshot(path=str(shot.with_name("e2e-expert-phone-voted-screen.png")))
    expect(page.get_by_text("已投票 2 / 2 件")).to_be_visible()
    expect(page.get_by_role("button", name="赞成")).to_have_count(0)
    _fits_the_phone(page)
    screenshot(page, "e2e-expert-phone-voted")

    panelist = meeting.panel.get(expert__user=me)
    assert VoteCast.objects.filter(panelist=panelist).count() == 2
    boxes = {case.pk: (case.yes, case.no, case.abstain) for case in meeting.cases.all()}
    assert boxes == {cases[0].pk: (1, 0, 0), cases[1].pk: (0, 1, 0)}
    phone.close()
