"""Near-duplicate achievement texts at province scale: MinHash signatures over character 3-grams, LSH banding
to find candidate pairs, and datasketch's MinHash to estimate each candidate pair's Jaccard similarity.

Why not feed three million rows to `datasketch.MinHashLSH` directly: its pure-Python insert (one MinHash
object per row, `num_perm` hash passes per shingle, a dict entry per band) costs ~150 µs and ~1 KB a row,
minutes and gigabytes at 3,000,000. So the signatures are computed in numpy a chunk of rows at a time with
one-permutation hashing (each shingle hashed once, its hash picks a bin and a value, the bin keeps the
minimum; Li, Owen & Zhang 2012), only the band hashes (b of them, 8 bytes each) are kept per
row, and banding uses datasketch's own optimal (b, r) for the threshold. Candidates sharing a band are then
checked with datasketch `MinHash` (128 permutations) on their texts; only pairs whose estimated Jaccard
reaches the threshold are returned.
"""

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

from zhicheng.archive.models import Achievement

NUM_PERM = 64  # bins of the signature; 64 keeps banding sharp at 0.8 and a row's band hashes at ~64 bytes
VERIFY_PERM = 128  # permutations of the check on candidate pairs only
SHINGLE = 3
MIN_CHARS = 30  # shorter texts (a bare title) say too little to call two of them copies
MAX_BUCKET = 50  # a band bucket larger than this is boilerplate shared by many, not a copy between two
CHUNK = 20_000
_STRIP = re.compile(r"[\W_]+")
_EMPTY = np.uint32(0xFFFFFFFF)


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


def signatures(texts: list[str]) -> np.ndarray:
    """One-permutation MinHash signatures (len(texts) × NUM_PERM, uint32); an empty bin holds 0xFFFFFFFF."""
    h, rows = _shingle_hashes(texts)
    bins = (h & np.uint64(NUM_PERM - 1)).astype(np.int64)
    values = (h >> np.uint64(32)).astype(np.uint32)
    sig = np.full(len(texts) * NUM_PERM, _EMPTY, dtype=np.uint32)
    np.minimum.at(sig, rows * NUM_PERM + bins, values)
    return sig.reshape(len(texts), NUM_PERM)


def band_hashes(sig: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(n × bands) uint64: each band's `rows` values folded into one hash."""
    out = np.zeros((sig.shape[0], bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for band in range(bands):
            h = np.full(sig.shape[0], np.uint64(band + 1) * np.uint64(0x9E3779B97F4A7C15), dtype=np.uint64)
            for col in range(band * rows, (band + 1) * rows):
                h = (h ^ sig[:, col].astype(np.uint64)) * np.uint64(0x100000001B3)
            out[:, band] = h
    return out


def estimated_jaccard(first: str, second: str) -> float:
    """datasketch's MinHash estimate of the Jaccard similarity of the two texts' 3-gram sets."""
    hashes = []
    for text in (first, second):
        m = MinHash(num_perm=VERIFY_PERM, seed=55)
        m.update_batch([text[i : i + SHINGLE].encode() for i in range(len(text) - SHINGLE + 1)])
        hashes.append(m)
    return float(hashes[0].jaccard(hashes[1]))


def near_duplicate_pairs(threshold: float, queryset=None) -> list[tuple[int, int, float]]:
    """(achievement a, achievement b, estimated Jaccard) for texts of different people at ≥ threshold."""
    # Weighted towards few false negatives (9 bands of 7 at 0.8): every candidate is checked afterwards, so a
    # spurious candidate costs one check while a missed copy is never seen.
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=(0.1, 0.9))
    bands, rows_per_band = lsh.b, lsh.r
    queryset = queryset if queryset is not None else Achievement.objects.all()
    stream = queryset.order_by().values_list("pk", "professional_id", "title", "description").iterator(CHUNK)
    ids: list[np.ndarray] = []
    people: list[np.ndarray] = []
    hashes: list[np.ndarray] = []
    batch: list[tuple[int, int, str]] = []

    def flush() -> None:
        if not batch:
            return
        sig = signatures([t for _, _, t in batch])
        ids.append(np.fromiter((pk for pk, _, _ in batch), dtype=np.int64, count=len(batch)))
        people.append(np.fromiter((p for _, p, _ in batch), dtype=np.int64, count=len(batch)))
        hashes.append(band_hashes(sig, bands, rows_per_band))
        batch.clear()

    for pk, professional, title, description in stream:
        text = clean(title, description)
        if len(text) >= MIN_CHARS:
            batch.append((pk, professional, text))
            if len(batch) >= CHUNK:
                flush()
    flush()
    if not ids:
        return []
    all_ids, all_people, all_hashes = np.concatenate(ids), np.concatenate(people), np.concatenate(hashes)
    candidates: set[tuple[int, int]] = set()
    for band in range(bands):
        column = all_hashes[:, band]
        order = np.argsort(column, kind="stable")
        ordered = column[order]
        boundaries = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
        starts = np.concatenate(([0], boundaries))
        sizes = np.diff(np.concatenate((starts, [len(ordered)])))
        keep = (sizes > 1) & (sizes <= MAX_BUCKET)
        for start, size in zip(starts[keep], sizes[keep], strict=True):
            members = order[start : start + size]
            for i in range(len(members)):
                for j in range(i + 1, len(members)):
                    a, b = members[i], members[j]
                    if all_people[a] != all_people[b]:
                        x, y = int(all_ids[a]), int(all_ids[b])
                        candidates.add((min(x, y), max(x, y)))
    if not candidates:
        return []
    texts = {
        pk: clean(title, description)
        for pk, title, description in Achievement.objects.filter(
            pk__in={i for pair in candidates for i in pair}
        ).values_list("pk", "title", "description")
    }
    pairs = []
    for a, b in sorted(candidates):
        similarity = estimated_jaccard(texts[a], texts[b])
        if similarity >= threshold:
            pairs.append((a, b, similarity))
    return pairs
