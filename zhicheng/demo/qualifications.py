"""What earlier systems hold of the scenario's professionals: highest education, titles obtained, CE hours.

The title certificate database and the CE bases' imports predate the platform, so these records are carried
over (written directly, as the staff archives in demo.archive are) rather than entered through its forms.
The demo and the test world both load them: every scenario case meets its years in grade and CE hours.
"""

from django.db import transaction

from zhicheng.accounts.models import Professional
from zhicheng.archive.models import Degree, EducationEntry, TitleHeld
from zhicheng.demo import scenario
from zhicheng.demo.ce import demo_ce_records, save_demo_ce
from zhicheng.policy.models import Title

DEGREE_OF = {"doctorate": Degree.DOCTOR, "master": Degree.MASTER, "bachelor": Degree.BACHELOR}


def _education(person: Professional, school: scenario.School) -> None:
    if person.education_entries.exists():
        return
    level, name, major, graduated = school
    EducationEntry.objects.create(
        professional=person,
        level=level,
        degree=DEGREE_OF.get(level, Degree.NONE),
        school=name,
        major=major,
        graduated_on=graduated,
    )


def _titles(person: Professional, held: list[scenario.Held], titles: dict[str, Title]) -> None:
    for name, obtained, certificate in held:
        TitleHeld.objects.get_or_create(
            professional=person,
            title=titles[name],
            defaults={"obtained_on": obtained, "certificate_number": certificate},
        )


@transaction.atomic
def load_qualifications() -> None:
    titles = {t.name: t for t in Title.objects.filter(series__name="工程")}
    people = {
        username: person
        for username, person in (
            (p.user.username if p.user else "", p)
            for p in Professional.objects.filter(user__username__in=scenario.QUALIFICATIONS).select_related("user")
        )
    }
    records = []
    for username, (school, held) in scenario.QUALIFICATIONS.items():
        person = people[username]
        _education(person, school)
        _titles(person, held, titles)
        for year, hours in scenario.ce_hours(username).items():
            records.extend(demo_ce_records(person, year, hours))
    save_demo_ce(records)
