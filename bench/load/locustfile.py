"""The load test's users: the week a submission window closes.

Professionals (most of the traffic) log in, open their home page and cases, run the eligibility check on a
draft (its case page computes it), and save the draft's statement; committee offices page and filter the
workbench; the public reads the publicity lists and the published results and verifies certificates.

Accounts, cases and certificates come from the database at start (BENCH_DATABASE_URL, the server's own): the
synthetic accounts of `zhicheng demo --scale ...` (applicants sp…, committee offices sbgs…; see
zhicheng/demo/scale/__init__.py), each with the demo password.

The server runs the production settings behind an imagined TLS proxy: every request carries the header that
proxy would set (X-Forwarded-Proto: https, which settings.SECURE_PROXY_SSL_HEADER trusts) and forms send a
same-origin https Referer, as a browser would. The cookie jar sends the Secure session and CSRF cookies over
the loopback's plain HTTP, where the proxy would have carried them over TLS.

LOAD_MODE says what runs: `mix` (default: the realistic mix, users thinking 1-3 s between clicks), `floor`
(the bare view, no think time; select the Bare class), `page:TAG` (one tagged page of the mix with no think
time, for its saturated throughput; select its user class and `--tags TAG`).
"""

import os
import random
import re
from http.cookiejar import DefaultCookiePolicy
from itertools import count

import psycopg
from gevent.lock import Semaphore
from locust import HttpUser, between, constant, tag, task
from requests.adapters import HTTPAdapter

PASSWORD = os.environ.get("LOAD_PASSWORD", "Zhicheng@2022")
MODE = os.environ.get("LOAD_MODE", "mix")
# In page mode a few accounts are shared by all users, each logged in once: the password hash is meant to be
# slow, and fifty logins at once would measure it rather than the page.
PAGE_MODE_ACCOUNTS = 5
SAMPLE = 2000  # accounts and records read per kind: enough variety, bounded start-up on province data
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CHECKED_ACHIEVEMENT = re.compile(r'name="achievements" value="(\d+)" checked')
CHECKED_REPRESENTATIVE = re.compile(r'name="representative" value="(\d+)" checked')
OPEN_STATES = ("draft", "returned")
# The synthetic accounts of the scale data set (zhicheng/demo/scale/__init__.py), not the demo's named users.
SYNTHETIC_APPLICANT = r"^sp[0-9]+$"
SYNTHETIC_OFFICE = r"^sbgs[0-9]+j?$"
WORKBENCH_FILTERS = [
    "",
    "?state=submitted",
    "?state=accepted&sort=name",
    "?sort=submitted",
    "?year=2022&sort=committee",
    "?mountain=yes",
    "?page=2",
]


def _fetch(sql: str, params: tuple = ()) -> list[tuple]:
    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zhicheng_scale_city")
    with psycopg.connect(url, connect_timeout=10) as conn:
        return conn.execute(sql, params).fetchall()


def _load_world() -> dict:
    """Who may log in and what they may open, read once when locust starts."""
    cases = _fetch(
        "SELECT u.username, a.id, a.state FROM accounts_user u JOIN applications_application a "
        "ON a.applicant_id = u.id WHERE u.is_active AND u.role = 'professional' AND u.username ~ %s "
        "ORDER BY random() LIMIT %s",
        (SYNTHETIC_APPLICANT, SAMPLE * 3),
    )
    professionals: dict[str, dict[str, list[int]]] = {}
    for username, case_id, state in cases:
        own = professionals.setdefault(username, {"cases": [], "drafts": []})
        own["cases"].append(case_id)
        if state in OPEN_STATES:
            own["drafts"].append(case_id)
    offices = _fetch(
        "SELECT username FROM accounts_user WHERE is_active AND role = 'office' AND username ~ %s "
        "ORDER BY random() LIMIT %s",
        (SYNTHETIC_OFFICE, SAMPLE),
    )
    publicity = _fetch(
        "SELECT id FROM publicity_publicity WHERE kind <> 'in_unit' ORDER BY random() LIMIT %s", (SAMPLE,)
    )
    certificates = _fetch(
        "SELECT number, holder_name FROM certificates_certificate WHERE revoked_at IS NULL ORDER BY random() LIMIT %s",
        (SAMPLE,),
    )
    world = {
        "professionals": professionals,
        "drafters": [name for name, own in professionals.items() if own["drafts"]],
        "offices": [row[0] for row in offices],
        "publicity": [row[0] for row in publicity],
        "certificates": certificates,
    }
    missing = [kind for kind in ("professionals", "offices") if not world[kind]]
    if missing:
        raise SystemExit(f"数据库中没有可登录的账号：{', '.join(missing)}（请先运行 zhicheng demo --scale city）")
    return world


WORLD = _load_world() if MODE != "floor" else {}


class ProxiedCookiePolicy(DefaultCookiePolicy):
    """Keep Secure cookies usable over the loopback, where the TLS proxy the production settings expect is
    imagined: each is stored without its Secure flag (requests copies the jar per request, so a policy that
    only allowed sending them would be lost)."""

    def set_ok(self, cookie, request):
        allowed = super().set_ok(cookie, request)
        cookie.secure = False
        return allowed


class SourceAddressAdapter(HTTPAdapter):
    """Connect from a given loopback address, so each public visitor has its own address, as on the Internet
    (the certificate lookup limit counts per address)."""

    def __init__(self, source: str, **kwargs):
        self.source = source
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


_visitor_numbers = count(1)
_shared_sessions: dict[str, dict[str, str]] = {}
_login_locks: dict[str, Semaphore] = {}


class PlatformUser(HttpUser):
    abstract = True
    wait_time = between(1, 3) if MODE == "mix" else constant(0)

    def on_start(self) -> None:
        self.client.cookies.set_policy(ProxiedCookiePolicy())
        self.client.headers["X-Forwarded-Proto"] = "https"

    def referer(self, path: str) -> dict:
        return {"Referer": f"https://{self.host.split('://', 1)[1].rstrip('/')}{path}"}

    def form_token(self, path: str, name: str) -> tuple[str, str]:
        """The page's CSRF token, from the form as a browser would submit it, and the page itself."""
        with self.client.get(path, name=name, catch_response=True) as response:
            found = CSRF_FIELD.search(response.text or "")
            if response.status_code != 200 or not found:
                response.failure(f"{path}: {response.status_code}, no form")
                return "", ""
            return found.group(1), response.text

    def log_in(self, username: str) -> None:
        if not MODE.startswith("page:"):
            self.log_in_once(username)
            return
        with _login_locks.setdefault(username, Semaphore()):
            if username not in _shared_sessions:
                self.log_in_once(username)
                _shared_sessions[username] = self.client.cookies.get_dict()
        for name, value in _shared_sessions[username].items():
            self.client.cookies.set(name, value)

    def come_back(self) -> None:
        """A visit ends and the person comes back later in a fresh browser: a new session, a new login. Logins
        are then part of the steady mix, as they are in a busy week, not a burst of the run's first seconds."""
        self.client.cookies.clear()
        self.log_in_once(self.username)

    def log_in_once(self, username: str) -> None:
        token, _ = self.form_token("/accounts/login/", "login (form)")
        with self.client.post(
            "/accounts/login/",
            data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
            headers=self.referer("/accounts/login/"),
            name="login (post)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{username} not logged in: {response.status_code}")

    def get_page(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"{path}: {response.status_code}")


class Professional(PlatformUser):
    weight = 6

    def on_start(self) -> None:
        super().on_start()
        world = WORLD
        # Half the professionals at the window's close are still working on a draft (all of them when only the
        # eligibility check runs, so that every user has a draft to check).
        drafting = MODE == "page:eligibility" or random.random() < 0.5
        pool = world["drafters"] if world["drafters"] and drafting else list(world["professionals"])
        if MODE.startswith("page:"):
            pool = pool[:PAGE_MODE_ACCOUNTS]
        self.username = random.choice(pool)
        self.own = world["professionals"][self.username]
        self.log_in(self.username)

    @tag("home")
    @task(3)
    def home(self) -> None:
        self.get_page("/", "home (professional)")

    @tag("case")
    @task(3)
    def case_page(self) -> None:
        self.get_page(f"/applications/{random.choice(self.own['cases'])}/", "case page")

    @tag("eligibility")
    @task(3)
    def eligibility_check(self) -> None:
        if self.own["drafts"]:
            self.get_page(f"/applications/{random.choice(self.own['drafts'])}/", "eligibility check (draft page)")

    @task(1)
    def new_visit(self) -> None:
        self.come_back()

    @task(1)
    def new_application_page(self) -> None:
        self.get_page("/applications/new/", "new application page")

    @task(1)
    def save_draft(self) -> None:
        """Open the draft's form and save it with a changed statement, keeping the chosen materials."""
        if not self.own["drafts"]:
            return
        path = f"/applications/{random.choice(self.own['drafts'])}/edit/"
        token, page = self.form_token(path, "draft form")
        if not token:
            return
        data = {
            "csrfmiddlewaretoken": token,
            "statement": f"个人陈述（第 {random.randint(1, 10**6)} 稿）：从事智能装备研发，主持完成多项技术改造项目。",
            "achievements": CHECKED_ACHIEVEMENT.findall(page),
            "representative": CHECKED_REPRESENTATIVE.findall(page),
        }
        with self.client.post(
            path,
            data=data,
            headers=self.referer(path),
            name="draft save (post)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{path}: {response.status_code}")


class Office(PlatformUser):
    weight = 2

    def on_start(self) -> None:
        super().on_start()
        pool = WORLD["offices"][:PAGE_MODE_ACCOUNTS] if MODE.startswith("page:") else WORLD["offices"]
        self.username = random.choice(pool)
        self.log_in(self.username)

    @task(1)
    def home(self) -> None:
        self.get_page("/", "home (office)")

    @tag("workbench")
    @task(4)
    def workbench(self) -> None:
        self.get_page(f"/applications/{random.choice(WORKBENCH_FILTERS)}", "office workbench (filtered)")


class Public(PlatformUser):
    weight = 2

    def on_start(self) -> None:
        super().on_start()
        number = next(_visitor_numbers)
        source = f"127.0.{1 + number // 250}.{1 + number % 250}"
        adapter = SourceAddressAdapter(source)
        self.client.mount("http://", adapter)

    @tag("publicity")
    @task(3)
    def publicity_list(self) -> None:
        self.get_page("/publicity/", "publicity list")

    @task(2)
    def publicity_detail(self) -> None:
        if WORLD["publicity"]:
            self.get_page(f"/publicity/{random.choice(WORLD['publicity'])}/", "publicity detail")

    @task(2)
    def results_list(self) -> None:
        self.get_page("/results/", "results list")

    @tag("verify")
    @task(2)
    def verify_by_qr(self) -> None:
        if WORLD["certificates"]:
            number, _ = random.choice(WORLD["certificates"])
            self.get_page(f"/certificates/verify/?number={number}", "certificate verify (QR)")

    @task(1)
    def verify_lookup(self) -> None:
        """Type the number and the holder's name; the page must say the certificate is in force."""
        if not WORLD["certificates"]:
            return
        number, holder = random.choice(WORLD["certificates"])
        token, _ = self.form_token("/certificates/verify/", "certificate verify (form)")
        if not token:
            return
        with self.client.post(
            "/certificates/verify/",
            data={"csrfmiddlewaretoken": token, "number": number, "name": holder},
            headers=self.referer("/certificates/verify/"),
            name="certificate verify (lookup)",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or number not in response.text:
                response.failure(f"verify {number}: {response.status_code}")


class Bare(PlatformUser):
    """The floor: the bare view, nothing else (run alone: `locust -f locustfile.py Bare`)."""

    @task
    def bare(self) -> None:
        self.get_page("/bench/bare", "bare view (floor)")


class SignedInBare(PlatformUser):
    """The signed-in floor: a professional's session on the bare view that reads its user (mode page:…)."""

    def on_start(self) -> None:
        super().on_start()
        self.log_in(random.choice(list(WORLD["professionals"])[:PAGE_MODE_ACCOUNTS]))

    @task
    def bare(self) -> None:
        self.get_page("/bench/bare-signed-in", "bare view, signed in (floor)")
