"""Is one quotation an altered version of another? (issue 13, item 1)

Two outlets quoting one statement rarely print the same characters: one cuts the quote short, one marks a
cut with an ellipsis, one splits it around "he said", one changes the quote marks, the case or the
punctuation. None of that changes what the speaker said, and a reader gains nothing from a flag. What does
matter is a changed word inside the stretch both outlets quote: a negation added or dropped, a number, a
name, a hedge hardened ("likely" -> "certain"), or another content word.

The comparison works on words (lower case, punctuation and quote marks dropped, contractions expanded):

1. **Same statement?** The two quotes must share, in order, at least ``MIN_SHARED`` of the shorter quote's
   words, with a run of ``MIN_RUN``. Different statements of one speaker share filler words ("we are going
   to") or a name, not most of their words; such pairs are not compared at all. Two renderings of one
   statement in different words (two translations) are not compared either: which words were said is
   not something the texts can settle. Between a copy and its original, with the same speaker named in
   both, half the words (``COPY_MIN_SHARED``) suffice: the copy was made from the original's quote, so a
   reworded quote there is the copy's change, not a second rendering.
2. **Truncation is agreement.** Words one quote has before the first or after the last shared word are
   outside the stretch both quote.
3. **Ellipsis is agreement.** Words missing from one quote at a place where it prints an ellipsis were cut
   and marked as cut.
4. **What is left** (a replaced word, or words silently added or dropped inside the shared stretch) is a
   change. A change of function words only ("the", "that", "and") is not reported: it does not change what
   was said, and independent outlets transcribing one recording differ that way.

Each change is classed (``negation``, ``number``, ``name``, ``hedge``, ``wording``) so that findings can rank
by how much it changes meaning.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

from corroborator.textutil import STOP_WORDS

MIN_RUN = 3  # a run of shared words that two quotes of one statement have
MIN_SHARED = 0.75  # ...within this share of the shorter quote's words shared, in order
COPY_MIN_SHARED = 0.5  # the same, between a copy and its original quoting one speaker: rewrites reword quotes

ELLIPSIS = "\u2026"
_TOKEN = re.compile(r"\.\s?\.\s?\.|\u2026|\[\s*\.\.\.\s*\]|[\w'’%$£€.,-]+")
_CONTRACTIONS = {
    "n't": " not",
    "'re": " are",
    "'ve": " have",
    "'ll": " will",
    "'m": " am",
    "'d": " would",
}
_IRREGULAR = {"won't": "will not", "can't": "can not", "cannot": "can not", "shan't": "shall not", "ain't": "is not"}
NEGATIONS = frozenset({"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without"})
# Hedges whose change turns a report into a fact or back ("expected to" -> "will", "alleged" -> "did"): a subset
# of HEDGES, which also holds quantifiers and belief verbs that matter inside a quote.
REPORT_HEDGES = frozenset(
    {"likely", "unlikely", "may", "might", "could", "would", "will", "possibly", "probably", "perhaps"}
    | {"certain", "certainly", "definitely", "expected", "alleged", "allegedly", "reportedly", "apparently"}
)
HEDGES = REPORT_HEDGES | frozenset(
    {
        "likely",
        "unlikely",
        "may",
        "might",
        "could",
        "would",
        "will",
        "shall",
        "must",
        "should",
        "can",
        "possibly",
        "probably",
        "perhaps",
        "certain",
        "certainly",
        "definitely",
        "maybe",
        "expected",
        "alleged",
        "allegedly",
        "reportedly",
        "apparently",
        "believe",
        "think",
        "suspect",
        "sure",
        "clearly",
        "always",
        "all",
        "some",
        "many",
        "few",
        "most",
    }
)
# Function words whose change alone does not change what was said (beside STOP_WORDS, minus what matters).
_TIME_ZONES = {"gmt", "utc", "pst", "pdt", "est", "edt", "cst", "cdt", "mst", "mdt", "et", "pt", "bst", "cet", "cest"}
_MINOR = (
    STOP_WORDS | _TIME_ZONES | {"just", "so", "well", "really", "very", "also", "then", "now", "um", "uh", "oh"}
) - (NEGATIONS | HEDGES)
CHANGE_RANK = {"negation": 1.0, "number": 0.95, "name": 0.9, "hedge": 0.85, "wording": 0.6}


@dataclass(frozen=True, slots=True)
class QuoteWords:
    """A quotation as compared: normalised words, their display forms, and where the quote marks a cut."""

    words: tuple[str, ...]
    shown: tuple[str, ...]  # the words as printed (case and attached punctuation kept), for the diff
    cuts: frozenset[int]  # word positions right after an ellipsis (0 = before the first word)


_CARDINALS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty"
)
_ORDINALS = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
)
_NUMBER_NAMES = {w: str(k) for k, w in enumerate(_CARDINALS.split())}
_ORDINAL_NAMES = {w: f"{k}th" for k, w in enumerate(_ORDINALS.split())}
_ORDINAL_NAMES.update({"first": "1st", "second": "2nd", "third": "3rd"})
_SPACED = re.compile(r"(\w) ?['’] ?(s|m|re|ve|ll|d|t)\b|(\w) - (\w)")  # tokenised text: "She ’ s", "11th - hour"


def _number_token(low: str) -> str:
    """Digits as one form: "1,500" -> "1500"; "21st" -> "21th" (times are rewritten before: "6:41pm" -> "1841")."""
    low = re.sub(r"(\d)(st|nd|rd)$", r"\1th", low)
    return low.replace(",", "")


_CLOCK = re.compile(r"\b(\d{1,2})(?:\s?[:.]\s?(\d{2}))?\s?([ap])\.?\s?m\b\.?", re.I)
_CLOCK24 = re.compile(r"\b(\d{1,2})\s?:\s?(\d{2})\b")


def _clock(m: re.Match[str]) -> str:
    hour = int(m.group(1)) % 12 + (12 if m.group(3).lower() == "p" else 0)
    return f"{hour:02d}{m.group(2) or '00'}"


def quote_words(text: str) -> QuoteWords:
    """The words of a quotation, normalised for comparison."""
    text = _CLOCK.sub(_clock, text)  # "6 p.m." / "6:00pm" / "18:00" are one time
    text = _CLOCK24.sub(lambda m: f"{int(m.group(1)):02d}{m.group(2)}", text)
    text = _SPACED.sub(lambda m: f"{m.group(1)}'{m.group(2)}" if m.group(1) else f"{m.group(3)}-{m.group(4)}", text)
    words: list[str] = []
    shown: list[str] = []
    cuts: set[int] = set()
    for m in _TOKEN.finditer(text.replace("’", "'")):
        token = m.group()
        if token in (ELLIPSIS,) or token.startswith("[") or re.fullmatch(r"\.\s?\.\s?\.", token):
            cuts.add(len(words))
            continue
        if token.endswith(("...", ELLIPSIS)):
            cuts.add(len(words) + 1)
        low = token.lower().strip(".,-'")
        if not low:
            continue
        if re.match(r"\d", low):
            parts = [_number_token(low)]
        else:
            low = _IRREGULAR.get(low, low)
            for short, long in _CONTRACTIONS.items():
                if low.endswith(short) and len(low) > len(short):
                    low = low[: -len(short)] + long
                    break
            low = re.sub(r"'s$", "", low)
            parts = [_NUMBER_NAMES.get(w, _ORDINAL_NAMES.get(w, w)) for w in low.replace("-", " ").split()]
        for part in parts:
            words.append(part)
            shown.append(token.strip('"“”«»,;:'))
    return QuoteWords(tuple(words), tuple(shown), frozenset(cuts))


@dataclass(frozen=True, slots=True)
class QuoteChange:
    """How quote ``b`` differs from quote ``a`` inside the stretch both quote.

    ``diff``: the word operations ({"op": "replace"|"delete"|"insert", "a": words, "b": words});
    ``kinds``: what the changed words are (``negation``, ``number``, ``name``, ``hedge``, ``wording``), most
    meaningful first; ``shared``: words the two quotes have in common, in order.
    """

    diff: tuple[dict[str, str], ...]
    kinds: tuple[str, ...]
    shared: int

    @property
    def weight(self) -> float:
        """How much the change alters meaning: the rank of its most meaningful kind."""
        return max((CHANGE_RANK[k] for k in self.kinds), default=0.0)


def same_statement(a: QuoteWords, b: QuoteWords, min_shared: float = MIN_SHARED) -> bool:
    """Do two quotations share enough, in order, to be one statement quoted twice?

    Most of the shorter quote's words (``MIN_SHARED``), in order, with a run of ``MIN_RUN`` words and two
    content words among them: a shared name ("the Endangered Species Act") or filler ("we are going to") alone
    does not make two statements one.
    """
    if not a.words or not b.words:
        return False
    blocks = SequenceMatcher(None, a.words, b.words, autojunk=False).get_matching_blocks()
    longest = max((blk.size for blk in blocks), default=0)
    shared = sum(blk.size for blk in blocks)
    content = sum(1 for blk in blocks for w in a.words[blk.a : blk.a + blk.size] if w not in STOP_WORDS)
    return longest >= MIN_RUN and content >= 2 and shared >= min_shared * min(len(a.words), len(b.words))


def compare_quotes(a: QuoteWords, b: QuoteWords, min_shared: float = MIN_SHARED) -> QuoteChange | None:
    """The change from ``a`` to ``b`` when they are one statement and differ in words that matter, else None.

    None means: a different statement (not comparable), or agreement (truncation, ellipsis, split, case,
    punctuation, quote marks, function words).
    """
    if not same_statement(a, b, min_shared):
        return None
    matcher = SequenceMatcher(None, a.words, b.words, autojunk=False)
    ops = matcher.get_opcodes()
    equal = [k for k, op in enumerate(ops) if op[0] == "equal"]
    if not equal:
        return None
    first, last = equal[0], equal[-1]
    # A word replaced at either end ("27 companies" / "57 companies") is a change, not a truncation: both
    # quotes print something there. Longer differing lead-ins or tails are two cuts of a longer statement.
    if first > 0 and ops[first - 1][0] == "replace" and _short_swap(ops[first - 1]):
        first -= 1
    if last < len(ops) - 1 and ops[last + 1][0] == "replace" and _short_swap(ops[last + 1]):
        last += 1
    diff: list[dict[str, str]] = []
    names: set[str] = set()
    for tag, i1, i2, j1, j2 in ops[first : last + 1]:
        if tag == "equal":
            continue
        if tag == "delete" and j1 in b.cuts:
            continue  # b marks the cut with an ellipsis
        if tag == "insert" and i1 in a.cuts:
            continue  # a marks the cut
        wa, wb = a.words[i1:i2], b.words[j1:j2]
        if all(w in _MINOR for w in (*wa, *wb)):
            continue  # function words only
        if tag == "replace" and _same_word(wa, wb):
            continue  # spelling: "realise" / "realize", "percent" / "%"
        diff.append({"op": tag, "a": " ".join(a.shown[i1:i2]), "b": " ".join(b.shown[j1:j2])})
        names |= _names(a, i1, i2) | _names(b, j1, j2)
    if not diff:
        return None
    # What changed is judged over the stretch both quote, so a negation that moves ("I feel we weren't" /
    # "I didn't feel we were") is not a negation dropped.
    ra = a.words[ops[first][1] : ops[last][2]]
    rb = b.words[ops[first][3] : ops[last][4]]
    kinds = _kinds(ra, rb, names)
    shared = sum(blk.size for blk in matcher.get_matching_blocks())
    return QuoteChange(tuple(diff), kinds, shared)


def _short_swap(op: tuple[str, int, int, int, int]) -> bool:
    _tag, i1, i2, j1, j2 = op
    return i2 - i1 == j2 - j1 <= 2


def _same_word(wa: tuple[str, ...], wb: tuple[str, ...]) -> bool:
    joined_a, joined_b = "".join(wa), "".join(wb)
    if joined_a == joined_b:
        return True  # "healthcare" / "health care"
    initials = lambda ws: "".join(w[0] for w in ws)  # noqa: E731
    if (len(wa) == 1 and len(wb) > 1 and wa[0] == initials(wb)) or (
        len(wb) == 1 and len(wa) > 1 and wb[0] == initials(wa)
    ):
        return True  # "IE" / "Internet Explorer"
    if {joined_a, joined_b} <= {"percent", "%", "per cent"} or (joined_a.rstrip("%") == joined_b.rstrip("%")):
        return True
    return (
        len(wa) == len(wb) == 1
        and SequenceMatcher(None, joined_a, joined_b).ratio() >= 0.85
        and not (joined_a.isdigit() or joined_b.isdigit())
    )


def _names(q: QuoteWords, i: int, j: int) -> set[str]:
    """Capitalised words of ``q.shown[i:j]`` that are not capitalised for starting a sentence."""
    out = set()
    for k in range(i, j):
        shown = q.shown[k]
        starts_sentence = k == 0 or q.shown[k - 1][-1:] in ".!?"
        if shown[:1].isupper() and not starts_sentence and q.words[k] not in STOP_WORDS:
            out.add(q.words[k])
    return out


def _kinds(ra: tuple[str, ...], rb: tuple[str, ...], names: set[str]) -> tuple[str, ...]:
    """What kinds of words differ between two stretches of one statement, most meaningful first."""

    def count(words: tuple[str, ...], keep: Callable[[str], bool]) -> Counter[str]:
        return Counter(w for w in words if keep(w))

    out = []
    if sum(count(ra, NEGATIONS.__contains__).values()) != sum(count(rb, NEGATIONS.__contains__).values()):
        out.append("negation")
    is_number = lambda w: bool(re.match(r"\d", w)) or w in _NUMBER_WORDS  # noqa: E731
    if count(ra, is_number) != count(rb, is_number):
        out.append("number")
    if names:
        out.append("name")
    if count(ra, HEDGES.__contains__) != count(rb, HEDGES.__contains__):
        out.append("hedge")
    return tuple(out) or ("wording",)


_NUMBER_WORDS = frozenset(
    [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "hundred",
        "thousand",
        "million",
        "billion",
        "trillion",
        "dozen",
        "dozens",
        "hundreds",
        "thousands",
        "millions",
        "half",
    ]
)
