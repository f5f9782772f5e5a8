"""The personal performance dossier (个人业绩档案) as PDF, in Chinese with reportlab's CID font STSong-Light."""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from zhicheng.accounts.models import Professional
from zhicheng.archive.completeness import checklist, cn_date, is_complete, mountain_county_years
from zhicheng.archive.models import Profile
from zhicheng.lib.idnumber import mask

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

TITLE = ParagraphStyle("title", fontName=FONT, fontSize=18, leading=26, alignment=TA_CENTER, spaceAfter=4 * mm)
HEADING = ParagraphStyle("heading", fontName=FONT, fontSize=13, leading=20, spaceBefore=5 * mm, spaceAfter=2 * mm)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=15)
SMALL = ParagraphStyle("small", fontName=FONT, fontSize=8.5, leading=12, textColor=colors.grey)


def pdf_table(header: list[str], rows: list[list[str]], widths: list[float]) -> Table | Paragraph:
    if not rows:
        return Paragraph("（未登记）", BODY)
    data = [[Paragraph(cell, BODY) for cell in header]] + [
        [Paragraph(escape(str(c)), BODY) for c in row] for row in rows
    ]
    table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eceff3")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _d(value) -> str:
    return cn_date(value) if value else "至今"


def render_dossier(professional: Professional, *, year: int) -> bytes:
    profile = Profile.objects.filter(pk=professional.pk).first()
    items = checklist(professional, year)
    story: list = [
        Paragraph("专业技术人才业绩档案", TITLE),
        Paragraph(f"生成时间：{timezone.localtime():%Y-%m-%d %H:%M}　依据：莲人社〔2022〕55号 第一条", SMALL),
        Paragraph("一、基本信息", HEADING),
        pdf_table(
            ["姓名", "身份证号", "性别", "出生日期"],
            [[professional.name, mask(professional.id_number), professional.sex, cn_date(professional.birth_date)]],
            [30, 60, 20, 60],
        ),
        Spacer(1, 2 * mm),
        pdf_table(
            ["工作单位", "手机", "电子邮箱"],
            [
                [
                    professional.employer.name if professional.employer_id else "（未登记）",  # type: ignore[union-attr]
                    profile.phone if profile else "",
                    profile.email if profile else "",
                ]
            ],
            [80, 35, 55],
        ),
        Paragraph("二、学历学位", HEADING),
        pdf_table(
            ["学历", "学位", "毕业院校", "专业", "毕业时间"],
            [
                [e.get_level_display(), e.get_degree_display(), e.school, e.major, cn_date(e.graduated_on)]
                for e in professional.education_entries.all()
            ],
            [20, 20, 55, 40, 35],
        ),
        Paragraph("三、工作经历", HEADING),
        pdf_table(
            ["起止时间", "工作单位", "工作地", "岗位"],
            [
                [
                    f"{cn_date(w.started_on)}—{_d(w.ended_on)}",
                    w.organisation,
                    w.region.full_name + ("（山区26县）" if w.region.is_mountain_county else ""),
                    w.position,
                ]
                for w in professional.work_periods.select_related("region")
            ],
            [50, 50, 45, 25],
        ),
        Paragraph(f"在山区26县从事专业技术工作 {mountain_county_years(professional)} 年（55号 第二条）", BODY),
        Paragraph("四、已取得职称", HEADING),
        pdf_table(
            ["职称", "取得时间", "证书编号", "取得方式"],
            [
                [t.title.name, cn_date(t.obtained_on), t.certificate_number, t.get_how_display()]
                for t in professional.titles_held.select_related("title")
            ],
            [45, 45, 50, 30],
        ),
        Paragraph("五、业绩", HEADING),
        pdf_table(
            ["类型", "名称", "时间", "本人角色", "标识号", "核验"],
            [
                [
                    a.get_kind_display(),
                    a.title,
                    cn_date(a.achieved_on),
                    a.role,
                    a.identifier,
                    a.get_status_display(),
                ]
                for a in professional.achievements.all()
            ],
            [16, 55, 26, 24, 32, 17],
        ),
        Paragraph(f"六、档案完善情况（{year}年度）：{'已完善' if is_complete(items) else '未完善'}", HEADING),
        pdf_table(
            ["要求", "是否满足", "情况"],
            [[i.label, "已满足" if i.done else "未满足", i.detail] for i in items],
            [60, 22, 88],
        ),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{professional.name} 专业技术人才业绩档案",
        author="职称评审管理服务平台",
    )
    document.build(story)
    return buffer.getvalue()
