"""The allowed moves of a case: one table, read by the services, the pages, the API and the tests."""

from dataclasses import dataclass

from zhicheng.applications.models import State

S = State


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    actor: str  # a key of permissions.ACTORS: who may make this move
    needs_reason: bool = False
    main: bool = True  # on the main path (shows on the workbench as work awaiting the actor)
    clause: str = ""
    style: str = "primary"


# The states in which the office holds the case and may return or refuse it (an objection upheld during
# 评前公示 included).
OFFICE_REVIEW_STATES = frozenset({S.AUTHORITY_APPROVED, S.ACCEPTED, S.QUALIFIED, S.PRE_PUBLICITY})
VETO_SOURCES = frozenset(
    {
        S.SUBMITTED,
        S.EMPLOYER_APPROVED,
        S.AUTHORITY_APPROVED,
        S.ACCEPTED,
        S.QUALIFIED,
        S.PRE_PUBLICITY,
        S.SCHEDULED,
        S.EVALUATED,
        S.RESULT_PUBLICITY,
    }
)

TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", "提交申报", frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, "applicant"),
    Transition("employer_approve", "单位推荐", frozenset({S.SUBMITTED}), S.EMPLOYER_APPROVED, "employer"),
    Transition("authority_approve", "审核通过", frozenset({S.EMPLOYER_APPROVED}), S.AUTHORITY_APPROVED, "authority"),
    Transition("accept", "受理", frozenset({S.AUTHORITY_APPROVED}), S.ACCEPTED, "office", clause="55号 §4(三)"),
    Transition("qualify", "资格审查通过", frozenset({S.ACCEPTED}), S.QUALIFIED, "office", clause="55号 §4(三)"),
    Transition(
        "start_pre_publicity", "发布评前公示", frozenset({S.QUALIFIED}), S.PRE_PUBLICITY, "office", clause="55号 §4(三)"
    ),
    Transition("schedule", "列入评审", frozenset({S.PRE_PUBLICITY}), S.SCHEDULED, "office"),
    Transition("record_evaluation", "录入评审结果", frozenset({S.SCHEDULED}), S.EVALUATED, "office", clause="40号令"),
    Transition(
        "start_result_publicity",
        "发布评后公示",
        frozenset({S.EVALUATED}),
        S.RESULT_PUBLICITY,
        "office",
        clause="55号 §4(三)",
    ),
    Transition("publish", "发文公布", frozenset({S.RESULT_PUBLICITY}), S.PUBLISHED, "bureau", clause="55号 §4(三)"),
    Transition("certify", "发放证书", frozenset({S.PUBLISHED}), S.CERTIFIED, "bureau"),
    Transition(
        "archive",
        "归档",
        frozenset({S.EVALUATED, S.PUBLISHED, S.CERTIFIED}),
        S.ARCHIVED,
        "office",
        clause="55号 §4(三)",
    ),
    Transition(
        "return",
        "退回修改",
        frozenset({S.SUBMITTED, S.EMPLOYER_APPROVED}) | OFFICE_REVIEW_STATES,
        S.RETURNED,
        "holder",
        needs_reason=True,
        main=False,
        style="secondary",
    ),
    Transition(
        "withdraw",
        "撤回申报",
        frozenset(
            {S.DRAFT, S.RETURNED, S.SUBMITTED, S.EMPLOYER_APPROVED, S.AUTHORITY_APPROVED, S.ACCEPTED, S.QUALIFIED}
        ),
        S.WITHDRAWN,
        "applicant",
        main=False,
        style="secondary",
    ),
    Transition(
        "reject",
        "不予受理",
        OFFICE_REVIEW_STATES,
        S.REJECTED,
        "office",
        needs_reason=True,
        main=False,
        clause="55号 §4(三)",
        style="danger",
    ),
    Transition(
        "veto",
        "一票否决",
        VETO_SOURCES,
        S.VETOED,
        "office_or_bureau",
        needs_reason=True,
        main=False,
        clause="55号 §4(一)",
        style="danger",
    ),
    # An objection to the result publicity found true takes the pass back: the case stays evaluated, as
    # failed, and is archived like any failed case (40号令).
    Transition(
        "overturn",
        "撤销评审通过",
        frozenset({S.RESULT_PUBLICITY}),
        S.EVALUATED,
        "office",
        needs_reason=True,
        main=False,
        clause="40号令",
        style="danger",
    ),
)

BY_ACTION: dict[str, Transition] = {t.action: t for t in TRANSITIONS}

# Who holds a case in each state: the one who may return it, and whose workbench shows it.
HOLDER_BY_STATE: dict[str, str] = {
    S.DRAFT: "applicant",
    S.RETURNED: "applicant",
    S.SUBMITTED: "employer",
    S.EMPLOYER_APPROVED: "authority",
    **{state: "office" for state in OFFICE_REVIEW_STATES},
}


def awaiting_states(actor: str) -> set[str]:
    """The states in which a case waits for this kind of actor to move it along the main path."""
    return {s for t in TRANSITIONS if t.main and t.actor == actor for s in t.sources}
