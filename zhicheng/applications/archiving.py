"""What archiving a case leaves behind (55号 §4(三)): the dossier for the personal file, with its hash, and the
record that the materials went back to the employer. Later stages add the facts they know of a case (the
meeting's tally, the publication, the certificate, the referral) through `register_facts`, so this module
needs no import of them."""

import hashlib
from collections.abc import Callable
from datetime import date

from django.core.files.base import ContentFile
from django.utils import timezone

from zhicheng.applications.dossier import render_case_dossier
from zhicheng.applications.models import Application, CaseArchive
from zhicheng.lib.errors import RuleViolation

Facts = Callable[[Application], list[list[str]]]
_FACTS: list[Facts] = []
CLAUSE = "55号 §4(三)"


def register_facts(facts: Facts) -> None:
    if facts not in _FACTS:
        _FACTS.append(facts)


def case_facts(application: Application) -> list[list[str]]:
    lines = [["评审结果", application.get_outcome_display() or "—"]]
    for facts in _FACTS:
        lines.extend(facts(application))
    return lines


def check_return(returned_to: str, returned_on: date | None) -> None:
    if not returned_to.strip():
        raise RuleViolation("请填写申报材料退还单位的接收人（单位及姓名）", clause=CLAUSE)
    if returned_on is None:
        raise RuleViolation("请填写申报材料退还日期", clause=CLAUSE)
    if returned_on > timezone.localdate():
        raise RuleViolation("材料退还日期不能晚于今天")


def archive_record(application: Application, *, actor, returned_to: str, returned_on: date) -> CaseArchive:
    """Within the archive transition: render the dossier, keep its hash, record the materials' return."""
    pdf = render_case_dossier(application, results=case_facts(application))
    record = CaseArchive(
        application=application,
        dossier_sha256=hashlib.sha256(pdf).hexdigest(),
        materials_returned_to=returned_to.strip(),
        materials_returned_on=returned_on,
        archived_by=actor,
    )
    record.dossier.save(f"归档材料-{application.pk}.pdf", ContentFile(pdf), save=False)
    record.save()
    return record
