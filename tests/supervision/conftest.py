import pytest


@pytest.fixture
def liandu_firm(world):
    return world["employer"].organisation
