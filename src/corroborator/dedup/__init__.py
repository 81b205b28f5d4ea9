"""``corroborator dedup``: exact and near-duplicate clusters over a corpus, with bounded memory.

>>> from corroborator.dedup import dedup
>>> summary = dedup(["corpus.jsonl"], "out/")     # out/articles.parquet, out/pairs.parquet, out/summary.json
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict, replace
from pathlib import Path

from corroborator.dedup import state
from corroborator.dedup.engine import DedupOptions, DedupRecord, run_local
from corroborator.dedup.io import read_records, write_table
from corroborator.dedup.state import StateMismatch
from corroborator.errors import UsageError
from corroborator.types import Skipped

KEEP = ("representative", "all")


def dedup(
    inputs: Iterable[str],
    out: str | Path,
    options: DedupOptions | None = None,
    *,
    fmt: str = "parquet",
    keep: str | None = None,
    field_map: Mapping[str, str] | None = None,
    engine: str = "local",
    address: str | None = None,
    paraphrase: bool = False,
    model: str | None = None,
    progress=None,
    force: bool = False,
) -> dict:
    """Cluster exact and near-duplicate articles; write the tables; return the summary.

    Writes ``articles`` (per input record: id, input_id, source, published, cluster, cluster_size,
    representative, is_representative, reason), ``pairs`` (per verified near-duplicate pair:
    estimated and verified Jaccard), ``summary.json``, and with ``keep`` the deduplicated corpus
    (``corpus``: the representatives, or every record with its cluster). The work folder
    ``OUT/work`` holds the signed chunks; a re-run resumes from the finished ones when
    ``OUT/manifest.json`` shows the same inputs, signing options and code (``dedup.state``).
    ``OUT/_SUCCESS`` is written last: without it, the folder holds no complete result.

    Raises:
        UsageError: a bad option, or an output that would overwrite an input.
        StateMismatch: ``OUT`` holds work from other inputs or options, and not ``force``.
    """
    if fmt not in ("parquet", "jsonl"):
        raise UsageError(f"--format must be parquet or jsonl, not {fmt!r}")
    if engine not in ("local", "ray"):
        raise UsageError(f"--engine must be local or ray, not {engine!r}")
    if keep is not None and keep not in KEEP:
        raise UsageError(f"--keep must be one of {', '.join(KEEP)}, not {keep!r}")
    options = options or DedupOptions()
    _check_options(options)
    out = Path(out)
    work = out / "work"
    started = time.perf_counter()
    skipped: list[Skipped] = []
    inputs = list(inputs)
    manifest = state.build_manifest(
        inputs,
        options,
        field_map,
        {"format": fmt, "keep": keep, "engine": engine, "paraphrase": paraphrase, "model": model, **asdict(options)},
    )
    _refuse_overwriting_inputs(out, manifest)
    resumed = state.prepare(out, manifest, force)
    records = read_records(inputs, field_map, skipped)
    if engine == "ray":
        from corroborator.dedup.ray_engine import run_ray

        rows, pairs, summary = run_ray(records, work, options, address, progress)
    else:
        rows, pairs, summary = run_local(records, work, options, progress)
    summary["engine"] = engine
    summary["resumed"] = resumed
    if paraphrase:
        stage = time.perf_counter()
        rows, pairs = _merge_paraphrases(inputs, field_map, rows, pairs, model)
        summary["paraphrase_pairs"] = sum(1 for p in pairs if p.get("kind") not in (None, "near_duplicate"))
        summary["duplicates_removed"] = sum(1 for r in rows if not r["is_representative"])
        summary["stage_seconds"]["paraphrase"] = round(time.perf_counter() - stage, 2)
    summary["seconds"] = round(time.perf_counter() - started, 2)
    summary["skipped"] = [{"source": s.source, "reason": s.reason} for s in skipped]
    # Every table under a temporary name first; renamed into place only when all are written.
    # The column is `text_id`, not `id`: it is text_id() of the record's text as read, while analyze's
    # article id is of the text after cleaning (boilerplate lines cut), so the two agree only when cleaning
    # cuts nothing (docs/dedup.md).
    table = [{"text_id": r["id"], **{k: v for k, v in r.items() if k != "id"}} for r in rows]
    staged = [(write_table(table, out / ".tmp-articles", fmt), "articles")]
    staged.append((write_table(pairs, out / ".tmp-pairs", fmt), "pairs"))
    if keep:
        staged.append((_write_corpus(inputs, field_map, rows, out / ".tmp-corpus", fmt, keep), "corpus"))
    state.check_unchanged(manifest)
    written = []
    for path, stem in staged:
        final = out / f"{stem}{path.suffix}"
        state.publish(path, final)
        written.append(final.name)
    state.atomic_write_bytes(out / "summary.json", json.dumps(summary, indent=2).encode("utf-8"))
    state.mark_complete(out, manifest, [*written, "summary.json"])
    return summary


def _check_options(options: DedupOptions) -> None:
    """Refuse values that would make a meaningless result rather than run with them."""
    if not 0 < options.threshold <= 1:
        raise UsageError(
            f"--threshold is a Jaccard similarity: it must be greater than 0 and at most 1, not {options.threshold}"
        )
    if options.chunk_size < 1:
        raise UsageError(f"the chunk size must be at least 1 record, not {options.chunk_size}")
    if options.num_perm < 1 or options.bands < 1 or options.num_perm % options.bands:
        raise UsageError(f"num_perm ({options.num_perm}) must be a positive multiple of bands ({options.bands})")


def _refuse_overwriting_inputs(out: Path, manifest: dict) -> None:
    """An input inside the output folder under an output's name would be replaced: refuse."""
    ours = {(out / name).resolve() for name in state.output_names()} | {(out / state.MANIFEST).resolve()}
    clash = sorted(f["path"] for f in manifest["inputs"] if Path(f["path"]) in ours)
    if clash:
        raise UsageError(f"-o {out} would overwrite the input {clash[0]}: choose another output folder")


def _merge_paraphrases(inputs, field_map, rows: list[dict], pairs: list[dict], model: str | None):
    """Join clusters whose representatives are verified rewrites of each other; recompute representatives."""
    from corroborator.dedup.engine import clusters
    from corroborator.dedup.paraphrase import paraphrase_pairs

    rep_by_source = {r["source"]: r["id"] for r in rows if r["is_representative"]}
    records = [
        DedupRecord(rep_by_source[rec.source], rec.input_id, rec.source, rec.published, rec.text)
        for rec in read_records(inputs, field_map)
        if rec.source in rep_by_source
    ]
    found = paraphrase_pairs(records, model)
    first: dict[str, int] = {}
    for k, r in enumerate(rows):
        first.setdefault(r["id"], k)
    meta = [{k: r[k] for k in ("id", "input_id", "source", "published")} for r in rows]
    links = [(first[a], first[b], 0.0, 0.0) for a, b, _kind, _score in found]
    links += [(first[p["a"]], first[p["b"]], 0.0, 0.0) for p in pairs]  # keep the near-duplicate links
    merged = clusters(meta, links)
    extra = [
        {
            "a": min(a, b),
            "b": max(a, b),
            "estimated_jaccard": None,
            "verified_jaccard": None,
            "kind": kind,
            "score": score,
        }
        for a, b, kind, score in found
    ]
    return merged, sorted([{**p, "kind": "near_duplicate"} for p in pairs] + extra, key=lambda p: (p["a"], p["b"]))


def _write_corpus(inputs: list[str], field_map, rows: list[dict], path: Path, fmt: str, keep: str) -> Path:
    """A second streamed pass over the inputs, writing the texts that were kept."""
    by_source = {r["source"]: r for r in rows}
    kept = []
    for record in read_records(inputs, field_map):
        row = by_source.get(record.source)
        if row and (keep == "all" or row["is_representative"]):
            kept.append(
                {
                    "text_id": row["id"],
                    "input_id": record.input_id,
                    "source": record.source,
                    "published": record.published,
                    "cluster": row["cluster"],
                    "text": record.text,
                }
            )
    return write_table(kept, path, fmt)


__all__ = ["DedupOptions", "DedupRecord", "StateMismatch", "dedup", "replace"]
