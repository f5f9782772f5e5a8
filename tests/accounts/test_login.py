"""Login, logout, password change, and throttling after repeated failures."""

from django.contrib.auth.hashers import Argon2PasswordHasher
from django.urls import reverse
from django.utils.module_loading import import_string

from zhicheng.demo.scenario import DEMO_PASSWORD


def test_login_opens_the_workbench_with_role_and_region(client, world):
    response = client.post(reverse("accounts:login"), {"username": "rs_liandu", "password": DEMO_PASSWORD}, follow=True)
    body = response.content.decode()
    assert "工作台" in body and "郑丽华" in body and "人力社保局" in body and "浙江省丽水市莲都区" in body


def test_a_wrong_password_is_explained_in_chinese(client, world):
    response = client.post(reverse("accounts:login"), {"username": "zhangwei", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_login_is_locked_after_repeated_failures(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "zhangwei", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "zhangwei", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()


def test_logout_needs_a_post_and_ends_the_session(client, world):
    client.force_login(world["professional"])
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("home")).status_code == 302


def test_password_change(client, world):
    client.force_login(world["professional"])
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": DEMO_PASSWORD, "new_password1": "Xin-Mima-2026!", "new_password2": "Xin-Mima-2026!"},
    )
    assert response.status_code == 302
    world["professional"].refresh_from_db()
    assert world["professional"].check_password("Xin-Mima-2026!")


def test_the_platform_hashes_passwords_with_argon2():
    # The settings module as configured, not the cheap hasher the test fixture swaps in.
    import zhicheng.settings as configured

    hasher = import_string(configured.PASSWORD_HASHERS[0])()
    assert isinstance(hasher, Argon2PasswordHasher) and hasher.algorithm == "argon2"
    encoded = hasher.encode("Zhicheng@2022", hasher.salt())
    assert encoded.startswith("argon2$argon2id$") and hasher.verify("Zhicheng@2022", encoded)
    # OWASP's floor for Argon2id: at least 19 MiB and two passes.
    assert hasher.memory_cost >= 19 * 1024 and hasher.time_cost >= 2


def test_a_password_hashed_with_the_old_argon2_costs_still_logs_in_and_is_rehashed(client, world, settings):
    settings.PASSWORD_HASHERS = ["zhicheng.accounts.hashers.PlatformArgon2PasswordHasher"]
    user = world["professional"]
    user.password = Argon2PasswordHasher().encode("Zhicheng@2022", "oldsaltoldsalt")
    user.save(update_fields=["password"])
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": "Zhicheng@2022"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert "m=19456" in user.password and user.check_password("Zhicheng@2022")
