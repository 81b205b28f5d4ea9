"""Typed records that flow between pipeline stages.

Every record is a frozen dataclass: a stage emits new records (or uses
``dataclasses.replace``) instead of changing its input, so a report can be traced
back to exactly what was read. Positions are half-open character offsets
``[start, end)`` into an article's clean ``text`` unless a field says otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


def _frozen_mapping(value: Mapping[str, object] | None) -> Mapping[str, object]:
    return MappingProxyType(dict(value or {}))


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the input says about an article (all optional)."""

    outlet: str | None = None
    title: str | None = None
    published: str | None = None  # ISO 8601: a date, or a date-time when the input has one
    url: str | None = None
    author: str | None = None
    language: str | None = None
    input_id: str | None = None  # the record's own id field (JSONL / CSV)


@dataclass(frozen=True, slots=True)
class RawArticle:
    """One article as read from its input, before cleaning.

    ``raw_text`` is the decoded article text (the whole file for .txt/.md, the
    main text trafilatura extracted for HTML, the text field of a record).
    ``header`` spans mark lines of ``raw_text`` that carried metadata (title,
    outlet, date line, byline): cleaning removes them with that reason.
    """

    source: str  # path (with ``:line`` for records) or URL it came from
    raw_text: str
    meta: Metadata
    header: tuple[tuple[int, int, str], ...] = ()
    extra: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "extra", _frozen_mapping(self.extra))


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be read, and why. Counted in the report."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Removed:
    """A span cleaning removed. ``start``/``end`` are offsets in the raw text;
    ``at`` is where the cut sits in the clean text."""

    start: int
    end: int
    reason: str
    text: str
    at: int


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation. ``speaker`` is the name as resolved (a pronoun is
    resolved to the last named person); ``speaker_text`` is what the article wrote."""

    text: str
    start: int
    end: int
    speaker: str | None
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    speaker_id: str | None = None  # the canonical source (``Report.sources``) the speaker resolved to


@dataclass(frozen=True, slots=True)
class Attribution:
    """An article crediting a source: "according to X", "X reported", "citing Y"...

    ``source`` is the normalised display name (an outlet or person where the text
    names one), ``source_key`` the key used to compare sources across articles,
    ``source_text`` the words as written with their offsets, ``cue`` the words
    that mark the attribution. ``via`` names the outlet that relayed an unnamed
    source ("sources cited by LIGA" -> via LIGA).
    """

    source: str
    source_key: str
    cue: str
    start: int
    end: int
    source_text: str
    source_start: int
    source_end: int
    kind: str  # "report" (an outlet or document credited) or "speech" (a person or body said)
    via: str | None = None
    sentence: int | None = None
    content_start: int | None = None  # what the source is credited for: the reported clause or quote
    content_end: int | None = None
    source_id: str | None = None  # the canonical source (``Report.sources``) it resolved to


@dataclass(frozen=True, slots=True)
class Article:
    """A clean, segmented article: the unit every later stage works on."""

    id: str
    source: str
    meta: Metadata
    text: str
    raw_length: int
    removed: tuple[Removed, ...]
    paragraphs: tuple[Span, ...]
    sentences: tuple[Span, ...]
    quotes: tuple[Quote, ...]
    attributions: tuple[Attribution, ...]
    seen_as: tuple[str, ...] = ()  # other sources that gave the same text
    short_label: str | None = None  # set by ``sources.label_articles``: unique in the batch

    @property
    def label(self) -> str:
        """How a person names this article: the batch label (outlet, URL host, byline or file name), else its
        outlet, else its file name without folders; never a path or a headline."""
        if self.short_label:
            return self.short_label
        return self.meta.outlet or self.source.replace("\\", "/").rsplit("/", 1)[-1][:60]

    def raw_offset(self, clean_offset: int) -> int:
        """Map an offset in the clean text back to the raw text it came from.

        The clean text is the raw text with the ``removed`` spans cut out, so a
        character's raw position is its clean position plus every cut before it.
        """
        return clean_offset + sum(cut.end - cut.start for cut in self.removed if cut.at <= clean_offset)
