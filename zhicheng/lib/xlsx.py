"""Streaming .xlsx export: rows are written as they come, so a large list never sits in memory whole."""

import tempfile
from collections.abc import Iterable

from django.http import FileResponse
from openpyxl import Workbook


def xlsx_response(filename: str, sheet_title: str, header: list[str], rows: Iterable[list]) -> FileResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename)
