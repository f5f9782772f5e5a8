"""What a case waits for next and by when, from the committee's annual plan (附件1/2, 55号 §4(三)).

Said to the applicant in every notification; a date the plan gives is shown with the working days left.
"""

from datetime import date

from zhicheng.applications.models import Application, Outcome, State
from zhicheng.committees.models import AnnualPlan
from zhicheng.policy.workdays import Calendar

# state: (plan date, how the next step is said around it)
NEXT_DATE: dict[str, tuple[str, str]] = {
    State.RETURNED: ("review_deadline", "请于{date}审核截止前修改并重新提交（还剩 {left} 个工作日）。"),
    State.SUBMITTED: ("review_deadline", "单位推荐及各级审核须于{date}前完成（还剩 {left} 个工作日）。"),
    State.EMPLOYER_APPROVED: ("review_deadline", "主管部门审核须于{date}前完成（还剩 {left} 个工作日）。"),
    State.AUTHORITY_APPROVED: ("review_deadline", "受理及资格审查须于{date}前完成（还剩 {left} 个工作日）。"),
    State.ACCEPTED: ("review_deadline", "资格审查须于{date}前完成（还剩 {left} 个工作日）。"),
    State.QUALIFIED: ("pre_publicity_start", "评前公示计划于{date}开始。"),
    State.PRE_PUBLICITY: ("meeting_date", "评审会议计划于{date}召开。"),
    State.SCHEDULED: ("meeting_date", "评审会议计划于{date}召开。"),
    State.EVALUATED: ("result_publicity_start", "评审结果计划于{date}起公示。"),
}


def next_deadline(application: Application, plan: AnnualPlan | None, today: date) -> str:
    """The next step's date in words, or "" when the plan is not published or the step has no date."""
    if plan is None or application.state not in NEXT_DATE:
        return ""
    if application.state == State.EVALUATED and application.outcome == Outcome.FAILED:
        return ""  # a failed case is not publicised: it is archived
    field, wording = NEXT_DATE[application.state]
    when: date = getattr(plan, field)
    if when < today:
        return ""  # the plan's date has passed: the office will say what now
    return wording.format(date=f"{when:%Y年%-m月%-d日}", left=Calendar().workdays_left(today, when))
