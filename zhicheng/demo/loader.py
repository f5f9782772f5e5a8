"""Builds the demo scenario through the same services users call, so its audit trail is real."""

from django.core.files.base import ContentFile
from django.db import transaction

from zhicheng.accounts.models import Organisation, Professional, Region, Role, User
from zhicheng.accounts.regions import load_regions
from zhicheng.applications import checklists
from zhicheng.applications.models import Application, Outcome, State
from zhicheng.applications.rules import is_holder
from zhicheng.applications.services import TRANSITION_SERVICES, application_create, application_publish
from zhicheng.audit.services import record_event
from zhicheng.committees.models import AnnualPlan, Committee, Expert, Filing, Scope
from zhicheng.committees.services import annual_plan_save, filing_approve, filing_submit
from zhicheng.demo import scenario
from zhicheng.demo.archive import load_archive
from zhicheng.demo.meetings import load_expert_pool, load_live_meeting, seed_meeting
from zhicheng.demo.qualifications import load_qualifications
from zhicheng.demo.referrals import refer_to_province
from zhicheng.demo.standards import load_standards
from zhicheng.lib import idnumber
from zhicheng.policy.catalogue import (
    ENGINEERING_JUNIOR_YEARS_IN_GRADE,
    load_catalogue,
    load_policy,
    load_years_in_grade,
)
from zhicheng.policy.models import Policy, Series, Specialty, Title, YearsInGrade
from zhicheng.policy.selectors import policy_for
from zhicheng.policy.workdays import Calendar
from zhicheng.publicity.models import Publicity, PublicityEntry
from zhicheng.publicity.services import entry_for

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
    # What migrations 0004 and 0008 load, again for a database emptied since (transactional tests flush).
    policy = Policy.objects.get(year=scenario.YEAR)
    load_years_in_grade(policy, YearsInGrade, Title, ENGINEERING_JUNIOR_YEARS_IN_GRADE)


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
    organisation = Organisation.objects.get(name=organisation_name) if organisation_name else None
    # Province and city bureau staff edit policy in the admin; district bureaus do not.
    edits_policy = role == Role.BUREAU and organisation is not None and organisation.region.level != "county"
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "name": name,
            "role": role,
            "organisation": organisation,
            "is_staff": role == Role.ADMIN or edits_policy,
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


# kind: (the day the scenario's list went up, its policy's working days, how its title ends)
SEEDED_PUBLICITY: dict[str, tuple] = {
    Publicity.Kind.IN_UNIT: (scenario.IN_UNIT_START, "employer_publicity_workdays", "职称申报单位内公示"),
    Publicity.Kind.PRE_EVALUATION: (scenario.PRE_PUBLICITY_START, "pre_publicity_workdays", "评前公示"),
    Publicity.Kind.RESULT: (scenario.RESULT_PUBLICITY_START, "result_publicity_workdays", "评后公示"),
}


@transaction.atomic
def seed_publicity(application: Application, actor: User, kind: str) -> None:
    """The scenario's publicity ran in 2022 (in-unit from 1 June, 评前公示 from Fri 30 Sep across National
    Day, 评后公示 from Mon 17 Oct); seed each list as it ran. The publish services only start a publicity
    today or later (there is no registering past publicity), so 2022 seed data is the one place that writes
    one directly, and it records the publish event all the same.
    """
    in_unit = kind == Publicity.Kind.IN_UNIT
    start, workdays_field, title_end = SEEDED_PUBLICITY[kind]
    workdays = getattr(policy_for(application.year), workdays_field)
    period = Calendar().publicity_period(start, workdays)
    owner = {"publisher": application.employer} if in_unit else {"committee": application.committee}
    publicity, created = Publicity.objects.get_or_create(
        kind=kind,
        first_day=period.first,
        **owner,
        defaults={
            "title": f"{application.employer.name if in_unit else application.committee.name}{application.year}年度"
            + title_end,
            "last_day": period.last,
            "workdays": workdays,
            "published_by": actor,
            "publisher": actor.organisation or application.committee.organiser,
        },
    )
    if created:
        record_event(actor=actor, action="publicity.publish", obj=publicity, reason=publicity.title)
    PublicityEntry.objects.get_or_create(
        publicity=publicity, application=application, defaults=_entry_fields(application)
    )


def _entry_fields(application: Application) -> dict:
    entry = entry_for(application)
    return {
        f: getattr(entry, f)
        for f in ("name", "masked_id_number", "employer", "specialty", "title", "in_mountain_pool", "result")
    }


def transition_extras(action: str, outcome: str = "") -> dict:
    """What a move needs besides a reason: the meeting's outcome, the office's confirmed checklist, or to whom
    the materials went back at archiving."""
    if action == "record_evaluation":
        return {"outcome": outcome}
    if action == "archive":
        return {"returned_to": scenario.MATERIALS_RETURNED_TO, "returned_on": scenario.MATERIALS_RETURNED_ON}
    if action in checklists.CHECKLISTS:
        return {"checklist": checklists.complete(action)}
    return {}


def walk_case(application: Application, target: str, outcome: str, reason: str) -> None:
    for action in _path_to(target, outcome):
        application.refresh_from_db()
        extra = transition_extras(action, outcome)
        note = reason if action in REASONED_ACTIONS else ""
        actor = actor_for(application, action)
        if action == "record_evaluation":  # the result comes from the meeting's ballot
            seed_meeting(application, outcome, actor)
        if action == "publish" and outcome == Outcome.RECOMMENDED:
            refer_to_province(application)  # a recommended case is published upward, by referral
            continue
        if action == "publish":  # the 2022 lists were published on paper: the move alone, as publication makes it
            application_publish(application, actor=actor, reason=f"{application.year}年度评审通过人员名单发文公布")
            continue
        TRANSITION_SERVICES[action](application, actor=actor, reason=note, **extra)
        if action == "submit":
            seed_publicity(application, actor_for(application, "employer_approve"), Publicity.Kind.IN_UNIT)
        if action == "start_pre_publicity":
            seed_publicity(application, actor, Publicity.Kind.PRE_EVALUATION)
        if action == "start_result_publicity":
            seed_publicity(application, actor, Publicity.Kind.RESULT)


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


def load_committee_year() -> None:
    """The self-evaluating unit, the 2022 plans, and the expert pool (55号 §2, §4(三), §4(四))."""
    unit, _ = Organisation.objects.get_or_create(
        name=scenario.SELF_EVALUATING_UNIT,
        defaults={"kind": Organisation.Kind.EMPLOYER, "region": Region.objects.get(path="浙江省/丽水市/莲都区/")},
    )
    committee, created = Committee.objects.get_or_create(
        name=scenario.SELF_EVALUATING_COMMITTEE,
        defaults={
            "level": Committee.Level.INTERMEDIATE,
            "kind": Committee.Kind.SELF_EVALUATING,
            "organiser": unit,
            "seat_region": unit.region,
            "jurisdiction": unit.region,
        },
    )
    if created:
        committee.offices.add(unit)
        title = Title.objects.get(series__name="工程", name="工程师")
        Scope.objects.create(committee=committee, series=title.series, title=title)
    clerk = _user(*scenario.SELF_EVALUATING_CLERK, Role.OFFICE, scenario.SELF_EVALUATING_UNIT)
    for other in Committee.objects.exclude(kind=Committee.Kind.SELF_EVALUATING):
        if not AnnualPlan.objects.filter(committee=other, year=scenario.YEAR).exists():
            office = User.objects.filter(role=Role.OFFICE, organisation__in=other.offices.all()).first()
            if office is not None:
                annual_plan_save(other, actor=office, year=scenario.YEAR, dates=scenario.PLAN_2022)
    if not Filing.objects.filter(committee=committee).exists():
        document = ContentFile(b"%PDF-1.4\n% demo three-year plan\n%%EOF\n", name="三年评聘规划.pdf")
        filing = filing_submit(
            committee, actor=clerk, kind=Filing.Kind.THREE_YEAR_PLAN, year=scenario.YEAR, document=document
        )
        filing_approve(filing, actor=User.objects.get(username="zg_lishui"))
    for username, (specialty_name, title_name) in scenario.EXPERTS.items():
        expert = User.objects.select_related("organisation__region").get(username=username)
        employer = expert.organisation
        assert employer is not None, f"演示专家 {username} 须有工作单位"
        Expert.objects.get_or_create(
            user=expert,
            defaults={
                "specialty": Specialty.objects.get(name=specialty_name),
                "title": Title.objects.get(series__name="工程", name=title_name),
                "employer": employer,
                "region": employer.region,
            },
        )


@transaction.atomic
def load_demo() -> dict:
    load_reference_data()
    load_organisations()
    load_people()
    load_committees()
    load_qualifications()
    load_standards()  # the meetings that decided the 2022 cases scored on them
    # The scenario's cases were submitted inside the 2022 windows, which today's clock cannot reproduce:
    # the cases are walked first, the plans that bound those windows are loaded after them.
    load_archive()  # first: a case records its years in the mountain counties from the work history
    cases = load_cases()
    load_committee_year()
    load_expert_pool()
    load_live_meeting()
    return {"users": User.objects.count(), "committees": Committee.objects.count(), "new_cases": cases}
