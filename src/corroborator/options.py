"""Every setting of ``analyze`` in one place: one options record per stage, nested in ``AnalyzeOptions``.

Each record checks its values when it is built and says what is allowed (trafilatura's
``_set_format`` style), so a bad setting fails before any work starts. ``with_overrides``
applies dotted ``stage.name=value`` settings, the form ``--set`` takes on ``analyze``,
``compare`` and ``eval``::

    >>> AnalyzeOptions().with_overrides({"stories.threshold": "0.3"}).stories.threshold
    0.3

The thresholds here were chosen on public labelled data (docs/benchmarks.md, docs/quality.md);
the comment beside each says what it decides.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType
from typing import Any

from corroborator.errors import UsageError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def _share(owner: object, *names: str) -> None:
    """Each named field must be a number in [0, 1]."""
    for name in names:
        value = getattr(owner, name)
        if not isinstance(value, int | float) or math.isnan(value) or not 0.0 <= value <= 1.0:
            raise UsageError(f"{type(owner).__name__}.{name} must be a number from 0 to 1 (got {value!r})")


def _positive(owner: object, *names: str, allow_zero: bool = False) -> None:
    for name in names:
        value = getattr(owner, name)
        ok = isinstance(value, int | float) and not isinstance(value, bool) and not math.isnan(value)
        if not ok or value < 0 or (value == 0 and not allow_zero):
            bound = "0 or more" if allow_zero else "greater than 0"
            raise UsageError(f"{type(owner).__name__}.{name} must be a number {bound} (got {value!r})")


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Reading inputs."""

    field_map: Mapping[str, str] = field(default_factory=dict)  # record field per role, e.g. text -> body
    max_bytes: int = DEFAULT_MAX_BYTES  # per file; record files and WARCs get 20x this

    def __post_init__(self) -> None:
        object.__setattr__(self, "field_map", MappingProxyType(dict(self.field_map)))
        if isinstance(self.max_bytes, bool) or not isinstance(self.max_bytes, int) or self.max_bytes < 1:
            raise UsageError(
                f"--max-bytes (ingest.max_bytes) must be a positive number of bytes, got {self.max_bytes!r}"
            )

    def __reduce__(self) -> tuple[object, ...]:  # read-only mappings do not pickle; their dict copies do
        return (IngestOptions, (dict(self.field_map), self.max_bytes))


@dataclass(frozen=True, slots=True)
class CleanOptions:
    """Boilerplate removal."""

    repeated_min_outlet: int = 3  # a line in this many different articles of one outlet is boilerplate
    repeated_min_corpus: int = 4  # ... or in this many different articles of the corpus

    def __post_init__(self) -> None:
        _positive(self, "repeated_min_outlet", "repeated_min_corpus")
        if self.repeated_min_outlet < 2 or self.repeated_min_corpus < 2:
            raise UsageError("CleanOptions: a line must repeat in at least 2 articles to be boilerplate")


@dataclass(frozen=True, slots=True)
class SourceOptions:
    """Sources, speakers and outlets (attribution.py, quotes.py, sources.py)."""

    parser: str | None = None  # spaCy model by name or path; None = en_core_web_sm; "rules" = the word patterns only
    outlets: str | None = None  # CSV of the newsroom's outlets (name, aliases, domains) for labels and credits


@dataclass(frozen=True, slots=True)
class StoryOptions:
    """Grouping articles into stories (average-link clustering)."""

    threshold: float = 0.26  # average-link similarity needed to join (chosen on ECB+, see docs/benchmarks.md)
    embedding_weight: float = 0.2  # of the lede embedding; the rest is name-weighted TF-IDF
    name_boost: float = 10.0  # a name or number counts this many times a common word
    lead_sentences: int = 3  # the lede says which incident it is; later paragraphs drift to background
    max_days: float = 4.0  # reports further apart than this count half as similar

    def __post_init__(self) -> None:
        _share(self, "threshold", "embedding_weight")
        _positive(self, "name_boost", "lead_sentences", "max_days")


@dataclass(frozen=True, slots=True)
class RelateOptions:
    """Sentence alignment and relation kinds (docs/relations.md explains each rule)."""

    enabled: bool = True  # stories, relations, claims and findings (loads the sentence model)
    embed_all: bool = False  # embed every sentence, not only those a decision reads (the slower reference path)
    min_cosine: float = 0.45  # below this no sentence pair is considered; the matcher decides above it
    near_verbatim_words: float = 0.7  # word-level similarity of a near-verbatim pair
    same_fact_cosine: float = 0.55  # a same-fact pair also needs two shared names or a shared quantity
    duplicate_coverage: float = 0.95  # both texts this much verbatim in the other
    copy_coverage: float = 0.8  # near-duplicate: one side this much (near-)verbatim ...
    copy_coverage_other: float = 0.6  # ... and the other side this much
    copy_words: float = 0.85  # reused sentences of a copy keep this share of their words (below: a rewrite)
    rewrite_coverage: float = 0.6  # a rewrite restates this much of one side ...
    rewrite_coverage_other: float = 0.35  # ... and this much of the other
    rewrite_order: float = 0.7  # in this share of the same order
    partial_verbatim: float = 0.15  # partial reuse: this much verbatim of one side ...
    partial_sentences: int = 3  # ... or this many reused sentences covering
    partial_coverage: float = 0.25  # ... this much

    def __post_init__(self) -> None:
        if not isinstance(self.enabled, bool):
            raise UsageError(f"RelateOptions.enabled must be true or false (got {self.enabled!r})")
        if not isinstance(self.embed_all, bool):
            raise UsageError(f"RelateOptions.embed_all must be true or false (got {self.embed_all!r})")
        _share(
            self,
            "min_cosine",
            "near_verbatim_words",
            "same_fact_cosine",
            "duplicate_coverage",
            "copy_coverage",
            "copy_coverage_other",
            "copy_words",
            "rewrite_coverage",
            "rewrite_coverage_other",
            "rewrite_order",
            "partial_verbatim",
            "partial_coverage",
        )
        _positive(self, "partial_sentences")


@dataclass(frozen=True, slots=True)
class ClaimOptions:
    """Claims and their independent origins."""

    min_words: int = 4  # shorter sentences (datelines, "He declined.") are not claims
    link_min_cosine: float = 0.45  # sentence pairs below this cosine are not scored (unless aligned)
    specific_weight: float = 0.3  # share of the link score from story-specific word overlap (rest: cosine)
    link_min: float = 0.3  # pair scores below this are no link
    link_threshold: float = 0.5  # average score two groups need to become one claim (chosen on ECB+ topics 1-17)
    pair_threshold: float = 0.55  # score a claim of two units alone needs (one link, nothing else backs it)
    restatements: bool = True  # merge claims split because articles state the fact twice (claims.merge_restatements)
    restated_shared: int = 2  # articles two claims must share (each stating the fact in both) to merge
    restated_count_bonus: float = 0.1  # count_bonus for the restatement merge only (one count in digits, both)
    restated_needs_count: bool = True  # the restatement merge only where the two claims give one count
    restated_cosine: float = 0.7  # an article's credited sentence this close to its uncredited one restates it
    embed_stories: bool = True  # embed every sentence of multi-article stories for claims (false: only what
    # alignment embedded: faster, but claims then miss links between sentences alignment never compared)
    static_screen: bool = False  # embed only story sentences a static first pass says may reach link_min_cosine
    # with another article's (corroborator.static; bundled default model only; docs/benchmarks.md, issue 17 fifth round)
    static_bound: float = (
        -0.08
    )  # static cosine a pair needs to be embedded for links (all 16,936 held-out pairs >= 0.45 pass)
    static_unique_bound: float = -0.01  # the same for the unique-claim check (unique_max_cosine 0.55)

    def __post_init__(self) -> None:
        _positive(self, "min_words")
        _positive(self, "restated_shared")
        _share(
            self,
            "link_min_cosine",
            "specific_weight",
            "link_min",
            "link_threshold",
            "pair_threshold",
            "restated_cosine",
            "restated_count_bonus",
        )
        for name in ("static_bound", "static_unique_bound"):
            if not -1.0 <= getattr(self, name) <= 1.0:
                raise UsageError(f"ClaimOptions.{name} must be a cosine between -1 and 1 (got {getattr(self, name)!r})")
        for name in ("embed_stories", "restatements", "restated_needs_count", "static_screen"):
            if not isinstance(getattr(self, name), bool):
                raise UsageError(f"ClaimOptions.{name} must be true or false (got {getattr(self, name)!r})")


@dataclass(frozen=True, slots=True)
class FindingOptions:
    """Findings: what a reader must know."""

    min_quote_words: int = 5  # shorter quotes are not compared for alterations
    unique_max_cosine: float = 0.55  # a sentence this close in another outlet: alignment missed it, not unique
    unique_min_outlets: int = 3  # unique claims only in stories with this many independent outlets
    headline_support: float = 0.3  # headline vs best sentence cosine; terse headlines score low when supported
    top_per_story: int = 10  # findings shown first per story; the rest is folded

    def __post_init__(self) -> None:
        _share(self, "unique_max_cosine", "headline_support")
        _positive(self, "min_quote_words", "unique_min_outlets", "top_per_story")


@dataclass(frozen=True, slots=True)
class AnalyzeOptions:
    """Options for ``analyze``, one record per stage; the defaults suit a folder of saved articles.

    Example:
        >>> options = AnalyzeOptions(relate=RelateOptions(enabled=False))
        >>> options.with_overrides({"ingest.max_bytes": "1000"}).ingest.max_bytes
        1000
    """

    ingest: IngestOptions = field(default_factory=IngestOptions)
    clean: CleanOptions = field(default_factory=CleanOptions)
    sources: SourceOptions = field(default_factory=SourceOptions)
    stories: StoryOptions = field(default_factory=StoryOptions)
    relate: RelateOptions = field(default_factory=RelateOptions)
    claims: ClaimOptions = field(default_factory=ClaimOptions)
    findings: FindingOptions = field(default_factory=FindingOptions)
    model: str | None = None  # sentence model: hub name or local path; None = all-MiniLM-L6-v2

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name != "model" and not dataclasses.is_dataclass(value):
                raise UsageError(f"AnalyzeOptions.{f.name} must be a {f.name} options record (got {value!r})")

    @classmethod
    def stages(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls) if f.name != "model")

    def with_overrides(self, overrides: Mapping[str, object]) -> AnalyzeOptions:
        """A copy with ``stage.name`` settings changed; string values are parsed by the field's type.

        Raises:
            UsageError: an unknown stage or setting (the message lists the valid ones), or a bad value.
        """
        out = self
        for key, raw in overrides.items():
            stage, _, name = key.partition(".")
            if stage == "model" and not name:
                out = replace(out, model=str(raw))
                continue
            if stage not in self.stages():
                raise UsageError(f"unknown stage {stage!r} in --set {key}; stages: {', '.join(self.stages())}, model")
            section = getattr(out, stage)
            valid = [f.name for f in fields(section)]
            if name not in valid:
                raise UsageError(f"unknown setting {key!r}; {stage} settings: {', '.join(valid)}")
            value = _parse(raw, getattr(section, name), key)
            out = replace(out, **{stage: replace(section, **{name: value})})
        return out

    def settings(self) -> dict[str, Any]:
        """Every setting as ``stage.name -> value`` (what ``--set`` can change)."""
        out: dict[str, Any] = {"model": self.model}
        for stage in self.stages():
            section = getattr(self, stage)
            for f in fields(section):
                value = getattr(section, f.name)
                out[f"{stage}.{f.name}"] = dict(value) if isinstance(value, Mapping) else value
        return out


def _parse(raw: object, current: object, key: str) -> object:
    if not isinstance(raw, str):
        return raw
    text = raw.strip()
    try:
        if isinstance(current, bool):
            if text.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError(text)
            return text.lower() in ("true", "1", "yes")
        if isinstance(current, int):
            return int(text)
        if isinstance(current, float):
            return float(text)
        if isinstance(current, Mapping):
            pairs = [p.partition("=") for p in text.split(",") if p.strip()]
            return {k.strip(): v.strip() for k, _, v in pairs}
    except ValueError as exc:
        kind = type(current).__name__
        raise UsageError(f"--set {key}: {raw!r} is not a valid {kind}") from exc
    return text


def parse_overrides(pairs: list[str] | None) -> dict[str, str]:
    """``["stories.threshold=0.3", ...]`` -> ``{"stories.threshold": "0.3"}``.

    Raises:
        UsageError: an item without ``=``.
    """
    out = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--set takes STAGE.NAME=VALUE, e.g. stories.threshold=0.3; got {pair!r}")
        out[key.strip()] = value.strip()
    return out


__all__ = [
    "DEFAULT_MAX_BYTES",
    "AnalyzeOptions",
    "ClaimOptions",
    "CleanOptions",
    "FindingOptions",
    "IngestOptions",
    "RelateOptions",
    "SourceOptions",
    "StoryOptions",
    "parse_overrides",
]
