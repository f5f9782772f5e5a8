"""Reading uploaded tables (.xlsx or .csv) row by row, and writing the error report of a failed import.

Imports are all-or-nothing: every row is checked first; a file with any bad row imports nothing and the
uploader gets the bad rows back as .xlsx with a reason column. Both formats stream, so a 200,000-row
file is never held in memory whole.
"""

import codecs
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
    # Whole numbers print without ".0", but only while a double holds them exactly: an 18-digit ID number
    # typed as a number has lost its last digits, and printing it as digits could name another person.
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
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
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except BaseException:
        handle.close()
        raise
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


def _csv_encoding(path: Path) -> str:
    """UTF-8 (with or without a BOM) when the whole file decodes as such, else GB18030, the superset of GBK
    that Excel on a Chinese Windows writes for「CSV（逗号分隔）」. Read in pieces, so large files stream."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            while piece := handle.read(1 << 20):
                decoder.decode(piece)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "gb18030"
    return "utf-8-sig"


def _csv_rows(path: Path, required: list[str]) -> Iterator[Row]:
    try:
        with path.open(encoding=_csv_encoding(path), newline="") as handle:
            reader = csv.reader(handle)
            header = _check_header([c.strip() for c in next(reader, [])], required)
            for number, cells in enumerate(reader, start=2):
                if not any(c.strip() for c in cells):
                    continue
                yield Row(number, dict(zip(header, (c.strip() for c in cells), strict=False)))
    except UnicodeDecodeError as exc:
        raise RuleViolation("CSV 文件的编码无法识别，请在表格软件中另存为「CSV UTF-8」后再上传") from exc
    except csv.Error as exc:
        # An over-long cell (above the csv module's field limit) or a broken quote: the line is named.
        raise RuleViolation(f"CSV 文件第{reader.line_num}行无法读取（单元格过长或引号不成对），请核对后再上传") from exc


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
        except RuleViolation:
            raise
        except Exception as exc:
            # openpyxl reports a broken workbook through many types (zip, XML, its own, KeyError, ValueError);
            # to the uploader they all mean the same thing. A file that starts like a zip reaches here.
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
