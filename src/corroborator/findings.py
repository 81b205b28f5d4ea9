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
- ``attribution_conflict``: aligned mentions credit different named upstream sources, or one claim is credited
  to different publications (its origins and their relays) by different outlets.
- ``name_variant``: one source spelt differently across articles (informational).
- ``meaning_change``: a copy or rewrite flips a negation or swaps a name of its source.
- ``unique_claim``: a checkable claim (a number, a credit or a quote) that only one
  outlet makes in a story of three or more independent outlets, naming the details (named entities
  of the parser's model, numbers) no other outlet's article has, and whose content no other outlet's
  sentence restates in its own words (the speaker left out).
- ``unsupported_headline``: a headline that neither its body nor the story's
  other articles support.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from itertools import combinations, pairwise
from typing import Any, cast

from corroborator.attribution import TITLE_WORDS, is_generic, source_key, written_name
from corroborator.facts.mentions import CALENDAR_WORDS, DateMention, MentionFacts, mention_facts
from corroborator.facts.quantities import Quantity, extract_quantities, same_quantity_value
from corroborator.options import FindingOptions
from corroborator.quotecheck import (
    CHANGE_RANK,
    COPY_MIN_SHARED,
    MIN_SHARED,
    REPORT_HEDGES,
    QuoteWords,
    compare_quotes,
    quote_words,
    same_statement,
)
from corroborator.sources import Source
from corroborator.textutil import STOP_WORDS, date_key
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
    Span,
    Story,
)
from corroborator.unionfind import UnionFind

# sentence texts -> for each, its named entities as (start, end, label), offsets in the sentence
Entities = Callable[[list[str]], list[list[tuple[int, int, str]]]]
# The entity types that name someone or something a reader can search for (spaCy's OntoNotes labels); not
# DATE, TIME, QUANTITY, MONEY, PERCENT, ORDINAL, CARDINAL, LAW, LANGUAGE or PRODUCT ("Celsius", "Shift", "PhD").
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "WORK_OF_ART"})
# sentence texts -> their spaCy Docs (the pipeline's parser, cached): the restatement check reads content words there
Parses = Callable[[list[str]], list[Any]]
# (headline or sentence, articles to search) -> (best cosine, (article, start, end) of the best sentence or None)
Similarity = Callable[[str, list[Article]], tuple[float, tuple[Article, int, int] | None]]

_NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|n't|denied|denies|without)\b", re.I)
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
    progress: Callable[[int, int], None] | None = None,
    entities: Entities | None = None,
    sources: Sequence[Source] = (),
    parses: Parses | None = None,
) -> list[Finding]:
    """Every finding of the batch, most confident first; ``progress(stories done, stories)`` as the claims of
    each story have been compared.

    ``entities`` gives the named entities of sentences (the pipeline's spaCy model, which has parsed most
    of them already): a unique claim's name must be one (None: capitalised runs, the rules' reading).
    ``sources`` are the batch's canonical sources with their aliases: a name that is a source another copy
    group credits or names under an alias is not unique.
    ``parses`` gives the sentences' dependency parses: a unique claim whose content words another outlet's
    sentence holds is a restatement, not unique (``_restated``; None: not checked)."""
    options = options or FindingOptions()
    by_id = {a.id: a for a in articles}
    story_of = {aid: s.id for s in stories for aid in s.articles}
    copies = _copy_pairs(relations)
    findings: list[Finding] = []
    findings += altered_quotes(articles, story_of, copies, options)
    story_outlets = {source_key(a.meta.outlet) for a in articles if a.meta.outlet}
    left: dict[str | None, int] = {}  # claims per story not compared yet (for progress)
    for claim in claims:
        left[claim.story] = left.get(claim.story, 0) + 1
    done = len(stories) - len(left)
    for claim in claims:
        findings += _within_claim(claim, by_id, copies, story_outlets)
        left[claim.story] -= 1
        if progress and not left[claim.story]:
            done += 1
            progress(done, len(stories))
    findings += credit_splits(claims, by_id, sources, story_outlets, findings)
    findings += _aligned_conflicts(relations, claims, by_id, story_of, findings)
    findings = _spreads(findings, by_id)
    findings += name_variants(articles, story_of)
    findings += unique_claims(claims, stories, by_id, headline_similarity, options, entities, sources, parses)
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
    """One finding per version of a statement whose quoted words differ, in words that matter, from the version
    most outlets carry (or from the original, when one article copies the other).

    Quotes are matched by content (``quotecheck.same_statement``), not by speaker alone, so a quote whose
    speaker was not resolved is still compared, and two different statements of one speaker are not.
    Truncation, ellipses, splits, case, punctuation, quote marks and function words are agreement
    (``quotecheck.compare_quotes``). Two quotes whose speakers resolved to different sources are not compared:
    a shared phrase of two people is not an altered quote.
    """
    by_story: dict[str, list[tuple[Article, Quote, QuoteWords]]] = {}
    for art in articles:
        for quote in art.quotes:
            qw = quote_words(quote.text)
            if len(qw.words) >= options.min_quote_words:
                by_story.setdefault(story_of.get(art.id, art.id), []).append((art, quote, qw))
    out: list[Finding] = []
    for story, entries in by_story.items():
        statements: UnionFind[int] = UnionFind(range(len(entries)))
        for x, y in combinations(range(len(entries)), 2):
            (ax, qx, wx), (ay, qy, wy) = entries[x], entries[y]
            if (
                ax.id != ay.id
                and _speakers_agree(qx, qy)
                and same_statement(wx, wy, _min_shared(ax, qx, ay, qy, copies))
            ):
                statements.union(x, y)
        clusters: dict[int, list[int]] = {}
        for k in range(len(entries)):
            clusters.setdefault(statements.find(k), []).append(k)
        for members in clusters.values():
            if len({entries[k][0].id for k in members}) > 1:
                out += _altered_versions(story if story in story_of.values() else None, entries, members, copies)
    return out


def _said_change(d: dict[str, str]) -> str:
    if d["a"] and d["b"]:
        return f"{d['a']!r} -> {d['b']!r}"
    return f"adds {d['b']!r}" if d["b"] else f"drops {d['a']!r}"


def _min_shared(a: Article, qa: Quote, b: Article, qb: Quote, copies: Copies) -> float:
    """Looser matching between a copy and its original quoting one named speaker (``quotecheck.COPY_MIN_SHARED``)."""
    named = bool(qa.speaker and qb.speaker)
    return COPY_MIN_SHARED if named and frozenset((a.id, b.id)) in copies else MIN_SHARED


def _speakers_agree(a: Quote, b: Quote) -> bool:
    if a.speaker_id and b.speaker_id:
        return a.speaker_id == b.speaker_id
    if a.speaker and b.speaker:
        ka, kb = source_key(a.speaker), source_key(b.speaker)
        return ka == kb or ka in kb.split() or kb in ka.split()  # "trump" / "donald trump"
    return True


def _altered_versions(
    story: str | None, entries: list[tuple[Article, Quote, QuoteWords]], members: list[int], copies: Copies
) -> list[Finding]:
    """Within one statement: each version against the reference (the original of a copy pair, else the
    version most articles carry, else the earliest), or, when it does not overlap the reference, against the
    most carried version it overlaps."""
    versions: dict[tuple[str, ...], list[int]] = {}
    for k in members:
        versions.setdefault(entries[k][2].words, []).append(k)

    def carriers(v: tuple[str, ...]) -> list[Article]:
        return list({entries[k][0].id: entries[k][0] for k in versions[v]}.values())

    def rank(v: tuple[str, ...]) -> tuple[int, tuple[str, str], str]:
        first = min(carriers(v), key=lambda a: (date_key(a.meta.published), a.id))
        return (-len(carriers(v)), (date_key(first.meta.published), first.id), " ".join(v))

    order = sorted(versions, key=rank)
    out: list[Finding] = []
    for v in order[1:]:
        _av, qv, words_v = entries[versions[v][0]]
        ids_v = {x.id for x in carriers(v)}
        ref = next(
            (
                r
                for r in order
                if r != v
                and not ids_v & {x.id for x in carriers(r)}  # one article printing both: two statements
                and _speakers_agree(entries[versions[r][0]][1], qv)
                and same_statement(
                    entries[versions[r][0]][2],
                    words_v,
                    _min_shared(entries[versions[r][0]][0], entries[versions[r][0]][1], _av, qv, copies),
                )
            ),
            None,
        )
        if ref is None:
            continue
        ka, kb = versions[ref][0], versions[v][0]
        pair = next(
            (
                copies[frozenset((m.id, n.id))]
                for m in carriers(ref)
                for n in carriers(v)
                if frozenset((m.id, n.id)) in copies
            ),
            None,
        )
        if pair is not None and pair.original in {n.id for n in carriers(v)}:
            ka, kb = kb, ka  # the original's words are the reference; the copy's are the change
            ref, v = v, ref
        (a, qa, wa), (b, qb, wb) = entries[ka], entries[kb]
        change = compare_quotes(wa, wb, _min_shared(a, qa, b, qb, copies))
        if change is None:
            continue
        reference = ", ".join(x.label for x in carriers(ref))
        changed_by = ", ".join(x.label for x in carriers(v))
        speaker = qa.speaker or qb.speaker or "an unnamed speaker"
        strong = change.kinds[0] != "wording"
        if pair is not None:
            confidence = 0.9 if strong else 0.8
            note = (
                f"{changed_by} is a {pair.kind.replace('_', '-')} of {reference}: the copy changed the quoted words"
                if pair.original in {x.id for x in carriers(ref)}
                else f"one is a {pair.kind.replace('_', '-')} of the other, so one of them changed the quoted words"
            )
        elif not strong:
            continue  # independent outlets differing in a word or two: transcription, not a finding
        else:
            confidence = 0.75
            note = "the outlets are independent: possibly two transcriptions or translations of one statement"
        what = "; ".join(_said_change(d) for d in change.diff[:3])
        out.append(
            _finding(
                "altered_quote",
                story,
                None,
                f"{changed_by} quotes {speaker} differently from {reference} "
                f"({', '.join(change.kinds)}: {what}; {note})",
                confidence,
                [_span(a, qa.start, qa.end), _span(b, qb.start, qb.end)],
                diff=list(change.diff),
                changes=list(change.kinds),
                meaning_weight=change.weight,
                speaker=speaker,
                versions=[
                    {"articles": [x.id for x in carriers(r)], "text": entries[versions[r][0]][1].text} for r in (ref, v)
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
    links = _link_map(claim)
    # A mention's usable numbers, found once: a claim of n mentions compares each with n - 1 others.
    usable = [_usable_quantities(articles[m.article], m.facts) for m in claim.mentions]
    for (ka, ma), (kb, mb) in combinations(enumerate(claim.mentions), 2):
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
            found += _numeric(claim.story, claim.id, a, b, fa, fb, usable[ka], usable[kb])
            found += _dates(claim.story, claim.id, a, b, fa, fb)
        if _linked(links, ma, mb) in ("verbatim", "near_verbatim", "paraphrase"):
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
    facts_at = {(m.article, m.sentence): m.facts for c in claims for m in c.mentions}  # the same mention_facts

    def facts(article: Article, sentence: int) -> MentionFacts:
        key = (article.id, sentence)
        if key not in facts_at:
            facts_at[key] = mention_facts(article, sentence)
        return facts_at[key]

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
            fa, fb = facts(xa, xi), facts(xb, xj)
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


LinkMap = dict[frozenset[tuple[str, int]], str]


def _link_map(claim: Claim) -> LinkMap:
    """Each direct link of a claim by its two ends (built once per claim: scanning every link for every pair
    of mentions was the largest cost of findings on big stories)."""
    return {frozenset({(k.a, k.a_sentence), (k.b, k.b_sentence)}): k.label for k in claim.links}


def _linked(links: LinkMap, ma: Mention, mb: Mention) -> str | None:
    """The label of the alignment that joined two mentions directly, if they were."""
    return links.get(frozenset({(ma.article, ma.sentence), (mb.article, mb.sentence)}))


def _usable_quantities(article: Article, facts: MentionFacts) -> list[Quantity]:
    """The quantities of a mention that may conflict: not year-like, not misread or beside the fact."""
    return [q for q in facts.quantities if not _year_like(q) and not _unreliable(article, q, facts)]


def _numeric(
    story: str | None,
    claim_id: str | None,
    a: Article,
    b: Article,
    fa: MentionFacts,
    fb: MentionFacts,
    qa: list[Quantity] | None = None,
    qb: list[Quantity] | None = None,
) -> list[Finding]:
    """Numeric conflicts between two mentions; ``qa`` and ``qb`` are their ``_usable_quantities`` when the
    caller already has them."""
    out: list[Finding] = []
    qa = _usable_quantities(a, fa) if qa is None else qa
    qb = _usable_quantities(b, fb) if qb is None else qb
    credited_a = {x.source_key for x in fa.attributions if x.kind == "report" and not is_generic(x.source)}
    credited_b = {x.source_key for x in fb.attributions if x.kind == "report" and not is_generic(x.source)}
    if credited_a and credited_b and not credited_a & credited_b:
        return out  # two named sources giving two figures (two polls, two agencies): not one fact told twice
    for dim in {q.dimension for q in qa} & {q.dimension for q in qb}:
        xa = [q for q in qa if q.dimension == dim]
        xb = [q for q in qb if q.dimension == dim]
        if len(xa) != 1 or len(xb) != 1:
            continue  # several numbers of one kind: which pairs with which is a guess, and guesses make false alarms
        x, y = xa[0], xb[0]
        if dim == "count" and not (_head(a, x) & _head(b, y)):
            continue  # "200 officers" and "1,500 people" count different things
        if (_compound(a, x) or _compound(b, y)) and not (_after(a, x) & _after(b, y)):
            continue  # "73-yard drive" / "7-yard pass", "16-year-old accused" / "10-year-old Kathina"
        if _compatible(x, y) or _rough(x) or _rough(y):
            continue
        why_not = _other_slot(a, x, b, y)
        if why_not:
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


_ROUGH = re.compile(r"\b(?:dozens?|scores|hundreds|thousands|millions|decades?|several|a few|couple)\b", re.I)
_NUMBER_WORD = re.compile(r"^(?:one|two|three|four|five|six|seven|eight|nine|ten|a|an)\b", re.I)


def _spreads(findings: list[Finding], articles: dict[str, Article]) -> list[Finding]:
    """Pairwise numeric conflicts that share a number are one spread of estimates: "150 / about 200 / roughly
    400" is reported once, with who says what, not as three pairs."""
    numeric = [f for f in findings if f.kind == "numeric_conflict"]
    if len(numeric) < 2:
        return findings
    spans: UnionFind[tuple[str, int]] = UnionFind()
    for f in numeric:
        ends = [(e.article, e.start) for e in f.evidence]
        for end in ends:
            spans.find(end)
        spans.union(ends[0], ends[1])
    groups: dict[tuple[str, int], list[Finding]] = {}
    for f in numeric:
        groups.setdefault(spans.find((f.evidence[0].article, f.evidence[0].start)), []).append(f)
    out = [f for f in findings if f.kind != "numeric_conflict"]
    for members in groups.values():
        if len(members) == 1:
            out.append(members[0])
            continue
        values: dict[tuple[str, int], tuple[EvidenceSpan, dict[str, Any]]] = {}
        for f in members:
            given = cast(Sequence[Mapping[str, Any]], f.details.get("values", ()))
            for e, v in zip(f.evidence, given, strict=False):
                values.setdefault((e.article, e.start), (e, dict(v)))
        ordered = sorted(values.values(), key=lambda ev: (ev[1]["value"], ev[0].article))
        says = "; ".join(f"{articles[e.article].label}: {e.text!r}" for e, _v in ordered)
        first = members[0]
        out.append(
            _finding(
                "numeric_conflict",
                first.story,
                first.claim,
                f"{len({e.article for e, _ in ordered})} articles give this number differently ({says})",
                max(f.confidence for f in members),
                [e for e, _v in ordered],
                values=[v for _e, v in ordered],
                pairs=len(members),
            )
        )
    return out


def _sentence_at(article: Article, pos: int) -> Span | None:
    """The sentence holding a character offset (a bisect over the article's sorted sentences)."""
    k = bisect_right(article.sentences, pos, key=lambda span: span.start) - 1
    return article.sentences[k] if k >= 0 and pos < article.sentences[k].end else None


def _dateline(text: str) -> bool:
    """A dateline or time stamp rather than a sentence: twelve words or fewer holding a year
    ("PUBLISHED: MONDAY, MARCH 11, 2013, 10:34 PM")."""
    return len(text.split()) <= 12 and bool(re.search(r"\b(?:19|20)\d\d\b", text))


def _unreliable(article: Article, q: Quantity, facts: MentionFacts) -> bool:
    """Numbers the extractor may have misread, or that are not quantities of the fact: a clock time
    ("4:43 pm"), part of a date, a conversion in brackets after another number ("$US1 million ($1.52
    million)"), or a number glued to letters the extractor did not read ("$200MM")."""
    before = article.text[max(0, q.start - 3) : q.start]
    after = article.text[q.end : q.end + 3]
    if re.match(
        r"\s?(?:[:.]\s?\d{2}\s?)?[ap]\.?\s?m\b",
        q.surface[len(q.surface.rstrip("apm. ")) :] + article.text[q.end : q.end + 12],
        re.I,
    ):
        return True  # a clock time: "3:30 p.m.", "4:43 pm"
    if re.search(r":\s?$", before) or re.match(r"\s?:\s?\d", after):
        return True  # "18:07", "18: 07"
    if any(d.start <= q.start < d.end or q.start <= d.start < q.end for d in facts.dates):
        return True
    if q.surface.startswith("(") or before.rstrip().endswith("("):
        return True
    sent = _sentence_at(article, q.start)
    if sent and _dateline(article.text[sent.start : sent.end]):
        return True  # a dateline or a time stamp: "PUBLISHED: MONDAY, MARCH 11, 2013, 10:34 PM"
    if re.match(
        r"\s?(?:sooner|earlier|later|more|less|fewer|longer|shorter|higher|lower|ahead|behind)\b",
        article.text[q.end : q.end + 12],
    ):
        return True  # a difference ("five rounds sooner"), not the value of the fact
    if re.match(r"\.\s?\d", after):
        return True  # "$368. 9 million": a decimal the extractor split
    return bool(re.match(r"[A-Za-z]", after)) or bool(re.search(r"\.\s?$", before) and q.value < 10)


def _compound(article: Article, q: Quantity) -> bool:
    """A number used as an adjective: "73-yard drive", "10-year contract", "61-year-old man"."""
    return "-" in q.surface or bool(re.match(r"\s?-\s?\w", article.text[q.end : q.end + 4]))


def _after(article: Article, q: Quantity) -> set[str]:
    """The content words of the three words after a number used as an adjective (past "-old")."""
    tail = re.sub(r"^\s?-?\s?old\b", "", article.text[q.end : q.end + 60].lstrip(" -"))
    words = re.findall(r"[A-Za-z]+", tail)[:3]
    return {w.lower().rstrip("s") for w in words if w.lower() not in STOP_WORDS and w.lower() != "old"}


def _rough(q: Quantity) -> bool:
    """A number that is an order of magnitude in words ("two decades", "dozens of"): never exact enough to conflict."""
    if re.match(r"(?:a|an)\s", q.surface, re.I) or re.fullmatch(r"\d+0s", q.surface.strip()):
        return True  # "a week", "an hour", "in her 60s"
    return bool(_ROUGH.search(q.surface)) or (bool(_NUMBER_WORD.match(q.surface)) and q.unit in ("decade", "century"))


def _window(article: Article, q: Quantity | DateMention, size: int = 6) -> tuple[set[str], set[str]]:
    """Content words and capitalised names within ``size`` words of a quantity, inside its sentence."""
    sent = _sentence_at(article, q.start)
    lo, hi = (sent.start, sent.end) if sent else (max(0, q.start - 200), q.end + 200)
    before = re.findall(r"[\w'’-]+", article.text[lo : q.start])[-size:]
    after = re.findall(r"[\w'’-]+", article.text[q.end : hi])[:size]
    near = before + after
    content = {w.lower().rstrip("s") for w in near if w.lower() not in STOP_WORDS and not any(ch.isdigit() for ch in w)}
    close = before[-4:] + after[:4]
    names = {w for w in close if w[:1].isupper() and w.lower() not in STOP_WORDS | CALENDAR_WORDS}
    return content, names


def _other_slot(a: Article, x: Quantity | DateMention, b: Article, y: Quantity | DateMention) -> str | None:
    """Why two quantities of one dimension in two sentences that state one fact may still count different
    things, or None when they are the same slot: the words around them share what is counted and the event
    (two content words at least), no compound count ("246 passengers" / "420 passengers and crew"), and the
    names beside them do not differ ("the Orioles offered seven years" / "the Red Sox offered eight")."""
    ca, na = _window(a, x)
    cb, nb = _window(b, y)
    if len(ca & cb) < 2:
        return "the words around the numbers differ"
    for art, q in ((a, x), (b, y)):
        if re.match(
            r"\s*\w+\s+and\s+(?:\w+\s+)?(?:crew|staff|others|children|wounded|injured)\b", art.text[q.end : q.end + 40]
        ):
            return "a compound count"
    if na and nb and not (na & nb):
        return "different names beside the numbers"
    va, vb = (_lead_in(a, x), _lead_in(b, y)) if isinstance(x, Quantity) else (set(), set())
    if va and vb and not (va & vb):
        return "different words lead to the numbers"  # "completed an 11-yard pass" / "capped it with a 7-yard pass"
    sa, sb = _subject_name(a, x), _subject_name(b, y)
    if sa and sb and not (sa & sb):
        return "different actors: the nearest names before the numbers differ"
    ha, hb = _names_before(a, x), _names_before(b, y)
    if ha and hb and not (ha & hb):
        return "different names lead the sentences to the numbers"  # a poll "for Kathimerini" / "by Ethnos"
    for pattern, why in ((_AGE, "different ages: different people"), (_YEAR, "different years: different events")):
        ga, gb = _found(a, x, pattern), _found(b, y, pattern)
        if ga and gb and not (ga & gb):
            return why  # "36-year-old Duncan Raite fell 200ft" / "31-year-old Robert Buckley fell 700 meters"
    ya, yb = _context_year(a, x), _context_year(b, y)
    if ya and yb and ya != yb:
        # "... acquitted in 1958. A year later he was convicted ... sentenced to seven years" / "a July 1997
        # conviction. He was sentenced to 12 years": the years that set the scene differ, so do the events
        return "different years set the scene: different events"
    wa, wb = (_WITHIN.match(art.text, q.end, q.end + 40) is not None for art, q in ((a, x), (b, y)))
    if wa != wb:
        return "one count is bounded in time, the other is not"  # "arrested three times since October" / "four times"
    return None


_WITHIN = re.compile(r"[^.;]{0,15}?\b(?:since|so far|to date|in the (?:past|last)|this (?:year|month|week|season))\b")


def _context_year(article: Article, q: Quantity | DateMention) -> str | None:
    """The last year written before ``q`` in its sentence or the two before it (the time the passage is
    about), or None."""
    k = bisect_right(article.sentences, q.start, key=lambda span: span.start) - 1
    if k < 0:
        return None
    start = article.sentences[max(0, k - 2)].start
    years = [m.group(1) for m in _YEAR.finditer(article.text, start, q.start) if not (m.start() <= q.start < m.end())]
    return years[-1] if years else None


_AGE = re.compile(r"\b(\d{1,3})\s?-\s?years?\s?-\s?old\b|\b(?:aged|age)\s(\d{1,3})\b")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def _found(article: Article, q: Quantity | DateMention, pattern: re.Pattern[str]) -> set[str]:
    """What ``pattern`` captures in the sentence of ``q`` (ages, years), except ``q`` itself (an age compared)."""
    sent = _sentence_at(article, q.start)
    if sent is None:
        return set()
    return {
        g
        for m in pattern.finditer(article.text, sent.start, sent.end)
        if not (m.start() <= q.start < m.end())
        for g in m.groups()
        if g
    }


def _names_before(article: Article, q: Quantity | DateMention) -> set[str]:
    """The capitalised names of a number's sentence before it, lower case, past the sentence's first word (who
    ran the poll, whose sentence it was)."""
    sent = _sentence_at(article, q.start)
    head = re.findall(r"[\w'’-]+", article.text[sent.start if sent else max(0, q.start - 200) : q.start])[1:]
    return {
        w.lower()
        for w, after in pairwise([*head, ""])
        if w[:1].isupper()
        and w.lower() not in STOP_WORDS | CALENDAR_WORDS | TITLE_WORDS
        and not (_DEMONYM.search(w) and after[:1].islower())  # "a 36-year-old Australian climber": an adjective
    }


def _lead_in(article: Article, q: Quantity | DateMention) -> set[str]:
    """The content words of the three words before a number in its sentence ("served", "rushed for")."""
    sent = _sentence_at(article, q.start)
    before = re.findall(r"[A-Za-z][\w'’-]*", article.text[sent.start if sent else max(0, q.start - 80) : q.start])[-3:]
    skip = STOP_WORDS | _APPROX | {"estimated", "reportedly", "nearly", "almost", "just"}
    return {w.lower()[:5] for w in before if w.lower() not in skip and w[:1].islower()}  # "spilling" ~ "spilled"


def _subject_name(article: Article, q: Quantity | DateMention) -> set[str]:
    """The last run of capitalised words before a number in its sentence (who did or said it), lower case."""
    sent = _sentence_at(article, q.start)
    head = article.text[sent.start if sent else max(0, q.start - 200) : q.start]
    head = " ".join(head.split()[-4:])  # the subject right before the number: "Jamaal Charles rushed for 226"
    runs = re.findall(r"(?<![.!?]\s)\b((?:[A-Z][\w'’-]+\s?){1,4})", head)
    names = [r for r in runs if r.split()[0].lower() not in STOP_WORDS | CALENDAR_WORDS]
    return {w.lower() for w in names[-1].split()} if names else set()


def _stamp(article: Article, d: DateMention) -> bool:
    """A date that stamps the page rather than the fact: a dateline or "posted on" line, or a date in
    brackets ("announced today (4 November 2011)")."""
    sent = _sentence_at(article, d.start)
    text = article.text[sent.start : sent.end] if sent else ""
    if len(text.split()) <= 12 or re.search(r"\b(?:posted|updated|published)\b", text, re.I):
        return True
    return article.text[max(0, d.start - 2) : d.start].strip().endswith("(")


def _year_like(q: Quantity) -> bool:
    return q.unit == "dimensionless" and q.value == int(q.value) and 1900 <= q.value <= 2100


def _dates(
    story: str | None, claim_id: str | None, a: Article, b: Article, fa: MentionFacts, fb: MentionFacts
) -> list[Finding]:
    da = [d for d in fa.dates if d.value and not d.relative and len(d.value) == 10 and not _stamp(a, d)]
    db = [d for d in fb.dates if d.value and not d.relative and len(d.value) == 10 and not _stamp(b, d)]
    if len(da) != 1 or len(db) != 1 or da[0].value == db[0].value:
        return []
    x, y = da[0], db[0]
    if _other_slot(a, x, b, y):
        return []  # the dates of two different events in sentences about one story
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
    if _one_source(set(ca), set(cb)):
        return []
    if (set(ca) | set(cb)) & story_outlets:
        return []  # crediting another article's outlet and crediting that outlet's source is a chain, not a conflict
    x, y = next(iter(ca.values())), next(iter(cb.values()))
    if not all((c.via or c.source)[:1].isupper() for c in (x, y)):
        return []  # a description ("her publicist") may be the person the other names ("publicist Harlan Boll")
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


def credit_splits(
    claims: Sequence[Claim],
    articles: Mapping[str, Article],
    sources: Sequence[Source],
    story_outlets: set[str],
    found: Sequence[Finding] = (),
) -> list[Finding]:
    """One claim that outlets credit to different named publications ("003 credits Ukrainska Pravda, Newsweek
    credits Suspilne"): an ``attribution_conflict`` a fact-checker wants to see (who first reported it?), at a
    modest rank, one per claim.

    A mention's credits are the publications its origin names: the origin itself, and the relays its article
    got it through (``Origin.relays``, read from the article's own line of ``Origin.reasons`` when the origin
    spans several copy groups). Only publications count (``Source.kind``): two people or bodies credited for
    one fact may both have said it, and a description ("Ukrainian media", "intelligence officials") may be
    the publication the other article names. Two credits are one when they are one canonical source (its
    aliases), an abbreviation of the other, or an outlet of the batch (a chain, not a split)."""
    kind_of: dict[str, Source] = {}
    for src in sources:
        for alias in {src.name, *src.aliases}:
            kind_of.setdefault(alias.casefold(), src)
    done = {frozenset(f.articles) for f in found if f.kind == "attribution_conflict"}
    out: list[Finding] = []
    for claim in claims:
        origins = {o.id: o for o in claim.origins}
        credits: dict[str, dict[str, Source]] = {}  # copy group -> canonical source id -> source
        first: dict[str, Mention] = {}
        for m in claim.mentions:
            origin = origins.get(m.origin)
            if origin is None or origin.kind != "source":
                continue
            art = articles[m.article]
            groups = {x.group for x in claim.mentions if x.article in origin.articles}
            line = next((r for r in origin.reasons if r.startswith(art.label + ":")), "")
            names = [origin.name] + [r for r in origin.relays if len(groups) == 1 or f"relayed by {r}" in line]
            for name in names:
                canon = kind_of.get(name.casefold())
                if canon is None or canon.kind != "publication" or is_generic(name) or not name[:1].isupper():
                    continue
                if source_key(canon.name) in story_outlets:
                    continue  # crediting an outlet of the batch: a chain the relations show, not a split
                if not _credited_near(art, m, {name, canon.name, *canon.aliases}):
                    continue  # the credit is another sentence's (a lead about another event): not this one's
                credits.setdefault(m.group, {})[canon.id] = canon
                first.setdefault(m.group, m)
        if len(credits) < 2:
            continue
        keys = {g: {source_key(x.name) for x in c.values()} for g, c in credits.items()}
        split = [
            (g, h)
            for g, h in combinations(sorted(credits), 2)
            if not set(credits[g]) & set(credits[h]) and not _one_source(keys[g], keys[h])
        ]
        if not split:
            continue
        involved = sorted({g for pair in split for g in pair}, key=lambda g: first[g].article)
        if frozenset(first[g].article for g in involved) in done:
            continue
        by_credit: dict[str, list[str]] = {}
        for g in involved:
            who = sorted({articles[x.article].label for x in claim.mentions if x.group == g})
            for credited in credits[g].values():
                by_credit.setdefault(credited.name, []).extend(who)
        said = "; ".join(
            f"{', '.join(dict.fromkeys(who))} credit{'s' if len(who) == 1 else ''} {name}"
            for name, who in by_credit.items()
        )
        out.append(
            _finding(
                "attribution_conflict",
                claim.story,
                claim.id,
                f"the same claim is credited to different outlets: {said}",
                0.5,
                [_span(articles[first[g].article], first[g].start, first[g].end) for g in involved],
                credits={name: list(dict.fromkeys(who)) for name, who in by_credit.items()},
            )
        )
    return out


def _credited_near(article: Article, m: Mention, names: set[str]) -> bool:
    """One of ``names`` (a credited source and its aliases) is written in the mention's own sentence or in the
    sentence before it in the same paragraph (an account the next sentence continues). A credit the claims stage
    carried from further away (a lead paragraph about a later quake given to a sentence about an earlier one) is
    not evidence of who this sentence credits."""
    sentences = article.sentences
    if not 0 <= m.sentence < len(sentences):
        return True  # no sentence to read: keep the claims stage's credit
    start = sentences[m.sentence].start
    if m.sentence > 0:
        before = sentences[m.sentence - 1]
        if not any(p.start <= start < p.end and p.start <= before.start for p in article.paragraphs):
            before = sentences[m.sentence]
        start = min(start, before.start)
    window = article.text[start : max(m.end, sentences[m.sentence].end)].casefold()
    return any(re.search(r"\b" + re.escape(n.casefold()) + r"\b", window) for n in names if n)


def _one_source(a: set[str], b: set[str]) -> bool:
    """Two credits that may name one source: an abbreviation and its expansion ("ap" / "associated press"), or
    two descriptions sharing most of their words ("forensic doctors and independent experts" / "forensic
    experts and independent experts")."""
    initials = lambda k: "".join(w[0] for w in k.split() if w)  # noqa: E731
    for x in a:
        for y in b:
            if x.replace(" ", "") in (initials(y), y.replace(" ", "")) or y.replace(" ", "") == initials(x):
                return True
            wx, wy = set(x.split()) - STOP_WORDS, set(y.split()) - STOP_WORDS
            if wx and wy and len(wx & wy) / len(wx | wy) >= 0.5:
                return True
    return False


MEANING_MIN_SHARED = 0.6  # a copy's sentence and its source's share this much of the shorter, in order


def _meaning(claim: Claim, source: Article, copy: Article, ms: Mention, mc: Mention, kind: str) -> list[Finding]:
    """A copy's sentence that changes what its source's sentence says: inside the words both share, a negation
    added or dropped, a hedge hardened or softened ("were expected to" -> "will"), a number, or one name put in
    place of another (neither name appearing in the other article). The comparison is ``quotecheck``'s, so
    what one sentence adds around the shared stretch (a clause more, a clause less) is not a change."""
    for m in (ms, mc):
        if _dateline(m.text):
            return []  # a dateline or time stamp
    change = compare_quotes(quote_words(ms.text), quote_words(mc.text), MEANING_MIN_SHARED)
    if change is None:
        return []
    # Only a small, local change is a change of meaning; a clause rewritten is a rewrite (wording).
    small = [d for d in change.diff if len(d["a"].split()) <= 3 and len(d["b"].split()) <= 3]
    what = []
    if "negation" in change.kinds and any(_NEGATION.search(d["a"] + " " + d["b"]) for d in small):
        what.append("negation")
    if "hedge" in change.kinds and any(
        {w.lower() for w in (d["a"] + " " + d["b"]).split()} & REPORT_HEDGES for d in small
    ):
        what.append("hedge")
    fraction = re.compile(r"\d\s*/\s*\d|\d[^\x00-\x7f]|[^\x00-\x7f]\d")  # "4 1/2", "4½", a garbled "4�"
    residue = lambda t: re.sub(r"[\d.,\s]", "", t)  # noqa: E731 - the unit and currency around a number
    if any(
        d["op"] == "replace"
        and re.search(r"\d", d["a"])
        and re.search(r"\d", d["b"])
        and residue(d["a"]) == residue(d["b"])  # "£88m" -> "€103 million" is a conversion
        and d["a"].isascii()
        and d["b"].isascii()
        and not fraction.search(ms.text + " " + mc.text)
        for d in small
    ):
        what.append("number")
    swapped = [
        (d["a"], d["b"])
        for d in small
        if d["op"] == "replace"
        and _capitalised(d["a"])
        and _capitalised(d["b"])
        and not any(w.lower() in copy.text.lower() for w in _capitalised(d["a"]))
        and not any(w.lower() in source.text.lower() for w in _capitalised(d["b"]))
    ]
    if swapped:
        what.append("name")
    if not what:
        return []
    said = "; ".join(_said_change(d) for d in change.diff[:3])
    return [
        _finding(
            "meaning_change",
            claim.story,
            claim.id,
            f"the {kind.replace('_', '-')} in {copy.label} changes its source {source.label} "
            f"({', '.join(what)}: {said})",
            0.7 if "negation" in what or "hedge" in what else 0.6,
            [_span(source, ms.start, ms.end), _span(copy, mc.start, mc.end)],
            diff=list(change.diff),
            changes=what,
            meaning_weight=max(CHANGE_RANK[k] for k in what),
        )
    ]


def _capitalised(text: str) -> list[str]:
    words = text.split()
    return [w for k, w in enumerate(words) if w[:1].isupper() and w.lower() not in STOP_WORDS and (k or len(words) > 1)]


# -- across articles ------------------------------------------------------------------------------


def name_variants(articles: Sequence[Article], story_of: dict[str, str]) -> list[Finding]:
    spellings: dict[str, dict[str, tuple[Article, Attribution]]] = {}
    for art in articles:
        for att in art.attributions:
            written = written_name(att.source_text)  # the name in the mention, without its appositive
            if att.source_text.lower() in ("he", "she", "it", "they") or written.lower().startswith("the "):
                continue
            if is_generic(att.source) or written[:1].islower():
                continue  # "sources" / "a source", "witnesses": descriptions, not one source's name
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


_FURNITURE = re.compile(
    r"\b(?:below|above|click|subscribe|sign up|newsletter|read more|photo|video|watch|caption|copyright|"
    r"all rights reserved|follow us|share this|advertisement|related:?|updated|posted|published|"
    r"file photo|ap photo|getty|reporting by|editing by|contributed to this report|for comment|has contacted|"
    r"reached out to|did not (?:immediately )?respond)\b|©",
    re.I,
)


_OPINION = re.compile(
    r"\b(?:I|I'm|I've|I'd|me|my|we|we're|our|us)\b|"  # the writer speaking (outside quotations): a column, a blog
    r"\b(?:unclear|perhaps|possibly|maybe|might|speculat\w*|rumou?r\w*|seems?|seemed|looks? like|looked like|"
    r"(?i:in other news)|should|would have|could have|if \w+ (?:were|had))\b"
)


def _outside(text: str, offset: int, spans: Sequence[Quote]) -> str:
    """``text`` (starting at ``offset`` in its article) without the parts inside ``spans``."""
    parts, pos = [], offset
    for q in sorted(spans, key=lambda q: q.start):
        if q.start > pos:
            parts.append(text[pos - offset : q.start - offset])
        pos = max(pos, q.end)
    parts.append(text[pos - offset :])
    return "".join(parts)


def _check_worthy(article: Article, m: Mention) -> str | None:
    """Why a sentence only one outlet has is worth checking, or None: it states a fact (a number that is not a
    year, a named source credited for it, or a named actor in a full sentence) and is not page furniture, mostly
    a quotation, or the writer's opinion or a guess (first person or speculation outside quotation marks)."""
    facts = m.facts
    if _FURNITURE.search(m.text) or len(m.text.split()) < 8:
        return None  # page furniture, or a fragment / headline-like line
    if not re.search(r"[.!?][\"”’')\]]*\s*$", m.text):
        return None  # no full stop: a headline, a sub-heading or a line cut off, not a sentence of the report
    long_words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", m.text) if len(w) > 3]
    if len(long_words) >= 4 and all(w[0].isupper() for w in long_words):
        return None  # Title Case: a headline that ends in an abbreviation's full stop ("... Lakewood Stn.")
    quoted = sum(min(q.end, m.end) - max(q.start, m.start) for q in facts.quotes if q.start < m.end and m.start < q.end)
    if quoted > 0.5 * max(1, m.end - m.start):
        return None  # mostly a quotation: who said it is the fact, and quotes are compared as quotes
    unquoted = _outside(m.text, m.start, facts.quotes)
    if _OPINION.search(unquoted):
        return None  # the writer's own voice, a guess or a rumour: not a statement of fact to check
    if _SECOND_PERSON.search(unquoted) or unquoted.rstrip(" \"”’')]").endswith("?"):
        return None  # addressed to the reader (a how-to, a joke's set-up) or a question: nothing is stated
    numbers = [q for q in facts.quantities if not _year_like(q)]
    if numbers:
        return "a number"
    if any(a.kind == "report" and not is_generic(a.source) for a in facts.attributions):
        return "a named source"
    if len(m.text.split()) >= 8 and any(len(n.name.split()) >= 2 for n in facts.names):
        return "a named actor"
    return None


def unique_claims(
    claims: Sequence[Claim],
    stories: Sequence[Story],
    articles: dict[str, Article],
    similarity: Similarity | None,
    options: FindingOptions,
    entities: Entities | None = None,
    sources: Sequence[Source] = (),
    parses: Parses | None = None,
) -> list[Finding]:
    """What only one outlet states, one finding per outlet and story listing its passages.

    A passage is a run of adjacent sentences of one article that no other outlet's article states (claims,
    then shared numbers with a shared name, then the sentence model at ``unique_max_cosine`` over every
    sentence of the story's other articles; with ``parses``, the content words of any other copy group's
    sentence: ``_restated``). Only check-worthy sentences count (``_check_worthy``), and only
    in stories with ``unique_min_outlets`` independent outlets or more. A copy's passages are its original's.
    """
    independent: dict[str | None, set[str]] = {}
    for claim in claims:
        for m in claim.mentions:
            independent.setdefault(claim.story, set()).add(m.group)
    story_by_id = {s.id: s for s in stories}
    group_of = {x.article: x.group for claim in claims for x in claim.mentions}
    index: dict[str, _DetailIndex] = {}
    vocabulary: _Vocabulary | None = None
    common: frozenset[str] | None = None
    candidates: list[tuple[str | None, Article, Mention, str, Claim, list[Detail]]] = []
    for claim in claims:
        if len(independent.get(claim.story, ())) < options.unique_min_outlets:
            continue
        groups = {m.group for m in claim.mentions}
        if len(groups) != 1:
            continue
        m = claim.mentions[0]
        if m.group != m.article:
            continue  # a copy's unique claim is its original's: report it once, at the original
        art = articles[m.article]
        why = _check_worthy(art, m)
        if why is None:
            continue
        story = story_by_id.get(claim.story or "")
        stating = {x.article for x in claim.mentions}
        others = [articles[i] for i in (story.articles if story else ()) if i not in stating]
        if _stated_elsewhere(m.facts, others):
            continue
        if common is None:  # words any article of the batch writes in lower case: "web", "spring", "christmas"
            common = frozenset().union(*(index.setdefault(i, _DetailIndex.of(articles[i])).lower for i in articles))
        # Held elsewhere: in any article of the batch outside this copy group, not only the story's (the story
        # clustering may have left a report of the same incident out).
        if vocabulary is None:
            vocabulary = _Vocabulary({i: index.setdefault(i, _DetailIndex.of(articles[i])) for i in articles}, group_of)
        unique = _unique_details(
            art, m, [index.setdefault(o.id, _DetailIndex.of(o)) for o in others], common, vocabulary
        )
        if not unique:
            continue  # every name and number in it appears in another outlet's article: said elsewhere, in other words
        if similarity is not None:
            best, _where = similarity(m.text, others) if others else (0.0, None)
            if best >= options.unique_max_cosine:
                continue
        candidates.append((claim.story, art, m, why, claim, unique))
    found: dict[tuple[str | None, str], list[tuple[Mention, str, Claim, list[str]]]] = {}
    kept = _checked_details(candidates, articles, entities, sources, group_of)
    if parses is not None and candidates:
        docs = parses([m.text for _s, _a, m, _w, _c, _d in candidates])
        stems: dict[str, list[frozenset[str]]] = {}
        batch = list(articles.values())  # as for the details: the story clustering may have left one out
        kept = [
            [] if names and _restated(doc, m.group, batch, group_of, stems) else names
            for names, doc, (_s, _a, m, _w, _c, _d) in zip(kept, docs, candidates, strict=True)
        ]
    for (story_id, art, m, why, claim, _unique), names in zip(candidates, kept, strict=True):
        if names:
            found.setdefault((story_id, art.id), []).append((m, why, claim, names))
    out = []
    for (story_id, art_id), mentions in found.items():
        art = articles[art_id]
        mentions.sort(key=lambda x: x[0].sentence)
        passages: list[list[tuple[Mention, str, Claim, list[str]]]] = []
        for item in mentions:
            if passages and item[0].sentence - passages[-1][-1][0].sentence <= 1:
                passages[-1].append(item)  # adjacent sentences: one passage
            else:
                passages.append([item])
        copies_of = sorted({x.article for _m, _w, c, _d in mentions for x in c.mentions} - {art_id})
        who = art.label + (
            f" (and {len(copies_of)} cop{'y' if len(copies_of) == 1 else 'ies'} of it)" if copies_of else ""
        )
        details = list(dict.fromkeys(d for _m, _w, _c, ds in mentions for d in ds))
        listed = "; ".join(_gist(p[0][0].text) for p in passages[:3]) + ("; ..." if len(passages) > 3 else "")
        out.append(
            _finding(
                "unique_claim",
                story_id,
                passages[0][0][2].id,
                f"only {who} gives {', '.join(details[:6])}{' ...' if len(details) > 6 else ''}: no other outlet's "
                f"article in the batch has {'it' if len(details) == 1 else 'them'} ({listed})",
                0.4 + 0.05 * min(2, sum(w == "a named source" for p in passages for _m, w, _c, _d in p)),
                [_span(art, p[0][0].start, p[-1][0].end) for p in passages],
                passages=[
                    {
                        "start": p[0][0].start,
                        "end": p[-1][0].end,
                        "claims": [c.id for _m, _w, c, _d in p],
                        "why": p[0][1],
                        "details": list(dict.fromkeys(d for _m, _w, _c, ds in p for d in ds)),
                    }
                    for p in passages
                ],
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class _DetailIndex:
    """What a reader would search another article for: its words (casefolded, possessives stripped), the words
    it writes in lower case (so "agency" and "chief" are words, not names), and its numbers."""

    words: frozenset[str]
    lower: frozenset[str]
    numbers: tuple[Quantity, ...]

    @classmethod
    def of(cls, article: Article) -> _DetailIndex:
        tokens = {re.sub(r"[’']s?$", "", w) for w in re.findall(r"\w[\w'’]*", article.text)}
        lower = frozenset(w for w in tokens if w.islower())
        dotted = {re.sub(r"[.\s]", "", a) for a in re.findall(r"\b(?:[A-Z]\.\s?){2,}", article.text)}  # "U.S." -> "US"
        words = frozenset(w.casefold() for w in tokens | dotted)
        return cls(words, lower, tuple(extract_quantities(article.text)))


class _Vocabulary:
    """Every word and number of a batch, by the copy groups that use it, searched the way a reader would: a
    word is there when it is there exactly, inside a longer word ("Calamita" in "LaCalamita") or spelt within
    one or two letters ("Teixiera" / "Teixeira"). Built once per batch; every question leaves one copy group
    out (``group``): what its own copies say is not "elsewhere"."""

    def __init__(self, indexes: Mapping[str, _DetailIndex], group_of: Mapping[str, str]) -> None:
        groups_of: dict[str, set[str]] = {}
        by_value: dict[float, set[str]] = {}
        numbers: dict[str, list[tuple[float, Quantity, str]]] = {}
        for aid, index in indexes.items():
            group = group_of.get(aid, aid)
            for word in index.words:
                groups_of.setdefault(word, set()).add(group)
            for q in index.numbers:
                by_value.setdefault(q.value, set()).add(group)
                numbers.setdefault(q.dimension, []).append((q.base_value, q, group))
        for values in numbers.values():
            values.sort(key=lambda item: item[0])
        self._groups_of = groups_of
        self._words = list(groups_of)  # rapidfuzz's choices, listed once
        self._joined = "\n" + "\n".join(self._words) + "\n"  # every word, one a line: one C-level search
        self._by_value = by_value
        self._numbers = numbers
        self._keys = {dim: [v for v, _q, _g in values] for dim, values in numbers.items()}
        self._ranged = {dim: [x for x in values if x[1].low is not None] for dim, values in numbers.items()}

    @staticmethod
    def _other(groups: set[str] | None, group: str) -> bool:
        return groups is not None and (len(groups) > 1 or group not in groups)

    def has_word(self, word: str, group: str) -> bool:
        if self._other(self._groups_of.get(word), group):
            return True
        if len(word) < 5:
            return False
        for hit in re.finditer(re.escape(word), self._joined):
            start = self._joined.rfind("\n", 0, hit.start()) + 1
            longer = self._joined[start : self._joined.find("\n", hit.end())]
            if self._other(self._groups_of.get(longer), group):
                return True
        from rapidfuzz import fuzz, process

        close = process.extract(word, self._words, scorer=fuzz.ratio, score_cutoff=85, limit=None)
        return any(self._other(self._groups_of.get(w), group) for w, _score, _k in close)

    def has_number(self, q: Quantity, group: str) -> bool:
        """The same value in any unit, or within 10% in the same dimension (a range: overlapping), in another
        group's article."""
        if self._other(self._by_value.get(q.value), group):
            return True
        values = self._numbers.get(q.dimension, [])
        if q.low is not None:
            pool = values  # a range: compare with every number of its dimension
        else:
            keys = self._keys.get(q.dimension, [])
            lo, hi = sorted((q.base_value * 0.89, q.base_value / 0.89))
            pool = values[bisect_left(keys, lo) : bisect_right(keys, hi)] + self._ranged.get(q.dimension, [])
        return any(g != group and same_quantity_value(q, o, 0.1) for _v, o, g in pool)


# A run of capitalised words ("Russian Chief of General Staff Valery Gerasimov", "Yonhap News Agency",
# "Mid - South Canterbury").
_NAME_RUN = re.compile(r"[A-Z][\w'’.-]*(?:(?:(?:\s+(?:of|for|de|al|bin|van|von|der|the))*\s+|\s?-\s?)[A-Z][\w'’.-]*)*")
_NAME_TOKEN = re.compile(r"[A-Z][\w'’]+")
_CONTRACTION = re.compile(r"[’'](?:s|m|re|ve|ll|d|t)$", re.I)
_DEMONYM = re.compile(r"(?:an|ese|ish)$")  # "Australian", "Chinese", "British" (not "Kathimerini")
_SPLIT_NUMBER = re.compile(r"\d[.,]\s$")  # "93. 6 billion", "14, 000": a number the text's tokenizer split


@dataclass(frozen=True, slots=True)
class Detail:
    """A name or number of a sentence that no other copy group's article holds (article offsets)."""

    text: str
    start: int
    end: int
    kind: str  # "name" or "number"


def _unique_details(
    article: Article, m: Mention, others: list[_DetailIndex], common: frozenset[str], anywhere: _Vocabulary
) -> list[Detail]:
    """The names and numbers of a sentence that no other article of the batch holds anywhere: what a reader can
    check by searching the other articles, and what makes the sentence news only one outlet has.

    Names are runs of capitalised words; a run's distinctive words are what a reader would search for
    ("Gerasimov", "Yonhap"), not titles, weekdays, months, stop words, contractions, the outlet's own name, or
    any word the batch's articles also write in lower case (``common``: "News", "Agency", "Web"). A name counts
    as held elsewhere when its last distinctive word (its head: a surname, "Yonhap") is in ``anywhere`` (exactly,
    inside a longer word or within a letter or two); a one-word run opening the sentence or a quotation, a run in
    capitals ("ONE MORE YEAR"), or a nationality used as an adjective ("a Greek tanker"), is not a detail. A
    number is held elsewhere when another article has the same value in any unit, or within 10% in the same unit;
    dates, years, clock times, split numbers and numbers the extractor may have misread are not details.
    Precision first: anything that might be there is. The sentence (or the one before it: "The operator, X,
    ...") must also name someone or something at least half of the story's ``others`` name: a new detail of the
    story's own actors and places, not background about something else (none found: no details)."""
    own = {w.casefold() for w in re.findall(r"\w+", article.label)}
    text = article.text
    out: list[Detail] = []
    shared = False
    before_it = article.sentences[m.sentence - 1].start if 0 < m.sentence <= len(article.sentences) else m.start
    for run in _NAME_RUN.finditer(text, min(before_it, m.start), m.end):
        offset = run.start()
        for part in re.split(r"([’']s\s+)", run.group()):  # "South Korea's Yonhap News Agency": two names
            start, name = offset, part
            offset += len(part)
            if re.fullmatch(r"[’']s\s+", part):
                continue
            words = name.split()
            while words and (words[0].casefold() in STOP_WORDS or words[0].casefold() in CALENDAR_WORDS):
                start += len(words[0]) + 1
                words = words[1:]  # "As Johanna Neuman", "The United States", "But Moody"
            while words and words[-1].rstrip(".").casefold() in CALENDAR_WORDS:
                words = words[:-1]  # "Joe Coffey Monday"
            name = " ".join(words).rstrip(".")
            tokens = [t.casefold() for t in _NAME_TOKEN.findall(name) if not _CONTRACTION.search(t)]
            tokens += [_CONTRACTION.sub("", t).casefold() for t in _NAME_TOKEN.findall(name) if _CONTRACTION.search(t)]
            distinct = [
                t
                for t in tokens
                if t not in STOP_WORDS
                and t not in CALENDAR_WORDS
                and t not in own
                and t not in TITLE_WORDS
                and t not in common
                and len(t) > 1
            ]
            if not distinct:
                continue
            if sum(any(t in o.words for t in distinct) for o in others) * 2 >= len(others):
                shared = True  # a name at least half of the other articles use: the story's own actors and places
            if start < m.start or anywhere.has_word(distinct[-1], m.group):
                continue  # its head ("Gerasimov" of "Valery Gerasimov", "Yonhap" of "Yonhap News Agency") is there
            initials = "".join(t[0] for t in tokens if t not in STOP_WORDS)
            if 1 < len(initials) < 5 and anywhere.has_word(initials, m.group):
                continue  # written as its initials elsewhere: "U.S." for "United States", "AP" for "Associated Press"
            before = text[max(m.start, start - 2) : start]
            if len(words) == 1 and (start == m.start or re.search(r"[\"“‘'(:]\s?$", before)):
                continue  # one capitalised word opening the sentence or a quotation ("Events such as these")
            if len(words) > 1 and sum(w.isupper() and len(w) > 2 for w in words) > 1:
                continue  # a line in capitals ("ONE MORE YEAR"): a headline or a chant, not a name
            end = start + len(name)
            if len(distinct) == 1 and _DEMONYM.search(distinct[0]) and re.match(r"\s[a-z]", text[end : end + 2]):
                continue  # "a Greek chemical tanker", "the American people": an adjective, not a name
            out.append(Detail(name, start, end, "name"))
    for q in m.facts.quantities:
        if _year_like(q) or _rough(q) or _unreliable(article, q, m.facts):
            continue
        if _SPLIT_NUMBER.search(text[max(0, q.start - 3) : q.start]) or anywhere.has_number(q, m.group):
            continue
        out.append(Detail(q.surface.strip(), q.start, q.end, "number"))
    if not shared:
        return []
    return list({d.text: d for d in reversed(out)}.values())[::-1]  # each detail once, at its first place


_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|yourself)\b", re.I)


_REPORTING = frozenset({"say", "tell", "add", "state", "announce", "confirm", "report", "write", "explain", "note"})
_STEM_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"})
RESTATED_SHARE = 0.6  # of a sentence's content words another outlet's sentence (or two adjacent) holds: restated
RESTATED_MIN_WORDS = 4  # fewer content words than this: too little to call a restatement


def _stem(word: str) -> str:
    """A crude lemma both sides can share without parsing the other articles: casefolded, no punctuation, its
    first five letters ("approved" / "approve", "properties" / "property") after a plural "s"; numbers without
    their commas."""
    word = re.sub(r"[^\w]", "", word.casefold())
    if word.isdigit():
        return word
    return (word[:-1] if len(word) > 3 and word.endswith("s") else word)[:5]  # "euros" / lemma "euro"


def _restated(
    doc: Any,
    group: str,
    others: Sequence[Article],
    group_of: Mapping[str, str],
    cache: dict[str, list[frozenset[str]]],
) -> bool:
    """Another copy group's article states the sentence's content in its own words: one of its sentences, or two
    adjacent ones, holds ``RESTATED_SHARE`` of the sentence's content words (lemmas of nouns, names, verbs,
    adjectives, adverbs and numbers), leaving out who said it ("..., Bower said": the speaker and the verb of
    saying), since another outlet often reports the fact without the name. ``cache`` keeps each article's
    stems of adjacent sentence pairs and of the whole article (one pass per article per batch; an article whose
    whole text holds too few of the words is skipped at once)."""
    sents = list(doc.sents)
    if not sents:
        return False
    sent = max(sents, key=len)
    root = sent.root
    skip: set[int] = set()
    if root.lemma_ in _REPORTING:
        skip.add(root.i)
        for child in root.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                skip.update(t.i for t in child.subtree)
    words = {
        _stem(t.lemma_ if t.pos_ != "NUM" else t.text)
        for t in sent
        if t.i not in skip and t.pos_ in _STEM_POS and not t.is_stop
    } - {""}
    if len(words) < RESTATED_MIN_WORDS:
        return False
    need = RESTATED_SHARE * len(words)
    for art in others:
        if group_of.get(art.id, art.id) == group:
            continue
        if art.id not in cache:  # each sentence with the next one (a fact may be told over two), then the whole
            one = [
                frozenset(_stem(w) for w in re.findall(r"[\w$%.,'’-]+", art.text[sp.start : sp.end]))
                for sp in art.sentences
            ]
            cache[art.id] = [*([a | b for a, b in pairwise(one)] or one), frozenset().union(*one)]
        *pairs, whole = cache[art.id]
        if len(words & whole) >= need and any(len(words & pair) >= need for pair in pairs):
            return True
    return False


def _checked_details(
    candidates: Sequence[tuple[str | None, Article, Mention, str, Claim, list[Detail]]],
    articles: Mapping[str, Article],
    entities: Entities | None,
    sources: Sequence[Source],
    group_of: Mapping[str, str],
) -> list[list[str]]:
    """Each candidate's details that survive three checks a reader would make (as text, in order).

    - A name must be a named entity of a kind a reader searches for (``NAME_LABELS``: a person, an
      organisation, a place, a nationality, an event or a work), not a capitalised common word, unit or key
      ("Celsius", "Shift", "Spring Training"). Without an entity model the capitalised runs stand.
    - The person credited or quoted in the sentence is who said it, not what happened: a speaker's name alone
      does not make a reported fact unique (another outlet often reports it without the name).
    - A canonical source of the batch (issue 11) that another copy group credits, quotes or names under one of
      its aliases is there already ("AP" / "Associated Press", a nickname the sources stage merged).
    """
    found: Sequence[list[tuple[int, int, str]] | None] = [None] * len(candidates)
    if entities is not None:
        texts = [m.text for _s, _a, m, _w, _c, _d in candidates]
        found = entities(texts) if texts else []
    alias_of: dict[str, list[Source]] = {}
    for src in sources:
        for alias in {src.name, *src.aliases}:
            alias_of.setdefault(alias.casefold(), []).append(src)
    group_text: dict[str, str] = {}
    for aid, art in articles.items() if alias_of else ():
        group = group_of.get(aid, aid)
        group_text[group] = group_text.get(group, "") + "\n" + art.text.casefold()
    out: list[list[str]] = []
    for (_story, art, m, _why, _claim, details), ents in zip(candidates, found, strict=True):
        kept, lone_places = [], 0
        for d in details:
            if d.kind == "name":
                labels = {label for s, e, label in ents or () if m.start + s < d.end and d.start < m.start + e}
                if ents is not None and not labels & NAME_LABELS:
                    continue  # no named entity of a searchable kind: a capitalised common word, a unit, a key
                if _aliased_elsewhere(d.text, alias_of, group_of.get(art.id, art.id), group_of, group_text):
                    continue
                lone_places += ents is not None and labels & NAME_LABELS <= {"GPE", "LOC"} and " " not in d.text
            kept.append(d.text)
        # A one-word place alone ("in Washington", "Illinois politics") is a capital or a state standing for its
        # government or its politics, or the setting of background: not what only this outlet reports.
        out.append(kept if lone_places < len(kept) else [])
    return out


def _aliased_elsewhere(
    name: str,
    alias_of: Mapping[str, list[Source]],
    group: str,
    group_of: Mapping[str, str],
    group_text: Mapping[str, str],
) -> bool:
    """``name`` is (an alias of) a canonical source that another copy group credits or quotes, or whose other
    name another copy group writes."""
    for src in alias_of.get(name.casefold(), ()):
        if any(group_of.get(a, a) != group for a in src.articles):
            return True
        for alias in {src.name, *src.aliases} - {name}:
            pattern = re.compile(r"\b" + re.escape(alias.casefold()) + r"\b")
            if any(g != group and pattern.search(text) for g, text in group_text.items()):
                return True
    return False


def _gist(text: str, words: int = 14) -> str:
    cut = text.split()
    return " ".join(cut[:words]) + (" ..." if len(cut) > words else "")


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
