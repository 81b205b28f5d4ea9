"""The facts in one sentence (a claim mention): quantities, dates, names, quotes, credited source.

Dates are absolute ("Oct. 3", "June 19", "September 2023") or relative ("on
Tuesday", "last week", "yesterday"), the relative ones resolved against the
article's publication date when it is known. Names are runs of capitalised
words with the title in front of them ("Defense Minister Kim Yong-hyun").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from corroborator.attribution import TITLE_WORDS, display_name
from corroborator.facts.quantities import Quantity, extract_quantities
from corroborator.types import Article, Attribution, Quote

_MONTHS = {
    m: k
    for k, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
CALENDAR_WORDS = frozenset(_MONTHS) | frozenset(_WEEKDAYS)  # month names, their abbreviations and weekdays
_MONTH_RE = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
_ABSOLUTE = re.compile(
    rf"\b(?P<month>{_MONTH_RE})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"
    rf"|\b(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH_RE})(?:\s+(?P<year2>(?:19|20)\d\d))?\b"
    rf"|\b(?P<month3>{_MONTH_RE})\s+(?P<year3>(?:19|20)\d\d)\b"
    r"|\b(?P<iso>(?:19|20)\d\d-\d\d-\d\d)\b"
)
_RELATIVE = re.compile(
    r"\b(?P<rel>yesterday|today|tonight|last week|last month|last year|this week|earlier this week|"
    r"(?:on |last |this |next )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
    re.I,
)
_NAME = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of|the|for|de|al|bin|von|van)?\s*[A-Z][\w'’.-]*)*")
_NOT_NAMES = {
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "this",
    "that",
    "these",
    "those",
    "but",
    "and",
    "or",
    "in",
    "on",
    "at",
    "as",
    "after",
    "before",
    "when",
    "while",
    "however",
    "meanwhile",
    "last",
    "earlier",
    "according",
    "some",
    "around",
    "about",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
}


@dataclass(frozen=True, slots=True)
class DateMention:
    text: str
    start: int
    end: int
    value: str | None  # ISO date, "YYYY-MM" for month and year, or None when it cannot be resolved
    relative: bool


@dataclass(frozen=True, slots=True)
class Name:
    text: str
    start: int
    end: int
    name: str  # without title or possessive place: "Kim Yong-hyun"
    title: str | None  # "Defense Minister"


@dataclass(frozen=True, slots=True)
class MentionFacts:
    quantities: tuple[Quantity, ...]
    dates: tuple[DateMention, ...]
    names: tuple[Name, ...]
    quotes: tuple[Quote, ...]
    attributions: tuple[Attribution, ...]


def _published(article: Article) -> date | None:
    try:
        return datetime.fromisoformat(article.meta.published or "").date()
    except ValueError:
        return None


def find_dates(text: str, offset: int, published: date | None) -> list[DateMention]:
    out = []
    for m in _ABSOLUTE.finditer(text):
        if m.group("iso"):
            value = m.group("iso")
        else:
            month_text = (m.group("month") or m.group("month2") or m.group("month3")).lower().rstrip(".")
            month = _MONTHS.get(month_text) or _MONTHS.get(month_text[:3])
            day = m.group("day") or m.group("day2")
            year = m.group("year") or m.group("year2") or m.group("year3")
            if year is None and published is not None:
                year = str(published.year)
            if month is None:
                continue
            if day is None:
                value = f"{year}-{month:02d}" if year else None
            else:
                value = f"{year}-{month:02d}-{int(day):02d}" if year else f"--{month:02d}-{int(day):02d}"
        out.append(DateMention(m.group(), offset + m.start(), offset + m.end(), value, relative=False))
    out.extend(
        DateMention(m.group(), offset + m.start(), offset + m.end(), _resolve(m.group("rel").lower(), published), True)
        for m in _RELATIVE.finditer(text)
    )
    return sorted(out, key=lambda d: d.start)


def _resolve(rel: str, published: date | None) -> str | None:
    if published is None:
        return None
    words = rel.split()
    if rel == "yesterday":
        return (published - timedelta(days=1)).isoformat()
    if rel in ("today", "tonight"):
        return published.isoformat()
    if rel == "last year":
        return str(published.year - 1)
    if rel == "last month":
        first = published.replace(day=1) - timedelta(days=1)
        return f"{first.year}-{first.month:02d}"
    if rel in ("last week", "this week", "earlier this week"):
        monday = published - timedelta(days=published.weekday() + (7 if rel == "last week" else 0))
        return f"week of {monday.isoformat()}"
    day = words[-1]
    if day in _WEEKDAYS:
        target = _WEEKDAYS.index(day)
        back = (published.weekday() - target) % 7
        if words[0] == "next":
            return (published + timedelta(days=(target - published.weekday()) % 7 or 7)).isoformat()
        if words[0] == "last" and back == 0:
            back = 7
        return (published - timedelta(days=back)).isoformat()  # news "on Tuesday" is the latest Tuesday
    return None


def find_names(text: str, offset: int) -> list[Name]:
    out = []
    for m in _NAME.finditer(text):
        phrase = m.group().strip()
        tokens = phrase.split()
        if m.start() == 0 and len(tokens) == 1:
            continue  # a sentence's first word
        if tokens[0].lower() in _NOT_NAMES:
            tokens = tokens[1:]
        if tokens and tokens[-1].endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+|[A-Z][a-z]{0,3}\.", tokens[-1]):
            tokens[-1] = tokens[-1][:-1]  # a full stop, not an initial or "Jr."
        if not tokens or all(t.lower().strip(".") in _NOT_NAMES for t in tokens):
            continue
        phrase = " ".join(tokens)
        start = offset + m.start() + m.group().index(tokens[0])
        name = display_name(phrase)
        title_words = [
            t for t in tokens[: len(tokens) - len(name.split())] if t.lower() in TITLE_WORDS or t[:1].isupper()
        ]
        title = " ".join(t for t in title_words if t.lower() in TITLE_WORDS) or None
        out.append(Name(phrase, start, start + len(phrase), name, title))
    return out


def mention_facts(article: Article, sentence: int) -> MentionFacts:
    span = article.sentences[sentence]
    text = article.text[span.start : span.end]
    quantities = tuple(
        Quantity(
            q.value,
            q.unit,
            q.dimension,
            q.surface,
            q.start + span.start,
            q.end + span.start,
            q.qualifier,
            q.low,
            q.high,
        )
        for q in extract_quantities(text)
    )
    return MentionFacts(
        quantities=quantities,
        dates=tuple(find_dates(text, span.start, _published(article))),
        names=tuple(find_names(text, span.start)),
        quotes=tuple(q for q in article.quotes if q.start < span.end and span.start < q.end),
        attributions=tuple(a for a in article.attributions if a.sentence == sentence),
    )
