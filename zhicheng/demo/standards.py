"""The demo's quantified evaluation standards (55号 §4(一)): one per grade of the 工程 series the scenario
evaluates, drafted by the 丽水市 工程 中评委 office and approved by the 丽水市 bureau, through the services,
so each has its audit trail. Safe to re-run: a grade that already has an approved standard is left alone."""

from django.db import transaction

from zhicheng.accounts.models import User
from zhicheng.evaluation.selectors import approved_standard
from zhicheng.evaluation.standards import indicator_add, standard_approve, standard_create, standard_submit
from zhicheng.policy.models import Grade, Series

# (indicator, max points, scoring guidance) per grade; each list adds up to the 100-point scale.
STANDARDS: dict[str, tuple[str, list[tuple[str, int, str]]]] = {
    Grade.ASSISTANT: (
        "工程系列助理工程师量化评价标准",
        [
            ("职业道德", 10, "遵纪守法、爱岗敬业；有学术不端行为的实行一票否决。"),
            ("专业理论水平", 25, "掌握本专业基础理论和技术规范，能运用于日常技术工作。"),
            ("工作业绩", 40, "独立承担一般技术工作，完成任务的数量、质量和效果。"),
            ("专业技术能力", 15, "解决一般技术问题的能力，参与项目、技术报告或操作规程的编写。"),
            ("继续教育与培训", 10, "继续教育学时达标，参加专业培训和技术交流。"),
        ],
    ),
    Grade.INTERMEDIATE: (
        "工程系列工程师量化评价标准",
        [
            ("职业道德", 10, "遵纪守法、爱岗敬业；有学术不端行为的实行一票否决。"),
            ("专业理论水平", 20, "系统掌握本专业理论知识，熟悉相关标准规范和技术发展。"),
            ("工作业绩", 40, "主持或作为主要完成人承担工程项目、技术改造或产品研发，取得的经济社会效益。"),
            ("代表性成果", 20, "论文、专利、技术标准、项目报告、工法等代表作的水平与作用。"),
            ("继续教育与培训", 10, "继续教育学时达标，指导助理工程师、技术员开展工作。"),
        ],
    ),
    Grade.ASSOCIATE_SENIOR: (
        "工程系列高级工程师量化评价标准",
        [
            ("职业道德", 10, "遵纪守法、爱岗敬业；有学术不端行为的实行一票否决。"),
            ("专业理论水平", 15, "具有系统、坚实的专业理论基础，掌握本领域国内外技术发展趋势。"),
            ("工作业绩", 35, "主持重要工程项目或关键技术攻关，解决复杂技术难题，取得显著效益。"),
            ("代表性成果", 25, "主持制定标准、获得发明专利、科技奖励或发表高水平论文等代表作。"),
            ("示范引领作用", 10, "培养指导中青年技术骨干，在行业内的技术影响和示范带动作用。"),
            ("继续教育与培训", 5, "继续教育学时达标，参加高级研修和学术交流。"),
        ],
    ),
}

OFFICE = "bgs_gongcheng"
BUREAU = "rs_lishui"


@transaction.atomic
def load_standards() -> None:
    series = Series.objects.get(name="工程")
    office = User.objects.get(username=OFFICE)
    bureau = User.objects.get(username=BUREAU)
    for grade, (name, indicators) in STANDARDS.items():
        if approved_standard(series, grade) is not None:
            continue
        standard = standard_create(series, grade, actor=office, name=name)
        for indicator, points, guidance in indicators:
            indicator_add(standard, actor=office, name=indicator, max_points=points, guidance=guidance)
        standard_submit(standard, actor=office)
        standard_approve(standard, actor=bureau, opinion="指标设置符合本级别评价要求，同意试行。")
