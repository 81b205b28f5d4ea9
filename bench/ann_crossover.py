"""Where an ANN index (usearch HNSW) starts to beat exact search for article-embedding neighbours.

    python bench/ann_crossover.py

Vectors: MiniLM sentence embeddings of ECB+ (cached by bench/ecbplus_stories.py in /tmp), tiled with
small noise to reach each size, so neighbourhoods look like real text embeddings. For each size:
exact blockwise top-10 (numpy) vs usearch build + search, and usearch's recall of the exact top-10.
"""

from __future__ import annotations

import glob
import json
import platform
import time

import numpy as np

from corroborator.relate.candidates import paraphrase_candidates


def vectors(n: int, base: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    reps = base[rng.integers(0, len(base), n)] + rng.normal(0, 0.03, (n, base.shape[1])).astype(np.float32)
    return reps / np.linalg.norm(reps, axis=1, keepdims=True)


def main() -> None:
    files = glob.glob("/tmp/ecbplus-*.npz")
    if not files:
        raise SystemExit("run bench/ecbplus_stories.py first (it caches the ECB+ sentence embeddings)")
    data = np.load(files[0])
    base = np.concatenate([data[k] for k in data.files]).astype(np.float32)
    rng = np.random.default_rng(0)
    rows = []
    for n in (5_000, 20_000, 40_000, 80_000):
        v = vectors(n, base, rng)
        started = time.perf_counter()
        exact = set(paraphrase_candidates(v, k=10, min_cosine=0.0, exact_limit=10**9))
        t_exact = time.perf_counter() - started
        started = time.perf_counter()
        ann = set(paraphrase_candidates(v, k=10, min_cosine=0.0, exact_limit=0))
        t_ann = time.perf_counter() - started
        rows.append(
            {
                "n": n,
                "exact_s": round(t_exact, 2),
                "usearch_s": round(t_ann, 2),
                "usearch_recall_of_exact_pairs": round(len(exact & ann) / max(1, len(exact)), 4),
            }
        )
        print(rows[-1], flush=True)
    print(json.dumps({"rows": rows, "machine": f"{platform.machine()} python {platform.python_version()}"}, indent=2))


if __name__ == "__main__":
    main()
