"""Corpus-scale deduplication: exact and near-duplicate clusters with bounded memory.

Stages, each a plain function over one chunk or one band, so any engine can run them:

1. ``sign_chunk``: per chunk of records, hashed word n-gram shingles (bigrams by default; the same
   words as ``relate.candidates.words_of``, hashed in numpy over the whole chunk), MinHash
   signatures (rensa's flat-buffer batch API), written to the work folder with the records'
   metadata. A ``done`` marker per chunk makes an interrupted run resume from the finished chunks.
2. ``band_pairs``: LSH one band at a time over every chunk's signatures (memory:
   one band of all documents, 16 bytes each), candidate pairs from equal band
   hashes. Bands and rows are chosen on purpose (``bands_rows``).
3. ``verify_pairs``: exact Jaccard of the shingle sets of each candidate pair,
   loading two chunks at a time; pairs at or above the threshold are kept.
4. ``clusters``: union-find over exact duplicates and verified pairs. A cluster is
   named by its smallest article id and represented by its earliest-published
   article (then the smallest id), so the result does not depend on input order
   or sharding.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from corroborator.dedup.lifetime import die_with_parent, stop_pool
from corroborator.dedup.state import atomic_write_bytes, resume_chunk
from corroborator.lsh import BANDS, NUM_PERM, SEED
from corroborator.unionfind import UnionFind

# The defaults, calibrated on full-length articles with planted copies (bench/dedup_calibrate.py on one seed of
# bench/dedup_articles.py, confirmed on another; docs/dedup.md). Copies with 5-15% of words edited and a
# sentence dropped or added keep a word-bigram Jaccard of 0.5-0.85 (5-grams: 0.24-0.67, indistinguishable
# from articles that share a wire passage), and unrelated articles share few bigrams beyond "of the".
SHINGLE = 2  # words per shingle
THRESHOLD = 0.45  # verified Jaccard of word-bigram shingles that makes two articles near-duplicates
# 128 permutations, 32 bands x 4 rows, seed 42: the one parameter set analyze's reuse candidates use too (lsh.py).
_WINDOW = 16  # bytes of a word read at once
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_GRAM = np.uint64(1_000_003)  # n-gram combination: h * _GRAM + next word (mod 2^64)
# Little-endian masks keeping the first k bytes of a 16-byte window, as two uint64 words, k = 0..16.
_KEEP_LOW = np.array([(1 << (8 * min(k, 8))) - 1 for k in range(17)], dtype=np.uint64)
_KEEP_HIGH = np.array([(1 << (8 * max(k - 8, 0))) - 1 for k in range(17)], dtype=np.uint64)
_ASCII_WORD = np.array([chr(i).isalnum() or i == 95 for i in range(128)] + [False] * 128)  # byte -> \w
_TABLE_SIZE = 0x30000  # code points with a lookup table: every script in use (planes 0-2)
_WORD_TABLE: np.ndarray | None = None
_SHIFT = np.uint64(44)
_MASK = np.uint64((1 << 44) - 1)


@dataclass(frozen=True, slots=True)
class DedupOptions:
    shingle: int = SHINGLE
    threshold: float = THRESHOLD
    num_perm: int = NUM_PERM
    bands: int = BANDS
    chunk_size: int = (
        5_000  # records per chunk: sets the peak memory of signing and verification, and balances the workers
    )
    max_bucket: int = 200  # a band bucket larger than this is boilerplate, not a copy: chained, not paired all-to-all
    workers: int = 0  # processes that sign chunks in parallel; 0 = the usable cores idle at the start (cpus.py)


@dataclass(frozen=True, slots=True)
class DedupRecord:
    id: str | None  # None: computed where the words are split anyway (in ``sign_chunk``, in a worker)
    input_id: str | None
    source: str
    published: str | None
    text: str


def bands_rows(num_perm: int, bands: int) -> int:
    if num_perm % bands:
        raise ValueError(f"num_perm ({num_perm}) must be a multiple of bands ({bands})")
    return num_perm // bands


# -- stage 1: sign ----------------------------------------------------------------------------------


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, in place on a uint64 array: every input bit reaches every output bit."""
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def _word_table() -> np.ndarray:
    """Whether each code point below ``_TABLE_SIZE`` is a word character, by the very regex ``words_of``
    uses. Built once per process, on the first text with a non-ASCII character (~0.05 s)."""
    global _WORD_TABLE
    if _WORD_TABLE is None:
        table = np.zeros(_TABLE_SIZE, dtype=bool)
        every = "".join(map(chr, range(_TABLE_SIZE)))
        table[[m.start() for m in re.finditer(r"\w", every)]] = True
        _WORD_TABLE = table
    return _WORD_TABLE


def chunk_words(texts: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The article ids (``analyze``'s), a 64-bit hash of every word, and the index of the text of every word.

    Words are ``words_of``'s: runs of word characters (``\\w``) of the lower-cased text. They are found in
    numpy over the chunk's UTF-8 bytes, without a regex or a Python object per word: ASCII bytes by a
    table, other characters decoded from their bytes and looked up by code point. The id hashes the words
    joined by single spaces, rebuilt from the same bytes (the string ``pipeline.words_id`` hashes). Each
    word is read as 16-byte windows of the buffer (bytes past the word zeroed) and hashed; words longer
    than 16 bytes take one more round per 16 bytes."""
    encoded = [t.lower().encode("utf-8", "surrogatepass") for t in texts]
    sizes = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    raw = b"".join(encoded)
    n = len(raw)
    buf = np.frombuffer(raw + bytes(_WINDOW), dtype=np.uint8)
    word = _ASCII_WORD[buf]
    multi = np.flatnonzero(buf >= 0xC0)  # the first byte of every non-ASCII character
    if multi.size:
        lead = buf[multi].astype(np.int64)
        width = 2 + (lead >= 0xE0) + (lead >= 0xF0)
        code = np.where(width == 2, lead & 0x1F, np.where(width == 3, lead & 0x0F, lead & 0x07))
        for k in (1, 2, 3):
            code = np.where(width > k, (code << 6) | (buf[multi + k].astype(np.int64) & 0x3F), code)
        known = code < _TABLE_SIZE
        is_word = np.zeros(multi.size, dtype=bool)
        is_word[known] = _word_table()[code[known]]
        for k in np.flatnonzero(~known).tolist():  # beyond the table (rare planes)
            is_word[k] = re.fullmatch(r"\w", chr(int(code[k]))) is not None
        first = np.cumsum(width) - width  # every byte of a character takes the character's class
        positions = np.repeat(multi, width) + np.arange(int(width.sum())) - np.repeat(first, width)
        word[positions] = np.repeat(is_word, width)
    text_starts = np.cumsum(sizes) - sizes
    boundary = np.zeros(n + 1, dtype=bool)
    boundary[text_starts[text_starts < n]] = True  # a word never runs from one text into the next
    inside = word[:n]
    starts = np.flatnonzero(inside & (np.r_[True, ~inside[:-1]] | boundary[:n]))
    ends = np.flatnonzero(inside & (np.r_[~inside[1:], True] | boundary[1 : n + 1])) + 1 if n else starts
    lengths = ends - starts
    doc = np.searchsorted(text_starts, starts, side="right") - 1
    # ids: each text's words joined by single spaces. The byte after a word that is not its text's last
    # is a separator: it becomes the space.
    followed = doc[:-1] == doc[1:]
    gaps = ends[:-1][followed]
    keep = inside.copy()
    keep[gaps] = True
    joined = buf[:n].copy()
    joined[gaps] = 32
    kept = np.bincount(doc, weights=lengths, minlength=len(texts)).astype(np.int64)
    kept += np.bincount(doc[:-1][followed], minlength=len(texts))
    flat = joined[keep].tobytes()
    bounds = np.concatenate(([0], np.cumsum(kept))).tolist()
    ids = [hashlib.sha1(flat[bounds[k] : bounds[k + 1]]).hexdigest()[:16] for k in range(len(texts))]
    # The 16 bytes at p, as two little-endian uint64 words, from three aligned words: no per-byte gather.
    aligned = np.frombuffer(raw + bytes(24 - n % 8), dtype="<u8").astype(np.uint64, copy=False)
    hashes = lengths.astype(np.uint64) * _GOLDEN
    offset = 0
    todo: np.ndarray | None = None  # None: every word (the first round, no fancy indexing)
    while True:
        at = starts + offset if todo is None else starts[todo] + offset
        q, r = at >> 3, (at & 7).astype(np.uint64) * np.uint64(8)
        a0, a1, a2 = aligned[q], aligned[q + 1], aligned[q + 2]
        back = np.uint64(63) - r  # shifting by 64 is undefined: by 63 - r, then by 1
        low = (a0 >> r) | ((a1 << back) << np.uint64(1))
        high = (a1 >> r) | ((a2 << back) << np.uint64(1))
        left = np.minimum((lengths if todo is None else lengths[todo]) - offset, _WINDOW)
        low, high = low & _KEEP_LOW[left], high & _KEEP_HIGH[left]  # the bytes past the word: 0
        # One mix per 16 bytes: for a given state, distinct (low, high) give distinct values before mixing
        # unless high - high' = K (low' - low) mod 2^64, which text does not arrange.
        if todo is None:
            hashes = _mix((hashes ^ low) * _GOLDEN + high)
            todo = np.flatnonzero(lengths > _WINDOW)
        else:
            hashes[todo] = _mix((hashes[todo] ^ low) * _GOLDEN + high)
            todo = todo[lengths[todo] > offset + _WINDOW]
        offset += _WINDOW
        if not todo.size:
            break
    return ids, hashes, doc


def shingle_sets(texts: list[str], n: int) -> tuple[np.ndarray, np.ndarray]:
    """The word ``n``-gram shingles of every text (words as in ``chunk_words``): one flat array of 44-bit
    hashes, sorted and unique within each text, and ``len(texts) + 1`` row offsets."""
    _ids, hashes, doc = chunk_words(texts)
    return _shingles(hashes, doc, len(texts), n)


def _shingles(hashes: np.ndarray, doc: np.ndarray, count: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Shingle sets (see ``shingle_sets``) from a chunk's word hashes.

    An n-gram hash combines its words' hashes polynomially, so no n-gram string is built. A text with
    fewer than ``n`` words has one shingle (all its words); a text without words has the shingle 0.
    44 bits keep the text index in the same 64-bit sort key (one sort orders every text's set); two
    different shingles of one article collide with probability ~ 400^2 / 2^44, 1e-8."""
    m = hashes.size
    k = max(m - n + 1, 0)
    grams = hashes[:k].copy()
    for j in range(1, n):
        grams = grams * _GRAM + hashes[j : k + j]
    valid = doc[:k] == doc[n - 1 : k + n - 1] if k else np.zeros(0, dtype=bool)
    keys = [(doc[:k][valid].astype(np.uint64) << _SHIFT) | (_mix(grams[valid]) & _MASK)]
    counts = np.bincount(doc[:k][valid], minlength=count)
    for short in np.flatnonzero(counts == 0).tolist():  # fewer words than n (or none): one shingle
        words = hashes[doc == short].tolist()
        h = 0
        for w in words:
            h = (h * int(_GRAM) + w) & 0xFFFFFFFFFFFFFFFF
        value = _mix(np.array([h], dtype=np.uint64)) & _MASK if words else np.zeros(1, dtype=np.uint64)
        keys.append((np.uint64(short) << _SHIFT) | value)
    unique = np.concatenate(keys)
    unique.sort()  # sort, then drop repeats: np.unique's hash path (numpy 2.3+) is 20x slower on these
    unique = unique[np.r_[True, unique[1:] != unique[:-1]]]
    offsets = np.searchsorted(unique >> _SHIFT, np.arange(count + 1, dtype=np.uint64))
    return unique & _MASK, offsets.astype(np.int64)


def sign_chunk(records: list[DedupRecord], work: Path, index: int, options: DedupOptions) -> int:
    """Shingle and sign one chunk; write it under ``work``. Returns the number of records.

    Every step works on the whole chunk at once: words, ids and word hashes in numpy over one byte buffer
    (``chunk_words``), shingle hashes from the word hashes (``_shingles``), then rensa's flat-buffer batch
    API, which reads the numpy array directly. (Python lists of words and of shingle hashes, and
    ``tolist()`` into rensa, were 85% of the signing time on full-length articles; a regex per text,
    still half of it after that.)"""
    from rensa import RMinHash

    marker = work / f"chunk-{index:05d}.done"
    if marker.exists():  # signed by an earlier run of the same inputs (the manifest checked): reuse it
        return resume_chunk(work, index, records)
    text_ids, hashes, doc = chunk_words([r.text for r in records])
    ids = [r.id or tid for r, tid in zip(records, text_ids, strict=True)]
    values, offsets = _shingles(hashes, doc, len(records), options.shingle)
    # rensa takes pre-hashed 64-bit tokens: the 44-bit shingles, mixed again over all 64 bits, so the
    # signature is of exactly the set that verification compares.
    digests = RMinHash.digest_matrix_from_flat_token_hashes(
        _mix(values.copy()), offsets.astype(np.uint64), num_perm=options.num_perm, seed=SEED
    )
    signatures = np.array(digests.to_rows(), dtype=np.uint32).reshape(len(records), options.num_perm)
    np.save(work / f"sig-{index:05d}.npy", signatures)
    # Plain .npy, memory-mapped by verification: an .npz is read whole and CRC-checked at every load.
    np.save(work / f"sh-{index:05d}-values.npy", values)
    np.save(work / f"sh-{index:05d}-offsets.npy", offsets)
    with (work / f"meta-{index:05d}.jsonl").open("w", encoding="utf-8") as handle:
        for r, rid in zip(records, ids, strict=True):
            handle.write(
                json.dumps({"id": rid, "input_id": r.input_id, "source": r.source, "published": r.published}) + "\n"
            )
    atomic_write_bytes(marker, str(len(records)).encode())  # last, and whole: the chunk is done
    return len(records)


def chunks(records: Iterable[DedupRecord], size: int) -> Iterator[list[DedupRecord]]:
    batch: list[DedupRecord] = []
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# -- stage 2: candidate pairs, one band at a time -----------------------------------------------------


def _band_hash(block: np.ndarray) -> np.ndarray:
    """One 64-bit hash per row of a (n, rows) uint32 block."""
    h = np.full(block.shape[0], 1469598103934665603, dtype=np.uint64)
    for col in range(block.shape[1]):
        h ^= block[:, col].astype(np.uint64)
        h *= np.uint64(1099511628211)
    return h


def band_pairs(work: Path, n_chunks: int, band: int, options: DedupOptions) -> set[tuple[int, int]]:
    """Candidate pairs (global indices, i < j) that share band ``band``."""
    rows = bands_rows(options.num_perm, options.bands)
    hashes, offset = [], 0
    for k in range(n_chunks):
        sig = np.load(work / f"sig-{k:05d}.npy", mmap_mode="r")
        hashes.append(_band_hash(np.asarray(sig[:, band * rows : (band + 1) * rows])))
        offset += sig.shape[0]
    allh = np.concatenate(hashes) if hashes else np.zeros(0, dtype=np.uint64)
    order = np.argsort(allh, kind="stable")
    sorted_h = allh[order]
    starts = np.flatnonzero(np.r_[True, sorted_h[1:] != sorted_h[:-1]])
    ends = np.r_[starts[1:], len(sorted_h)]
    size = ends - starts
    # Buckets of two, nearly all of them, in numpy; only larger ones in the loop below (a Python loop over
    # every bucket, singletons included, was 3 s of 100,000 articles' 32 bands).
    two = starts[size == 2]
    first, second = order[two], order[two + 1]
    pairs: set[tuple[int, int]] = set(
        zip(np.minimum(first, second).tolist(), np.maximum(first, second).tolist(), strict=True)
    )
    for s, e in zip(starts[size > 2].tolist(), ends[size > 2].tolist(), strict=True):
        members = np.sort(order[s:e])
        if e - s <= options.max_bucket:
            for a in range(len(members)):
                for b in range(a + 1, len(members)):
                    pairs.add((int(members[a]), int(members[b])))
        else:  # a huge bucket: link neighbours only; verification and union-find still join true copies
            pairs.update((int(members[a]), int(members[a + 1])) for a in range(len(members) - 1))
    return pairs


# -- stage 3: verify ----------------------------------------------------------------------------------


class _ShingleCache:
    """Every chunk's shingle arrays, memory-mapped: only the pages of the articles compared are read.

    (Loading whole .npz chunks, two at a time, reloaded the outer chunk of every chunk pair and checked
    each file's CRC: 400 loads of 16 MB at 100,000 articles, most of the verification time.)"""

    def __init__(self, work: Path, sizes: list[int]) -> None:
        self.work = work
        self.starts = np.cumsum([0, *sizes])
        self.loaded: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def chunk_of(self, index: int) -> int:
        return int(np.searchsorted(self.starts, index, side="right") - 1)

    def get(self, index: int, k: int | None = None) -> np.ndarray:
        k = self.chunk_of(index) if k is None else k
        if k not in self.loaded:
            self.loaded[k] = (
                # A plain ndarray view of the map: slicing a np.memmap runs Python code on every slice.
                np.load(self.work / f"sh-{k:05d}-values.npy", mmap_mode="r").view(np.ndarray),
                np.load(self.work / f"sh-{k:05d}-offsets.npy"),
            )
        values, offsets = self.loaded[k]
        local = index - self.starts[k]
        return values[offsets[local] : offsets[local + 1]]


def _intersection(a: np.ndarray, b: np.ndarray) -> int:
    """Size of the intersection of two sorted unique arrays: the smaller one looked up in the larger."""
    if a.size > b.size:
        a, b = b, a
    if not a.size:
        return 0
    at = np.searchsorted(b, a)
    at[at == b.size] = 0
    return int(np.count_nonzero(b[at] == a))


def verify_pairs(
    work: Path, sizes: list[int], pairs: Iterable[tuple[int, int]], options: DedupOptions
) -> list[tuple[int, int, float, float]]:
    """(i, j, estimated Jaccard, verified Jaccard) for pairs at or above the threshold."""
    cache = _ShingleCache(work, sizes)
    candidates = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    if not candidates.size:
        return []
    chunk_i = np.searchsorted(cache.starts, candidates[:, 0], side="right") - 1
    chunk_j = np.searchsorted(cache.starts, candidates[:, 1], side="right") - 1
    # Sorted by chunks so each pair of chunks is loaded once.
    order = np.lexsort((candidates[:, 1], candidates[:, 0], chunk_j, chunk_i))
    rows = zip(candidates[order].tolist(), chunk_i[order].tolist(), chunk_j[order].tolist(), strict=True)
    kept: list[tuple[int, int]] = []
    scores: list[float] = []
    for (i, j), ki, kj in rows:
        a, b = cache.get(i, ki), cache.get(j, kj)
        inter = _intersection(a, b)
        union = a.size + b.size - inter
        verified = inter / union if union else 1.0
        if verified >= options.threshold:
            kept.append((i, j))
            scores.append(verified)
    out = []
    signatures: dict[int, np.ndarray] = {}

    def signature(index: int) -> np.ndarray:
        k = cache.chunk_of(index)
        if k not in signatures:
            signatures[k] = np.load(work / f"sig-{k:05d}.npy", mmap_mode="r").view(np.ndarray)
        return signatures[k][index - cache.starts[k]]

    for (i, j), verified in zip(kept, scores, strict=True):  # estimated Jaccard: only for the kept pairs
        out.append((i, j, round(float(np.mean(signature(i) == signature(j))), 4), round(verified, 4)))
    return out


# -- stage 4: clusters ----------------------------------------------------------------------------------


def clusters(meta: list[dict], pairs: list[tuple[int, int, float, float]]) -> list[dict]:
    """Cluster, representative and reason for every record (exact duplicates share an id)."""
    sets = UnionFind(range(len(meta)))
    first_of: dict[str, int] = {}
    for k, m in enumerate(meta):  # exact duplicates: the same id
        if m["id"] in first_of:
            sets.union(k, first_of[m["id"]])
        else:
            first_of[m["id"]] = k
    for i, j, _est, _ver in pairs:
        sets.union(i, j)
    groups: dict[int, list[int]] = {}
    for k in range(len(meta)):
        groups.setdefault(sets.find(k), []).append(k)
    out: list[dict] = [{}] * len(meta)
    for members in groups.values():
        ids = sorted({meta[k]["id"] for k in members})
        cluster = "k-" + hashlib.sha1(ids[0].encode()).hexdigest()[:12] if len(members) > 1 else None
        dated = [meta[k]["published"] for k in members if meta[k]["published"]]
        rep = min(members, key=lambda k: (meta[k]["published"] or "9999", meta[k]["id"], meta[k]["source"]))
        if len(members) == 1:
            reason = "unique"
        elif dated:
            reason = f"earliest published ({meta[rep]['published']})"
        else:
            reason = "no publication dates: the smallest id"
        for k in members:
            out[k] = {
                **meta[k],
                "cluster": cluster or f"k-{meta[k]['id'][:12]}",
                "cluster_size": len(members),
                "representative": meta[rep]["id"],
                "is_representative": k == rep,
                "reason": reason,
            }
    return out


def run_local(
    records: Iterable[DedupRecord], work: Path, options: DedupOptions, progress=None
) -> tuple[list[dict], list[dict], dict]:
    """The local engine: every stage in this process, chunk by chunk and band by band."""
    import time

    work.mkdir(parents=True, exist_ok=True)
    (work / "options.json").write_text(json.dumps(asdict(options)))
    started = time.perf_counter()
    sizes = sign_all(records, work, options, progress)
    signed = time.perf_counter()
    candidates: set[tuple[int, int]] = set()
    for band in range(options.bands):
        candidates |= band_pairs(work, len(sizes), band, options)
        if progress:
            progress("lsh", band + 1, options.bands)
    banded = time.perf_counter()
    rows, pairs, summary = finish(work, sizes, candidates, options)
    summary["stage_seconds"] = {
        "read_and_sign": round(signed - started, 2),
        "lsh": round(banded - signed, 2),
        "verify_and_cluster": round(time.perf_counter() - banded, 2),
    }
    return rows, pairs, summary


def _worker_context():
    """ "forkserver", not fork: a child forked from this process would inherit rensa's and numpy's thread
    pools half-initialised and hang. Nor "spawn": each spawned worker imports corroborator afresh (0.4 s of
    CPU each, as much as signing 1,500 articles); the fork server imports it once, and workers fork from
    that clean process, in which nothing has started a thread pool."""
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():  # not on Windows
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["corroborator.dedup.engine"])
    return context


def sign_all(records: Iterable[DedupRecord], work: Path, options: DedupOptions, progress=None) -> list[int]:
    """Sign every chunk, in parallel processes; at most two chunks per worker are in flight, so memory
    stays bounded however long the input is."""
    import os
    from concurrent.futures import ProcessPoolExecutor

    from corroborator.cpus import default_threads

    # One process per usable core that is idle now: on a busy machine a second process only adds its
    # start-up and the records' pickling, and takes nothing from the neighbours' share.
    workers = default_threads(options.workers or None)
    if workers == 1:
        done: list[int] = []
        for index, chunk in enumerate(chunks(records, options.chunk_size)):
            done.append(sign_chunk(chunk, work, index, options))
            if progress:
                progress("sign", sum(done), None)
        return done
    sizes: dict[int, int] = {}
    # Workers die with this process (die_with_parent), and are stopped here on any error or interrupt.
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=_worker_context(), initializer=die_with_parent, initargs=(os.getpid(),)
    )
    try:
        pending = {}
        for index, chunk in enumerate(chunks(records, options.chunk_size)):
            pending[index] = pool.submit(sign_chunk, chunk, work, index, options)
            while len(pending) >= 2 * workers:
                first = min(pending)
                sizes[first] = pending.pop(first).result()
                if progress:
                    progress("sign", sum(sizes.values()), None)
        for index in sorted(pending):
            sizes[index] = pending[index].result()
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown()
    return [sizes[k] for k in range(len(sizes))]


def finish(
    work: Path, sizes: list[int], candidates: set[tuple[int, int]], options: DedupOptions
) -> tuple[list[dict], list[dict], dict]:
    meta = [
        json.loads(line)
        for k in range(len(sizes))
        for line in (work / f"meta-{k:05d}.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    same_id = {(i, j) for i, j in candidates if meta[i]["id"] == meta[j]["id"]}
    verified = verify_pairs(work, sizes, candidates - same_id, options)
    rows = clusters(meta, verified)
    pair_rows = sorted(
        (
            {
                "a": min(meta[i]["id"], meta[j]["id"]),
                "b": max(meta[i]["id"], meta[j]["id"]),
                "estimated_jaccard": est,
                "verified_jaccard": ver,
            }
            for i, j, est, ver in verified
        ),
        key=lambda p: (p["a"], p["b"]),
    )
    pair_rows = [
        p
        for k, p in enumerate(pair_rows)
        if k == 0 or (p["a"], p["b"]) != (pair_rows[k - 1]["a"], pair_rows[k - 1]["b"])
    ]
    summary = {
        "records": len(meta),
        "distinct_texts": len({m["id"] for m in meta}),
        "clusters_with_copies": len({r["cluster"] for r in rows if r["cluster_size"] > 1}),
        "duplicates_removed": sum(1 for r in rows if not r["is_representative"]),
        "candidate_pairs": len(candidates),
        "verified_pairs": len(pair_rows),
        "options": asdict(options),
    }
    return rows, pair_rows, summary


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


__all__ = [
    "DedupOptions",
    "DedupRecord",
    "band_pairs",
    "chunks",
    "clusters",
    "finish",
    "peak_rss_mb",
    "run_local",
    "sign_chunk",
    "verify_pairs",
]
