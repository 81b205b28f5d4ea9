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
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:  # facts.mentions builds on these records; the import is for annotations only
    from corroborator.facts.mentions import MentionFacts


def _frozen_mapping(value: Mapping[str, object] | None) -> Mapping[str, object]:
    return value if isinstance(value, MappingProxyType) else MappingProxyType(dict(value or {}))


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

    def __reduce__(self) -> tuple[object, ...]:  # read-only mappings do not pickle; their dict copies do
        return (RawArticle, (self.source, self.raw_text, self.meta, self.header, dict(self.extra)))


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


# -- the second half of the pipeline: stories, relations, claims, findings -------------------------

RelationKind = Literal["duplicate", "near_duplicate", "rewrite", "partial_reuse", "same_story"]
PassageLabel = Literal["verbatim", "near_verbatim", "paraphrase", "same_fact", "shared_quote"]
FindingKind = Literal[
    "altered_quote",
    "numeric_conflict",
    "date_conflict",
    "attribution_conflict",
    "name_variant",
    "meaning_change",
    "unique_claim",
    "unsupported_headline",
]
RELATION_KINDS: tuple[RelationKind, ...] = get_args(RelationKind)
PASSAGE_LABELS: tuple[PassageLabel, ...] = get_args(PassageLabel)
FINDING_KINDS: tuple[FindingKind, ...] = get_args(FindingKind)
COPY_KINDS: tuple[RelationKind, ...] = ("duplicate", "near_duplicate", "rewrite")  # one article copies the other
REUSE_LABELS: tuple[PassageLabel, ...] = ("verbatim", "near_verbatim", "paraphrase")  # a sentence taken over


def _check_choice(value: str, choices: tuple[str, ...], what: str) -> None:
    if value not in choices:
        raise ValueError(f"{what} must be one of: {', '.join(choices)} (got {value!r})")


@dataclass(frozen=True, slots=True)
class Story:
    """Articles that report one real-world event. ``articles`` are ids, earliest first."""

    id: str
    title: str
    start: str | None  # earliest publication date among the articles
    end: str | None
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Passage:
    """Sentence ``i`` of article A aligned with sentence ``j`` of article B, and how alike they are."""

    i: int
    j: int
    label: PassageLabel
    cosine: float
    words: float  # word-level similarity (0 when not computed: the cosine was too low for small edits)

    def __post_init__(self) -> None:
        _check_choice(self.label, PASSAGE_LABELS, "passage label")


@dataclass(frozen=True, slots=True)
class Alignment:
    """Every aligned sentence pair of two articles (one-to-one), with coverage per label and order."""

    pairs: tuple[Passage, ...]
    coverage_a: Mapping[str, float]  # label -> share of A's characters in sentences with that label
    coverage_b: Mapping[str, float]
    order: float  # share of reused pairs in the longest order-preserving chain (1.0 = same order)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pairs", tuple(self.pairs))
        object.__setattr__(self, "coverage_a", MappingProxyType(dict(self.coverage_a)))
        object.__setattr__(self, "coverage_b", MappingProxyType(dict(self.coverage_b)))

    def __reduce__(self) -> tuple[object, ...]:  # read-only mappings do not pickle; their dict copies do
        return (Alignment, (self.pairs, dict(self.coverage_a), dict(self.coverage_b), self.order))

    def reuse_a(self) -> float:
        return sum(float(self.coverage_a.get(k, 0.0)) for k in REUSE_LABELS)

    def reuse_b(self) -> float:
        return sum(float(self.coverage_b.get(k, 0.0)) for k in REUSE_LABELS)

    def verbatim_a(self) -> float:
        return float(self.coverage_a.get("verbatim", 0.0)) + float(self.coverage_a.get("near_verbatim", 0.0))

    def verbatim_b(self) -> float:
        return float(self.coverage_b.get("verbatim", 0.0)) + float(self.coverage_b.get("near_verbatim", 0.0))

    def edit_similarity(self) -> float:
        """Mean word-level similarity of the reused sentence pairs: ~1 for a copy, lower for a rewrite."""
        reused = [p.words for p in self.pairs if p.label in REUSE_LABELS]
        return sum(reused) / len(reused) if reused else 0.0


@dataclass(frozen=True, slots=True)
class Direction:
    """Which article of a pair is the original, how sure, and why."""

    original: str | None
    confidence: float
    reasons: tuple[str, ...]
    contradictions: tuple[str, ...] = ()
    common_original: str | None = None  # set when both derive from a third article (siblings)


@dataclass(frozen=True, slots=True)
class Relation:
    """How two articles relate (``kind``), the rule that decided it, the alignment and the direction."""

    a: str
    b: str
    kind: RelationKind
    score: float
    rule: str  # the deciding rule, in words
    alignment: Alignment
    direction: Direction

    def __post_init__(self) -> None:
        _check_choice(self.kind, RELATION_KINDS, "relation kind")

    @property
    def original(self) -> str | None:
        return self.direction.original

    @property
    def confidence(self) -> float:
        return self.direction.confidence

    @property
    def is_copy(self) -> bool:
        return self.kind in COPY_KINDS

    def other(self, article_id: str) -> str:
        return self.b if article_id == self.a else self.a


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a claim comes from: a named upstream source, or an article's copy group (its own reporting).

    ``id`` is the comparison key ("source:suspilne", "article:<id>"), ``name`` what a person reads,
    ``relays`` the outlets through which the articles got it, ``reasons`` one line per article.
    ``unnamed``: for an article's own reporting, the unnamed credits its articles give instead of a source
    ("media sources", "reportedly"): such an origin may be the same upstream as another one, which the text
    does not let anyone check.
    """

    id: str
    name: str
    kind: Literal["source", "article"]
    articles: tuple[str, ...]
    reasons: tuple[str, ...]
    relays: tuple[str, ...] = ()
    unnamed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """One sentence of one article that states a claim, with its facts and its origin (an ``Origin.id``)."""

    article: str
    sentence: int
    start: int
    end: int
    text: str
    origin: str
    group: str  # the id of the original of the article's copy group
    facts: MentionFacts


@dataclass(frozen=True, slots=True)
class ClaimLink:
    """Two units of one claim that state the same fact: the alignment label that paired them, or
    "scored" when the claim-link model alone did, and the model's score (1 for verbatim-like pairs)."""

    a: str
    a_sentence: int
    b: str
    b_sentence: int
    label: str
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement of fact in a story, every article that states it, and its independent origins."""

    id: str
    story: str | None
    text: str
    articles: tuple[str, ...]
    mentions: tuple[Mention, ...]
    independent_sources: int
    origins: tuple[Origin, ...]
    explanation: str
    links: tuple[ClaimLink, ...] = ()

    @property
    def unnamed_origins(self) -> int:
        """Origins that are an outlet's report crediting only unnamed sources: two of them may be one source."""
        return sum(1 for o in self.origins if o.unnamed)


@dataclass(frozen=True, slots=True)
class EvidenceSpan:
    """A span of an article that a finding cites. ``field`` is set when the span is not in the body
    ("title": then ``start``/``end`` are -1 and ``text`` is the headline)."""

    article: str
    start: int
    end: int
    text: str
    field: str | None = None


def _freeze(value: object) -> object:
    if isinstance(value, Mapping):
        return MappingProxyType({str(k): _freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    return value


def thaw(value: object) -> object:
    """The JSON form of a frozen value (mappings -> dicts, tuples -> lists)."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [thaw(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a reader must know, with the spans that show it.

    ``details`` holds what is particular to the kind (``diff``, ``speaker`` and ``versions`` of an altered
    quote; ``values`` of a numeric conflict), frozen; the report writes them beside the common fields.
    """

    id: str
    kind: FindingKind
    story: str | None
    articles: tuple[str, ...]
    claim: str | None
    summary: str
    confidence: float
    evidence: tuple[EvidenceSpan, ...]
    details: Mapping[str, object] = field(default_factory=dict)
    importance: float = 0.0
    """How much a reader should look at this first: kind severity x confidence x how central the claim is."""
    top: bool = False
    """Among the handful shown first for its story; the rest stays available, folded."""

    def __post_init__(self) -> None:
        _check_choice(self.kind, FINDING_KINDS, "finding kind")
        object.__setattr__(self, "details", _freeze(self.details))

    def __reduce__(self) -> tuple[object, ...]:  # read-only mappings do not pickle; their dict copies do
        fields = (self.id, self.kind, self.story, self.articles, self.claim, self.summary, self.confidence)
        return (Finding, (*fields, self.evidence, thaw(self.details), self.importance, self.top))
