"""The demo's performance archive (55号 §1): profiles, achievements with files, verification, and the 5× picture.

The scenario's professionals keep their archives through the same services users call. Each employer also has
staff without a login, onboarded by the employer's staff import, whose archives were carried over from the
earlier archive system (written directly, then counted by the archive's own bookkeeping). The mix shows every
state: complete archives, one stale, one without last year's CE hours, pending and returned entries, a DOI two
people claim, employers above and below the 5× minimum.
"""

import io
import tempfile
from datetime import date, datetime
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from zhicheng.accounts.models import Organisation, Professional, Region, User
from zhicheng.archive import services
from zhicheng.archive.models import Achievement, EducationEntry, Profile, WorkPeriod
from zhicheng.demo.ce import demo_ce_year
from zhicheng.demo.scenario import YEAR
from zhicheng.lib import idnumber

# username: phone, [(organisation, county path, from, to)]; education and titles are in demo.qualifications
Period = tuple[str, str, date, date | None]
PROFILES: dict[str, tuple[str, list[Period]]] = {
    "zhangwei": (
        "13857801001",
        [("丽水莲都智能装备有限公司", "浙江省/丽水市/莲都区/", date(2007, 7, 1), None)],
    ),
    "liuyang": (
        "13857801002",
        [
            ("杭州西湖精密机械有限公司", "浙江省/杭州市/西湖区/", date(2016, 7, 1), date(2018, 3, 31)),
            ("丽水莲都智能装备有限公司", "浙江省/丽水市/莲都区/", date(2018, 4, 1), None),
        ],
    ),
    "lina": (
        "13857801003",
        [("龙泉汽车空调配件股份有限公司", "浙江省/丽水市/龙泉市/", date(2012, 7, 1), None)],
    ),
    "huangqiang": (
        "13857801004",
        [("丽水莲都智能装备有限公司", "浙江省/丽水市/莲都区/", date(2008, 7, 1), None)],
    ),
    "wangfang": (
        "13857801005",
        [("浙江丽水林业发展有限公司", "浙江省/丽水市/莲都区/", date(2010, 7, 1), None)],
    ),
    "zhoujie": (
        "13857801006",
        [("浙江丽水林业发展有限公司", "浙江省/丽水市/莲都区/", date(2006, 7, 1), None)],
    ),
    "yangmin": (
        "13857801007",
        [("龙泉汽车空调配件股份有限公司", "浙江省/丽水市/龙泉市/", date(2013, 7, 1), None)],
    ),
    "wuxia": (
        "13857801008",
        [("龙泉汽车空调配件股份有限公司", "浙江省/丽水市/龙泉市/", date(2014, 7, 1), None)],
    ),
    "chenjing": (
        "13857801009",
        [("杭州西湖精密机械有限公司", "浙江省/杭州市/西湖区/", date(2009, 7, 1), None)],
    ),
    **{
        username: (f"138578011{n:02d}", [(employer, county, graduated, None)])
        for n, (username, employer, county, graduated) in enumerate(
            [
                ("sunli", "丽水莲都智能装备有限公司", "浙江省/丽水市/莲都区/", date(2020, 7, 1)),
                ("luoyu", "丽水莲都智能装备有限公司", "浙江省/丽水市/莲都区/", date(2019, 7, 1)),
                ("tangjun", "丽水莲都智能装备有限公司", "浙江省/丽水市/莲都区/", date(2015, 7, 1)),
                ("zhaolei", "龙泉汽车空调配件股份有限公司", "浙江省/丽水市/龙泉市/", date(2019, 7, 1)),
                ("hemei", "龙泉汽车空调配件股份有限公司", "浙江省/丽水市/龙泉市/", date(2020, 7, 1)),
                ("songtao", "龙泉汽车空调配件股份有限公司", "浙江省/丽水市/龙泉市/", date(2014, 7, 1)),
                ("gaofeng", "浙江丽水林业发展有限公司", "浙江省/丽水市/莲都区/", date(2004, 7, 1)),
                ("majing", "浙江丽水林业发展有限公司", "浙江省/丽水市/莲都区/", date(2013, 7, 1)),
                ("fangli", "龙泉汽车空调配件股份有限公司", "浙江省/丽水市/龙泉市/", date(2019, 7, 1)),
            ],
            start=10,
        )
    },
}
# xuming keeps an empty profile (his education is carried over): the checklist shows all that is missing.

# username, kind, title, date, role, identifier, [evidence text], what the employer does ("verify", a reason, or "")
ACHIEVEMENTS = [
    (
        "zhangwei",
        "paper",
        "数控机床主轴热变形误差补偿方法研究",
        date(2021, 3, 15),
        "第一作者",
        "10.3969/j.issn.1001-3881.2021.05.012",
        ["《机床与液压》2021年第5期", "数控机床主轴热变形误差补偿方法研究", "作者：张伟（第一作者）"],
        "verify",
    ),
    (
        "zhangwei",
        "patent",
        "一种数控机床主轴冷却装置",
        date(2020, 8, 4),
        "第一发明人",
        "ZL 2020 2 0123456.7",
        ["实用新型专利证书", "一种数控机床主轴冷却装置", "发明人：张伟"],
        "verify",
    ),
    ("zhangwei", "project", "智能装备远程运维平台开发", date(2022, 1, 10), "技术负责人", "LD2021-017", [], ""),
    ("liuyang", "report", "五轴加工中心精度检测技术报告", date(2021, 9, 1), "主要完成人", "", [], "verify"),
    (
        "lina",
        "paper",
        "汽车空调压缩机振动噪声分析",
        date(2021, 6, 1),
        "第一作者",
        "10.16638/j.cnki.1671-7988.2021.11.020",
        [],
        "verify",
    ),
    (
        "huangqiang",
        "standard",
        "智能装备电气控制柜安装规范",
        date(2021, 11, 1),
        "第二起草人",
        "T/ZZB 2345-2021",
        [],
        "",
    ),
    ("wangfang", "award", "丽水市林业科技进步奖三等奖", date(2020, 12, 1), "第一完成人", "", [], "verify"),
    ("zhoujie", "report", "丽水市松材线虫病防控技术报告", date(2019, 10, 1), "主要完成人", "", [], "verify"),
    (
        "yangmin",
        "project",
        "汽车空调管路轻量化设计",
        date(2021, 4, 1),
        "项目负责人",
        "LQ2020-033",
        [],
        "项目验收证明缺少盖章页，请补充后重新提交。",
    ),
    (
        "wuxia",
        "paper",
        "汽车空调压缩机振动与噪声分析",
        date(2021, 8, 1),
        "第一作者",
        "https://doi.org/10.16638/j.cnki.1671-7988.2021.11.020",
        [],
        "",
    ),
    ("chenjing", "patent", "一种精密丝杠预紧装置", date(2021, 2, 1), "第一发明人", "ZL 2021 2 0456789.1", [], "verify"),
]
STALE = {"zhoujie": datetime(2020, 9, 1, 9, 0)}  # last touched long ago: the archive is out of date
# employer: (ID prefix, staff with complete archives, staff still incomplete)
STAFF = {
    "丽水莲都智能装备有限公司": ("331102", 9, 4),
    "浙江丽水林业发展有限公司": ("331102", 5, 2),
    "龙泉汽车空调配件股份有限公司": ("331181", 8, 2),
    "杭州西湖精密机械有限公司": ("330106", 5, 1),
}
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = [
    "建华",
    "晓东",
    "丽萍",
    "志强",
    "海燕",
    "文博",
    "雅琴",
    "国平",
    "慧敏",
    "永康",
    "佳怡",
    "振宇",
    "秀兰",
    "俊杰",
    "春燕",
    "伟明",
    "红梅",
    "立新",
    "思远",
    "婷婷",
]


def _pdf(lines: list[str]) -> bytes:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1)
    page.setFont("STSong-Light", 14)
    for number, line in enumerate(lines):
        page.drawString(72, 760 - 26 * number, line)
    page.save()
    return buffer.getvalue()


def _ce(person: Professional, hours: tuple[int, int, int]) -> None:
    """The year before the demo year, in the same records (and fingerprints) as the CE demo data."""
    demo_ce_year(person, YEAR - 1, hours)


def _profile(user: User, person: Professional) -> None:
    if WorkPeriod.objects.filter(professional=person).exists():
        return
    phone, periods = PROFILES[user.username]
    services.profile_update(person, actor=user, phone=phone, email=f"{user.username}@example.com")
    for organisation, path, started, ended in periods:
        entry = WorkPeriod(
            organisation=organisation, region=Region.objects.get(path=path), started_on=started, ended_on=ended
        )
        services.profile_entry_add(person, entry, actor=user)


def _achievements() -> None:
    for username, kind, title, when, role, identifier, evidence, decision in ACHIEVEMENTS:
        user = User.objects.get(username=username)
        person = Professional.objects.get(user=user)
        if Achievement.objects.filter(professional=person, title=title).exists():
            continue
        data = {"kind": kind, "title": title, "achieved_on": when, "role": role, "identifier": identifier}
        achievement = services.achievement_create(person, actor=user, data=data)
        if evidence:
            upload = SimpleUploadedFile(f"{title}.pdf", _pdf(evidence))
            services.evidence_add(achievement, actor=user, upload=upload)
        clerk = User.objects.get(role="employer", organisation=person.employer)
        if decision == "verify":
            services.achievement_verify(achievement, actor=clerk)
        elif decision:
            services.achievement_return(achievement, actor=clerk, reason=decision)


def _staff_rows(prefix: str, count: int, offset: int) -> str:
    lines = ["姓名,身份证号,手机"]
    for index in range(offset, offset + count):
        name = SURNAMES[index % len(SURNAMES)] + GIVEN[index % len(GIVEN)]
        birth = date(1975 + index % 20, 1 + index % 12, 1 + index % 28)
        lines.append(f"{name},{idnumber.make(prefix, birth, 300 + index)},1385780{2000 + index:04d}")
    return "\n".join(lines) + "\n"


def _carried_over(person: Professional, employer: Organisation) -> None:
    """An archive carried over complete from the earlier system: school, work, one verified entry, CE hours."""
    EducationEntry.objects.create(
        professional=person,
        level="bachelor",
        degree="bachelor",
        school="浙江工业大学",
        major="机械工程",
        graduated_on=date(person.birth_date.year + 22, 6, 30),
    )
    WorkPeriod.objects.create(
        professional=person,
        organisation=employer.name,
        region=employer.region,
        started_on=date(person.birth_date.year + 22, 7, 1),
    )
    Achievement.objects.create(
        professional=person,
        kind=Achievement.Kind.REPORT,
        title=f"{employer.name}技术改造报告（{person.name}）",
        achieved_on=date(YEAR - 1, 10, 1),
        role="主要完成人",
        status=Achievement.Status.VERIFIED,
        verified_at=timezone.now(),
    )
    _ce(person, (60, 12, 18))


def _staff() -> None:
    offset = 0
    for employer_name, (prefix, complete, incomplete) in STAFF.items():
        employer = Organisation.objects.get(name=employer_name)
        count, start = complete + incomplete, offset
        offset += count
        if Professional.objects.filter(employer=employer, user__isnull=True).exists():
            continue
        clerk = User.objects.get(role="employer", organisation=employer)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "staff.csv"
            path.write_text(_staff_rows(prefix, count, start), encoding="utf-8")
            services.staff_import(path, actor=clerk, file_name=f"{employer_name}人员名单.csv")
        for person in Professional.objects.filter(employer=employer, user__isnull=True).order_by("id")[:complete]:
            _carried_over(person, employer)
            services.refresh_profile(person)


@transaction.atomic
def load_archive() -> None:
    for username in PROFILES:
        user = User.objects.get(username=username)
        _profile(user, Professional.objects.get(user=user))
    _achievements()
    _staff()
    for username, when in STALE.items():
        moment = timezone.make_aware(when)
        Profile.objects.filter(professional__user__username=username).update(updated_at=moment)
