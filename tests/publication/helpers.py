"""Cases in 评后公示 and requests to publish them, made through the real services."""

import io
from datetime import date

from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from docx import Document

from tests.factories import make_case
from zhicheng.accounts.models import Notification, User
from zhicheng.applications.models import Application, State
from zhicheng.committees.models import Committee
from zhicheng.publication.models import PublicationRequest
from zhicheng.publication.services import publication_request_submit

LIANDU = "莲都区工程技术人员初级专业技术职务任职资格评审委员会"
FORESTRY = "丽水市林业工程技术人员中级专业技术职务任职资格评审委员会"
LIANDU_OFFICE = "莲都区工程技术人员初级职务评审委员会办公室"


def passed(applicant: str = "zhangwei", **kwargs) -> Application:
    """A case of the applicant in 评后公示 with the result 通过 (the 2022 publicity is long over)."""
    return make_case(State.RESULT_PUBLICITY, applicant=applicant, outcome="passed", **kwargs)


def committee(name: str = LIANDU) -> Committee:
    return Committee.objects.get(name=name)


def file(
    office: User,
    *,
    name: str = LIANDU,
    year: int = 2022,
    number: str = "莲职改办〔2022〕3号",
    on: date | None = None,
) -> PublicationRequest:
    return publication_request_submit(
        committee(name), actor=office, year=year, letter_number=number, letter_date=on or timezone.localdate()
    )


def opened(field: FieldFile):
    with field.open("rb") as handle:
        return Document(io.BytesIO(handle.read()))


def text_of(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def table_rows(document) -> list[list[str]]:
    (table,) = document.tables
    return [[cell.text for cell in row.cells] for row in table.rows]


def run_queued_tasks() -> None:
    """Run what the commit queued, as the db_worker would."""
    for row in DBTaskResult.objects.order_by("enqueued_at"):
        row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
    DBTaskResult.objects.all().delete()


def messages_for(username: str) -> list[str]:
    return list(Notification.objects.filter(user__username=username).values_list("message", flat=True))
