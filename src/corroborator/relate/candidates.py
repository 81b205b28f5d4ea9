"""Candidate pairs without comparing everything with everything.

Lexical reuse (``reuse_candidates``):
Word 5-gram shingles per article. Small inputs (up to ``EXACT_LIMIT`` articles)
use exact shingle containment; larger ones MinHash LSH (rensa) with bands and
rows chosen on purpose: 128 permutations in 32 bands of 4 rows put the
S-curve's midpoint near J = 0.42, so pairs at J >= 0.8 are found with
probability 1 - (1 - 0.8^4)^32 > 0.9999 and partial reuse down to J ~ 0.3 is
still likely (0.23). (A library default such as ``threshold=0.8`` picks bands
that miss a large share of pairs right at 0.8.) Every candidate is verified
by sentence alignment afterwards.

Paraphrase (``paraphrase_candidates``): nearest neighbours of each article's
mean sentence embedding. Up to ``EXACT_EMBED_LIMIT`` articles an exact
blockwise search; past it an HNSW index (usearch), where the exact search
starts to cost more than building the index (bench/ann_crossover.py).
"""

from __future__ import annotations

import zlib
from itertools import combinations

import numpy as np

from corroborator.lsh import BANDS, NUM_PERM, SEED
from corroborator.textutil import words
from corroborator.types import Article

SHINGLE = 5  # a copied passage shares word 5-grams; independent reports of the same facts rarely do
EXACT_LIMIT = 400
EXACT_EMBED_LIMIT = 80_000  # measured crossover on 2 cores (bench/ann_crossover.py, docs/benchmarks.md)


words_of = words  # the one tokenizer (textutil.words); dedup's numpy tokenizer reproduces it exactly


def shingle_hashes(words: list[str], n: int = SHINGLE) -> np.ndarray:
    """Sorted unique 64-bit hashes of the word n-grams: each word hashed once (CRC32), n-grams
    combined arithmetically in numpy, so no n-gram string is ever built."""
    if not words:
        return np.zeros(0, dtype=np.uint64)
    w = np.fromiter((zlib.crc32(x.encode()) for x in words), dtype=np.uint64, count=len(words))
    if len(w) < n:
        w = np.concatenate([w, np.zeros(n - len(w), dtype=np.uint64)])
    h = np.zeros(len(w) - n + 1, dtype=np.uint64)
    for k in range(n):  # polynomial combination (mod 2^64) of the n word hashes
        h = h * np.uint64(1_000_003) + w[k : len(w) - n + 1 + k]
    return np.unique(h)


def shingles(text: str, n: int = SHINGLE) -> set[int]:
    return set(shingle_hashes(words_of(text), n).tolist())


def containment(a: set[int], b: set[int]) -> float:
    """Share of the smaller shingle set found in the other."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def reuse_candidates(articles: list[Article], min_containment: float = 0.1) -> list[tuple[int, int]]:
    """Index pairs (i < j) that may share passages."""
    sets = [shingles(a.text) for a in articles]
    if len(articles) <= EXACT_LIMIT:
        return [
            (i, j) for i, j in combinations(range(len(articles)), 2) if containment(sets[i], sets[j]) >= min_containment
        ]
    return lsh_pairs(sets)


def lsh_pairs(sets: list[set[int]], seed: int = SEED) -> list[tuple[int, int]]:
    from rensa import RMinHash, RMinHashLSH

    lsh = RMinHashLSH(threshold=0.5, num_perm=NUM_PERM, num_bands=BANDS)
    hashes = []
    for key, tokens in enumerate(sets):
        m = RMinHash(num_perm=NUM_PERM, seed=seed)
        m.update([str(t) for t in sorted(tokens)])
        hashes.append(m)
        lsh.insert(key, m)
    pairs = set()
    for key, m in enumerate(hashes):
        for other in lsh.query(m):
            if other != key:
                pairs.add((min(key, other), max(key, other)))
    return sorted(pairs)


def paraphrase_candidates(
    vectors, k: int = 10, min_cosine: float = 0.9, exact_limit: int = EXACT_EMBED_LIMIT
) -> list[tuple[int, int]]:
    """Index pairs (i < j) whose unit vectors are among each other's ``k`` nearest with cosine >= ``min_cosine``."""
    import numpy as np

    n = len(vectors)
    if n < 2:
        return []
    pairs: set[tuple[int, int]] = set()
    if n <= exact_limit:
        for start in range(0, n, 2048):
            block = vectors[start : start + 2048] @ vectors.T
            for row, sims in enumerate(block):
                i = start + row
                top = np.argpartition(-sims, min(k, n - 1))[: k + 1]
                pairs.update((min(i, int(j)), max(i, int(j))) for j in top if j != i and sims[j] >= min_cosine)
        return sorted(pairs)
    import os

    from usearch.index import Index

    threads = os.cpu_count() or 1
    data = np.ascontiguousarray(vectors, dtype=np.float32)
    index = Index(ndim=data.shape[1], metric="cos", dtype="f32")
    index.add(np.arange(n), data, threads=threads)
    found = index.search(data, k + 1, threads=threads)
    keys = np.asarray(found.keys, dtype=np.int64)
    sims = 1.0 - np.asarray(found.distances, dtype=np.float32)
    rows = np.repeat(np.arange(n), keys.shape[1])
    keep = (keys.ravel() != rows) & (keys.ravel() >= 0) & (sims.ravel() >= min_cosine)
    lo = np.minimum(rows[keep], keys.ravel()[keep])
    hi = np.maximum(rows[keep], keys.ravel()[keep])
    return sorted(set(zip(lo.tolist(), hi.tolist(), strict=True)))
