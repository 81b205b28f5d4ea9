"""Dedup speed and quality in one run: corroborator end to end vs datasketch vs bare rensa.

    python bench/dedup_corpus.py --articles 100000 --out bench/data/corpus-100k.jsonl
    python bench/dedup_speed.py bench/data/corpus-100k.jsonl [--skip-datasketch]

All three use word 5-gram shingles, 128 permutations and 32 bands x 4 rows.
- corroborator: ``dedup`` end to end: read JSONL, shingle, sign, LSH band by band, verify every
  candidate by exact Jaccard, clusters, write Parquet;
- datasketch: MinHash per article + MinHashLSH(params=(32, 4)) insert and query (no reading, no
  verification: the bare library);
- rensa: the batch signature matrix + RMinHashLSH insert and query (no reading, no verification).
Quality: recall of planted pairs by true Jaccard band (same cluster), and precision of the verified
pairs against the planted truth. Peak RSS of this process is reported too.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

from corroborator.dedup import DedupOptions, dedup
from corroborator.dedup.engine import peak_rss_mb
from corroborator.relate.candidates import shingles


def texts(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [(row["id"], row["text"]) for row in map(json.loads, handle)]


def run_datasketch(docs: list[tuple[str, str]]) -> tuple[float, int]:
    from datasketch import MinHash, MinHashLSH

    started = time.perf_counter()
    lsh = MinHashLSH(num_perm=128, params=(32, 4))
    hashes = []
    for key, text in docs:
        m = MinHash(num_perm=128, seed=42)
        m.update_batch([s.to_bytes(8, "little") for s in shingles(text)])
        lsh.insert(key, m)
        hashes.append((key, m))
    pairs = set()
    for key, m in hashes:
        for other in lsh.query(m):
            if other != key:
                pairs.add(tuple(sorted((key, other))))
    return time.perf_counter() - started, len(pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--skip-datasketch", action="store_true")
    args = parser.parse_args()
    truth = [json.loads(line) for line in args.corpus.with_suffix(".truth.jsonl").read_text().splitlines()]
    result: dict = {"corpus": str(args.corpus), "machine": f"{platform.machine()} python {platform.python_version()}"}
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        summary = dedup([str(args.corpus)], tmp, DedupOptions())
        ours = time.perf_counter() - started
        import pyarrow.parquet as pq

        rows = pq.read_table(Path(tmp) / "articles.parquet").to_pylist()
        pairs = pq.read_table(Path(tmp) / "pairs.parquet").to_pylist() if summary["verified_pairs"] else []
    cluster = {r["input_id"]: r["cluster"] for r in rows}
    id_of = {r["input_id"]: r["id"] for r in rows}
    result["articles"] = summary["records"]
    result["corroborator_end_to_end_s"] = round(ours, 2)
    result["corroborator_peak_rss_mb"] = round(peak_rss_mb())
    for low, high in ((0.8, 1.01), (0.5, 0.8), (0.0, 0.5)):
        band = [t for t in truth if low <= t["jaccard"] < high]
        found = sum(1 for t in band if cluster[t["a"]] == cluster[t["b"]])
        result[f"recall_planted_J_{low}_{min(high, 1.0)}"] = round(found / len(band), 4) if band else None
        result[f"planted_J_{low}_{min(high, 1.0)}"] = len(band)
    planted = {tuple(sorted((id_of[t["a"]], id_of[t["b"]]))) for t in truth}
    result["verified_pairs"] = len(pairs)
    result["pair_precision_vs_planted"] = (
        round(sum((p["a"], p["b"]) in planted for p in pairs) / len(pairs), 4) if pairs else None
    )
    docs = texts(args.corpus)
    seconds, n = run_rensa_bare(docs)
    result["rensa_signatures_lsh_s"] = round(seconds, 2)
    result["rensa_candidate_pairs"] = n
    if not args.skip_datasketch:
        seconds, n = run_datasketch(docs)
        result["datasketch_signatures_lsh_s"] = round(seconds, 2)
        result["datasketch_candidate_pairs"] = n
        result["speedup_vs_datasketch"] = round(result["datasketch_signatures_lsh_s"] / ours, 2)
    result["ratio_to_rensa"] = round(ours / result["rensa_signatures_lsh_s"], 2)
    print(json.dumps(result, indent=2))


def run_rensa_bare(docs: list[tuple[str, str]]) -> tuple[float, int]:
    """rensa called directly: batch signatures, then the LSH index over the matrix, then a query per article."""
    from rensa import RMinHash, RMinHashLSH

    started = time.perf_counter()
    sets = [sorted(shingles(text)) or [0] for _, text in docs]
    minhashes = RMinHash.from_token_sets([[str(s) for s in x] for x in sets], num_perm=128, seed=42)
    lsh = RMinHashLSH(threshold=0.5, num_perm=128, num_bands=32)
    for key, m in enumerate(minhashes):
        lsh.insert(key, m)
    pairs = set()
    for key, m in enumerate(minhashes):
        for other in lsh.query(m):
            if other != key:
                pairs.add((min(key, other), max(key, other)))
    return time.perf_counter() - started, len(pairs)


if __name__ == "__main__":
    main()
