"""Sentence matcher: is sentence B a paraphrase of sentence A?

A logistic model over features a person would check: embedding cosine, how
many words and word pairs are shared, whether the numbers agree, whether the
same names appear, and the length difference. Raw cosine alone confuses "the
same event, a different fact" with a paraphrase (see ../shared/MODELS.md);
numbers and names separate them. The weights ship in ``matcher_weights.json``
and are fitted by ``bench/train_matcher.py --fit`` on the MRPC train split.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from corroborator.textutil import STOP_WORDS, capitalised_words, words

FEATURES = [
    "cosine",
    "cosine_sq",
    "word_sequence",
    "word_jaccard",
    "content_overlap",
    "content_jaccard",
    "bigram_jaccard",
    "numbers_agree",
    "numbers_conflict",
    "numbers_one_side",
    "length_ratio",
    "names_jaccard",
    "names_one_side",
    "unmatched_a",
    "unmatched_b",
    "unmatched_log",
]


def word_similarity(a: list[str], b: list[str]) -> float:
    """2 x (words in common, in order) / (total words): difflib's ratio, computed in C by rapidfuzz."""
    from rapidfuzz.distance import Indel

    return Indel.normalized_similarity(a, b) if a and b else 0.0


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _numbers(text: str) -> set[str]:
    """Numbers as values, so "fourteen" and "14" agree."""
    from corroborator.facts.quantities import extract_quantities

    return {f"{q.value:g}" for q in extract_quantities(text) if q.value == q.value}


@lru_cache(maxsize=65536)
def _profile(text: str) -> tuple[list[str], set[str], set[tuple[str, str]], set[str], set[str]]:
    """Per-sentence parts of the features, computed once per sentence, not once per pair."""
    tokens = words(text)
    return (
        tokens,
        {w for w in tokens if w not in STOP_WORDS},
        set(pairwise(tokens)),
        _numbers(text),
        capitalised_words(text),
    )


def features(a: str, b: str, cosine: float) -> list[float]:
    wa, ca, ba, na, ma = _profile(a)
    wb, cb, bb, nb, mb = _profile(b)
    return [
        cosine,
        cosine * cosine,
        word_similarity(wa, wb),
        _jaccard(set(wa), set(wb)),
        len(ca & cb) / max(1, min(len(ca), len(cb))),
        _jaccard(ca, cb),
        _jaccard(ba, bb),
        1.0 if na and na == nb else 0.0,
        1.0 if na and nb and na != nb else 0.0,
        1.0 if bool(na) != bool(nb) else 0.0,
        min(len(wa), len(wb)) / max(1, max(len(wa), len(wb))),
        _jaccard(ma, mb),
        len(ma ^ mb) / max(1, len(ma | mb)),
        # MRPC's non-paraphrases mostly carry extra information on one side: count it.
        float(len(ca - cb)),
        float(len(cb - ca)),
        math.log1p(len(ca ^ cb)),
    ]


@lru_cache(maxsize=1)
def _weights() -> tuple[list[float], float, float]:
    data = json.loads((Path(__file__).with_name("matcher_weights.json")).read_text())
    if data["features"] != FEATURES:
        raise RuntimeError(
            "matcher_weights.json was fitted for other features; refit with bench/train_matcher.py --fit"
        )
    return data["weights"], data["bias"], data["threshold"]


def threshold() -> float:
    """Decision threshold on the probability, chosen for F1 on held-out cross-validation folds."""
    return _weights()[2]


def paraphrase_probability(row: list[float]) -> float:
    weights, bias, _ = _weights()
    z = bias + sum(w * x for w, x in zip(weights, row, strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def is_paraphrase(a: str, b: str, cosine: float) -> tuple[bool, float]:
    p = paraphrase_probability(features(a, b, cosine))
    return p >= threshold(), p
