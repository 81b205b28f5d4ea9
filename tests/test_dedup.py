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
    assert rows["001-syndicated"]["representative"] == newsweek["text_id"]
    # The paraphrased rewrite (000) is not a near-duplicate by shingles, and the other outlets are independent.
    others = ("000", "002", "003", "004")
    assert all(rows[k]["cluster_size"] == 1 for k in others)
    assert summary["duplicates_removed"] == 2
    pairs = pq.read_table(tmp_path / "out" / "pairs.parquet").to_pylist()
    # One verified pair: the syndicated copy and its original (the exact copy shares the original's id).
    (pair,) = pairs
    assert {pair["a"], pair["b"]} == {newsweek["text_id"], rows["001-syndicated"]["text_id"]}
    assert 0 < pair["verified_jaccard"] < 1 and abs(pair["estimated_jaccard"] - pair["verified_jaccard"]) < 0.2


def test_dedup_same_clusters_in_any_order_and_sharding(tmp_path):
    dedup([str(_corpus(tmp_path, name="a.jsonl"))], tmp_path / "one")
    shuffled = _corpus(tmp_path, order_seed=5, name="b.jsonl")
    lines = shuffled.read_text().splitlines()
    (tmp_path / "b1.jsonl").write_text("\n".join(lines[:11]) + "\n")
    (tmp_path / "b2.jsonl").write_text("\n".join(lines[11:]) + "\n")
    dedup([str(tmp_path / "b2.jsonl"), str(tmp_path / "b1.jsonl")], tmp_path / "two", DedupOptions(chunk_size=7))
    one, two = _articles(tmp_path / "one"), _articles(tmp_path / "two")
    assert {k: (r["text_id"], r["cluster"], r["representative"]) for k, r in one.items()} == {
        k: (r["text_id"], r["cluster"], r["representative"]) for k, r in two.items()
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
    assert rows["000"]["is_representative"] and rows["001"]["representative"] == rows["000"]["text_id"]
    assert all(rows[k]["cluster_size"] == 1 for k in ("002", "003", "004"))
    assert summary["paraphrase_pairs"] >= 1
    kinds = {p["kind"] for p in pq.read_table(tmp_path / "out" / "pairs.parquet").to_pylist()}
    assert "rewrite" in kinds


def _string_jaccard(a: str, b: str, n: int) -> float:
    """The reference: word n-gram strings in plain Python."""
    from corroborator.relate.candidates import words_of

    def grams(text: str) -> set[str]:
        words = words_of(text)
        return {" ".join(words[k : k + n]) for k in range(len(words) - n + 1)} or {" ".join(words)}

    x, y = grams(a), grams(b)
    return len(x & y) / len(x | y)


def _edited(text: str, share: float, seed: int) -> str:
    """``share`` of the words replaced by other words of the text, and the second sentence dropped."""
    rng = random.Random(seed)
    sentences = text.split(". ")
    words = ". ".join(sentences[:1] + sentences[2:]).split(" ")
    for _ in range(round(len(words) * share)):
        words[rng.randrange(len(words))] = rng.choice(words) + "x"
    return " ".join(words)


def test_chunk_signing_gives_analyze_ids_and_exact_shingle_sets(seeds_dir):
    import numpy as np

    from corroborator.dedup.engine import chunk_words, shingle_sets
    from corroborator.relate.candidates import words_of
    from corroborator.textutil import words_id

    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    texts += [_edited(texts[1], 0.1, 4), "", "Only — punctuation… “here”", "two words", "Ünïcode wörds, café_au_lait"]
    # Scripts, digits of other scripts, combining marks, emoji, a lone surrogate, a word longer than 16 bytes.
    texts += [
        "Ελληνικά κείμενα ٣٤ and Ǆemal İstanbul",
        "naïve cafe\u0301s 😀x👍🏽y \ud800z",
        "Donaudampfschifffahrt-straße",
    ]
    ids, hashes, doc = chunk_words(texts)
    assert ids == [words_id(words_of(t)) for t in texts]
    words = [w for t in texts for w in words_of(t)]
    assert len(words) == len(hashes) and doc.tolist() == [k for k, t in enumerate(texts) for _ in words_of(t)]
    first: dict[str, int] = {}
    assert all(first.setdefault(w, h) == h for w, h in zip(words, hashes.tolist(), strict=True))
    assert len(set(first.values())) == len(first)  # one hash per distinct word
    for n in (2, 5):
        values, offsets = shingle_sets(texts, n)
        sets = [values[offsets[k] : offsets[k + 1]] for k in range(len(texts))]
        for k, text in enumerate(texts):
            words = words_of(text)
            assert len(sets[k]) == max(len({" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}), 1)
        for i, j in ((1, 5), (0, 1), (2, 3)):  # the edited copy, a rewrite, two outlets
            inter = np.intersect1d(sets[i], sets[j], assume_unique=True).size
            assert inter / (len(sets[i]) + len(sets[j]) - inter) == _string_jaccard(texts[i], texts[j], n)


def test_default_settings_find_copies_with_a_tenth_of_words_edited(tmp_path, seeds_dir):
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}
    rows = [{"id": k, "text": t} for k, t in texts.items()]
    for share, key in ((0.05, "002"), (0.10, "003"), (0.15, "004")):
        rows.append({"id": f"{key}-edited", "text": _edited(texts[key], share, seed=int(key))})
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    dedup([str(path)], tmp_path / "out")
    out = _articles(tmp_path / "out")
    for key in ("002", "003", "004"):
        assert out[key]["cluster"] == out[f"{key}-edited"]["cluster"], key
        assert out[key]["cluster_size"] == 2
    # The five seed articles report one event in their own words: none is a near-duplicate of another.
    assert len({out[k]["cluster"] for k in texts}) == len(texts)
    for key, share in (("003", 0.10), ("004", 0.15)):  # what the default would miss with 5-gram shingles
        assert _string_jaccard(texts[key], _edited(texts[key], share, seed=int(key)), 5) < 0.8


def test_two_signing_processes_give_the_same_tables_as_one(tmp_path):
    corpus = _corpus(tmp_path)
    dedup([str(corpus)], tmp_path / "one", DedupOptions(chunk_size=6, workers=1))
    dedup([str(corpus)], tmp_path / "two", DedupOptions(chunk_size=6, workers=2))  # forked from the fork server
    for table in ("articles", "pairs"):
        one = pq.read_table(tmp_path / "one" / f"{table}.parquet").to_pylist()
        assert one == pq.read_table(tmp_path / "two" / f"{table}.parquet").to_pylist()
    assert len(list((tmp_path / "two" / "work").glob("chunk-*.done"))) == 5
