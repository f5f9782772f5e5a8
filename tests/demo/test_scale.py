"""The synthetic province (`zhicheng demo --scale`), made tiny through the hidden size option, on PostgreSQL."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, F
from django.test import Client

from zhicheng.accounts.models import Professional, User
from zhicheng.alerts.neardup import near_duplicate_pairs
from zhicheng.applications.models import Application, Outcome, State
from zhicheng.archive.models import Achievement, TitleHeld
from zhicheng.demo.loader import load_reference_data
from zhicheng.demo.scale import Size, reference
from zhicheng.demo.scenario import DEMO_PASSWORD
from zhicheng.education.models import CERecord
from zhicheng.lib import idnumber

PEOPLE = 2_000
PRODUCTION_HASHER = "zhicheng.accounts.hashers.PlatformArgon2PasswordHasher"
pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="合成数据仅在 PostgreSQL 上生成")


@pytest.fixture(scope="module")
def synthetic(django_db_setup, django_db_blocker):
    # Generated once for the module and committed (the generator commits each table group), then flushed; the
    # flush also empties what the migrations load, which the tests after these read, so that is loaded again.
    with django_db_blocker.unblock():
        call_command("demo", professionals=PEOPLE, seed=7)
        yield
        call_command("flush", interactive=False, verbosity=0)
        load_reference_data()


def synthetic_people():
    # The generator adds its people last, after the demo's.
    last = Professional.objects.order_by("-pk").values_list("pk", flat=True)[0]
    return Professional.objects.filter(pk__gt=last - PEOPLE)


def test_id_numbers_are_valid_unique_and_of_the_employers_county(synthetic, db):
    codes = {f"浙江省/{city}/{county}/": code for city, county, code, _ in reference.COUNTIES}
    rows = list(synthetic_people().values_list("id_number", "employer__region__path", "birth_date", "sex"))
    assert len(rows) == PEOPLE
    assert len({number for number, *_ in rows}) == PEOPLE
    for number, region, birth, sex in rows:
        parsed = idnumber.parse(number)
        assert (parsed.birth_date, parsed.sex) == (birth, sex)
        assert number[:6] == codes[region]
    counties = {region for _, region, *_ in rows}
    assert len(counties) == len(reference.COUNTIES)  # every county of Zhejiang has synthetic staff


def test_every_case_state_is_present_and_states_carry_their_fields(synthetic, db):
    cases = Application.objects.filter(applicant__username__startswith="sp")
    assert set(cases.values_list("state", flat=True)) == set(State.values)
    decided = {State.EVALUATED, State.RESULT_PUBLICITY, State.PUBLISHED, State.CERTIFIED, State.ARCHIVED}
    for case in cases.select_related("professional", "applicant"):
        assert case.applicant.professional == case.professional
        assert (case.submitted_at is None) == (case.state == State.DRAFT)
        assert bool(case.outcome) == (case.state in decided), (case.pk, case.state, case.outcome)
        if case.state == State.CERTIFIED:
            assert case.outcome == Outcome.PASSED
            assert TitleHeld.objects.filter(professional=case.professional, title=case.title).exists()
    # Routed by the platform's own rules: a committee whose scope covers the title.
    assert not cases.exclude(committee__scopes__title=F("title")).exists()
    vetoed = cases.filter(state=State.VETOED)
    assert all(c.professional.integrity_records.exists() for c in vetoed)


def test_ce_records_belong_to_existing_people_about_ten_each(synthetic, db):
    people = synthetic_people()
    records = CERecord.objects.filter(professional__in=people)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM education_cerecord c LEFT JOIN accounts_professional p ON p.id = c.professional_id "
            "WHERE p.id IS NULL"
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT count(*) FROM pg_constraint WHERE conrelid = 'education_cerecord'::regclass AND contype = 'f'"
        )
        assert cursor.fetchone()[0] >= 2  # the foreign keys dropped for the load are back
    assert 8 * PEOPLE <= records.count() <= 12 * PEOPLE
    assert not records.filter(hours__gt=12).exclude(hours=30).exists()  # courses fit in a day, except the planted
    assert Counter(Achievement.objects.filter(professional__in=people).values_list("status", flat=True))["verified"]


def test_the_pages_work_for_synthetic_users(synthetic, db, settings):
    # The set was hashed with the platform's hasher, before the tests' fast hasher took over.
    settings.PASSWORD_HASHERS = [PRODUCTION_HASHER, *settings.PASSWORD_HASHERS]
    case = Application.objects.filter(applicant__username="sp0000000").get()
    # Every synthetic account has the demo password (load tests log in with it).
    for username in ("sp0000000", "sdw00000", "szj00000", "sbgs33"):
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    applicant = Client()
    applicant.force_login(case.applicant)
    assert applicant.get(f"/applications/{case.pk}/").status_code == 200
    page = applicant.get("/archive/", follow=True)
    assert page.status_code == 200
    assert case.professional.name in page.content.decode()

    office_user = User.objects.filter(organisation__office_of=case.committee, role="office").first()
    office = Client()
    office.force_login(office_user)
    workbench = office.get("/applications/")
    assert workbench.status_code == 200
    assert workbench.context["page"].paginator.count >= 1
    assert office.get(f"/applications/{case.pk}/").status_code == 200

    clerk = Client()
    clerk.force_login(User.objects.get(username="sdw00000"))
    assert clerk.get("/archive/staff/?year=2022").status_code == 200


def test_a_second_run_is_refused_without_replace(synthetic, db):
    with pytest.raises(CommandError, match="--replace"):
        call_command("demo", professionals=PEOPLE)


def test_the_planted_copies_are_what_the_detectors_find(synthetic, db):
    # Every 97th applicant's first achievement is claimed again by the next applicant and copied, one character
    # changed, by the one after (learning.plant_copies). Chance likeness between the generated descriptions must
    # stay below the threshold: the near-duplicate detector finds the copies and nothing else.
    stride = Size(PEOPLE).stride
    first = synthetic_people().order_by("pk").values_list("pk", flat=True)[0]
    achievements = Achievement.objects.filter(professional__in=synthetic_people())
    # Only a source with an identifier (a paper, patent or standard among its six) has one to be claimed.
    with_identifier = set(achievements.exclude(identifier_key="").values_list("professional_id", flat=True))
    sources = [
        first + n * 97 * stride
        for n in range(200)
        if (n * 97 + 2) * stride < PEOPLE and first + n * 97 * stride in with_identifier
    ]
    assert sources
    owner = dict(achievements.values_list("pk", "professional_id"))

    pairs = near_duplicate_pairs(0.8, achievements)
    copied = sorted((owner[a], owner[b]) for a, b, _ in pairs)
    assert copied == [(source, source + 2 * stride) for source in sources]

    claimed = (
        achievements.exclude(identifier_key="")
        .values("identifier_key")
        .annotate(people=Count("professional", distinct=True))
        .filter(people__gt=1)
    )
    assert claimed.count() == len(sources)
