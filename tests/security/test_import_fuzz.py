"""Fuzzing the importers and the ID number validator with generated files.

Hypothesis writes real .xlsx files (openpyxl) and .csv files (UTF-8, UTF-8 with BOM, GBK, GB18030; either
line ending; minimal or full quoting; shuffled, extra and missing columns; blank rows; numbers, dates and
formulas in text columns) whose every row is made good or bad on purpose, and binary junk under an .xlsx
name. Whatever the file, the importers either refuse it whole with the domain's RuleViolation in Chinese
or read it; when they read it, every bad row is reported with its row number, every good row is accepted,
and good + bad is the number of data rows.
"""

import csv
import io
import random
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from zhicheng.accounts.models import Professional
from zhicheng.archive.imports import COLUMNS as STAFF_COLUMNS
from zhicheng.archive.imports import read_staff_file
from zhicheng.education.importer import CATEGORY_BY_LABEL, RowChecker, check_file
from zhicheng.education.importer import COLUMNS as CE_COLUMNS
from zhicheng.lib import idnumber
from zhicheng.lib.errors import RuleViolation

CHINESE = re.compile(r"[\u4e00-\u9fff]")
FUZZ = settings(
    max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
# Common surname and given-name characters (all in GBK), Latin letters and the characters CSV must quote.
NAME_CHARS = (
    "张王李赵刘陈杨黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞ABCxyz·,;\"' "
)
SOLID_NAME_CHARS = NAME_CHARS.replace(" ", "")


@dataclass
class Cell:
    """A value as written to the file; `csv_text` is its CSV form when that differs from str(value)."""

    value: object
    csv_text: str | None = None

    def text(self) -> str:
        return self.csv_text if self.csv_text is not None else str(self.value)


@dataclass
class Layout:
    """How the rows are laid out in the file, independent of what they hold."""

    kind: str  # "xlsx" or "csv"
    encoding: str
    line_end: str
    quoting: int
    extra: bool  # a 备注 column the importers ignore
    blank_every: int  # a blank row after every n-th row (0: none)
    order_seed: int  # shuffles the columns


layouts = st.builds(
    Layout,
    kind=st.sampled_from(["xlsx", "csv"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030"]),
    line_end=st.sampled_from(["\r\n", "\n"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    extra=st.booleans(),
    blank_every=st.integers(min_value=0, max_value=3),
    order_seed=st.integers(min_value=0, max_value=1000),
)


def write_table(path, layout: Layout, columns: list[str], rows: list[dict[str, Cell]]) -> dict[int, int]:
    """Writes header and rows; returns for each input row the row number a user sees (header is row 1)."""
    order = list(columns)
    random.Random(layout.order_seed).shuffle(order)
    if layout.extra:
        order.insert(layout.order_seed % (len(order) + 1), "备注")
    table: list[list[Cell | None]] = []
    numbers = {}
    for index, row in enumerate(rows):
        numbers[index] = len(table) + 2
        table.append([row.get(name, Cell("")) if name != "备注" else Cell("随手备注，含,逗号") for name in order])
        if layout.blank_every and index % layout.blank_every == 0:
            table.append([None] * len(order))
    if layout.kind == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(order)
        for cells in table:
            sheet.append([cell.value if cell else None for cell in cells])
        workbook.save(path)
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer, quoting=layout.quoting, lineterminator=layout.line_end)
        writer.writerow(order)
        for cells in table:
            writer.writerow([cell.text() if cell else "" for cell in cells])
        path.write_bytes(buffer.getvalue().encode(layout.encoding))
    return numbers


def assert_refused_in_chinese(exc: RuleViolation) -> None:
    assert CHINESE.search(str(exc)), str(exc)


def assert_reported(errors, expected_bad: set[int]) -> None:
    assert sorted(error.row.number for error in errors) == sorted(expected_bad)
    for error in errors:
        assert error.reasons and all(CHINESE.search(reason) for reason in error.reasons), error.reasons


# --- the staff import (业绩档案 onboarding) ---------------------------------------------------------------


@st.composite
def staff_rows(draw, kind: str) -> list[tuple[dict[str, Cell], bool]]:
    """Rows of the staff file, each with whether it must be accepted. Sequences keep ID numbers unique
    unless a row is meant to repeat an earlier one."""
    rows: list[tuple[dict[str, Cell], bool]] = []
    valid_ids: list[str] = []
    for sequence in range(draw(st.integers(min_value=0, max_value=12))):
        number = idnumber.make("331102", date(1970 + sequence, 1 + sequence % 12, 1 + sequence % 28), sequence)
        row = {"姓名": Cell(draw(st.text(SOLID_NAME_CHARS, min_size=1, max_size=50))), "身份证号": Cell(number)}
        if draw(st.booleans()):
            row["手机"] = Cell(13800000000 + sequence) if kind == "xlsx" else Cell(str(13800000000 + sequence))
        if draw(st.booleans()):
            row["电子邮箱"] = Cell(f"staff{sequence}@example.cn")
        defect = draw(
            st.sampled_from(
                ["none", "none", "none", "name", "long_name", "id", "short_id", "phone", "email", "repeat", "formula"]
            )
        )
        good = defect == "none"
        if defect == "none" and kind == "xlsx" and not number.endswith("X") and draw(st.booleans()):
            # Typed as a number, the spreadsheet keeps a double without the last digits: a bad row, never
            # another person's valid number.
            row["身份证号"] = Cell(float(number))
            good, defect = False, "number"
        elif defect == "none" and draw(st.booleans()):
            row["姓名"] = Cell(f"  {row['姓名'].value} ")  # padding is trimmed
        elif defect == "name":
            row["姓名"] = Cell(draw(st.sampled_from(["", "   "])))
        elif defect == "long_name":
            row["姓名"] = Cell(draw(st.text(SOLID_NAME_CHARS, min_size=51, max_size=80)))
        elif defect == "id":
            row["身份证号"] = Cell(number[:17] + ("1" if number[17] != "1" else "2"))
        elif defect == "short_id":
            row["身份证号"] = Cell(draw(st.sampled_from([number[:15], number + "0", number[:17] + "Y", "", "未知"])))
        elif defect == "phone":
            bad_phone = draw(st.sampled_from(["12345", "23800000000", "138-0000-0000", "1３８００００００００"]))
            row["手机"] = Cell(date(2022, 5, 18), "2022-05-18") if kind == "xlsx" and sequence % 2 else Cell(bad_phone)
        elif defect == "email":
            row["电子邮箱"] = Cell(draw(st.sampled_from(["a@", "没有邮箱", "x@@y.cn", "@example.cn"])))
        elif defect == "repeat" and valid_ids:
            row["身份证号"] = Cell(draw(st.sampled_from(valid_ids)))
        elif defect == "repeat":
            good = True  # nothing earlier to repeat: the row stays as made
        elif defect == "formula":
            # openpyxl writes "=…" as a formula without a cached value, so the name reads as blank; in a
            # CSV it is only text, and a valid name.
            row["姓名"] = Cell('="张"&"伟"')
            good = kind == "csv"
        if defect not in ("id", "short_id", "repeat", "number"):
            valid_ids.append(number)
        rows.append((row, good))
    return rows


@pytest.fixture
def staff_employer(world):
    return world["employer"].organisation


def test_staff_files_report_every_bad_row_and_accept_every_good_one(staff_employer, tmp_path):
    path = tmp_path / "职工.xlsx"
    tally = {"files": 0, "rows": 0}

    @FUZZ
    @given(layout=layouts, data=st.data())
    def run(layout, data):
        rows = data.draw(staff_rows(layout.kind), label="rows")
        numbers = write_table(path, layout, STAFF_COLUMNS, [row for row, _ in rows])
        accepted, errors = read_staff_file(path, employer_id=staff_employer.pk)
        expected_good = {numbers[i] for i, (_, good) in enumerate(rows) if good}
        expected_bad = {numbers[i] for i, (_, good) in enumerate(rows) if not good}
        assert sorted(staff.row.number for staff in accepted) == sorted(expected_good)
        assert_reported(errors, expected_bad)
        assert len(accepted) + len(errors) == len(rows)
        tally["files"] += 1
        tally["rows"] += len(rows)

    run()
    assert tally["files"] > 0 and tally["rows"] > 0


def test_a_staff_file_without_a_required_column_or_with_another_delimiter_is_refused_whole(db, tmp_path):
    path = tmp_path / "职工.csv"

    @FUZZ
    @given(
        missing=st.sampled_from(["姓名", "身份证号", None]),
        delimiter=st.sampled_from([",", ";", "\t", "|"]),
        encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk"]),
    )
    def run(missing, delimiter, encoding):
        if missing is None and delimiter == ",":
            delimiter = ";"
        header = [name for name in STAFF_COLUMNS if name != missing]
        body = [["张伟", "331102198503121237", "13800000000", "a@example.cn"][: len(header)]]
        text = "\n".join(delimiter.join(cells) for cells in [header, *body]) + "\n"
        path.write_bytes(text.encode(encoding))
        with pytest.raises(RuleViolation, match="文件缺少列") as refused:
            read_staff_file(path, employer_id=1)
        assert_refused_in_chinese(refused.value)

    run()


def test_a_huge_cell_is_a_bad_row_or_a_refused_file_never_a_crash(db, tmp_path):
    number = idnumber.make("331102", date(1990, 1, 1), 1)
    fits = tmp_path / "fits.csv"
    fits.write_text(f"姓名,身份证号\n{'张' * 100_000},{number}\n", encoding="utf-8")
    accepted, errors = read_staff_file(fits, employer_id=1)
    assert accepted == [] and [error.row.number for error in errors] == [2]
    assert "姓名超过50个字" in errors[0].reasons

    too_long = tmp_path / "too_long.csv"
    too_long.write_text(f"姓名,身份证号\n张伟,{number}\n{'张' * 200_000},{number}\n", encoding="utf-8")
    with pytest.raises(RuleViolation, match="第3行") as refused:
        read_staff_file(too_long, employer_id=1)
    assert_refused_in_chinese(refused.value)

    workbook = Workbook()
    workbook.active.append(["姓名", "身份证号"])
    workbook.active.append(["王" * 32_000, number])
    workbook.save(tmp_path / "huge.xlsx")
    accepted, errors = read_staff_file(tmp_path / "huge.xlsx", employer_id=1)
    assert accepted == [] and [error.row.number for error in errors] == [2]


def real_xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active.append(STAFF_COLUMNS)
    workbook.active.append(["张伟", "331102198503121237", "13800000000", "a@example.cn"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


REAL_XLSX = real_xlsx_bytes()
junk = st.one_of(
    st.binary(max_size=2000),
    st.binary(max_size=2000).map(lambda tail: b"PK\x03\x04" + tail),  # looks like a zip, is not one
    st.integers(min_value=0, max_value=len(REAL_XLSX) - 1).map(lambda cut: REAL_XLSX[:cut]),  # truncated
    st.tuples(st.integers(min_value=0, max_value=len(REAL_XLSX) - 1), st.integers(1, 255)).map(
        lambda flip: REAL_XLSX[: flip[0]] + bytes([REAL_XLSX[flip[0]] ^ flip[1]]) + REAL_XLSX[flip[0] + 1 :]
    ),
)


def test_binary_junk_named_xlsx_is_refused_in_chinese_or_read_never_a_crash(db, tmp_path):
    path = tmp_path / "职工.xlsx"
    outcomes = {"refused": 0, "read": 0}

    @FUZZ
    @given(content=junk)
    def run(content):
        path.write_bytes(content)
        try:
            accepted, errors = read_staff_file(path, employer_id=1)
        except RuleViolation as exc:
            assert_refused_in_chinese(exc)
            outcomes["refused"] += 1
        else:
            # A flipped byte the zip and the XML survive: still a workbook, read like any other.
            assert len(accepted) + len(errors) <= 1
            outcomes["read"] += 1

    run()
    assert outcomes["refused"] > 0


# --- the CE hours import (继续教育学时) -------------------------------------------------------------------

TODAY = date(2023, 12, 31)
LIANDU = "浙江省/丽水市/莲都区/"


@st.composite
def ce_rows(draw, kind: str, people: list[tuple[str, str]], outsider: tuple[str, str]):
    rows: list[tuple[dict[str, Cell], bool]] = []
    for sequence in range(draw(st.integers(min_value=0, max_value=12))):
        number, name = draw(st.sampled_from(people))
        year = draw(st.sampled_from([2022, 2023]))
        studied = date(year, draw(st.integers(1, 12 if year < TODAY.year else TODAY.month)), draw(st.integers(1, 28)))
        hours = Decimal(draw(st.integers(min_value=1, max_value=800))) / 10  # 0.1 … 80.0, one decimal at most
        row = {
            "身份证号": Cell(draw(st.sampled_from([number, f" {number.lower()} "]))),
            "姓名": Cell(name),
            "年度": Cell(year) if kind == "xlsx" else Cell(str(year)),
            "科目类别": Cell(draw(st.sampled_from(sorted(CATEGORY_BY_LABEL)))),
            "学时": Cell(float(hours)) if kind == "xlsx" else Cell(str(hours)),
            "课程名称": Cell(draw(st.text(SOLID_NAME_CHARS, min_size=1, max_size=30))),
            "学习日期": Cell(studied, studied.isoformat())
            if kind == "xlsx"
            else Cell(draw(st.sampled_from([f"{studied:%Y-%m-%d}", f"{studied:%Y/%m/%d}", f"{studied:%Y年%m月%d日}"]))),
        }
        defect = draw(
            st.sampled_from(
                [
                    "none",
                    "none",
                    "none",
                    "stranger",
                    "name",
                    "region",
                    "id",
                    "category",
                    "year",
                    "future",
                    "hours",
                    "course",
                    "date",
                    "date_year",
                ]
            )
        )
        if defect == "stranger":  # a valid number nobody on the platform has
            row["身份证号"] = Cell(idnumber.make("331102", date(2001, 2, 3), 900 + sequence))
        elif defect == "name":
            row["姓名"] = Cell(name + "某")
        elif defect == "region":
            row["身份证号"], row["姓名"] = Cell(outsider[0]), Cell(outsider[1])
        elif defect == "id":
            row["身份证号"] = Cell(number[:17] + ("1" if number[17] != "1" else "2"))
        elif defect == "category":
            row["科目类别"] = Cell(draw(st.sampled_from(["", "专业", "公需", "其它科目"])))
        elif defect == "year":
            row["年度"] = Cell(draw(st.sampled_from(["二〇二二", "22", "²⁰²²", "2022.5", "２０２２", "", "02022"])))
        elif defect == "future":
            row["年度"] = Cell(str(TODAY.year + draw(st.integers(1, 5))))
        elif defect == "hours":
            row["学时"] = Cell(
                draw(st.sampled_from(["0", "-2", "八", "2.25", "1000", "NaN", "sNaN", "Infinity", "1e999"]))
            )
        elif defect == "course":
            row["课程名称"] = Cell(draw(st.sampled_from(["", "  "])))
        elif defect == "date":
            row["学习日期"] = Cell(
                draw(st.sampled_from([f"{year}-13-01", f"{year}/02/30", "去年夏天", "", "18/05/2022"]))
            )
        elif defect == "date_year":
            row["学习日期"] = Cell(f"{year - 1}-06-01")
        rows.append((row, defect == "none"))
    return rows


def test_ce_files_report_every_bad_row_and_accept_every_good_one(world, tmp_path):
    people = list(
        Professional.objects.filter(employer__region__path__startswith=LIANDU).values_list("id_number", "name")
    )
    outsider = Professional.objects.exclude(employer__region__path__startswith=LIANDU).values_list("id_number", "name")[
        0
    ]
    checker = RowChecker(region_path=LIANDU, today=TODAY)
    path = tmp_path / "学时.xlsx"
    tally = {"files": 0, "rows": 0}

    @FUZZ
    @given(layout=layouts, data=st.data())
    def run(layout, data):
        rows = data.draw(ce_rows(layout.kind, people, outsider), label="rows")
        numbers = write_table(path, layout, CE_COLUMNS, [row for row, _ in rows])
        total, errors = check_file(path, checker, progress=lambda count: None)
        assert total == len(rows)
        assert_reported(errors, {numbers[i] for i, (_, good) in enumerate(rows) if not good})
        tally["files"] += 1
        tally["rows"] += len(rows)

    run()
    assert tally["files"] > 0 and tally["rows"] > 0


# --- the ID number validator (beyond tests/lib/test_idnumber.py) -------------------------------------------

OTHER_DIGITS = "０１２３４５６７８９٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹०१२३४५६७८९"


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(raw=st.one_of(st.text(max_size=30), st.text("0123456789Xx ", min_size=16, max_size=20)))
def test_any_text_is_either_a_valid_ascii_number_or_refused_in_chinese(raw):
    try:
        parsed = idnumber.parse(raw)
    except idnumber.InvalidIdNumber as exc:
        assert CHINESE.search(str(exc))
        return
    assert re.fullmatch(r"[0-9]{17}[0-9X]", parsed.value)
    assert idnumber.check_char(parsed.value[:17]) == parsed.value[17]
    assert parsed.birth_date.strftime("%Y%m%d") == parsed.value[6:14]


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(
    birth=st.dates(min_value=date(1940, 1, 1), max_value=date(2005, 12, 31)),
    sequence=st.integers(min_value=0, max_value=999),
    position=st.integers(min_value=0, max_value=16),
    data=st.data(),
)
def test_non_ascii_digits_and_adjacent_swaps_are_refused(birth, sequence, position, data):
    number = idnumber.make("331102", birth, sequence)
    # A look-alike digit (full-width, Arabic-Indic, …) anywhere in the first 17 places: the same person
    # must not get on file under a second spelling of their number.
    lookalike = data.draw(st.sampled_from([d for d in OTHER_DIGITS if int(d) == int(number[position])]))
    assert not idnumber.is_valid(number[:position] + lookalike + number[position + 1 :])
    # Swapping two adjacent different digits changes the GB 11643 checksum (adjacent weights differ mod 11).
    if position < 16 and number[position] != number[position + 1]:
        swapped = number[:position] + number[position + 1] + number[position] + number[position + 2 :]
        assert not idnumber.is_valid(swapped)


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(raw=st.text(max_size=40))
def test_masking_never_shows_more_than_the_ends(raw):
    masked = idnumber.mask(raw)
    value = idnumber.normalise(raw)
    assert len(masked) == len(value)
    assert sum(char != "*" for char in masked) <= 5
