"""The world the permission matrix calls every page and endpoint in.

Every object a URL names belongs to the in-region actors: 张伟's cases in 莲都区 (the 莲都区 初评委, its
office 潘静 bgs_liandu, the district bureau rs_liandu, the 丽水 authority zg_lishui), a meeting of that
committee with 赵国强 (zj_zhao) on its panel, and the records of supervision over 莲都区. The outsiders are
the same roles in 杭州 (西湖区), which must see none of it. Objects are made through the services, as users
make them; the few the services leave to reference data (an approved standard, the expert pool, the bureau's
written approval of a meeting report) come from the shared test helpers.
"""

from datetime import date

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.base import build_world
from tests.evaluation.helpers import approved_standard_for_assistants, expert_pool
from tests.evaluation.meeting_flow import approve_report
from tests.factories import make_case, pdf_bytes
from zhicheng.accounts.models import Professional, Region, User
from zhicheng.alerts.services import raise_alert
from zhicheng.applications.models import State
from zhicheng.archive.models import EducationEntry
from zhicheng.archive.services import achievement_create, evidence_add, profile_entry_add
from zhicheng.certificates.models import Certificate
from zhicheng.committees.models import Committee, Expert, Filing
from zhicheng.demo.loader import load_committee_year
from zhicheng.education.services import ce_import_run, ce_import_start, ce_record_add
from zhicheng.evaluation.meetings import attendance_record, meeting_create, meeting_open, panel_draw
from zhicheng.inspections.services import campaign_start, inspector_add
from zhicheng.oversight.services import complaint_record, rereview_draw
from zhicheng.policy.models import Specialty, Title
from zhicheng.publication.services import publication_publish, publication_request_submit
from zhicheng.publicity.models import Publicity
from zhicheng.publicity.services import objection_file
from zhicheng.referrals.services import referral_issue

LIANDU_JUNIOR = "莲都区工程技术人员初级专业技术职务任职资格评审委员会"
LIANDU = "浙江省/丽水市/莲都区/"
MEETING_DAY = date(2026, 12, 21)

# Who calls: anonymous, the named in-region users of tests/base.py plus the administrator, and the same
# roles in 杭州 (西湖区 or the city), who hold no object of this world.
ACTORS: dict[str, str | None] = {
    "anonymous": None,
    "professional": "zhangwei",
    "employer": "dw_liandu",
    "authority": "zg_lishui",
    "office": "bgs_liandu",
    "expert": "zj_zhao",
    "bureau": "rs_liandu",
    "city_bureau": "rs_lishui",
    "admin": "admin",
    "out_professional": "chenjing",
    "out_employer": "dw_xihu",
    "out_authority": "zg_hangzhou",
    "out_office": "bgs_hangzhou",
    "out_expert": "zj_li",
    "out_bureau": "rs_xihu",
}


def _expert_entry(username: str) -> Expert:
    user = User.objects.select_related("organisation__region").get(username=username)
    expert, _ = Expert.objects.get_or_create(
        user=user,
        defaults={
            "specialty": Specialty.objects.get(name="机械工程"),
            "title": Title.objects.get(series__name="工程", name="高级工程师"),
            "employer": user.organisation,
            "region": user.organisation.region,
        },
    )
    return expert


def _open_meeting(world) -> tuple:
    """The 莲都区 初评委's meeting on 张伟's and 马静's cases, opened, with 赵国强 on the panel and present.
    马静 works at another employer than 赵国强, so he is not recused from her case and can score it."""
    approved_standard_for_assistants(world)
    zhangwei = make_case(State.PRE_PUBLICITY)
    majing = make_case(State.PRE_PUBLICITY, applicant="majing")
    committee = Committee.objects.get(name=LIANDU_JUNIOR)
    office = world["office"]
    meeting = meeting_create(
        committee, actor=office, on=MEETING_DAY, venue="莲都区人力社保局三楼会议室", applications=[zhangwei, majing]
    )
    # The pool holds exactly the panel: 赵国强 and four others, so the draw must take him.
    _expert_entry("zj_zhao")
    expert_pool(4)
    panel_draw(meeting, actor=office, size=5, seed="matrix")
    approve_report(meeting, world)
    attendance_record(meeting, actor=office, present=set(meeting.panel.values_list("pk", flat=True)))
    meeting_open(meeting, actor=office)
    meeting.refresh_from_db()
    return meeting, meeting.cases.get(application=majing), zhangwei


def _archive(world) -> dict:
    zhangwei: Professional = world["professional"].professional
    paper = achievement_create(
        zhangwei,
        actor=world["professional"],
        data={
            "kind": "paper",
            "title": "数控机床主轴热变形补偿研究",
            "achieved_on": date(2021, 3, 1),
            "role": "第一作者",
        },
    )
    evidence = evidence_add(
        paper, actor=world["professional"], upload=SimpleUploadedFile("证明.pdf", pdf_bytes("录用证明"))
    )
    entry = profile_entry_add(
        zhangwei,
        EducationEntry(
            professional=zhangwei,
            level="master",
            degree="master",
            school="浙江大学",
            major="机械工程",
            graduated_on=date(2015, 6, 30),
        ),
        actor=world["professional"],
    )
    return {"professional": zhangwei, "achievement": paper, "evidence": evidence, "education_entry": entry}


def _education(world) -> dict:
    record = ce_record_add(
        world["professional"].professional,
        actor=world["professional"],
        category="professional",
        hours=8,
        course="数控技术进展",
        study_date=date(2026, 5, 20),
    )
    batch = ce_import_start(SimpleUploadedFile("学时.csv", b"a,b\n1,2\n"), actor=world["office"])
    return {"ce_record": record, "ce_import": ce_import_run(batch.pk)}


def _supervision(world, committee: Committee) -> dict:
    liandu = Region.objects.get(path=LIANDU)
    alert = raise_alert(
        "duplicate_identifier",
        "matrix-alert",
        region=liandu,
        summary="两人申报同一论文 DOI",
        evidence={"identifier": "10.1000/matrix"},
    )
    bureau = world["bureau"]
    member = inspector_add(User.objects.get(username="zj_zhao"), actor=bureau)
    campaign = campaign_start(
        liandu, actor=bureau, year=2026, committee_count=1, organiser_count=0, inspector_count=1, seed="matrix"
    )
    complaint = complaint_record(
        committee, actor=bureau, source="public", text="评审材料审核不严", received_on=timezone.localdate()
    )
    return {
        "alert": alert,
        "inspector": member,
        "campaign": campaign,
        "inspected_unit": campaign.units.first(),
        "complaint": complaint,
    }


def build_matrix_world() -> dict:
    world = build_world()
    users = {key: User.objects.get(username=name) for key, name in ACTORS.items() if name}
    committee = Committee.objects.get(name=LIANDU_JUNIOR)
    objects: dict = {"users": users, "committee": committee}

    objects["draft"] = make_case(State.DRAFT)
    objects["submitted"] = make_case(State.SUBMITTED)
    meeting, scorable_case, scheduled = _open_meeting(world)
    objects.update(meeting=meeting, meeting_case=scorable_case, scheduled=scheduled)
    objects["pre_publicity"] = Publicity.objects.filter(kind=Publicity.Kind.PRE_EVALUATION, committee=committee).first()
    # The seeded list ran in 2022; the objection is filed on its first day, while it could be.
    with time_machine.travel(objects["pre_publicity"].first_day, tick=False):
        objects["objection"] = objection_file(
            objects["pre_publicity"].entries.first(), contact_name="李明", contact_phone="13900000000", text="业绩存疑"
        )
    # 张伟 holds the certificate; colleagues of his employer have the case awaiting one and the archived case.
    objects["published"] = make_case(State.PUBLISHED, applicant="liuyang")
    certified = make_case(State.CERTIFIED)
    objects["certificate"] = Certificate.objects.get(application=certified)
    objects["archived"] = make_case(State.ARCHIVED, applicant="xuming")

    # Two result lists of the 初评委: one the bureau has published (public at /results/), one awaiting it.
    make_case(State.RESULT_PUBLICITY, outcome="passed", applicant="sunli", year=2022)
    published_request = publication_request_submit(
        committee,
        actor=world["office"],
        year=2022,
        letter_number="莲职改办〔2022〕3号",
        letter_date=timezone.localdate(),
    )
    objects["publication"] = publication_publish(
        published_request, actor=world["bureau"], published_on=timezone.localdate()
    )
    make_case(State.RESULT_PUBLICITY, outcome="passed", applicant="luoyu", year=2023)
    objects["publication_request"] = publication_request_submit(
        committee,
        actor=world["office"],
        year=2023,
        letter_number="莲职改办〔2023〕3号",
        letter_date=timezone.localdate(),
    )

    # 周杰's and 高峰's forestry 高级工程师 cases, recommended: one awaits the city's letter, one has it.
    objects["recommended"] = make_case(
        State.RESULT_PUBLICITY, outcome="recommended", applicant="zhoujie", specialty="林业工程", title="高级工程师"
    )
    referred = make_case(
        State.RESULT_PUBLICITY, outcome="recommended", applicant="gaofeng", specialty="林业工程", title="高级工程师"
    )
    objects["referral"] = referral_issue(
        referred, actor=User.objects.get(username="rs_lishui"), number="丽人社函〔2022〕12号"
    )

    objects.update(_archive(world))
    objects.update(_education(world))
    objects.update(_supervision(world, committee))
    objects["standard"] = approved_standard_for_assistants(world)
    objects["indicator"] = objects["standard"].indicators.first()

    # The city bureau samples the year's decided cases; the self-evaluating unit in 莲都区 files its plan.
    objects["rereview_draw"] = rereview_draw(actor=User.objects.get(username="rs_lishui"), year=2022, seed="matrix")
    objects["rereview"] = objects["rereview_draw"].cases.first()
    load_committee_year()
    objects["filing"] = Filing.objects.order_by("pk").first()
    return objects
