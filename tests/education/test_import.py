"""CE imports from real .xlsx and .csv files: all or nothing, an error report naming the row, no duplicates."""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from zhicheng.accounts.models import User
from zhicheng.audit.models import Event
from zhicheng.education.importer import COLUMNS
from zhicheng.education.models import CERecord, ImportBatch
from zhicheng.education.services import ce_import_run, ce_import_start
from zhicheng.lib.errors import Forbidden

GOOD_ROWS = [
    ["331102198503121237", "张伟", 2022, "专业科目", 40, "数控机床可靠性设计", "2022-03-15"],
    ["331102198503121237", "张伟", 2022, "一般公需科目", 12, "数字化改革专题", date(2022, 4, 2)],
    ["331102199402150017", "刘洋", 2021, "行业公需科目", 6.5, "安全生产法规", "2021/11/20"],
]


def xlsx_upload(rows, name="学时.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    path = Path(f"/tmp/{name}")
    workbook.save(path)
    return SimpleUploadedFile(name, path.read_bytes())


@pytest.fixture
def office(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return User.objects.get(username="bgs_liandu")


def run(upload, actor) -> ImportBatch:
    batch = ce_import_start(upload, actor=actor)
    return ce_import_run(batch.pk)


def test_a_clean_file_imports_every_row_as_confirmed_hours(office):
    batch = run(xlsx_upload(GOOD_ROWS), office)
    assert batch.status == ImportBatch.Status.SUCCEEDED
    assert (batch.total_rows, batch.imported_rows) == (3, 3)
    assert batch.records.filter(status="confirmed", source="import").count() == 3
    assert Event.objects.filter(action="ce_import.finish", after="succeeded").count() == 1


def test_one_bad_checksum_imports_nothing_and_the_report_names_the_row(office):
    rows = [*GOOD_ROWS, ["331102198503121238", "张伟", 2022, "专业科目", 20, "课程", "2022-05-01"]]
    batch = run(xlsx_upload(rows), office)
    assert batch.status == ImportBatch.Status.FAILED
    assert not CERecord.objects.filter(batch__isnull=False).exists()
    report = load_workbook(batch.error_report_path).active
    lines = list(report.iter_rows(values_only=True))
    assert lines[0][0] == "行号" and lines[0][-1] == "错误原因"
    assert len(lines) == 2
    assert lines[1][0] == 5  # the header is row 1, so the fourth data row is row 5
    assert "校验位不正确" in lines[1][-1]


def test_the_same_file_twice_adds_nothing_the_second_time(office):
    first = run(xlsx_upload(GOOD_ROWS), office)
    again = run(xlsx_upload(GOOD_ROWS), office)
    assert again.status == ImportBatch.Status.SUCCEEDED
    assert (again.imported_rows, again.duplicate_rows) == (0, 3)
    assert CERecord.objects.filter(batch__isnull=False).count() == first.records.count() == 3


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (["331102198503121237", "张三", 2022, "专业科目", 8, "课", "2022-01-05"], "姓名与身份证号不符"),
        (["331102198503121237", "张伟", 2022, "专业课", 8, "课", "2022-01-05"], "科目类别「专业课」无法识别"),
        (["331102198503121237", "张伟", 2022, "专业科目", 0, "课", "2022-01-05"], "学时应大于 0 且不超过 100"),
        (["331102198503121237", "张伟", 2022, "专业科目", 101, "课", "2022-01-05"], "学时应大于 0 且不超过 100"),
        (["331102198503121237", "张伟", 2099, "专业科目", 8, "课", "2099-01-05"], "在未来"),
        (["331102198503121237", "张伟", 2022, "专业科目", 8, "课", "2021-12-31"], "不在 2022 年度内"),
        (["330106198709090020", "陈静", 2022, "专业科目", 8, "课", "2022-01-05"], "不在您的管辖地区"),
    ],
)
def test_each_bad_row_is_reported_with_its_reason(office, row, reason):
    batch = run(xlsx_upload([row]), office)
    assert batch.status == ImportBatch.Status.FAILED
    assert reason in load_workbook(batch.error_report_path).active.cell(row=2, column=len(COLUMNS) + 2).value


def test_a_csv_file_imports_too(office):
    text = ",".join(COLUMNS) + "\n331102198503121237,张伟,2022,专业科目,8,课程,2022-01-05\n"
    batch = run(SimpleUploadedFile("学时.csv", text.encode("utf-8-sig")), office)
    assert batch.status == ImportBatch.Status.SUCCEEDED and batch.imported_rows == 1


def test_a_file_without_the_columns_is_refused_whole(office):
    batch = run(SimpleUploadedFile("x.csv", b"a,b\n1,2\n"), office)
    assert batch.status == ImportBatch.Status.FAILED and "文件缺少列" in batch.message


def test_a_professional_cannot_import(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(Forbidden):
        ce_import_start(xlsx_upload(GOOD_ROWS), actor=world["professional"])


# The worker closes its database connection when done, as in production: a transactional test allows it.
@pytest.mark.django_db(transaction=True)
def test_the_upload_page_runs_the_import_in_the_worker_and_shows_progress(
    client, office, django_capture_on_commit_callbacks
):
    client.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/education/imports/", {"file": xlsx_upload(GOOD_ROWS)})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "排队中" in page.content.decode() and "<progress" in page.content.decode()
    call_command("db_worker", "--batch", verbosity=0)
    fragment = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "已导入 3 条学时记录" in fragment and "<html" not in fragment


def test_the_error_report_downloads_for_the_uploader_only(client, office, world):
    rows = [["331102198503121238", "张伟", 2022, "专业科目", 20, "课程", "2022-05-01"]]
    batch = run(xlsx_upload(rows), office)
    client.force_login(office)
    assert client.get(f"/education/imports/{batch.pk}/report/").status_code == 200
    client.force_login(world["outsider"])
    assert client.get(f"/education/imports/{batch.pk}/report/").status_code == 404
