"""Findings: what a reader must know, each pointing at the exact sentences.

Precision comes first: a false alarm costs a fact-checker's trust, so every rule
below asks for strong evidence and says what it saw.

- ``altered_quote``: one speaker, quoted words that differ beyond punctuation,
  case or quote marks (with the word-level diff). Higher confidence when one
  article is a copy of the other (the copy changed the words); lower when two
  independent outlets differ (often two translations of one statement).
- ``numeric_conflict``: aligned mentions give one quantity (same dimension and
  the same thing counted) differently beyond rounding, unit conversion and
  their qualifiers ("about", "up to", "at least").
- ``date_conflict``: aligned mentions give different calendar dates.
- ``attribution_conflict``: aligned mentions credit different named upstream sources.
- ``name_variant``: one source spelt differently across articles (informational).
- ``meaning_change``: a copy or rewrite flips a negation or swaps a name of its source.
- ``unique_claim``: a checkable claim (a number, a credit or a quote) that only one
  outlet makes in a story of three or more independent outlets.
- ``unsupported_headline``: a headline that neither its body nor the story's
  other articles support.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from difflib import SequenceMatcher
from itertools import combinations
from typing import Any

from corroborator.attribution import is_generic, source_key, written_name
from corroborator.facts.mentions import MentionFacts, mention_facts
from corroborator.facts.quantities import Quantity, extract_quantities, same_quantity_value
from corroborator.options import FindingOptions
from corroborator.textutil import date_key
from corroborator.types import (
    COPY_KINDS,
    Article,
    Attribution,
    Claim,
    EvidenceSpan,
    Finding,
    FindingKind,
    Mention,
    Quote,
    Relation,
    Story,
)

# (headline or sentence, articles to search) -> (best cosine, (article, start, end) of the best sentence or None)
Similarity = Callable[[str, list[Article]], tuple[float, tuple[Article, int, int] | None]]

_NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|n't|denied|denies|without)\b", re.I)
_NOT_NEGATION = re.compile(r"\b(?:not long|not only|not least|no longer|no later|no one|nobody|not yet known)\b", re.I)
_APPROX = {
    "about",
    "around",
    "approximately",
    "roughly",
    "some",
    "nearly",
    "almost",
    "an estimated",
    "estimated",
    "close to",
    "circa",
    "c.",
    "approx.",
}
_BOUNDS = {
    "up to": "max",
    "at most": "max",
    "less than": "max",
    "fewer than": "max",
    "under": "max",
    "as many as": "max",
    "as much as": "max",
    "just under": "max",
    "at least": "min",
    "more than": "min",
    "over": "min",
    "upwards of": "min",
    "just over": "min",
}


def _finding(
    kind: FindingKind,
    story: str | None,
    claim: str | None,
    summary: str,
    confidence: float,
    evidence: list[EvidenceSpan],
    **details: Any,
) -> Finding:
    key = f"{kind}|{claim}|" + "|".join(f"{e.article}:{e.start}" for e in evidence)
    return Finding(
        id="f-" + hashlib.sha1(key.encode()).hexdigest()[:10],
        kind=kind,
        story=story,
        articles=tuple(dict.fromkeys(e.article for e in evidence)),
        claim=claim,
        summary=summary,
        confidence=round(confidence, 2),
        evidence=tuple(evidence),
        details=details,
    )


def _span(article: Article, start: int, end: int) -> EvidenceSpan:
    return EvidenceSpan(article.id, start, end, article.text[start:end])


Copies = dict[frozenset[str], Relation]


def _copy_pairs(relations: Sequence[Relation]) -> Copies:
    return {frozenset((r.a, r.b)): r for r in relations if r.kind in COPY_KINDS}


def build_findings(
    articles: Sequence[Article],
    stories: Sequence[Story],
    relations: Sequence[Relation],
    claims: Sequence[Claim],
    headline_similarity: Similarity | None = None,
    options: FindingOptions | None = None,
) -> list[Finding]:
    """Every finding of the batch, most confident first."""
    options = options or FindingOptions()
    by_id = {a.id: a for a in articles}
    story_of = {aid: s.id for s in stories for aid in s.articles}
    copies = _copy_pairs(relations)
    findings: list[Finding] = []
    findings += altered_quotes(articles, story_of, copies, options)
    story_outlets = {source_key(a.meta.outlet) for a in articles if a.meta.outlet}
    for claim in claims:
        findings += _within_claim(claim, by_id, copies, story_outlets)
    findings += _aligned_conflicts(relations, claims, by_id, story_of, findings)
    findings += name_variants(articles, story_of)
    findings += unique_claims(claims, stories, by_id, headline_similarity, options)
    if headline_similarity is not None:
        findings += unsupported_headlines(articles, stories, by_id, story_of, headline_similarity, options)
    return rank_findings(findings, options.top_per_story)


# How much each kind matters to a fact-checker before anything else is known (issue 13, item 5).
SEVERITY: dict[str, float] = {
    "numeric_conflict": 1.0,
    "date_conflict": 0.95,
    "altered_quote": 0.9,
    "meaning_change": 0.9,
    "attribution_conflict": 0.85,
    "unsupported_headline": 0.7,
    "unique_claim": 0.5,
    "name_variant": 0.1,
}


def rank_findings(findings: Sequence[Finding], top_per_story: int) -> list[Finding]:
    """Findings sorted by importance (severity x confidence), the first ``top_per_story`` of each story marked ``top``.

    ``name_variant`` is informational: it is never marked top.
    """
    scored = [replace(f, importance=round(SEVERITY.get(f.kind, 0.5) * f.confidence, 3)) for f in findings]
    scored.sort(key=lambda f: (-f.importance, f.kind, f.id))
    shown: dict[str | None, int] = {}
    out = []
    for f in scored:
        n = shown.get(f.story, 0)
        is_top = f.kind != "name_variant" and n < top_per_story
        if is_top:
            shown[f.story] = n + 1
        out.append(replace(f, top=is_top))
    return out


# -- quotes ---------------------------------------------------------------------------------------


def _quote_words(text: str) -> list[str]:
    return re.findall(r"[\w'’%-]+", text.lower().replace("’", "'"))


def word_diff(a: str, b: str) -> list[dict]:
    """Word-level differences between two quotes: [{"op": "replace|delete|insert", "a": ..., "b": ...}]."""
    wa, wb = a.split(), b.split()
    ops = []
    norm = lambda w: re.sub(r"[^\w%]", "", w.lower())  # noqa: E731 - compare words without punctuation
    for tag, i1, i2, j1, j2 in SequenceMatcher(
        None, [norm(w) for w in wa], [norm(w) for w in wb], autojunk=False
    ).get_opcodes():
        if tag != "equal":
            ops.append({"op": tag, "a": " ".join(wa[i1:i2]), "b": " ".join(wb[j1:j2])})
    return ops


def altered_quotes(
    articles: Sequence[Article], story_of: dict[str, str], copies: Copies, options: FindingOptions
) -> list[Finding]:
    """One finding per differing version of a speaker's quote, against the version most outlets carry."""
    by_speaker: dict[tuple[str, str], list[tuple[Article, Quote]]] = {}
    for art in articles:
        for quote in art.quotes:
            if quote.speaker and len(quote.text.split()) >= options.min_quote_words:
                by_speaker.setdefault((story_of.get(art.id, ""), source_key(quote.speaker)), []).append((art, quote))
    out = []
    for (story, _speaker), quotes in by_speaker.items():
        # Versions: identical words are one version; similar versions are one statement quoted differently.
        versions: dict[tuple[str, ...], list[tuple[Article, Quote]]] = {}
        for art, quote in quotes:
            versions.setdefault(tuple(_quote_words(quote.text)), []).append((art, quote))
        keys = list(versions)
        for x, y in combinations(keys, 2):
            ratio = SequenceMatcher(None, x, y, autojunk=False).ratio()
            shared = len(set(x) & set(y)) / max(1, min(len(set(x)), len(set(y))))
            if ratio < 0.45 and shared < 0.5:
                continue  # two different statements by one speaker
            major, minor = (
                (x, y) if (len(versions[x]), -keys.index(x)) >= (len(versions[y]), -keys.index(y)) else (y, x)
            )
            pair = next(
                (
                    copies.get(frozenset((m.id, n.id)))
                    for m, _ in versions[major]
                    for n, _ in versions[minor]
                    if copies.get(frozenset((m.id, n.id)))
                ),
                None,
            )
            if pair and pair.original in {m.id for m, _ in versions[minor]}:
                major, minor = minor, major  # the original's words are the reference; the copy's are the change
            (a, qa), (b, qb) = versions[major][0], versions[minor][0]
            if a.id == b.id:
                continue
            diff = word_diff(qa.text, qb.text)
            carriers = ", ".join(dict.fromkeys(m.label for m, _ in versions[major]))
            if pair:
                confidence = 0.9 if ratio >= 0.5 else 0.75
                note = (
                    f"{b.label} is a {pair.kind.replace('_', '-')} of {carriers}: the copy changed the quoted words"
                    if pair.original in {m.id for m, _ in versions[major]}
                    else f"one is a {pair.kind.replace('_', '-')} of the other, so one of them changed the quoted words"
                )
            else:
                confidence = 0.8 if ratio >= 0.7 else 0.6
                note = "the outlets are independent: possibly two translations or recordings of one statement"
            changed = sum(len((d["a"] + " " + d["b"]).split()) for d in diff)
            story_id = story or None
            out.append(
                _finding(
                    "altered_quote",
                    story_id,
                    None,
                    f"{b.label} quotes {qa.speaker} differently from {carriers} ({changed} words changed; {note})",
                    confidence,
                    [_span(a, qa.start, qa.end), _span(b, qb.start, qb.end)],
                    diff=diff,
                    speaker=qa.speaker,
                    versions=[
                        {"articles": [m.id for m, _ in versions[v]], "text": versions[v][0][1].text}
                        for v in (major, minor)
                    ],
                )
            )
    return out


# -- numbers, dates, credits and meaning within one claim -----------------------------------------

_FILLER = {
    "of",
    "the",
    "a",
    "an",
    "more",
    "than",
    "were",
    "was",
    "are",
    "is",
    "have",
    "had",
    "been",
    "and",
    "or",
    "other",
    "additional",
    "further",
    "some",
    "about",
    "around",
    "new",
    "extra",
    "in",
    "to",
    "from",
}


def _head(article: Article, q: Quantity) -> set[str]:
    """What a bare number counts: the first content word after it ("200 officers" -> officer)."""
    for word in re.findall(r"[A-Za-z]+", article.text[q.end : q.end + 60].lower()):
        if word not in _FILLER:
            return {word[:-1] if word.endswith("s") and len(word) > 3 else word}
    return set()


def _compatible(a: Quantity, b: Quantity) -> bool:
    """Do two quantities agree once rounding, conversion and qualifiers are allowed for?"""
    tolerance = 0.15 if (a.qualifier in _APPROX or b.qualifier in _APPROX) else 0.02
    if same_quantity_value(a, b, tolerance):
        return True
    va, vb = a.base_value, b.base_value
    for x, vx, vy in ((a, va, vb), (b, vb, va)):
        bound = _BOUNDS.get(x.qualifier or "")
        if bound == "max" and vy <= vx * (1 + tolerance):
            return True
        if bound == "min" and vy >= vx * (1 - tolerance):
            return True
    return False


def _within_claim(claim: Claim, articles: dict[str, Article], copies: Copies, story_outlets: set[str]) -> list[Finding]:
    """Conflicts between mentions of one claim. Copies of one original say what it says, so
    mentions are compared across copy groups, and each conflict is reported once per pair of groups."""
    out: list[Finding] = []
    seen: set[tuple[str, frozenset[str]]] = set()
    for ma, mb in combinations(claim.mentions, 2):
        if ma.article == mb.article:
            continue
        a, b = articles[ma.article], articles[mb.article]
        fa, fb = ma.facts, mb.facts
        found: list[Finding] = []
        relation = copies.get(frozenset((a.id, b.id)))
        if relation and relation.original in (a.id, b.id):
            source, copy = (a, b) if relation.original == a.id else (b, a)
            ms, mc = (ma, mb) if source is a else (mb, ma)
            found += _meaning(claim, source, copy, ms, mc, relation.kind)
        if ma.group != mb.group:
            found += _numeric(claim.story, claim.id, a, b, fa, fb)
            found += _dates(claim.story, claim.id, a, b, fa, fb)
        if _linked(claim, ma, mb) in ("verbatim", "near_verbatim", "paraphrase"):
            # Also within a copy group: a copy that credits another source than its original is worth knowing.
            found += _credits(claim, a, b, fa, fb, ma, mb, story_outlets, copied=relation is not None)
        for finding in found:
            key = (finding.kind, frozenset((ma.group, mb.group)))
            if finding.kind != "meaning_change" and key in seen:
                continue
            seen.add(key)
            out.append(finding)
    return out


def _aligned_conflicts(
    relations: Sequence[Relation],
    claims: Sequence[Claim],
    articles: dict[str, Article],
    story_of: dict[str, str],
    found: list[Finding],
) -> list[Finding]:
    """Numbers and dates of sentence pairs that alignment found to state the same fact, when claims did
    not group them (a sentence that packs several facts can sit in a claim of its own): one quantity
    of the same counted thing given differently is still a conflict a reader must see."""
    claim_of = {(m.article, m.sentence): c for c in claims for m in c.mentions}
    group_of = {(m.article): m.group for c in claims for m in c.mentions}
    seen = {(f.kind, frozenset(group_of.get(e.article, e.article) for e in f.evidence)) for f in found}
    out: list[Finding] = []
    # Originals first: a conflict between two copy groups is reported once, at the groups' originals.
    copies_in = lambda rel: sum(group_of.get(x, x) != x for x in (rel.a, rel.b))  # noqa: E731
    for rel in sorted(relations, key=lambda r: (copies_in(r), r.a, r.b)):
        if rel.is_copy or story_of.get(rel.a) != story_of.get(rel.b):
            continue
        if group_of.get(rel.a, rel.a) == group_of.get(rel.b, rel.b):
            continue
        a, b = articles[rel.a], articles[rel.b]
        earlier_first = (date_key(a.meta.published), a.id) <= (date_key(b.meta.published), b.id)
        if not earlier_first:
            a, b = b, a  # the earlier article's words first, as in a claim's mentions
        for p in rel.alignment.pairs:
            if p.label not in ("paraphrase", "same_fact"):
                continue
            i, j = (p.i, p.j) if earlier_first else (p.j, p.i)
            ca, cb = claim_of.get((a.id, i)), claim_of.get((b.id, j))
            if ca is not None and ca is cb:
                continue  # compared within the claim already
            # A copy says what its original says: cite the original's sentence of the same claim.
            xa, xi = _at_original(a, i, ca, group_of, articles)
            xb, xj = _at_original(b, j, cb, group_of, articles)
            if (date_key(xb.meta.published), xb.id) < (date_key(xa.meta.published), xa.id):
                # the earlier article's words first
                (xa, xi), (xb, xj) = (xb, xj), (xa, xi)
            fa, fb = mention_facts(xa, xi), mention_facts(xb, xj)
            claim_id = ca.id if ca is not None else None
            for finding in _numeric(story_of.get(a.id), claim_id, xa, xb, fa, fb) + _dates(
                story_of.get(a.id), claim_id, xa, xb, fa, fb
            ):
                key = (finding.kind, frozenset(group_of.get(e.article, e.article) for e in finding.evidence))
                if key not in seen:
                    seen.add(key)
                    out.append(finding)
    return out


def _at_original(
    article: Article, sentence: int, claim: Claim | None, group_of: dict[str, str], articles: dict[str, Article]
) -> tuple[Article, int]:
    """The original's mention of the same claim when ``article`` is a copy, else the article's own sentence."""
    root = group_of.get(article.id, article.id)
    if claim is None or root == article.id:
        return article, sentence
    at_root = next((m for m in claim.mentions if m.article == root), None)
    return (articles[root], at_root.sentence) if at_root else (article, sentence)


def _linked(claim: Claim, ma: Mention, mb: Mention) -> str | None:
    """The label of the alignment that joined two mentions directly, if they were."""
    ends = {(ma.article, ma.sentence), (mb.article, mb.sentence)}
    for link in claim.links:
        if {(link.a, link.a_sentence), (link.b, link.b_sentence)} == ends:
            return link.label
    return None


def _numeric(
    story: str | None, claim_id: str | None, a: Article, b: Article, fa: MentionFacts, fb: MentionFacts
) -> list[Finding]:
    out = []
    qa = [q for q in fa.quantities if not _year_like(q)]
    qb = [q for q in fb.quantities if not _year_like(q)]
    for dim in {q.dimension for q in qa} & {q.dimension for q in qb}:
        xa = [q for q in qa if q.dimension == dim]
        xb = [q for q in qb if q.dimension == dim]
        if len(xa) != 1 or len(xb) != 1:
            continue  # several numbers of one kind: which pairs with which is a guess, and guesses make false alarms
        x, y = xa[0], xb[0]
        if dim == "count" and not (_head(a, x) & _head(b, y)):
            continue  # "200 officers" and "1,500 people" count different things
        if _compatible(x, y):
            continue
        out.append(
            _finding(
                "numeric_conflict",
                story,
                claim_id,
                f"{a.label} gives {x.surface!r}, {b.label} gives {y.surface!r} for the same fact",
                0.8 if dim != "count" else 0.7,
                [_span(a, x.start, x.end), _span(b, y.start, y.end)],
                values=[
                    {"article": a.id, "value": x.value, "unit": x.unit, "qualifier": x.qualifier},
                    {"article": b.id, "value": y.value, "unit": y.unit, "qualifier": y.qualifier},
                ],
            )
        )
    return out


def _year_like(q: Quantity) -> bool:
    return q.unit == "dimensionless" and q.value == int(q.value) and 1900 <= q.value <= 2100


def _dates(
    story: str | None, claim_id: str | None, a: Article, b: Article, fa: MentionFacts, fb: MentionFacts
) -> list[Finding]:
    da = [d for d in fa.dates if d.value and not d.relative and len(d.value) == 10]
    db = [d for d in fb.dates if d.value and not d.relative and len(d.value) == 10]
    if len(da) != 1 or len(db) != 1 or da[0].value == db[0].value:
        return []
    x, y = da[0], db[0]
    return [
        _finding(
            "date_conflict",
            story,
            claim_id,
            f"{a.label} dates it {x.text} ({x.value}), {b.label} {y.text} ({y.value})",
            0.75,
            [_span(a, x.start, x.end), _span(b, y.start, y.end)],
        )
    ]


def _credits(
    claim: Claim,
    a: Article,
    b: Article,
    fa: MentionFacts,
    fb: MentionFacts,
    ma: Mention,
    mb: Mention,
    story_outlets: set[str],
    copied: bool = False,
) -> list[Finding]:
    def named(facts: MentionFacts) -> dict[str, Attribution]:
        return {
            (a_.via and source_key(a_.via)) or a_.source_key: a_
            for a_ in facts.attributions
            if a_.kind == "report" and (a_.via or not is_generic(a_.source))
        }

    ca, cb = named(fa), named(fb)
    if not ca or not cb or set(ca) & set(cb):
        return []
    if (set(ca) | set(cb)) & story_outlets:
        return []  # crediting another article's outlet and crediting that outlet's source is a chain, not a conflict
    x, y = next(iter(ca.values())), next(iter(cb.values()))
    note = "; one article copies the other, yet they credit different sources" if copied else ""
    return [
        _finding(
            "attribution_conflict",
            claim.story,
            claim.id,
            f"the same claim is credited to {x.via or x.source} by {a.label} "
            f"and to {y.via or y.source} by {b.label}{note}",
            0.7 if copied else 0.6,
            [_span(a, ma.start, ma.end), _span(b, mb.start, mb.end)],
        )
    ]


def _negated(text: str) -> bool:
    return bool(_NEGATION.search(_NOT_NEGATION.sub(" ", text)))


def _meaning(claim: Claim, source: Article, copy: Article, ms: Mention, mc: Mention, kind: str) -> list[Finding]:
    out: list[Finding] = []
    closeness = SequenceMatcher(None, ms.text.lower().split(), mc.text.lower().split(), autojunk=False).ratio()
    if closeness < 0.35:
        return out  # loosely linked sentences: a difference there is not a change of one statement
    neg_s, neg_c = _negated(ms.text), _negated(mc.text)
    if neg_s != neg_c:
        out.append(
            _finding(
                "meaning_change",
                claim.story,
                claim.id,
                f"the {kind.replace('_', '-')} in {copy.label} {'adds' if neg_c else 'drops'} "
                f"a negation of its source {source.label}",
                0.65,
                [_span(source, ms.start, ms.end), _span(copy, mc.start, mc.end)],
            )
        )

    def names(mention: Mention) -> set[str]:
        credited = [(a.source_start, a.source_end) for a in mention.facts.attributions]
        return {n.name for n in mention.facts.names if not any(s <= n.start < e for s, e in credited)}

    names_s, names_c = names(ms), names(mc)
    added = [n for n in names_c - names_s if n.lower() not in source.text.lower()]
    dropped = [n for n in names_s - names_c if n.lower() not in copy.text.lower()]
    if added and dropped:
        out.append(
            _finding(
                "meaning_change",
                claim.story,
                claim.id,
                f"the {kind.replace('_', '-')} in {copy.label} names {', '.join(added)} where its source "
                f"{source.label} names {', '.join(dropped)}",
                0.6,
                [_span(source, ms.start, ms.end), _span(copy, mc.start, mc.end)],
            )
        )
    return out


# -- across articles ------------------------------------------------------------------------------


def name_variants(articles: Sequence[Article], story_of: dict[str, str]) -> list[Finding]:
    spellings: dict[str, dict[str, tuple[Article, Attribution]]] = {}
    for art in articles:
        for att in art.attributions:
            written = written_name(att.source_text)  # the name in the mention, without its appositive
            if att.source_text.lower() in ("he", "she", "it", "they") or written.lower().startswith("the "):
                continue
            if (
                source_key(written) != att.source_key
                and SequenceMatcher(None, source_key(written), att.source_key).ratio() >= 0.8
            ) or source_key(written) == att.source_key:
                spellings.setdefault(att.source_key, {}).setdefault(written, (art, att))
    out = []
    for forms in spellings.values():
        distinct = {source_key(f) for f in forms}
        if len(distinct) < 2:
            continue
        evidence = [_span(art, att.source_start, att.source_end) for art, att in forms.values()]
        out.append(
            _finding(
                "name_variant",
                story_of.get(evidence[0].article),
                None,
                f"one source spelt {len(forms)} ways: " + ", ".join(repr(f) for f in forms),
                0.5,
                evidence,
            )
        )
    return out


def unique_claims(
    claims: Sequence[Claim],
    stories: Sequence[Story],
    articles: dict[str, Article],
    similarity: Similarity | None,
    options: FindingOptions,
) -> list[Finding]:
    independent: dict[str | None, set[str]] = {}
    for claim in claims:
        for m in claim.mentions:
            independent.setdefault(claim.story, set()).add(m.group)
    story_by_id = {s.id: s for s in stories}
    out = []
    for claim in claims:
        if len(independent.get(claim.story, ())) < options.unique_min_outlets:
            continue
        groups = {m.group for m in claim.mentions}
        if len(groups) != 1:
            continue
        m = claim.mentions[0]
        if m.group != m.article:
            continue  # a copy's unique claim is its original's: report it once, at the original
        facts = m.facts
        checkable = facts.quantities or facts.quotes or [a for a in facts.attributions if a.kind == "report"]
        if not checkable:
            continue
        art = articles[m.article]
        story = story_by_id.get(claim.story or "")
        stating = {x.article for x in claim.mentions}
        others = [articles[i] for i in (story.articles if story else ()) if i not in stating]
        if _stated_elsewhere(facts, others):
            continue
        if similarity is not None:
            best, _where = similarity(m.text, others) if others else (0.0, None)
            if best >= options.unique_max_cosine:
                continue
        copies_of = sorted(stating - {art.id})
        who = art.label + (
            f" (and {len(copies_of)} cop{'y' if len(copies_of) == 1 else 'ies'} of it)" if copies_of else ""
        )
        out.append(
            _finding(
                "unique_claim",
                claim.story,
                claim.id,
                f"only {who} makes this claim; no other outlet in the story reports it",
                0.4,
                [_span(art, m.start, m.end)],
            )
        )
    return out


def _stated_elsewhere(facts: MentionFacts, others: list[Article]) -> bool:
    """Another article has a sentence with the same quantity (after conversion) and a shared name."""
    quantities = [q for q in facts.quantities if not _year_like(q)]
    names = {re.sub(r"[’']s$", "", n.name.lower()) for n in facts.names}
    if not quantities:
        return False
    for art in others:
        for span in art.sentences:
            text = art.text[span.start : span.end]
            if names and not any(n in text.lower() for n in names):
                continue
            if any(same_quantity_value(q, o, 0.1) for q in quantities for o in extract_quantities(text)):
                return True
    return False


def unsupported_headlines(
    articles: Sequence[Article],
    stories: Sequence[Story],
    by_id: dict[str, Article],
    story_of: dict[str, str],
    similarity: Similarity,
    options: FindingOptions,
) -> list[Finding]:
    story_by_id = {s.id: s for s in stories}
    out = []
    for art in articles:
        title = art.meta.title
        if not title or len(title.split()) < 4:
            continue
        story = story_by_id.get(story_of.get(art.id, ""))
        pool = [by_id[i] for i in (story.articles if story else (art.id,))]
        best, where = similarity(title, pool)
        numbers = set(re.findall(r"\d[\d,.]*", title))
        missing = {n for n in numbers if not any(n in p.text for p in pool)}
        if best >= options.headline_support and not missing:
            continue
        reason = (
            f"no sentence in the story says it (best match {best:.2f})"
            if best < options.headline_support
            else f"its number{'s' if len(missing) > 1 else ''} {', '.join(sorted(missing))} appear nowhere in the story"
        )
        out.append(
            _finding(
                "unsupported_headline",
                story_of.get(art.id),
                None,
                f"the headline of {art.label} is not supported: {reason}",
                0.55,
                [EvidenceSpan(art.id, -1, -1, title, field="title")]
                + ([_span(where[0], where[1], where[2])] if where else []),
            )
        )
    return out
