"""Attributions: which source an article credits for what.

Found by cue words and the noun phrase next to them, sentence by sentence:
- a source before a cue: "Suspilne reported", "Intelligence officials cited by
  the broadcaster said", "Andrei Kovalenko, head of X, commented";
- a source after a cue: "according to X", "citing X", "cited by X",
  "as reported by X", "told Reuters", "..., said Mr. X".
A phrase counts as a source only when its head is a name, a pronoun or a
source noun ("officials", "the broadcaster", "a report"), which keeps
"this development follows reports that..." out.

Pronouns ("he stated") resolve to the last person named as a source before
them; role nouns ("the broadcaster said") to the last outlet credited.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Any

from rapidfuzz.distance import Indel

from corroborator.types import Attribution, Span

_CUES_AFTER_SOURCE = (
    "said|says|say|stated|states|told|tells|added|adds|noted|notes|claimed|claims|claim|announced|announces|"
    "confirmed|confirms|revealed|reveals|wrote|writes|warned|warns|indicated|indicates|indicate|suggested|"
    "suggests|suggest|acknowledged|acknowledges|commented|explained|explains|insisted|insists|argued|"
    "argues|alleged|alleges|estimated|estimates|predicted|predicts|reported|reports|report|testified|tweeted|"
    "posted|declared|declares|denied|denies|admitted|admits|mentioned|asserted|asserts|stressed|emphasized|"
    "emphasised|concluded|disclosed|has learned|have learned|learned|believes|believe|thinks|maintained|maintains|"
    "contended|recalled|replied|responded|answered|asked|urged|vowed|pledged|continued|observed|pointed out|"
    "quoted|cited|charged|complained|conceded|agreed|described"
)
_REPORT_CUES = {"reported", "reports", "report", "quoted", "cited", "has learned", "have learned", "learned"}
_AUX = (
    r"(?:(?:has|have|had|will|would|could|may|might|also|previously|later|reportedly|then|"
    r"earlier|recently|publicly|separately|further|first|again|last|just|not|never|privately|"
    r"once|repeatedly|frequently|often|initially|originally)\s+){0,3}"
)  # at most three ("has also previously said"): an unbounded run backtracks quadratically on "has has has ..."
# A source phrase sits within this many characters of its cue: every look-around is bounded by it, so a
# 100 KB "sentence" costs linear time instead of rescanning the sentence for each cue.
_WINDOW = 300
_CUE_RE = re.compile(rf"\b{_AUX}(?P<cue>{_CUES_AFTER_SOURCE})\b", re.I)
_RELAYED_RE = re.compile(r"\b(?:cited|quoted)\s+by\s+[^,]*$")  # searched with an end position: "$" is that end
_SOURCE_FIRST_RE = re.compile(
    r"\b(?P<cue>according to|citing|cited by|quoted by|as reported by|reported by|as reported in|reported in|"
    r"in an interview with|told)\s+",
    re.I,
)

# Words allowed inside a lowercase source phrase ("unnamed senior intelligence officials").
SOURCE_NOUNS = {
    "source",
    "sources",
    "official",
    "officials",
    "media",
    "outlet",
    "outlets",
    "broadcaster",
    "agency",
    "newspaper",
    "paper",
    "police",
    "ministry",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "authorities",
    "analysts",
    "analyst",
    "experts",
    "expert",
    "witnesses",
    "witness",
    "residents",
    "reports",
    "report",
    "intelligence",
    "military",
    "government",
    "army",
    "people",
    "lawmakers",
    "diplomats",
    "diplomat",
    "statement",
    "channel",
    "daily",
    "website",
    "network",
    "company",
    "aides",
    "aide",
    "officers",
    "commanders",
    "investigators",
    "prosecutors",
    "observers",
    "insiders",
    "campaign",
    "team",
    "office",
    "administration",
    "department",
    "service",
    "command",
    "staff",
    "group",
    "council",
    "committee",
    "study",
    "poll",
    "survey",
    "document",
    "documents",
    "filing",
    "data",
    "analysis",
    "memo",
    "letter",
    "complaint",
    "lawsuit",
    "indictment",
    "records",
    "emails",
    "pact",
    "treaty",
    "agreement",
    "milblogger",
    "blogger",
    "journalist",
    "journalists",
    "reporter",
    "reporters",
    "correspondent",
    "researchers",
    "scientists",
    "doctors",
    "voters",
    "supporters",
    "critics",
    "advocates",
    "representatives",
    "representative",
    "members",
    "leaders",
    "leader",
    "president",
    "minister",
    "secretary",
    "director",
    "chief",
    "head",
    "chairman",
    "governor",
    "senator",
    "spokespeople",
    "person",
    "persons",
    "individuals",
    "operative",
    "operatives",
    "adviser",
    "advisers",
    "advisor",
    "advisors",
    "officer",
    "allies",
    "ally",
    "counterparts",
    "commentators",
    "publication",
    "site",
    "tabloid",
    "wire",
    "press",
    "news",
    "broadcasters",
    "newspapers",
    "agencies",
    "medics",
    "rescuers",
    "firefighters",
    "troops",
    "soldiers",
    "forces",
    "prosecutor",
    "judge",
    "court",
    "lawyer",
    "lawyers",
    "attorney",
    "attorneys",
    "pollster",
    "pollsters",
    "economists",
    "economist",
    "campaigns",
    "candidate",
    "nominee",
}
_MODIFIERS = {
    "unnamed",
    "anonymous",
    "senior",
    "local",
    "state",
    "public",
    "other",
    "several",
    "two",
    "three",
    "four",
    "five",
    "some",
    "many",
    "western",
    "foreign",
    "military",
    "intelligence",
    "security",
    "defense",
    "defence",
    "government",
    "top",
    "former",
    "current",
    "independent",
    "regional",
    "national",
    "federal",
    "official",
    "social",
    "news",
    "russian",
    "ukrainian",
    "american",
    "broadcasting",
    "multiple",
    "unidentified",
    "knowledgeable",
    "familiar",
    "administration",
    "campaign",
    "party",
    "white",
    "house",
    "health",
    "medical",
    "emergency",
    "rescue",
    "police",
    "city",
    "county",
    "company",
    "industry",
    "u.s.",
    "eu",
    "un",
    "nato",
    "private",
    "online",
    "media",
    "press",
    "presidential",
    "vice",
    "longtime",
    "nonpartisan",
    "chief",
    "deputy",
    "assistant",
    "executive",
    "interim",
    "acting",
    "prominent",
    "political",
    "economic",
    "republican",
    "democratic",
    "conservative",
    "liberal",
    "progressive",
    "veteran",
    "leading",
    "outside",
    "both",
    "all",
}
_DETERMINERS = {"the", "a", "an", "another", "his", "her", "their", "its", "our", "one", "both", "these", "those"}
_CONNECTORS = {
    "of",
    "for",
    "and",
    "&",
    "de",
    "del",
    "da",
    "al",
    "bin",
    "von",
    "van",
    "der",
    "la",
    "le",
    "du",
    "on",
    "in",
}
_PRONOUNS = {"he", "she", "they", "i", "we", "it", "you"}
_CAP_STOP = {
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "what",
    "which",
    "who",
    "when",
    "while",
    "but",
    "and",
    "or",
    "however",
    "meanwhile",
    "also",
    "in",
    "on",
    "at",
    "after",
    "before",
    "last",
    "earlier",
    "later",
    "if",
    "as",
    "since",
    "although",
    "though",
    "because",
    "so",
    "yet",
    "then",
    "now",
    "today",
    "yesterday",
    "instead",
    "still",
    "moreover",
    "additionally",
    "overall",
    "despite",
    "according",
}
TITLE_WORDS = {
    "minister",
    "president",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "director",
    "chief",
    "head",
    "chairman",
    "chairwoman",
    "chair",
    "governor",
    "senator",
    "sen.",
    "rep.",
    "gen.",
    "general",
    "commander",
    "ambassador",
    "mayor",
    "leader",
    "premier",
    "ceo",
    "adviser",
    "advisor",
    "officer",
    "colonel",
    "col.",
    "lt.",
    "captain",
    "capt.",
    "sgt.",
    "admiral",
    "adm.",
    "deputy",
    "prosecutor",
    "judge",
    "attorney",
    "speaker",
    "milblogger",
    "analyst",
    "expert",
    "journalist",
    "reporter",
    "correspondent",
    "founder",
    "king",
    "queen",
    "pope",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "prof.",
    "professor",
    "candidate",
    "nominee",
    "lawmaker",
    "rabbi",
    "chancellor",
    "envoy",
    "coach",
    "manager",
    "executive",
    "staff",
    "lieutenant",
    "major",
    "sergeant",
    "engineer",
    "skipper",
    "pilot",
    "inspector",
    "detective",
    "superintendent",
    "councillor",
    "councilor",
}
_PREPOSITIONS = {
    "with",
    "of",
    "to",
    "from",
    "by",
    "for",
    "in",
    "on",
    "about",
    "amid",
    "despite",
    "following",
    "follows",
    "after",
    "before",
    "or",
    "than",
    "like",
    "over",
    "against",
    "into",
    "among",
    "between",
    "that",
    "which",
}
_ROLE_NOUNS = {
    "broadcaster",
    "outlet",
    "agency",
    "newspaper",
    "paper",
    "channel",
    "website",
    "publication",
    "daily",
    "site",
    "network",
    "tabloid",
    "wire",
}
# "Secretary of Defense Lloyd Austin": the "of X" after a title word belongs to the title.
_TITLE_OF = re.compile(
    r"\b((?i:" + "|".join(re.escape(t) for t in sorted(TITLE_WORDS)) + r"))\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w-]*"
)
_TOKEN = re.compile(r"[\w][\w.'’&-]*[\w.]|[\w]")
_ORG_WORDS = {
    "county",
    "province",
    "city",
    "district",
    "region",
    "state",
    "agency",
    "ministry",
    "council",
    "center",
    "centre",
    "directorate",
    "forces",
    "army",
    "news",
    "post",
    "times",
    "pravda",
    "press",
    "media",
    "channel",
    "service",
    "office",
    "department",
    "committee",
    "house",
    "party",
    "government",
    "kremlin",
    "pentagon",
    "reuters",
    "institute",
    "university",
    "bank",
    "group",
    "brigade",
    "command",
    "organization",
    "organisation",
    "union",
    "nations",
    "league",
    "court",
    "police",
    "association",
    "foundation",
}


@dataclass(frozen=True, slots=True)
class _Phrase:
    start: int  # offsets in the article text
    end: int
    text: str


def source_key(name: str) -> str:
    """Compare-key of a source name: no case, diacritics, punctuation or leading article."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[’']s\b", "", text)
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"^(?:the|a|an)\s+", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def display_name(phrase: str) -> str:
    """The name a phrase refers to: "South Korea's Defense Minister Kim Yong-hyun" -> "Kim Yong-hyun",
    "Ukrainian outlet LIGA" -> "LIGA", "the public broadcaster" -> "the public broadcaster"."""
    tokens = phrase.split()
    if not tokens:
        return phrase
    if "(" in phrase and ")" not in phrase:  # 'Mr. Burman (a view echoed by ...': the name ends at the parenthesis
        return display_name(phrase[: phrase.index("(")].strip())
    half = len(tokens) // 2
    if len(tokens) % 2 == 0 and half and tokens[:half] == tokens[half:]:
        return display_name(" ".join(tokens[:half]))  # "Microsoft Microsoft": a headline run into the text
    person_of = re.match(r"^((?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s+of\s+\S", phrase)
    if person_of and looks_like_person(re.sub(r"^(?:Mr|Mrs|Ms|Dr)\.?\s+", "", person_of.group(1))):
        left = person_of.group(1)
        if left.split()[0].rstrip(".") in {"Mr", "Mrs", "Ms", "Dr"} or len(left.split()) >= 2:
            return left  # "Larry Waldie of the sheriff's department", "Mr. Morgan of the Sierra Club"
    # Drop a leading possessive place ("South Korea's Yonhap News Agency").
    for idx, tok in enumerate(tokens[:-1]):
        if (
            tok.endswith(("’s", "'s"))
            and tokens[idx + 1][:1].isupper()
            and all(t[:1].isupper() for t in tokens[: idx + 1])
        ):
            tokens = tokens[idx + 1 :]
            break
    # "Secretary of Defense Lloyd Austin": the "of X" belongs to the title.
    joined = _TITLE_OF.sub(r"\1", " ".join(tokens))
    tokens = joined.split()
    lowered = [t.lower() for t in tokens]
    # "The Suspiline news outlet": a name followed by what it is.
    lead = 1 if lowered[0] in {"the", "a", "an"} else 0
    cap_end = lead
    while cap_end < len(tokens) and tokens[cap_end][:1].isupper():
        cap_end += 1
    if (
        lead < cap_end < len(tokens)
        and lowered[-1] in _ROLE_NOUNS
        and all(t in SOURCE_NOUNS | _MODIFIERS for t in lowered[cap_end:])
    ):
        return " ".join(tokens[lead:cap_end])
    last_title = max((i for i, t in enumerate(lowered[:-1]) if t in TITLE_WORDS), default=-1)
    if last_title >= 0 and all(t[:1].isupper() for t in tokens[last_title + 1 :]):
        return " ".join(tokens[last_title + 1 :])
    # A lowercase descriptor then a name ("Ukrainian outlet LIGA"); not "company of Ukraine".
    tail = len(tokens)
    while tail > 0 and (tokens[tail - 1][:1].isupper() or tokens[tail - 1][:1].isdigit()):
        tail -= 1
    if (
        0 < tail < len(tokens)
        and lowered[tail - 1] not in _CONNECTORS
        and (lowered[tail - 1] in SOURCE_NOUNS | _MODIFIERS or len(tokens) - tail >= 2)
    ):
        return " ".join(tokens[tail:])  # "trawler skipper Dan Mercer" -> "Dan Mercer"
    if lowered[0] in {"the", "a", "an"} and len(tokens) > 1 and tokens[1][:1].isupper():
        return " ".join(tokens[1:])
    return " ".join(tokens)


def _is_name(text: str) -> bool:
    tokens = text.split()
    return (
        1 <= len(tokens) <= 6
        and all(t[:1].isupper() or t.lower() in _CONNECTORS for t in tokens)
        and tokens[0][:1].isupper()
    )


def is_generic(name: str) -> bool:
    """An unnamed source: "Ukrainian intelligence sources", "officials", "the broadcaster", or a pronoun
    left unresolved."""
    if name.lower().strip(" .,") in _PRONOUN_LIKE:
        return True
    words = [w.lower().strip(".,") for w in name.split()]
    return all(w in SOURCE_NOUNS or w in _MODIFIERS or w in _DETERMINERS for w in words)


def looks_like_person(name: str) -> bool:
    tokens = name.split()
    if not 1 <= len(tokens) <= 4 or not all(t[:1].isupper() for t in tokens):
        return False
    return not any(t.lower().strip(".,’'s") in _ORG_WORDS for t in tokens)


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    out = []
    for m in _TOKEN.finditer(text[start:end]):
        tok, tok_end = m.group(), start + m.end()
        # A period ends the token only in abbreviations ("U.S.", "Gen."), not at a sentence end.
        if tok.endswith(".") and tok.count(".") == 1 and tok.lower() not in TITLE_WORDS:
            tok, tok_end = tok[:-1], tok_end - 1
        out.append((start + m.start(), tok_end, tok))
    return out


def _acceptable(tok: str, first: bool) -> bool:
    low = tok.lower()
    if tok[:1].isupper() or tok[:1].isdigit():
        return low not in _CAP_STOP or not first
    return low in SOURCE_NOUNS or low in _MODIFIERS or low in _CONNECTORS or low in _DETERMINERS


def _head_ok(tok: str) -> bool:
    low = tok.lower().rstrip(".")
    if low.endswith(("’s", "'s")):
        return False  # "Graham's comments came...": a possessive is not the speaker
    if low in _PRONOUNS:
        return True
    if tok[:1].isupper():
        return low not in _CAP_STOP and low not in _DETERMINERS
    return low in SOURCE_NOUNS


def phrase_before(text: str, sent_start: int, cue_start: int) -> _Phrase | None:
    """The source phrase that ends right before a cue, skipping an appositive
    (", head of X," or "—created by Y—") between the source and the cue."""
    sent_start = max(sent_start, cue_start - _WINDOW)
    left_end = cue_start
    while left_end > sent_start and text[left_end - 1] == " ":
        left_end -= 1
    if left_end > sent_start and text[left_end - 1] in ",—–":
        # "NAME, DESCRIPTION, said" or "NAME—DESCRIPTION—said": find the opening mark.
        closing = text[left_end - 1]
        opening_pos = max(
            text.rfind(",", sent_start, left_end - 1),
            text.rfind("—", sent_start, left_end - 1),
            text.rfind("–", sent_start, left_end - 1),
        )
        if opening_pos > sent_start:
            inner = text[opening_pos + 1 : left_end - 1].strip()
            before = _walk_back(text, sent_start, opening_pos)
            if before and inner and closing in ",—–":
                if _is_name(inner) and not _is_name(before.text):
                    inner_start = text.index(inner, opening_pos)
                    return _Phrase(inner_start, inner_start + len(inner), inner)
                return before
        return None
    return _walk_back(text, sent_start, left_end)


def _walk_back(text: str, sent_start: int, end: int) -> _Phrase | None:
    sent_start = max(sent_start, end - _WINDOW)
    while end > sent_start and text[end - 1] == " ":
        end -= 1
    toks = _tokens(text, sent_start, end)
    if not toks or toks[-1][1] != end:
        return None  # punctuation right before the cue: no phrase
    if toks[-1][2].lower() in _PRONOUNS:
        last = toks[-1]
        return _Phrase(last[0], last[1], last[2])
    chosen: list[tuple[int, int, str]] = []
    for idx in range(len(toks) - 1, -1, -1):
        s, e, tok = toks[idx]
        if chosen and text[e : chosen[0][0]].strip():  # punctuation between tokens ends the phrase
            break
        first = idx == 0 or text[toks[idx - 1][1] : s].strip() != ""
        if not _acceptable(tok, first and tok[:1].isupper()):
            break
        chosen.insert(0, (s, e, tok))
        if tok.lower() in _DETERMINERS:
            break
    while chosen and chosen[0][2].lower() in _CONNECTORS:
        chosen.pop(0)
    if not chosen or not _head_ok(chosen[-1][2]):
        return None
    if len(chosen) == 1 and chosen[0][2].lower() in _DETERMINERS:
        return None
    return _Phrase(chosen[0][0], chosen[-1][1], text[chosen[0][0] : chosen[-1][1]])


def phrase_after(text: str, start: int, sent_end: int) -> _Phrase | None:
    """The source phrase that starts at ``start`` ("according to <phrase>")."""
    sent_end = min(sent_end, start + _WINDOW)
    toks = _tokens(text, start, sent_end)
    chosen: list[tuple[int, int, str]] = []
    for s, e, tok in toks:
        if chosen and text[chosen[-1][1] : s].strip():
            break
        if not chosen and s != start and text[start:s].strip():
            break
        if not _acceptable(tok, False) or (chosen and tok.lower() in _DETERMINERS):
            break
        chosen.append((s, e, tok))
    while chosen and (chosen[-1][2].lower() in _CONNECTORS | _DETERMINERS):
        chosen.pop()
    if not chosen or not _head_ok(chosen[-1][2]):
        # "citing two union officials": a short phrase up to the clause end, headed by a source noun.
        m = re.match(
            r"((?:[\w’'-]+\s+){0,6}([\w’'-]+))(?=\s*[,.;:]|\s+(?:that|who|which|said|says)\b)", text[start:sent_end]
        )
        if m and m.group(2).lower() in SOURCE_NOUNS:
            return _Phrase(start, start + len(m.group(1)), m.group(1))
        return None
    phrase = _Phrase(chosen[0][0], chosen[-1][1], text[chosen[0][0] : chosen[-1][1]])
    # "Ukraine's public broadcaster, Suspilne, ..." names the source in an appositive.
    m = re.match(r",\s*([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,4}),", text[phrase.end : sent_end])
    if (m and not _is_name(display_name(phrase.text)) and not phrase.text[:1].isupper()) or (
        m and phrase.text.split()[-1].lower() in SOURCE_NOUNS
    ):
        s = phrase.end + m.start(1)
        return _Phrase(s, s + len(m.group(1)), m.group(1))
    return phrase


def extract_attributions(
    text: str, sentences: list[Span], quoted: list[Span] | None = None, docs: list[tuple[int, Any]] | None = None
) -> list[Attribution]:
    """Every attribution in an article, in text order, with pronouns and role nouns resolved.

    ``quoted`` spans are quotations: a cue inside one is the speaker's words
    ("Nobody has told us..."), not the article's attribution. ``docs`` are spaCy parses of its sentences
    (``parse_sentences``):
    with it, sources are the subjects of speech verbs (``parsed_attributions``), and the word-pattern
    rules add only the credits the parse has no verb for ("citing X", "X cited by Y") where they do not
    overlap a parsed source; without it, the rules alone.
    """
    found: list[Attribution] = []
    for index, sent in enumerate(sentences):
        # No cue word and no "Name:" before a quotation: no match, so skip the regex scans.
        if _RULE_WORDS & sentence_words(text, sent) or ":" in text[sent.start : min(sent.end, sent.start + 280)]:
            found.extend(_in_sentence(text, sent, index))
    if quoted:
        found = [a for a in found if not _inside_any(a, quoted)]
    found = [
        replace(a, content_start=c[0], content_end=c[1]) for a in found for c in [_rule_content(text, sentences, a)]
    ]
    if docs is not None:
        parsed = parsed_attributions(text, sentences, docs, quoted)
        found = _combine(parsed, found)
    if quoted:
        found.extend(signature_credits(text, sentences, quoted))
    found.sort(key=lambda a: (a.start, a.end))
    deduped: list[Attribution] = []
    seen: set[tuple[int, int, int]] = set()
    for att in found:
        # one credit per source mention and cue: "X told investors ..., adding ..." is two credits of one mention
        # (the second's content holds what was added); the same mention and cue found twice is one
        key = (att.source_start, att.source_end, att.end)
        if key in seen or (
            deduped
            and att.source_start == deduped[-1].source_start
            and att.source_end == deduped[-1].source_end
            and (att.cue == deduped[-1].cue or att.end == deduped[-1].end)
        ):
            continue
        seen.add(key)
        deduped.append(att)
    resolved = _resolve_references(deduped, text)
    # A pronoun resolved to a name that fails the checks stays a pronoun (a credit to no one named), not dropped.
    resolved = [
        replace(a, source=a.source_text, source_key=source_key(a.source_text))
        if a.source_text.lower() in _PRONOUN_LIKE and name_problem(a.source, text, a.source_start, a.source_end)
        else a
        for a in resolved
    ]
    # Precision first: a name a reader cannot verify is dropped, not shown. A pronoun left unresolved keeps
    # its span (the article does credit someone there) but names no one: ``sources`` gives it no id.
    return [
        a
        for a in resolved
        if (problem := name_problem(a.source, text, a.source_start, a.source_end)) is None or problem == "pronoun"
    ]


# '"..." ― Maria Lopez' / '"..."' then a paragraph '- Bernie Sanders.': a name signed under a quotation, ending its
# line, after a dash; a description may follow it (", Philadelphia", ", tweeting after the speech")
_SIGNATURE_RE = re.compile(
    r"[”\"'’»]{1,2}(?:[ \t\u00a0\n]{0,12}(?P<bar>[―—])|[ \t\u00a0\n]{1,12}(?P<dash>[–]|--?))[ \t\u00a0]{0,4}"
    r"(?P<name>[A-Z][\w.'’-]*(?:[ \t\u00a0]+[A-Z][\w.'’-]*){0,4}?)"
    r"(?:,[^\n]{1,80}?)?[ \t\u00a0.]{0,4}(?=\n|\Z)"
)


def signature_credits(text: str, sentences: list[Span], quoted: list[Span]) -> list[Attribution]:
    """A person's name signed under a quotation after a dash (a testimonial's or an epigraph's signature), where the
    name ends its line: the name speaks the quotation. Not a phrase that is not a person's name ('– Ready to quiz
    Trump –.'), nor a byline run on to the quote mark ('..."--Kim Lee.': a hyphen must be set apart; the quotation
    dash "―" and the em dash need not be). On PolNeAR train, of the 13 dash lines
    after a closing quote mark, the 7 person names set apart by a space or a line are the gold source; an outlet's
    credit line ("- Reuters.") is the cost."""
    out: list[Attribution] = []
    for q in quoted:
        m = _SIGNATURE_RE.match(text, q.end)  # every part of the pattern is bounded: ~200 characters at most
        if m is None:
            continue
        name = m.group("name").rstrip(".")
        start = m.start("name")
        end = start + len(name)
        if not looks_like_person(name) or name_problem(written_name(name), text, start, end) is not None:
            continue
        sentence = _sentence_index(sentences, start)
        if sentence is None:
            continue
        dash = "bar" if m.group("bar") else "dash"
        att = _make(_Phrase(start, end, name), m.group(dash), m.start(dash), end, "speech", sentence)
        out.append(replace(att, content_start=q.start, content_end=q.end))
    return out


def _rule_content(text: str, sentences: list[Span], att: Attribution) -> tuple[int, int]:
    if att.sentence is None or att.sentence >= len(sentences):
        return att.end, att.end
    return sentence_content(text, sentences[att.sentence], att.start, att.end)


_RELAY_CUES = {"citing", "cited by", "quoted by", "as reported by", "reported by", "as reported in", "reported in"}


def _combine(parsed: list[Attribution], rules: list[Attribution]) -> list[Attribution]:
    """The parse's attributions, plus the rules' relays ("citing X", "X cited by Y") where no parsed source
    overlaps them, and the rules' named sources in sentences where the parse credited no one (the small
    model misparses some: "The Kyiv Post and Interfax-Ukraine quoted ..."; on PolNeAR train, 150 articles,
    this adds 0.7 points of recall for 0.3 of precision). A relay the rules saw on a parsed source ("via")
    is kept on it."""
    spans = sorted((a.source_start, a.source_end) for a in parsed)
    parsed_sentences = {a.sentence for a in parsed}
    out = list(parsed)
    via = {(a.source_start, a.source_end): a.via for a in rules if a.via}
    out = [replace(a, via=via.get((a.source_start, a.source_end), a.via)) for a in out]
    for att in rules:
        k = bisect_right(spans, (att.source_start, 10**12)) - 1
        overlaps = any(s < att.source_end and att.source_start < e for s, e in spans[max(0, k - 2) : k + 3])
        empty = att.sentence not in parsed_sentences
        named = empty and _is_name(att.source_text)
        if att.cue.lower() == "in an interview with":
            continue  # the interviewer is not the source (PolNeAR credits whoever spoke in the interview)
        if not overlaps and (att.cue.lower() in _RELAY_CUES or att.cue == ":" or att.via or named):
            out.append(att)
    return out


def _inside_any(att: Attribution, spans: list[Span]) -> bool:
    """Whether the attribution lies inside one of ``spans`` (sorted, not overlapping): a bisect, not a scan."""
    k = bisect_right(spans, att.start, key=lambda span: span.start) - 1
    return k >= 0 and att.end <= spans[k].end


_COLON_SOURCE_RE = re.compile(r"(?P<src>[A-Z][\w.'’&-]*(?:[ \t]+[\w.'’&-]+){0,5}):[ \t]+(?=[\"“'‘]|``)")


_NOT_SPEAKER_LABELS = {
    "update", "note", "correction", "editor's note", "editor’s note", "watch", "read", "photos", "video", "breaking",
    "exclusive", "abstract", "related", "analysis", "opinion", "live", "q", "a", "transcript", "source", "sources",
    # headline kickers, not speakers ("The Latest: ...", "Bombshell: ...")
    "the latest", "latest", "bombshell", "just in", "just leaked", "leaked", "revealed", "confirmed", "busted",
    "shocking", "boom", "must watch", "must read", "fact check", "explainer", "first on cnn", "what's next",
}  # fmt: skip
_DASH_COLON_RE = re.compile(
    r"\s[-—–]\s*(?:More from\s+)?(?=[A-Z][\w.'’&-]*(?:[ \t]+[\w.'’&-]+){0,5}:[ \t]+(?:[\"“'‘]|``))"
)
# 'Trump: My plans are not set in stone.' (a headline), 'TAPPER: Do you think ...' (a transcript)
_COLON_LINE_RE = re.compile(r"(?P<src>[A-Z][\w.'’&-]*(?:[ \t]+[A-Z][\w.'’&-]*){0,3}):[ \t]+(?=[A-Z‘'\"“])")


def _headline_or_transcript(text: str, sent: Span) -> bool:
    """A sentence that is the article's first line (its headline: 'Name: what they said') or a line that opens
    with a speaker's name in capitals ('TAPPER: ...', a transcript)."""
    if text[sent.start - 1 : sent.start] not in ("", "\n"):
        return False
    if not text[: sent.start].strip():
        return True
    head = text[sent.start : min(sent.end, sent.start + 40)].split(":", 1)[0]
    return ":" in text[sent.start : min(sent.end, sent.start + 40)] and head.isupper() and len(head.split()) <= 3


def _in_sentence(text: str, sent: Span, index: int) -> list[Attribution]:
    out: list[Attribution] = []
    # 'Frank Newport and Jim Harter: "We found ..."', 'WSJ editorial: "..."': a name, a colon, a quotation
    colon = _COLON_SOURCE_RE.match(text, sent.start, min(sent.end, sent.start + 80))
    if colon is None:  # 'TURNOUT IN IOWA - Michael Lee: "..."': a name after a dash (a digest's headline)
        dash = _DASH_COLON_RE.search(text, sent.start, min(sent.end, sent.start + 200))
        colon = _COLON_SOURCE_RE.match(text, dash.end(), min(sent.end, dash.end() + 80)) if dash else None
    if colon is None and _headline_or_transcript(text, sent):
        colon = _COLON_LINE_RE.match(text, sent.start, min(sent.end, sent.start + 60))
    if colon:
        words = colon.group("src")
        said = re.match(r"(?:Said|Says|Added|Asked|Wrote|Writes)\s+", words)  # 'Said Ellis: "..."'
        if said:
            words = words[said.end() :]
        if words.lower().strip(" .") in _NOT_SPEAKER_LABELS or re.search(r"['’]s\b|\s(?:In|Out|Up|Down|Back)$", words):
            words = ""  # "Monday's Morning Email: ...", "Clinton Wades In: ...": a kicker or a verb, not a speaker
        if words and (_is_name(words) or (words.split()[-1].lower() in SOURCE_NOUNS and words[:1].isupper())):
            start = colon.start("src") + (said.end() if said else 0)
            named = _Phrase(start, start + len(words), words)
            out.append(_make(named, ":", named.start, colon.end("src") + 1, "speech", index))
    for m in _SOURCE_FIRST_RE.finditer(text, sent.start, sent.end):
        cue = m.group("cue").lower()
        phrase = phrase_after(text, m.end(), sent.end)
        if phrase is None or (cue == "told" and not phrase.text[:1].isupper()):
            continue
        if phrase.text.lower() in _PRONOUNS and cue != "according to":
            continue
        kind = "speech" if cue == "told" else "report"
        out.append(_make(phrase, cue, m.start("cue"), max(phrase.end, m.end("cue")), kind, index))
        # "sources cited by LIGA": the relaying outlet is a source of its own.
        tail = re.match(r"\s+(cited by|quoted by)\s+", text[phrase.end : min(sent.end, phrase.end + _WINDOW)])
        if tail:
            relay = phrase_after(text, phrase.end + tail.end(), sent.end)
            if relay:
                out[-1] = replace(out[-1], via=display_name(relay.text))
                out.append(_make(relay, tail.group(1), phrase.end + tail.start(1), relay.end, "report", index))
    for m in _CUE_RE.finditer(text, sent.start, sent.end):
        cue = m.group("cue")
        if not cue.islower():
            continue  # "The United States", "Reports" at a sentence start are not cues
        if cue in {"cited", "quoted", "reported"} and re.match(r"\s+(?:by|in)\b", text[m.end() : m.end() + 8]):
            continue  # passive: handled with the phrase it belongs to
        cue_start = m.start()
        lo = max(sent.start, cue_start - _WINDOW)
        inner = _RELAYED_RE.search(text, lo, cue_start)
        if inner:
            # "Intelligence officials cited by the broadcaster said": the officials speak, relayed.
            head = _walk_back(text, sent.start, inner.start())
            relay = phrase_after(text, inner.start() + len(inner.group().split(" by ")[0]) + 4, cue_start)
            if head and relay:
                out.append(
                    replace(_make(head, cue, cue_start, m.end(), _kind(cue), index), via=display_name(relay.text))
                )
            continue
        phrase = phrase_before(text, sent.start, cue_start)
        if phrase is None:
            phrase = _inverted(text, m.end(), sent, cue)
            if phrase is None:
                continue
            out.append(_make(phrase, cue, m.start("cue"), phrase.end, _kind(cue), index))
            continue
        if (
            cue in {"report", "show", "shows", "found", "agreed", "continued", "asked", "answered", "cited", "quoted"}
            and phrase.text.lower() in _PRONOUNS
        ):
            continue
        previous = re.search(r"(\w+)\W*$", text[max(sent.start, phrase.start - 40) : phrase.start])
        if previous and previous.group(1).lower() in _PREPOSITIONS:
            continue  # "follows reports that", "on intelligence reports that": a noun, not a cue
        if cue == "report" and not phrase.text[:1].isupper() and phrase.text.split()[-1].lower() not in SOURCE_NOUNS:
            continue
        # "The Kyiv Post and Interfax-Ukraine quoted ...": one attribution per coordinated name.
        out.extend(
            _make(part, cue, min(part.start, cue_start), m.end(), _kind(cue), index)
            for part in _split_coordination(text, phrase)
        )
    return out


def _inverted(text: str, cue_end: int, sent: Span, cue: str) -> _Phrase | None:
    """ ", said Mr. Smith" / "," states the pact": the source follows the cue."""
    if cue not in {
        "said",
        "says",
        "added",
        "adds",
        "stated",
        "states",
        "wrote",
        "writes",
        "noted",
        "told",
        "explained",
        "asked",
        "continued",
        "warned",
        "declared",
        "insisted",
        "replied",
    }:
        return None
    before = text[max(sent.start, cue_end - _WINDOW) : cue_end].rstrip()
    lead = before[: len(before) - len(cue)].rstrip()
    if not lead.endswith((",", "”", '"', "’", "'")):
        return None
    # ", said trawler skipper Dan Mercer": a short lowercase descriptor may precede the name.
    after = text[cue_end : min(sent.end, cue_end + _WINDOW)]
    m = re.match(r"\s+((?:[a-z][\w-]*\s+){0,3}[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})", after)
    if m and m.group(1).split()[0].lower() not in _DETERMINERS | _PREPOSITIONS:
        found = m.group(1)
        if found.endswith(".") and not re.search(r"(?:\b[A-Z]|Jr|Sr)\.$", found):
            found = found[:-1]  # the sentence's full stop, not an abbreviation
        start = cue_end + m.start(1)
        # ", said Kenneth Baer, a former official who runs X." : the source as written includes the appositive.
        appositive = re.match(
            r",\s+(?:a|an|the|his|her|their|its|who|one|head|director|chairman|president|chief)\b[^,.;]*(?:,(?=\s))?",
            text[start + len(found) : min(sent.end, start + len(found) + _WINDOW)],
        )
        if appositive:
            return _Phrase(start, start + len(found) + appositive.end(), found + appositive.group())
        return _Phrase(start, start + len(found), found)
    phrase = phrase_after(text, cue_end + 1, sent.end)
    if phrase and phrase.text.lower() not in _PRONOUNS:
        return phrase
    return None


def _split_coordination(text: str, phrase: _Phrase) -> list[_Phrase]:
    parts = re.split(r"\s+and\s+", phrase.text)
    if len(parts) != 2 or not all(_is_name(p) for p in parts):
        return [phrase]
    first, second = parts
    second_start = phrase.start + phrase.text.rindex(second)
    return [
        _Phrase(phrase.start, phrase.start + len(first), first),
        _Phrase(second_start, second_start + len(second), second),
    ]


def _kind(cue: str) -> str:
    return "report" if cue in _REPORT_CUES else "speech"


def written_name(source_text: str) -> str:
    """The name a source mention gives, as written: without an appositive after it ("Andrei Kovalenko, head
    of X," -> "Andrei Kovalenko"), or the appositive when that is the name ("the public broadcasting company
    of Ukraine, Suspilne," -> "Suspilne")."""
    parts = [p.strip() for p in source_text.split(",") if p.strip()]
    name = display_name(parts[0]) if parts else source_text
    if len(parts) > 1 and not _is_name(name) and _is_name(parts[1]):
        name = display_name(parts[1])
    if looks_like_person(name):
        return name
    for part in parts[1:]:
        # "Harrison County, Miss., coroner Gary Hargrove": a title and a person's name after a place
        m = re.fullmatch(
            r"(?:(?!(?:of|for|at|in|from|with|the)\b)[a-z][\w-]*\s+){1,3}([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3})",
            part,
        )
        if m and looks_like_person(m.group(1)):
            return m.group(1)
        # "The Harrison County, Miss., coroner, Gary Hargrove" (a tokenised corpus): the person's name alone
        if len(part.split()) >= 2 and _is_name(part) and looks_like_person(display_name(part)):
            return display_name(part)
    return name


def _make(phrase: _Phrase, cue: str, start: int, end: int, kind: str, sentence: int) -> Attribution:
    name = written_name(phrase.text)
    return Attribution(
        source=name,
        source_key=source_key(name),
        cue=cue,
        start=min(start, phrase.start),
        end=max(end, phrase.end),
        source_text=phrase.text,
        source_start=phrase.start,
        source_end=phrase.end,
        kind=kind,
        sentence=sentence,
    )


_PERSON_NAME = re.compile(r"\b([A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*){1,2})\b")


# Words no person's name holds, though a sentence may open with them before one ("All SEACOM customers ...": not a
# person "All Seacom" whose surname a lone "Seacom said" would take).
_NOT_IN_NAMES = _DETERMINERS | {"all", "every", "each", "some", "many", "most", "no", "any", "several", "few"}


def _person_names(text: str) -> list[tuple[int, str]]:
    """Person-looking names (two or three capitalised words) with where they start."""
    names = []
    for m in _PERSON_NAME.finditer(text):
        found = m.group(1)
        if text[max(0, m.start() - 3) : m.start()] == "of " and len(found.split()) >= 3:
            found = found.split(" ", 1)[1]  # "Secretary of State Jon Husted": "State" belongs to the title
        name = display_name(found)
        if (
            len(name.split()) >= 2
            and looks_like_person(name)
            and not any(w.lower() in _CAP_STOP | TITLE_WORDS | _NOT_IN_NAMES for w in name.split())
        ):
            names.append((m.start(), name))
    return names


_PRONOUN_LIKE = {
    "he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "us", "me", "his", "their", "dozens",
    "hundreds", "thousands", "scores", "several",
    "someone", "somebody", "anyone", "anybody", "everyone", "everybody", "no one", "nobody", "all", "some",
    "many", "most", "others", "few", "both", "each", "either", "neither", "not everyone", "one", "none",
    "this", "that", "these", "those", "who", "which", "what",
}  # fmt: skip
_ABBREVIATIONS = {"dist", "atty", "del", "gov", "msgr", "rev", "sen", "rep", "dr", "mr", "mrs", "ms", "jr", "sr", "st"}
_ABSTRACT_HEADS = {
    "fact", "move", "speculation", "thing", "things", "idea", "way", "reason", "problem", "question", "issue",
    "point", "result", "time", "day", "year", "week", "decision", "news", "word", "talk", "rumors", "rumours",
    "reaction", "phrase", "index", "mode", "promises", "promise", "comments", "remarks", "information",
}  # fmt: skip
_WEEKDAYS_MONTHS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "today", "yesterday", "tomorrow", "tonight",
}  # fmt: skip


_GERUNDS = {
    "having", "being", "according", "saying", "speaking", "including", "following", "adding", "noting", "citing",
    "asking", "writing", "referring", "pointing", "responding", "explaining", "describing", "arguing", "during",
}  # fmt: skip


def _gerund(low: str, text: str | None) -> bool:
    """A lone word in -ing is a verb ("Having said that") unless it is a name ("Ebeling said"): a verb form is
    common or also written in lowercase in the same article; a surname is not."""
    if not low.endswith("ing"):
        return False
    return low in _GERUNDS or text is None or re.search(rf"\b{re.escape(low)}\b", text) is not None


_MONTH_SURNAMES = {"may", "june", "april", "august"}  # months that are also names


# Collective nouns that stand bare for a body of people, as plurals do ("..., police said."; "personnel told the
# paper"): a source, where a bare singular noun ("lawyer says" in a headline) is not.
_COLLECTIVE = {"police", "personnel"}


def _surname_in(name: str, text: str | None) -> bool:
    """Whether a capitalised title word alone ("King", "Judge", "Speaker") is a surname: the article names a
    person with it ("Tishana King ... King told The News"), the name before it no title of its own."""
    if text is None or not name[:1].isupper() or "." in name:
        return False
    for m in re.finditer(rf"\b([A-Z][a-z]+)\s+{re.escape(name)}\b", text):
        if m.group(1).lower() not in TITLE_WORDS and m.group(1).lower() not in {"the", "a", "an"}:
            return True
    return False


def name_problem(name: str, text: str | None = None, start: int = 0, end: int = 0) -> str | None:
    """Why a source name is not one a reader can verify, or None when it is.

    A pronoun or quantifier left unresolved ("he", "someone", "all"), a title or abbreviation alone ("Dr",
    "Dist"), a date word, a fragment (a name cut at a hyphen or ending in an initial, "Gilford T"), a run of
    capitals from a headline, a web address, an abstract noun ("the fact"), a gerund ("Having").
    """
    words = name.split()
    low = name.lower().strip(" .,")
    if not words or low in _PRONOUN_LIKE or low.removeprefix("the ") in _PRONOUN_LIKE:
        return "pronoun"
    last = words[-1].lower().strip(".,")
    if low in _WEEKDAYS_MONTHS or (
        last in _WEEKDAYS_MONTHS and (last not in _MONTH_SURNAMES or (len(words) > 1 and words[-2].islower()))
    ):
        return "date"  # "Long on Monday", "on May"; not "Yin Myint May" or "Theresa May"
    if len(words) == 1 and (
        low.rstrip(".") in _ABBREVIATIONS
        or (low.rstrip(".") in TITLE_WORDS and not _surname_in(name, text))
        or (len(low) <= 2 and not name.isupper())
        or _gerund(low, text)
    ):
        return "title, abbreviation or verb alone"
    if len(words) > 1 and len(words[-1].rstrip(".")) == 1 and words[-1][:1].isupper():
        return "fragment (ends in an initial)"
    if len(low) == 1:
        return "a letter"
    if not name[:1].isalnum():
        return "markup or punctuation"
    if words[0].lower() in {"my", "our", "your"}:
        return "first or second person"
    lowered = [w.lower().strip(",") for w in words]
    if any(
        w in {"he", "she", "they", "i", "we", "him", "them"}
        # "her" before a noun is a possessive ("sources close to her campaign", "her lawyers"), as "his" is
        or (w == "her" and (k == len(lowered) - 1 or lowered[k + 1] in {"and", "or"}))
        for k, w in enumerate(lowered)
    ):
        return "pronoun in a coordination"
    if (
        len(words) == 1
        and name.islower()
        and not low.endswith("s")
        and low not in _COLLECTIVE
        and re.search(r"[aeiou]", low)
    ):
        return "a bare common noun"  # "lawyer says" in a headline: whose lawyer? ("nyt" has no vowel: an acronym)
    if re.search(r"\w\s+-\s+[A-Z]", name) or any(w[-1] in "'’" and not w.endswith(("s'", "s’")) for w in words):
        return "fragment (two names run together or a cut quotation mark)"
    if len(words[0]) == 1 and words[0].islower() and words[0] != "a":  # "a former official" is whole
        return "fragment (starts mid-word)"
    if len(words) >= 2 and all(w.isupper() for w in words if any(c.isalpha() for c in w)):
        return "headline capitals"
    if "/" in name or re.search(r"\bcom\b", low):
        return "web address"
    if words[-1].lower() in _ABSTRACT_HEADS and not words[-1][:1].isupper():
        return "abstract noun"  # "the news", not "CBS News" or "Fox News"
    if text is not None and end:
        after = text[end : end + 3].lstrip(" ")
        before = text[max(0, start - 6) : start].rstrip(" ")
        # "O'" + "Brien" is a cut name; ",'' Mr. Coll said" and ",’ said X" follow a closing quote mark
        if (
            after.startswith("-")
            or re.search(r"[a-z.]\s?-$", before)
            or re.search(r"(?:^|[^\w])[A-Za-z]{1,2} ?['’]$", before)
        ):
            return "fragment (cut at a hyphen or apostrophe)"
    return None


def _other_person_between(text: str, people: list[tuple[int, str]], start: int, end: int, person: str) -> bool:
    """Whether another person is named between a credit and a pronoun: then "he" may be that one. A name
    counts as a person's when a title or honorific precedes it ("Mr. Olson", "President Ban Ki-moon");
    two capitalised words alone may be a place ("North Korea")."""
    lo = bisect_right(people, max(start, end - 2000), key=lambda p: p[0])  # bounded: linear in the article
    for pos, name in people[lo : bisect_right(people, end, key=lambda p: p[0])]:
        if name == person or name in person:
            continue
        before = text[max(0, pos - 30) : pos].split()
        first = text[pos : pos + 30].split()[:1]
        if (before and before[-1].lower().strip(",") in TITLE_WORDS) or (first and first[0].lower() in TITLE_WORDS):
            return True  # "Mr. Olson", "Mayor Ann Lee"
    return False


# Not "his"/"her": next to a name they are possessives of someone else ("her agent Mark Roesler").
_MALE = {"mr", "mr.", "he", "him", "spokesman", "chairman", "father", "son", "brother", "husband", "king", "sir"}
_FEMALE = {
    "ms", "ms.", "mrs", "mrs.", "miss", "she", "spokeswoman", "chairwoman", "mother", "daughter",
    "sister", "wife", "queen", "actress", "congresswoman", "businesswoman",
}  # fmt: skip


def _gender_shown(source_text: str, text: str, start: int) -> str | None:
    """ "m" or "f" when the mention or the words just before it say so ("Mr. Olson", "spokeswoman Ann Lee")."""
    words = re.findall(r"[\w.]+", (text[max(0, start - 25) : start] + " " + source_text).lower())
    male = any(w in _MALE for w in words)
    female = any(w in _FEMALE for w in words)
    return "m" if male and not female else "f" if female and not male else None


def _resolve_references(atts: list[Attribution], text: str) -> list[Attribution]:
    """Resolve pronouns and role nouns to the names credited before them in the same article.

    A pronoun takes the nearest person credited as a speaker whose gender agrees (where the text shows it:
    "Mr.", "spokeswoman", a pronoun used for them before) and with no other titled person named between
    them; a lone surname takes the full name written earlier, unless two people share it.
    """
    out: list[Attribution] = []
    people = _person_names(text) if atts else []
    # Attributions come in text order, so the people named before each one are a growing prefix of
    # ``people``: one pointer walks it (linear), keeping the last name seen and the last full name per surname.
    seen = 0
    last_named: str | None = None
    by_surname: dict[str, str] = {}
    credited_people: list[tuple[str, int]] = []  # (name, end of the credit), in text order
    possessed: dict[str, str] = {}  # "f" for "her agent X", "m" for "his lawyer X"
    gender: dict[str, str] = {}  # "m" / "f" where the text shows it (Mr., Ms., spokeswoman, a pronoun used)
    last_outlet: str | None = None
    last_body: str | None = None  # the last organisation or publication credited by name (no person since)
    last_named_source: str | None = None
    ambiguous: set[str] = set()
    full_names: dict[str, str] = {}
    for att in atts:
        while seen < len(people) and people[seen][0] < att.start:
            last_named = people[seen][1]
            surname = last_named.split()[-1].lower()
            if by_surname.get(surname, last_named) != last_named:
                ambiguous.add(surname)  # "Bill Clinton" and "Hillary Clinton": "Clinton" stays as written
            by_surname[surname] = last_named
            seen += 1
        low = att.source_text.lower()
        words = low.split()
        name = att.source
        if low in {"he", "she"}:
            # the nearest credited person whose gender (when the text shows it) agrees, unless someone else
            # is named between them; the last named person only when the article has named just one so far
            wanted = "m" if low == "he" else "f"
            # "her agent Mark Roesler said ... she": a person introduced as someone's ("her agent") is not that
            # someone, so "she" does not go back to him
            compatible = [
                p
                for p in reversed(credited_people[-6:])
                if gender.get(p[0], wanted) == wanted and possessed.get(p[0]) != wanted
            ]
            if compatible and not _other_person_between(text, people, compatible[0][1], att.start, compatible[0][0]):
                name = compatible[0][0]
            elif not credited_people and len(set(by_surname.values())) == 1 and last_named:
                name = last_named
        elif (low == "it" or (len(words) == 2 and words[0] == "the" and words[1] in _ROLE_NOUNS)) and last_outlet:
            name = last_outlet
        elif low == "it" and last_body:
            name = last_body  # '"...," it added' after a credit to a paper or a body not read as an outlet
        elif low == "the source" and last_named_source:
            name = last_named_source  # singular, definite: the last singular source credited, when it has a name
        elif looks_like_person(name) and len(name.split()) == 1:
            # "Kovalenko added" after "Andrei Kovalenko"
            surname = name.lower()
            if surname not in ambiguous:
                name = full_names.get(surname) or by_surname.get(surname) or name
        via = att.via
        if via and via.lower().startswith("the ") and via.split()[-1].lower() in _ROLE_NOUNS and last_outlet:
            via = last_outlet
        att = replace(att, source=name, source_key=source_key(name), via=via)
        out.append(att)
        if looks_like_person(name) and att.kind == "speech" and not any(w in TITLE_WORDS for w in name.lower().split()):
            credited_people.append((name, att.end))
            before_name = att.source_text[: max(0, att.source_text.find(name.split()[0]))]
            owner = re.search(r"\b(his|her)\s+(?:[\w-]+[\s,]+){0,3}$", before_name)
            if owner:
                possessed.setdefault(name, "m" if owner.group(1) == "his" else "f")
            shown = _gender_shown(att.source_text, text, att.source_start)
            if shown and low not in {"he", "she"}:
                gender.setdefault(name, shown)
            elif low in {"he", "she"}:
                gender.setdefault(name, "m" if low == "he" else "f")
            if len(name.split()) > 1:
                full_names[name.split()[-1].lower()] = name
        if att.kind == "report" and att.source[:1].isupper() and not is_generic(att.source):
            last_outlet = att.source
        # (a name written after "the" is no person's: "the Harbour Gazette", "The Advocate")
        the_name = att.source_text.lower().startswith("the ") and att.source[:1].isupper()
        if att.source[:1].isupper() and not is_generic(att.source) and (the_name or not looks_like_person(att.source)):
            last_body = att.source
        elif looks_like_person(att.source):
            last_body = None  # a person credited since: "it" no longer clearly means the body
        if name[:1].isupper() and not is_generic(name) and " and " not in name:
            last_named_source = name
        elif is_generic(name) and not name.lower().endswith("s"):
            last_named_source = None  # "a source said ... the source added": the same unnamed source
    return out


def merge_spelling_variants(keys: list[str], threshold: float = 0.85) -> dict[str, str]:
    """Map each source key to a canonical spelling shared across articles.

    "suspiline" and "suspilne" are one outlet spelt two ways; keys of five or more
    characters that differ by a small edit are merged into the most frequent one.
    """
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    canonical: dict[str, str] = {}
    heads: dict[str, list[str]] = {}  # canonical keys by first letter: variants share it
    for key in sorted(counts, key=lambda k: (-counts[k], k)):
        target = key
        if len(key) >= 5:
            for other in heads.get(key[0], []):
                if (
                    abs(len(other) - len(key)) <= 3
                    # 2 x LCS / total bounds difflib's ratio from above (its matching blocks are a common
                    # subsequence), in C: most pairs stop here; the ratio itself still decides
                    and Indel.normalized_similarity(key, other, score_cutoff=threshold - 1e-9)
                    and SequenceMatcher(None, key, other).ratio() >= threshold
                ):
                    target = other
                    break
        canonical[key] = target
        if target == key and len(key) >= 5:
            heads.setdefault(key[0], []).append(key)
    return canonical


# --- With a dependency parse (spaCy): the subject of a speech verb is the source ---------------------------
# Verbs whose subject is credited whatever follows them ("X said.", '"...," X added').
_SPEECH_LEMMAS = {
    "say", "tell", "add", "write", "note", "report", "state", "explain", "claim", "announce", "argue", "insist",
    "warn", "reply", "respond", "ask", "tweet", "continue", "testify", "acknowledge", "admit", "deny", "confirm",
    "reveal", "declare", "recall", "concede", "complain", "urge", "predict", "comment", "stress", "emphasize",
    "emphasise", "disclose", "allege", "assert", "mention", "indicate", "suggest", "estimate", "contend",
    "maintain", "observe", "quote", "cite", "charge", "agree", "describe", "obtain", "learn",
}  # fmt: skip
# Verbs of belief or finding: credited only with a reported clause ("X believes that ...").
_CLAUSE_LEMMAS = {
    "believe", "think", "find", "show", "conclude", "expect", "fear", "worry", "hope", "recount", "understand",
    "remember", "recognize", "recognise",
}  # fmt: skip
# Verbs of stance (PolNeAR credits "X endorsed Y", "X called Y a liar", "X wants ..."): credited only when their
# subject is someone who can hold a stance (a person, organisation or group, a pronoun, a source noun), so "the
# bill supports ..." credits no one. Chosen by their precision on PolNeAR train (250 articles, seed 11): "want",
# "back", "support", "welcome", "favor", "demand", "criticize", "know", "see" matched the gold source under 55% of
# the time and are left out.
_STANCE_LEMMAS = {
    "call", "endorse", "seek", "accuse", "vow", "oppose", "promise", "decline", "defend", "question", "refuse",
    "offer", "propose", "denounce", "blast", "attack", "pledge", "reject", "praise", "blame", "threaten", "dismiss",
    "tout", "slam", "boast", "assure", "recommend", "reiterate", "echo", "concede", "remark", "lament", "mock",
    "condemn", "applaud", "thank", "challenge", "dispute", "email", "describe", "dub",
}  # fmt: skip
_ALL_CUE_LEMMAS = _SPEECH_LEMMAS | _CLAUSE_LEMMAS | _STANCE_LEMMAS
_NOT_SOURCES = {"who", "that", "which", "it", "you", "this", "there", "what", "these", "those", "something"}
_RELATIVE = {"who", "that", "which"}  # "Turry, who remembered ...": the source is "who", naming its antecedent
_AGENT_ENTS = {"PERSON", "ORG", "NORP", "GPE"}
_ENTITY_LEMMAS = {"tell"} | _STANCE_LEMMAS
_ENTITY_MARKS = {":", '"', "“", "”", "''", "``"}


def _surface_forms(lemmas: set[str]) -> set[str]:
    irregular = {"said", "told", "wrote", "written", "thought", "found", "shown", "learnt", "sought", "stated"}
    forms = set(irregular)
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        forms |= {lemma, lemma + "s", stem + "ed", stem + "ing", lemma + "d", lemma + "es"}
        if lemma.endswith("y"):
            forms |= {lemma[:-1] + "ied", lemma[:-1] + "ies"}
    return forms


_QUOTE_MARK_RE = re.compile(r"[\"“”]|''")  # a quotation's speaker may use any verb ("assured", "opined")
_CUE_WORDS = _surface_forms(_SPEECH_LEMMAS | _CLAUSE_LEMMAS | _STANCE_LEMMAS) | {"according"}
_WORD_RUN_RE = re.compile(r"\w+")
# A word each rule pattern needs (the longest of a multi-word cue): a sentence with none of them cannot
# match ``_CUE_RE`` or ``_SOURCE_FIRST_RE``.
_RULE_WORDS = {max(cue.split(), key=len) for cue in _CUES_AFTER_SOURCE.split("|")} | {
    "according",
    "citing",
    "cited",
    "quoted",
    "reported",
    "interview",
    "told",
}


def sentence_words(text: str, sent: Span) -> set[str]:
    """The casefolded word runs of a sentence: a set-membership prefilter for the case-insensitive cue
    patterns. Collecting them costs one C-level pass; running a pattern with a long alternation at every
    position of every sentence was ~1 s per MB of text (the patterns still decide, for the few sentences
    that hold a cue word)."""
    return set(_WORD_RUN_RE.findall(text[sent.start : sent.end].casefold()))


def _has_cue(text: str, sent: Span) -> bool:
    """A speech, belief or stance verb form, or "according to", in the sentence: one set operation on its
    casefolded word runs (``\\b``-delimited words), and a pattern only for the "to" of "according" (a long
    alternation tried at every position cost ~0.3 s per MB; the sentences chosen are the same)."""
    hit = _CUE_WORDS & sentence_words(text, sent)
    if not hit:
        return False
    return bool(hit - {"according"}) or bool(_ACCORDING_TO_RE.search(text, sent.start, sent.end))


_ACCORDING_TO_RE = re.compile(r"\baccording to\b", re.I)


def cue_sentences(text: str, sentences: list[Span]) -> list[int]:
    """Indexes of the sentences worth parsing: those holding a speech or belief verb form or "according to"
    (the parser costs ~7,000 words/s; most sentences of a news article credit no one)."""
    return [
        k
        for k, sent in enumerate(sentences)
        if _has_cue(text, sent)
        or _QUOTE_MARK_RE.search(text, sent.start, sent.end)
        or (k and _after_quote(text, sentences[k - 1], sent))
        or text[sent.start : sent.end].rstrip().endswith(":")
    ]


def _after_quote(text: str, previous: Span, sent: Span) -> bool:
    """A short sentence right after one that ends in a closing quote mark: a speech tag the segmenter cut off
    ('"... the 11 million?"' then 'Hannity pressed.')."""
    return sent.end - sent.start <= 60 and text[previous.start : previous.end].rstrip().endswith(('"', "”", "''"))


PARSE_SENTENCE_CHARS = 1_000  # a longer "sentence" is not prose (a list, a run-on page): the rules read it
# Parse budget per article, in characters of cue sentences (~70% of news text; the longest of PolNeAR's 919
# articles has 20.7k): beyond it, the rules read the rest, so a 1 MB input costs seconds, not minutes.
PARSE_ARTICLE_CHARS = 30_000


def parse_sentences(parser: Any, text: str, sentences: list[Span]) -> list[tuple[int, Any]]:
    """(offset, spaCy Doc) for each sentence ``cue_sentences`` selects, parsed in one batch.

    The parse is bounded, so hostile or huge inputs cost linear time at the parser's speed at most once
    per article: sentences over ``PARSE_SENTENCE_CHARS`` characters are left to the word patterns, and
    parsing stops after ``PARSE_ARTICLE_CHARS`` characters of an article (the rules read the rest).
    """
    chosen, budget = [], PARSE_ARTICLE_CHARS
    for k in cue_sentences(text, sentences):
        size = sentences[k].end - sentences[k].start
        if size > PARSE_SENTENCE_CHARS or size > budget:
            continue
        budget -= size
        chosen.append(k)
    docs = parser.parse_many([text[sentences[k].start : sentences[k].end] for k in chosen], entities=needs_entities)
    return [(sentences[k].start, doc) for k, doc in zip(chosen, docs, strict=True)]


def needs_entities(doc: Any) -> bool:
    """Whether ``_parsed_in`` reads named entities of this parse, so the parser runs its entity recogniser on
    those sentences alone: a form of "tell" ("X told Reuters": the outlet is the ORG entity it told), a stance
    verb (its subject must be a person, organisation or group), a relative "who" (never a place) and a
    quotation or colon (the speaker of ``Name: "..."`` and of a quote's own verb)."""
    return any(tok.lemma_.lower() in _ENTITY_LEMMAS or tok.lower_ == "who" or tok.text in _ENTITY_MARKS for tok in doc)


def parsed_attributions(
    text: str, sentences: list[Span], docs: list[tuple[int, Any]], quoted: list[Span] | None
) -> list[Attribution]:
    """Attributions from a spaCy ``Doc`` of ``text``: the subject (or passive agent) of a speech verb, and
    the object of "according to"; each with its content span (the reported clause, else the rest of the
    sentence). Verbs inside quotations, negated or under a modal ("did not say", "would argue") credit no one.
    """
    out: list[Attribution] = []
    quoted = quoted or []
    for base, doc in docs:
        out.extend(_parsed_in(text, sentences, base, doc, quoted))
    return out


def _parsed_in(text: str, sentences: list[Span], base: int, doc: Any, quoted: list[Span]) -> list[Attribution]:
    out: list[Attribution] = []
    governors = _quote_governors(doc, base, quoted)
    inside = {t.i for t in doc if _inside_pos(base + t.idx, quoted)} if governors else set()
    for tok in doc:
        src = None
        cue_tok = tok
        cue_override: str | None = None
        cue_end = tok  # the cue's last word ("shot back": "back")
        lemma = tok.lemma_.lower()
        governed = False  # credited only because its words hold a quotation
        if tok.pos_ in ("VERB", "AUX") and (
            lemma in _SPEECH_LEMMAS or lemma in _CLAUSE_LEMMAS or lemma in _STANCE_LEMMAS
        ):
            children = list(tok.children)
            if lemma in _CLAUSE_LEMMAS and lemma not in _SPEECH_LEMMAS and not any(c.dep_ == "ccomp" for c in children):
                continue
            if (
                (lemma in _CLAUSE_LEMMAS and lemma not in _SPEECH_LEMMAS)
                and tok.dep_ == "ccomp"
                and tok.head.lemma_.lower() in _SPEECH_LEMMAS | _CLAUSE_LEMMAS
            ):
                continue  # "X said they believe ...": the belief is X's report, one credit (PolNeAR marks X alone)
            if lemma in {"learn", "maintain"} and not any(c.dep_ == "ccomp" for c in children):
                continue  # "what we've learned", "Clinton maintains a lead": not statements without a clause
            if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.tag_ == "MD") for c in children):
                continue
            if lemma == "describe" and not any(c.dep_ in ("dobj", "ccomp") for c in children):
                continue  # "the riots have been described as ...": someone describes something
            if tok.dep_ == "acl" and tok.head.lower_ not in _STATEMENT_NOUNS:
                continue  # "His group, called the X Fund,": a participle modifying a noun, not a credit (but "X
                # issued a statement saying ...": whoever issued it speaks)
            if lemma == "call" and tok.dep_ == "parataxis":
                continue  # "His group, called the X Fund, will": a name given, misparsed as a clause
            if (
                lemma == "declare"
                and not any(c.dep_ in ("ccomp", "parataxis") for c in children)
                and any(c.dep_ == "dobj" for c in children)
            ):
                continue  # "declared bankruptcy": an act, not a statement
            if (
                lemma == "add"
                and any(c.dep_ in ("dobj", "npadvmod") for c in children)
                and not _introduces_quote(tok)
                and not _before_quote(tok)
            ):
                continue  # "the regimen added ten years to his life": a sum, not speech
            if any(c.dep_ in ("auxpass", "nsubjpass") for c in children) and not any(
                c.dep_ == "agent" for c in children
            ):
                continue  # "the riots have been described as ...": the subject is what was said, not who said it
            if lemma == "continue" and not any(ch in doc.text for ch in '"“”«»'):
                continue  # '"...," he continued' credits; "the fighting continues" does not
            subj = [c for c in children if c.dep_ == "nsubj"] or [
                g for c in children if c.dep_ == "parataxis" and c.i < tok.i for g in c.children if g.dep_ == "nsubj"
            ]  # "Clinton, exasperated, responded": the parse gives the subject to the aside
            agent = [c for c in children if c.dep_ == "agent"]
            if subj:
                src = _nearest_subject(subj, tok)
            elif agent and lemma in _SPEECH_LEMMAS and lemma != "write":  # "cited by X": a passive's agent
                # (not "a book written by X", "a bill backed by X": those name an author or a stance, not a credit)
                objs = [c for c in agent[0].children if c.dep_ == "pobj"]
                src = objs[0] if objs else None
                passive_cue = tok.lower_ + " by"
                if tok.i > 0 and doc[tok.i - 1].lower_ == "as":
                    passive_cue = "as " + passive_cue
                cue_override = passive_cue
            elif lemma not in {"cite", "quote"}:  # ("citing X" names its source in its object: the rules take it)
                src = _shared_subject(tok)
            if lemma in _SPEECH_LEMMAS and (src is None or _inside_pos(base + src.idx, quoted)):
                src = _inverted_subject(tok)  # '"...," said Edward Leamer, an economist, "is that ..."'
        elif (
            lemma in _ISSUE_VERBS
            and tok.pos_ == "VERB"
            and (
                statement := next(
                    (
                        c
                        for c in tok.children
                        if c.dep_ == "dobj"
                        and c.lemma_.lower() in _STATEMENT_NOUNS
                        and not any(g.dep_ == "acl" for g in c.children)  # "a statement saying": the participle's
                    ),
                    None,
                )
            )
        ):
            # "Trump issued a statement, "..."", "Mook released a memo titled "..."": whoever issued it speaks
            subj = [c for c in tok.children if c.dep_ == "nsubj"]
            src = _nearest_subject(subj, tok) if subj else None
            src = src if src is not None and _can_speak(src, tok) else None
            cue_end = statement
            cue_override = doc[tok.i : statement.i + 1].text.lower()
        elif tok.pos_ == "VERB" and lemma not in {"be", "have", "do", "make", "get", "take"} and _introduces_quote(tok):
            # '"...," LeVell assured the crowd', '"...," read the email': any verb whose clause is a quotation (its
            # subject may be shared: 'X was joined on stage and joked, "..."')
            subj = [c for c in tok.children if c.dep_ == "nsubj"]
            src = _nearest_subject(subj, tok) if subj else _shared_subject(tok)
            src = src if src is not None and _can_speak(src, tok) else None
        elif (
            tok.pos_ == "VERB"
            and lemma not in _NOT_TAGS
            and (_speech_tag(tok, text, base) or _colon_intro(tok, text, base))
        ):
            # '"...," Hannity pressed.', 'Silverman interjected, "..."': a verb with nothing but its subject next
            # to a quotation tags the quotation's speaker
            subj = [c for c in tok.children if c.dep_ == "nsubj"]
            src = _nearest_subject(subj, tok) if subj else None
            src = src if src is not None and _can_speak(src, tok) else None
        elif lemma == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children):
            # 'as the prosecutor put it, "..."', 'As Professor Lee put it:': a way of saying
            subj = [c for c in tok.children if c.dep_ == "nsubj"]
            src = _nearest_subject(subj, tok) if subj else None
            src = src if src is not None and _can_speak(src, tok) else None
            cue_end = next(c for c in tok.children if c.dep_ == "dobj" and c.lower_ == "it")
            cue_override = "put it"
        elif tok.i in governors and lemma not in _NOT_TAGS:
            # 'Clinton supports "appropriate pay raises"', 'Mr. Trump yelled, "Out!"', 'the senator heralded the deal as
            # a "breakthrough"': any verb whose own words hold a quotation credits its subject, when that subject is
            # someone who can speak (a person, organisation or group, a pronoun, a source noun) and the verb is not
            # itself inside someone's reported clause
            subj = [c for c in tok.children if c.dep_ == "nsubj"]
            src = _nearest_subject(subj, tok) if subj else _shared_subject(tok)
            if (
                src is None
                or src.lower_ in {"i", "we"} | _RELATIVE
                or not _agentive(src, tok)
                or any(ch.isdigit() for ch in src.text)  # "EB-5", "F-35": a programme or a product, not a speaker
                or _reported(tok)
                or _subordinate(tok, inside)
            ):
                continue  # ("who signed a "dissent channel" memo": mostly a description, not a credit)
            governed = True
        elif tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            objs = [c for c in doc[tok.i + 1].children if c.dep_ == "pobj"]
            src = objs[0] if objs else None
            compounds = [c for c in src.children if c.dep_ == "compound"] if src is not None else []
            if src is not None and compounds and any(c.dep_ == "acl" and c.tag_ == "VBD" for c in src.children):
                src = compounds[0]  # "according to receipts police recovered": the receipts, not "receipts police"
        if (
            src is None
            or src.pos_ == "DET"
            or (src.lower_ in _NOT_SOURCES and _relative(src, tok) is None and not _it_tags(src, tok, text, base))
        ):
            continue
        while (
            cue_end.i + 1 < len(doc)
            and doc[cue_end.i + 1].head == tok
            and (doc[cue_end.i + 1].dep_ == "prt" or doc[cue_end.i + 1].lower_ in {"back", "in", "out", "up"})
        ):
            cue_end = doc[cue_end.i + 1]  # '"...," Trump shot back. "..."': the cue ends after its particle
        if cue_end != tok and cue_override is None:
            cue_override = doc[tok.i : cue_end.i + 1].text.lower()
        if (
            lemma in _STANCE_LEMMAS
            and lemma not in _SPEECH_LEMMAS
            and not _agentive(src, tok)
            and not (src.pos_ == "PROPN" and (_introduces_quote(tok) or _quotes_after(tok)))
        ):
            continue
        if src.lower_ in {"i", "we"} and lemma not in _SPEECH_LEMMAS:
            continue  # "I think" outside quote marks is mostly a quotation the marks did not show (a transcript)
        if _inside_pos(base + tok.idx, quoted):
            continue  # the speaker's own words ("I think ..."), not the article's credit
        span = _subject_span(src, text, base)
        if span is None:
            continue
        start, end = span
        core = _subject_span(src, text, base, core=True) or span  # the name, without its relative clause
        sentence = _sentence_index(sentences, base + tok.idx)
        if sentence is None:
            continue
        cue = cue_override or ("according to" if tok.lower_ == "according" else cue_tok.text.lower())
        phrase = _Phrase(start, end, text[start:end])
        kind = "report" if cue == "according to" or cue.endswith(" by") else _kind(cue)  # as the rules do
        # the attribution runs from the first of source and cue: '"...," said Soe Min' starts at "said"
        att = _make(phrase, cue, min(start, base + cue_tok.idx), base + cue_end.idx + len(cue_end.text), kind, sentence)
        named = _appositive_name(src) or (written_name(text[core[0] : core[1]]) if core != span else None)
        antecedent = _relative(src, tok)
        if antecedent is not None:  # "who" keeps its span (as PolNeAR marks it) and names its antecedent
            ante = _subject_span(antecedent, text, base, core=True)
            named = written_name(text[ante[0] : ante[1]].rstrip(",")) if ante else None
            misattached = src.lower_ == "who" and antecedent.ent_type_ in ("GPE", "LOC", "FAC")  # "Democrats on
            # Capitol Hill, who": the parse hung "who" on the place
            if misattached or (not _agentive(antecedent, antecedent) and antecedent.pos_ != "PROPN"):
                # "the attack that claimed her life" credits no one; "listeners to his radio program who said":
                # the parse hung "who" on the wrong noun, so the credit stays, naming no one
                if src.lower_ != "who":
                    continue
                named = None
                att = replace(att, source="who", source_key="who")
            elif named is None or name_problem(named) is not None:
                continue
        if named:  # "the public broadcasting company of Ukraine, Suspilne, reported": the name is the appositive
            att = replace(att, source=named, source_key=source_key(named))
        if lemma == "tell":  # "X told Reuters": X speaks, the outlet carried it (named-entity ORG)
            told = [c for c in tok.children if c.dep_ in ("dobj", "dative") and c.ent_type_ == "ORG"]
            if told:
                outlet = [t for t in told[0].subtree if t.ent_type_ == "ORG"]
                att = replace(att, via=" ".join(t.text for t in outlet) or None)
        content = (
            _governed_content(tok, text, base, governors[tok.i])
            if governed
            else _parsed_content(cue_tok, text, base, sentences[sentence], att)
        )
        if not governed and tok.i in governors and not content[0] <= base + governors[tok.i][0] < content[1]:
            # 'Trump called the system "rigged" ..., and lawmakers have called for ...': the parse gave the cue a
            # clause that is not the one holding its quotation; the words it governs up to the quotation are its too
            held = _governed_content(tok, text, base, governors[tok.i])
            content = (min(content[0], held[0]), max(content[1], held[1]))
        att = replace(att, content_start=content[0], content_end=content[1])
        parts = _split_coordination(text, phrase)
        if len(parts) > 1:  # "The Kyiv Post and Interfax-Ukraine quoted ...": one source per name
            out.extend(
                replace(att, source=written_name(p.text), source_key=source_key(written_name(p.text)),
                        source_text=p.text, source_start=p.start, source_end=p.end)
                for p in parts
            )  # fmt: skip
        else:
            out.append(att)
    return out


_NOT_TAGS = {"be", "have", "do", "make", "get", "take", "contribute"}  # "Nolan McCaskill contributed." is a byline


def _quote_governors(doc: Any, base: int, quoted: list[Span]) -> dict[int, tuple[int, int]]:
    """The verbs whose own words hold a quotation: for each quoted word whose head lies outside the quotation, the
    verb above it ('called the plan a "gift"', 'a lament for the "countless Americans"'), with the quotation's
    character span in the sentence (offsets in ``doc.text``). A quotation whose words are all capitalised is a title
    or a name ('starred in "The X-Files"'), not words anyone said, and is skipped.

    On PolNeAR train (200 articles, seed 31) this credit adds 44 exact sources for 27 wrong ones; speakers of gold
    quotations rise 0.833 -> 0.852 there, 0.853 -> 0.874 on a never-read sample (seed 123), 0.785 -> 0.796 on dev."""
    out: dict[int, tuple[int, int]] = {}
    if not quoted:
        return out
    text = doc.text
    for t in doc:
        pos = base + t.idx
        if t.is_punct or t.is_space or t.head is t or not _inside_pos(pos, quoted):
            continue
        if _inside_pos(base + t.head.idx, quoted):
            continue
        span = quoted[bisect_right(quoted, pos, key=lambda q: q.start) - 1]
        lo, hi = max(span.start - base, 0), min(span.end - base, len(text))
        if title_like(text[lo:hi]):
            continue
        # the nearest verb; for a quotation of four words or more, the nearest verb with a subject ("voted for the
        # authority to invade Iraq from "the perspective of ...""); a shorter one is often a name or a scare quote
        # and must be the nearest verb's own ("a request to ratify the treaty for a "strategic partnership"": no one)
        short = len(text[lo:hi].split()) < 4
        head, steps = t.head, 0
        while head.head is not head and steps < 8:
            if head.pos_ == "VERB" and (
                short
                or any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)
                or _shared_subject(head) is not None
            ):
                break
            head, steps = head.head, steps + 1
        if head.pos_ != "VERB" or head.i > t.i:
            continue  # the quotation before its verb is a quote's own tag ('"...," X said'), which other rules read
        prev = out.get(head.i)
        out[head.i] = (min(lo, prev[0]) if prev else lo, max(hi, prev[1]) if prev else hi)
    return out


_TITLE_SMALL_WORDS = {"a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "at", "by", "with", "from"}


def title_like(quoted: str) -> bool:
    """Every word capitalised (small words aside): a title or name ("The Facts on Where the Race Stands")."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", quoted) if w.lower() not in _TITLE_SMALL_WORDS]
    return bool(words) and all(w[:1].isupper() for w in words)


_CONDITIONAL = {"if", "whether", "unless"}


def _subordinate(verb: Any, inside: set[int]) -> bool:
    """Whether a verb heads a clause inside another ("that he conducts", "if she would commit", "the news that X
    deemed ..."): only main verbs (also of a time or reason clause: "While Mr. Ryan laid out ..."), and verbs sharing
    their subject (a coordinated verb, a participle, a to-infinitive), make a quotation in their words a credit.
    ``inside`` are the tokens within quotation marks."""
    tok = verb
    for _ in range(6):
        if tok.head is tok:
            return False
        if tok.head.i in inside:
            return False  # the parse hung the sentence on a verb of the quotation: what holds it is the main clause
        if tok.dep_ in ("ccomp", "relcl", "acl", "csubj", "parataxis") or (
            tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL for c in tok.children)
        ):
            return True
        tok = tok.head
    return False


def _reported(verb: Any) -> bool:
    """Whether a verb sits inside someone else's credit: the reported clause of a speech or belief verb ('Jamieson
    said Trump is "telling them ..."'), or a clause with a credit set in it ('Biden, Rubio said, passed "hundreds of
    bills"'). The quotation is then that speaker's report, not the inner subject's words."""
    tok = verb
    for _ in range(6):
        if any(c.dep_ == "parataxis" and c.lemma_.lower() in _SPEECH_LEMMAS for c in tok.children):
            return True
        if tok.head is tok:
            return False
        if tok.dep_ in ("ccomp", "parataxis") and tok.head.lemma_.lower() in _ALL_CUE_LEMMAS:
            return True
        tok = tok.head
    return False


def _governed_content(verb: Any, text: str, base: int, quote: tuple[int, int]) -> tuple[int, int]:
    """What a verb that governs a quotation is credited for: its words after it (objects, prepositions, a
    complement) up to the one that holds the quotation ('heralded the deal as a "breakthrough"'); not a clause
    joined to it ("and ...") nor what follows the quotation ('..., with Cruz promising to ...')."""
    right = [c for c in verb.children if c.i > verb.i and c.dep_ not in _NOT_CONTENT]
    toks = [t for c in right for t in c.subtree if t.idx < quote[1]]
    start = min([base + t.idx for t in toks] + [base + quote[0]])
    end = max([base + t.idx + len(t.text) for t in toks] + [base + quote[1]])
    return _trim(text, start, end)


def _can_speak(src: Any, verb: Any) -> bool:
    """Whether the subject of a verb next to a quotation may be its speaker: a name (the small model tags some
    capitalised surnames as verbs: '"...," Trump shot back'), a noun ("the Christie supporter retorted:") or a
    personal pronoun; not "it", "this" or a relative pronoun of a thing."""
    return src.lower_ not in _NOT_SOURCES and (
        src.pos_ in ("PROPN", "NOUN") or src.text[:1].isupper() or _agentive(src, verb)
    )


_TAG_DEPS = {"nsubj", "punct", "prt", "advmod", "npadvmod"}


def _colon_intro(verb: Any, text: str, base: int) -> bool:
    """A sentence's main verb whose sentence ends in a colon before a quotation ('Trump went even further: "..."',
    'X gave the idea a try on CNN:' then a quote paragraph): its subject introduces the quotation."""
    doc = verb.doc
    # (the parse may hang the introducing clause on a verb of the quotation after the colon: 'X delivered a retort:
    # "No one is ..."' with "delivered" a complement of "is": it is still the sentence's main clause)
    hung = verb.dep_ in ("ccomp", "parataxis") and verb.head.i > verb.i and _quote_after_colon(verb)
    if (verb.dep_ != "ROOT" and not hung) or not any(c.dep_ == "nsubj" and c.i < verb.i for c in verb.children):
        return False
    colons = [t for t in doc if t.text == ":" and t.i > verb.i]
    if len(colons) != 1:
        return False
    k = colons[0].i
    if k + 1 < len(doc):
        return doc[k + 1].text in _QUOTE_TOKENS
    after = text[base + len(doc.text) : base + len(doc.text) + 8].lstrip()
    return after[:1] in '"“‘' or after.startswith("''")


def _it_tags(src: Any, verb: Any, text: str, base: int) -> bool:
    """'"...," it added': "it" as the subject of a speech verb that tags a quotation is the outlet, paper or body
    credited before (``_resolve_references`` names it; left unresolved, it names no one)."""
    return src.lower_ == "it" and verb.lemma_.lower() in _SPEECH_LEMMAS and _speech_tag(verb, text, base)


def _quote_after_colon(verb: Any) -> bool:
    """Whether the verb's head lies after a colon that follows the verb and opens a quotation."""
    doc = verb.doc
    colon = next((t for t in doc[verb.i + 1 : verb.head.i] if t.text == ":"), None)
    return colon is not None and colon.i + 1 < len(doc) and doc[colon.i + 1].text in _QUOTE_TOKENS


def _quotes_after(verb: Any) -> bool:
    """Whether a quotation mark follows the verb inside its own words ('Moore thanked him for "stepping up"')."""
    return any(t.text in _QUOTE_TOKENS and t.i > verb.i for c in verb.children if c.dep_ != "conj" for t in c.subtree)


def _before_quote(verb: Any) -> bool:
    """A colon right after the verb (and its adverbs) and then a quotation mark ('she added warily: "..."'), or
    the sentence ends at that colon (the quotation is the next paragraph)."""
    doc = verb.doc
    k = verb.i + 1
    while (
        k < len(doc)
        and doc[k].head == verb
        and doc[k].dep_ in ("advmod", "prt", "dobj", "npadvmod")
        and doc[k].text != ":"
    ):
        k += 1
    return k < len(doc) and doc[k].text == ":" and (k + 1 == len(doc) or doc[k + 1].text in _QUOTE_TOKENS)


def _speech_tag(verb: Any, text: str, base: int) -> bool:
    """Whether a verb stands next to a quotation with nothing of its own but a subject (and "back", "again"):
    right after a closing quote ('"...," Hannity pressed.'; a segmenter may have cut the quote off into the
    sentence before) or right before an opening one, after a colon or comma ('X retorted: "..."',
    'Silverman interjected, "..."')."""
    doc = verb.doc
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subj or subj[0].i > verb.i:
        return False
    after = verb.i + 1
    while after < len(doc) and doc[after].dep_ in ("prt", "advmod") and doc[after].head == verb:
        after += 1
    if after + 1 < len(doc) and doc[after].text in {":", ","} and doc[after + 1].text in _QUOTE_TOKENS:
        # (what comes before the subject is the sentence's lead-in, not the verb's words: 'After the vote, Ruiz shot
        # back, "..."')
        return all(c.dep_ in _TAG_DEPS or c.i > after or c.i < subj[0].left_edge.i for c in verb.children)
    if any(c.dep_ not in _TAG_DEPS and c.i > subj[0].i for c in verb.children):
        return False  # (what precedes the subject is the quotation itself: '"Denver," he answered.')
    if any(not t.is_punct for t in doc[after:]):
        return False  # the tag ends the sentence
    k = subj[0].left_edge.i - 1
    while k >= 0 and doc[k].text in {",", "—", "–"}:
        k -= 1
    if k >= 0:
        return doc[k].text in _QUOTE_TOKENS
    before = text[max(0, base - 3) : base].rstrip()
    return before.endswith(('"', "”", "''", "’"))


def _nearest_subject(subjects: list[Any], verb: Any) -> Any:
    """Of two subjects the parse gives one verb ("..., in Salem, New Hampshire, Trump went"), the one nearest
    before it; the first when none precedes it."""
    before = [c for c in subjects if c.i < verb.i]
    return before[-1] if before else subjects[0]


# "led Republicans to say", "urged him to deny": the object of these verbs does what the infinitive says
_OBJECT_CONTROL = {
    "lead", "cause", "make", "ask", "urge", "force", "prompt", "allow", "encourage", "tell", "push", "get",
    "persuade", "want", "invite", "expect", "require", "help", "call", "press", "challenge", "dare", "pressure",
}  # fmt: skip
_WHEN_PREPOSITIONS = {"after", "upon", "on", "by", "before", "while", "in", "when"}
_ISSUE_VERBS = {"issue", "release", "send", "post", "publish"}
_STATEMENT_NOUNS = {"statement", "release", "letter", "email", "message", "tweet", "post", "note", "memo", "video"}


def _shared_subject(verb: Any) -> Any:
    """The subject a verb without one of its own shares with the clause it hangs on: a coordinated verb ("X
    criticized the plan and said ..."), a participle ("X doubled down, saying ...", "after telling his aides ...",
    "upon saying ..."), a statement's participle ("X issued a statement saying ..."). Up to three steps up."""
    tok = verb
    climbed_xcomp = False
    for _ in range(3):
        head = tok.head
        climbed_xcomp = climbed_xcomp or tok.dep_ == "xcomp"
        if tok.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
            pass  # "criticized ... and said": the first verb's subject
        elif (
            (tok.tag_ == "VBG" and tok.dep_ == "advcl")
            or (
                tok.dep_ == "xcomp"
                and not (head.lemma_.lower() in _OBJECT_CONTROL and any(c.dep_ == "dobj" for c in head.children))
            )
        ) and head.pos_ in ("VERB", "AUX"):
            pass  # "doubled down, saying", "was heard telling", "appeared to assert ... by saying" (not "led
            # Republicans to say": there the object speaks)
        elif (
            tok.tag_ == "VBG"
            and tok.dep_ == "pcomp"
            and head.lower_ in _WHEN_PREPOSITIONS
            and head.head.pos_ in ("VERB", "AUX")
        ):
            head = head.head  # "after telling his aides", "upon saying" (not "criticism for telling", "since
            # announcing his candidacy": a reason or a time, not a statement)
        elif (
            tok.tag_ == "VBG"
            and tok.dep_ == "acl"
            and head.lower_ in _STATEMENT_NOUNS
            and head.dep_ == "dobj"
            and head.head.pos_ == "VERB"
        ):
            head = head.head  # "X issued a statement saying"
        else:
            return None
        if head.dep_ in ("ccomp", "relcl", "acl", "pcomp") or (climbed_xcomp and head.dep_ == "advcl"):
            return None  # "X said he halted ... and asked ...": the reported clause's verbs are X's words
        subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            found = _nearest_subject(subj, head)
            # (a passive subject too for a verb coordinated with the passive: 'X was asked about Y and said ...',
            # 'X was joined on stage by Y and joked, "..."': X is the second verb's subject; not through an infinitive,
            # 'residents were stunned and dismayed to learn that ...': a feeling, not a statement)
            passive_conj = tok.dep_ == "conj" and not climbed_xcomp
            return found if found.dep_ == "nsubj" or passive_conj or head.lemma_.lower() in {"hear", "see"} else None
        tok = head
    return None


def _inverted_subject(verb: Any) -> Any:
    """The noun phrase right after a speech verb that follows a closing quote mark ('"...," said Cruz, who
    ...'): the speaker, when the parse hangs it elsewhere or takes the quotation's last words for the subject."""
    doc = verb.doc
    k = verb.i - 1
    while k >= 0 and doc[k].text in {",", "—", "–"}:
        k -= 1
    if k < 0 or doc[k].text not in _QUOTE_TOKENS:
        return None
    for chunk in doc.noun_chunks:
        if chunk.start == verb.i + 1 and chunk.root.pos_ in ("PROPN", "NOUN"):
            return chunk.root
    return None


def _introduces_quote(verb: Any) -> bool:
    """Whether a verb's complement is a quotation: it has a clause ('"...," X assured') and a quote mark of its
    own in the parse, or a clause that opens with one ('X responded: "..."')."""
    children = list(verb.children)
    # (not a credit set in the clause: 'Trump, Sexton said, has created a "..."' is Sexton's report, not Trump's)
    clauses = [c for c in children if c.dep_ in ("ccomp", "parataxis") and not _parenthetical(c)]
    if not clauses:
        return False
    if any(c.dep_ == "punct" and c.text in _QUOTE_TOKENS for c in children):
        return True
    return any(c.left_edge.text in _QUOTE_TOKENS for c in clauses)


def _parenthetical(verb: Any) -> bool:
    """A speech verb with its own subject set inside another clause ('CNN, Cruz said, called the plan ...'): a credit
    of the whole clause around it."""
    return (
        verb.dep_ == "parataxis"
        and verb.lemma_.lower() in _SPEECH_LEMMAS
        and verb.head.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "nsubj" for c in verb.children)
        and any(c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i for c in verb.head.children)
    )


def _relative(src: Any, verb: Any) -> Any:
    """The antecedent of a relative pronoun subject ("Bruce Turry, who remembered": Bruce Turry), else None.
    "Democrats on Capitol Hill, who argued": the parse hangs "who" on the place; the people are its head."""
    if src.lower_ not in _RELATIVE or verb.dep_ != "relcl" or verb.head.pos_ not in ("NOUN", "PROPN"):
        return None
    ante = verb.head
    if (
        src.lower_ == "who"
        and ante.dep_ == "pobj"
        and ante.head.dep_ == "prep"
        and ante.head.head.pos_ in ("NOUN", "PROPN")
        and ante.ent_type_ != "PERSON"
        and (ante.head.head.ent_type_ in ("PERSON", "NORP") or ante.head.head.lower_ in SOURCE_NOUNS)
    ):
        return ante.head.head
    return ante


def _agentive(src: Any, verb: Any) -> bool:
    """Whether a subject can hold a stance: a person, organisation or group, a personal or relative pronoun
    standing for one, or a source noun ("officials", "the campaign")."""
    antecedent = _relative(src, verb)
    if antecedent is not None:
        src = antecedent
    if src.lower_ in {"he", "she", "they", "we", "i", "who"}:
        return True
    if src.ent_type_ in _AGENT_ENTS:
        return True
    return src.pos_ == "NOUN" and (src.lower_ in SOURCE_NOUNS or src.lower_ in TITLE_WORDS)


def _inside_pos(pos: int, spans: list[Span]) -> bool:
    k = bisect_right(spans, pos, key=lambda span: span.start) - 1
    return k >= 0 and pos < spans[k].end


def _sentence_index(sentences: list[Span], pos: int) -> int | None:
    k = bisect_right(sentences, pos, key=lambda span: span.start) - 1
    return k if k >= 0 and pos < sentences[k].end else None


_QUOTE_TOKENS = {'"', "“", "”", "«", "»", "''", "``", "‘", "’"}


def _appositive_name(src: Any) -> str | None:
    """The proper name in an appositive of a common-noun subject ("the broadcaster, Suspilne,")."""
    if src.pos_ == "PROPN":
        return None
    for child in src.subtree:
        as_ = child.head
        if child.dep_ == "pobj" and as_.lower_ == "as" and as_.i > 0 and as_.doc[as_.i - 1].lower_ == "such":
            pass  # "outlets such as Suspilne"
        elif not (child.dep_ == "appos" and child.head == src):
            continue
        if child.pos_ == "PROPN":
            # (not a party label in parentheses: "governor Howard Dean (D)" names Howard Dean, not "Howard Dean D")
            words = [t for t in child.subtree if not t.is_punct and not _in_parentheses(t)]
            if words and all(t.text[:1].isupper() or t.lower_ in _CONNECTORS for t in words):
                return display_name(" ".join(t.text for t in words))
    return None


def _in_parentheses(tok: Any) -> bool:
    """Whether a token lies between "(" and ")" in its sentence (a label such as "(D-Ill.)")."""
    doc = tok.doc
    opened = max((t.i for t in doc[: tok.i] if t.text == "("), default=-1)
    closed = max((t.i for t in doc[: tok.i] if t.text == ")"), default=-1)
    return opened > closed and any(t.text == ")" for t in doc[tok.i + 1 :])


def _own_credit(clause: Any) -> bool:
    """Whether a relative or participle clause is a credit of its own ("who said ...", "cited by X"), which the
    source's words leave out; other clauses ("who spoke on condition of anonymity") belong to the source."""
    lemma = clause.lemma_.lower()
    return (
        lemma in _SPEECH_LEMMAS
        or lemma in _CLAUSE_LEMMAS
        or lemma in _STANCE_LEMMAS
        or any(t.text in _QUOTE_TOKENS for t in clause.subtree)
    )


_FOCUS = {"even", "also", "only", "just"}


def _restrictive_participle(clause: Any) -> bool:
    """A participle right after its noun, with no comma between ("disclosures filed on Sunday")."""
    first = min(t.i for t in clause.subtree)
    if clause.lemma_.lower() in {"speak", "talk"}:
        return False  # "a source speaking to Fox News said": how the source spoke, not which source
    return clause.tag_ in ("VBN", "VBG") and first > 0 and clause.doc[first - 1].text != ","


def _subject_span(src: Any, text: str, base: int, core: bool = False) -> tuple[int, int] | None:
    """The subject's words: its subtree, trimmed of punctuation. A relative clause belongs to it ("Eric Herzik,
    who chairs the department, said"), as PolNeAR marks it, unless the clause is a credit of its own; with
    ``core`` every relative clause is left out (the words that name the source). An appositive or relative
    clause keeps its closing comma ("Coan, the family's lawyer, said"), as PolNeAR marks it."""
    toks = list(src.subtree)
    # a participle clause set off by a comma ("Trump, speaking at a rally,") is not part of the name (PolNeAR
    # leaves it out); one that restricts the noun ("a court document filed Thursday", "people briefed on the
    # talks") is, unless it is a credit of its own ("a letter obtained by the AP") or the name alone is asked for
    relcl = [
        c
        for c in src.children
        if (c.dep_ == "acl" and (core or not _restrictive_participle(c) or _own_credit(c)))
        or (c.dep_ == "relcl" and (core or _own_credit(c)))
    ]
    kept = [c for c in src.children if c.dep_ == "relcl" and c not in relcl]
    if relcl:
        first = min(t.i for c in relcl for t in c.subtree)
        toks = [t for t in toks if t.i < first]
    # A misparse can hang a quotation on the subject ('"...," engineer Tom Baird said'): the source's words
    # never cross a quote mark.
    left = max((t.i for t in toks if t.i < src.i and t.text in _QUOTE_TOKENS), default=-1)
    right = min((t.i for t in toks if t.i > src.i and t.text in _QUOTE_TOKENS), default=len(src.doc))
    toks = [t for t in toks if left < t.i < right]
    while toks and (toks[0].is_punct or toks[0].is_space or (toks[0].dep_ == "advmod" and toks[0].lower_ in _FOCUS)):
        toks = toks[1:]  # "even some allies questioned": the allies
    while toks and (toks[-1].is_punct or toks[-1].is_space) and toks[-1].text != ")":
        toks = toks[:-1]
    if not toks:
        return None
    start, end = base + toks[0].idx, base + toks[-1].idx + len(toks[-1].text)
    if not relcl and (kept or any(c.dep_ == "appos" for c in src.children)) and text[end : end + 1] == ",":
        end += 1
    return start, end


def _parsed_content(cue: Any, text: str, base: int, sent: Span, att: Attribution) -> tuple[int, int]:
    """The reported clause (the verb's clausal complement) when the parse has one, else the sentence
    without the source and cue."""
    if _parenthetical(cue):
        # 'CNN, Cruz said, called the announcement "highly significant"': the clause around the credit (one span,
        # the credit inside it), so a quotation there is the outer speaker's
        toks = list(cue.head.subtree)
        rest = sentence_content(text, sent, att.start, att.end)  # (and never less than the rest of the sentence)
        return _trim(text, min(rest[0], base + toks[0].idx), max(rest[1], base + toks[-1].idx + len(toks[-1].text)))
    if cue.lower_ != "according":
        comps = [c for c in cue.children if c.dep_ in ("ccomp", "xcomp") and c.i > cue.i]
        if comps:
            toks = [t for c in comps for t in c.subtree]
            toks = [t for t in toks if not (t.dep_ == "mark" and t.lower_ == "that" and t.head in comps)]
            start = base + min(t.idx for t in toks)
            end = base + max(t.idx + len(t.text) for t in toks)
            return _trim(text, start, end)
        if cue.lemma_.lower() in _STANCE_LEMMAS:
            # "X called the plan a "gift"", "X described his skills as a "work in progress"": what the verb
            # takes, so a partial quotation there is inside the credit's content
            right = [c for c in cue.children if c.i > cue.i and c.dep_ not in _NOT_CONTENT]
            # (also with the object before the verb, when what follows holds a quotation: 'what Zimmerman described
            # as a "piece of history"')
            if any(c.dep_ in _OBJECTS for c in right) or any(t.text in _QUOTE_TOKENS for c in right for t in c.subtree):
                toks = [t for c in right for t in c.subtree]
                start = base + min(t.idx for t in toks)
                end = base + max(t.idx + len(t.text) for t in toks)
                return _trim(text, start, end)
    if cue.dep_ == "relcl":
        # 'Varga, who wrote the tax law, interjected to say: "..."': a credit in a relative clause covers that clause's
        # words, not the main clause after it (whose own verb credits the quotation)
        right = [t for c in cue.children if c.i > cue.i and c.dep_ not in _NOT_CONTENT for t in c.subtree]
        if right:
            return _trim(text, base + min(t.idx for t in right), base + max(t.idx + len(t.text) for t in right))
    return sentence_content(text, sent, att.start, att.end)


_NOT_CONTENT = {"punct", "cc", "conj", "advcl", "parataxis", "npadvmod", "mark"}
_OBJECTS = {"dobj", "dative", "oprd", "attr", "acomp"}


def sentence_content(text: str, sent: Span, start: int, end: int) -> tuple[int, int]:
    """The part of a sentence an attribution at ``start``-``end`` credits: the longer side of it ("X said
    that [...]", "[...], X said"), without a leading "that" or the punctuation around it."""
    before = (sent.start, start)
    after = (end, sent.end)
    side = after if len(text[after[0] : after[1]].strip()) >= len(text[before[0] : before[1]].strip()) else before
    s, e = side
    m = re.match(r"[\s,:;—–-]*(?:that\b)?\s*", text[s : min(e, s + 40)])
    if m:
        s += m.end()
    return _trim(text, s, e)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \n\t,;:—–-":
        start += 1
    while end > start and text[end - 1] in " \n\t,;:—–-.":
        end -= 1
    return start, end
