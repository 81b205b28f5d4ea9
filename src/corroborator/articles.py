"""Read, clean and segment: the stages that turn inputs into ``Article`` records.

``collect`` reads inputs into ``RawArticle`` records (and ``Skipped`` ones for what cannot be read);
``build_articles`` cleans and segments them, merges the same text given twice into one article and
gives each source one key across the batch. ``analyze``, ``compare``, ``eval`` and ``dedup --paraphrase``
all use these functions.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import replace
from pathlib import Path

from corroborator.attribution import extract_attributions, merge_spelling_variants, parse_sentences, source_key
from corroborator.clean import clean, find_repeated_lines
from corroborator.fetch import is_url
from corroborator.ingest import read_inputs
from corroborator.ingest.records import record_to_article
from corroborator.options import AnalyzeOptions
from corroborator.parser import Parser, parser_for
from corroborator.quotes import extend_scopes, find_quotes, quoted_spans
from corroborator.segment import paragraphs, sentences
from corroborator.sources import label_articles, load_outlets
from corroborator.textutil import text_id
from corroborator.types import Article, Attribution, RawArticle, Skipped

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w")

Input = str | Path | RawArticle | Mapping[str, object]
Progress = Callable[[str, int, int], None]  # (stage, done, total)


def collect(inputs: Iterable[Input], options: AnalyzeOptions) -> tuple[list[RawArticle], list[Skipped]]:
    ingest = options.ingest
    raws: list[RawArticle] = []
    skipped: list[Skipped] = []
    paths: list[str] = []
    for index, item in enumerate(inputs):
        if isinstance(item, RawArticle):
            raws.append(item)
        elif isinstance(item, Mapping):
            try:
                raws.append(record_to_article(item, f"<record {index}>", options.ingest.field_map))
            except Exception as exc:  # noqa: BLE001 - one bad record never sinks a batch
                skipped.append(Skipped(f"<record {index}>", str(exc)))
        else:
            paths.append(str(item))
    urls = [p for p in paths if is_url(p)]
    if urls:  # fetched over HTTP, then the same HTML path as an .html file (fetch.py)
        from corroborator.fetch import fetch_pages

        pages = fetch_pages(urls)
        raws.extend(pages.articles)
        skipped.extend(pages.skipped)
        paths = [p for p in paths if not is_url(p)]
    for got in read_inputs(paths, ingest):
        if isinstance(got, Skipped):
            log.warning("skipped %s: %s", got.source, got.reason)
            skipped.append(got)
        else:
            raws.append(got)
    return raws, skipped


def article_id(text: str) -> str:
    """Stable id from the article's clean text: case, spacing and punctuation do not change it."""
    return text_id(text)


def build_articles(
    raws: list[RawArticle],
    options: AnalyzeOptions,
    progress: Progress | None = None,
    built: MutableMapping[str, Article] | None = None,
) -> tuple[list[Article], list[Skipped]]:
    """Clean and segment each article; the same text given twice becomes one article.

    ``built`` (a case's cache) maps ``build_key`` to the article ``build_article`` made before: an entry
    is reused, a new one is added. The key covers everything ``build_article`` reads (the raw article and
    the repeated lines found in its batch), so reuse never changes a result."""
    repeated = find_repeated_lines(raws, options.clean.repeated_min_outlet, options.clean.repeated_min_corpus)
    if any(raw.meta.language is None for raw in raws):
        _LANGUAGE_MODEL.start()  # loads while the parser does: most of its load is decompression, off the GIL
    if progress:  # loading the parser (spaCy) takes a second or two the first time
        progress("loading the parser", 0, 1)
    parser = parser_for(options.sources.parser)  # loads before the loop: a missing model stops the run
    if progress:
        progress("loading the parser", 1, 1)
    by_id: dict[str, Article] = {}
    skipped: list[Skipped] = []
    by_text: dict[str, list[Article]] | None = None
    for done, (raw, rep) in enumerate(zip(raws, repeated, strict=True), start=1):
        key = build_key(raw, rep) if built is not None else ""
        try:
            if built is not None and key in built:
                article: Article | None = built[key]
            elif built is not None:
                if by_text is None:
                    by_text = defaultdict(list)
                    for known in built.values():
                        by_text[known.text].append(known)
                article = _rebuilt(raw, rep, by_text) or build_article(raw, rep, parser)
            else:
                article = build_article(raw, rep, parser)
            if built is not None and article is not None:
                built[key] = article
        except Exception as exc:
            log.exception("failed on %s", raw.source)
            skipped.append(Skipped(raw.source, f"internal error while processing: {exc!r}"))
            continue
        if article is None:
            skipped.append(Skipped(raw.source, "no article text left after removing boilerplate"))
        elif not _WORD.search(article.text):
            # Its id would be the id of the empty string, shared by every such text: it is no article to compare.
            skipped.append(Skipped(raw.source, "no words in the text (only symbols or emoji)"))
        elif article.id in by_id:
            first = by_id[article.id]
            by_id[article.id] = replace(first, seen_as=(*first.seen_as, raw.source))
        else:
            by_id[article.id] = article
        if progress:
            progress("segment", done, len(raws))
    articles = _canonical_sources(list(by_id.values()))
    outlets = load_outlets(options.sources.outlets) if options.sources.outlets else None
    articles = label_articles(articles, outlets)
    return articles, skipped


def build_key(raw: RawArticle, repeated: Mapping[str, str]) -> str:
    """What ``build_article`` reads, hashed: equal keys give equal articles."""
    meta = [getattr(raw.meta, f) for f in raw.meta.__slots__]
    parts = [raw.source, raw.raw_text, meta, [list(h) for h in raw.header], sorted(repeated.items())]
    blob = json.dumps(parts, ensure_ascii=False, default=str)
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()


def _rebuilt(raw: RawArticle, repeated: dict[str, str], by_text: Mapping[str, list[Article]]) -> Article | None:
    """What ``build_article(raw, repeated)`` returns, from a built article of the same clean text, or None.

    Segmentation, attributions and quotes (the spaCy parse: most of the cost) read only the clean text;
    the rest of an article is its source, raw length, metadata (language detected from the clean text
    when not given) and the spans cleaning removed. So an article built before whose text, source, raw
    length and metadata are those this raw article gets is that article with this cleaning's ``removed``.
    In a case this is the common miss: a new article of an outlet changes the repeated-line reasons
    ("repeated in 4 articles of X") of that outlet's old articles, and so their ``build_key``, while
    cleaning cuts the same lines."""
    text, removed = clean(raw, repeated)
    candidates = by_text.get(text)
    if not candidates:
        return None
    meta = raw.meta if raw.meta.language is not None else replace(raw.meta, language=_language(text))
    for old in candidates:
        if old.source == raw.source and old.raw_length == len(raw.raw_text) and old.meta == meta:
            return replace(old, removed=removed, seen_as=(), short_label=None)
    return None


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
    quotes = find_quotes(text, paras, sents, atts, docs)
    atts = extend_scopes(atts, quotes)  # a quote that runs on after its credit widens the credit's content
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


class _Preload:
    """py3langid's model, loaded once per process in a background thread (~0.4 s of CPU, mostly lzma
    decompression, which releases the GIL), so it overlaps the parser's load instead of following it."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._load, name="language-model", daemon=True)
                self._thread.start()

    @staticmethod
    def _load() -> None:
        import py3langid  # ships its model; imported lazily: loading it takes ~0.4 s

        py3langid.classify("")

    def ready(self) -> None:
        """Wait for the load started by ``start`` (start it if nobody did): one load, never two at once."""
        self.start()
        assert self._thread is not None
        self._thread.join()


_LANGUAGE_MODEL = _Preload()


def _language(text: str) -> str | None:
    _LANGUAGE_MODEL.ready()
    import py3langid

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
