"""The 2022 Lishui/Liandu scenario of 莲人社〔2022〕55号, as data: organisations, people, committees, cases."""

from datetime import date

DEMO_PASSWORD = "Zhicheng@2022"
YEAR = 2022
# When the scenario's publicity lists went up: in the units on Wed 1 June 2022 (across the Dragon Boat
# Festival), the pre-evaluation list on Fri 30 Sep 2022 (across National Day), and the result list on
# Mon 17 Oct 2022, after the meeting (as PLAN_2022's result_publicity_start).
IN_UNIT_START = date(2022, 6, 1)
PRE_PUBLICITY_START = date(2022, 9, 30)
RESULT_PUBLICITY_START = date(2022, 10, 17)

# name, kind, region path, sector series (authorities only)
ORGANISATIONS = [
    ("浙江省人力资源和社会保障厅", "bureau", "浙江省/", None),
    ("丽水市人力资源和社会保障局", "bureau", "浙江省/丽水市/", None),
    ("莲都区人力资源和社会保障局", "bureau", "浙江省/丽水市/莲都区/", None),
    ("龙泉市人力资源和社会保障局", "bureau", "浙江省/丽水市/龙泉市/", None),
    ("杭州市西湖区人力资源和社会保障局", "bureau", "浙江省/杭州市/西湖区/", None),
    ("丽水市经济和信息化局", "authority", "浙江省/丽水市/", "工程"),
    ("杭州市经济和信息化局", "authority", "浙江省/杭州市/", "工程"),
    ("丽水市林业局", "office", "浙江省/丽水市/", None),
    ("龙泉市汽车空调配件行业协会", "association", "浙江省/丽水市/龙泉市/", None),
    ("丽水市工程技术人员中级职务评审委员会办公室", "office", "浙江省/丽水市/", None),
    ("莲都区工程技术人员初级职务评审委员会办公室", "office", "浙江省/丽水市/莲都区/", None),
    ("杭州市工程技术人员中级职务评审委员会办公室", "office", "浙江省/杭州市/", None),
    ("丽水莲都智能装备有限公司", "employer", "浙江省/丽水市/莲都区/", None),
    ("浙江丽水林业发展有限公司", "employer", "浙江省/丽水市/莲都区/", None),
    ("龙泉汽车空调配件股份有限公司", "employer", "浙江省/丽水市/龙泉市/", None),
    ("杭州西湖精密机械有限公司", "employer", "浙江省/杭州市/西湖区/", None),
]

# username, name, role, organisation
STAFF = [
    ("admin", "系统管理员", "admin", None),
    ("rs_province", "周建国", "bureau", "浙江省人力资源和社会保障厅"),
    ("rs_lishui", "吴晓东", "bureau", "丽水市人力资源和社会保障局"),
    ("rs_liandu", "郑丽华", "bureau", "莲都区人力资源和社会保障局"),
    ("rs_xihu", "冯志远", "bureau", "杭州市西湖区人力资源和社会保障局"),
    ("zg_lishui", "孙海涛", "authority", "丽水市经济和信息化局"),
    ("zg_hangzhou", "胡文斌", "authority", "杭州市经济和信息化局"),
    ("bgs_gongcheng", "刘芳", "office", "丽水市工程技术人员中级职务评审委员会办公室"),
    ("bgs_qiche", "叶明", "office", "龙泉市人力资源和社会保障局"),
    ("bgs_xiehui", "季红", "office", "龙泉市汽车空调配件行业协会"),
    ("bgs_linye", "蓝天", "office", "丽水市林业局"),
    ("bgs_liandu", "潘静", "office", "莲都区工程技术人员初级职务评审委员会办公室"),
    ("bgs_hangzhou", "钱伟", "office", "杭州市工程技术人员中级职务评审委员会办公室"),
    ("dw_liandu", "王秀英", "employer", "丽水莲都智能装备有限公司"),
    ("dw_linye", "徐建平", "employer", "浙江丽水林业发展有限公司"),
    ("dw_longquan", "毛丽君", "employer", "龙泉汽车空调配件股份有限公司"),
    ("dw_xihu", "沈佳", "employer", "杭州西湖精密机械有限公司"),
    ("zj_zhao", "赵国强", "expert", "丽水莲都智能装备有限公司"),
    ("zj_qian", "钱玉兰", "expert", "龙泉汽车空调配件股份有限公司"),
    ("zj_sun", "孙志刚", "expert", "浙江丽水林业发展有限公司"),
    ("zj_li", "李春生", "expert", "杭州西湖精密机械有限公司"),
]

# username, name, employer, ID number (valid GB 11643 numbers made for the demo: region, birth date, sex)
PROFESSIONALS = [
    ("zhangwei", "张伟", "丽水莲都智能装备有限公司", "331102198503121237"),
    ("lina", "李娜", "龙泉汽车空调配件股份有限公司", "331181199007080026"),
    ("wangfang", "王芳", "浙江丽水林业发展有限公司", "331102198811230021"),
    ("liuyang", "刘洋", "丽水莲都智能装备有限公司", "331102199402150017"),
    ("chenjing", "陈静", "杭州西湖精密机械有限公司", "330106198709090020"),
    ("yangmin", "杨敏", "龙泉汽车空调配件股份有限公司", "331181199106010023"),
    ("huangqiang", "黄强", "丽水莲都智能装备有限公司", "331102198602280014"),
    ("zhoujie", "周杰", "浙江丽水林业发展有限公司", "331102198310100018"),
    ("wuxia", "吴霞", "龙泉汽车空调配件股份有限公司", "331181199204040023"),
    ("xuming", "徐明", "丽水莲都智能装备有限公司", "331102199509190019"),
    ("sunli", "孙丽", "丽水莲都智能装备有限公司", "331102199803050623"),
    ("luoyu", "罗宇", "丽水莲都智能装备有限公司", "331102199711020611"),
    ("tangjun", "唐军", "丽水莲都智能装备有限公司", "331102199309140615"),
    ("zhaolei", "赵磊", "龙泉汽车空调配件股份有限公司", "331181199705090619"),
    ("hemei", "何梅", "龙泉汽车空调配件股份有限公司", "33118119980821088X"),
    ("songtao", "宋涛", "龙泉汽车空调配件股份有限公司", "331181199201260610"),
    ("gaofeng", "高峰", "浙江丽水林业发展有限公司", "331102198204170610"),
    ("majing", "马静", "浙江丽水林业发展有限公司", "331102199106301845"),
    ("fangli", "方莉", "龙泉汽车空调配件股份有限公司", "331181199710121141"),
]

# What the provincial title records hold of each professional: highest education (level, school, major,
# graduated) and the titles obtained. Every case below meets its years in grade on 31 Dec 2022.
School = tuple[str, str, str, date]
Held = tuple[str, date, str]
QUALIFICATIONS: dict[str, tuple[School, list[Held]]] = {
    "zhangwei": (
        ("bachelor", "浙江工业大学", "机械设计制造及其自动化", date(2007, 6, 30)),
        [("助理工程师", date(2012, 12, 20), "浙助工2012-0815")],
    ),
    "liuyang": (
        ("bachelor", "浙江科技学院", "机械电子工程", date(2016, 6, 30)),
        [("助理工程师", date(2017, 12, 20), "浙助工2017-1203")],
    ),
    "lina": (
        ("bachelor", "浙江理工大学", "车辆工程", date(2012, 6, 30)),
        [("助理工程师", date(2014, 12, 20), "丽助工2014-0321")],
    ),
    "huangqiang": (
        ("bachelor", "浙江大学", "电气工程及其自动化", date(2008, 6, 30)),
        [("助理工程师", date(2010, 12, 20), "浙助工2010-0412")],
    ),
    "wangfang": (
        ("bachelor", "浙江农林大学", "林学", date(2010, 6, 30)),
        [("助理工程师", date(2012, 12, 20), "丽助工2012-0107")],
    ),
    "zhoujie": (
        ("bachelor", "浙江农林大学", "森林保护", date(2006, 6, 30)),
        [("助理工程师", date(2008, 12, 20), "丽助工2008-0233"), ("工程师", date(2014, 12, 20), "丽工2014-0098")],
    ),
    "yangmin": (
        ("bachelor", "丽水学院", "机械工程", date(2013, 6, 30)),
        [("助理工程师", date(2015, 12, 20), "丽助工2015-0517")],
    ),
    "wuxia": (("bachelor", "丽水学院", "车辆工程", date(2014, 6, 30)), []),
    "chenjing": (
        ("bachelor", "浙江工业大学", "机械工程", date(2009, 6, 30)),
        [("助理工程师", date(2011, 12, 20), "杭助工2011-0566")],
    ),
    "xuming": (("bachelor", "浙江海洋大学", "机械工程", date(2017, 6, 30)), []),
    "sunli": (("bachelor", "浙江工业大学", "机械工程", date(2020, 6, 30)), []),
    "luoyu": (("bachelor", "中国计量大学", "电气工程及其自动化", date(2019, 6, 30)), []),
    "tangjun": (
        ("bachelor", "浙江科技学院", "电气工程及其自动化", date(2015, 6, 30)),
        [("助理工程师", date(2017, 12, 20), "丽助工2017-0642")],
    ),
    "zhaolei": (("bachelor", "丽水学院", "车辆工程", date(2019, 6, 30)), []),
    "hemei": (("bachelor", "浙江科技学院", "车辆工程", date(2020, 6, 30)), []),
    "songtao": (
        ("bachelor", "浙江理工大学", "车辆工程", date(2014, 6, 30)),
        [("助理工程师", date(2016, 12, 20), "丽助工2016-0388")],
    ),
    "gaofeng": (
        ("bachelor", "浙江农林大学", "林学", date(2004, 6, 30)),
        [("助理工程师", date(2006, 12, 20), "丽助工2006-0121"), ("工程师", date(2012, 12, 20), "丽工2012-0045")],
    ),
    "majing": (
        ("bachelor", "浙江农林大学", "林学", date(2013, 6, 30)),
        [("助理工程师", date(2015, 12, 20), "丽助工2015-0230")],
    ),
    "fangli": (("bachelor", "浙江理工大学", "车辆工程", date(2019, 6, 30)), []),
}

# name, level, kind, organiser, offices, seat, jurisdiction, members, scopes [(specialty or None, title, mode)]
ScopeLine = tuple[str | None, str, str]
CommitteeRow = tuple[str, str, str, str, list[str], str, str, list[str], list[ScopeLine]]

COMMITTEES: list[CommitteeRow] = [
    (
        "丽水市汽车零部件工程技术人员中级专业技术职务任职资格评审委员会",
        "intermediate",
        "socialised",
        "丽水市人力资源和社会保障局",
        ["龙泉市人力资源和社会保障局", "龙泉市汽车空调配件行业协会"],
        "浙江省/丽水市/",
        "浙江省/丽水市/",
        ["zj_zhao", "zj_qian", "zj_sun"],
        [("汽车零部件工程", "助理工程师", "decide"), ("汽车零部件工程", "工程师", "decide")],
    ),
    (
        "丽水市林业工程技术人员中级专业技术职务任职资格评审委员会",
        "intermediate",
        "regular",
        "丽水市林业局",
        ["丽水市林业局"],
        "浙江省/丽水市/",
        "浙江省/丽水市/",
        ["zj_sun", "zj_zhao", "zj_qian"],
        [("林业工程", "工程师", "decide"), ("林业工程", "高级工程师", "recommend")],
    ),
    (
        "丽水市工程技术人员中级专业技术职务任职资格评审委员会",
        "intermediate",
        "regular",
        "丽水市人力资源和社会保障局",
        ["丽水市工程技术人员中级职务评审委员会办公室"],
        "浙江省/丽水市/",
        "浙江省/丽水市/",
        ["zj_zhao", "zj_qian", "zj_sun"],
        [(None, "工程师", "decide")],
    ),
    (
        "莲都区工程技术人员初级专业技术职务任职资格评审委员会",
        "junior",
        "regular",
        "莲都区人力资源和社会保障局",
        ["莲都区工程技术人员初级职务评审委员会办公室"],
        "浙江省/丽水市/莲都区/",
        "浙江省/丽水市/莲都区/",
        ["zj_zhao", "zj_sun"],
        [(None, "技术员", "decide"), (None, "助理工程师", "decide")],
    ),
    (
        "杭州市工程技术人员中级专业技术职务任职资格评审委员会",
        "intermediate",
        "regular",
        "杭州市经济和信息化局",
        ["杭州市工程技术人员中级职务评审委员会办公室"],
        "浙江省/杭州市/",
        "浙江省/杭州市/",
        ["zj_li"],
        [(None, "工程师", "decide")],
    ),
]

# applicant, specialty, title, the state the case is walked to, outcome if evaluated, reason for side exits
CASES = [
    ("zhangwei", "机械工程", "工程师", "draft", "", ""),
    ("liuyang", "机械工程", "工程师", "submitted", "", ""),
    ("lina", "汽车零部件工程", "工程师", "employer_approved", "", ""),
    ("yangmin", "汽车零部件工程", "工程师", "authority_approved", "", ""),
    ("wangfang", "林业工程", "工程师", "accepted", "", ""),
    ("huangqiang", "电气工程", "工程师", "qualified", "", ""),
    ("wuxia", "汽车零部件工程", "助理工程师", "pre_publicity", "", ""),
    ("xuming", "机械工程", "助理工程师", "scheduled", "", ""),
    ("zhoujie", "林业工程", "高级工程师", "evaluated", "recommended", ""),
    ("zhaolei", "汽车零部件工程", "助理工程师", "evaluated", "failed", ""),
    ("sunli", "机械工程", "助理工程师", "result_publicity", "passed", ""),
    ("luoyu", "电气工程", "助理工程师", "published", "passed", ""),
    ("hemei", "汽车零部件工程", "助理工程师", "certified", "passed", ""),
    ("gaofeng", "林业工程", "高级工程师", "archived", "recommended", ""),
    ("chenjing", "机械工程", "工程师", "returned", "", "业绩材料缺少项目验收证明，请补充后重新提交。"),
    ("majing", "林业工程", "工程师", "withdrawn", "", "本人工作调动，撤回本年度申报。"),
    ("tangjun", "电气工程", "工程师", "rejected", "", "代表性业绩未达到工程师评价标准，资格审查不予通过。"),
    ("songtao", "汽车零部件工程", "工程师", "vetoed", "", "经查代表作存在抄袭，一票否决。"),
    ("fangli", "汽车零部件工程", "助理工程师", "pre_publicity", "", ""),  # on the live meeting's agenda
]

# Confirmed CE hours per person and year: (专业科目, 一般公需, 行业公需). Everyone's hours of 2019–2026
# comply, except: 徐明 is 4 hours short of 一般公需 in 2020 (before the two years his 助理工程师 case
# needs), and 李娜 has no 2026 hours yet.
CE_YEARS = range(2019, 2027)
CE_COMPLIANT = (60, 12, 18)
CE_EXCEPTIONS: dict[str, dict[int, tuple[int, int, int] | None]] = {
    "zhangwei": {2019: (64, 12, 18), 2021: (72, 14, 16), 2022: (66, 12, 18)},
    "xuming": {2020: (70, 8, 12)},
    "lina": {2026: None},
}


def ce_hours(username: str) -> dict[int, tuple[int, int, int]]:
    exceptions = CE_EXCEPTIONS.get(username, {})
    hours = {year: exceptions.get(year, CE_COMPLIANT) for year in CE_YEARS}
    return {year: value for year, value in hours.items() if value is not None}


# A self-evaluating unit (自主评聘, 55号 §4(四)) in 莲都区 with its own committee and office clerk.
SELF_EVALUATING_UNIT = "浙江莲都水利工程有限公司"
SELF_EVALUATING_COMMITTEE = "浙江莲都水利工程有限公司工程技术人员自主评聘委员会"
SELF_EVALUATING_CLERK = ("zp_shuili", "邱文华")

# Archiving: the office handed the scenario's materials back to each employer's personnel office.
MATERIALS_RETURNED_TO = "申报单位人事部门"
MATERIALS_RETURNED_ON = date(2023, 1, 10)

# The 2022 plans of the scenario's committees (附件1/2): valid against the 2022 working-day calendar.
PLAN_2022 = {
    "application_opens": date(2022, 6, 1),
    "application_closes": date(2022, 7, 31),
    "review_deadline": date(2022, 9, 20),
    "pre_publicity_start": date(2022, 9, 21),
    "meeting_report_by": date(2022, 9, 30),
    "meeting_date": date(2022, 10, 12),
    "result_publicity_start": date(2022, 10, 17),
}

# The 汽车零部件工程 experts a 中评委 draws from (at least the policy's 11): username, name, employer.
# Two work where 方莉 does, so the draw shows their automatic recusal.
AUTO_PARTS_EXPERTS = [
    ("zj_qc01", "邵国栋", "龙泉汽车空调配件股份有限公司"),
    ("zj_qc02", "柳春燕", "龙泉汽车空调配件股份有限公司"),
    ("zj_qc03", "廖建新", "丽水莲都智能装备有限公司"),
    ("zj_qc04", "温雅琴", "丽水莲都智能装备有限公司"),
    ("zj_qc05", "季永康", "浙江丽水林业发展有限公司"),
    ("zj_qc06", "鲍志强", "浙江丽水林业发展有限公司"),
    ("zj_qc07", "管海燕", "杭州西湖精密机械有限公司"),
    ("zj_qc08", "应文博", "杭州西湖精密机械有限公司"),
    ("zj_qc09", "厉慧敏", "杭州西湖精密机械有限公司"),
    ("zj_qc10", "章振宇", "丽水莲都智能装备有限公司"),
    ("zj_qc11", "诸葛立新", "浙江丽水林业发展有限公司"),
    ("zj_qc12", "缪秀兰", "杭州西湖精密机械有限公司"),
    ("zj_qc13", "盛俊杰", "丽水莲都智能装备有限公司"),
]
# The meeting the demo leaves for its users to run: 方莉's case goes before its committee three weeks from
# the day the demo is loaded; the panel is drawn and the report awaits the city bureau (rs_lishui).
LIVE_MEETING_APPLICANT = "fangli"
LIVE_MEETING_WEEKS_AHEAD = 3
LIVE_MEETING_VENUE = "龙泉市人力社保局二楼会议室"
LIVE_MEETING_SEED = "demo-live"

# Expert pool entries for the demo experts: specialty, title held.
EXPERTS = {
    "zj_zhao": ("机械工程", "正高级工程师"),
    "zj_qian": ("汽车零部件工程", "高级工程师"),
    "zj_sun": ("林业工程", "高级工程师"),
    "zj_li": ("机械工程", "高级工程师"),
}
