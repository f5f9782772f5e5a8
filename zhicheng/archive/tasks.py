"""Work done after an archive change commits, by the background worker (db_worker)."""

from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from zhicheng.accounts.models import Professional
from zhicheng.accounts.notifications import notify
from zhicheng.archive.completeness import checklist


@task()
def remind_incomplete(professional_ids: list[int], year: int, employer_name: str) -> None:
    """Tell each person what their archive still lacks: in-app when they have an account, else by e-mail."""
    people = Professional.objects.filter(pk__in=professional_ids).select_related("user", "archive_profile")
    for person in people:
        missing = [f"{item.label}（{item.detail}）" for item in checklist(person, year) if not item.done]
        if not missing:
            continue
        message = (
            f"{employer_name}提醒您完善专业技术人才业绩档案（申报一人，完善一批，55号 §1）。"
            f"尚未满足：{'；'.join(missing)}。"
        )
        link = reverse("archive:professional", args=[person.pk])
        if person.user_id:
            notify(person.user, message, link)  # type: ignore[arg-type]
        elif getattr(person, "archive_profile", None) and person.archive_profile.email:
            send_mail("请完善专业技术人才业绩档案", message, None, [person.archive_profile.email])
