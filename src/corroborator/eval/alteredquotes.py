"""``eval alteredquotes``: does the quote comparison tell an altered quote from one quoted differently?

Built at run time from real quotations in PolNeAR (gold attributions whose content is a direct quote of
eight words or more; no text is stored). Each quote ``q`` yields pairs ``(q, variant)`` whose answer is known
by construction:

Not alterations (the tool must stay silent):
- ``truncated_start`` / ``truncated_end``: the first or last 2-4 words left out (a quote contained in another);
- ``ellipsis``: 2-4 inner words replaced by "...";
- ``split_first`` / ``split_second``: each half of a quote split around "he said" against the whole;
- ``punctuation``: commas dropped, the first letter's case changed, curly quote marks and apostrophes;
- ``other_statement``: another quote by the same gold source in the same article (one speaker, two
  statements: not to be compared).

Alterations (the tool must flag):
- ``substituted``: one content word replaced by a content word from another quote;
- ``negated``: "not" added after the first auxiliary, or an existing negation removed;
- ``number``: a number changed (quotes with a digit only);
- ``name``: a capitalised name replaced by a name from another quote (quotes with one only).

Precision and recall are over "altered" decisions; per-variant accuracy shows which construction fails.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from itertools import pairwise
from pathlib import Path
from typing import Any

from corroborator.eval.base import EvalOptions, register, sample
from corroborator.eval.metrics import prf
from corroborator.eval.tasks import _QUOTE_MARKS, _polnear_docs
from corroborator.quotecheck import compare_quotes, quote_words
from corroborator.textutil import STOP_WORDS

ALTERED = ("substituted", "negated", "number", "name")
_AUX = re.compile(r"\b(is|was|are|were|will|would|can|could|should|do|does|did|has|have|had|must)\b")
_NEG = re.compile(r"\b(not|never)\s|n't\b")


def _quotes(docs: list[tuple[str, str, list[dict]]]) -> list[tuple[str, str, str]]:
    """(document, gold source text, quote body without its marks) for every quoted content of 8+ words."""
    out = []
    for name, text, records in docs:
        for rec in records:
            if not rec.get("source"):
                continue
            first, last = rec["content"][0], rec["content"][-1]
            body = text[first[0] : last[1]].strip()
            if not (body[:1] in _QUOTE_MARKS and body.rstrip(".,")[-1:] in _QUOTE_MARKS):
                continue
            inner = body.strip(_QUOTE_MARKS + " ,.")
            if len(inner.split()) >= 8 and not any(m in inner for m in '"“”'):
                source = " ".join(text[s:e] for s, e in rec["source"])
                out.append((name, source, inner))
    return out


def _content_words(q: str) -> list[int]:
    words = q.split()
    return [
        k
        for k, w in enumerate(words)
        if 0 < k < len(words) - 1 and w.isalpha() and w.islower() and w not in STOP_WORDS and len(w) > 3
    ]


def variants(q: str, others: list[str], rng: random.Random) -> list[tuple[str, str, str, bool]]:
    """(variant kind, quote a, quote b, is an alteration) pairs for one quote."""
    words = q.split()
    n = len(words)
    out: list[tuple[str, str, str, bool]] = []
    k = rng.randint(2, min(4, n - 6))
    out.append(("truncated_start", q, " ".join(words[k:]), False))
    out.append(("truncated_end", q, " ".join(words[:-k]), False))
    i = rng.randint(2, n - k - 2)
    out.append(("ellipsis", q, " ".join([*words[:i], "...", *words[i + k :]]), False))
    half = n // 2
    out.append(("split_first", q, " ".join(words[:half]).rstrip(",") + ",", False))
    out.append(("split_second", q, " ".join(words[half:]), False))
    punct = q.replace(",", "").replace("'", "’")
    punct = (punct[0].lower() if punct[0].isupper() else punct[0].upper()) + punct[1:]
    out.append(("punctuation", q, punct, False))
    pool = [w for o in others for w in o.split() if w.isalpha() and w.islower() and w not in STOP_WORDS and len(w) > 3]
    content = _content_words(q)
    if content and pool:
        at = rng.choice(content)
        new = rng.choice([w for w in pool if w != words[at]] or pool)
        if new != words[at]:
            out.append(("substituted", q, " ".join([*words[:at], new, *words[at + 1 :]]), True))
    if _NEG.search(q):
        out.append(("negated", q, _NEG.sub("", q, count=1), True))
    elif _AUX.search(q):
        out.append(("negated", q, _AUX.sub(lambda m: m.group(1) + " not", q, count=1), True))
    digits = [k for k, w in enumerate(words) if re.fullmatch(r"\d[\d,.]*", w.strip(",.;:"))]
    if digits:
        at = digits[0]
        value = words[at].strip(",.;:")
        changed = str(int(re.sub(r"\D", "", value) or 0) * 2 + 3)
        out.append(("number", q, " ".join([*words[:at], words[at].replace(value, changed), *words[at + 1 :]]), True))
    names = [
        k for k, w in enumerate(words) if k > 0 and w[:1].isupper() and w.isalpha() and words[k - 1][-1:] not in ".!?"
    ]
    other_names = [w for o in others for w in o.split()[1:] if w[:1].isupper() and w.isalpha() and w not in words]
    if len(names) == 1 and other_names:
        at = names[0]
        out.append(("name", q, " ".join([*words[:at], rng.choice(other_names), *words[at + 1 :]]), True))
    return out


def _name_like(word: str) -> bool:
    return word[:1].isupper() and word.isalpha() and word.lower() not in STOP_WORDS


@register
class AlteredQuotes:
    """Real PolNeAR quotes and variants whose answer is known by construction."""

    name = "alteredquotes"
    primary_metric = "f1"
    greater_is_better = True
    default_data = "polnear/data"
    default_split = "dev"
    description = "altered quotes on variants of real PolNeAR quotes (truncations, ellipses, splits vs changed words)"

    def load(self, path: Path, split: str | None) -> list:
        return _polnear_docs(path, split)

    def evaluate(self, docs: list, options: EvalOptions) -> dict[str, Any]:
        docs = sample(docs, options)
        quotes = _quotes(docs)
        rng = random.Random(options.seed)
        pairs: list[tuple[str, str, str, bool]] = []
        texts = [q for _d, _s, q in quotes]
        for n, (_doc, _source, q) in enumerate(quotes):
            pairs += variants(q, texts[max(0, n - 20) : n] + texts[n + 1 : n + 20], rng)
        by_speaker: dict[tuple[str, str], list[str]] = defaultdict(list)
        for doc, source, q in quotes:
            by_speaker[(doc, source.lower())].append(q)
        for same in by_speaker.values():
            for a, b in pairwise(same):
                if a != b:
                    pairs.append(("other_statement", a, b, False))
        right: Counter[str] = Counter()
        total: Counter[str] = Counter()
        tp = fp = fn = 0
        for kind, a, b, altered in pairs:
            flagged = compare_quotes(quote_words(a), quote_words(b)) is not None
            total[kind] += 1
            right[kind] += flagged == altered
            tp += flagged and altered
            fp += flagged and not altered
            fn += altered and not flagged
        scores = prf(tp, tp + fp, tp + fn)
        return {
            "examples": len(docs),
            "quotes": len(quotes),
            "pairs": len(pairs),
            **scores,
            "accuracy_by_variant": {k: round(right[k] / total[k], 4) for k in sorted(total)},
            "pairs_by_variant": dict(sorted(total.items())),
        }
