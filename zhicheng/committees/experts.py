"""The expert pool (评审专家库): importing experts from .xlsx, and who may evaluate what."""

from pathlib import Path
from tempfile import NamedTemporaryFile

from django.db import transaction

from zhicheng.accounts.models import Organisation, Role, User
from zhicheng.audit.services import record_event
from zhicheng.committees.models import DeclaredConflict, Expert
from zhicheng.lib.errors import Forbidden, RuleViolation
from zhicheng.lib.tabular import RowError, read_rows, write_error_report
from zhicheng.policy.models import GRADE_ORDER, Specialty, Title

COLUMNS = ["用户名", "姓名", "工作单位", "专业", "职称", "在库"]
OPTIONAL = ["原工作单位"]


def may_evaluate(expert: Expert, title: Title) -> bool:
    """An expert's own title is not below the title they evaluate (40号令)."""
    return GRADE_ORDER.index(expert.title.grade) >= GRADE_ORDER.index(title.grade)


def _check(row, organisations, specialties, titles) -> RowError | dict:
    v = row.values
    reasons = []
    if not v.get("用户名", "").strip() or not v.get("姓名", "").strip():
        reasons.append("用户名和姓名不能为空")
    employer = organisations.get(v.get("工作单位", "").strip())
    if employer is None:
        reasons.append(f"工作单位「{v.get('工作单位', '')}」不在平台或不在您的管辖地区")
    specialty = specialties.get(v.get("专业", "").strip())
    if specialty is None:
        reasons.append(f"专业「{v.get('专业', '')}」无法识别")
    title = titles.get(v.get("职称", "").strip())
    if title is None:
        reasons.append(f"职称「{v.get('职称', '')}」无法识别")
    active = v.get("在库", "是").strip() or "是"
    if active not in ("是", "否"):
        reasons.append("「在库」应填 是 或 否")
    former = v.get("原工作单位", "").strip()
    if former and former not in organisations:
        reasons.append(f"原工作单位「{former}」不在平台或不在您的管辖地区")
    if reasons:
        return RowError(row, reasons)
    return {
        "username": v["用户名"].strip(),
        "name": v["姓名"].strip(),
        "employer": employer,
        "specialty": specialty,
        "title": title,
        "active": active == "是",
        "former": organisations.get(former),
    }


def expert_import(upload, *, actor) -> tuple[int, bytes | None]:
    """Import the pool from a table, all rows or none. Returns (rows imported, error report or None)."""
    if actor.role != Role.BUREAU or actor.region is None:
        raise Forbidden("只有人力社保局可以导入评审专家库")
    with NamedTemporaryFile(suffix=".upload") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        path = Path(handle.name)
        organisations = {o.name: o for o in Organisation.objects.filter(region__path__startswith=actor.region.path)}
        specialties = {s.name: s for s in Specialty.objects.all()}
        titles = {t.name: t for t in Title.objects.all()}
        rows = list(read_rows(path, COLUMNS))
    checked = [_check(row, organisations, specialties, titles) for row in rows]
    errors = [c for c in checked if isinstance(c, RowError)]
    if errors:
        with NamedTemporaryFile(suffix=".xlsx") as report:
            write_error_report(errors, COLUMNS + OPTIONAL, Path(report.name))
            return 0, Path(report.name).read_bytes()
    if not rows:
        raise RuleViolation("文件中没有专家数据")
    _save([c for c in checked if isinstance(c, dict)], actor=actor)
    return len(rows), None


@transaction.atomic
def _save(entries: list[dict], *, actor) -> None:
    for entry in entries:
        user, created = User.objects.get_or_create(
            username=entry["username"],
            defaults={"name": entry["name"], "role": Role.EXPERT, "organisation": entry["employer"]},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        expert, _ = Expert.objects.update_or_create(
            user=user,
            defaults={
                "specialty": entry["specialty"],
                "title": entry["title"],
                "employer": entry["employer"],
                "region": entry["employer"].region,
                "active": entry["active"],
            },
        )
        if entry["former"] is not None:
            DeclaredConflict.objects.get_or_create(
                expert=expert, kind=DeclaredConflict.Kind.FORMER_EMPLOYER, organisation=entry["former"]
            )
    record_event(actor=actor, action="expert_pool.import", obj=actor, reason=f"导入 {len(entries)} 位专家")
