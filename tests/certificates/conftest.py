import pytest
from django.core.cache import cache

from tests.factories import make_case
from zhicheng.applications.models import State
from zhicheng.certificates.services import certificate_issue


@pytest.fixture(autouse=True)
def empty_cache():
    # The verification page's rate limit counts in the cache; each test starts with none counted.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(world):
    """张伟's 助理工程师 case, passed by the 莲都区 初评委 and published by the bureau."""
    return make_case(State.PUBLISHED, outcome="passed")


@pytest.fixture
def certificate(world, published):
    return certificate_issue(published, actor=world["bureau"])
