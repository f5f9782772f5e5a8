"""The public verification page: number and name must both match; the holder is masked; lookups are limited."""

import re

from django.urls import reverse

from zhicheng.certificates.services import certificate_revoke

NOT_FOUND = "未查到与该编号和姓名相符的证书"
VALID = '<p class="verdict-head">有效</p>'
REVOKED = '<p class="verdict-head">已撤销</p>'


def _lookup(client, number: str, name: str, **extra):
    return client.post(reverse("certificates:verify"), {"number": number, "name": name}, **extra)


def _comparable(response) -> str:
    """The page without its CSRF tokens, which are masked afresh on every response."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", page)


def test_a_valid_certificate_shows_valid_and_the_masked_holder(client, certificate):
    response = _lookup(client, certificate.number, "张伟")

    page = response.content.decode()
    assert response.status_code == 200
    assert VALID in page and REVOKED not in page
    assert "张*" in page and "张伟" not in page
    for fact in ["助理工程师", "机械工程", "莲都区人力资源和社会保障局", certificate.number]:
        assert fact in page
    date = certificate.issued_on
    assert f"{date.year}年{date.month}月{date.day}日" in page
    assert certificate.holder_id_number not in page and certificate.employer_name not in page


def test_the_page_needs_no_login_and_sends_its_csp(client, world):
    response = client.get(reverse("certificates:verify"))
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "no-cache" in response["Cache-Control"]


def test_a_revoked_certificate_shows_revoked_with_its_date(client, world, certificate):
    certificate = certificate_revoke(certificate, actor=world["bureau"], reason="论文抄袭", evidence="调查报告第3号")

    page = _lookup(client, certificate.number, "张伟").content.decode()

    assert REVOKED in page and VALID not in page
    date = certificate.revoked_on
    assert f"{date.year}年{date.month}月{date.day}日由发证机关依法撤销" in page
    assert "论文抄袭" not in page and "调查报告" not in page


def test_a_wrong_name_with_a_right_number_shows_nothing_about_the_holder(client, certificate):
    wrong_name = _lookup(client, certificate.number, "李四")
    unknown_number = _lookup(client, "浙J99999-2000-00001", "李四")

    for response in (wrong_name, unknown_number):
        page = response.content.decode()
        assert response.status_code == 200
        assert NOT_FOUND in page
        for secret in [
            "张",
            "助理工程师",
            "机械工程",
            certificate.employer_name,
            certificate.bureau_name,
            VALID,
            REVOKED,
        ]:
            assert secret not in page, secret
    # The two answers differ only in the number echoed back in the form (and the form's CSRF token).
    assert _comparable(wrong_name).replace(certificate.number, "浙J99999-2000-00001") == _comparable(unknown_number)


def test_the_qr_address_fills_in_the_number_and_asks_for_the_name(client, certificate):
    response = client.get(reverse("certificates:verify"), {"number": certificate.number})

    page = response.content.decode()
    assert f'value="{certificate.number}"' in page
    assert 'name="name"' in page and "autofocus" in page
    assert "张" not in page and NOT_FOUND not in page


def test_a_number_typed_with_zj_and_spaces_is_found(client, certificate):
    typed = " zj" + certificate.number[1:].lower() + " "
    assert VALID in _lookup(client, typed, " 张伟 ").content.decode()


def test_lookups_beyond_the_limit_get_429_in_chinese(client, certificate):
    for _ in range(10):
        assert _lookup(client, certificate.number, "张伟").status_code == 200

    response = _lookup(client, certificate.number, "张伟")

    page = response.content.decode()
    assert response.status_code == 429
    assert "查询过于频繁" in page and "每分钟最多查询 10 次" in page
    assert "张*" not in page
    # Another address still gets its answers.
    assert _lookup(client, certificate.number, "张伟", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_the_limit_is_a_setting(client, certificate, settings):
    settings.CERTIFICATE_VERIFY_PER_MINUTE = 2
    assert [_lookup(client, certificate.number, "张伟").status_code for _ in range(3)] == [200, 200, 429]


def test_an_empty_form_says_what_is_missing(client, world):
    response = _lookup(client, "", "")
    assert response.status_code == 422
    assert "这个字段是必填项" in response.content.decode()
