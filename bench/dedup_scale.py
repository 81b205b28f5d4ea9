"""dedup alone at scale: one CLI run on a full-length-article corpus, its wall time, peak RSS and recall.

    python bench/dedup_articles.py --articles 300000 --seed 3 --out bench/data/articles-300k-s3.jsonl
    python bench/dedup_scale.py bench/data/articles-300k-s3.jsonl

Runs ``python -m corroborator dedup CORPUS -o TMP`` in a fresh process at its defaults (no baselines: at
300k-1M articles datasketch alone would take an hour), timed from outside; peak RSS is the largest
process of the run (the main process or a signing worker: ``RUSAGE_CHILDREN``). Then, in this process,
the quality against the planted pairs in ``*.truth.jsonl``, as ``bench/dedup_speed.py`` computes it
(recall per true Jaccard band and of the near-copies; pair precision).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corroborator.dedup.engine import DedupOptions
from dedup_speed import quality, shared_run_pairs, true_jaccard


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    args = parser.parse_args()
    options = DedupOptions()
    result: dict = {
        "corpus": str(args.corpus),
        "corpus_mb": round(args.corpus.stat().st_size / 1e6, 1),
        "machine": f"{platform.machine()} {os.cpu_count()} cores, python {platform.python_version()}",
        "load_before": os.getloadavg(),
    }
    with tempfile.TemporaryDirectory() as tmp:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "corroborator", "dedup", str(args.corpus), "-o", tmp], check=True)
        result["wall_s"] = round(time.perf_counter() - started, 1)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        result["cpu_s"] = round(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, 1)
        result["peak_rss_mb_largest_process"] = round(after.ru_maxrss / 1024)
        result["load_after"] = os.getloadavg()
        import pyarrow.parquet as pq

        rows = pq.read_table(Path(tmp) / "articles.parquet", columns=["input_id", "text_id", "cluster"]).to_pylist()
        pairs_file = Path(tmp) / "pairs.parquet"
        pairs = pq.read_table(pairs_file, columns=["a", "b"]).to_pylist() if pairs_file.exists() else []
    print(json.dumps(result), flush=True)  # the timing first: the quality pass below reads the corpus again
    result["articles"] = len(rows)
    truth = [json.loads(line) for line in args.corpus.with_suffix(".truth.jsonl").read_text().splitlines()]
    group = {t["b"]: t["a"] for t in truth}
    cluster = {r["input_id"]: r["cluster"] for r in rows}
    input_of: dict[str, list[str]] = {}
    for r in rows:
        input_of.setdefault(r["text_id"], []).append(r["input_id"])
    del rows
    wanted = {t["a"] for t in truth} | {t["b"] for t in truth}
    texts = {}
    with args.corpus.open(encoding="utf-8") as handle:  # streamed: at 1M articles a full read holds ~5 GB
        for line in handle:
            row = json.loads(line)
            if row["id"] in wanted:
                texts[row["id"]] = row["text"]
    jaccards: list[float] = []
    for start in range(0, len(truth), 5_000):  # in slices: shingling 290k texts at once took >20 GB at 1M
        jaccards += true_jaccard(texts, truth[start : start + 5_000], options.shingle)
    del texts

    def planted(a: str, b: str) -> bool:
        return group.get(a, a) == group.get(b, b)

    unplanted = [
        (input_of[p["a"]][0], input_of[p["b"]][0])
        for p in pairs
        if not any(planted(x, y) for x in input_of[p["a"]] for y in input_of[p["b"]])
    ]
    made, other = shared_run_pairs(args.corpus, unplanted, group, options.shingle, options.threshold)
    result["planted"] = {kind: sum(t["kind"] == kind for t in truth) for kind in sorted({t["kind"] for t in truth})}
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
    result["unplanted_pairs_not_sharing_a_run"] = other[:50]
    result["unplanted_jaccard_range_sharing_a_run"] = (
        [min(j for *_ab, j in made), max(j for *_ab, j in made)] if made else None
    )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
