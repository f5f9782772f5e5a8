"""The case's dossier for the personal file (归入本人档案, 55号 §4(三)): the application, the materials, every
review, the meeting's result and what followed, as one PDF made when the case is archived."""

import io

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate

from zhicheng.applications.models import Application
from zhicheng.archive.dossier import BODY, HEADING, SMALL, TITLE, pdf_table
from zhicheng.audit.selectors import events_for_object
from zhicheng.lib.idnumber import mask

BASIS = "莲人社〔2022〕55号 第四条第（三）项"


def _materials(application: Application) -> list[list[str]]:
    return [
        [
            (m.frozen or {}).get("title", str(m)),
            (m.frozen or {}).get("kind_display", (m.frozen or {}).get("kind", "")),
            "代表作" if m.representative else "",
        ]
        for m in application.materials.all()
    ]


def _reviews(application: Application) -> list[list[str]]:
    rows = []
    for review in application.reviews.select_related("created_by").order_by("round", "id"):
        items = "；".join(
            f"{item.get('label', '')}{'：' + item['note'] if item.get('note') else ''}" for item in review.items
        )
        rows.append([f"第{review.round}轮 {review.get_stage_display()}", review.created_by.name, items or "—"])
    return rows


def _history(application: Application) -> list[list[str]]:
    return [
        [
            f"{timezone.localtime(e.created_at):%Y-%m-%d %H:%M}",
            e.actor_name,
            e.action.removeprefix("application."),
            e.reason,
        ]
        for e in events_for_object(application)
    ]


def render_case_dossier(application: Application, *, results: list[list[str]]) -> bytes:
    """`results`: the lines of what the case came to (meeting, publication, certificate or referral)."""
    person = application.professional
    buffer = io.BytesIO()
    page = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm)
    story = [
        Paragraph("职称评审归档材料", TITLE),
        Paragraph(
            f"归入本人档案　生成时间：{timezone.localtime():%Y-%m-%d %H:%M}　依据：莲人社〔2022〕55号 第四条第（三）项",
            SMALL,
        ),
        Paragraph("一、申报", HEADING),
        pdf_table(
            ["姓名", "身份证号", "工作单位", "年度", "系列 · 专业", "申报资格", "评审委员会"],
            [
                [
                    application.applicant.name,
                    mask(person.id_number) if person else "",
                    application.employer.name,
                    str(application.year),
                    f"{application.series.name} · {application.specialty.name}",
                    application.title.name,
                    application.committee.name,
                ]
            ],
            [16, 28, 30, 12, 26, 20, 42],
        ),
        Paragraph("二、申报业绩材料（提交时冻结）", HEADING),
        pdf_table(["业绩", "类别", ""], _materials(application), [120, 30, 24]),
        Paragraph("三、受理与资格审查", HEADING),
        pdf_table(["环节", "经办人", "逐项记录"], _reviews(application), [36, 24, 114]),
        Paragraph("四、评审结果", HEADING),
        pdf_table(["事项", "结果"], results, [40, 134]),
        Paragraph("五、办理记录", HEADING),
        pdf_table(["时间", "经办人", "事项", "说明"], _history(application), [30, 24, 40, 80]),
        Paragraph("本材料由职称评审管理服务平台依办理记录生成，其 SHA-256 存于平台，可供核对。", BODY),
    ]
    page.build(story)
    return buffer.getvalue()
