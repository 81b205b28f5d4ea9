"""The pipeline: ingest -> clean -> segment (sentences, attributions, quotes)
-> embed -> stories -> relate (candidates, alignment, relations) -> claims
-> findings -> report.

``analyze`` is the one obvious way through; the CLI and any UI only call it.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from corroborator import static
from corroborator.articles import Input, Progress, article_id, build_article, build_articles, collect
from corroborator.attribution import source_key
from corroborator.claims import build_claims, claim_order, copy_groups, outlet_groups
from corroborator.embed import Encoder, encoder_for
from corroborator.errors import UsageError
from corroborator.findings import build_findings
from corroborator.options import AnalyzeOptions, RelateOptions
from corroborator.parser import parser_for
from corroborator.relate.align import align, sentence_texts
from corroborator.relate.candidates import paraphrase_candidates, reuse_candidates
from corroborator.relate.needed import (
    SentenceFacts,
    SentenceVectors,
    needed_sentences,
    needs_by_pair,
    plausible_pair_counts,
)
from corroborator.relate.relations import mark_siblings, relate_pair
from corroborator.relate.screen import near, partnered
from corroborator.report import Report
from corroborator.sources import Source, canonical_sources, load_outlets
from corroborator.stories import cluster, doc_vectors, tfidf_matrix
from corroborator.textutil import STOP_WORDS, words
from corroborator.types import Alignment, Article, Claim, Finding, Metadata, Relation, Story

log = logging.getLogger(__name__)

# The cheap first pass for whole-text paraphrase candidates (``aligned_pairs``). On the 300-article
# benchmark every pair with whole-text mean cosine >= 0.9 has plain TF-IDF cosine >= 0.254, while lede
# means say little (as low as 0.16 for such pairs); docs/benchmarks.md.
PARAPHRASE_TFIDF = 0.2


@dataclass(slots=True)
class AnalysisCache:
    """What an analysis computed that a later analysis of more articles reuses (a case keeps one, ``cases.py``).

    Every entry is a pure function of its key, so reuse never changes a result: ``built`` maps
    ``articles.build_key`` (a raw article and its batch's repeated lines) to the article ``build_article``
    made; ``alignments`` maps an article id pair to its ``align`` result (alignment reads only the two
    articles and their sentence vectors); ``needs`` maps an article id pair to the sentences of each that
    ``relate/needed.py`` marks for embedding (a lexical test of the two articles alone). Sentence vectors
    are cached by the encoder itself (``embed.VectorCache``). ``aligned`` counts the pairs the last run
    aligned afresh. An alignment is reused only when the two articles have vectors for the same sentences as
    when it was made (``seen``): a sentence embedded since, for another pair, could add a passage (the
    paraphrase prefilter is a heuristic), so such a pair is aligned again (``fresh``: aligned this run).
    ``claims`` maps a hash of everything one story's claims read (``_story_claim_keys``) to those claims,
    so only stories whose articles, relations or copy groups changed get new claims; ``claim_keys`` are
    the keys the last run used (the others are stale). ``plausible`` maps an article id pair that the
    paraphrase first pass considered to its count of sentence pairs that could match
    (``relate/needed.plausible_pair_counts``: the two articles alone decide it)."""

    built: dict[str, Article] = field(default_factory=dict)
    alignments: dict[tuple[str, str], Alignment] = field(default_factory=dict)
    needs: dict[tuple[str, str], dict[str, frozenset[int]]] = field(default_factory=dict)  # smaller id first
    seen: dict[tuple[str, str], tuple[frozenset[int], frozenset[int]]] = field(default_factory=dict)
    fresh: set[tuple[str, str]] = field(default_factory=set)
    aligned: int = 0
    claims: MutableMapping[str, tuple[Claim, ...]] = field(default_factory=dict)
    claim_keys: set[str] = field(default_factory=set)
    claim_stories: int = 0  # the stories whose claims the last run built (not from the cache)
    plausible: dict[tuple[str, str], int] = field(default_factory=dict)  # smaller id first


def analyze(
    inputs: Iterable[Input],
    options: AnalyzeOptions | None = None,
    progress: Progress | None = None,
    cache: AnalysisCache | None = None,
) -> Report:
    """Read, clean and segment articles, relate them, and return the report.

    Args:
        inputs: paths (files, folders, globs, URLs, ``-`` for stdin), ``RawArticle`` records,
            or mappings with a ``text`` field and optional metadata fields.
        options: an ``AnalyzeOptions``.
        progress: called as ``progress(stage, done, total)`` while it works.
        cache: work of an earlier analysis to reuse, and to fill with this one's (``AnalysisCache``).

    Example:
        >>> report = analyze(["examples/demo"])
        >>> report.articles[0].meta.outlet
        'The Harbour Gazette'
    """
    options = options or AnalyzeOptions()
    timings: dict[str, float] = {}
    started = time.perf_counter()
    raws, skipped = collect(inputs, options)
    if options.relate.enabled and len(raws) > 1:
        # The sentence model loads (~1.5 s) while the articles are parsed. spaCy first: it is imported with
        # torch hidden from thinc (parser._torch_hidden), which must not overlap the model's torch import.
        parser_for(options.sources.parser)
        encoder_for(options.model).preload()
    articles, more_skipped = build_articles(raws, options, progress, cache.built if cache else None)
    outlets = load_outlets(options.sources.outlets) if options.sources.outlets else None
    articles, sources = canonical_sources(articles, outlets)
    timings["read_clean_segment"] = time.perf_counter() - started
    models = {"parser": parser_for(options.sources.parser).loaded_from}
    stages = Stages()
    if options.relate.enabled and articles:
        stages = relate(articles, encoder_for(options.model), options, timings, progress, cache, sources)
    return Report(
        articles=tuple(articles),
        skipped=tuple(skipped + more_skipped),
        inputs=len(raws) + len(skipped),
        stories=stages.stories,
        relations=stages.relations,
        claims=stages.claims,
        findings=stages.findings,
        models={**models, **stages.models},
        timings={k: round(v, 3) for k, v in timings.items()},
        sources=tuple(sources),
    )


@dataclass(frozen=True, slots=True)
class Stages:
    """What the stages after segmentation produce (empty when they did not run)."""

    stories: tuple[Story, ...] = ()
    relations: tuple[Relation, ...] = ()
    claims: tuple[Claim, ...] = ()
    findings: tuple[Finding, ...] = ()
    models: Mapping[str, str] = field(default_factory=dict)


def relate(
    articles: list[Article],
    encoder: Encoder,
    options: AnalyzeOptions,
    timings: dict[str, float],
    progress: Progress | None = None,
    cache: AnalysisCache | None = None,
    sources: Sequence[Source] = (),
) -> Stages:
    """Stories, relations, claims and findings of segmented articles (``sources``: the batch's canonical
    sources, which claims name origins by).

    Sentences are embedded on demand (``relate/needed.py``): the ledes for stories, then only the
    sentences of aligned pairs that a lexical test cannot rule out. ``relate.embed_all`` embeds every
    sentence instead (the reference the reduced path is measured against).
    """
    started = time.perf_counter()
    texts = [sentence_texts(a) for a in articles]
    if progress:  # loading the model takes seconds the first time (reading its weights), nothing after
        progress("loading the sentence model", 0, 1)
    dim = encoder.dim
    if progress:
        progress("loading the sentence model", 1, 1)
    store = SentenceVectors(encoder, texts, dim, progress)
    lead = options.stories.lead_sentences
    for k in range(len(articles)):
        if options.relate.embed_all:
            store.require_all(k)
        else:
            store.require(k, range(min(lead, len(texts[k]))))
    store.flush()
    load = time.perf_counter() - started - store.seconds  # the model loads on first use (encoder.dim)
    timings["embed"] = load + store.seconds  # updated at the end with what the later stages asked for

    def timed(stage: str, since: float, embedded_before: float) -> None:
        """Seconds of a stage without the embedding it asked for (that goes to "embed")."""
        timings[stage] = time.perf_counter() - since - (store.seconds - embedded_before)

    started, before = time.perf_counter(), store.seconds
    stories = cluster(articles, doc_vectors(store.rows, dim, lead), options.stories)
    timed("stories", started, before)

    started, before = time.perf_counter(), store.seconds
    pairs = aligned_pairs(articles, store, stories, dim, options, cache)
    if not options.relate.embed_all:
        facts = [[SentenceFacts(t) for t in ts] for ts in texts]
        if cache is None:
            needed = needed_sentences(facts, pairs, lead, options.relate)
        else:
            needed = _cached_needs(articles, facts, pairs, lead, options.relate, cache)
        for k, wanted in enumerate(needed):
            store.require(k, wanted)
        store.flush()
    relations = relate_articles(articles, store.rows, stories, dim, options.relate, progress, pairs=pairs, cache=cache)
    timed("relate", started, before)

    started, before = time.perf_counter(), store.seconds
    screen = _screen_for(encoder, texts, options)
    if options.claims.embed_stories and not options.relate.embed_all:
        # Claims compare every sentence pair of a story (claims.link_scores), not only aligned ones.
        index_of = {a.id: k for k, a in enumerate(articles)}
        for story in stories:
            if len(story.articles) > 1:
                members = [index_of[aid] for aid in story.articles]
                if screen is None:
                    for k in members:
                        store.require_all(k)
                else:  # only sentences the static pass says may reach link_min_cosine with another article's
                    for k, wanted in zip(members, screen.story(members), strict=True):
                        store.require(k, wanted)
        store.flush()
    if progress:  # claims and findings count stories: (stories done, stories)
        progress("claims", 0, len(stories))
    vectors = {a.id: store.rows[k] for k, a in enumerate(articles)}
    if cache is not None and _claims_reusable(articles, stories, options):
        claims = _cached_claims(articles, stories, relations, vectors, options, cache, sources)
        if progress:
            progress("claims", len(stories), len(stories))
    else:
        claims = build_claims(
            articles,
            stories,
            relations,
            vectors,
            options.claims,
            progress=_stage(progress, "claims"),
            sources=sources,
        )
    if progress:
        progress("findings", 0, len(stories))
    index = {a.id: k for k, a in enumerate(articles)}

    def headline_support(text: str, pool: list[Article]) -> tuple[float, tuple[Article, int, int] | None]:
        """Best cosine between a text (a headline, or a claim's sentence) and any sentence of the pool, and where.

        Exact: the pool is embedded in full, except for a headline that ``_prepare_findings`` found settled
        (a sentence sharing its words reaches both findings thresholds and it has no number), whose answer
        decides the finding the same way. ``_prepare_findings`` embeds all this in two batches."""
        if text in settled:
            return settled[text]
        vec = encoder.encode([text])[0]
        members = [index[art.id] for art in pool]
        if screen is not None and text in claim_texts:  # the pool's sentences that may reach unique_max_cosine
            for k, wanted in zip(members, screen.near(text, members), strict=True):
                store.require(k, wanted)
        else:
            for k in members:
                store.require_all(k)
        store.flush()
        return _best_sentence(vec, pool, store, index)

    settled = _prepare_findings(articles, stories, claims, store, encoder, options, screen)
    claim_texts = {m.text for c in claims for m in c.mentions}
    findings = build_findings(
        articles,
        stories,
        relations,
        claims,
        headline_support,
        options.findings,
        progress=_stage(progress, "findings"),
        entities=_entity_finder(options),
        sources=sources,
        parses=_parse_finder(options),
    )
    if progress:
        progress("findings", len(stories), len(stories))
    timed("claims_findings", started, before)
    timings["embed"] = load + store.seconds
    log.info("embedded %d of %d sentences", store.embedded, sum(len(t) for t in texts))
    return Stages(
        tuple(stories),
        tuple(relations),
        tuple(claims),
        tuple(findings),
        {"sentences": encoder.info.loaded_from} | ({"sentence_screen": screen.model.source} if screen else {}),
    )


def _parse_finder(options: AnalyzeOptions) -> Callable[[list[str]], list[Any]] | None:
    """The spaCy parses of sentences (None for the rules): the findings read a sentence's main clause from them.
    Most sentences are in the parser's cache already; none needs the entity recogniser for this."""
    parser = parser_for(options.sources.parser)
    if parser.nlp is None:
        return None
    return lambda texts: parser.parse_many(texts, entities=lambda _doc: False)


def _entity_finder(options: AnalyzeOptions) -> Callable[[list[str]], list[list[tuple[int, int, str]]]] | None:
    """The named entities of sentences, from the parser the articles were read with (None for the rules).
    Most sentences are in its cache already (parsed for attribution); the rest are parsed once here."""
    parser = parser_for(options.sources.parser)
    if parser.nlp is None:
        return None

    def entities(texts: list[str]) -> list[list[tuple[int, int, str]]]:
        return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in parser.parse_many(texts)]

    return entities


def _stage(progress: Progress | None, stage: str) -> Callable[[int, int], None] | None:
    """A stage's own ``(done, total)`` callback, reporting as ``progress(stage, done, total)``."""
    if progress is None:
        return None
    report = progress
    return lambda done, total: report(stage, done, total)


def _cached_needs(
    articles: list[Article],
    facts: list[list[SentenceFacts]],
    pairs: list[tuple[int, int]],
    lead: int,
    options: RelateOptions,
    cache: AnalysisCache,
) -> list[set[int]]:
    """What ``needed_sentences`` returns, with each pair's test run once per case (``AnalysisCache.needs``):
    the union of the ledes and every pair's marks, which does not depend on the order of the pairs."""
    need = [set(range(min(lead, len(f)))) for f in facts]
    key = {p: (min(articles[p[0]].id, articles[p[1]].id), max(articles[p[0]].id, articles[p[1]].id)) for p in pairs}
    fresh = [p for p in pairs if key[p] not in cache.needs]
    for (i, j), (rows, cols) in needs_by_pair(facts, fresh, options).items():
        cache.needs[key[(i, j)]] = {articles[i].id: rows, articles[j].id: cols}
    for i, j in pairs:
        marks = cache.needs[key[(i, j)]]
        need[i].update(marks.get(articles[i].id, ()))
        need[j].update(marks.get(articles[j].id, ()))
    return need


def _claims_reusable(articles: list[Article], stories: list[Story], options: AnalyzeOptions) -> bool:
    """Whether a story's claims can be taken from the cache: its vectors must not depend on the batch (every
    sentence of a story of several articles is embedded), and every article must be in a story."""
    embedded = options.relate.embed_all or (options.claims.embed_stories and not options.claims.static_screen)
    return embedded and sum(len(s.articles) for s in stories) == len(articles)


@functools.cache
def _code_version() -> str:
    """A hash of this package's source: cached claims are reused only by the code that made them."""
    root = Path(__file__).parent
    digest = hashlib.sha1()
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _story_claim_keys(
    articles: list[Article],
    stories: list[Story],
    relations: list[Relation],
    options: AnalyzeOptions,
    sources: Sequence[Source] = (),
) -> dict[str, str]:
    """Story id -> a hash of everything ``build_claims`` reads to make that story's claims.

    That is (``build_claims``, ``only``): the story's articles in order (every field but the removed
    spans, raw length and ``seen_as``; labels and canonical sources included), the relations between two
    of them, each member's copy group (its root, the group's size and the root's label), the batch article
    group of every outlet a member credits (``outlet_groups``) with its size and label, the canonical source
    (name, kind, affiliation) of every source a member credits or quotes, the claim options
    and the model, and the code. Sentence vectors are a function of the sentence text and the model
    (``_claims_reusable``)."""
    by_id = {a.id: a for a in articles}
    canon = {src.id: src for src in sources}
    roots = copy_groups(articles, relations)
    size = Counter(roots.values())
    outlets = outlet_groups(articles, roots)
    story_of = {aid: s.id for s in stories for aid in s.articles}
    within: dict[str, list[Relation]] = defaultdict(list)
    for rel in relations:
        if story_of.get(rel.a) is not None and story_of.get(rel.a) == story_of.get(rel.b):
            within[story_of[rel.a]].append(rel)
    salt = repr((_code_version(), options.model, options.claims)).encode()
    keys = {}
    for story in stories:
        digest = hashlib.sha1(salt)
        digest.update(repr(story).encode())
        for aid in story.articles:
            art = by_id[aid]
            root = roots[aid]
            # What cleaning cut, the raw length and other sources of the same text are no input of claims, and
            # a new article changes the first for many old ones (the reasons of repeated lines count articles).
            read = replace(art, removed=(), raw_length=0, seen_as=())
            digest.update(repr((read, root, size[root], by_id[root].label)).encode())
            credited = {a.source_key for a in art.attributions} | {source_key(a.via) for a in art.attributions if a.via}
            for key in sorted(credited & outlets.keys()):
                group = outlets[key]
                digest.update(repr((key, group, size[group], by_id[group].label)).encode())
            ids = {a.source_id for a in art.attributions} | {q.speaker_id for q in art.quotes}
            for sid in sorted(i for i in ids if i in canon):
                src = canon[sid]
                digest.update(repr((sid, src.name, src.kind, src.affiliation)).encode())
        for rel in sorted(within.get(story.id, ()), key=lambda r: (r.a, r.b)):
            digest.update(repr(rel).encode())
        keys[story.id] = digest.hexdigest()
    return keys


def _cached_claims(
    articles: list[Article],
    stories: list[Story],
    relations: list[Relation],
    vectors: Mapping[str, np.ndarray],
    options: AnalyzeOptions,
    cache: AnalysisCache,
    sources: Sequence[Source] = (),
) -> list[Claim]:
    """What ``build_claims`` returns, building only the stories whose claims the cache lacks
    (``AnalysisCache.claims``, keyed by ``_story_claim_keys``)."""
    keys = _story_claim_keys(articles, stories, relations, options, sources)
    todo = {s.id for s in stories if keys[s.id] not in cache.claims}
    if todo:
        by_story: dict[str | None, list[Claim]] = defaultdict(list)
        for claim in build_claims(articles, stories, relations, vectors, options.claims, only=todo, sources=sources):
            by_story[claim.story].append(claim)
        for sid in todo:
            cache.claims[keys[sid]] = tuple(by_story.get(sid, ()))
    cache.claim_keys = set(keys.values())
    cache.claim_stories = len(todo)
    log.info("claims: %d of %d stories built, the others from the cache", len(todo), len(stories))
    by_id = {a.id: a for a in articles}
    claims = [c for s in stories for c in cache.claims[keys[s.id]]]
    claims.sort(key=lambda c: claim_order(c, by_id))
    return claims


def _headline_words(title: str) -> set[str]:
    return {w for w in words(title) if w not in STOP_WORDS}


def _prepare_findings(
    articles: list[Article],
    stories: list[Story],
    claims: list[Claim],
    store: SentenceVectors,
    encoder: Encoder,
    options: AnalyzeOptions,
    screen: _Screen | None = None,
) -> dict[str, tuple[float, tuple[Article, int, int] | None]]:
    """Embed in two batches what the findings' similarity will read (one call per headline or claim would
    embed in many tiny batches, which is slow), and return the headlines already settled.

    Headlines: the story sentences sharing a word with the headline first; the whole story only when
    those do not settle it. Unique claims: the claim's sentence and every sentence of the story's other
    articles (the check reads them all). The selection follows ``findings.unique_claims`` and
    ``findings.unsupported_headlines``; should those change, ``headline_support`` still embeds what it
    lacks itself, only in smaller batches."""
    index = {a.id: k for k, a in enumerate(articles)}
    by_id = {a.id: a for a in articles}
    story_of = {aid: s for s in stories for aid in s.articles}
    story_by_id = {s.id: s for s in stories}
    independent: dict[str | None, set[str]] = {}
    for claim in claims:
        independent.setdefault(claim.story, set()).update(m.group for m in claim.mentions)
    for claim in claims:
        if len(independent.get(claim.story, ())) < options.findings.unique_min_outlets:
            continue
        first = claim.mentions[0] if claim.mentions else None
        if first is None or {m.group for m in claim.mentions} != {first.article}:
            continue
        facts = first.facts
        if not (facts.quantities or facts.quotes or any(a.kind == "report" for a in facts.attributions)):
            continue
        story = story_by_id.get(claim.story or "")
        stating = {m.article for m in claim.mentions}
        others = [i for i in (story.articles if story else ()) if i not in stating]
        if others:
            store.require(index[first.article], [first.sentence])
            members = [index[other] for other in others]
            if screen is None:
                for k in members:
                    store.require_all(k)
            else:  # only the sentences that may reach unique_max_cosine with the claim's sentence
                for k, wanted in zip(members, screen.near(first.text, members), strict=True):
                    store.require(k, wanted)
    titled = [a for a in articles if a.meta.title and len(a.meta.title.split()) >= 4]
    vectors = encoder.encode([a.meta.title or "" for a in titled])
    pools = []
    for art in titled:
        story = story_of.get(art.id)
        pool = [by_id[i] for i in (story.articles if story else (art.id,))]
        keys = _headline_words(art.meta.title or "")
        for member in pool:
            k = index[member.id]
            store.require(k, (s for s, text in enumerate(store.texts[k]) if keys & set(words(text))))
        pools.append(pool)
    store.flush()
    settled = {}
    bar = max(options.findings.headline_support, options.findings.unique_max_cosine)
    for art, vec, pool in zip(titled, vectors, pools, strict=True):
        best, where = _best_sentence(vec, pool, store, index)
        if best >= bar and not any(ch.isdigit() for ch in art.meta.title or ""):
            settled[art.meta.title or ""] = (best, where)
        else:
            for member in pool:
                store.require_all(index[member.id])
    store.flush()
    return settled


class _Screen:
    """The static first pass over a batch's sentences (``relate/screen.py``), computed per article on demand."""

    def __init__(self, model: Any, texts: Sequence[Sequence[str]], link_bound: float, unique_bound: float) -> None:
        self.model = model
        self.texts = texts
        self.link_bound = link_bound
        self.unique_bound = unique_bound
        self.rows: dict[int, np.ndarray] = {}

    def _rows(self, ks: Sequence[int]) -> list[np.ndarray]:
        todo = [k for k in dict.fromkeys(ks) if k not in self.rows]
        if todo:
            flat = self.model.encode([t for k in todo for t in self.texts[k]])
            at = 0
            for k in todo:
                self.rows[k] = flat[at : at + len(self.texts[k])]
                at += len(self.texts[k])
        return [self.rows[k] for k in ks]

    def story(self, members: Sequence[int]) -> list[set[int]]:
        return partnered(self._rows(members), self.link_bound)

    def near(self, text: str, members: Sequence[int]) -> list[set[int]]:
        return near(self.model.encode([text])[0], self._rows(members), self.unique_bound)


def _screen_for(encoder: Encoder, texts: Sequence[Sequence[str]], options: AnalyzeOptions) -> _Screen | None:
    """The static screen for this batch when ``claims.static_screen`` is on and the sentence model is the
    verified bundled default it is distilled from (None otherwise: every story sentence is embedded)."""
    if not options.claims.static_screen or options.relate.embed_all:
        return None
    try:
        model = static.bundled() if encoder.info.name in static.SCREENED_MODELS else None
    except static.StaticModelError as exc:  # embedding everything decides the same, only slower
        log.warning("static screen off: %s", exc)
        return None
    if model is None:
        log.info("static screen off: it is distilled from the bundled default model only")
        return None
    log.info("static screen: %s", model.source)
    return _Screen(model, texts, options.claims.static_bound, options.claims.static_unique_bound)


def _best_sentence(
    title: np.ndarray, pool: list[Article], store: SentenceVectors, index: dict[str, int]
) -> tuple[float, tuple[Article, int, int] | None]:
    """The best cosine of ``title`` with an embedded sentence of the pool, and where that sentence is."""
    best, where = -1.0, None
    for art in pool:
        k = index[art.id]
        done = sorted(store.done[k])
        if done:
            sims = store.rows[k][done] @ title
            m = int(sims.argmax())
            if sims[m] > best:
                s = done[m]
                best, where = float(sims[m]), (art, art.sentences[s].start, art.sentences[s].end)
    return best, where


def aligned_pairs(
    articles: list[Article],
    store: SentenceVectors,
    stories: list[Story],
    dim: int,
    options: AnalyzeOptions,
    cache: AnalysisCache | None = None,
) -> list[tuple[int, int]]:
    """The article index pairs to align: every pair within a story, lexical reuse candidates, and articles
    whose whole-text mean vectors are near (a rewrite in other words can land in another story).

    The whole-text means need every sentence. Unless ``relate.embed_all``, a cheap first pass picks the
    pairs that may be such neighbours (plain TF-IDF cosine >= ``PARAPHRASE_TFIDF``) and not aligned
    anyway; only their articles are embedded in full and tested with the exact rule. A ``cache`` keeps
    each such pair's count of plausible sentence pairs (a lexical test of the two articles alone)."""
    pairs: set[tuple[int, int]] = set(reuse_candidates(articles))
    index = {a.id: k for k, a in enumerate(articles)}
    for story in stories:
        members = sorted(index[x] for x in story.articles)
        pairs.update((x, y) for n, x in enumerate(members) for y in members[n + 1 :])
    lead = max((len(v) for v in store.rows), default=0)
    if options.relate.embed_all:
        pairs.update(paraphrase_candidates(doc_vectors(store.rows, dim, lead=lead)))
        return sorted(pairs)
    lexical = tfidf_matrix([a.text for a in articles], boost=1.0, prior_docs=50)
    near = [(int(i), int(j)) for i, j in np.argwhere(np.triu(lexical @ lexical.T, 1) >= PARAPHRASE_TFIDF)]
    near = [p for p in near if p not in pairs]
    if near:  # a pair with fewer than two sentence pairs that could match cannot become a relation
        counts = cache.plausible if cache is not None else {}
        ids = {p: (min(articles[p[0]].id, articles[p[1]].id), max(articles[p[0]].id, articles[p[1]].id)) for p in near}
        todo = [p for p in near if ids[p] not in counts]
        if todo:
            facts = {k: [SentenceFacts(t) for t in store.texts[k]] for p in todo for k in p}
            counts.update(zip((ids[p] for p in todo), plausible_pair_counts(facts, todo, options.relate), strict=True))
        near = [p for p in near if counts[ids[p]] >= 2]
    subset = sorted({k for p in near for k in p})
    if subset:
        for k in subset:
            store.require_all(k)
        store.flush()
        full = doc_vectors([store.rows[k] for k in subset], dim, lead=lead)
        pairs.update((subset[x], subset[y]) for x, y in paraphrase_candidates(full))
    return sorted(pairs)


def relate_articles(
    articles: list[Article],
    vectors: list[np.ndarray],
    stories: list[Story],
    dim: int,
    options: RelateOptions,
    progress: Progress | None = None,
    pairs: list[tuple[int, int]] | None = None,
    cache: AnalysisCache | None = None,
) -> list[Relation]:
    """Relations of every candidate pair and every pair within a story (or of the index ``pairs`` given).

    With a ``cache``, a pair aligned before is not aligned again (its alignment is reused)."""
    story_of = {aid: s.id for s in stories for aid in s.articles}
    if pairs is None:
        index = {a.id: k for k, a in enumerate(articles)}
        lead = max((len(v) for v in vectors), default=0)
        candidates = reuse_candidates(articles) + paraphrase_candidates(doc_vectors(vectors, dim, lead=lead))
        found: set[tuple[int, int]] = {(min(i, j), max(i, j)) for i, j in candidates}
        for story in stories:
            members = sorted(index[x] for x in story.articles)
            found.update((x, y) for n, x in enumerate(members) for y in members[n + 1 :])
        pairs = sorted(found)
    relations = []
    ordered = sorted(pairs, key=lambda p: tuple(sorted((articles[p[0]].id, articles[p[1]].id))))
    for done, (i, j) in enumerate(ordered, start=1):
        if articles[i].id > articles[j].id:
            i, j = j, i
        key = (articles[i].id, articles[j].id)
        seen = (_embedded(vectors[i]), _embedded(vectors[j])) if cache is not None else None
        if cache is not None and key in cache.alignments and cache.seen.get(key) == seen:
            alignment = cache.alignments[key]
        else:
            alignment = align(articles[i], articles[j], vectors[i], vectors[j], options)
            if cache is not None and seen is not None:
                cache.alignments[key] = alignment
                cache.seen[key] = seen
                cache.fresh.add(key)
                cache.aligned += 1
        record = relate_pair(
            articles[i], articles[j], alignment, story_of[articles[i].id] == story_of[articles[j].id], options
        )
        if record:
            relations.append(record)
        if progress:
            progress("relate", done, len(ordered))
    return mark_siblings(relations)


def _embedded(vectors: np.ndarray) -> frozenset[int]:
    """The sentences with a vector (an embedded sentence has a unit vector, one not embedded a zero row)."""
    return frozenset(int(k) for k in np.flatnonzero(np.any(vectors != 0, axis=1))) if len(vectors) else frozenset()


def compare(a: Input, b: Input, options: AnalyzeOptions | None = None) -> tuple[Report, Relation | None]:
    """Align two articles and classify their relation, whatever story they fall in.

    Returns the report of the two articles and their relation (None when they share
    nothing). Each input must hold exactly one article.

    Raises:
        UsageError: an input holds no article or more than one.
    """
    options = options or AnalyzeOptions()
    report = analyze([a, b], replace(options, relate=replace(options.relate, enabled=False)))
    sources = [str(x) for x in (a, b)]
    if len(report.articles) != 2:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in report.skipped)
        raise UsageError(
            f"compare needs two different articles, got {len(report.articles)} from {sources}"
            + (f" ({reasons})" if reasons else "")
            + " (the same text twice is one article)"
        )
    timings = dict(report.timings)
    encoder = encoder_for(options.model)
    stages = relate(list(report.articles), encoder, options, timings, sources=report.sources)
    report = replace(
        report,
        stories=stages.stories,
        relations=stages.relations,
        claims=stages.claims,
        findings=stages.findings,
        models=stages.models,
        timings=timings,
    )
    first, second = report.articles
    vectors = [encoder.encode(sentence_texts(x)) for x in (first, second)]
    same_story = len(report.stories) == 1
    record = relate_pair(
        first, second, align(first, second, vectors[0], vectors[1], options.relate), same_story, options.relate
    )
    return report, record


__all__ = [
    "AnalysisCache",
    "AnalyzeOptions",
    "Metadata",
    "analyze",
    "article_id",
    "build_article",
    "build_articles",
    "collect",
    "compare",
]
