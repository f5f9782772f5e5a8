"""The near-duplicate check's similarity estimate, held against the exact Jaccard of the texts' 3-gram sets."""

import random

import numpy as np

from zhicheng.alerts import neardup

WORDS = "机床主轴热变形补偿技术研究数控系统温升误差模型算法实时生产线推广应用标准企业合格率返工成本节约测点数据"


def exact_jaccard(first: str, second: str) -> float:
    grams = [{t[i : i + 3] for i in range(len(t) - 2)} for t in (first, second)]
    return len(grams[0] & grams[1]) / len(grams[0] | grams[1])


def edited(text: str, rng: random.Random, changes: int) -> str:
    chars = list(text)
    for _ in range(changes):
        chars[rng.randrange(len(chars))] = rng.choice(WORDS)
    return "".join(chars)


def test_the_estimate_is_close_to_the_exact_jaccard_for_short_and_long_texts():
    rng = random.Random(55)
    errors = []
    for length in (40, 120, 400, 1200):
        for changes in (1, 3, 8, 20):
            text = "".join(rng.choice(WORDS) for _ in range(length))
            copy = edited(text, rng, changes)
            errors.append(abs(neardup.estimated_jaccard(text, copy) - exact_jaccard(text, copy)))
    # ±0.025 is one standard error at 0.8 with 256 bins; four of them bound every one of the 16 pairs.
    assert max(errors) < 0.1
    assert float(np.mean(errors)) < 0.03


def test_candidate_pairs_pair_only_different_people_in_one_bucket():
    ids = np.array([10, 11, 12, 13, 14], dtype=np.int64)
    people = np.array([1, 2, 2, 3, 4], dtype=np.int64)
    # Band 0: rows 0-2 share a bucket; band 1: rows 1 and 2 (one person) and rows 3 and 4.
    hashes = np.array([[7, 1], [7, 5], [7, 5], [8, 9], [6, 9]], dtype=np.uint64)
    pairs = neardup.candidate_pairs(ids, people, hashes.T)
    assert pairs.tolist() == [[10, 11], [10, 12], [13, 14]]


def test_a_bucket_larger_than_the_cap_is_boilerplate_not_a_copy():
    size = neardup.MAX_BUCKET + 1
    ids = np.arange(size, dtype=np.int64)
    hashes = np.zeros((size, 1), dtype=np.uint64)
    assert len(neardup.candidate_pairs(ids, ids.copy(), hashes.T)) == 0


def test_the_screen_keeps_a_bucket_mate_that_is_a_copy_and_drops_one_that_only_shares_a_band():
    rng = random.Random(7)
    text = "".join(rng.choice(WORDS) for _ in range(60))
    copy = edited(text, rng, 1)
    other = "".join(rng.choice(WORDS) for _ in range(60))
    sig = neardup.compact(neardup.signatures([text, copy, other]))
    close = neardup.screen(sig, 0.8)
    ids, people = np.array([1, 2, 3], dtype=np.int64), np.array([1, 2, 3], dtype=np.int64)
    one_bucket = np.zeros(3, dtype=np.uint64)  # all three share a band bucket
    assert neardup.candidate_pairs(ids, people, [one_bucket], close).tolist() == [[1, 2]]


def test_the_compact_signature_estimates_like_the_full_one():
    rng = random.Random(11)
    text = "".join(rng.choice(WORDS) for _ in range(200))
    copy = edited(text, rng, 6)
    full = neardup.signatures([text, copy])
    small = neardup.compact(full)
    exact = exact_jaccard(text, copy)
    assert abs(float(neardup.similarity(full[:1], full[1:])[0]) - exact) < 0.15
    # Bytes agree where the values do, and unequal values rarely collide: the estimates differ by little.
    assert (
        abs(
            float(neardup.similarity(small[:1], small[1:], empty=0)[0])
            - float(neardup.similarity(full[:1], full[1:])[0])
        )
        < 0.05
    )
