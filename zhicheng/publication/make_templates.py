"""Writes the docxtpl templates of 附件4-2 and 附件4-3 into templates_docx/ (run once; the .docx files are kept in
the repository and read at run time, never made there):

    .venv/bin/python -m zhicheng.publication.make_templates

The layout follows the official-document format (GB/T 9704): A4, the red head (版头) with the office's name,
a red rule, the document number, the title in 小标宋, the addressee, the body in 仿宋 三号 with two-character
indents, the signature and date on the right; 附件4-3 is the list in a table, a row per person.

Every jinja tag is written as one run, so docxtpl sees it whole; the table's {%tr for %} and {%tr endfor %} each
have a row of their own (DESIGN.md).
"""

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates_docx"
LETTER = TEMPLATES_DIR / "letter_4_2.docx"
NAME_LIST = TEMPLATES_DIR / "name_list_4_3.docx"

RED = RGBColor(0xFF, 0x00, 0x00)
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
HEAD_SIZE = Pt(26)  # 一号, the red head
HEAD_SCALE = 72  # per cent: the tall, narrow characters of a red head; a committee office's name fits a line
INDENT = Pt(32)  # two characters of 三号


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = Pt(28)


def _run(paragraph, text: str, *, font: str = BODY_FONT, size=BODY_SIZE, bold: bool = False, color=None):
    run = paragraph.add_run(text)
    run.font.name = font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    run.font.size = size
    run.bold = bold
    if color is not None:
        run.font.color.rgb = color
    return run


def _para(document, text: str = "", *, align=None, indent: bool = False, before=None, after=None, **font):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = INDENT
    if before is not None:
        paragraph.paragraph_format.space_before = before
    if after is not None:
        paragraph.paragraph_format.space_after = after
    if text:
        _run(paragraph, text, **font)
    return paragraph


def _condense(run, percent: int) -> None:
    scale = OxmlElement("w:w")
    scale.set(qn("w:val"), str(percent))
    run._element.get_or_add_rPr().append(scale)


def _red_rule(paragraph) -> None:
    """The red line under the red head: the head paragraph's bottom border."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in {"w:val": "single", "w:sz": "18", "w:space": "6", "w:color": "FF0000"}.items():
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _cell(cell, text: str, *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.CENTER) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.line_spacing = Pt(16)
    _run(paragraph, text, size=Pt(10.5), bold=bold, font=HEADING_FONT if bold else BODY_FONT)


def make_letter(path: Path = LETTER) -> Path:
    """附件4-2 《关于要求公布评审通过人员名单的函》."""
    document = Document()
    _page(document)
    center, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    # 版头: the office's name and 函 in red, large, centred; the red rule; the office's own letter number.
    head = _para(
        document, "{{ red_head }}", align=center, after=Pt(10), font=TITLE_FONT, size=HEAD_SIZE, bold=True, color=RED
    )
    head.paragraph_format.line_spacing = None  # the head's own height, not the body's fixed 28 pt
    _condense(head.runs[0], HEAD_SCALE)
    _red_rule(head)
    _para(document, "{{ letter_number }}", align=right, after=Pt(12))
    _para(document, "{{ title }}", align=center, font=TITLE_FONT, size=TITLE_SIZE, after=Pt(12))
    _para(document, "{{ bureau_name }}：")
    _para(
        document,
        "{{ committee_name }}{% if meeting_dates %}于{{ meeting_dates }}召开评审会议，{% endif %}"
        "对{{ year }}年度{{ titles }}任职资格申报人员进行了评审。经评审委员会无记名投票表决，"
        "{{ count }}人评审通过{% if mountain_count %}（其中山区26县单列评审通过{{ mountain_count }}人）{% endif %}。",
        indent=True,
    )
    _para(
        document,
        "评审结果已{% if publicity_period %}于{{ publicity_period }}{% endif %}进行评后公示，{{ objections }}。"
        "根据{{ basis }}，现将《评审通过人员名单》报上，请予审核并发文公布。",
        indent=True,
    )
    _para(
        document,
        "附件：{{ committee_name }}{{ year }}年度评审通过人员名单（{{ count }}人）",
        indent=True,
        before=Pt(8),
    )
    signature = _para(document, "{{ office_name }}", align=right, before=Pt(24))
    signature.paragraph_format.keep_with_next = True  # the signature and its date stay on one page
    _para(document, "{{ letter_date }}", align=right)
    _para(
        document,
        "（联系人：{{ contact_name }}{% if contact_phone %}，联系电话：{{ contact_phone }}{% endif %}）",
        indent=True,
        before=Pt(8),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


HEADER = ["序号", "姓名", "性别", "工作单位", "专业", "评审通过资格", "备注"]
ROW = [
    "{{ row.order }}",
    "{{ row.name }}",
    "{{ row.sex }}",
    "{{ row.employer }}",
    "{{ row.specialty }}",
    "{{ row.title }}",
    "{{ row.note }}",
]
WIDTHS = [Cm(1.3), Cm(1.7), Cm(1.3), Cm(3.6), Cm(2.2), Cm(2.5), Cm(3.0)]  # 15.6 cm: the text width


def make_name_list(path: Path = NAME_LIST) -> Path:
    """附件4-3 《评审通过人员名单》: the list as a table, a row per person."""
    document = Document()
    _page(document)
    _para(document, "附件4-3", font=HEADING_FONT)
    _para(
        document,
        "{{ committee_name }}{{ year }}年度评审通过人员名单",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        font=TITLE_FONT,
        size=TITLE_SIZE,
        before=Pt(12),
        after=Pt(6),
    )
    _para(document, "（{{ letter_number }}附件，共{{ count }}人）", align=WD_ALIGN_PARAGRAPH.CENTER, after=Pt(12))
    table = document.add_table(rows=4, cols=len(HEADER))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, WIDTHS, strict=True):
        column.width = width  # the grid, which LibreOffice reads
    for row in table.rows:
        for cell, width in zip(row.cells, WIDTHS, strict=True):
            cell.width = width
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        _cell(cell, text, bold=True)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # the header repeats on each page
    _cell(table.rows[1].cells[0], "{%tr for row in rows %}")
    for cell, text in zip(table.rows[2].cells, ROW, strict=True):
        _cell(cell, text)
    _cell(table.rows[3].cells[0], "{%tr endfor %}")
    _para(
        document,
        "注：备注栏注明「山区26县单列」的，为山区26县申报对象单列评审通过的人员。",
        before=Pt(12),
        size=Pt(12),
    )
    _para(document, "{{ office_name }}", align=WD_ALIGN_PARAGRAPH.RIGHT, before=Pt(32))
    _para(document, "{{ letter_date }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def main() -> None:
    for path in (make_letter(), make_name_list()):
        print(path)


if __name__ == "__main__":
    main()
