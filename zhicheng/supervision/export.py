"""The 5× indicator as .xlsx, for the bureau's files."""

import io

from openpyxl import Workbook

from zhicheng.supervision.breadth import Breadth, BreadthRow

COLUMNS = [
    "名称",
    "地区/受理范围",
    "档案完善人数",
    "本年度申报人数",
    "倍数",
    "要求倍数",
    "应完善人数",
    "缺口",
    "是否达标",
]


def _line(row: BreadthRow) -> list:
    ratio = float(row.ratio) if row.ratio is not None else "无申报"
    return [
        row.name,
        row.region,
        row.complete,
        row.applicants,
        ratio,
        float(row.ratio_min),
        row.required,
        row.shortfall,
        "达标" if row.meets else "未达标",
    ]


def breadth_workbook(breadth: Breadth) -> bytes:
    workbook = Workbook(write_only=True)
    for title, rows in (("用人单位", breadth.employers), ("评审委员会", breadth.committees)):
        sheet = workbook.create_sheet(title)
        sheet.append(
            [f"{breadth.year}年度 专业技术人才业绩档案5倍指标（申报一人，完善一批，莲人社〔2022〕55号 第一条）"]
        )
        sheet.append(COLUMNS)
        for row in rows:
            sheet.append(_line(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
