"""Reading an employer's staff file (.xlsx or .csv): every row checked before anything is written."""

import re
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from zhicheng.accounts.models import Professional
from zhicheng.lib import idnumber
from zhicheng.lib.tabular import Row, RowError, read_rows

REQUIRED_COLUMNS = ["姓名", "身份证号"]
COLUMNS = [*REQUIRED_COLUMNS, "手机", "电子邮箱"]
# ASCII digits: \d also matches full-width ones, which no SMS gateway takes.
_PHONE = re.compile(r"^1[0-9]{10}$")


@dataclass
class StaffRow:
    row: Row
    name: str
    identity: idnumber.IdNumber
    phone: str
    email: str
    exists: bool = False  # already on file for this employer: importing it again adds nothing


def _check_row(row: Row, seen: dict[str, int]) -> tuple[StaffRow | None, list[str]]:
    reasons = []
    name = row.values.get("姓名", "").strip()
    if not name:
        reasons.append("姓名为空")
    elif len(name) > 50:
        reasons.append("姓名超过50个字")
    identity = None
    try:
        identity = idnumber.parse(row.values.get("身份证号", ""))
    except idnumber.InvalidIdNumber as exc:
        reasons.append(str(exc))
    if identity is not None:
        if identity.value in seen:
            reasons.append(f"身份证号与第{seen[identity.value]}行重复")
        else:
            seen[identity.value] = row.number
    phone = row.values.get("手机", "").strip()
    if phone and not _PHONE.match(phone):
        reasons.append("手机号应为以1开头的11位数字")
    email = row.values.get("电子邮箱", "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            reasons.append("电子邮箱格式不正确")
    if reasons or identity is None:
        return None, reasons
    return StaffRow(row, name, identity, phone, email), []


def _check_existing(rows: list[StaffRow], employer_id: int) -> list[RowError]:
    """Rows whose person is already on file: fine if with this employer under the same name, else an error."""
    errors = []
    known = Professional.objects.in_bulk([r.identity.value for r in rows], field_name="id_number")
    for staff in rows:
        person = known.get(staff.identity.value)
        if person is None:
            continue
        if person.employer_id != employer_id:
            errors.append(RowError(staff.row, ["该身份证号已在其他单位建档（一人一档），请办理调动后再导入"]))
        elif person.name != staff.name:
            errors.append(RowError(staff.row, [f"该身份证号已在本单位建档，姓名为「{person.name}」，与表中不一致"]))
        else:
            staff.exists = True
    return errors


def read_staff_file(path: Path, *, employer_id: int) -> tuple[list[StaffRow], list[RowError]]:
    rows: list[StaffRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for row in read_rows(path, REQUIRED_COLUMNS):
        staff, reasons = _check_row(row, seen)
        if staff is None:
            errors.append(RowError(row, reasons))
        else:
            rows.append(staff)
    errors.extend(_check_existing(rows, employer_id))
    errors.sort(key=lambda error: error.row.number)
    return rows, errors
