"""The expert pool from a real .xlsx: all rows or none, an error report naming the row, titles that count."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from zhicheng.committees.experts import COLUMNS, expert_import, may_evaluate
from zhicheng.committees.models import DeclaredConflict, Expert
from zhicheng.lib.errors import Forbidden
from zhicheng.policy.models import Title


def _xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.append([*COLUMNS, "原工作单位"])
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("专家库.xlsx", buffer.getvalue())


GOOD = [
    ["zj_wang", "王建华", "丽水莲都智能装备有限公司", "机械工程", "高级工程师", "是", "浙江丽水林业发展有限公司"],
    ["zj_he", "何晓燕", "浙江丽水林业发展有限公司", "林业工程", "正高级工程师", "是", ""],
]


def test_a_clean_file_fills_the_pool_with_declared_former_employers(world):
    imported, report = expert_import(_xlsx(GOOD), actor=world["bureau"])
    assert (imported, report) == (2, None)
    wang = Expert.objects.get(user__username="zj_wang")
    assert wang.title.name == "高级工程师" and wang.user.role == "expert" and not wang.user.has_usable_password()
    assert DeclaredConflict.objects.get(expert=wang).organisation.name == "浙江丽水林业发展有限公司"


def test_one_bad_row_imports_nothing_and_the_report_names_it(world):
    rows = [*GOOD, ["zj_bad", "错行", "不存在的单位", "机械工程", "高级工程师", "是", ""]]
    imported, report = expert_import(_xlsx(rows), actor=world["bureau"])
    assert imported == 0 and not Expert.objects.filter(user__username__in=["zj_wang", "zj_he"]).exists()
    lines = list(load_workbook(io.BytesIO(report)).active.iter_rows(values_only=True))
    assert lines[1][0] == 4 and "工作单位「不存在的单位」不在平台或不在您的管辖地区" in lines[1][-1]


def test_only_a_bureau_imports_and_only_its_regions_units(world):
    with pytest.raises(Forbidden):
        expert_import(_xlsx(GOOD), actor=world["office"])
    imported, report = expert_import(_xlsx(GOOD), actor=world["outsider"])
    assert imported == 0 and report is not None


def test_an_expert_may_evaluate_titles_up_to_their_own(world):
    expert_import(_xlsx(GOOD), actor=world["bureau"])
    wang = Expert.objects.get(user__username="zj_wang")
    assert may_evaluate(wang, Title.objects.get(name="工程师"))
    assert may_evaluate(wang, Title.objects.get(name="高级工程师"))
    assert not may_evaluate(wang, Title.objects.get(name="正高级工程师"))


def test_the_bureau_imports_from_the_page_and_a_bad_file_returns_the_report(client, world):
    client.force_login(world["bureau"])
    response = client.post("/committees/experts/", {"file": _xlsx(GOOD)})
    assert response.status_code == 302 and Expert.objects.filter(user__username="zj_he").exists()
    bad = client.post(
        "/committees/experts/", {"file": _xlsx([["x", "错", "无此单位", "机械工程", "工程师", "是", ""]])}
    )
    assert bad["Content-Disposition"].startswith("attachment")
    client.force_login(world["office"])
    assert client.get("/committees/experts/").status_code == 403
