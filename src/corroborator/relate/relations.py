"""Relation kinds between two articles, and which one is the original.

Kinds, decided from the alignment (coverage is the share of an article's
characters in aligned sentences):
- ``duplicate``: both articles are >= 95% verbatim of each other;
- ``near_duplicate``: a syndicated copy: one is >= 80% (near-)verbatim in the
  other, the other >= 60%, and reused sentences keep >= 85% of their words;
- ``rewrite``: most of one article restates the other sentence by sentence in
  new words (reuse >= 60% of one side, >= 35% of the other, order kept, and
  reused sentences keep under 85% of their words on average);
- ``partial_reuse``: a block of passages taken over (>= 15% verbatim of one
  side, or three or more reused sentences covering >= 25%), the rest original;
- ``same_story``: no reuse, but the same story (the stories stage put them
  together, or sentences state the same facts).

Direction votes, each with its reason: an explicit credit of the other
article's outlet ("the Harbour Gazette reported"), publication dates, and for
rewrites, containment (a rewrite condenses: the derived text is covered more,
the original has content the copy lacks). Partial reuse has original content
on both sides, so containment says nothing about its direction. A copy dated before its credited
original is reported as a contradiction, not hidden.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from corroborator.attribution import source_key
from corroborator.options import RelateOptions
from corroborator.types import COPY_KINDS, REUSE_LABELS, Alignment, Article, Direction, Relation, RelationKind


def classify(
    align: Alignment, same_story: bool, options: RelateOptions | None = None
) -> tuple[RelationKind | None, float, str]:
    """(kind or None, score, the rule that decided it)."""
    o = options or RelateOptions()
    va, vb = align.verbatim_a(), align.verbatim_b()
    ra, rb = align.reuse_a(), align.reuse_b()
    reused = sum(1 for p in align.pairs if p.label in REUSE_LABELS)
    hi, lo = max(ra, rb), min(ra, rb)
    if va >= o.duplicate_coverage and vb >= o.duplicate_coverage:
        return "duplicate", round(min(va, vb), 4), f"both texts are verbatim in the other ({va:.0%} / {vb:.0%})"
    edits = align.edit_similarity()
    if max(va, vb) >= o.copy_coverage and min(va, vb) >= o.copy_coverage_other and edits >= o.copy_words:
        return (
            "near_duplicate",
            round((va + vb) / 2, 4),
            (f"(near-)verbatim coverage {va:.0%} / {vb:.0%}; reused sentences keep {edits:.0%} of their words"),
        )
    if (
        hi >= o.rewrite_coverage
        and lo >= o.rewrite_coverage_other
        and align.order >= o.rewrite_order
        and edits < o.copy_words
    ):
        return (
            "rewrite",
            round(hi, 4),
            (
                f"{hi:.0%} of one article restates the other ({lo:.0%} of the other), in the same order "
                f"({align.order:.0%}), in other words (reused sentences keep {edits:.0%} of their words)"
            ),
        )
    if max(va, vb) >= o.partial_verbatim or (reused >= o.partial_sentences and hi >= o.partial_coverage):
        return "partial_reuse", round(hi, 4), f"{reused} reused sentences; verbatim coverage {va:.0%} / {vb:.0%}"
    facts = sum(1 for p in align.pairs if p.label == "same_fact")
    quotes = sum(1 for p in align.pairs if p.label == "shared_quote")
    if same_story or facts + reused >= 2:
        grouped = "grouped into one story by shared names, places and numbers; " if same_story else ""
        return (
            "same_story",
            round(min(1.0, 0.5 + 0.1 * (facts + reused)), 4),
            (
                f"independent report of the same story: {grouped}{facts} same-fact, {reused} closely matching and "
                f"{quotes} identically quoted sentences, no copied block"
            ),
        )
    return None, 0.0, "no shared passages"


def _when(value: str | None) -> tuple[datetime, bool] | None:
    if not value:
        return None
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return None
    return stamp.replace(tzinfo=None) if stamp.tzinfo is None else stamp.astimezone().replace(tzinfo=None), "T" in value


def _credits(article: Article, other: Article) -> str | None:
    """The words of ``article`` that credit ``other``'s outlet, if any."""
    if not other.meta.outlet:
        return None
    key = source_key(other.meta.outlet)
    for att in article.attributions:
        if att.source_key == key or (att.via and source_key(att.via) == key):
            return article.text[att.start : att.end]
    return None


def direction(a: Article, b: Article, kind: RelationKind, align: Alignment) -> Direction:
    votes: list[tuple[str, float, str]] = []  # (original id, weight, reason)
    contradictions: list[str] = []
    for x, y in ((a, b), (b, a)):
        credit = _credits(x, y)
        if credit:
            votes.append((y.id, 0.8, f'{x.label} credits {y.meta.outlet}: "{credit}"'))
    wa, wb = _when(a.meta.published), _when(b.meta.published)
    date_vote = None
    if wa and wb:
        (ta, a_time), (tb, b_time) = wa, wb
        same_day = ta.date() == tb.date()
        if not same_day or (a_time and b_time and ta != tb):
            earlier, later = (a, b) if ta < tb else (b, a)
            date_vote = earlier.id
            votes.append(
                (
                    earlier.id,
                    0.6,
                    f"{earlier.label} was published first ({earlier.meta.published} vs {later.meta.published})",
                )
            )
    if kind == "rewrite":
        ra, rb = align.reuse_a(), align.reuse_b()
        if abs(ra - rb) >= 0.05:
            # A rewrite condenses: the derived text is covered more, the original keeps material the copy dropped.
            copy, original = (a, b) if ra > rb else (b, a)
            votes.append(
                (
                    original.id,
                    0.25,
                    f"{max(ra, rb):.0%} of {copy.label} is covered by {original.label}, but only "
                    f"{min(ra, rb):.0%} the other way: the original has content the copy lacks",
                )
            )
    credit_votes = [v for v in votes if v[1] == 0.8]
    if date_vote and credit_votes and credit_votes[0][0] != date_vote:
        contradictions.append(
            f"the article credited as the source was published after the one crediting it ({credit_votes[0][2]})"
        )
    score = sum(w for o, w, _ in votes if o == a.id) - sum(w for o, w, _ in votes if o == b.id)
    if abs(score) < 0.2:
        return Direction(
            None,
            0.0,
            tuple(r for _, _, r in votes) or ("no dates, credits or containment decide it",),
            tuple(contradictions),
        )
    winner = a.id if score > 0 else b.id
    return Direction(
        winner, round(min(0.95, abs(score)), 2), tuple(r for o, _, r in votes if o == winner), tuple(contradictions)
    )


def relate_pair(
    a: Article, b: Article, align: Alignment, same_story: bool, options: RelateOptions | None = None
) -> Relation | None:
    """The relation of two articles given their alignment, or None when they are unrelated."""
    kind, score, rule = classify(align, same_story, options)
    if kind is None:
        return None
    way = (
        direction(a, b, kind, align)
        if kind != "same_story"
        else Direction(None, 0.0, ("independent reports: no copy to orient",), ())
    )
    return Relation(a=a.id, b=b.id, kind=kind, score=score, rule=rule, alignment=align, direction=way)


def mark_siblings(relations: list[Relation]) -> list[Relation]:
    """Two copies of one original are siblings: neither is the other's original."""
    parent: dict[str, str] = {}
    for rel in relations:
        if rel.kind in COPY_KINDS and rel.original and rel.confidence >= 0.5:
            parent.setdefault(rel.other(rel.original), rel.original)
    out = []
    for rel in relations:
        pa, pb = parent.get(rel.a), parent.get(rel.b)
        if pa and pa == pb and rel.kind in COPY_KINDS:
            reason = f"both derive from article {pa}; neither copied the other directly"
            way = Direction(None, 0.0, (reason,), rel.direction.contradictions, common_original=pa)
            rel = replace(rel, direction=way)
        out.append(rel)
    return out
