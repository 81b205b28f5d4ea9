"""Metrics shared by the evaluators (no scikit-learn needed at run time)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np


def prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def binary(y: list[int], pred: list[int]) -> dict[str, float]:
    tp = sum(1 for a, b in zip(y, pred, strict=True) if a == 1 and b == 1)
    out = prf(tp, sum(pred), sum(y))
    out["accuracy"] = round(sum(1 for a, b in zip(y, pred, strict=True) if a == b) / max(1, len(y)), 4)
    return out


def ari(gold: list, pred: list) -> float:
    """Adjusted Rand index."""

    def comb2(n: float) -> float:
        return n * (n - 1) / 2

    pairs = Counter(zip(gold, pred, strict=True))
    sum_ij = sum(comb2(n) for n in pairs.values())
    sum_a = sum(comb2(n) for n in Counter(gold).values())
    sum_b = sum(comb2(n) for n in Counter(pred).values())
    total = comb2(len(gold))
    expected = sum_a * sum_b / total if total else 0.0
    maximum = (sum_a + sum_b) / 2
    return 1.0 if maximum == expected else (sum_ij - expected) / (maximum - expected)


def nmi(gold: list, pred: list) -> float:
    """Normalised mutual information (arithmetic mean of the entropies)."""
    n = len(gold)
    joint = Counter(zip(gold, pred, strict=True))
    cg, cp = Counter(gold), Counter(pred)
    mi = sum(c / n * math.log(c * n / (cg[g] * cp[p])) for (g, p), c in joint.items())
    hg = -sum(c / n * math.log(c / n) for c in cg.values())
    hp = -sum(c / n * math.log(c / n) for c in cp.values())
    return 1.0 if hg + hp == 0 else 2 * mi / (hg + hp)


def bcubed(gold: list, pred: list) -> dict[str, float]:
    g, p = np.array(gold, dtype=object), np.array(pred, dtype=object)
    precision = recall = 0.0
    for k in range(len(gold)):
        same_p, same_g = p == p[k], g == g[k]
        both = np.sum(same_p & same_g)
        precision += both / np.sum(same_p)
        recall += both / np.sum(same_g)
    precision, recall = precision / len(gold), recall / len(gold)
    precision, recall = float(precision), float(recall)
    return {
        "b3_precision": round(precision, 4),
        "b3_recall": round(recall, 4),
        "b3_f1": round(2 * precision * recall / (precision + recall) if precision + recall else 0.0, 4),
    }


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    from scipy.stats import spearmanr

    return float(spearmanr(x, y).statistic)


def auc(scores: Sequence[float], positives: Sequence[bool]) -> float:
    """ROC AUC: the chance a positive scores above a negative (ties count half)."""
    pos = [s for s, p in zip(scores, positives, strict=True) if p]
    neg = [s for s, p in zip(scores, positives, strict=True) if not p]
    wins = sum((a > b) + 0.5 * (a == b) for a in pos for b in neg)
    return wins / max(1, len(pos) * len(neg))
