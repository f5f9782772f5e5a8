"""The replayable draw (双随机): one random.Random(seed) samples committees, then organisers, then inspectors.

Anyone holding the published seed and the three ordered candidate lists can recompute the picks with
exactly this function, as with a meeting's expert draw (zhicheng.evaluation.meetings.replay_draw).
"""

import random


def replay(seed: str, pools: list[tuple[list[int], int]]) -> list[list[int]]:
    """The ids picked from each (candidates, size) pool in turn, in draw order."""
    generator = random.Random(seed)
    return [generator.sample(candidates, size) for candidates, size in pools]


REPLAY_RECIPE = (
    "r = random.Random(种子)；评委会 = r.sample(评委会候选, 评委会数)；"
    "组建单位 = r.sample(组建单位候选, 组建单位数)；检查人员 = r.sample(检查人员候选, 检查人员数)（Python 3）"
)
