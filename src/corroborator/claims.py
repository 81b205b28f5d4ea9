"""Claims and the independent sources behind each.

A claim is a statement of fact in a story: the sentences that alignment found
to say the same thing across articles (verbatim, near-verbatim, paraphrase,
same fact or the same quote) form one claim; a sentence no other article
matches is a claim of its own. Each mention keeps its exact text and offsets.

Independent sources per claim: each mention has an origin, either
- the upstream source it credits in the same sentence (an outlet, an agency, a
  person; "intelligence officials cited by the broadcaster" -> the broadcaster), or
- its article's copy group: an article and its duplicates, near-duplicates and
  rewrites are one origin, named after the original.
The distinct origins are the independent sources; ``explanation`` says why.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from corroborator.attribution import is_generic, source_key
from corroborator.facts.mentions import MentionFacts, mention_facts
from corroborator.options import ClaimOptions
from corroborator.textutil import date_key
from corroborator.types import (
    COPY_KINDS,
    PASSAGE_LABELS,
    Article,
    Claim,
    ClaimLink,
    Mention,
    Origin,
    PassageLabel,
    Relation,
    Story,
)
from corroborator.unionfind import UnionFind

CLAIM_LABELS = PASSAGE_LABELS


@dataclass(frozen=True, slots=True)
class MentionOrigin:
    """The origin one mention gets, before a claim gathers its mentions' origins into ``Origin`` records."""

    key: str
    label: str
    kind: str  # "source" or "article"
    reason: str


def copy_groups(articles: Sequence[Article], relations: Sequence[Relation]) -> dict[str, str]:
    """Article id -> the id of its copy group's original (itself when it has no copies)."""
    uf: UnionFind[str] = UnionFind()
    for art in articles:
        uf.find(art.id)
    parent_of: dict[str, str] = {}
    for rel in relations:
        if rel.kind in COPY_KINDS:
            uf.union(rel.a, rel.b)
            if rel.original:
                parent_of.setdefault(rel.other(rel.original), rel.original)
    members: dict[str, list[str]] = defaultdict(list)
    for art in articles:
        members[uf.find(art.id)].append(art.id)
    published = {a.id: date_key(a.meta.published) for a in articles}
    root: dict[str, str] = {}
    for ids in members.values():
        originals = [i for i in ids if i not in parent_of]
        head = min(originals or ids, key=lambda i: (published[i], i))
        for i in ids:
            root[i] = head
    return root


def mention_origin(
    article: Article,
    facts: MentionFacts,
    group_root: str,
    articles: dict[str, Article],
    group_sizes: dict[str, int],
    outlet_groups: dict[str, str],
) -> MentionOrigin:
    named = [
        a for a in facts.attributions if not is_generic(a.source) and a.source_key not in ("he", "she", "it", "they")
    ]
    relayed = [a for a in facts.attributions if a.via]
    for att in relayed + named:
        key = source_key(att.via) if att.via else att.source_key
        if article.meta.outlet and key == source_key(article.meta.outlet):
            continue  # an outlet crediting itself ("The Bay Post has learned") is its own reporting
        if key in outlet_groups:
            # Crediting an outlet whose article is in this batch: the origin is that article's copy group.
            return _group_origin(outlet_groups[key], articles, group_sizes, f"credits {att.via or att.source}")
        if att.via:
            return MentionOrigin(f"source:{key}", att.via, "source", f"credits {att.source_text} via {att.via}")
        return MentionOrigin(f"source:{key}", att.source, "source", f"credits {att.source}")
    return _group_origin(group_root, articles, group_sizes, None)


def _group_origin(
    group_root: str, articles: dict[str, Article], group_sizes: dict[str, int], reason: str | None
) -> MentionOrigin:
    root = articles[group_root]
    copies = group_sizes[group_root] - 1
    label = root.label + (f" and {copies} cop{'y' if copies == 1 else 'ies'} of it" if copies else "")
    return MentionOrigin(
        f"article:{group_root}",
        label,
        "article",
        reason or ("its own reporting" if not copies else "its own reporting, copied"),
    )


def build_claims(
    articles: Sequence[Article],
    stories: Sequence[Story],
    relations: Sequence[Relation],
    options: ClaimOptions | None = None,
) -> list[Claim]:
    """Claims of every story from the relations' full alignments (every aligned sentence pair counts)."""
    options = options or ClaimOptions()
    by_id = {a.id: a for a in articles}
    roots = copy_groups(articles, relations)
    group_size: dict[str, int] = defaultdict(int)
    for aid in roots:
        group_size[roots[aid]] += 1
    story_of = {aid: s.id for s in stories for aid in s.articles}
    # Strongest links first; a link that would put two sentences of one article into one claim is
    # refused, so "same fact" links cannot chain different statements together.
    links: list[tuple[int, float, tuple[str, int], tuple[str, int], PassageLabel]] = []
    for rel in relations:
        if story_of.get(rel.a) != story_of.get(rel.b):
            continue
        for p in rel.alignment.pairs:
            if p.label not in CLAIM_LABELS:
                continue
            rank = 0 if p.label == "shared_quote" else CLAIM_LABELS.index(p.label)
            links.append((rank, -p.cosine, (rel.a, p.i), (rel.b, p.j), p.label))
    uf: UnionFind[tuple[str, int]] = UnionFind()
    members: dict[tuple[str, int], set[str]] = {}
    accepted: list[tuple[tuple[str, int], tuple[str, int], PassageLabel]] = []
    for _rank, _cos, x, y, label in sorted(links):
        rx, ry = uf.find(x), uf.find(y)
        if rx == ry:
            continue
        ax = members.get(rx, {x[0]})
        ay = members.get(ry, {y[0]})
        if ax & ay:
            continue
        uf.union(x, y)
        members[uf.find(x)] = ax | ay
        accepted.append((x, y, label))
    components: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
    for art in articles:
        for k, span in enumerate(art.sentences):
            if len(art.text[span.start : span.end].split()) >= options.min_words:
                components[uf.find((art.id, k))].append((art.id, k))
    link_of: dict[tuple[str, int], list[ClaimLink]] = defaultdict(list)
    for x, y, label in accepted:
        link_of[uf.find(x)].append(ClaimLink(x[0], x[1], y[0], y[1], label))
    outlet_groups: dict[str, str] = {}
    for art in sorted(articles, key=lambda a: (date_key(a.meta.published), a.id)):
        if art.meta.outlet:
            outlet_groups.setdefault(source_key(art.meta.outlet), roots[art.id])
    claims = []
    for root, nodes in components.items():
        claim, first_position = _claim(nodes, by_id, roots, group_size, story_of, outlet_groups)
        claims.append((claim, first_position, tuple(link_of.get(root, []))))
    claims.sort(key=lambda c: (c[0].story or "", -len(c[0].articles), c[1], c[0].id))
    return [replace(claim, links=links_) for claim, _pos, links_ in claims]


def _claim(
    nodes: list[tuple[str, int]],
    articles: dict[str, Article],
    roots: dict[str, str],
    group_size: dict[str, int],
    story_of: dict[str, str],
    outlet_groups: dict[str, str],
) -> tuple[Claim, tuple[str, int]]:
    published = {aid: date_key(articles[aid].meta.published) for aid, _ in nodes}
    nodes = sorted(nodes, key=lambda n: (roots[n[0]] != n[0], published[n[0]], n[0], n[1]))
    mentions: list[Mention] = []
    origins: dict[str, dict[str, list[str]]] = {}
    origin_meta: dict[str, MentionOrigin] = {}
    article_ids: list[str] = []
    for aid, k in nodes:
        art = articles[aid]
        span = art.sentences[k]
        facts = mention_facts(art, k)
        origin = mention_origin(art, facts, roots[aid], articles, group_size, outlet_groups)
        origin_meta.setdefault(origin.key, origin)
        entry = origins.setdefault(origin.key, {"articles": [], "reasons": []})
        if aid not in entry["articles"]:
            entry["articles"].append(aid)
            entry["reasons"].append(f"{art.label}: {origin.reason}")
        if aid not in article_ids:
            article_ids.append(aid)
        mentions.append(
            Mention(
                article=aid,
                sentence=k,
                start=span.start,
                end=span.end,
                text=art.text[span.start : span.end],
                origin=origin.key,
                group=roots[aid],
                facts=facts,
            )
        )
    records = tuple(
        Origin(
            id=key,
            name=origin_meta[key].label,
            kind="source" if origin_meta[key].kind == "source" else "article",
            articles=tuple(entry["articles"]),
            reasons=tuple(entry["reasons"]),
        )
        for key, entry in origins.items()
    )
    first = mentions[0]
    n_articles, n_origins = len(article_ids), len(records)
    explanation = (
        f"{n_articles} article{'s' if n_articles != 1 else ''}, "
        f"{n_origins} independent origin{'s' if n_origins != 1 else ''}: "
        + "; ".join(f"{o.name} ({', '.join(o.reasons)})" for o in records)
    )
    key = " ".join(f"{aid}:{k}" for aid, k in sorted((m.article, m.sentence) for m in mentions))
    claim = Claim(
        id="c-" + hashlib.sha1(key.encode()).hexdigest()[:10],
        story=story_of.get(first.article),
        text=first.text,
        articles=tuple(article_ids),
        mentions=tuple(mentions),
        independent_sources=n_origins,
        origins=records,
        explanation=explanation,
    )
    return claim, (published[first.article], first.start)
