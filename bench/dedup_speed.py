"""Dedup speed and quality in one run: corroborator end to end vs bare rensa vs datasketch.

    python bench/dedup_articles.py --articles 20000 --seed 2 --out bench/data/articles-20k-s2.jsonl
    python bench/dedup_speed.py bench/data/articles-20k-s2.jsonl [--skip-datasketch] [--repeat 2]

Works on either corpus generator's output (bench/dedup_articles.py: full-length articles;
bench/dedup_corpus.py: short synthetic documents): both write ``*.truth.jsonl`` with the planted pairs.

All three use the same shingles (word n-grams of the same words: runs of word characters, lower case;
n = ``DedupOptions().shingle``), the same permutations, the same bands and rows, and the same threshold:
- corroborator: ``dedup`` at its defaults, end to end: read JSONL, shingle, sign (one process per core), LSH
  band by band, verify every candidate by exact Jaccard, cluster, write Parquet;
- rensa, called directly the way its README does it, in this one process: read the same JSONL, shingle
  strings in Python, ``RMinHash.from_token_sets`` (rensa's batch API), ``RMinHashLSH`` insert and
  ``query_all``, keep candidates whose estimated Jaccard reaches the threshold;
- datasketch: the same with ``MinHash.update_batch`` and ``MinHashLSH(params=(bands, rows))``.
Each system's time includes reading the file, so the ratios compare whole jobs.

Quality: recall of the planted pairs per true-Jaccard band (ours: the two in one cluster; the baselines:
the pair reported), and pair precision: the share of reported pairs that are planted (two articles of one
planted group). True Jaccard is exact, from the engine's own shingle sets. On a full-length corpus that has
``*.runs.jsonl`` (bench/dedup_articles.py), a second precision also counts as correct a reported pair the
generator made overlap without planting it (``shared_run_pairs``): the two articles share a run of a source
body and their true Jaccard reaches the threshold, so they are near-duplicates the planted list misses.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import tempfile
import time
from pathlib import Path

import numpy as np

from corroborator.dedup import DedupOptions, dedup
from corroborator.dedup.engine import bands_rows, peak_rss_mb, shingle_sets

BANDS_J = ((0.0, 0.3), (0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.8), (0.8, 1.01))
WORD = re.compile(r"\w+")


def read(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [(row["id"], row["text"]) for row in map(json.loads, handle)]


def string_shingles(text: str, n: int) -> list[str]:
    """What a rensa or datasketch user writes: the words, then n-gram strings."""
    words = WORD.findall(text.lower())
    if len(words) < n:
        return [" ".join(words)]
    return list({" ".join(words[k : k + n]) for k in range(len(words) - n + 1)})


def run_rensa(path: Path, options: DedupOptions) -> tuple[float, set[tuple[str, str]], float]:
    from rensa import RMinHash, RMinHashLSH

    started = time.perf_counter()
    docs = read(path)
    minhashes, tokenised = [], 0.0
    for start in range(0, len(docs), 10_000):  # batches: the shingle strings of 100k articles would need GBs
        before = time.perf_counter()
        sets = [string_shingles(text, options.shingle) for _, text in docs[start : start + 10_000]]
        tokenised += time.perf_counter() - before
        minhashes += RMinHash.from_token_sets(sets, num_perm=options.num_perm, seed=42)
    lsh = RMinHashLSH(threshold=options.threshold, num_perm=options.num_perm, num_bands=options.bands)
    lsh.insert_many(minhashes)
    pairs = set()
    for key, found in enumerate(lsh.query_all(minhashes)):
        for other in found:
            if other > key and minhashes[key].jaccard(minhashes[other]) >= options.threshold:
                pairs.add((docs[key][0], docs[other][0]))
    return time.perf_counter() - started, pairs, tokenised


def run_datasketch(path: Path, options: DedupOptions) -> tuple[float, set[tuple[str, str]]]:
    from datasketch import MinHash, MinHashLSH

    started = time.perf_counter()
    docs = read(path)
    rows = bands_rows(options.num_perm, options.bands)
    lsh = MinHashLSH(num_perm=options.num_perm, params=(options.bands, rows))
    hashes = []
    for key, (_, text) in enumerate(docs):
        m = MinHash(num_perm=options.num_perm, seed=42)
        m.update_batch([s.encode() for s in string_shingles(text, options.shingle)])
        lsh.insert(key, m)
        hashes.append(m)
    pairs = set()
    for key, m in enumerate(hashes):
        for other in lsh.query(m):
            if other > key and m.jaccard(hashes[other]) >= options.threshold:
                pairs.add((docs[key][0], docs[other][0]))
    return time.perf_counter() - started, pairs


def true_jaccard(texts: dict[str, str], truth: list[dict], n: int) -> list[float]:
    names = sorted({t["a"] for t in truth} | {t["b"] for t in truth})
    values, offsets = shingle_sets([texts[k] for k in names], n)
    where = {k: values[offsets[i] : offsets[i + 1]] for i, k in enumerate(names)}
    out = []
    for t in truth:
        a, b = where[t["a"]], where[t["b"]]
        inter = np.intersect1d(a, b, assume_unique=True).size
        out.append(inter / (a.size + b.size - inter))
    return out


def texts_of(path: Path, ids: set[str]) -> dict[str, str]:
    """The texts of ``ids``, streamed (a 1M-article corpus read whole holds ~5 GB)."""
    out = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["id"] in ids:
                out[row["id"]] = row["text"]
    return out


def shared_run_pairs(
    corpus: Path, unplanted: list[tuple[str, str]], group: dict[str, str], shingle: int, threshold: float
) -> tuple[list[tuple[str, str, float]], list[tuple[str, str, float]]]:
    """Reported pairs that were not planted, split into those the generator made near-duplicates anyway and
    the rest, each with its true Jaccard: a pair is a made near-duplicate when the two articles (or the base
    articles of their copies) share a sentence of one source-body run (``*.runs.jsonl``) and their true
    Jaccard, from the engine's shingles, reaches ``threshold``. Without a runs file every pair is "the rest".
    """
    runs_file = corpus.with_suffix(".runs.jsonl")
    bases = {group.get(x, x) for pair in unplanted for x in pair}
    runs: dict[str, set[tuple[int, int]]] = {}
    if runs_file.exists():
        with runs_file.open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                if row["id"] in bases:
                    runs[row["id"]] = {(body, k) for body, start, n in row["runs"] for k in range(start, start + n)}
    texts = texts_of(corpus, {x for pair in unplanted for x in pair})
    jaccards = true_jaccard(texts, [{"a": a, "b": b} for a, b in unplanted], shingle) if unplanted else []
    made, other = [], []
    for (a, b), j in zip(unplanted, jaccards, strict=True):
        shares = bool(runs.get(group.get(a, a), set()) & runs.get(group.get(b, b), set()))
        (made if shares and j >= threshold else other).append((a, b, round(j, 4)))
    return made, other


def quality(
    name: str,
    found_pair,
    truth: list[dict],
    jaccards: list[float],
    n_reported: int,
    n_true: int,
    made: list[tuple[str, str, float]] | None = None,
) -> dict:
    """Recall per true-Jaccard band and pair precision; with ``made`` (``shared_run_pairs``), the precision
    that also counts those pairs as correct."""
    out: dict = {}
    for low, high in BANDS_J:
        hits = [found_pair(t) for t, j in zip(truth, jaccards, strict=True) if low <= j < high]
        out[f"{name}_recall_J_{low}_{min(high, 1.0)}"] = f"{sum(hits)}/{len(hits)}" if hits else "-"
    near = [found_pair(t) for t in truth if t["kind"] == "near"]
    out[f"{name}_recall_near_copies"] = round(sum(near) / len(near), 4) if near else None
    out[f"{name}_recall_all_planted"] = round(sum(map(found_pair, truth)) / len(truth), 4)
    out[f"{name}_pair_precision"] = round(n_true / n_reported, 4) if n_reported else None
    out[f"{name}_pairs_reported"] = n_reported
    if made is not None:
        out[f"{name}_unplanted_pairs_sharing_a_run"] = len(made)
        out[f"{name}_pair_precision_with_unplanted_near_duplicates"] = (
            round((n_true + len(made)) / n_reported, 4) if n_reported else None
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--skip-datasketch", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="time each system this many times (best is kept)")
    parser.add_argument("--shingle", type=int, help="override the default shingle size (calibration)")
    parser.add_argument("--threshold", type=float, help="override the default threshold (calibration)")
    parser.add_argument("--bands", type=int, help="override the default number of bands (calibration)")
    parser.add_argument("--num-perm", type=int, help="override the default number of permutations (calibration)")
    args = parser.parse_args()
    options = DedupOptions()
    overrides = {"shingle": args.shingle, "threshold": args.threshold, "bands": args.bands, "num_perm": args.num_perm}
    options = DedupOptions(
        **{**{k: getattr(options, k) for k in overrides}, **{k: v for k, v in overrides.items() if v}}
    )
    truth = [json.loads(line) for line in args.corpus.with_suffix(".truth.jsonl").read_text().splitlines()]
    texts = dict(read(args.corpus))
    group = {t["b"]: t["a"] for t in truth}
    jaccards = true_jaccard(texts, truth, options.shingle)
    result: dict = {
        "corpus": str(args.corpus),
        "machine": f"{platform.machine()} {os.cpu_count()} cores, python {platform.python_version()}",
        "load_before": os.getloadavg()[0],
        "options": {k: getattr(options, k) for k in ("shingle", "threshold", "num_perm", "bands")},
        "articles": len(texts),
        "planted": {kind: sum(t["kind"] == kind for t in truth) for kind in sorted({t["kind"] for t in truth})},
    }
    del texts

    ours = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            summary = dedup([str(args.corpus)], tmp, options)
            ours.append(time.perf_counter() - started)
            import pyarrow.parquet as pq

            rows = pq.read_table(Path(tmp) / "articles.parquet").to_pylist()
            pairs = pq.read_table(Path(tmp) / "pairs.parquet").to_pylist() if summary["verified_pairs"] else []
    cluster = {r["input_id"]: r["cluster"] for r in rows}
    input_of = {}
    for r in rows:
        input_of.setdefault(r["text_id"], []).append(r["input_id"])
    result["corroborator_s"] = round(min(ours), 2)
    result["corroborator_stage_s"] = summary["stage_seconds"]
    result["corroborator_candidates"] = summary["candidate_pairs"]
    result["corroborator_main_process_peak_rss_mb"] = round(peak_rss_mb())

    def planted(a: str, b: str) -> bool:
        return group.get(a, a) == group.get(b, b)

    unplanted = [
        (input_of[p["a"]][0], input_of[p["b"]][0])
        for p in pairs
        if not any(planted(x, y) for x in input_of[p["a"]] for y in input_of[p["b"]])
    ]
    made, other = shared_run_pairs(args.corpus, unplanted, group, options.shingle, options.threshold)
    result["corroborator_unplanted_pairs"] = {"sharing_a_run": made, "other": other}
    result.update(
        quality(
            "corroborator",
            lambda t: cluster[t["a"]] == cluster[t["b"]],
            truth,
            jaccards,
            len(pairs),
            len(pairs) - len(unplanted),
            made,
        )
    )

    times, tokenising = [], []
    for _ in range(args.repeat):
        seconds, found, tok = run_rensa(args.corpus, options)
        times.append(seconds)
        tokenising.append(tok)
    result["rensa_s"] = round(min(times), 2)
    result["rensa_reading_and_tokenising_s"] = round(min(tokenising), 2)
    ok = sum(planted(a, b) for a, b in found)
    made, _other = shared_run_pairs(
        args.corpus, [(a, b) for a, b in found if not planted(a, b)], group, options.shingle, options.threshold
    )
    result.update(quality("rensa", lambda t: (t["a"], t["b"]) in found, truth, jaccards, len(found), ok, made))
    result["ratio_ours_to_rensa"] = round(result["corroborator_s"] / result["rensa_s"], 2)
    if not args.skip_datasketch:
        seconds, found = run_datasketch(args.corpus, options)
        result["datasketch_s"] = round(seconds, 2)
        ok = sum(planted(a, b) for a, b in found)
        made, _other = shared_run_pairs(
            args.corpus, [(a, b) for a, b in found if not planted(a, b)], group, options.shingle, options.threshold
        )
        result.update(quality("datasketch", lambda t: (t["a"], t["b"]) in found, truth, jaccards, len(found), ok, made))
        result["speedup_vs_datasketch"] = round(seconds / result["corroborator_s"], 2)
    result["load_after"] = os.getloadavg()[0]
    result["bench_process_peak_rss_mb"] = round(peak_rss_mb())
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
