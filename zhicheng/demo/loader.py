"""Builds the demo scenario through the same services users call, so its audit trail is real."""

from django.db import transaction

from zhicheng.accounts.models import Organisation, Professional, Region, Role, User
from zhicheng.accounts.regions import load_regions
from zhicheng.applications.models import Application, Outcome, State
from zhicheng.applications.rules import is_holder
from zhicheng.applications.services import TRANSITION_SERVICES, application_create
from zhicheng.committees.models import Committee, Scope
from zhicheng.demo import scenario
from zhicheng.demo.archive import load_archive
from zhicheng.lib import idnumber
from zhicheng.policy.catalogue import load_catalogue, load_policy
from zhicheng.policy.models import Policy, Series, Specialty, Title, YearsInGrade

# The main-path actions in order, and for each side exit the state it leaves from.
MAIN_ACTIONS = [
    ("submit", State.SUBMITTED),
    ("employer_approve", State.EMPLOYER_APPROVED),
    ("authority_approve", State.AUTHORITY_APPROVED),
    ("accept", State.ACCEPTED),
    ("qualify", State.QUALIFIED),
    ("start_pre_publicity", State.PRE_PUBLICITY),
    ("schedule", State.SCHEDULED),
    ("record_evaluation", State.EVALUATED),
    ("start_result_publicity", State.RESULT_PUBLICITY),
    ("publish", State.PUBLISHED),
    ("certify", State.CERTIFIED),
    ("archive", State.ARCHIVED),
]
REASONED_ACTIONS = {"return", "withdraw", "reject", "veto"}
SIDE_EXITS: dict[str, tuple[str, str]] = {
    State.RETURNED: ("return", State.SUBMITTED),
    State.WITHDRAWN: ("withdraw", State.SUBMITTED),
    State.REJECTED: ("reject", State.ACCEPTED),
    State.VETOED: ("veto", State.PRE_PUBLICITY),
}


def load_reference_data() -> None:
    load_regions(Region)
    load_catalogue(Series, Title, Specialty)
    load_policy(Policy, YearsInGrade, Title)


def load_organisations() -> None:
    for name, kind, region_path, series_name in scenario.ORGANISATIONS:
        Organisation.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "region": Region.objects.get(path=region_path),
                "series": Series.objects.get(name=series_name) if series_name else None,
            },
        )


def _user(username: str, name: str, role: str, organisation_name: str | None) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "name": name,
            "role": role,
            "organisation": Organisation.objects.get(name=organisation_name) if organisation_name else None,
            "is_staff": role == Role.ADMIN,
            "is_superuser": role == Role.ADMIN,
        },
    )
    if created:
        user.set_password(scenario.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def load_people() -> None:
    for username, name, role, organisation in scenario.STAFF:
        _user(username, name, role, organisation)
    for username, name, organisation, id_number in scenario.PROFESSIONALS:
        user = _user(username, name, Role.PROFESSIONAL, organisation)
        identity = idnumber.parse(id_number)
        Professional.objects.get_or_create(
            id_number=identity.value,
            defaults={
                "name": name,
                "birth_date": identity.birth_date,
                "sex": identity.sex,
                "employer": user.organisation,
                "user": user,
            },
        )


def load_committees() -> None:
    series = Series.objects.get(name="工程")
    for name, level, kind, organiser, offices, seat, jurisdiction, members, scopes in scenario.COMMITTEES:
        committee, created = Committee.objects.get_or_create(
            name=name,
            defaults={
                "level": level,
                "kind": kind,
                "organiser": Organisation.objects.get(name=organiser),
                "seat_region": Region.objects.get(path=seat),
                "jurisdiction": Region.objects.get(path=jurisdiction),
            },
        )
        if not created:
            continue
        committee.offices.set(Organisation.objects.filter(name__in=offices))
        committee.members.set(User.objects.filter(username__in=members))
        for specialty, title, mode in scopes:
            Scope.objects.create(
                committee=committee,
                series=series,
                specialty=Specialty.objects.get(series=series, name=specialty) if specialty else None,
                title=Title.objects.get(series=series, name=title),
                mode=mode,
            )


def actor_for(application: Application, action: str) -> User:
    """The first demo user allowed to make this move now: the scenario never hard-codes who acts."""
    for user in User.objects.exclude(role=Role.ADMIN).select_related("organisation__region"):
        if user.has_perm(f"applications.{action}", application) and (
            action != "return" or is_holder(user, application)
        ):
            return user
    raise LookupError(f"演示数据中没有可执行 {action} 的用户（申报 {application.pk}）")


def _path_to(target: str, outcome: str) -> list[str]:
    """The actions that walk a new case to `target`."""
    if target in SIDE_EXITS:
        action, from_state = SIDE_EXITS[target]
        return [*_path_to(from_state, outcome), action]
    actions = []
    for action, reached in MAIN_ACTIONS:
        if target == State.DRAFT:
            break
        if action == "certify" and outcome != Outcome.PASSED:
            continue
        actions.append(action)
        if reached == target:
            break
    return actions


def walk_case(application: Application, target: str, outcome: str, reason: str) -> None:
    for action in _path_to(target, outcome):
        application.refresh_from_db()
        extra = {"outcome": outcome} if action == "record_evaluation" else {}
        note = reason if action in REASONED_ACTIONS else ""
        TRANSITION_SERVICES[action](application, actor=actor_for(application, action), reason=note, **extra)


def load_cases() -> int:
    created = 0
    for username, specialty_name, title_name, target, outcome, reason in scenario.CASES:
        applicant = User.objects.get(username=username)
        specialty = Specialty.objects.get(name=specialty_name)
        title = Title.objects.get(name=title_name)
        if Application.objects.filter(
            applicant=applicant, specialty=specialty, title=title, year=scenario.YEAR
        ).exists():
            continue
        with transaction.atomic():
            application = application_create(
                actor=applicant,
                year=scenario.YEAR,
                specialty=specialty,
                title=title,
                statement=f"{applicant.name}，从事{specialty.name}专业技术工作，申报{title.name}。",
            )
            walk_case(application, target, outcome, reason)
        created += 1
    return created


@transaction.atomic
def load_demo() -> dict:
    load_reference_data()
    load_organisations()
    load_people()
    load_committees()
    cases = load_cases()
    load_archive()
    return {"users": User.objects.count(), "committees": Committee.objects.count(), "new_cases": cases}
