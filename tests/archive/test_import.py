"""Bulk onboarding: an employer imports its staff; one bad row imports nothing and returns an error report."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from zhicheng.accounts.models import Professional
from zhicheng.archive.models import Profile
from zhicheng.audit.models import Event

GOOD = [
    ("周一", "331102199001011235", "13900000001", "zhouyi@example.com"),
    ("吴二", "331102198805050024", "", ""),
]
BAD_CHECKSUM = ("郑三", "331102199001011230", "13900000003", "")


def _xlsx(rows, header=("姓名", "身份证号", "手机", "电子邮箱")) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _post(client, user, content, name="staff.xlsx"):
    client.force_login(user)
    return client.post(reverse("archive:staff_import"), {"file": SimpleUploadedFile(name, content)})


def test_the_employer_imports_its_staff(client, world):
    before = Professional.objects.count()
    response = _post(client, world["employer"], _xlsx(GOOD))
    assert response.status_code == 302
    assert Professional.objects.count() == before + 2
    zhou = Professional.objects.get(id_number="331102199001011235")
    assert zhou.employer == world["employer"].organisation and str(zhou.birth_date) == "1990-01-01"
    assert Profile.objects.get(pk=zhou.pk).email == "zhouyi@example.com"
    assert Event.objects.get(action="archive.staff_import").data == {"created": 2, "existing": 0}


def test_importing_the_same_file_again_adds_nothing(client, world):
    _post(client, world["employer"], _xlsx(GOOD))
    count = Professional.objects.count()
    response = _post(client, world["employer"], _xlsx(GOOD))
    assert response.status_code == 302
    assert Professional.objects.count() == count


def test_one_bad_row_imports_nothing_and_the_report_names_it(client, world):
    before = Professional.objects.count()
    response = _post(client, world["employer"], _xlsx([*GOOD, BAD_CHECKSUM, GOOD[0]]))
    assert response.status_code == 422
    body = response.content.decode()
    assert "共有 2 行不合格，本次未导入任何人员" in body
    assert Professional.objects.count() == before

    report = client.get(reverse("archive:import_report", args=[response.context["report"]]))
    assert report.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(report.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("行号", "姓名", "身份证号", "手机", "电子邮箱", "错误原因")
    assert rows[1][0] == 4 and "身份证号校验位不正确" in rows[1][-1]
    assert rows[2][0] == 5 and "身份证号与第2行重复" in rows[2][-1]


def test_the_report_is_only_for_the_uploader(client, world):
    response = _post(client, world["employer"], _xlsx([BAD_CHECKSUM]))
    token = response.context["report"]
    client.force_login(world["bureau"])
    assert client.get(reverse("archive:import_report", args=[token])).status_code == 404


def test_a_person_on_file_with_another_employer_is_refused(client, world):
    lina = ("李娜", "331181199007080026", "", "")
    response = _post(client, world["employer"], _xlsx([lina]))
    assert response.status_code == 422
    assert "已在其他单位建档" in response.content.decode()
    assert Professional.objects.get(id_number=lina[1]).employer.name == "龙泉汽车空调配件股份有限公司"


def test_a_csv_works_too_and_a_missing_column_is_explained(client, world):
    csv = "姓名,身份证号\n周一,331102199001011235\n".encode()
    assert _post(client, world["employer"], csv, "staff.csv").status_code == 302
    response = _post(client, world["employer"], _xlsx(GOOD, header=("名字", "身份证号", "手机", "电子邮箱")))
    assert response.status_code == 422
    assert "文件缺少列：姓名" in response.content.decode()


def test_only_an_employer_imports(client, world):
    assert _post(client, world["bureau"], _xlsx(GOOD)).status_code == 403
    assert _post(client, world["professional"], _xlsx(GOOD)).status_code == 403
