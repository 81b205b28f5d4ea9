"""Fit the sentence matcher on MRPC and score it in 5-fold cross-validation.

    python bench/train_matcher.py [--fit src/corroborator/relate/matcher_weights.json]

Reports, on the same pairs (the train split, our dev set; the test split is not in ../shared):
- the same features with weights re-fitted in 5-fold cross-validation (held-out folds only), with the
  threshold that maximises held-out F1 (this is the number to quote);
- the shipped weights (in-sample) and raw MiniLM cosine at its best threshold on these labels.
``--fit`` refits on all pairs and writes the weights and that threshold. Scoring the shipped matcher
alone is ``corroborator eval paraphrase``.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np

from corroborator.embed import Encoder
from corroborator.relate.matcher import FEATURES, features, paraphrase_probability, threshold

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "mrpc" / "msr_paraphrase_train.txt"


def load(path: Path) -> tuple[list[str], list[str], np.ndarray]:
    from corroborator.eval.tasks import Paraphrase

    rows = Paraphrase().load(path, None)
    return [r[1] for r in rows], [r[2] for r in rows], np.array([r[0] for r in rows])


def prf(y: np.ndarray, pred: np.ndarray) -> dict:
    tp = int(np.sum((pred == 1) & (y == 1)))
    p = tp / max(1, int(np.sum(pred == 1)))
    r = tp / max(1, int(np.sum(y == 1)))
    return {
        "accuracy": round(float(np.mean(pred == y)), 4),
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
    }


def feature_matrix(a: list[str], b: list[str], enc: Encoder) -> tuple[np.ndarray, np.ndarray]:
    ea, eb = enc.encode(a), enc.encode(b)
    cos = np.sum(ea * eb, axis=1)
    return np.array([features(x, y, float(c)) for x, y, c in zip(a, b, cos, strict=True)]), cos


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--fit", type=Path, help="fit weights on all pairs and write them here (JSON)")
    args = parser.parse_args()
    started = time.perf_counter()
    a, b, y = load(args.data)
    X, cos = feature_matrix(a, b, Encoder())
    result: dict = {"pairs": len(y), "positive": int(y.sum())}
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    held_out = np.zeros(len(y))
    for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(X, y):
        model = LogisticRegression(C=1.0, max_iter=5000).fit(X[train], y[train])
        held_out[test] = model.predict_proba(X[test])[:, 1]
    cut = max(np.arange(0.2, 0.8, 0.02), key=lambda t: prf(y, (held_out >= t).astype(int))["f1"])
    result["same_features_5fold_held_out"] = {
        "threshold": round(float(cut), 2),
        **prf(y, (held_out >= cut).astype(int)),
        "f1_at_0.5": prf(y, (held_out >= 0.5).astype(int))["f1"],
    }
    if not args.fit:
        shipped = np.array([paraphrase_probability(row) >= threshold() for row in X], dtype=int)
        result["corroborator_matcher_shipped_weights"] = {
            "threshold": threshold(),
            **prf(y, shipped),
            "note": "fitted on these same pairs: an in-sample number",
        }
    best = max(np.arange(0.3, 0.95, 0.01), key=lambda t: prf(y, (cos >= t).astype(int))["f1"])
    result["raw_cosine_best_threshold_on_labels"] = {
        "threshold": round(float(best), 2),
        **prf(y, (cos >= best).astype(int)),
    }
    if args.fit:
        model = LogisticRegression(C=1.0, max_iter=5000).fit(X, y)
        args.fit.write_text(
            json.dumps(
                {
                    "features": FEATURES,
                    "weights": [round(float(w), 6) for w in model.coef_[0]],
                    "bias": round(float(model.intercept_[0]), 6),
                    "threshold": round(float(cut), 2),
                    "trained_on": "MRPC train split (4,076 pairs), bench/train_matcher.py --fit",
                },
                indent=2,
            )
        )
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["machine"] = f"{platform.machine()} python {platform.python_version()}"
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
