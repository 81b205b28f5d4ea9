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

import bisect
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from corroborator.facts.quantities import extract_quantities, same_quantity_value
from corroborator.options import RelateOptions
from corroborator.relate.matcher import is_paraphrase, word_similarity
from corroborator.textutil import capitalised_words, words
from corroborator.types import REUSE_LABELS, Alignment, Article, Passage, PassageLabel

_RANK = {"verbatim": 4, "shared_quote": 4, "near_verbatim": 3, "paraphrase": 2, "same_fact": 1}


def sentence_texts(article: Article) -> list[str]:
    return [article.text[s.start : s.end] for s in article.sentences]


def label_pair(
    ta: str,
    tb: str,
    cosine: float,
    wa: list[str] | None = None,
    wb: list[str] | None = None,
    options: RelateOptions | None = None,
) -> tuple[PassageLabel | None, float]:
    """The label of one sentence pair (or None) and its word-level similarity."""
    options = options or RelateOptions()
    wa = words(ta) if wa is None else wa
    wb = words(tb) if wb is None else wb
    if not wa or not wb:
        return None, 0.0
    if wa == wb:
        return "verbatim", 1.0
    ratio = 0.0
    if cosine >= 0.6:
        ratio = word_similarity(wa, wb)
        if ratio >= options.near_verbatim_words and min(len(wa), len(wb)) >= 4:
            return "near_verbatim", ratio
    if cosine >= options.min_cosine:
        match, probability = is_paraphrase(ta, tb, cosine)
        if match and (cosine >= 0.6 or probability >= 0.5):  # low-cosine pairs need a surer matcher
            return "paraphrase", ratio
    if cosine >= options.same_fact_cosine:
        shared_names = capitalised_words(ta) & capitalised_words(tb)
        if len(shared_names) >= 2 or _shared_quantity(ta, tb):
            return "same_fact", ratio
    return None, ratio


# ``label_pair`` results, remembered per options: a story of many articles repeats the same sentence pairs
# (wire copies, shared quotes), and the matcher is the costly part of aligning them. Keyed by the two texts
# and the cosine within one options' table, so a lookup hashes the options once per article pair, not once
# per sentence pair. Bounded: a table is emptied when it reaches LABEL_CACHE_SIZE (~130k pairs).
LABEL_CACHE_SIZE = 1 << 17
_LABELS: dict[RelateOptions, dict[tuple[str, str, float], tuple[PassageLabel | None, float]]] = {}


def _label_table(options: RelateOptions) -> dict[tuple[str, str, float], tuple[PassageLabel | None, float]]:
    table = _LABELS.setdefault(options, {})
    if len(table) >= LABEL_CACHE_SIZE:
        table.clear()
    return table


@dataclass(frozen=True, slots=True)
class _Prepared:
    """What alignment reads of one article whatever it is paired with (computed once per article)."""

    texts: list[str]
    words: list[list[str]]
    joined: dict[str, int]  # a sentence's words joined by spaces -> its last index (verbatim pairs)
    joined_list: list[str]
    quoted: list[float]


# The last few hundred articles aligned, by identity: a story of n articles aligns each one n - 1 times.
# The entry holds the article itself, so its id cannot be reused by another object while it is here.
_PREPARED: OrderedDict[int, tuple[Article, _Prepared]] = OrderedDict()
PREPARED_CACHE_SIZE = 512


def _prepared(article: Article) -> _Prepared:
    hit = _PREPARED.get(id(article))
    if hit is not None and hit[0] is article:
        _PREPARED.move_to_end(id(article))
        return hit[1]
    texts = sentence_texts(article)
    ws = [words(t) for t in texts]
    joined_list = [" ".join(w) for w in ws]
    prepared = _Prepared(
        texts=texts,
        words=ws,
        joined={j: k for k, j in enumerate(joined_list) if j},
        joined_list=joined_list,
        quoted=quoted_share(article),
    )
    _PREPARED[id(article)] = (article, prepared)
    if len(_PREPARED) > PREPARED_CACHE_SIZE:
        _PREPARED.popitem(last=False)
    return prepared


def _shared_quantity(ta: str, tb: str) -> bool:
    """A quantity stated in both, allowing unit conversion ("12 km" and "7.5 miles")."""
    qa = [q for q in extract_quantities(ta) if not (q.unit == "dimensionless" and 1900 <= q.value <= 2100)]
    qb = [q for q in extract_quantities(tb) if not (q.unit == "dimensionless" and 1900 <= q.value <= 2100)]
    return any(same_quantity_value(x, y, 0.05) for x in qa for y in qb)


def align(a: Article, b: Article, ea: np.ndarray, eb: np.ndarray, options: RelateOptions | None = None) -> Alignment:
    """Align the sentences of ``a`` and ``b`` given their sentence embeddings (unit rows)."""
    options = options or RelateOptions()
    pa, pb = _prepared(a), _prepared(b)
    ta, tb = pa.texts, pb.texts
    qa, qb = pa.quoted, pb.quoted
    cos = ea @ eb.T if len(ta) and len(tb) else np.zeros((len(ta), len(tb)))
    table = _label_table(options)
    candidates = []
    ii, jj = np.nonzero(cos >= options.min_cosine)
    for i, j, c in zip(ii.tolist(), jj.tolist(), cos[ii, jj].tolist(), strict=True):
        key = (ta[i], tb[j], c)
        found = table.get(key)
        if found is None:
            found = table[key] = label_pair(ta[i], tb[j], c, pa.words[i], pb.words[j], options)
        label, ratio = found
        if label in ("verbatim", "near_verbatim") and qa[i] >= 0.5 and qb[j] >= 0.5:
            label = "shared_quote"
        if label:
            candidates.append((_RANK[label], c, i, j, label, ratio))
    for i, joined in enumerate(pa.joined_list):  # verbatim pairs even when the model scores them oddly (short ones)
        k = pb.joined.get(joined)
        if k is not None and cos[i, k] < options.min_cosine:
            candidates.append((_RANK["verbatim"], float(cos[i, k]), i, k, "verbatim", 1.0))
    candidates.sort(key=lambda c: (-c[0], -c[1], c[2], c[3]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[Passage] = []
    for _rank, score, i, j, label, ratio in candidates:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append(Passage(i, j, label, round(score, 4), round(ratio, 4)))
    pairs.sort(key=lambda p: (p.i, p.j))
    return Alignment(
        pairs=tuple(pairs),
        coverage_a=_coverage(a, pairs, "i"),
        coverage_b=_coverage(b, pairs, "j"),
        order=_order([p for p in pairs if p.label in REUSE_LABELS]),
    )


def quoted_share(article: Article) -> list[float]:
    """For each sentence, the share of its characters inside a direct quotation."""
    out = []
    for s in article.sentences:
        inside = sum(max(0, min(s.end, q.end) - max(s.start, q.start)) for q in article.quotes)
        out.append(inside / max(1, s.end - s.start))
    return out


def _coverage(article: Article, pairs: list[Passage], side: str) -> dict[str, float]:
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


def _order(pairs: list[Passage]) -> float:
    """Length of the longest increasing run of B positions, over the number of pairs."""
    if len(pairs) < 2:
        return 1.0
    seq = [p.j for p in sorted(pairs, key=lambda p: p.i)]
    tails: list[int] = []
    for x in seq:
        k = bisect.bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
        else:
            tails[k] = x
    return round(len(tails) / len(seq), 4)
