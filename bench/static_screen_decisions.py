"""What the static screen (``claims.static_screen``) saves and changes on the 300 articles, against the default.

    python bench/static_screen_decisions.py [--cache /tmp/h17g] [--modes default strict r99 r95 r80 oracle45 ...]

The corpus is ``bench/analyze300_speed.py``'s (``mixed``), built at run time. Its articles are read and parsed
once, and every sentence embedded once with the bundled MiniLM (one thread), both cached in ``--cache``. Then
``pipeline.relate`` (stories, relations, claims, findings) runs once per mode with the encoder's cache prefilled,
counting the sentences each mode asks the model for, and its decisions are compared with the default's:
stories (article sets), relations (kind and original per pair), claims (each claim's mentions as article and
sentence), findings (kind and articles). Modes:
- ``default``: as shipped (screen off: every sentence of a multi-article story is embedded for claims);
- ``strict``, ``r99``, ``r95``, ``r80``: the screen with the static model at the bounds of
  ``bench/static_agreement.py`` (strict: every held-out pair at or above the threshold passes; rNN: NN% of
  calibration pairs pass), for claims' 0.45 and the unique-claim check's 0.55;
- ``oracleT``: the screen with MiniLM itself as the "static" model at bound T/100 (a perfect first pass: what
  skipping can save at best when claims read only pairs >= T/100);
- ``docstatic`` / ``docoracle``: the default, with the whole-text paraphrase candidates' first pass (pairs of
  TF-IDF cosine >= 0.2, embedded in full) also screened by the static / MiniLM whole-text mean cosine;
- ``noclaims``: ``claims.embed_stories=false`` (claims read only what the alignment embedded).
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from analyze300_speed import build
from corroborator import pipeline, static
from corroborator.articles import build_articles, collect
from corroborator.embed import encoder_for, set_threads
from corroborator.options import AnalyzeOptions
from corroborator.relate import needed
from corroborator.relate.align import sentence_texts
from corroborator.stories import doc_vectors

BOUNDS = {"strict": (-0.08, -0.01), "r99": (0.139, 0.191), "r95": (0.226, 0.298), "r80": (0.334, 0.411)}


def corpus(cache: Path) -> tuple[list[Any], np.ndarray]:
    """The 300 parsed articles and every sentence's MiniLM vector (cached)."""
    cache.mkdir(parents=True, exist_ok=True)
    arts_file, vec_file = cache / "arts300.pkl", cache / "vec300.npy"
    if arts_file.exists():
        arts = pickle.loads(arts_file.read_bytes())
    else:
        with tempfile.TemporaryDirectory() as tmp:
            build(Path(tmp), "mixed")
            raws, _ = collect([tmp], AnalyzeOptions())
            arts, _ = build_articles(raws, AnalyzeOptions())
        arts_file.write_bytes(pickle.dumps(arts))
    flat = [t for a in arts for t in sentence_texts(a)]
    if vec_file.exists():
        vecs = np.load(vec_file)
    else:
        vecs = encoder_for(None).encode(flat)
        np.save(vec_file, vecs)
    return arts, vecs


def summary(stages: pipeline.Stages, label: dict[str, str]) -> dict[str, Any]:
    return {
        "stories": sorted(sorted(label[x] for x in s.articles) for s in stages.stories),
        "relations": {f"{label[r.a]}|{label[r.b]}": (r.kind, r.original) for r in stages.relations},
        "claims": {json.dumps(sorted(f"{label[m.article]}#{m.sentence}" for m in c.mentions)) for c in stages.claims},
        "findings": sorted(f"{f.kind}: " + ",".join(sorted(label[x] for x in f.articles)) for f in stages.findings),
    }


class _Oracle:
    """MiniLM as the screen's model (the encoder's cache holds every vector)."""

    source = "MiniLM itself (oracle)"

    def encode(self, texts: list[str]) -> np.ndarray:
        return encoder_for(None).encode(list(texts))


def run(mode: str, arts: list[Any], flat_vecs: np.ndarray) -> tuple[pipeline.Stages, int, float]:
    """One replay of ``relate`` in ``mode``; returns its stages, the sentences embedded and the CPU seconds."""
    options = AnalyzeOptions()
    saved = static.bundled, pipeline.plausible_pair_counts
    texts = [sentence_texts(a) for a in arts]
    try:
        if mode in BOUNDS:
            link, unique = BOUNDS[mode]
            options = options.with_overrides(
                {"claims.static_screen": True, "claims.static_bound": link, "claims.static_unique_bound": unique}
            )
        elif mode.startswith("oracle"):
            t = int(mode[len("oracle") :]) / 100
            options = options.with_overrides(
                {"claims.static_screen": True, "claims.static_bound": t, "claims.static_unique_bound": max(t, 0.55)}
            )
            static.bundled = lambda: _Oracle()  # type: ignore[assignment,return-value]
        elif mode == "noclaims":
            options = options.with_overrides({"claims.embed_stories": False})
        elif mode in ("docstatic", "docoracle"):
            offsets = np.cumsum([0] + [len(t) for t in texts])
            if mode == "docstatic":
                model = static.bundled()
                assert model is not None
                rows, bound = model.encode([t for ts in texts for t in ts]), 0.82  # 2 pts under the lowest >= 0.9 pair
            else:
                rows, bound = flat_vecs, 0.9
            docs = doc_vectors([rows[offsets[k] : offsets[k + 1]] for k in range(len(arts))], rows.shape[1], 10**6)
            counts = pipeline.plausible_pair_counts

            def screened(facts: Any, todo: Any, opts: Any) -> list[int]:
                return [
                    0 if float(docs[i] @ docs[j]) < bound else c
                    for (i, j), c in zip(todo, counts(facts, todo, opts), strict=True)
                ]

            pipeline.plausible_pair_counts = screened  # type: ignore[assignment]
        elif mode != "default":
            raise SystemExit(f"unknown mode {mode!r}")
        stores: list[needed.SentenceVectors] = []
        flush = needed.SentenceVectors.flush

        def counting(self: needed.SentenceVectors) -> int:
            stores.append(self)
            return flush(self)

        needed.SentenceVectors.flush = counting  # type: ignore[method-assign]
        started = time.process_time()
        stages = pipeline.relate(list(arts), encoder_for(None), options, {})
        return stages, stores[-1].embedded, time.process_time() - started
    finally:
        needed.SentenceVectors.flush = flush  # type: ignore[method-assign]
        static.bundled, pipeline.plausible_pair_counts = saved  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/h17g"))
    parser.add_argument(
        "--modes", nargs="*", default=["default", "strict", "r99", "r95", "r80", "oracle45", "oracle55", "oracle80"]
    )
    args = parser.parse_args()
    set_threads(1)
    arts, vecs = corpus(args.cache)
    encoder = encoder_for(None)
    flat = [t for a in arts for t in sentence_texts(a)]
    for text, vec in zip(flat, vecs, strict=True):
        encoder.cache.put(text, vec)
    label = {a.id: a.label or a.id for a in arts}
    base_stages, _, _ = run("default", arts, vecs)
    base = summary(base_stages, label)
    print(f"{len(arts)} articles, {len(flat):,} sentences ({len(set(flat)):,} distinct)")
    for mode in args.modes:
        stages, embedded, cpu = run(mode, arts, vecs)
        got = summary(stages, label)
        rel = sum(
            1
            for k in set(base["relations"]) | set(got["relations"])
            if base["relations"].get(k) != got["relations"].get(k)
        )
        print(
            json.dumps(
                {
                    "mode": mode,
                    "embedded": embedded,
                    "stories_same": got["stories"] == base["stories"],
                    "relations_differ": rel,
                    "claims": len(got["claims"]),
                    "claims_only_default": len(base["claims"] - got["claims"]),
                    "claims_only_mode": len(got["claims"] - base["claims"]),
                    "findings": len(got["findings"]),
                    "findings_differ": len(set(base["findings"]) ^ set(got["findings"])),
                    "replay_cpu_s": round(cpu, 1),
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
