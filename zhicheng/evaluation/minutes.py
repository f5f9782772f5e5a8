"""The minutes of a meeting (评审会议纪要) as .docx: attendance, recusals, scores, tallies and results.

Laid out here in code on python-docx's default template, so the document needs no binary template file and
every heading is in one place.
"""

import io

from docx import Document
from docx.shared import Pt

from zhicheng.evaluation.ballot import Tally
from zhicheng.evaluation.models import Meeting
from zhicheng.evaluation.scoring import Ranking


def _table(document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def minutes_docx(meeting: Meeting, tallies: dict[int, Tally], outcomes: dict[int, str], ranking: Ranking) -> bytes:
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(f"{meeting.committee.name}评审会议纪要", level=1)
    document.add_paragraph(f"会议日期：{meeting.date:%Y年%-m月%-d日}　地点：{meeting.venue or '—'}")
    panel = list(meeting.panel.select_related("expert__user", "expert__employer", "expert__title"))
    present = [p for p in panel if p.present]
    document.add_paragraph(
        f"专家组{len(panel)}人，出席{len(present)}人。抽取种子：{meeting.draw_seed}（可据此复核抽取结果）。"
    )

    document.add_heading("一、出席情况", level=2)
    _table(
        document,
        ["序号", "专家", "工作单位", "职称", "出席"],
        [
            [str(p.order), p.expert.user.name, p.expert.employer.name, p.expert.title.name, "是" if p.present else "否"]
            for p in panel
        ],
    )

    document.add_heading("二、回避情况", level=2)
    recusals = [
        [case.application.applicant.name, r.panelist.expert.user.name, r.get_reason_display(), r.note]
        for case in meeting.cases.select_related("application__applicant")
        for r in case.recusals.select_related("panelist__expert__user")
    ]
    if recusals:
        _table(document, ["申报人", "回避专家", "原因", "说明"], recusals)
    else:
        document.add_paragraph("无。")

    document.add_heading("三、量化评分排序", level=2)
    _table(
        document,
        ["名次", "申报人", "平均分", "山区加分", "总分", "山区26县"],
        [
            [
                str(row.rank),
                row.case.application.applicant.name,
                str(row.mean if row.mean is not None else "—"),
                str(row.bonus),
                str(row.total if row.total is not None else "—"),
                "是" if row.mountain else "",
            ]
            for row in ranking.general
        ],
    )

    document.add_heading("四、表决结果", level=2)
    _table(
        document,
        ["申报人", "申报职称", "应投", "赞成", "反对", "弃权", "结果"],
        [
            [
                case.application.applicant.name,
                case.application.title.name,
                str(tallies[case.pk].voters),
                str(tallies[case.pk].yes),
                str(tallies[case.pk].no),
                str(tallies[case.pk].abstain),
                outcomes[case.pk],
            ]
            for case in meeting.cases.select_related("application__applicant", "application__title")
        ],
    )
    document.add_paragraph("表决以无记名投票方式进行，选票与投票登记分开保存。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
