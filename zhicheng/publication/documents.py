"""附件4-2 and 附件4-3 rendered from the docxtpl templates in templates_docx/ (written once by make_templates.py).

The templates hold the wording and the layout; this module gathers the facts: who writes to whom, the
meeting, the result publicity and its objections, and the list.
"""

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docxtpl import DocxTemplate

from zhicheng.evaluation.models import Meeting, MeetingCase
from zhicheng.publication.make_templates import LETTER as LETTER_TEMPLATE
from zhicheng.publication.make_templates import NAME_LIST as NAME_LIST_TEMPLATE
from zhicheng.publicity.models import Objection, Publicity, PublicityEntry

BASIS = "《职称评审管理暂行规定》（人社部令第40号）等有关规定"
MOUNTAIN_NOTE = "山区26县单列"


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _dates(days: list[date]) -> str:
    return "、".join(cn_date(d) for d in sorted(set(days)))


def _publicity_facts(application_ids: list[int]) -> tuple[str, str]:
    """The result publicity (评后公示) of the listed cases: its period, and what came of the objections."""
    entries = PublicityEntry.objects.filter(application_id__in=application_ids, publicity__kind=Publicity.Kind.RESULT)
    periods = list(entries.values_list("publicity__first_day", "publicity__last_day").distinct())
    period = ""
    if periods:
        first, last = min(p[0] for p in periods), max(p[1] for p in periods)
        period = f"{cn_date(first)}至{cn_date(last)}"
    objections = Objection.objects.filter(entry__in=entries)
    total = objections.count()
    if not total:
        return period, "公示期间未收到异议"
    answered = objections.exclude(state=Objection.State.OPEN).count()
    return period, f"公示期间收到异议{total}件，已调查核实并作出处理{answered}件"


@dataclass(frozen=True)
class Letterhead:
    """Who writes, to whom, under which number and date, and who answers questions about it."""

    office_name: str
    bureau_name: str
    committee_name: str
    year: int
    letter_number: str
    letter_date: date
    contact_name: str
    contact_phone: str


def context(head: Letterhead, rows: list[dict]) -> dict:
    """What both templates read. `rows`: order, name, sex, employer, specialty, title, in_mountain_pool, and
    application (its id)."""
    ids = [row["application"] for row in rows]
    meeting_days = list(
        MeetingCase.objects.filter(application_id__in=ids, meeting__state=Meeting.State.CLOSED).values_list(
            "meeting__date", flat=True
        )
    )
    period, objections = _publicity_facts(ids)
    titles = "、".join(dict.fromkeys(row["title"] for row in rows))
    return {
        "red_head": f"{head.office_name}函",
        "title": f"关于要求公布{head.committee_name}{head.year}年度评审通过人员名单的函",
        "office_name": head.office_name,
        "bureau_name": head.bureau_name,
        "committee_name": head.committee_name,
        "year": head.year,
        "letter_number": head.letter_number,
        "letter_date": cn_date(head.letter_date),
        "contact_name": head.contact_name,
        "contact_phone": head.contact_phone,
        "meeting_dates": _dates(meeting_days),
        "publicity_period": period,
        "objections": objections,
        "titles": titles,
        "basis": BASIS,
        "count": len(rows),
        "mountain_count": sum(1 for row in rows if row["in_mountain_pool"]),
        "rows": [
            {
                "order": row["order"],
                "name": row["name"],
                "sex": row["sex"],
                "employer": row["employer"],
                "specialty": row["specialty"],
                "title": row["title"],
                "note": MOUNTAIN_NOTE if row["in_mountain_pool"] else "",
            }
            for row in rows
        ],
    }


def _render(template: Path, values: dict) -> bytes:
    document = DocxTemplate(str(template))
    document.render(values, autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def letter_docx(values: dict) -> bytes:
    """附件4-2 《关于要求公布评审通过人员名单的函》."""
    return _render(LETTER_TEMPLATE, values)


def name_list_docx(values: dict) -> bytes:
    """附件4-3 《评审通过人员名单》."""
    return _render(NAME_LIST_TEMPLATE, values)
