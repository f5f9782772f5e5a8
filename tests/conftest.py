import pytest

from tests.base import build_world


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    # Uploads and generated documents of a test go to its own folder, never to var/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Argon2 is the production hasher (checked in tests/accounts); tests create many users, so hash cheaply.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_public_pages(settings):
    # Public lists are shared for a few seconds in production; each test sees its own data at once.
    settings.CACHES = {**settings.CACHES, "public_pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def world(db):
    return build_world()
