"""Ray vs the local engine on one corpus, in one run: identical output, and Ray's overhead ratio.

python bench/dedup_ray_overhead.py bench/data/corpus-20k.jsonl
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

from corroborator.dedup import DedupOptions, dedup


def main() -> None:
    corpus = sys.argv[1]
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        import ray

        ray.init(include_dashboard=False, log_to_driver=False)  # started once, outside the timing
        for engine in ("local", "ray"):
            started = time.perf_counter()
            dedup([corpus], Path(tmp) / engine, DedupOptions(), engine=engine)
            out[f"{engine}_s"] = round(time.perf_counter() - started, 2)
        same = all(
            pq.read_table(Path(tmp) / "local" / f"{t}.parquet").to_pylist()
            == pq.read_table(Path(tmp) / "ray" / f"{t}.parquet").to_pylist()
            for t in ("articles", "pairs")
        )
    out["identical_output"] = same
    out["ray_overhead_ratio"] = round(out["ray_s"] / out["local_s"], 2)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
