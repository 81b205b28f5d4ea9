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
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from corroborator.attribution import is_generic, source_key
from corroborator.facts.mentions import MentionFacts, mention_facts
from corroborator.linkage import average_link_groups
from corroborator.options import ClaimOptions
from corroborator.textutil import STOP_WORDS, date_key, words
from corroborator.types import (
    COPY_KINDS,
    PASSAGE_LABELS,
    Article,
    Claim,
    ClaimLink,
    Mention,
    Origin,
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


Unit = tuple[str, int]  # (article id, index of the unit's first sentence)


def claim_units(article: Article, min_words: int) -> dict[int, tuple[int, ...]]:
    """The article's claim units: first sentence index -> the sentences of the unit.

    A unit is a sentence of at least ``min_words`` words, or a quotation that runs over several
    sentences (one statement, however many sentences it takes).
    """
    texts = [article.text[s.start : s.end] for s in article.sentences]
    uf: UnionFind[int] = UnionFind(range(len(texts)))
    for quote in article.quotes:
        inside = [k for k, s in enumerate(article.sentences) if s.start < quote.end and quote.start < s.end]
        for k in inside[1:]:
            uf.union(inside[0], k)
    units: dict[int, list[int]] = defaultdict(list)
    for k in range(len(texts)):
        units[uf.find(k)].append(k)
    return {
        members[0]: tuple(members)
        for members in units.values()
        if sum(len(texts[k].split()) for k in members) >= min_words
    }


SAME_BY_CONSTRUCTION = ("verbatim", "near_verbatim", "shared_quote")


def story_weights(articles: Sequence[Article]) -> dict[str, float]:
    """How specific each content word is within one story: log((n + 1) / (df + 0.5)) over its n articles.

    The words every report of a story shares ("North", "Korean", "soldiers") say which story it is,
    not which statement; the words only some reports use ("deserted", "18") say which statement.
    """
    df: Counter[str] = Counter()
    for art in articles:
        df.update({w for w in words(art.text) if w not in STOP_WORDS})
    n = len(articles)
    return {w: math.log((n + 1) / (count + 0.5)) for w, count in df.items()}


def specific_overlap(a: set[str], b: set[str], weights: Mapping[str, float]) -> float:
    """Weighted share of the lighter sentence's content words that the other sentence also uses."""
    wa = sum(weights.get(w, 0.0) for w in a)
    wb = sum(weights.get(w, 0.0) for w in b)
    if wa <= 0 or wb <= 0:
        return 0.0
    return sum(weights.get(w, 0.0) for w in a & b) / min(wa, wb)


def link_scores(
    articles: Sequence[Article],
    stories: Sequence[Story],
    relations: Sequence[Relation],
    vectors: Mapping[str, np.ndarray],
    units: Mapping[str, dict[int, tuple[int, ...]]],
    options: ClaimOptions,
    progress: Callable[[int, int], None] | None = None,
) -> dict[tuple[Unit, Unit], tuple[float, str]]:
    """Scores of unit pairs of different articles in one story that may state the same fact, with the
    alignment label that paired them ("scored" when only the score did).

    score = (1 - w) x sentence cosine + w x story-specific word overlap, with w =
    ``options.specific_weight``; pairs that alignment found verbatim, near-verbatim or an identical
    quotation score 1 (they state the same thing by construction). The result is in key order.

    Each article pair's sentence pairs are scored as arrays (numpy gives the same float64 arithmetic
    as one pair at a time); a unit pair that several sentence pairs reach (a quotation over several
    sentences) keeps the first pair's score and label unless a later one scores higher, as before.
    """
    by_id = {a.id: a for a in articles}
    unit_arrays: dict[str, np.ndarray] = {}  # sentence -> the first sentence of its unit, -1 when in none
    for aid, us in units.items():
        arr = np.full(max(len(vectors.get(aid, ())), len(by_id[aid].sentences)), -1, dtype=np.int64)
        for first, ks in us.items():
            arr[list(ks)] = first
        unit_arrays[aid] = arr
    # The label of an aligned sentence pair, by article pair; a later relation's label wins, as in one dict.
    labels: dict[tuple[str, str], dict[tuple[int, int], str]] = defaultdict(dict)
    aligned: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for rel in relations:
        for p in rel.alignment.pairs:
            labels[(rel.a, rel.b)][(p.i, p.j)] = p.label
            labels[(rel.b, rel.a)][(p.j, p.i)] = p.label
            aligned[(rel.a, rel.b)].append((p.i, p.j))
            aligned[(rel.b, rel.a)].append((p.j, p.i))
    # Each distinct content-word set gets an id, so the overlap of two sentences is computed once per
    # story however often the pair recurs (copies repeat sentences: the 50-article benchmark story scores
    # 180k sentence pairs, most of them repeats).
    set_ids: dict[frozenset[str], int] = {}
    content = {
        a.id: np.array(
            [
                set_ids.setdefault(
                    frozenset(w for w in words(a.text[s.start : s.end]) if w not in STOP_WORDS), len(set_ids)
                )
                for s in a.sentences
            ],
            dtype=np.int64,
        )
        for a in articles
    }
    sets = list(set_ids)
    n_sets = max(len(sets), 1)
    w = options.specific_weight
    names = sorted(by_id)
    rank = {aid: k for k, aid in enumerate(names)}
    # Scored unit pairs as arrays, the lower (article, unit) first: article ranks, units, score, label code.
    found: list[tuple[np.ndarray, ...]] = []
    label_names: list[str] = ["scored"]
    label_code: dict[str, int] = {"scored": 0}
    seen_pairs: set[tuple[str, str]] = set()
    repeated: list[tuple[str, int, str, int, float, str]] = []  # an article pair scored in two stories
    for done, story in enumerate(stories, start=1):
        ids = [aid for aid in story.articles if aid in vectors and len(vectors[aid])]
        weights = story_weights([by_id[aid] for aid in ids])
        overlaps: dict[int, float] = {}  # content-word set pair -> specific overlap
        # The story's sentences stacked: article x's rows start at offset[x]; each article's sentence
        # pairs with every later article of the story are scored as one array. (The cosines are still one
        # small product per pair: one large product would be split over threads by OpenBLAS, which stalls
        # when another process holds the second core.)
        offset = np.cumsum([0] + [len(vectors[aid]) for aid in ids])
        owner = np.repeat(np.arange(len(ids)), np.diff(offset))
        story_units = np.concatenate([unit_arrays[aid][: len(vectors[aid])] for aid in ids]) if ids else owner
        story_content = np.concatenate([_padded(content[aid], len(vectors[aid])) for aid in ids]) if ids else owner
        story_rank = np.array([rank[aid] for aid in ids], dtype=np.int64)
        for x, a in enumerate(ids[:-1]):
            start = int(offset[x + 1])
            cos = np.concatenate([vectors[a] @ vectors[b].T for b in ids[x + 1 :]], axis=1)
            ii, cc = np.nonzero(cos >= options.link_min_cosine)
            at = np.zeros(cos.shape, dtype=np.int64)  # label code of an aligned pair, 0 for none
            below: list[tuple[int, int]] = []
            for y in range(x + 1, len(ids)):
                b = ids[y]
                base = int(offset[y]) - start
                for i, j in aligned.get((a, b), ()):
                    if cos[i, base + j] < options.link_min_cosine:
                        below.append((i, base + j))  # aligned all the same (e.g. a short verbatim)
                for (i, j), label in labels.get((a, b), {}).items():
                    if label not in label_code:
                        label_code[label] = len(label_names)
                        label_names.append(label)
                    at[i, base + j] = label_code[label]
            if below:  # after the pair's other sentence pairs, as before
                ii = np.concatenate([ii, np.array([i for i, _ in below], dtype=ii.dtype)])
                cc = np.concatenate([cc, np.array([c for _, c in below], dtype=cc.dtype)])
                by_pair = np.argsort(owner[start + cc], kind="stable")
                ii, cc = ii[by_pair], cc[by_pair]
            ua, ub = unit_arrays[a][ii], story_units[start + cc]
            keep = (ua >= 0) & (ub >= 0)
            ii, cc, ua, ub = ii[keep], cc[keep], ua[keep], ub[keep]
            if not len(ii):
                continue
            cosine = cos[ii, cc].astype(np.float64)
            codes = at[ii, cc]
            same = np.isin(codes, [label_code[k] for k in SAME_BY_CONSTRUCTION if k in label_code])
            set_pairs = (content[a][ii] * n_sets + story_content[start + cc])[~same].tolist()
            specific = list(map(overlaps.get, set_pairs))
            if None in specific:
                for code in set(set_pairs).difference(overlaps):
                    x_set, y_set = divmod(code, n_sets)
                    overlaps[code] = specific_overlap(set(sets[x_set]), set(sets[y_set]), weights)
                specific = list(map(overlaps.__getitem__, set_pairs))
            score = np.ones(len(ii), dtype=np.float64)
            score[~same] = (1 - w) * cosine[~same] + w * np.array(specific, dtype=np.float64)
            ok = score >= options.link_min
            other, ua, ub, score, codes = owner[start + cc[ok]], ua[ok], ub[ok], score[ok], codes[ok]
            if not len(ua):
                continue
            again = np.array([(a, b) in seen_pairs or (b, a) in seen_pairs for b in ids], dtype=bool)[other]
            if again.any():
                repeated.extend(
                    (a, u, ids[y], v, s, label_names[c])
                    for y, u, v, s, c in zip(
                        other[again].tolist(),
                        ua[again].tolist(),
                        ub[again].tolist(),
                        score[again].tolist(),
                        codes[again].tolist(),
                        strict=True,
                    )
                )
                other, ua, ub, score, codes = other[~again], ua[~again], ub[~again], score[~again], codes[~again]
            seen_pairs.update((a, ids[y]) for y in np.unique(other).tolist())
            other, ua, ub, score, codes = _first_or_higher(other, ua, ub, score, codes)
            a_first = rank[a] < story_rank[other]
            b_rank = story_rank[other]
            found.append(
                (
                    np.where(a_first, rank[a], b_rank),
                    np.where(a_first, ua, ub),
                    np.where(a_first, b_rank, rank[a]),
                    np.where(a_first, ub, ua),
                    score,
                    codes,
                )
            )
        if progress:
            progress(done, len(stories))
    out: dict[tuple[Unit, Unit], tuple[float, str]] = {}
    if found:
        rlo, ulo, rhi, uhi, score, codes = (np.concatenate(parts) for parts in zip(*found, strict=True))
        order = np.lexsort((uhi, rhi, ulo, rlo))
        score = score[order]
        distinct, inverse = np.unique(score, return_inverse=True)  # few distinct scores: copies repeat pairs
        rounded = np.array([round(x, 4) for x in distinct.tolist()], dtype=np.float64)[inverse].tolist()
        names_of = np.array(names, dtype=object)
        lows = zip(names_of[rlo[order]].tolist(), ulo[order].tolist(), strict=True)
        highs = zip(names_of[rhi[order]].tolist(), uhi[order].tolist(), strict=True)
        found_labels = np.array(label_names, dtype=object)[codes[order]].tolist()
        out = dict(zip(zip(lows, highs, strict=True), zip(rounded, found_labels, strict=True), strict=True))
    if repeated:
        for a, u, b, v, s, label in repeated:
            key = ((a, u), (b, v)) if (a, u) <= (b, v) else ((b, v), (a, u))
            if key not in out or s > out[key][0]:
                out[key] = (round(s, 4), label)
        out = dict(sorted(out.items()))
    return out


def _padded(values: np.ndarray, length: int) -> np.ndarray:
    """``values`` cut or padded with -1 to ``length`` entries (an article's per-sentence values beside its
    vector rows)."""
    if len(values) >= length:
        return values[:length]
    return np.concatenate([values, np.full(length - len(values), -1, dtype=values.dtype)])


def _first_or_higher(
    other: np.ndarray, ua: np.ndarray, ub: np.ndarray, score: np.ndarray, codes: np.ndarray
) -> tuple[np.ndarray, ...]:
    """One entry per unit pair (``ua`` of one article, ``ub`` of article ``other``) from its sentence pairs
    in the order scored: the first one's score (rounded to 4 places) and label, replaced by a later one
    that scores higher than that."""
    key = (other * (int(ua.max()) + 1) + ua) * (int(ub.max()) + 1) + ub
    _distinct, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    repeated = counts[inverse] > 1
    if not repeated.any():
        return other, ua, ub, score, codes
    kept: dict[int, int] = {}  # unit pair key -> the index of the entry that holds it
    rounded: dict[int, float] = {}
    for k in np.flatnonzero(repeated).tolist():
        pair, s = int(key[k]), float(score[k])
        if pair not in kept or s > rounded[pair]:
            kept[pair] = k
            rounded[pair] = round(s, 4)
    chosen = np.sort(np.concatenate([np.flatnonzero(~repeated), np.array(list(kept.values()), dtype=np.int64)]))
    return other[chosen], ua[chosen], ub[chosen], score[chosen], codes[chosen]


def outlet_groups(articles: Sequence[Article], roots: Mapping[str, str]) -> dict[str, str]:
    """Outlet key -> the copy group of that outlet's earliest article in the batch (a mention crediting
    an outlet of the batch has that article's group as its origin)."""
    out: dict[str, str] = {}
    for art in sorted(articles, key=lambda a: (date_key(a.meta.published), a.id)):
        if art.meta.outlet:
            out.setdefault(source_key(art.meta.outlet), roots[art.id])
    return out


def claim_order(claim: Claim, articles: Mapping[str, Article]) -> tuple[str, int, tuple[str, int], str]:
    """The order ``build_claims`` returns claims in: by story, most articles first, then the first mention's
    date and offset."""
    first = claim.mentions[0]
    return (
        claim.story or "",
        -len(claim.articles),
        (date_key(articles[first.article].meta.published), first.start),
        claim.id,
    )


def build_claims(
    articles: Sequence[Article],
    stories: Sequence[Story],
    relations: Sequence[Relation],
    vectors: Mapping[str, np.ndarray],
    options: ClaimOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
    only: Collection[str] | None = None,
) -> list[Claim]:
    """Claims of every story: units that state the same fact, grouped by average linkage.

    Args:
        articles, stories, relations: the earlier stages' records.
        vectors: each article's sentence vectors (unit rows, one per sentence), by article id.
        options: thresholds of the grouping.
        progress: told ``(stories scored, stories)`` as each story's sentence pairs are scored.
        only: the ids of the stories to build claims for (default: all). The claims of a story are the
            same whichever other stories are built: they read its articles, the relations among them and
            their vectors, and outside the story only the copy groups (``copy_groups``: the root, its
            size and label) and ``outlet_groups``. A case rebuilds only the stories where one of those
            changed (``pipeline._story_claim_keys``: keep it in step with what is read here).
    """
    options = options or ClaimOptions()
    by_id = {a.id: a for a in articles}
    roots = copy_groups(articles, relations)
    group_size: dict[str, int] = defaultdict(int)
    for aid in roots:
        group_size[roots[aid]] += 1
    story_of = {aid: s.id for s in stories for aid in s.articles}
    scope = articles
    if only is not None:
        stories = [s for s in stories if s.id in only]
        members = {aid for s in stories for aid in s.articles}
        scope = [a for a in articles if a.id in members]
    units = {a.id: claim_units(a, options.min_words) for a in scope}
    scored = link_scores(scope, stories, relations, vectors, units, options, progress)
    items = [(a.id, first) for a in scope for first in units[a.id]]
    groups = average_link_groups(
        items,
        {pair: score for pair, (score, _label) in scored.items()},
        {u: f"{u[0]}:{u[1]}" for u in items},
        options.link_threshold,
    )
    outlets = outlet_groups(articles, roots)
    group_of = {unit: k for k, group in enumerate(groups) for unit in group}
    links_of: dict[int, list[ClaimLink]] = defaultdict(list)
    for (x, y), (score, label) in sorted(scored.items()):
        if group_of[x] == group_of[y]:
            links_of[group_of[x]].append(ClaimLink(x[0], x[1], y[0], y[1], label, score))
    claims = []
    for k, group in enumerate(groups):
        nodes = [(aid, s) for aid, first in group for s in units[aid][first]]
        links = tuple(links_of.get(k, ()))
        same_words = [(link.a, link.b) for link in links if link.label in ("verbatim", "near_verbatim")]
        claim, _first = _claim(nodes, by_id, roots, group_size, story_of, outlets, same_words)
        claims.append(replace(claim, links=links))
    claims.sort(key=lambda c: claim_order(c, by_id))
    return claims


def _claim(
    nodes: list[tuple[str, int]],
    articles: dict[str, Article],
    roots: dict[str, str],
    group_size: dict[str, int],
    story_of: dict[str, str],
    outlet_groups: dict[str, str],
    same_words: Sequence[tuple[str, str]] = (),
) -> tuple[Claim, tuple[str, int]]:
    published = {aid: date_key(articles[aid].meta.published) for aid, _ in nodes}
    nodes = sorted(nodes, key=lambda n: (roots[n[0]] != n[0], published[n[0]], n[0], n[1]))
    mentions: list[Mention] = []
    origins: dict[str, dict[str, list[str]]] = {}
    origin_meta: dict[str, MentionOrigin] = {}
    article_ids: list[str] = []
    facts_of = {(aid, k): mention_facts(articles[aid], k) for aid, k in nodes}
    found = {
        node: mention_origin(articles[node[0]], facts, roots[node[0]], articles, group_size, outlet_groups)
        for node, facts in facts_of.items()
    }
    # One unit (an article's sentences in a claim: one quotation over several sentences) is one statement
    # with one origin: the source one of its sentences credits. And a copy says what its original says: a
    # mention of a copy group that names no source of its own takes the source another mention of its
    # group credits (a rewrite that drops the credit is no new source).
    credited_in_article: dict[str, MentionOrigin] = {}
    credited_in_group: dict[str, MentionOrigin] = {}
    for (aid, _k), origin in found.items():
        if origin.kind == "source":
            credited_in_article.setdefault(aid, origin)
            credited_in_group.setdefault(roots[aid], origin)
    # Two articles that state the claim word for word (or nearly) share where it came from, unless one of
    # them names a source: identical sentences are no evidence of independent reporting (a wire story).
    shared: UnionFind[str] = UnionFind()
    for a, b in same_words:
        if a not in credited_in_article and b not in credited_in_article:
            shared.union(roots[a], roots[b])
    earliest: dict[str, str] = {}
    for aid, _k in nodes:  # nodes are sorted originals first, then by date: the first of a set is its origin
        earliest.setdefault(shared.find(roots[aid]), roots[aid])
    for aid, k in nodes:
        art = articles[aid]
        span = art.sentences[k]
        facts = facts_of[(aid, k)]
        origin = found[(aid, k)]
        own_reporting = origin.key == f"article:{roots[aid]}"
        if own_reporting and aid in credited_in_article:
            origin = credited_in_article[aid]
        elif own_reporting and roots[aid] in credited_in_group and group_size[roots[aid]] > 1:
            inherited = credited_in_group[roots[aid]]
            origin = MentionOrigin(inherited.key, inherited.label, "source", f"{inherited.reason}, via its copy group")
        elif own_reporting and earliest[shared.find(roots[aid])] != roots[aid]:
            leader = earliest[shared.find(roots[aid])]
            base = _group_origin(leader, articles, group_size, None)
            reason = f"states it in the same words as {articles[leader].label}: one origin, not two"
            origin = MentionOrigin(base.key, base.label, "article", reason)
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
