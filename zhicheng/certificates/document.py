"""The electronic certificate as PDF: Chinese text in reportlab's CID font STSong-Light, and a QR code (segno)
that opens the public verification page with the number filled in."""

import io
from datetime import date

import segno
from PIL import Image
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from zhicheng.certificates.models import Certificate
from zhicheng.certificates.numbering import verification_url

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

TITLE = "专业技术职务任职资格证书"


def cn_date(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "—"


def qr_image(url: str) -> Image.Image:
    """The QR code as a greyscale image; segno may raise the error-correction level on its own."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=4)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("L")


def _fields(certificate: Certificate) -> list[tuple[str, str]]:
    return [
        ("姓　　名", certificate.holder_name),
        ("性　　别", certificate.holder_sex),
        ("身份证号", certificate.holder_id_number),
        ("工作单位", certificate.employer_name),
        ("系　　列", certificate.series_name),
        ("专　　业", certificate.specialty_name),
        ("资格名称", certificate.title_name),
        ("评审机构", certificate.committee_name),
        ("评审通过", cn_date(certificate.approved_on)),
        ("公布日期", cn_date(certificate.published_on)),
        ("发证日期", cn_date(certificate.issued_on)),
        ("证书编号", certificate.number),
    ]


def render_certificate(certificate: Certificate) -> bytes:
    """One landscape A4 page: title, the holder and the title awarded, the dates, the number, the QR code."""
    width, height = landscape(A4)
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
    page.setTitle(f"{TITLE} {certificate.number}")
    page.setAuthor(certificate.bureau_name)
    page.setSubject(f"{certificate.holder_name} {certificate.title_name}")

    page.setStrokeColor(colors.HexColor("#9b1c1c"))
    page.setLineWidth(2)
    page.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    page.setLineWidth(0.6)
    page.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)

    page.setFillColor(colors.HexColor("#9b1c1c"))
    page.setFont(FONT, 28)
    page.drawCentredString(width / 2, height - 42 * mm, TITLE)
    page.setFillColor(colors.black)

    page.setFont(FONT, 13)
    y = height - 60 * mm
    for label, value in _fields(certificate):
        page.drawString(40 * mm, y, f"{label}：{value}")
        y -= 8.5 * mm

    page.setFont(FONT, 11)
    page.drawString(
        40 * mm,
        y - 4 * mm,
        f"经{certificate.committee_name}评审通过，具备{certificate.title_name}任职资格，特发此证。",
    )
    page.drawRightString(width - 40 * mm, 32 * mm, f"发证机关：{certificate.bureau_name}")
    page.drawRightString(width - 40 * mm, 25 * mm, cn_date(certificate.issued_on))

    url = verification_url(certificate.number)
    size = 42 * mm
    page.drawImage(ImageReader(qr_image(url)), width - 40 * mm - size, height - 58 * mm - size, size, size)
    page.setFont(FONT, 8)
    page.drawCentredString(width - 40 * mm - size / 2, height - 62 * mm - size, "扫码核验证书真伪（须输入持证人姓名）")

    page.showPage()
    page.save()
    return buffer.getvalue()
