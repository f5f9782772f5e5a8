"""Reading uploaded tables (.xlsx or .csv) row by row, and writing the error report of a failed import.

Imports are all-or-nothing: every row is checked first; a file with any bad row imports nothing and the
uploader gets the bad rows back as .xlsx with a reason column. Both formats stream, so a 200,000-row
file is never held in memory whole.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook, load_workbook

from zhicheng.lib.errors import RuleViolation

XLSX_MAGIC = b"PK\x03\x04"


@dataclass
class Row:
    number: int  # the row number the user sees in their spreadsheet (header is row 1)
    values: dict[str, str]


@dataclass
class RowError:
    row: Row
    reasons: list[str] = field(default_factory=list)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value).strip()


def _check_header(header: list[str], required: list[str]) -> list[str]:
    missing = [name for name in required if name not in header]
    if missing:
        raise RuleViolation(f"文件缺少列：{'、'.join(missing)}。第一行应为列名：{'、'.join(required)}")
    return header


def _xlsx_rows(path: Path, required: list[str]) -> Iterator[Row]:
    # A file object, not the path: openpyxl judges a path by its ending, and uploads are judged by content.
    handle = path.open("rb")
    workbook = load_workbook(handle, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = _check_header([_cell_text(c) for c in next(rows, ())], required)
        for number, cells in enumerate(rows, start=2):
            texts = [_cell_text(c) for c in cells]
            if not any(texts):
                continue
            yield Row(number, dict(zip(header, texts, strict=False)))
    finally:
        workbook.close()
        handle.close()


def _csv_rows(path: Path, required: list[str]) -> Iterator[Row]:
    raw = path.read_bytes()[:4]
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        with path.open(encoding=encoding, newline="") as handle:
            reader = csv.reader(handle)
            header = _check_header([c.strip() for c in next(reader, [])], required)
            for number, cells in enumerate(reader, start=2):
                if not any(c.strip() for c in cells):
                    continue
                yield Row(number, dict(zip(header, (c.strip() for c in cells), strict=False)))
    except UnicodeDecodeError as exc:
        raise RuleViolation("CSV 文件不是 UTF-8 编码，请在表格软件中另存为「CSV UTF-8」后再上传") from exc


def sniff_kind(path: Path) -> str:
    """'xlsx' or 'csv' by content, not by the file's name."""
    head = path.read_bytes()[:4] if path.stat().st_size else b""
    if head == XLSX_MAGIC:
        return "xlsx"
    if b"\x00" in path.read_bytes()[:4096]:
        raise RuleViolation("文件不是 .xlsx 或 .csv 表格，请使用模板填写后上传")
    return "csv"


def read_rows(path: Path, required: list[str]) -> Iterator[Row]:
    """The data rows of the first sheet (or the CSV), keyed by header name; blank rows skipped."""
    if sniff_kind(path) == "xlsx":
        try:
            yield from _xlsx_rows(path, required)
        except (KeyError, ValueError, OSError) as exc:
            if isinstance(exc, RuleViolation):
                raise
            raise RuleViolation("无法读取该 .xlsx 文件，文件可能已损坏") from exc
    else:
        yield from _csv_rows(path, required)


def count_rows(path: Path, required: list[str]) -> int:
    return sum(1 for _ in read_rows(path, required))


def write_error_report(errors: list[RowError], columns: list[str], destination: Path | io.BytesIO) -> None:
    """The bad rows as .xlsx: the row number, the row as uploaded, and why it was refused."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("错误行")
    sheet.append(["行号", *columns, "错误原因"])
    for error in errors:
        sheet.append([error.row.number, *(error.row.values.get(c, "") for c in columns), "；".join(error.reasons)])
    workbook.save(destination)
