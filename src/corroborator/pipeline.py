"""The pipeline: ingest -> clean -> segment (sentences, attributions, quotes)
-> embed -> stories -> relate (candidates, alignment, relations) -> claims
-> findings -> report.

``analyze`` is the one obvious way through; the CLI and any UI only call it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from corroborator.attribution import extract_attributions, merge_spelling_variants, parse_sentences, source_key
from corroborator.claims import build_claims
from corroborator.clean import clean, find_repeated_lines
from corroborator.embed import Encoder
from corroborator.errors import UsageError
from corroborator.findings import build_findings
from corroborator.ingest import DEFAULT_MAX_BYTES, IngestOptions, read_inputs
from corroborator.ingest.records import record_to_article
from corroborator.parser import Parser, parser_for
from corroborator.quotes import find_quotes, quoted_spans
from corroborator.relate.align import align, sentence_texts
from corroborator.relate.candidates import paraphrase_candidates, reuse_candidates
from corroborator.relate.relations import COPY_KINDS, relation_record
from corroborator.report import Report
from corroborator.segment import paragraphs, sentences
from corroborator.sources import canonical_sources, label_articles, load_outlets
from corroborator.stories import StoryOptions, cluster, doc_vectors
from corroborator.types import Article, Attribution, Metadata, RawArticle, Skipped

log = logging.getLogger(__name__)

Input = str | Path | RawArticle | Mapping[str, object]
Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True, slots=True)
class AnalyzeOptions:
    """Options for ``analyze``; the defaults suit a folder of saved articles."""

    field_map: Mapping[str, str] = field(default_factory=dict)
    max_bytes: int = DEFAULT_MAX_BYTES
    repeated_min_outlet: int = 3  # a line in this many different articles of one outlet is boilerplate
    repeated_min_corpus: int = 4  # ... or in this many different articles of the corpus
    relate: bool = True  # stories and relations (loads the sentence model)
    model: str | None = None  # sentence model: hub name or local path; None = all-MiniLM-L6-v2
    stories: StoryOptions = field(default_factory=StoryOptions)
    parser: str | None = None  # spaCy model for sources and speakers; None = en_core_web_sm; "rules" = no model
    outlets: str | None = None  # CSV of the newsroom's outlets (name, aliases, domains) for labels and credits


def analyze(inputs: Iterable[Input], options: AnalyzeOptions | None = None, progress: Progress | None = None) -> Report:
    """Read, clean and segment articles, and return the report.

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
    timings["read_clean_segment"] = time.perf_counter() - started
    report = Report(articles=articles, skipped=skipped + more_skipped, inputs=len(raws) + len(skipped))
    report.models["parser"] = parser_for(options.parser).loaded_from
    report.articles, report.sources = canonical_sources(
        report.articles, load_outlets(options.outlets) if options.outlets else None
    )
    if options.relate and articles:
        relate(report, encoder_for(options.model), options.stories, timings, progress)
    report.timings = {k: round(v, 3) for k, v in timings.items()}
    return report


_ENCODERS: dict[str | None, Encoder] = {}


def encoder_for(model: str | None) -> Encoder:
    """One encoder per model name per process: the model loads once."""
    if model not in _ENCODERS:
        _ENCODERS[model] = Encoder(model)
    return _ENCODERS[model]


def relate(
    report: Report,
    encoder: Encoder,
    story_options: StoryOptions,
    timings: dict[str, float],
    progress: Progress | None = None,
) -> None:
    """Fill ``report.stories`` and ``report.relations``."""
    articles = report.articles
    started = time.perf_counter()
    texts = [sentence_texts(a) for a in articles]
    flat = encoder.encode([t for ts in texts for t in ts])
    vectors, pos = [], 0
    for ts in texts:
        vectors.append(flat[pos : pos + len(ts)])
        pos += len(ts)
    report.models["sentences"] = encoder.info.loaded_from
    timings["embed"] = time.perf_counter() - started

    started = time.perf_counter()
    report.stories = cluster(articles, doc_vectors(vectors), story_options)
    story_of = {aid: s["id"] for s in report.stories for aid in s["articles"]}
    timings["stories"] = time.perf_counter() - started

    started = time.perf_counter()
    index = {a.id: k for k, a in enumerate(articles)}
    candidates = reuse_candidates(articles) + paraphrase_candidates(
        doc_vectors(vectors, lead=len(max(vectors, key=len)))
    )
    pairs = {tuple(sorted((articles[i].id, articles[j].id))) for i, j in candidates}
    for story in report.stories:
        members = story["articles"]
        pairs.update(tuple(sorted((x, y))) for k, x in enumerate(members) for y in members[k + 1 :])
    relations = []
    for done, (x, y) in enumerate(sorted(pairs), start=1):
        i, j = index[x], index[y]
        record = relation_record(
            articles[i],
            articles[j],
            align(articles[i], articles[j], vectors[i], vectors[j]),
            same_story=story_of[x] == story_of[y],
        )
        if record:
            relations.append(record)
        if progress:
            progress("relate", done, len(pairs))
    report.relations = mark_siblings(relations)
    timings["relate"] = time.perf_counter() - started

    started = time.perf_counter()
    report.claims = build_claims(report)
    by_id = {a.id: vecs for a, vecs in zip(articles, vectors)}

    def headline_support(title: str, pool: list[Article]):
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

    report.findings = build_findings(report, headline_support)
    for claim in report.claims:
        for mention in claim["mentions"]:
            mention.pop("_facts", None)  # typed facts were for the findings; the report keeps their dict form
    timings["claims_findings"] = time.perf_counter() - started


def compare(a: Input, b: Input, options: AnalyzeOptions | None = None) -> tuple[Report, dict | None]:
    """Align two articles and classify their relation, whatever story they fall in.

    Returns the report of the two articles and the relation record (None when they
    share nothing). Each input must hold exactly one article.

    Raises:
        UsageError: an input holds no article or more than one.
    """
    options = options or AnalyzeOptions()
    report = analyze([a, b], replace(options, relate=False))
    sources = [str(x) for x in (a, b)]
    if len(report.articles) != 2:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in report.skipped)
        raise UsageError(
            f"compare needs two different articles, got {len(report.articles)} from {sources}"
            + (f" ({reasons})" if reasons else "")
            + " (the same text twice is one article)"
        )
    relate(report, encoder_for(options.model), options.stories, report.timings)
    first, second = report.articles
    same_story = len(report.stories) == 1
    vectors = [encoder_for(options.model).encode(sentence_texts(x)) for x in (first, second)]
    record = relation_record(first, second, align(first, second, vectors[0], vectors[1]), same_story=same_story)
    return report, record


def mark_siblings(relations: list[dict]) -> list[dict]:
    """Two copies of one original are siblings: neither is the other's original."""
    parent: dict[str, str] = {}
    for rel in relations:
        if rel["kind"] in COPY_KINDS and rel["original"] and rel["confidence"] >= 0.5:
            child = rel["b"] if rel["original"] == rel["a"] else rel["a"]
            parent.setdefault(child, rel["original"])
    for rel in relations:
        pa, pb = parent.get(rel["a"]), parent.get(rel["b"])
        if pa and pa == pb and rel["kind"] in COPY_KINDS:
            rel["original"] = None
            rel["confidence"] = 0.0
            rel["evidence"]["direction"]["reasons"] = [
                f"both derive from article {pa}; neither copied the other directly"
            ]
            rel["evidence"]["common_original"] = pa
    return relations


def collect(inputs: Iterable[Input], options: AnalyzeOptions) -> tuple[list[RawArticle], list[Skipped]]:
    ingest = IngestOptions(field_map=options.field_map, max_bytes=options.max_bytes)
    raws: list[RawArticle] = []
    skipped: list[Skipped] = []
    paths: list[str] = []
    for index, item in enumerate(inputs):
        if isinstance(item, RawArticle):
            raws.append(item)
        elif isinstance(item, Mapping):
            try:
                raws.append(record_to_article(item, f"<record {index}>", options.field_map))
            except Exception as exc:  # noqa: BLE001 - one bad record never sinks a batch
                skipped.append(Skipped(f"<record {index}>", str(exc)))
        else:
            paths.append(str(item))
    for got in read_inputs(paths, ingest):
        if isinstance(got, Skipped):
            log.warning("skipped %s: %s", got.source, got.reason)
            skipped.append(got)
        else:
            raws.append(got)
    return raws, skipped


def article_id(text: str) -> str:
    """Stable id from the article's words: case, spacing and punctuation do not change it."""
    return words_id(re.findall(r"\w+", text.lower()))


def words_id(words: list[str]) -> str:
    """``article_id`` from words already split (runs of word characters, lower case)."""
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()[:16]


def build_articles(
    raws: list[RawArticle], options: AnalyzeOptions, progress: Progress | None = None
) -> tuple[list[Article], list[Skipped]]:
    """Clean and segment each article; the same text given twice becomes one article."""
    repeated = find_repeated_lines(raws, options.repeated_min_outlet, options.repeated_min_corpus)
    parser = parser_for(options.parser)  # loads before the loop: a missing model stops the run, not each article
    by_id: dict[str, Article] = {}
    skipped: list[Skipped] = []
    for done, (raw, rep) in enumerate(zip(raws, repeated), start=1):
        try:
            article = build_article(raw, rep, parser)
        except Exception as exc:
            log.exception("failed on %s", raw.source)
            skipped.append(Skipped(raw.source, f"internal error while processing: {exc!r}"))
            continue
        if article is None:
            skipped.append(Skipped(raw.source, "no article text left after removing boilerplate"))
        elif article.id in by_id:
            first = by_id[article.id]
            by_id[article.id] = replace(first, seen_as=first.seen_as + (raw.source,))
        else:
            by_id[article.id] = article
        if progress:
            progress("segment", done, len(raws))
    articles = _canonical_sources(list(by_id.values()))
    articles = label_articles(articles, load_outlets(options.outlets) if options.outlets else None)
    return articles, skipped


def build_article(
    raw: RawArticle, repeated: dict[str, str] | None = None, parser: Parser | None = None
) -> Article | None:
    """Clean and segment one article and find its attributions and quotes.

    ``parser`` is the spaCy model (``parser_for``); None loads the default one.
    """
    text, removed = clean(raw, repeated)
    if not text.strip():
        return None
    paras = paragraphs(text)
    sents = sentences(text, paras)
    parser = parser or parser_for(None)
    quoted = quoted_spans(text, paras)
    docs = parse_sentences(parser, text, sents) if parser.nlp is not None else None
    atts = extract_attributions(text, sents, quoted, docs)
    quotes = find_quotes(text, paras, sents, atts)
    meta = raw.meta
    if meta.language is None:
        meta = replace(meta, language=_language(text))
    return Article(
        id=article_id(text),
        source=raw.source,
        meta=meta,
        text=text,
        raw_length=len(raw.raw_text),
        removed=removed,
        paragraphs=tuple(paras),
        sentences=tuple(sents),
        quotes=tuple(quotes),
        attributions=tuple(atts),
    )


def _language(text: str) -> str | None:
    import py3langid  # ships its model; imported lazily because loading it takes ~0.3 s

    lang, _score = py3langid.classify(text[:2000])
    return lang


def _canonical_sources(articles: list[Article]) -> list[Article]:
    """One key per source across articles: "Suspiline" and "Suspilne" are one outlet."""
    keys = [att.source_key for art in articles for att in art.attributions]
    keys += [source_key(a.via) for art in articles for a in art.attributions if a.via]
    canonical = merge_spelling_variants(keys)
    display: dict[str, str] = {}
    for art in articles:
        for att in art.attributions:
            if canonical.get(att.source_key) == att.source_key:
                display.setdefault(att.source_key, att.source)
    out = []
    for art in articles:
        atts = tuple(_rekey(att, canonical, display) for att in art.attributions)
        out.append(replace(art, attributions=atts))
    return out


def _rekey(att: Attribution, canonical: dict[str, str], display: dict[str, str]) -> Attribution:
    key = canonical.get(att.source_key, att.source_key)
    via = att.via
    if via:
        via_key = canonical.get(source_key(via), source_key(via))
        via = display.get(via_key, via)
    if key == att.source_key:
        return replace(att, via=via)
    return replace(att, source_key=key, source=display.get(key, att.source), via=via)


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
