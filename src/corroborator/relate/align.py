"""Sentence alignment between two articles.

Each sentence of A is paired with at most one sentence of B (greedy, best
first) and the pair is labelled:
- ``verbatim``: the same words up to case and punctuation;
- ``near_verbatim``: small edits (word-level similarity >= 0.7);
- ``paraphrase``: the same content in other words (the sentence matcher in
  ``matcher``: embedding cosine with word, number and name agreement);
- ``same_fact``: an independently written sentence stating the same fact
  (moderate cosine plus a shared number or name);
- ``shared_quote``: (near-)verbatim sentences that are mostly a direct
  quotation in both articles. Two outlets quoting one person alike is not
  copying, so these do not count as reuse (issue 4 compares their wording).
Sentence cosine alone cannot separate a paraphrase from an independent
statement of the same fact (see ../shared/MODELS.md), so the article-level
decision in ``relations`` weighs coverage, order and verbatim share together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from corroborator.facts.quantities import extract_quantities, same_quantity_value
from corroborator.relate.matcher import is_paraphrase, word_similarity
from corroborator.types import Article

LABELS = ("verbatim", "near_verbatim", "paraphrase", "same_fact", "shared_quote")
_RANK = {"verbatim": 4, "shared_quote": 4, "near_verbatim": 3, "paraphrase": 2, "same_fact": 1}
REUSE = ("verbatim", "near_verbatim", "paraphrase")

MIN_COSINE = 0.45  # below this no sentence pair is considered; the matcher decides above it


@dataclass(frozen=True, slots=True)
class SentencePair:
    i: int  # sentence index in A
    j: int  # sentence index in B
    label: str
    cosine: float
    words: float  # word-level similarity (0 when not computed: cosine too low for small edits)


@dataclass(frozen=True, slots=True)
class Alignment:
    pairs: tuple[SentencePair, ...]
    coverage_a: dict[str, float]  # label -> share of A's characters in sentences with that label
    coverage_b: dict[str, float]
    order: float  # share of reused pairs in the longest order-preserving chain (1.0 = same order)

    def reuse_a(self) -> float:
        return sum(self.coverage_a.get(k, 0.0) for k in REUSE)

    def reuse_b(self) -> float:
        return sum(self.coverage_b.get(k, 0.0) for k in REUSE)

    def verbatim_a(self) -> float:
        return self.coverage_a.get("verbatim", 0.0) + self.coverage_a.get("near_verbatim", 0.0)

    def verbatim_b(self) -> float:
        return self.coverage_b.get("verbatim", 0.0) + self.coverage_b.get("near_verbatim", 0.0)

    def edit_similarity(self) -> float:
        """Mean word-level similarity of the reused sentence pairs: ~1 for a copy, lower for a rewrite."""
        reused = [p.words for p in self.pairs if p.label in REUSE]
        return sum(reused) / len(reused) if reused else 0.0


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _names(text: str) -> set[str]:
    tokens = re.findall(r"\b[A-Z][\w'’-]+", text)
    return {t.lower() for t in tokens[1:]} | (
        {tokens[0].lower()} if tokens and not text.startswith(tokens[0]) else set()
    )


def sentence_texts(article: Article) -> list[str]:
    return [article.text[s.start : s.end] for s in article.sentences]


def label_pair(
    ta: str, tb: str, cosine: float, wa: list[str] | None = None, wb: list[str] | None = None
) -> tuple[str | None, float]:
    """The label of one sentence pair (or None) and its word-level similarity."""
    wa = words(ta) if wa is None else wa
    wb = words(tb) if wb is None else wb
    if not wa or not wb:
        return None, 0.0
    if wa == wb:
        return "verbatim", 1.0
    ratio = 0.0
    if cosine >= 0.6:
        ratio = word_similarity(wa, wb)
        if ratio >= 0.7 and min(len(wa), len(wb)) >= 4:
            return "near_verbatim", ratio
    if cosine >= MIN_COSINE:
        match, probability = is_paraphrase(ta, tb, cosine)
        if match and (cosine >= 0.6 or probability >= 0.5):  # low-cosine pairs need a surer matcher
            return "paraphrase", ratio
    if cosine >= 0.55:
        shared_names = _names(ta) & _names(tb)
        if len(shared_names) >= 2 or _shared_quantity(ta, tb):
            return "same_fact", ratio
    return None, ratio


def _shared_quantity(ta: str, tb: str) -> bool:
    """A quantity stated in both, allowing unit conversion ("12 km" and "7.5 miles")."""
    qa = [q for q in extract_quantities(ta) if not (q.unit == "dimensionless" and 1900 <= q.value <= 2100)]
    qb = [q for q in extract_quantities(tb) if not (q.unit == "dimensionless" and 1900 <= q.value <= 2100)]
    return any(same_quantity_value(x, y, 0.05) for x in qa for y in qb)


def align(a: Article, b: Article, ea: np.ndarray, eb: np.ndarray) -> Alignment:
    """Align the sentences of ``a`` and ``b`` given their sentence embeddings (unit rows)."""
    ta, tb = sentence_texts(a), sentence_texts(b)
    wa, wb = [words(t) for t in ta], [words(t) for t in tb]
    qa, qb = quoted_share(a), quoted_share(b)
    cos = ea @ eb.T if len(ta) and len(tb) else np.zeros((len(ta), len(tb)))
    candidates = []
    for i, j in zip(*np.nonzero(cos >= MIN_COSINE)):
        label, ratio = label_pair(ta[i], tb[j], float(cos[i, j]), wa[i], wb[j])
        if label in ("verbatim", "near_verbatim") and qa[i] >= 0.5 and qb[j] >= 0.5:
            label = "shared_quote"
        if label:
            candidates.append((_RANK[label], float(cos[i, j]), int(i), int(j), label, ratio))
    exact = {" ".join(w): k for k, w in enumerate(wb) if w}
    for i, w in enumerate(wa):  # verbatim pairs even when the model scores them oddly (very short sentences)
        j = exact.get(" ".join(w))
        if j is not None and cos[i, j] < MIN_COSINE:
            candidates.append((_RANK["verbatim"], float(cos[i, j]), i, j, "verbatim", 1.0))
    candidates.sort(key=lambda c: (-c[0], -c[1], c[2], c[3]))
    used_a, used_b, pairs = set(), set(), []
    for _rank, score, i, j, label, ratio in candidates:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append(SentencePair(i, j, label, round(score, 4), round(ratio, 4)))
    pairs.sort(key=lambda p: (p.i, p.j))
    return Alignment(
        pairs=tuple(pairs),
        coverage_a=_coverage(a, pairs, "i"),
        coverage_b=_coverage(b, pairs, "j"),
        order=_order([p for p in pairs if p.label in REUSE]),
    )


def quoted_share(article: Article) -> list[float]:
    """For each sentence, the share of its characters inside a direct quotation."""
    out = []
    for s in article.sentences:
        inside = sum(max(0, min(s.end, q.end) - max(s.start, q.start)) for q in article.quotes)
        out.append(inside / max(1, s.end - s.start))
    return out


def _coverage(article: Article, pairs: list[SentencePair], side: str) -> dict[str, float]:
    """Share of the article's characters under each label. Shared quotes are neutral: they
    count neither for reuse nor against it, so they leave the denominator too."""
    neutral = {getattr(p, side) for p in pairs if p.label == "shared_quote"}
    total = sum(s.end - s.start for k, s in enumerate(article.sentences) if k not in neutral) or 1
    out: dict[str, float] = {}
    for p in pairs:
        if p.label == "shared_quote":
            continue
        s = article.sentences[getattr(p, side)]
        out[p.label] = out.get(p.label, 0.0) + (s.end - s.start) / total
    return {k: round(v, 4) for k, v in out.items()}


def _order(pairs: list[SentencePair]) -> float:
    """Length of the longest increasing run of B positions, over the number of pairs."""
    if len(pairs) < 2:
        return 1.0
    seq = [p.j for p in sorted(pairs, key=lambda p: p.i)]
    tails: list[int] = []
    import bisect

    for x in seq:
        k = bisect.bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
        else:
            tails[k] = x
    return round(len(tails) / len(seq), 4)
