"""Committees for the whole province, and one case per synthetic applicant over every state, each routed
by the platform's own routing (55号 §2) and carrying the fields its state needs."""

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from zhicheng.accounts.models import Organisation, Region, Role, User
from zhicheng.applications.models import Outcome, State
from zhicheng.committees.models import Committee, Scope
from zhicheng.committees.routing import Route, route_case
from zhicheng.demo.scale import reference
from zhicheng.lib.errors import RuleViolation
from zhicheng.lib.pgcopy import copy_rows
from zhicheng.policy.models import Series, Specialty, Title

TZ = ZoneInfo("Asia/Shanghai")
CITY_CODES = {city: code[:4] for city, _, code, _ in reference.COUNTIES}
PROVINCE_OFFICE = "浙江省工程技术人员高级职务评审委员会办公室"

# Where a case of each year stands: earlier years are over; 2022, the scenario's year, has every state.
FINISHED_STATES = {
    State.ARCHIVED: 60,
    State.CERTIFIED: 8,
    State.PUBLISHED: 4,
    State.WITHDRAWN: 10,
    State.REJECTED: 12,
    State.VETOED: 2,
}
CURRENT_STATES = {
    State.DRAFT: 5,
    State.SUBMITTED: 10,
    State.EMPLOYER_APPROVED: 6,
    State.AUTHORITY_APPROVED: 6,
    State.ACCEPTED: 8,
    State.QUALIFIED: 8,
    State.PRE_PUBLICITY: 6,
    State.SCHEDULED: 6,
    State.EVALUATED: 6,
    State.RESULT_PUBLICITY: 6,
    State.PUBLISHED: 7,
    State.CERTIFIED: 8,
    State.ARCHIVED: 4,
    State.RETURNED: 5,
    State.WITHDRAWN: 3,
    State.REJECTED: 3,
    State.VETOED: 1,
}
DECIDED = {State.EVALUATED, State.RESULT_PUBLICITY, State.PUBLISHED, State.CERTIFIED, State.ARCHIVED}
TITLE_WEIGHTS = {"助理工程师": 30, "工程师": 45, "高级工程师": 20, "正高级工程师": 5}
PRIOR = {"工程师": "助理工程师", "高级工程师": "工程师", "正高级工程师": "高级工程师"}
EDUCATION = {
    "助理工程师": (("bachelor", 70), ("college", 20), ("master", 10)),
    "工程师": (("bachelor", 60), ("college", 20), ("master", 17), ("doctorate", 3)),
    "高级工程师": (("bachelor", 55), ("master", 35), ("doctorate", 10)),
    "正高级工程师": (("bachelor", 30), ("master", 40), ("doctorate", 30)),
}
STUDY_YEARS = {"college": 3, "bachelor": 4, "master": 7, "doctorate": 10}
DEGREE = {"college": "none", "bachelor": "bachelor", "master": "master", "doctorate": "doctor"}


def _organisation(name: str, kind: str, region: Region) -> Organisation:
    return Organisation.objects.get_or_create(name=name, defaults={"kind": kind, "region": region})[0]


def _committee(name, level, organiser, office, region, titles) -> Committee:
    series = Series.objects.get(name="工程")
    committee, created = Committee.objects.get_or_create(
        name=name,
        defaults={"level": level, "organiser": organiser, "seat_region": region, "jurisdiction": region},
    )
    if created:
        committee.offices.add(office)
        for title in titles:
            Scope.objects.create(committee=committee, series=series, title=Title.objects.get(series=series, name=title))
    return committee


def add_committees(password: str) -> int:
    """The province's 高评委 and, per city, the committees the demo does not have; each office gets a clerk
    (sbgs33 for the province, sbgs3301 … sbgs3311 by city code). Returns how many committees were added."""
    before = Committee.objects.count()
    province = Region.objects.get(path="浙江省/")
    office = _organisation(PROVINCE_OFFICE, Organisation.Kind.OFFICE, province)
    _committee(
        "浙江省工程技术人员高级专业技术职务任职资格评审委员会",
        Committee.Level.SENIOR,
        Organisation.objects.get(name="浙江省人力资源和社会保障厅"),
        office,
        province,
        ["高级工程师", "正高级工程师"],
    )
    _clerk("sbgs33", "省高评办经办人", office, password)
    for city, code in CITY_CODES.items():
        region = Region.objects.get(path=f"浙江省/{city}/")
        bureau = _organisation(f"{city}人力资源和社会保障局", Organisation.Kind.BUREAU, region)
        levels = []
        if city != "丽水市":  # Lishui's 初评委 is the demo's district one (莲都区)
            levels.append((Committee.Level.JUNIOR, "初级", ["助理工程师"]))
        if city not in ("丽水市", "杭州市"):  # the demo has these two cities' 中评委
            levels.append((Committee.Level.INTERMEDIATE, "中级", ["工程师"]))
        for level, grade, titles in levels:
            office = _organisation(f"{city}工程技术人员{grade}职务评审委员会办公室", Organisation.Kind.OFFICE, region)
            _committee(
                f"{city}工程技术人员{grade}专业技术职务任职资格评审委员会", level, bureau, office, region, titles
            )
            _clerk(f"sbgs{code}{'j' if grade == '初级' else ''}", f"{city}{grade}评办经办人", office, password)
    return Committee.objects.count() - before


def _clerk(username: str, name: str, office: Organisation, password: str) -> None:
    User.objects.get_or_create(
        username=username, defaults={"name": name, "role": Role.OFFICE, "organisation": office, "password": password}
    )


class Router:
    """route_case once per (county, specialty, title): the platform's answer, reused for every case alike."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.routes: dict[tuple, Route | None] = {}

    def __call__(self, employer: Organisation, specialty: Specialty, title: Title) -> Route | None:
        key = (employer.region_id, specialty.pk, title.pk)
        if key not in self.routes:
            try:
                self.routes[key] = route_case(specialty=specialty, title=title, employer=employer, year=self.year)
            except RuleViolation:
                self.routes[key] = None
        return self.routes[key]


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, 9 + rng.randrange(9), rng.randrange(60), tzinfo=TZ)


def _weighted(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def build_cases(cursor, applicants: list[tuple], first_case_id: int, seed: int, bureau_user_id: int) -> dict[str, int]:
    """One case per applicant (ordered rows of professional id, user id, employer id, name, birth date), and the
    archive entries their eligibility reads: school record, work period, the prior title; a certified case's
    new title; a veto's integrity record."""
    rng = random.Random(seed)
    titles = {t.name: t for t in Title.objects.filter(series__name="工程")}
    specialties = {s.name: s for s in Specialty.objects.filter(series__name="工程")}
    trade_specialty = dict(reference.TRADES)
    employers = {
        o.pk: o for o in Organisation.objects.filter(pk__in={a[2] for a in applicants}).select_related("region")
    }
    mountain = set(Region.objects.filter(is_mountain_county=True).values_list("pk", flat=True))
    routers = {year: Router(year) for year in range(2018, 2023)}
    cases, schools, works, held, integrity = [], [], [], [], []
    for offset, (person, user, employer_id, _name, birth) in enumerate(applicants):
        employer = employers[employer_id]
        trade = next((t for t in trade_specialty if t in employer.name), None)
        specialty = specialties[trade_specialty[trade]] if trade else specialties["机械工程"]
        year = 2022 if rng.random() < 0.6 else rng.choice((2018, 2019, 2020, 2021))
        state = _weighted(rng, CURRENT_STATES if year == 2022 else FINISHED_STATES)
        wanted = _weighted(rng, TITLE_WEIGHTS)
        route = None
        for title_name in (wanted, *TITLE_WEIGHTS):  # a title nobody in the county evaluates is not applied for
            title = titles[title_name]
            route = routers[year](employer, specialty, title)
            if route is not None:
                break
        if route is None:
            continue
        case_id = first_case_id + offset
        level = rng.choices(*zip(*EDUCATION[title.name], strict=True))[0]
        graduated = date(birth.year + 18 + STUDY_YEARS[level], 6, 30)
        schools.append(
            (
                person,
                level,
                DEGREE[level],
                rng.choice(reference.SCHOOLS),
                specialty.name,
                date(graduated.year - STUDY_YEARS[level] + (3 if level in ("master", "doctorate") else 0), 9, 1),
                graduated,
            )
        )
        started = graduated + timedelta(days=31)
        works.append((person, employer.name, employer.region_id, f"{specialty.name}技术岗", started, None))
        prior = PRIOR.get(title.name)
        if prior and not (title.name == "工程师" and level == "doctorate"):
            obtained = date(min(year - 6, max(started.year + 2, year - 9)), 12, 20)
            held.append((person, titles[prior].pk, obtained, f"浙{prior[:1]}{obtained.year}-{offset:06d}", "evaluated"))
        outcome = ""
        if state in DECIDED:
            if state == State.CERTIFIED or (state == State.ARCHIVED and rng.random() < 0.8):
                outcome = Outcome.PASSED
            elif route.scope.mode == Scope.Mode.RECOMMEND:
                outcome = Outcome.RECOMMENDED
            else:
                outcome = Outcome.PASSED if rng.random() < 0.7 else Outcome.FAILED
            if outcome == Outcome.PASSED and state in (State.CERTIFIED, State.ARCHIVED):
                held.append((person, title.pk, date(year, 12, 1), f"浙{year}{case_id:08d}", "evaluated"))
        created = _moment(date(year, 3, 1) + timedelta(days=rng.randrange(60)), rng)
        submitted = None if state == State.DRAFT else created + timedelta(days=rng.randrange(1, 20))
        progress = list(CURRENT_STATES).index(State(state)) if state in CURRENT_STATES else 0
        updated = (submitted or created) + timedelta(days=8 * progress + rng.randrange(5))
        in_pool = employer.region_id in mountain
        years_there = max(0, year - started.year)
        cases.append(
            (
                case_id,
                user,
                person,
                employer_id,
                year,
                title.series_id,
                specialty.pk,
                title.pk,
                route.committee.pk,
                route.scope.mode,
                route.reason,
                f"本人{graduated.year}年毕业后一直从事{specialty.name}技术工作。",
                state,
                outcome,
                created,
                updated,
                submitted,
                0 if state == State.DRAFT else 1,
                in_pool,
                min(years_there, 99) if in_pool else 0,
            )
        )
        if state == State.VETOED:
            day = (submitted or created).date() + timedelta(days=60)
            integrity.append(
                (
                    person,
                    case_id,
                    "veto",
                    "经查代表作存在抄袭，评委会一票否决（40号令）。",
                    day,
                    date(day.year + 3, day.month, min(day.day, 28)),
                    bureau_user_id,
                )
            )
    counts = {
        "cases": copy_rows(
            cursor,
            "applications_application",
            [
                "id",
                "applicant_id",
                "professional_id",
                "employer_id",
                "year",
                "series_id",
                "specialty_id",
                "title_id",
                "committee_id",
                "scope_mode",
                "routing_reason",
                "statement",
                "state",
                "outcome",
                "created_at",
                "updated_at",
                "submitted_at",
                "round",
                "in_mountain_pool",
                "mountain_years",
            ],
            cases,
        ),
        "education": copy_rows(
            cursor,
            "archive_educationentry",
            ["professional_id", "level", "degree", "school", "major", "started_on", "graduated_on"],
            schools,
        ),
        "work": copy_rows(
            cursor,
            "archive_workperiod",
            ["professional_id", "organisation", "region_id", "position", "started_on", "ended_on"],
            works,
        ),
        "titles": copy_rows(
            cursor,
            "archive_titleheld",
            ["professional_id", "title_id", "obtained_on", "certificate_number", "how"],
            held,
        ),
        "integrity": copy_rows(
            cursor,
            "applications_integrityrecord",
            ["professional_id", "application_id", "source", "reason", "recorded_on", "bars_until", "recorded_by_id"],
            integrity,
        ),
    }
    return counts
