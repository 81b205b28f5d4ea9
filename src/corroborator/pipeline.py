"""The pipeline: ingest -> clean -> segment (sentences, attributions, quotes)
-> embed -> stories -> relate (candidates, alignment, relations) -> claims
-> findings -> report.

``analyze`` is the one obvious way through; the CLI and any UI only call it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from corroborator.articles import Input, Progress, article_id, build_article, build_articles, collect
from corroborator.claims import build_claims
from corroborator.embed import Encoder, encoder_for
from corroborator.errors import UsageError
from corroborator.findings import build_findings
from corroborator.options import AnalyzeOptions, RelateOptions
from corroborator.parser import parser_for
from corroborator.relate.align import align, sentence_texts
from corroborator.relate.candidates import paraphrase_candidates, reuse_candidates
from corroborator.relate.relations import mark_siblings, relate_pair
from corroborator.report import Report
from corroborator.sources import canonical_sources, load_outlets
from corroborator.stories import cluster, doc_vectors
from corroborator.types import Article, Claim, Finding, Metadata, Relation, Story

log = logging.getLogger(__name__)


def analyze(inputs: Iterable[Input], options: AnalyzeOptions | None = None, progress: Progress | None = None) -> Report:
    """Read, clean and segment articles, relate them, and return the report.

    Args:
        inputs: paths (files, folders, globs, ``-`` for stdin), ``RawArticle`` records,
            or mappings with a ``text`` field and optional metadata fields.
        options: an ``AnalyzeOptions``.
        progress: called as ``progress(stage, done, total)`` while it works.

    Example:
        >>> report = analyze(["examples/demo"])
        >>> report.articles[0].meta.outlet
        'The Harbour Gazette'
    """
    options = options or AnalyzeOptions()
    timings: dict[str, float] = {}
    started = time.perf_counter()
    raws, skipped = collect(inputs, options)
    articles, more_skipped = build_articles(raws, options, progress)
    outlets = load_outlets(options.sources.outlets) if options.sources.outlets else None
    articles, sources = canonical_sources(articles, outlets)
    timings["read_clean_segment"] = time.perf_counter() - started
    models = {"parser": parser_for(options.sources.parser).loaded_from}
    stages = Stages()
    if options.relate.enabled and articles:
        stages = relate(articles, encoder_for(options.model), options, timings, progress)
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
) -> Stages:
    """Stories, relations, claims and findings of segmented articles."""
    started = time.perf_counter()
    texts = [sentence_texts(a) for a in articles]
    flat = encoder.encode([t for ts in texts for t in ts])
    vectors, pos = [], 0
    for ts in texts:
        vectors.append(flat[pos : pos + len(ts)])
        pos += len(ts)
    timings["embed"] = time.perf_counter() - started

    started = time.perf_counter()
    dim = encoder.dim
    stories = cluster(articles, doc_vectors(vectors, dim, options.stories.lead_sentences), options.stories)
    timings["stories"] = time.perf_counter() - started

    started = time.perf_counter()
    relations = relate_articles(articles, vectors, stories, dim, options.relate, progress)
    timings["relate"] = time.perf_counter() - started

    started = time.perf_counter()
    claims = build_claims(
        articles, stories, relations, {a.id: v for a, v in zip(articles, vectors, strict=True)}, options.claims
    )
    by_id = {a.id: vecs for a, vecs in zip(articles, vectors, strict=True)}

    def headline_support(title: str, pool: list[Article]) -> tuple[float, tuple[Article, int, int] | None]:
        """Best cosine between a headline and any sentence of the pool, and where it is."""
        t = encoder.encode([title])[0]
        best, where = -1.0, None
        for art in pool:
            if len(by_id[art.id]):
                sims = by_id[art.id] @ t
                k = int(sims.argmax())
                if sims[k] > best:
                    best, where = float(sims[k]), (art, art.sentences[k].start, art.sentences[k].end)
        return best, where

    findings = build_findings(articles, stories, relations, claims, headline_support, options.findings)
    timings["claims_findings"] = time.perf_counter() - started
    return Stages(
        tuple(stories), tuple(relations), tuple(claims), tuple(findings), {"sentences": encoder.info.loaded_from}
    )


def relate_articles(
    articles: list[Article],
    vectors: list[np.ndarray],
    stories: list[Story],
    dim: int,
    options: RelateOptions,
    progress: Progress | None = None,
) -> list[Relation]:
    """Relations of every candidate pair and every pair within a story."""
    story_of = {aid: s.id for s in stories for aid in s.articles}
    index = {a.id: k for k, a in enumerate(articles)}
    lead = max((len(v) for v in vectors), default=0)
    candidates = reuse_candidates(articles) + paraphrase_candidates(doc_vectors(vectors, dim, lead=lead))
    pairs = {tuple(sorted((articles[i].id, articles[j].id))) for i, j in candidates}
    for story in stories:
        members = story.articles
        pairs.update(tuple(sorted((x, y))) for k, x in enumerate(members) for y in members[k + 1 :])
    relations = []
    for done, (x, y) in enumerate(sorted(pairs), start=1):
        i, j = index[x], index[y]
        alignment = align(articles[i], articles[j], vectors[i], vectors[j], options)
        record = relate_pair(articles[i], articles[j], alignment, story_of[x] == story_of[y], options)
        if record:
            relations.append(record)
        if progress:
            progress("relate", done, len(pairs))
    return mark_siblings(relations)


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
    stages = relate(list(report.articles), encoder, options, timings)
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
    "AnalyzeOptions",
    "Metadata",
    "analyze",
    "article_id",
    "build_article",
    "build_articles",
    "collect",
    "compare",
]
