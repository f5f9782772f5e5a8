"""Cases for tests, created and moved through the real services."""

from zhicheng.accounts.models import User
from zhicheng.applications.models import CLOSED_STATES, Application
from zhicheng.applications.services import application_create
from zhicheng.demo.loader import walk_case
from zhicheng.policy.models import Specialty, Title


def make_case(
    state: str = "draft",
    *,
    applicant: str = "zhangwei",
    specialty: str = "机械工程",
    title: str = "助理工程师",
    year: int | None = None,
    outcome: str = "passed",
    reason: str = "测试理由",
) -> Application:
    """A case walked to `state`. Without a year, the first year from 2022 in which the applicant has no
    open case for that title, since the platform allows one open case per title and year."""
    user = User.objects.get(username=applicant)
    if year is None:
        year = 2022
        while (
            Application.objects.filter(applicant=user, title__name=title, year=year)
            .exclude(state__in=CLOSED_STATES)
            .exists()
        ):
            year += 1
    application = application_create(
        actor=user,
        year=year,
        specialty=Specialty.objects.get(name=specialty),
        title=Title.objects.get(name=title),
        statement="从事机械设计工作八年。",
    )
    walk_case(application, state, outcome, reason)
    application.refresh_from_db()
    return application


# --- the archive -------------------------------------------------------------------------------------


def pdf_bytes(*lines: str) -> bytes:
    """A real one-page PDF with the given lines of Chinese text."""
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont("STSong-Light", 12)
    for number, line in enumerate(lines or ("证明材料",)):
        page.drawString(60, 760 - 20 * number, line)
    page.save()
    return buffer.getvalue()


def xlsx_bytes(columns: list[str], rows: list[list], path) -> bytes:
    """A real .xlsx written at `path` with a header row, and its bytes, as an upload would carry them."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(columns)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path.read_bytes()


def png_bytes() -> bytes:
    """A real 1×1 PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def make_professional(employer, *, sequence: int, name: str = "", user=None):
    """A person on an employer's staff, with a valid ID number made from the sequence."""
    from datetime import date

    from zhicheng.accounts.models import Professional
    from zhicheng.lib import idnumber

    number = idnumber.make("331102", date(1980 + sequence % 20, 1 + sequence % 12, 1 + sequence % 28), sequence)
    identity = idnumber.parse(number)
    return Professional.objects.create(
        id_number=identity.value,
        name=name or f"职工{sequence}",
        birth_date=identity.birth_date,
        sex=identity.sex,
        employer=employer,
        user=user,
    )


def complete_archive(professional, *, year: int = 2022, verified_achievement: bool = True):
    """Fill a person's archive so it meets the year's rule: profile, a verified achievement, fresh, CE hours."""
    from datetime import date

    from django.db import transaction
    from django.utils import timezone

    from zhicheng.accounts.models import Region
    from zhicheng.archive.models import Achievement, EducationEntry, Profile, WorkPeriod
    from zhicheng.archive.services import refresh_profile
    from zhicheng.education.models import CERecord

    with transaction.atomic():
        Profile.objects.update_or_create(professional=professional, defaults={"phone": "13800000000"})
        EducationEntry.objects.create(
            professional=professional,
            level="bachelor",
            degree="bachelor",
            school="浙江工业大学",
            major="机械工程",
            graduated_on=date(2008, 6, 30),
        )
        WorkPeriod.objects.create(
            professional=professional,
            organisation=str(professional.employer),
            region=Region.objects.get(path="浙江省/丽水市/莲都区/"),
            started_on=date(2008, 7, 1),
        )
        if verified_achievement:
            Achievement.objects.create(
                professional=professional,
                kind="report",
                title=f"{professional.name}的技术报告",
                role="主要完成人",
                achieved_on=date(2021, 5, 1),
                status=Achievement.Status.VERIFIED,
                verified_at=timezone.now(),
            )
        CERecord.objects.create(
            professional=professional,
            year=year - 1,
            category="professional",
            hours=60,
            course="专业科目",
            study_date=date(year - 1, 6, 1),
            source="import",
            status="confirmed",
            fingerprint=f"test-{professional.id_number}-{year - 1}",
        )
        refresh_profile(professional)
    return professional


def plan_2023() -> dict:
    """A 2023 annual plan valid against the 2023 calendar (National Day 29 Sep – 6 Oct, 7–8 Oct worked)."""
    from datetime import date

    return {
        "application_opens": date(2023, 6, 1),
        "application_closes": date(2023, 7, 31),
        "review_deadline": date(2023, 9, 15),
        "pre_publicity_start": date(2023, 9, 18),
        "meeting_report_by": date(2023, 9, 28),
        "meeting_date": date(2023, 10, 16),
        "result_publicity_start": date(2023, 10, 18),
    }
