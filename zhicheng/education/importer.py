"""Importing CE hours from .xlsx/.csv: check every row first, then write all rows or none.

Phase one reads the file in chunks, checks each row (ID checksum and name, the person in the importer's
region, known category, 0 < hours ≤ the policy's maximum, a year not in the future, a date inside it)
and saves progress as it goes. Only a clean file reaches phase two, which writes every row in one
transaction; a record already present (same person, year, category, course, date, hours) is skipped,
so importing a file twice adds nothing.
"""

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from itertools import islice
from pathlib import Path

from django.db import transaction

from zhicheng.accounts.models import Professional
from zhicheng.education.models import Category, CERecord
from zhicheng.lib import idnumber
from zhicheng.lib.tabular import Row, RowError, read_rows
from zhicheng.policy.models import Policy

COLUMNS = ["身份证号", "姓名", "年度", "科目类别", "学时", "课程名称", "学习日期"]
CHUNK = 2000
YEAR = re.compile(r"[0-9]{4}")
CATEGORY_BY_LABEL = {c.label: c.value for c in Category} | {
    "行业公需": Category.INDUSTRY_PUBLIC,
    "一般公需": Category.GENERAL_PUBLIC,
}


@dataclass(frozen=True)
class CleanRow:
    professional_id: int
    id_number: str
    year: int
    category: str
    hours: Decimal
    course: str
    study_date: date

    @property
    def fingerprint(self) -> str:
        key = f"{self.id_number}|{self.year}|{self.category}|{self.hours}|{self.course}|{self.study_date}"
        return hashlib.sha256(key.encode()).hexdigest()


def _chunks(rows: Iterator[Row], size: int = CHUNK) -> Iterator[list[Row]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def _parse_date(text: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


class RowChecker:
    """Checks rows against the people on the platform inside the importer's region."""

    def __init__(self, *, region_path: str, today: date) -> None:
        self.region_path = region_path
        self.today = today
        self._policies: dict[int, Policy | None] = {}

    def _max_hours(self, year: int) -> Decimal | None:
        if year not in self._policies:
            self._policies[year] = Policy.objects.filter(year__lte=year).order_by("-year").first()
        policy = self._policies[year]
        return policy.ce_record_hours_max if policy else None

    def _people(self, chunk: list[Row]) -> dict[str, tuple[int, str, str]]:
        numbers = {idnumber.normalise(r.values.get("身份证号", "")) for r in chunk}
        rows = Professional.objects.filter(id_number__in=numbers).values_list(
            "id_number", "pk", "name", "employer__region__path"
        )
        return {number: (pk, name, path or "") for number, pk, name, path in rows}

    def check(self, chunk: list[Row]) -> tuple[list[CleanRow], list[RowError]]:
        people = self._people(chunk)
        clean, errors = [], []
        for row in chunk:
            result = self._check_row(row, people)
            if isinstance(result, RowError):
                errors.append(result)
            else:
                clean.append(result)
        return clean, errors

    def _check_row(self, row: Row, people) -> CleanRow | RowError:
        v = row.values
        reasons = []
        number = idnumber.normalise(v.get("身份证号", ""))
        person = None
        try:
            idnumber.parse(number)
        except idnumber.InvalidIdNumber as error:
            reasons.append(str(error))
        else:
            person = people.get(number)
            if person is None:
                reasons.append("平台上没有该身份证号的专业技术人才，请先由单位登记")
            elif person[1] != v.get("姓名", "").strip():
                reasons.append(f"姓名与身份证号不符（平台登记为「{person[1]}」）")
            elif not person[2].startswith(self.region_path):
                reasons.append("该人员的工作单位不在您的管辖地区")
        category = CATEGORY_BY_LABEL.get(v.get("科目类别", "").strip())
        if category is None:
            reasons.append(f"科目类别「{v.get('科目类别', '')}」无法识别，应为：{'、'.join(c.label for c in Category)}")
        # ASCII digits only: str.isdigit() also accepts characters such as "²" that int() cannot read.
        year_text = v.get("年度", "").strip()
        year = int(year_text) if YEAR.fullmatch(year_text) else None
        if year is None:
            reasons.append("年度应为四位数字，如 2022")
        elif year > self.today.year:
            reasons.append(f"年度 {year} 在未来")
        hours = None
        try:
            hours = Decimal(v.get("学时", "").strip())
        except InvalidOperation:
            reasons.append("学时应为数字，如 8 或 2.5")
        if hours is not None:
            limit = self._max_hours(year or self.today.year)
            if not hours.is_finite() or hours <= 0 or (limit is not None and hours > limit):
                reasons.append(f"学时应大于 0 且不超过 {limit}")
            elif hours != hours.quantize(Decimal("0.1")):
                reasons.append("学时最多保留一位小数")
        if not v.get("课程名称", "").strip():
            reasons.append("课程名称不能为空")
        study_date = _parse_date(v.get("学习日期", "").strip())
        if study_date is None:
            reasons.append("学习日期应为日期，如 2022-05-18")
        elif year is not None and study_date.year != year:
            reasons.append(f"学习日期 {study_date} 不在 {year} 年度内")
        elif study_date > self.today:
            reasons.append(f"学习日期 {study_date} 在未来")
        if reasons:
            return RowError(row, reasons)
        assert person is not None and year is not None and hours is not None and study_date is not None
        return CleanRow(person[0], number, year, category or "", hours, v["课程名称"].strip()[:200], study_date)


def check_file(path: Path, checker: RowChecker, progress: Callable[[int], None]) -> tuple[int, list[RowError]]:
    """Phase one: every row checked; returns the row count and the errors."""
    total, errors = 0, []
    for chunk in _chunks(read_rows(path, COLUMNS)):
        _, chunk_errors = checker.check(chunk)
        errors.extend(chunk_errors)
        total += len(chunk)
        progress(total)
    return total, errors


def write_file(path: Path, checker: RowChecker, *, batch_id: int) -> tuple[int, int]:
    """Phase two, inside the caller's transaction: insert what is new; returns (added, duplicates)."""
    assert transaction.get_connection().in_atomic_block
    rows = 0
    for chunk in _chunks(read_rows(path, COLUMNS)):
        clean, errors = checker.check(chunk)
        if errors:  # the file changed between the phases: refuse rather than write half of it
            raise RuntimeError("文件在检查后被改动")
        by_print = {row.fingerprint: row for row in clean}
        existing = set(CERecord.objects.filter(fingerprint__in=by_print).values_list("fingerprint", flat=True))
        new = [
            CERecord(
                professional_id=row.professional_id,
                year=row.year,
                category=row.category,
                hours=row.hours,
                course=row.course,
                study_date=row.study_date,
                source=CERecord.Source.IMPORT,
                status=CERecord.Status.CONFIRMED,
                batch_id=batch_id,
                fingerprint=fingerprint,
            )
            for fingerprint, row in by_print.items()
            if fingerprint not in existing
        ]
        # Another import of the same rows may commit between the look-up above and this insert; the unique
        # fingerprint then skips them here, so what was added is counted from the table, not from `new`.
        CERecord.objects.bulk_create(new, ignore_conflicts=True)
        rows += len(clean)
    added = CERecord.objects.filter(batch_id=batch_id).count()
    return added, rows - added
