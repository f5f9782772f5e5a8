from datetime import date

import pytest

from zhicheng.archive.services import achievement_create

PAPER = {"kind": "paper", "title": "数控机床主轴热变形补偿研究", "achieved_on": date(2021, 3, 1), "role": "第一作者"}


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def zhangwei(world):
    return world["professional"].professional


@pytest.fixture
def paper(world, zhangwei):
    """张伟's paper, just recorded (待核验)."""
    return achievement_create(zhangwei, actor=world["professional"], data=PAPER)
