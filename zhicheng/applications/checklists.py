"""What the office confirms item by item at acceptance (受理) and qualification (资格审查), and the parts
of a case a return can point at, so the applicant sees exactly what to fix (55号 §4(三))."""

ACCEPTANCE_ITEMS = [
    ("materials", "申报材料齐全、签章完整"),
    ("employer", "单位推荐意见及单位内公示情况"),
    ("authority", "主管部门审核意见"),
    ("consistent", "申报信息与业绩档案一致"),
]
QUALIFICATION_ITEMS = [
    ("education", "学历学位证书核验"),
    ("tenure", "现职称及任职年限核验"),
    ("achievements", "业绩成果真实性核验"),
    ("ce", "继续教育学时核验"),
]
CHECKLISTS = {"accept": ACCEPTANCE_ITEMS, "qualify": QUALIFICATION_ITEMS}
RETURN_TARGETS = [
    ("statement", "个人陈述"),
    ("achievements", "业绩成果材料"),
    ("education", "学历学位"),
    ("titles", "现职称及任职年限"),
    ("ce", "继续教育学时"),
    ("other", "其他"),
]


def complete(stage: str) -> dict[str, bool]:
    """Every item of a stage confirmed (what an office that checked everything submits)."""
    return {key: True for key, _ in CHECKLISTS[stage]}


def unconfirmed(stage: str, answers: dict[str, bool] | None) -> list[str]:
    answers = answers or {}
    return [label for key, label in CHECKLISTS[stage] if not answers.get(key)]


def items(stage: str, answers: dict[str, bool]) -> list[dict]:
    return [{"key": key, "label": label, "ok": bool(answers.get(key))} for key, label in CHECKLISTS[stage]]


def rule_items(checks) -> list[dict]:
    """The platform's own rule checks, recorded beside the office's confirmations (what it verified, and how)."""
    return [
        {"key": f"rule:{c.label}", "label": f"{c.label}：{c.message}", "ok": c.ok, "rule": True}
        for c in checks
        if c.applies
    ]


def comment_items(comments: dict[str, str] | None) -> list[dict]:
    labels = dict(RETURN_TARGETS)
    return [
        {"key": k, "label": labels[k], "note": v.strip()}
        for k, v in (comments or {}).items()
        if k in labels and v.strip()
    ]
