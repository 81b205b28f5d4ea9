"""A learned choice of a quotation's speaker among the candidates the rules know.

The rules in ``quotes`` pick a speaker by a fixed order of cases; five rounds of hand rules moved PolNeAR dev by under
a point each. Here every quotation gets its candidate speakers (the credits in its sentence and the sentences on
either side, the subject of the verb above it in the parse, the previous quote's speaker, the rules' own choice),
each described by a few numbers (``FEATURES``), and a gradient-boosted tree model fitted on PolNeAR **train**
(``bench/train_speakers.py``; the seed-123 sample and dev were left out) scores them. The best candidate speaks when
its probability clears the threshold stored with the weights; otherwise the quotation keeps no speaker (a wrong
speaker is worse than none). A quotation the rules credit by a tag next to it ('"...," X said', 'X said: "..."') keeps
that credit: the rules are certain there, and the model agrees (``tests/test_who_says_what_sixth.py``).

The weights are JSON (``speaker_weights.json``, next to this file); applying them needs numpy only, not scikit-learn.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from corroborator.attribution import is_generic, looks_like_person
from corroborator.types import Attribution, Span

WEIGHTS = Path(__file__).with_name("speaker_weights.json")

# What each candidate is described by (the order of the weights file's features; ``bench/train_speakers.py`` checks
# it). Distances are in characters and sentences; "rule" is the choice of the hand rules (``quotes._speaker`` and
# its second pass).
FEATURES: tuple[str, ...] = (
    "is_rule",  # the rules chose this candidate
    "rule_none",  # the rules chose no one for this quotation
    "same_sentence",  # the credit is in the sentence where the quotation opens (or closes)
    "sentence_offset",  # the credit's sentence less the quotation's, clipped to -3..3
    "after_quote",  # the credit's source comes after the quotation
    "log_distance",  # log(1 + characters between the source and the nearest end of the quotation)
    "tag_after",  # only spaces and commas between the closing mark and the credit ('"...," X said')
    "tag_before",  # 'X said: "..."', 'X said that "..."'
    "colon_between",  # a colon between the credit and the quotation
    "speech",  # a speech credit (not a report, "according to", a document)
    "stance",  # a stance cue ("called", "described", "dubbed", "labelled", "termed")
    "covers",  # the credit's content span holds the quotation's start
    "outer",  # another candidate's source lies in this credit's content
    "inner",  # this credit's source lies in another candidate's content
    "credits_in_sentence",  # how many credits the quotation's sentence holds
    "rank",  # 0 for the candidate nearest the quotation, then 1, 2, ...
    "previous_speaker",  # same source as the speaker of the quotation before, in this paragraph or the one before
    "same_paragraph",
    "subject_above",  # a subject of a verb above the quotation in the parse
    "not_a_credit",  # that subject, with no credit of the tool's (its verb is no speech verb)
    "subject_rank",  # 0: the nearest verb's subject, 1: the next one up, ...; -1: no subject above
    "subject_steps",  # dependency steps from the quotation to that verb; -1: no subject above
    "subject_person",  # the subject is a PERSON entity or a personal pronoun
    "subject_group",  # an ORG, NORP or GPE entity
    "verb_speech",  # the verb above is a speech verb ("say", "tell", ...)
    "verb_stance",  # a stance verb ("call", "accuse", ...)
    "verb_belief",  # a belief verb ("think", "find", ...)
    "verb_copula",  # "be", "seem", "appear", ...
    "verb_root",  # the verb is the sentence's root
    "quote_object",  # the quotation is the object or complement of its head ('called it "..."')
    "quote_pobj",  # the object of a preposition ('a lament for the "..."')
    "quote_subject",  # the subject of its head
    "quote_modifier",  # a modifier of a noun ('the "so-called" plan')
    "parsed",  # the quotation's sentence was parsed
    "generic",  # "officials", "the report": a description, not a name
    "pronoun",  # he, she, it, they, ...
    "person_like",  # capitalised words of a name
    "capitalised",
    "log_words",  # log(1 + words quoted)
    "short",  # one to three words quoted
    "title_like",  # every quoted word capitalised
    "whole_paragraph",  # the quotation is its paragraph
    "opens_sentence",  # nothing before the opening mark in its sentence
    "candidates",  # how many candidates the quotation has
)

_STANCE = re.compile(r"\b(?:call|called|calling|calls|describ\w*|dub\w*|label\w*|term\w*|brand\w*)\b", re.I)
_PRONOUN_WORDS = {"he", "she", "it", "they", "i", "we", "you", "his", "her", "its", "their"}
_SIGNATURE_DASHES = {"―", "—", "–", "-", "--"}
MAX_CANDIDATES = 12


@dataclass(frozen=True, slots=True)
class Site:
    """Where a quotation is: offsets in the clean text and the indexes of its sentences and paragraph."""

    open_mark: int
    start: int
    end: int
    close_mark: int | None
    words: int
    sentence: int | None
    end_sentence: int | None
    paragraph: int | None
    title_like: bool
    named: bool  # a capitalised word after the first ('special Buryat battalion'): a name in it
    whole_paragraph: bool
    opens_sentence: bool


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible speaker: a credit of the tool's, or the subject of the verb above the quotation (an
    ``Attribution`` made for it, with the cue "(subject)"), and its feature vector."""

    att: Attribution
    features: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Subject:
    """The subject of a verb above a quotation in the parse, as an ``Attribution`` with the cue "(subject)"."""

    att: Attribution
    rank: int  # 0: the nearest verb with a subject above the quotation, 1: the next one up, ...
    steps: int  # dependency steps from the quotation's word to the verb
    person: bool  # a PERSON entity (or a personal pronoun)
    group: bool  # an ORG, NORP or GPE entity
    verb: str  # "speech", "belief", "stance", "copula" or "other"
    root: bool  # the verb is the sentence's root


@dataclass(frozen=True, slots=True)
class QuoteParse:
    """What the parse says of a quotation: how its words hang on the sentence and the subjects above it."""

    dep: str  # "object", "pobj", "subject", "modifier" or "other": the dependency of its first word hung outside
    subjects: tuple[Subject, ...]


_OBJECT_DEPS = {"dobj", "attr", "oprd", "acomp", "xcomp", "ccomp", "dative"}
_MODIFIER_DEPS = {"amod", "compound", "nmod", "nummod", "poss"}
_PERSONAL = {"he", "she", "i", "we", "they"}
_COPULAS = {"be", "seem", "appear", "become", "remain", "look", "sound", "feel"}


def _verb_class(lemma: str) -> str:
    from corroborator.attribution import _CLAUSE_LEMMAS, _SPEECH_LEMMAS, _STANCE_LEMMAS

    if lemma in _SPEECH_LEMMAS:
        return "speech"
    if lemma in _STANCE_LEMMAS:
        return "stance"
    if lemma in _CLAUSE_LEMMAS:
        return "belief"
    return "copula" if lemma in _COPULAS else "other"


def parse_facts(text: str, docs: list[tuple[int, Any]] | None, quoted: list[Span]) -> dict[int, QuoteParse]:
    """For each quotation (by the offset of its first character) in a parsed sentence: the dependency by which its
    words hang on the sentence and the subjects of the verbs above it, nearest first, at most three ('X fought the
    council, calling its chair a "..."': X). Quotations in sentences not parsed have no entry.

    Args:
        text: the article's clean text.
        docs: (offset, spaCy Doc) of the parsed sentences (``attribution.parse_sentences``).
        quoted: the quotations' spans in text order (``quotes.quoted_spans``).
    """
    from corroborator.attribution import _shared_subject

    out: dict[int, QuoteParse] = {}
    if not docs or not quoted:
        return out
    starts = [q.start for q in quoted]
    for base, doc in docs:
        for t in doc:
            pos = base + t.idx
            k = bisect_right(starts, pos) - 1
            if k < 0 or pos >= quoted[k].end or quoted[k].start in out or t.is_punct or t.is_space:
                continue
            q = quoted[k]
            head = t.head
            if head is t or q.start <= base + head.idx < q.end:
                continue  # a word hung inside the quotation: the next word decides
            dep = (
                "object"
                if t.dep_ in _OBJECT_DEPS
                else "pobj"
                if t.dep_ == "pobj"
                else "subject"
                if t.dep_ in ("nsubj", "nsubjpass")
                else "modifier"
                if t.dep_ in _MODIFIER_DEPS
                else "other"
            )
            subjects: list[Subject] = []
            seen: set[int] = set()
            steps = 0
            while steps < 10 and len(subjects) < 3:
                if head.pos_ in ("VERB", "AUX"):
                    subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                    if subj is None:
                        subj = _shared_subject(head)
                    if subj is not None and subj.i not in seen:
                        seen.add(subj.i)
                        subject = _subject(subj, head, text, base, q, len(subjects), steps)
                        if subject is not None:
                            subjects.append(subject)
                if head.head is head:
                    break
                head, steps = head.head, steps + 1
            out[q.start] = QuoteParse(dep, tuple(subjects))
    return out


def _subject(subj: Any, verb: Any, text: str, base: int, q: Span, rank: int, steps: int) -> Subject | None:
    from corroborator.attribution import _subject_span

    span = _subject_span(subj, text, base, core=True)
    if span is None or (span[0] < q.end + 1 and q.start - 1 < span[1]) or span[1] - span[0] > 80:
        return None  # in the quotation, or no name ("the man who ... and ...")
    words = text[span[0] : span[1]]
    ents = {t.ent_type_ for t in subj.subtree if t.ent_type_}
    att = Attribution(
        source=words,
        source_key=words.lower(),
        cue="(subject)",
        start=min(span[0], base + verb.idx),
        end=max(span[1], base + verb.idx + len(verb.text)),
        source_text=words,
        source_start=span[0],
        source_end=span[1],
        kind="other",
        sentence=None,
    )
    return Subject(
        att=att,
        rank=rank,
        steps=steps,
        person="PERSON" in ents or subj.lower_ in _PERSONAL,
        group=bool(ents & {"ORG", "NORP", "GPE"}),
        verb=_verb_class(verb.lemma_.lower()),
        root=verb.dep_ == "ROOT",
    )


def _overlap(a: Attribution, b: Attribution) -> bool:
    return a.source_start < b.source_end and b.source_start < a.source_end


def holds(outer: Attribution, inner: Attribution) -> bool:
    """Whether ``inner``'s source lies in ``outer``'s content (``inner`` is a credit nested in ``outer``'s report)."""
    return (
        outer.content_start is not None
        and outer.content_end is not None
        and outer.content_start <= inner.source_start
        and inner.source_end <= outer.content_end
    )


def candidates(
    text: str,
    site: Site,
    nearby: list[Attribution],
    rule: Attribution | None,
    previous: Attribution | None,
    facts: QuoteParse | None,
    sentence_of: dict[int, int],
) -> list[Candidate]:
    """The candidate speakers of one quotation with their features (``FEATURES``).

    Args:
        text: the clean text.
        site: the quotation.
        nearby: the tool's credits in the quotation's sentences and the sentence on either side.
        rule: the rules' choice (may be one of ``nearby``, or a credit further away).
        previous: the speaker of the quotation before, when in this paragraph or the one before.
        facts: what the parse says of the quotation (``parse_facts``), None when its sentence was not parsed.
        sentence_of: sentence index of a source's start offset (for subjects and ``previous``).
    """
    pool: list[Attribution] = []
    for att in [*nearby, *([rule] if rule is not None else [])]:
        if site.start - 1 <= att.source_start < site.end + 1:
            continue  # a credit inside the quotation speaks another's words
        if not any(a.source_start == att.source_start and a.source_end == att.source_end for a in pool):
            pool.append(att)
    subjects = facts.subjects if facts is not None else ()
    for subject in subjects:
        if not any(_overlap(subject.att, a) for a in pool):
            pool.append(subject.att)
    if not pool:
        return []
    end_mark = site.close_mark if site.close_mark is not None else site.end
    sent = site.sentence if site.sentence is not None else -1

    def distance(a: Attribution) -> int:
        if a.source_start >= end_mark:
            return a.source_start - end_mark
        return max(0, site.open_mark - a.source_end)

    order = sorted(range(len(pool)), key=lambda k: distance(pool[k]))
    rank = {k: r for r, k in enumerate(order)}
    in_sentence = sum(1 for a in pool if a.cue != "(subject)" and a.sentence == sent)
    quoted = site.words
    dep = facts.dep if facts is not None else ""
    out = []
    for k, att in enumerate(pool):
        a_sent = att.sentence if att.sentence is not None else sentence_of.get(att.source_start, sent)
        after = att.source_start >= end_mark
        gap_after = text[end_mark + 1 : att.start] if after and att.start > end_mark else ""
        gap_before = text[att.end : site.open_mark] if att.end <= site.open_mark else "x"
        sub = next((x for x in subjects if x.att is att or _overlap(x.att, att)), None)
        low = att.source_text.lower().strip(" ,.")
        feats = (
            float(rule is not None and rule.source_start == att.source_start and rule.source_end == att.source_end),
            float(rule is None),
            float(a_sent == sent or (site.end_sentence is not None and a_sent == site.end_sentence)),
            float(max(-3, min(3, a_sent - sent))),
            float(after),
            math.log1p(distance(att)),
            float(after and bool(re.fullmatch(r"['’”\"»\s,\u00a0]*", gap_after))),
            float(bool(re.fullmatch(r"[\s,:]*(?:that\s*)?", gap_before))),
            float(":" in (gap_before if not after else "")),
            float(att.kind == "speech"),
            float(bool(_STANCE.search(att.cue))),
            float(
                att.content_start is not None
                and att.content_end is not None
                and att.content_start <= site.start <= att.content_end + 1
            ),
            float(any(b is not att and holds(att, b) for b in pool)),
            float(any(b is not att and holds(b, att) for b in pool)),
            float(in_sentence),
            float(rank[k]),
            float(previous is not None and previous.source_key == att.source_key),
            float(site.paragraph is not None and _paragraph_of(text, att.source_start, site.open_mark)),
            float(sub is not None),
            float(att.cue == "(subject)"),
            float(sub.rank if sub is not None else -1),
            float(sub.steps if sub is not None else -1),
            float(sub is not None and sub.person),
            float(sub is not None and sub.group),
            float(sub is not None and sub.verb == "speech"),
            float(sub is not None and sub.verb == "stance"),
            float(sub is not None and sub.verb == "belief"),
            float(sub is not None and sub.verb == "copula"),
            float(sub is not None and sub.root),
            float(dep == "object"),
            float(dep == "pobj"),
            float(dep == "subject"),
            float(dep == "modifier"),
            float(facts is not None),
            float(is_generic(att.source)),
            float(low in _PRONOUN_WORDS),
            float(looks_like_person(att.source_text)),
            float(att.source_text[:1].isupper()),
            math.log1p(quoted),
            float(quoted <= 3),
            float(site.title_like),
            float(site.whole_paragraph),
            float(site.opens_sentence),
            float(len(pool)),
        )
        out.append(Candidate(att, feats))
    return out


def _paragraph_of(text: str, a: int, b: int) -> bool:
    """Whether offsets ``a`` and ``b`` lie in one paragraph (no line break between them)."""
    lo, hi = (a, b) if a <= b else (b, a)
    return "\n" not in text[lo:hi]


@dataclass(frozen=True, slots=True)
class Model:
    """Gradient-boosted trees (scikit-learn's ``GradientBoostingClassifier``, binary deviance) as arrays."""

    features: tuple[str, ...]
    init: float
    rate: float
    trees: tuple[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray], ...]
    threshold: float  # the least probability at which a candidate speaks for a quotation the rules credit no one
    short_threshold: float  # the same for a quotation of under six words (left out when no one speaks)
    drop_threshold: float  # the rules' credit is replaced when its probability is under this

    packed: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, int] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        # every tree in one padded array (trees x nodes), a leaf's children itself: all trees walk together, a fixed
        # number of steps (the deepest tree's depth), in a few numpy operations per call instead of one per node
        width = max(len(t[0]) for t in self.trees)
        shape = (len(self.trees), width)
        feature, threshold = np.zeros(shape, dtype=np.int64), np.zeros(shape)
        left, right, value = np.zeros(shape, dtype=np.int64), np.zeros(shape, dtype=np.int64), np.zeros(shape)
        depth = 0
        for k, (f, th, lo, hi, v) in enumerate(self.trees):
            n = len(f)
            leaf = f < 0
            own = np.arange(n)
            feature[k, :n] = np.where(leaf, 0, f)
            threshold[k, :n] = th
            left[k, :n] = np.where(leaf, own, lo)
            right[k, :n] = np.where(leaf, own, hi)
            value[k, :n] = v
            depth = max(depth, _depth(lo, hi))
        object.__setattr__(self, "packed", (feature, threshold, left, right, value, depth))

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """The probability that each row's candidate is the speaker."""
        feature, threshold, left, right, value, depth = self.packed
        trees = np.arange(len(feature))[None, :]
        node = np.zeros((len(rows), len(feature)), dtype=np.int64)
        at = np.arange(len(rows))[:, None]
        for _ in range(depth):
            go_left = rows[at, feature[trees, node]] <= threshold[trees, node]
            node = np.where(go_left, left[trees, node], right[trees, node])
        score = self.init + self.rate * value[trees, node].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-score))


def _depth(left: np.ndarray, right: np.ndarray) -> int:
    """The number of splits on the longest path from the root."""
    depth, level = 0, [0]
    while True:
        level = [c for n in level for c in (int(left[n]), int(right[n])) if c >= 0]
        if not level:
            return depth
        depth += 1


@lru_cache(maxsize=2)
def load_model(path: Path = WEIGHTS) -> Model:
    """The fitted model.

    Raises:
        ValueError: the file's feature list is not ``FEATURES`` (weights fitted for other features).
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path}: the weights were fitted on other features than speakermodel.FEATURES")
    trees = tuple(
        (
            np.array(t["feature"], dtype=np.int64),
            np.array(t["threshold"], dtype=np.float64),
            np.array(t["left"], dtype=np.int64),
            np.array(t["right"], dtype=np.int64),
            np.array(t["value"], dtype=np.float64),
        )
        for t in data["trees"]
    )
    return Model(
        features=FEATURES,
        init=float(data["init"]),
        rate=float(data["learning_rate"]),
        trees=trees,
        threshold=float(data["threshold"]),
        short_threshold=float(data["short_threshold"]),
        drop_threshold=float(data["drop_threshold"]),
    )


def choose(
    cands: list[Candidate], rule: Attribution | None, short: bool, named: bool = False, model: Model | None = None
) -> tuple[Attribution | None, float]:
    """The speaker and its probability. A quotation the rules credit no one gets the best candidate when its
    probability reaches ``threshold`` (``short_threshold`` for one of under six words); one the rules credit keeps
    that credit unless the model gives it under ``drop_threshold``, when the best other candidate replaces it if it
    reaches ``threshold``, else no one speaks.

    Args:
        cands: ``candidates`` of one quotation.
        rule: the rules' choice.
        short: the quotation has under six words.
        named: the quotation has a capitalised word after its first: a short one is then a name ('a special "Tiger
            brigade"'), and the model gives it no speaker the rules did not.
        model: the fitted model (``load_model()`` when None).
    """
    if not cands:
        return rule, 0.0
    model = model or load_model()
    probs = model.probabilities(np.array([c.features for c in cands], dtype=np.float64))
    best = int(np.argmax(probs))
    p = float(probs[best])
    if rule is not None:
        at = next((k for k, c in enumerate(cands) if c.features[_IS_RULE]), None)
        if at is None or probs[at] >= model.drop_threshold:
            return rule, float(probs[at]) if at is not None else 0.0
        return (cands[best].att, p) if best != at and p >= model.threshold else (None, p)
    if p < (model.short_threshold if short else model.threshold) or (short and named):
        return None, p
    return cands[best].att, p


_IS_RULE = FEATURES.index("is_rule")
