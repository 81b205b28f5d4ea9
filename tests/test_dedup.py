"""Corpus dedup: clusters, representatives, determinism, resuming, outputs."""

from __future__ import annotations

import json
import random

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from corroborator.cli import app
from corroborator.dedup import DedupOptions, dedup
from tests.conftest import SEEDS

runner = CliRunner()


def _corpus(tmp_path, order_seed: int | None = None, name: str = "corpus.jsonl"):
    """The five seed articles, an exact copy, a lightly edited syndicated copy, and unrelated filler."""
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    rows = [{"id": k, "text": t, "published": f"2024-10-{15 + i}"} for i, (k, t) in enumerate(texts.items())]
    rows.append({"id": "001-exact", "text": texts["001"].upper(), "published": "2024-10-18"})
    edited = texts["001"].replace("Some 18 North Korean", "About 18 North Korean", 1)
    rows.append({"id": "001-syndicated", "text": edited, "published": "2024-10-19"})
    rng = random.Random(3)
    words = " ".join(texts.values()).split()
    rows += [{"id": f"filler-{k}", "text": " ".join(rng.sample(words, 120))} for k in range(20)]
    if order_seed is not None:
        random.Random(order_seed).shuffle(rows)
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def _articles(out):
    return {r["input_id"]: r for r in pq.read_table(out / "articles.parquet").to_pylist()}


def test_dedup_clusters_copies_and_picks_the_earliest(tmp_path):
    summary = dedup([str(_corpus(tmp_path))], tmp_path / "out")
    rows = _articles(tmp_path / "out")
    newsweek = rows["001"]
    assert rows["001-exact"]["cluster"] == rows["001-syndicated"]["cluster"] == newsweek["cluster"]
    assert newsweek["is_representative"] and newsweek["reason"].startswith("earliest published")
    assert rows["001-syndicated"]["representative"] == newsweek["id"]
    # The paraphrased rewrite (000) is not a near-duplicate by shingles, and the other outlets are independent.
    others = {"000", "002", "003", "004"}
    assert all(rows[k]["cluster_size"] == 1 for k in others)
    assert summary["duplicates_removed"] == 2
    pairs = pq.read_table(tmp_path / "out" / "pairs.parquet").to_pylist()
    # One verified pair: the syndicated copy and its original (the exact copy shares the original's id).
    (pair,) = pairs
    assert {pair["a"], pair["b"]} == {newsweek["id"], rows["001-syndicated"]["id"]}
    assert 0 < pair["verified_jaccard"] < 1 and abs(pair["estimated_jaccard"] - pair["verified_jaccard"]) < 0.2


def test_dedup_same_clusters_in_any_order_and_sharding(tmp_path):
    dedup([str(_corpus(tmp_path, name="a.jsonl"))], tmp_path / "one")
    shuffled = _corpus(tmp_path, order_seed=5, name="b.jsonl")
    lines = shuffled.read_text().splitlines()
    (tmp_path / "b1.jsonl").write_text("\n".join(lines[:11]) + "\n")
    (tmp_path / "b2.jsonl").write_text("\n".join(lines[11:]) + "\n")
    dedup([str(tmp_path / "b2.jsonl"), str(tmp_path / "b1.jsonl")], tmp_path / "two", DedupOptions(chunk_size=7))
    one, two = _articles(tmp_path / "one"), _articles(tmp_path / "two")
    assert {k: (r["id"], r["cluster"], r["representative"]) for k, r in one.items()} == {
        k: (r["id"], r["cluster"], r["representative"]) for k, r in two.items()
    }


def test_dedup_resumes_from_finished_chunks(tmp_path):
    corpus = _corpus(tmp_path)
    out = tmp_path / "out"
    dedup([str(corpus)], out, DedupOptions(chunk_size=10))
    markers = sorted(p.name for p in (out / "work").glob("chunk-*.done"))
    assert markers == ["chunk-00000.done", "chunk-00001.done", "chunk-00002.done"]
    stamp = (out / "work" / "sig-00000.npy").stat().st_mtime_ns
    dedup([str(corpus)], out, DedupOptions(chunk_size=10))  # a re-run skips signing the finished chunks
    assert (out / "work" / "sig-00000.npy").stat().st_mtime_ns == stamp


def test_dedup_cli_keep_representative_writes_the_deduplicated_corpus(tmp_path):
    corpus = _corpus(tmp_path)
    result = runner.invoke(
        app, ["dedup", str(corpus), "-o", str(tmp_path / "out"), "--keep", "representative", "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    kept = [json.loads(line) for line in (tmp_path / "out" / "corpus.jsonl").read_text().splitlines()]
    ids = {k["input_id"] for k in kept}
    assert "001" in ids and "001-exact" not in ids and "001-syndicated" not in ids and len(kept) == 25
    assert "2 duplicates removed" in result.output
    bad = runner.invoke(app, ["dedup", str(corpus), "-o", str(tmp_path / "x"), "--keep", "some"])
    assert bad.exit_code == 2


@pytest.mark.slow
def test_ray_engine_gives_identical_output_to_the_local_engine(tmp_path):
    import pytest

    pytest.importorskip("ray", reason="install corroborator[ray] (the Makefile's test setup does)")
    corpus = _corpus(tmp_path)
    dedup([str(corpus)], tmp_path / "local", DedupOptions(chunk_size=8))
    dedup([str(corpus)], tmp_path / "ray", DedupOptions(chunk_size=8, workers=2), engine="ray")
    for table in ("articles", "pairs"):
        local = pq.read_table(tmp_path / "local" / f"{table}.parquet").to_pylist()
        ray_rows = pq.read_table(tmp_path / "ray" / f"{table}.parquet").to_pylist()
        assert local == ray_rows


@pytest.mark.slow
def test_dedup_paraphrase_joins_the_rewrite(tmp_path):
    corpus = _corpus(tmp_path)
    summary = dedup([str(corpus)], tmp_path / "out", paraphrase=True)
    rows = _articles(tmp_path / "out")
    # 000 restates Newsweek's 001 in other words: no shared shingles to speak of, but a verified rewrite.
    assert rows["000"]["cluster"] == rows["001"]["cluster"] == rows["001-syndicated"]["cluster"]
    # This corpus dates 000 a day before 001, and the representative is the earliest published.
    assert rows["000"]["is_representative"] and rows["001"]["representative"] == rows["000"]["id"]
    assert all(rows[k]["cluster_size"] == 1 for k in ("002", "003", "004"))
    assert summary["paraphrase_pairs"] >= 1
    kinds = {p["kind"] for p in pq.read_table(tmp_path / "out" / "pairs.parquet").to_pylist()}
    assert "rewrite" in kinds
