"""The archive API: profile, achievements (CRUD for the owner, verify for the employer), completeness."""

from zhicheng.accounts.models import User
from zhicheng.archive.models import Achievement

PATENT = {
    "kind": "patent",
    "title": "一种主轴冷却装置",
    "achieved_on": "2020-08-01",
    "role": "第一发明人",
    "identifier": "ZL202020123456.7",
}


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_the_owner_reads_and_updates_the_profile(client, world):
    client.force_login(world["professional"])
    response = client.put("/api/v1/archive/profile", {"phone": "13900000000"}, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert (
        body["name"] == "张伟" and body["phone"] == "13900000000" and body["id_number_masked"] == "331*************37"
    )


def test_achievements_crud_for_the_owner_and_verify_for_the_employer(client, world):
    client.force_login(world["professional"])
    created = _post(client, "/api/v1/archive/achievements", PATENT)
    assert created.status_code == 201 and created.json()["status"] == "pending"
    pk = created.json()["id"]

    client.force_login(world["employer"])
    assert _post(client, f"/api/v1/archive/achievements/{pk}/verify").json()["status"] == "verified"
    assert _post(client, f"/api/v1/archive/achievements/{pk}/verify").status_code == 409

    client.force_login(world["professional"])
    updated = client.put(
        f"/api/v1/archive/achievements/{pk}", {**PATENT, "role": "第二发明人"}, content_type="application/json"
    )
    assert updated.status_code == 200 and updated.json()["status"] == "pending"
    listed = client.get("/api/v1/archive/achievements").json()
    assert [item["id"] for item in listed["items"]] == [pk]
    assert client.delete(f"/api/v1/archive/achievements/{pk}").status_code == 204
    assert not Achievement.objects.exists()


def test_the_employer_cannot_create_and_another_employer_cannot_verify(client, world):
    client.force_login(world["employer"])
    assert _post(client, "/api/v1/archive/achievements", PATENT).status_code == 404  # no archive of their own
    client.force_login(world["professional"])
    pk = _post(client, "/api/v1/archive/achievements", PATENT).json()["id"]
    client.force_login(User.objects.get(username="dw_longquan"))
    assert _post(client, f"/api/v1/archive/achievements/{pk}/verify").status_code == 403
    assert client.get(f"/api/v1/archive/achievements/{pk}").status_code == 403


def test_a_bad_entry_is_a_422_with_the_reason(client, world):
    client.force_login(world["professional"])
    response = _post(client, "/api/v1/archive/achievements", {**PATENT, "identifier": ""})
    assert response.status_code == 422 and "专利须填写专利号" in response.json()["detail"]


def test_the_completeness_endpoint_lists_what_is_missing(client, world):
    client.force_login(world["employer"])
    pk = world["professional"].professional.pk
    body = client.get(f"/api/v1/archive/professionals/{pk}/completeness?year=2022").json()
    assert body["complete"] is False and body["year"] == 2022
    assert body["items"][1] == {"label": "至少 1 条业绩经单位核验", "done": False, "detail": "已核验 0 条，还差 1 条"}


def test_evidence_is_uploaded_over_the_api(client, world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import pdf_bytes, png_bytes

    settings.MEDIA_ROOT = tmp_path
    client.force_login(world["professional"])
    pk = _post(client, "/api/v1/archive/achievements", PATENT).json()["id"]
    ok = client.post(f"/api/v1/archive/achievements/{pk}/evidence", {"file": SimpleUploadedFile("a.pdf", pdf_bytes())})
    assert ok.status_code == 201 and len(ok.json()["sha256"]) == 64
    bad = client.post(f"/api/v1/archive/achievements/{pk}/evidence", {"file": SimpleUploadedFile("a.pdf", png_bytes())})
    assert bad.status_code == 422 and "文件内容是PNG 图片" in bad.json()["detail"]
