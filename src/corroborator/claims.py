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
from dataclasses import dataclass

from corroborator.attribution import is_generic, source_key
from corroborator.facts.mentions import MentionFacts, mention_facts
from corroborator.relate.relations import COPY_KINDS
from corroborator.report import Report
from corroborator.types import Article
from corroborator.unionfind import UnionFind

CLAIM_LABELS = ("verbatim", "near_verbatim", "paraphrase", "same_fact", "shared_quote")
MIN_WORDS = 4


@dataclass(frozen=True, slots=True)
class Origin:
    key: str
    label: str
    reason: str


def copy_groups(report: Report) -> dict[str, str]:
    """Article id -> the id of its copy group's original (itself when it has no copies)."""
    uf = UnionFind()
    for art in report.articles:
        uf.find(art.id)
    parent_of: dict[str, str] = {}
    for rel in report.relations:
        if rel["kind"] in COPY_KINDS:
            uf.union(rel["a"], rel["b"])
            if rel["original"]:
                child = rel["b"] if rel["original"] == rel["a"] else rel["a"]
                parent_of.setdefault(child, rel["original"])
    members: dict[str, list[str]] = defaultdict(list)
    for art in report.articles:
        members[uf.find(art.id)].append(art.id)
    published = {a.id: a.meta.published or "9999" for a in report.articles}
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
) -> Origin:
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
            return Origin(f"source:{key}", att.via, f"credits {att.source_text} via {att.via}")
        return Origin(f"source:{key}", att.source, f"credits {att.source}")
    return _group_origin(group_root, articles, group_sizes, None)


def _group_origin(
    group_root: str, articles: dict[str, Article], group_sizes: dict[str, int], reason: str | None
) -> Origin:
    root = articles[group_root]
    copies = group_sizes[group_root] - 1
    label = root.label + (f" and {copies} cop{'y' if copies == 1 else 'ies'} of it" if copies else "")
    return Origin(
        f"article:{group_root}", label, reason or ("its own reporting" if not copies else "its own reporting, copied")
    )


def build_claims(report: Report) -> list[dict]:
    articles = {a.id: a for a in report.articles}
    roots = copy_groups(report)
    group_size: dict[str, int] = defaultdict(int)
    for aid in roots:
        group_size[roots[aid]] += 1
    story_of = {aid: s["id"] for s in report.stories for aid in s["articles"]}
    sentence_at = {a.id: {s.start: k for k, s in enumerate(a.sentences)} for a in report.articles}
    # Strongest links first; a link that would put two sentences of one article into one claim is
    # refused, so "same fact" links cannot chain different statements together.
    links = []
    for rel in report.relations:
        if story_of.get(rel["a"]) != story_of.get(rel["b"]):
            continue
        for p in rel["evidence"]["passages"]:
            if p["label"] not in CLAIM_LABELS:
                continue
            i = sentence_at[rel["a"]].get(p["a"]["start"])
            j = sentence_at[rel["b"]].get(p["b"]["start"])
            if i is not None and j is not None:
                rank = 0 if p["label"] == "shared_quote" else CLAIM_LABELS.index(p["label"])
                links.append((rank, -p["cosine"], (rel["a"], i), (rel["b"], j), p["label"]))
    uf = UnionFind()
    members: dict = {}
    accepted: list[tuple] = []
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
    components: dict[tuple, list[tuple[str, int]]] = defaultdict(list)
    for art in report.articles:
        for k, span in enumerate(art.sentences):
            if len(art.text[span.start : span.end].split()) >= MIN_WORDS:
                components[uf.find((art.id, k))].append((art.id, k))
    link_of: dict[tuple, list[dict]] = defaultdict(list)
    for x, y, label in accepted:
        link_of[uf.find(x)].append({"a": x[0], "a_sentence": x[1], "b": y[0], "b_sentence": y[1], "label": label})
    outlet_groups: dict[str, str] = {}
    for art in sorted(report.articles, key=lambda a: (a.meta.published or "9999", a.id)):
        if art.meta.outlet:
            outlet_groups.setdefault(source_key(art.meta.outlet), roots[art.id])
    claims = []
    for root, nodes in components.items():
        claim = _claim(nodes, articles, roots, group_size, story_of, outlet_groups)
        claim["links"] = link_of.get(root, [])
        claims.append(claim)
    claims.sort(key=lambda c: (c["story"] or "", -len(c["articles"]), c["first_position"], c["id"]))
    for claim in claims:
        claim.pop("first_position")
    return claims


def _claim(
    nodes: list[tuple[str, int]],
    articles: dict[str, Article],
    roots: dict[str, str],
    group_size: dict[str, int],
    story_of: dict[str, str],
    outlet_groups: dict[str, str],
) -> dict:
    published = {aid: articles[aid].meta.published or "9999" for aid, _ in nodes}
    nodes = sorted(nodes, key=lambda n: (roots[n[0]] != n[0], published[n[0]], n[0], n[1]))
    mentions, origins, article_ids = [], {}, []
    for aid, k in nodes:
        art = articles[aid]
        span = art.sentences[k]
        facts = mention_facts(art, k)
        origin = mention_origin(art, facts, roots[aid], articles, group_size, outlet_groups)
        entry = origins.setdefault(
            origin.key, {"key": origin.key, "label": origin.label, "articles": [], "reasons": []}
        )
        if aid not in entry["articles"]:
            entry["articles"].append(aid)
            entry["reasons"].append(f"{art.label}: {origin.reason}")
        if aid not in article_ids:
            article_ids.append(aid)
        mentions.append(
            {
                "article": aid,
                "sentence": k,
                "text": art.text[span.start : span.end],
                "start": span.start,
                "end": span.end,
                "origin": origin.key,
                "group": roots[aid],
                "facts": _facts_dict(facts),
                "_facts": facts,
            }
        )
    first = mentions[0]
    n_articles, n_origins = len(article_ids), len(origins)
    explanation = (
        f"{n_articles} article{'s' if n_articles != 1 else ''}, {n_origins} independent origin{'s' if n_origins != 1 else ''}: "
        + "; ".join(f"{o['label']} ({', '.join(o['reasons'])})" for o in origins.values())
    )
    key = " ".join(f"{aid}:{k}" for aid, k in sorted((m["article"], m["sentence"]) for m in mentions))
    return {
        "id": "c-" + hashlib.sha1(key.encode()).hexdigest()[:10],
        "story": story_of.get(first["article"]),
        "text": first["text"],
        "articles": article_ids,
        "mentions": mentions,
        "independent_sources": n_origins,
        "origins": list(origins.values()),
        "explanation": explanation,
        "first_position": (published[first["article"]], first["start"]),
    }


def _facts_dict(facts: MentionFacts) -> dict:
    return {
        "quantities": [
            {
                "surface": q.surface,
                "value": q.value,
                "unit": q.unit,
                "qualifier": q.qualifier,
                "low": q.low,
                "high": q.high,
                "start": q.start,
                "end": q.end,
            }
            for q in facts.quantities
        ],
        "dates": [
            {"text": d.text, "value": d.value, "relative": d.relative, "start": d.start, "end": d.end}
            for d in facts.dates
        ],
        "names": [
            {"text": n.text, "name": n.name, "title": n.title, "start": n.start, "end": n.end} for n in facts.names
        ],
        "quotes": [{"text": q.text, "speaker": q.speaker, "start": q.start, "end": q.end} for q in facts.quotes],
        "credited": [{"source": a.source, "via": a.via, "cue": a.cue} for a in facts.attributions],
    }
