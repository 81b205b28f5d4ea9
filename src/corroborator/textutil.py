"""Small text helpers every stage shares: one tokenizer, one stop-word list, one cheap name finder,
one article id, one sort key for articles without a date."""

from __future__ import annotations

import hashlib
import re

_WORD = re.compile(r"\w+")
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]+")

# Function words: they carry no content of their own (the paraphrase matcher's unmatched-word features).
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "them",
        "his",
        "her",
        "their",
        "we",
        "our",
        "you",
        "your",
        "i",
        "not",
        "no",
        "said",
        "says",
        "say",
        "has",
        "have",
        "had",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "also",
        "than",
        "then",
        "there",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "while",
        "after",
        "before",
        "over",
        "into",
        "about",
        "more",
        "most",
        "some",
    ]
)
# Words so common in news that they say nothing about which story an article tells (story clustering).
NEWS_STOP_WORDS = STOP_WORDS | frozenset(
    [
        "all",
        "can",
        "day",
        "days",
        "did",
        "do",
        "does",
        "first",
        "just",
        "last",
        "like",
        "new",
        "one",
        "out",
        "people",
        "time",
        "told",
        "two",
        "up",
        "week",
        "year",
        "years",
    ]
)

NO_DATE = "9999"  # sorts after every ISO date: undated articles come last


def words(text: str) -> list[str]:
    """Lower-cased runs of word characters: the tokenizer behind ids, shingles and word overlap."""
    return _WORD.findall(text.lower())


def capitalised_words(text: str) -> set[str]:
    """Capitalised words (lower-cased) except a sentence's first word, which is capitalised anyway."""
    tokens = _CAPITALISED.findall(text)
    first = {tokens[0].lower()} if tokens and not text.startswith(tokens[0]) else set()
    return {t.lower() for t in tokens[1:]} | first


def words_id(tokens: list[str]) -> str:
    """A stable 16-hex-digit id of a word sequence (from ``words``)."""
    return hashlib.sha1(" ".join(tokens).encode("utf-8")).hexdigest()[:16]


def text_id(text: str) -> str:
    """Stable id from a text's words: case, spacing and punctuation do not change it."""
    return words_id(words(text))


def date_key(published: str | None) -> str:
    """Sort key for a publication date; a missing date sorts last."""
    return published or NO_DATE
