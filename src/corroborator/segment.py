"""Segment clean text into paragraphs and sentences, with character offsets.

Rules-based on purpose: news text has a small set of traps (``Oct. 3``,
``U.S. officials``, ``Gen. Valery Gerasimov``, ``"...," he said``, initials,
decimals) and a rule for each is easier to read and fix than a model.
A sentence never crosses a paragraph (line) break.
"""

from __future__ import annotations

import re

from corroborator.types import Span

# Abbreviations after which a period does not end a sentence.
_TITLES = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "sen",
    "sens",
    "rep",
    "reps",
    "gov",
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "cpt",
    "sgt",
    "cpl",
    "pvt",
    "adm",
    "cmdr",
    "brig",
    "gens",
    "st",
    "ste",
    "rev",
    "hon",
    "pres",
    "supt",
    "messrs",
    "fr",
    "insp",
    "det",
    "atty",
    "amb",
    "sec",
    "secy",
}
_ALWAYS = _TITLES | {
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "no",
    "nos",
    "vs",
    "v",
    "approx",
    "est",
    "dept",
    "univ",
    "ave",
    "blvd",
    "mt",
    "ft",
    "fig",
    "vol",
    "pp",
    "al",
    "e.g",
    "i.e",
    "cf",
    "ca",
    "inc",
    "corp",
    "co",
    "ltd",
    "jr",
    "sr",
    "bros",
    "op",
    "art",
    "para",
    "ch",
}
# Sentence starters that make a sentence break after "U.S." or "a.m." likely.
_STARTERS = {
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
    "his",
    "her",
    "their",
    "its",
    "there",
    "some",
    "many",
    "officials",
    "according",
}
# A run of end marks, its closing quotes or brackets, before white space. The look-behind starts a match only
# at the first mark of a run, and the possessive quantifiers never give marks back: a run of 20,000 dots with no
# space after it costs one pass, not one pass per dot (it was quadratic).
_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]++[\"”’')\]]*+(?=\s)")
# The word before a period, read from a bounded window before the cut (a word is never this long).
_WORD_BEFORE = re.compile(r"(?<![\w.'’-])([\w.'’-]+)\.[\"”’')\]]*$")
_NEXT_WORD = re.compile(r"[\"“‘'(\[]*([\w'’-]+)")
_SPACES = re.compile(r"\s*")
_WINDOW = 100


def paragraphs(text: str) -> list[Span]:
    """Each non-blank line is a paragraph; offsets exclude surrounding white space."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        chunk = m.group()
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if trail > lead:
            out.append(Span(m.start() + lead, m.start() + trail))
    return out


def sentences(text: str, paras: list[Span] | None = None) -> list[Span]:
    """Sentence spans in document order."""
    out: list[Span] = []
    for para in paras if paras is not None else paragraphs(text):
        out.extend(_split(text, para.start, para.end))
    return out


def _split(text: str, start: int, end: int) -> list[Span]:
    spans, sent_start = [], start
    chunk = text[start:end]
    for m in _BOUNDARY.finditer(chunk):
        cut = start + m.end()
        if _is_boundary(text, start, cut, m.group(), end):
            spans.append(Span(sent_start, cut))
            sent_start = cut
            while sent_start < end and text[sent_start].isspace():
                sent_start += 1
    if sent_start < end and text[sent_start:end].strip():
        spans.append(Span(sent_start, end))
    return spans


def _is_boundary(text: str, para_start: int, cut: int, mark: str, para_end: int) -> bool:
    # Only a bounded window on each side of the cut is read, so a paragraph of n sentences costs O(n), not O(n^2).
    spaces = _SPACES.match(text, cut, para_end)
    after = spaces.end() if spaces else cut
    rest = text[after : min(para_end, after + _WINDOW)]
    if not rest:
        return False
    nxt = rest[0]
    if nxt in "\"“‘'([":
        nxt = rest[1:2] or nxt
    if not (nxt.isupper() or nxt.isdigit()):
        return False
    if not mark.startswith("."):
        return True
    word_match = _WORD_BEFORE.search(text[max(para_start, cut - _WINDOW) : cut])
    if not word_match:
        return True
    word = word_match.group(1).lower().lstrip("'’(")
    next_word = _NEXT_WORD.match(rest)
    next_lower = next_word.group(1).lower() if next_word else ""
    if word in _ALWAYS:
        return False
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "John F. Kennedy"
    if "." in word:  # an acronym such as U.S. or a.m.: a break only before a usual sentence opener
        return next_lower in _STARTERS
    return True
