"""Near-duplicate achievement texts at province scale: MinHash signatures over character 3-grams, LSH banding
to find candidate pairs, and a finer signature to estimate each candidate pair's Jaccard similarity.

Why not feed three million rows to `datasketch.MinHashLSH` directly: its pure-Python insert (one MinHash
object per row, `num_perm` hash passes per shingle, a dict entry per band) costs ~150 µs and ~1 KB a row,
minutes and gigabytes at 3,000,000. So the signatures are computed in numpy a chunk of rows at a time with
one-permutation hashing (each shingle hashed once, its hash picks a bin and a value, the bin keeps the
minimum; Li, Owen & Zhang 2012), and banding uses datasketch's own optimal (b, r) for the threshold.
Each row keeps its signature in one byte a bin (b-bit MinHash, Li & König 2010: the low bits of the
minimum; 64 bytes a row), enough to band and to screen: candidate pairs (those sharing a band) are listed
with numpy a bucket size at a time, and only those whose byte signatures come within SCREEN_MARGIN of
the threshold are kept. Banding is loose on purpose (few missed copies), so at province scale it proposes
tens of millions of pairs of texts made of common phrases; the screen leaves the few that are worth
reading again. Those are checked a chunk at a time with a 256-bin signature of both texts: hashing each
pair's texts again in Python (~1 ms a pair) is what made a province's run take hours.
Only pairs whose estimated Jaccard reaches the threshold are returned.
"""

import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHashLSH

from zhicheng.archive.models import Achievement

NUM_PERM = 64  # bins of the signature; 64 keeps banding sharp at 0.8 and a row's signature at 64 bytes
# A pair at the threshold is screened out only if its byte-signature estimate falls this far below it: the
# estimate over the ~35 bins a short text fills has a standard error of ~0.07 at 0.8, so three of them.
SCREEN_MARGIN = 0.2
PAIR_BLOCK = 200_000  # candidate pairs screened at once: two 64-byte rows each, ~26 MB
VERIFY_BINS = 256  # bins of the check on candidate pairs: ±0.025 at 0.8, near exact for texts under ~100 chars
VERIFY_CHUNK = 5_000  # candidate pairs checked at once: at most 10,000 texts read (under SQLite's 32,766 parameters)
SHINGLE = 3
MIN_CHARS = 30  # shorter texts (a bare title) say too little to call two of them copies
MAX_BUCKET = 50  # a band bucket larger than this is boilerplate shared by many, not a copy between two
CHUNK = 20_000
_STRIP = re.compile(r"[\W_]+")
_EMPTY = np.uint32(0xFFFFFFFF)
_COMPACT_EMPTY = 0


def clean(title: str, description: str) -> str:
    """The text compared: title and description with whitespace and punctuation removed."""
    return _STRIP.sub("", f"{title}{description}")


def _shingle_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes of every 3-gram of every text, and the text (row) each belongs to."""
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    rows = np.repeat(np.arange(len(texts)), lengths)
    starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
    position = np.arange(len(codes)) - starts
    valid = position <= np.repeat(lengths, lengths) - SHINGLE
    index = np.nonzero(valid)[0]
    with np.errstate(over="ignore"):
        h = codes[index] * np.uint64(0x100000001B3) + codes[index + 1]
        h = h * np.uint64(0x100000001B3) + codes[index + 2]
        # splitmix64 finaliser: spreads the bits so bin and value are independent
        h ^= h >> np.uint64(30)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(27)
        h *= np.uint64(0x94D049BB133111EB)
        h ^= h >> np.uint64(31)
    return h, rows[index]


def signatures(texts: list[str], bins: int = NUM_PERM) -> np.ndarray:
    """One-permutation MinHash signatures (len(texts) × bins, uint32; bins a power of two); an empty bin holds
    0xFFFFFFFF."""
    h, rows = _shingle_hashes(texts)
    slot = (h & np.uint64(bins - 1)).astype(np.int64)
    values = (h >> np.uint64(32)).astype(np.uint32)
    sig = np.full(len(texts) * bins, _EMPTY, dtype=np.uint32)
    np.minimum.at(sig, rows * bins + slot, values)
    return sig.reshape(len(texts), bins)


def compact(sig: np.ndarray) -> np.ndarray:
    """The signature in one byte a bin: _COMPACT_EMPTY for an empty bin, else 1 + the value modulo 255. Two
    unequal values agree with odds 1 in 255, which lifts an estimate by under half a point."""
    return np.where(sig == _EMPTY, _COMPACT_EMPTY, sig % 255 + 1).astype(np.uint8)


def screen(sig: np.ndarray, threshold: float):
    """The screen on candidate pairs: a function of two row-index arrays into the compact signatures `sig`,
    true where the pair's estimate comes within SCREEN_MARGIN of the threshold."""

    def close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return similarity(sig[a], sig[b], empty=_COMPACT_EMPTY) >= threshold - SCREEN_MARGIN

    return close


def similarity(first: np.ndarray, second: np.ndarray, empty=_EMPTY) -> np.ndarray:
    """Estimated Jaccard of each row pair of two signature arrays: equal bins over the bins not empty in both
    (the one-permutation estimator). `empty` is the empty bin's value: _COMPACT_EMPTY in a compact one."""
    both_empty = (first == empty) & (second == empty)
    equal = (first == second) & ~both_empty
    used = first.shape[1] - both_empty.sum(axis=1)
    return equal.sum(axis=1) / np.maximum(used, 1)


def band_hash(sig: np.ndarray, band: int, rows: int) -> np.ndarray:
    """(n,) uint64: band number `band`'s `rows` values of each signature folded into one hash."""
    with np.errstate(over="ignore"):
        h = np.full(sig.shape[0], np.uint64(band + 1) * np.uint64(0x9E3779B97F4A7C15), dtype=np.uint64)
        for col in range(band * rows, (band + 1) * rows):
            h = (h ^ sig[:, col].astype(np.uint64)) * np.uint64(0x100000001B3)
    return h


def estimated_jaccard(first: str, second: str) -> float:
    """The estimated Jaccard similarity of two cleaned texts' 3-gram sets, as the detector computes it."""
    sig = signatures([first, second], VERIFY_BINS)
    return float(similarity(sig[:1], sig[1:])[0])


def near_duplicate_pairs(threshold: float, queryset=None) -> list[tuple[int, int, float]]:
    """(achievement a, achievement b, estimated Jaccard) for texts of different people at ≥ threshold."""
    # Weighted towards few false negatives (9 bands of 7 at 0.8): every candidate is checked afterwards, so a
    # spurious candidate costs one check while a missed copy is never seen.
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=(0.1, 0.9))
    queryset = queryset if queryset is not None else Achievement.objects.all()
    ids, people, sig = _signatures_of(queryset)
    if not len(ids):
        return []
    bands = (band_hash(sig, band, lsh.r) for band in range(lsh.b))
    return _verified(candidate_pairs(ids, people, bands, screen(sig, threshold)), threshold)


def _signatures_of(queryset) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Achievement ids, their owners and their compact signatures, for every text of at least MIN_CHARS,
    read and hashed CHUNK rows at a time into arrays sized by a count first: joining chunks at the end
    would hold every signature twice (~400 MB at province scale)."""
    ids = np.zeros(queryset.count(), dtype=np.int64)
    people = np.zeros_like(ids)
    sig = np.zeros((len(ids), NUM_PERM), dtype=np.uint8)
    filled = 0
    batch: list[tuple[int, int, str]] = []

    def flush() -> None:
        nonlocal filled, ids, people, sig
        end = filled + len(batch)
        if end > len(ids):  # rows added since the count
            ids, people = np.resize(ids, end), np.resize(people, end)
            sig = np.concatenate((sig, np.zeros((end - len(sig), NUM_PERM), dtype=np.uint8)))
        ids[filled:end] = [pk for pk, _, _ in batch]
        people[filled:end] = [p for _, p, _ in batch]
        sig[filled:end] = compact(signatures([t for _, _, t in batch]))
        filled = end
        batch.clear()

    stream = queryset.order_by().values_list("pk", "professional_id", "title", "description").iterator(CHUNK)
    for pk, professional, title, description in stream:
        text = clean(title, description)
        if len(text) >= MIN_CHARS:
            batch.append((pk, professional, text))
            if len(batch) >= CHUNK:
                flush()
    if batch:
        flush()
    return ids[:filled], people[:filled], sig[:filled]


def candidate_pairs(ids: np.ndarray, people: np.ndarray, bands: Iterable[np.ndarray], close=None) -> np.ndarray:
    """(k × 2) distinct (smaller id, larger id) pairs of different people sharing a bucket of at most
    MAX_BUCKET rows in one of the bands (each an (n,) array of band hashes), listed with numpy: the buckets
    of one size at once, PAIR_BLOCK pairs at a time. With `close`, a function of two row-index arrays giving
    a mask, only the pairs it keeps."""
    found = [np.zeros((0, 2), dtype=np.int64)]
    for hashes in bands:
        order = np.argsort(hashes, kind="stable")
        ordered = hashes[order]
        starts = np.concatenate(([0], np.flatnonzero(ordered[1:] != ordered[:-1]) + 1))
        sizes = np.diff(np.concatenate((starts, [len(ordered)])))
        keep = (sizes > 1) & (sizes <= MAX_BUCKET)
        starts, sizes = starts[keep], sizes[keep]
        for size in np.unique(sizes):
            first, second = np.triu_indices(int(size), 1)
            same_size = starts[sizes == size]
            per_block = max(1, PAIR_BLOCK // len(first))
            for block in range(0, len(same_size), per_block):
                bucket_starts = same_size[block : block + per_block, None]
                a, b = order[bucket_starts + first].ravel(), order[bucket_starts + second].ravel()
                kept = people[a] != people[b]
                if close is not None:
                    kept[kept] = close(a[kept], b[kept])
                a, b = a[kept], b[kept]
                found.append(np.stack((np.minimum(ids[a], ids[b]), np.maximum(ids[a], ids[b])), axis=1))
    return np.unique(np.concatenate(found), axis=0)


def _verified(pairs: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
    """The candidate pairs whose VERIFY_BINS signatures estimate a Jaccard ≥ threshold, VERIFY_CHUNK at a time."""
    result: list[tuple[int, int, float]] = []
    for start in range(0, len(pairs), VERIFY_CHUNK):
        chunk = pairs[start : start + VERIFY_CHUNK]
        ids = np.unique(chunk)
        rows = Achievement.objects.filter(pk__in=ids.tolist()).values_list("pk", "title", "description")
        texts = {pk: clean(title, description) for pk, title, description in rows}
        # A row deleted since it was read gets an empty text: no shingle, no likeness.
        sig = signatures([texts.get(int(pk), "") for pk in ids], VERIFY_BINS)
        estimate = similarity(sig[np.searchsorted(ids, chunk[:, 0])], sig[np.searchsorted(ids, chunk[:, 1])])
        close = estimate >= threshold
        result.extend(zip(chunk[close, 0].tolist(), chunk[close, 1].tolist(), estimate[close].tolist(), strict=True))
    return result
