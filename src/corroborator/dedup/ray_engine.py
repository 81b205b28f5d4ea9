"""The Ray engine: the local engine's stage functions, run as Ray tasks.

``sign_chunk`` runs once per chunk and ``band_pairs`` once per band, exactly as in
``run_local``; ``finish`` (verification and clusters) runs on the driver. There is
no second implementation of any logic, which is what keeps the two engines'
outputs identical (a test checks it). On a cluster, the work folder must be on
storage every node sees (a shared filesystem path).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from corroborator.dedup.engine import DedupOptions, DedupRecord, band_pairs, chunks, finish, sign_chunk
from corroborator.errors import UsageError


def run_ray(
    records: Iterable[DedupRecord], work: Path, options: DedupOptions, address: str | None = None, progress=None
) -> tuple[list[dict], list[dict], dict]:
    try:
        import ray
    except ImportError as exc:
        raise UsageError("the Ray engine needs Ray: pip install 'corroborator[ray]'") from exc
    if not ray.is_initialized():
        ray.init(
            address=address,
            num_cpus=None if address else (options.workers or os.cpu_count()),
            include_dashboard=False,
            log_to_driver=False,
            ignore_reinit_error=True,
        )
    work.mkdir(parents=True, exist_ok=True)
    sign = ray.remote(sign_chunk)
    band = ray.remote(band_pairs)
    limit = 2 * int(ray.cluster_resources().get("CPU", 1))
    refs, pending = [], []
    for index, chunk in enumerate(chunks(records, options.chunk_size)):
        ref = sign.remote(chunk, work, index, options)
        refs.append(ref)
        pending.append(ref)
        if len(pending) >= limit:  # bounded in flight, as in the local engine
            _done, pending = ray.wait(pending, num_returns=1)
        if progress:
            progress("sign", index + 1, None)
    sizes = ray.get(refs)
    candidates: set[tuple[int, int]] = set()
    for found in ray.get([band.remote(work, len(sizes), b, options) for b in range(options.bands)]):
        candidates |= found
    if progress:
        progress("lsh", options.bands, options.bands)
    rows, pairs, summary = finish(work, sizes, candidates, options)
    summary["stage_seconds"] = {}  # tasks overlap on the cluster: per-stage times are not meaningful here
    return rows, pairs, summary
