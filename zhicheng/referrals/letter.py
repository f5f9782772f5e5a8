"""The 委托评审函 as .docx (for the office file) and as PDF (what is sent, and hashed)."""

import io
from dataclasses import dataclass
from datetime import date

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from zhicheng.archive.dossier import BODY, FONT, pdf_table

RED_HEAD = ParagraphStyle("red", fontName=FONT, fontSize=22, leading=30, alignment=TA_CENTER, textColor="#c00000")
CENTRE = ParagraphStyle("centre", fontName=FONT, fontSize=11, leading=18, alignment=TA_CENTER)
RIGHT = ParagraphStyle("right", fontName=FONT, fontSize=11, leading=18, alignment=TA_RIGHT)
TEXT = ParagraphStyle("text", fontName=FONT, fontSize=12, leading=22, firstLineIndent=24)


@dataclass(frozen=True)
class Letter:
    issuer: str
    number: str
    addressee: str
    body: str
    header: list[str]
    row: list[str]
    dated: date

    @property
    def dated_text(self) -> str:
        return f"{self.dated:%Y年%-m月%-d日}"


def letter_docx(letter: Letter) -> bytes:
    document = Document()
    head = document.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(f"{letter.issuer}")
    run.font.size, run.font.bold, run.font.color.rgb = Pt(24), True, RGBColor(0xC0, 0x00, 0x00)
    number = document.add_paragraph(letter.number)
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("委托评审函").font.size = Pt(18)
    document.add_paragraph(f"{letter.addressee}：")
    document.add_paragraph(letter.body)
    table = document.add_table(rows=2, cols=len(letter.header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, letter.header, strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, letter.row, strict=True):
        cell.text = text
    for line in (letter.issuer, letter.dated_text):
        signature = document.add_paragraph(line)
        signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def letter_pdf(letter: Letter) -> bytes:
    buffer = io.BytesIO()
    page = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=25 * mm)
    story = [
        Paragraph(letter.issuer, RED_HEAD),
        Paragraph(letter.number, CENTRE),
        Spacer(1, 6 * mm),
        Paragraph("委托评审函", ParagraphStyle("t", parent=CENTRE, fontSize=16, leading=24)),
        Spacer(1, 4 * mm),
        Paragraph(f"{letter.addressee}：", BODY),
        Paragraph(letter.body, TEXT),
        Spacer(1, 4 * mm),
        pdf_table(letter.header, [letter.row], [22, 12, 40, 30, 26, 30]),
        Spacer(1, 12 * mm),
        Paragraph(letter.issuer, RIGHT),
        Paragraph(letter.dated_text, RIGHT),
    ]
    page.build(story)
    return buffer.getvalue()
