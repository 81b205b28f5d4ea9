"""Claims and the independent sources behind each.

A claim is a statement of fact in a story: units (sentences, or a quotation over several) of different
articles grouped by average linkage over a score of sentence cosine and story-specific word overlap, where a
pair links only when its facts can be one statement's (years, calendar days, quoted words); a unit no other
article matches is a claim of its own. Each mention keeps its exact text and offsets.

Independent sources per claim: each mention has an origin, the upstream source its sentence credits
(following relays: "X, citing Y" -> Y, relayed by X; canonical names; "the authority" -> the name the
article credited before), else its article's copy group (an article and its duplicates, near-duplicates
and rewrites, named after the original). Within a claim, copies keep their original's credit, restated and
relayed credits are followed, and one source's several names are one origin. The distinct origins are the
independent sources; ``explanation`` says why. docs/claims.md has every rule and what was measured.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from corroborator.attribution import SOURCE_NOUNS, TITLE_WORDS, is_generic, source_key
from corroborator.facts.mentions import CALENDAR_WORDS, MentionFacts, find_dates, mention_facts
from corroborator.linkage import average_link_groups
from corroborator.options import ClaimOptions
from corroborator.sources import Source
from corroborator.textutil import STOP_WORDS, date_key, words
from corroborator.types import (
    COPY_KINDS,
    PASSAGE_LABELS,
    Article,
    Attribution,
    Claim,
    ClaimLink,
    Mention,
    Origin,
    Relation,
    Story,
)
from corroborator.unionfind import UnionFind

CLAIM_LABELS = PASSAGE_LABELS


@dataclass(frozen=True, slots=True)
class MentionOrigin:
    """The origin one mention gets, before a claim gathers its mentions' origins into ``Origin`` records.

    ``relays`` are the outlets through which the article got it, nearest the article first ("Suspilne,
    citing Ukrainian intelligence sources, reported" -> Ukrainian intelligence sources, relays (Suspilne,)).
    """

    key: str
    label: str
    kind: str  # "source" or "article"
    reason: str
    relays: tuple[str, ...] = ()
    named: bool = True  # a name, not a description ("port officials")
    affiliation: str | None = None  # the organisation a person credited speaks for
    said: str = ""  # how the article named the source ("prison spokesman Al Quintero")
    unnamed: str = ""  # own reporting that credits only an unnamed source: its words ("media sources")


def copy_groups(articles: Sequence[Article], relations: Sequence[Relation]) -> dict[str, str]:
    """Article id -> the id of its copy group's original (itself when it has no copies)."""
    uf: UnionFind[str] = UnionFind()
    for art in articles:
        uf.find(art.id)
    parent_of: dict[str, str] = {}
    for rel in relations:
        if rel.kind in COPY_KINDS:
            uf.union(rel.a, rel.b)
            if rel.original:
                parent_of.setdefault(rel.other(rel.original), rel.original)
    members: dict[str, list[str]] = defaultdict(list)
    for art in articles:
        members[uf.find(art.id)].append(art.id)
    published = {a.id: date_key(a.meta.published) for a in articles}
    root: dict[str, str] = {}
    for ids in members.values():
        originals = [i for i in ids if i not in parent_of]
        head = min(originals or ids, key=lambda i: (published[i], i))
        for i in ids:
            root[i] = head
    return root


# Unnamed credits too vague to be one upstream ("sources said", "reports indicate", "experts say"): two
# outlets that each write "sources" may mean different people, so such a credit leaves the mention its
# outlet's own reporting (or, relayed, its relay's). An institutional description ("police", "the
# prosecutors", "Ukrainian intelligence sources") is one upstream within a claim: outlets relaying "police
# said" for one statement relay the police.
_VAGUE_HEADS = {
    "source", "sources", "report", "reports", "media", "outlet", "outlets", "commentators", "experts", "analysts",
    "observers", "people", "witnesses", "residents", "critics", "reporters", "journalists", "insiders", "rumors",
    "accounts", "posts", "users", "bloggers", "milbloggers", "some", "others", "many",
}  # fmt: skip
_CITING_CUES = {"citing", "cited", "quoted", "cited by", "quoted by"}
_PRONOUNS = {"he", "she", "it", "they", "i", "we", "you", "him", "her", "them", "who", "one", "which", "that", "this"}


@dataclass(frozen=True, slots=True)
class Credit:
    """One source a sentence credits: from an attribution made in it, an attribution whose content covers
    it, or the speaker of a quotation that fills it. ``source`` is the batch's canonical name when the
    sources stage merged it with others ("Trump" = "Donald Trump"), ``affiliation`` the organisation a
    person speaks for ("Tideline director Paul Okafor")."""

    source: str
    key: str
    cue: str
    via: str | None
    named: bool  # a name ("Suspilne", "Kim Yong-hyun"), not a description ("police", "sources")
    position: int
    affiliation: str | None = None
    written: str = ""  # the description as the article wrote it, when it was resolved to a name
    said: str = ""  # the words that name the source in the article ("prison spokesman Al Quintero")
    borrowed: str = ""  # why a neighbouring sentence's credit is this sentence's (the lede, a continuation)


# Definite descriptions of one organisation ("the authority", "the broadcaster") that name, within an
# article, the organisation credited before them whose name or description has that word.
_ORG_HEADS = {
    "authority", "broadcaster", "agency", "newspaper", "paper", "council", "ministry", "department", "company",
    "court", "committee", "network", "channel", "group", "outlet", "office", "service", "daily", "tabloid",
    "website", "site", "publication", "police", "commission", "board", "bureau", "government", "administration",
    "university", "hospital", "firm", "charity", "organisation", "organization", "union", "station", "magazine",
}  # fmt: skip


# ... and of one person ("the spokesman" after "prison spokesman Al Quintero").
_ROLE_HEADS = {
    "spokesman", "spokeswoman", "spokesperson", "prosecutor", "lawyer", "attorney", "coach", "minister",
    "president", "governor", "judge", "director", "secretary", "mayor", "sheriff", "chairman", "commissioner",
    "inspector", "detective", "superintendent", "senator", "ambassador", "general", "commander", "chief",
}  # fmt: skip
_NOT_AFFILIATION = {
    "the", "a", "an", "other", "some", "many", "several", "unnamed", "anonymous", "local", "senior", "top",
    "multiple", "two", "three", "four", "five", "media", "news", "independent", "outside", "online", "social",
    "former", "both", "all", "these", "those", "its", "his", "her", "their",
}  # fmt: skip


def _vague(name: str) -> bool:
    """An unnamed source that says no more than "someone": a vague head ("sources", "reports", "experts")
    without an affiliation ("Ukrainian intelligence sources" has one, "Other commentators" has none)."""
    tokens = [w.strip(".,") for w in name.split()]
    if not tokens:
        return True
    return tokens[-1].lower() in _VAGUE_HEADS and not any(
        w[:1].isupper() and w.lower() not in _NOT_AFFILIATION and w.lower() not in SOURCE_NOUNS for w in tokens[:-1]
    )


def _description_key(name: str) -> str:
    """Compare-key of an unnamed source: "The police" = "police"; "Ukrainian intelligence sources" =
    "Ukrainian intelligence" (a trailing "sources" adds nothing)."""
    key = source_key(name)
    trimmed = re.sub(r"\s+(?:sources?|officials?)$", "", key) if key.endswith(("source", "sources")) else key
    if re.fullmatch(
        r"(?:(?:two|three|several|some|other|police)\s+)?(?:police|cops|policemen|police officers|officers)", trimmed
    ):
        return "police"  # "cops", "officers", "police officers": the police, as news writes it
    return trimmed or key


def sentence_credits(
    article: Article, k: int, facts: MentionFacts, canon: Mapping[str, Source] | None = None
) -> list[Credit]:
    """What sentence ``k`` credits, in text order: the attributions made in it, attributions made elsewhere
    whose content span covers most of it (a credit whose scope runs on past its sentence), and the speaker
    of a quotation that fills most of it. Unresolved pronouns credit no one. Names are the batch's
    canonical ones (``canon``: source id -> source); a definite description of an organisation ("the
    authority") is the organisation the article credited before it with that word ("the Ellery Port
    Authority").

    A sentence that credits no one (or only "reports", "sources") but says it is reported ("reportedly",
    "is believed to", "allegedly") borrows a neighbour's named credit where news writing puts it: the
    lede, whose credit follows in one of the next two sentences about the same thing ("Some 18 soldiers
    are believed to have deserted." ... "..., when they deserted, the broadcaster reported."), and a
    sentence that goes on with the previous one's credited account in the same paragraph ("According to
    X, ... . A total of 18 reportedly deserted."). Without such a marker a lede is the outlet's own
    statement: on the claims audit, borrowing for every lede credited ledes that readers judged the
    outlet's own ("Microsoft has warned ...")."""
    canon = canon or {}
    own = _own_credits(article, k, facts, canon)
    if any(c.named or not _vague(c.source) for c in own):
        return own
    return _borrowed_credits(article, k, canon) or own


def _own_credits(article: Article, k: int, facts: MentionFacts, canon: Mapping[str, Source]) -> list[Credit]:
    span = article.sentences[k]
    size = max(1, span.end - span.start)
    atts = list(facts.attributions)
    for att in () if atts else article.attributions:  # a sentence that credits someone speaks for itself
        if att.sentence != k and att.content_start is not None and att.content_end is not None:
            covered = min(att.content_end, span.end) - max(att.content_start, span.start)
            if covered * 2 > size:
                atts.append(att)
    out = [
        _cited_upstream(article, a, canon)
        or _credit(article, a.source, a.source_text, a.source_id, a.cue, a.via, a.start, canon)
        for a in atts
        if a.source_key not in _PRONOUNS
    ]
    for quote in facts.quotes:
        covered = min(quote.end, span.end) - max(quote.start, span.start)
        if quote.speaker and covered * 2 > size and source_key(quote.speaker) not in _PRONOUNS:
            written = quote.speaker_text or quote.speaker
            out.append(_credit(article, quote.speaker, written, quote.speaker_id, "quoted", None, quote.start, canon))
    return sorted(out, key=lambda c: c.position)


# "X, which cited Y, ..." / "X cited Y as saying": the relay's verb with the upstream as its object.
_CITED_VERB = re.compile(r"(?:^|\s)(?:cited|quoted|citing|quoting)$", re.IGNORECASE)
_CITED_OBJECT = re.compile(
    r"((?:[\w’'.-]+\s+){0,5}?([\w’'.-]+))(?=\s*[,;:]|\s*$|\s+(?:as saying|as telling|that|who|which|in)\b)"
)


_QUOTED_AS_SAYING = re.compile(
    r"\b(?:quoted|cited)\s+((?:[\w’'.-]+\s+){0,5}?([\w’'.-]+))\s+as\s+(?:saying|telling|stating|writing)\b"
)


def _cited_upstream(article: Article, att: Attribution, canon: Mapping[str, Source]) -> Credit | None:
    """A credit whose verb cites someone else ("According to Ukrainska Pravda, which cited Ukrainian
    intelligence sources, ..."; "The paper quoted two officials as saying ..."): the parse makes the relay
    ("which" -> Ukrainska Pravda) the source and leaves the upstream in the content. The upstream, relayed by
    the attribution's source, when the content opens with a source phrase (a name, or a phrase headed by a
    source noun); None otherwise."""
    if att.content_start is None or not _CITED_VERB.search(att.cue) or att.cue.lower().endswith(" by"):
        return None
    content = article.text[att.content_start : att.content_end or att.content_start]
    m = _CITED_OBJECT.match(content)
    if m is None and att.sentence is not None:
        # '"...," the Daily News quoted witness Devonte Brown as saying': the quotation is the content, the
        # upstream the verb's object before "as saying".
        span = article.sentences[att.sentence]
        m = _QUOTED_AS_SAYING.search(article.text, max(span.start, att.source_end), span.end)
    if m is None:
        return None
    phrase, head = m.group(1), m.group(2).lower().strip(".")
    if head not in SOURCE_NOUNS and not _proper(phrase, article):
        return None
    relay = _credit(article, att.source, att.source_text, att.source_id, att.cue, att.via, att.start, canon)
    if not relay.named:
        return None  # only a named relay carries an upstream ("sources quoted by officials" is no chain)
    upstream = _credit(article, phrase, phrase, None, "citing", relay.source, att.start, canon)
    return replace(upstream, via=relay.source)


_REPORTED = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|is said to|are said to|was said to|were said to|"
    r"(?:is|are|was|were) believed to|(?:is|are|was|were) thought to)\b",
    re.IGNORECASE,
)


# What a sentence that names no source writes instead of one: a reported hedge, or reports as a noun ("other
# intelligence reports that up to 3,000 troops ...", "amid rumours that ...").
_UNNAMED = re.compile(
    f"(?i:{_REPORTED.pattern})"
    r"|\b(?:(?![a-z]+ed\b)[a-z]+\s+){0,2}(?i:reports?|claims|allegations|rumou?rs|speculation)(?=\s+that\b)"
)


def _quoted_at(article: Article, pos: int) -> bool:
    return any(q.start <= pos < q.end for q in article.quotes)


def _full_sentence(article: Article, k: int) -> bool:
    text = article.text[article.sentences[k].start : article.sentences[k].end].rstrip()
    return len(text.split()) >= 6 and text[-1:] in ".!?\"'”’"


def _borrowed_credits(article: Article, k: int, canon: Mapping[str, Source]) -> list[Credit]:
    """A neighbour's named credit for sentence ``k`` (``sentence_credits``), or none."""
    sentences = article.sentences
    text = article.text[sentences[k].start : sentences[k].end]

    def named_credits(j: int) -> list[Credit]:
        found = _own_credits(article, j, _credit_facts(article, j), canon)
        # A name ("the software giant said" lends no lede its voice), or a source a named outlet relays.
        return [c for c in found if c.named or c.via]

    # The lede: the first two full sentences (and a headline before them).
    full = [j for j in range(len(sentences)) if _full_sentence(article, j)][:2]
    if full and k <= full[-1] and _REPORTED.search(text):  # a lede that says it is reported, not its own
        mine = {w for w in words(text) if len(w) >= 5 and w not in STOP_WORDS and w in _lower_words(text)}
        for j in range(k + 1, min(k + 3, len(sentences))):
            credits = named_credits(j)
            if not credits:
                continue
            theirs = set(words(article.text[sentences[j].start : sentences[j].end]))
            if mine & theirs:
                note = f"the lede, credited in sentence {j + 1}"
                return [replace(c, written=c.written, borrowed=note) for c in credits]
            break
    # A reported sentence that continues the previous one's credited account in the same paragraph.
    if k > 0 and _REPORTED.search(text) and _same_paragraph(article, k - 1, k):
        credits = named_credits(k - 1)
        if credits:
            note = f"goes on with sentence {k}'s credited account"
            return [replace(c, borrowed=note) for c in credits]
    return []


def _credit_facts(article: Article, k: int) -> MentionFacts:
    """What ``sentence_credits`` reads of a sentence (its attributions and quotations), without the numbers,
    dates and names ``mention_facts`` also finds: origins are worked out for every unit of a story."""
    span = article.sentences[k]
    return MentionFacts(
        quantities=(),
        dates=(),
        names=(),
        quotes=tuple(q for q in article.quotes if q.start < span.end and span.start < q.end),
        attributions=tuple(a for a in article.attributions if a.sentence == k),
    )


@functools.lru_cache(maxsize=256)
def _lower_words(text: str) -> frozenset[str]:
    """The words a text writes in lower case (common words, not names)."""
    return frozenset(re.findall(r"\b[a-z][a-z'-]*\b", text))


def _same_paragraph(article: Article, i: int, k: int) -> bool:
    a, b = article.sentences[i], article.sentences[k]
    return any(p.start <= a.start and b.end <= p.end for p in article.paragraphs)


def _proper(name: str, article: Article) -> bool:
    """Whether a source is named: not a description ("officials", "port officials") but a name with a
    capitalised word that is no common word ("Port officials" opens a sentence: the article writes
    "port" in lower case elsewhere, so it is a description; "Ellery Port Authority" is a name)."""
    if is_generic(name):
        return False
    for k, token in enumerate(name.split()):
        word = token.strip(".,’'")
        if not word[:1].isupper() or word.lower() in ("the", "a", "an"):
            continue
        if k > 0 or word.lower() not in _lower_words(article.text):
            return True
    return False


def _credit(
    article: Article,
    name: str,
    written: str,
    source_id: str | None,
    cue: str,
    via: str | None,
    position: int,
    canon: Mapping[str, Source],
) -> Credit:
    source = canon.get(source_id) if source_id else None
    if source is not None and source.kind != "description" and _proper(source.name, article):
        return Credit(source.name, source_key(source.name), cue, via, True, position, source.affiliation, said=written)
    if _proper(name, article):
        return Credit(name, source_key(name), cue, via, True, position, said=written)
    words_ = [w.lower().strip(".,") for w in name.split()]
    if words_ and words_[0] == "the" and words_[-1] in _ORG_HEADS | _ROLE_HEADS:
        for att in sorted(article.attributions, key=lambda a: -a.start):
            if att.start >= position or not _proper(att.source, article):
                continue  # only a name resolves a description: no chain of descriptions
            said = {w.lower().strip(".,’'s") for w in f"{att.source} {att.source_text}".split()}
            if all(w in said for w in words_[1:]):
                resolved = _credit(article, att.source, att.source_text, att.source_id, cue, via, att.start, canon)
                return replace(resolved, written=name, position=position)
    return Credit(name, source_key(name), cue, via, False, position, said=written)


def mention_origin(
    article: Article,
    credits: Sequence[Credit],
    group_root: str,
    articles: dict[str, Article],
    group_sizes: dict[str, int],
    outlet_groups: dict[str, str],
    hedge: str = "",
) -> MentionOrigin:
    """One mention's origin from what its sentence credits, following a relay to the upstream source
    ("Suspilne, citing Ukrainian intelligence sources, reported" -> Ukrainian intelligence sources, relayed
    by Suspilne). A vague unnamed source ("sources cited by LIGA") stops at its relay; no credit, or the
    article's outlet crediting itself ("The Bay Post has learned"), is its copy group's own reporting. Own
    reporting that credits only a vague source, or says it is reported without naming anyone (``hedge``:
    "reportedly"), keeps those words (``unnamed``)."""
    own = source_key(article.meta.outlet) if article.meta.outlet else None
    credits = [c for c in credits if c.key != own]
    chains: list[tuple[Credit, str | None]] = []  # (upstream, the outlet that relayed it)
    for c in credits:
        if c.via:
            chains.append((c, None if source_key(c.via) == own else c.via))
        elif c.cue in _CITING_CUES:
            carrier = next((r for r in credits if r.key != c.key and r.cue not in _CITING_CUES and r.named), None)
            chains.append((c, carrier.source if carrier else None))
        else:
            chains.append((c, None))
    chains.sort(key=lambda ch: ch[1] is None)  # a relayed credit first: it reaches furthest upstream
    vague = ""  # the first vague credit's words: what the sentence writes instead of a source
    for c, relay in chains:
        if _vague(c.source):
            if relay is None:
                vague = vague or c.said or c.source
                continue
            reason = f"credits {c.source} via {relay}"
            c, relay = Credit(relay, source_key(relay), c.cue, None, True, c.position), None
        else:
            reason = f"credits {c.source}" + (f", relayed by {relay}" if relay else "")
        if relay is None and c.key in outlet_groups:
            # Crediting an outlet whose article is in this batch: that article's copy group (the claim
            # then follows that article's own credit for the statement, if it gives one).
            return replace(_group_origin(outlet_groups[c.key], articles, group_sizes, reason), said=c.source)
        key = c.key if c.named else _description_key(c.source)
        label = c.source if c.named else re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", c.source)
        if c.written:
            reason += f" ({c.written})"
        if c.borrowed:
            reason += f" ({c.borrowed})"
        return MentionOrigin(
            f"source:{key}", label, "source", reason, (relay,) if relay else (), c.named, c.affiliation, c.said
        )
    if unnamed := vague or hedge:
        why = f"its own reporting, crediting only an unnamed source ({unnamed})"
        return replace(_group_origin(group_root, articles, group_sizes, why), unnamed=unnamed)
    return _group_origin(group_root, articles, group_sizes, None)


def _group_origin(
    group_root: str, articles: dict[str, Article], group_sizes: dict[str, int], reason: str | None
) -> MentionOrigin:
    root = articles[group_root]
    copies = group_sizes[group_root] - 1
    label = root.label + (f" and {copies} cop{'y' if copies == 1 else 'ies'} of it" if copies else "")
    return MentionOrigin(
        f"article:{group_root}",
        label,
        "article",
        reason or ("its own reporting" if not copies else "its own reporting, copied"),
    )


Unit = tuple[str, int]  # (article id, index of the unit's first sentence)


def claim_units(article: Article, min_words: int) -> dict[int, tuple[int, ...]]:
    """The article's claim units: first sentence index -> the sentences of the unit.

    A unit is a sentence of at least ``min_words`` words, or a quotation that runs over several
    sentences (one statement, however many sentences it takes).
    """
    texts = [article.text[s.start : s.end] for s in article.sentences]
    uf: UnionFind[int] = UnionFind(range(len(texts)))
    for quote in article.quotes:
        inside = [k for k, s in enumerate(article.sentences) if s.start < quote.end and quote.start < s.end]
        for k in inside[1:]:
            uf.union(inside[0], k)
    units: dict[int, list[int]] = defaultdict(list)
    for k in range(len(texts)):
        units[uf.find(k)].append(k)
    return {
        members[0]: tuple(members)
        for members in units.values()
        if sum(len(texts[k].split()) for k in members) >= min_words
    }


SAME_BY_CONSTRUCTION = ("verbatim", "near_verbatim", "shared_quote")


def story_weights(articles: Sequence[Article]) -> dict[str, float]:
    """How specific each content word is within one story: log((n + 1) / (df + 0.5)) over its n articles.

    The words every report of a story shares ("North", "Korean", "soldiers") say which story it is,
    not which statement; the words only some reports use ("deserted", "18") say which statement.
    """
    df: Counter[str] = Counter()
    for art in articles:
        df.update({w for w in words(art.text) if w not in STOP_WORDS})
    n = len(articles)
    return {w: math.log((n + 1) / (count + 0.5)) for w, count in df.items()}


def specific_overlap(a: set[str], b: set[str], weights: Mapping[str, float]) -> float:
    """Weighted share of the lighter sentence's content words that the other sentence also uses."""
    wa = sum(weights.get(w, 0.0) for w in a)
    wb = sum(weights.get(w, 0.0) for w in b)
    if wa <= 0 or wb <= 0:
        return 0.0
    return sum(weights.get(w, 0.0) for w in a & b) / min(wa, wb)


def link_scores(
    articles: Sequence[Article],
    stories: Sequence[Story],
    relations: Sequence[Relation],
    vectors: Mapping[str, np.ndarray],
    units: Mapping[str, dict[int, tuple[int, ...]]],
    options: ClaimOptions,
    progress: Callable[[int, int], None] | None = None,
) -> dict[tuple[Unit, Unit], tuple[float, str]]:
    """Scores of unit pairs of different articles in one story that may state the same fact, with the
    alignment label that paired them ("scored" when only the score did).

    score = (1 - w) x sentence cosine + w x story-specific word overlap, with w =
    ``options.specific_weight``; pairs that alignment found verbatim, near-verbatim or an identical
    quotation score 1 (they state the same thing by construction). The result is in key order.

    Each article pair's sentence pairs are scored as arrays (numpy gives the same float64 arithmetic
    as one pair at a time); a unit pair that several sentence pairs reach (a quotation over several
    sentences) keeps the first pair's score and label unless a later one scores higher, as before.
    """
    by_id = {a.id: a for a in articles}
    unit_arrays: dict[str, np.ndarray] = {}  # sentence -> the first sentence of its unit, -1 when in none
    for aid, us in units.items():
        arr = np.full(max(len(vectors.get(aid, ())), len(by_id[aid].sentences)), -1, dtype=np.int64)
        for first, ks in us.items():
            arr[list(ks)] = first
        unit_arrays[aid] = arr
    # The label of an aligned sentence pair, by article pair; a later relation's label wins, as in one dict.
    labels: dict[tuple[str, str], dict[tuple[int, int], str]] = defaultdict(dict)
    aligned: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for rel in relations:
        for p in rel.alignment.pairs:
            labels[(rel.a, rel.b)][(p.i, p.j)] = p.label
            labels[(rel.b, rel.a)][(p.j, p.i)] = p.label
            aligned[(rel.a, rel.b)].append((p.i, p.j))
            aligned[(rel.b, rel.a)].append((p.j, p.i))
    # Each distinct content-word set gets an id, so the overlap of two sentences is computed once per
    # story however often the pair recurs (copies repeat sentences: the 50-article benchmark story scores
    # 180k sentence pairs, most of them repeats).
    set_ids: dict[frozenset[str], int] = {}
    content = {
        a.id: np.array(
            [
                set_ids.setdefault(
                    frozenset(w for w in words(a.text[s.start : s.end]) if w not in STOP_WORDS), len(set_ids)
                )
                for s in a.sentences
            ],
            dtype=np.int64,
        )
        for a in articles
    }
    sets = list(set_ids)
    n_sets = max(len(sets), 1)
    w = options.specific_weight
    names = sorted(by_id)
    rank = {aid: k for k, aid in enumerate(names)}
    # Scored unit pairs as arrays, the lower (article, unit) first: article ranks, units, score, label code.
    found: list[tuple[np.ndarray, ...]] = []
    label_names: list[str] = ["scored"]
    label_code: dict[str, int] = {"scored": 0}
    seen_pairs: set[tuple[str, str]] = set()
    repeated: list[tuple[str, int, str, int, float, str]] = []  # an article pair scored in two stories
    for done, story in enumerate(stories, start=1):
        ids = [aid for aid in story.articles if aid in vectors and len(vectors[aid])]
        weights = story_weights([by_id[aid] for aid in ids])
        overlaps: dict[int, float] = {}  # content-word set pair -> specific overlap
        # The story's sentences stacked: article x's rows start at offset[x]; each article's sentence
        # pairs with every later article of the story are scored as one array. (The cosines are still one
        # small product per pair: one large product would be split over threads by OpenBLAS, which stalls
        # when another process holds the second core.)
        offset = np.cumsum([0] + [len(vectors[aid]) for aid in ids])
        owner = np.repeat(np.arange(len(ids)), np.diff(offset))
        story_units = np.concatenate([unit_arrays[aid][: len(vectors[aid])] for aid in ids]) if ids else owner
        story_content = np.concatenate([_padded(content[aid], len(vectors[aid])) for aid in ids]) if ids else owner
        story_rank = np.array([rank[aid] for aid in ids], dtype=np.int64)
        for x, a in enumerate(ids[:-1]):
            start = int(offset[x + 1])
            cos = np.concatenate([vectors[a] @ vectors[b].T for b in ids[x + 1 :]], axis=1)
            ii, cc = np.nonzero(cos >= options.link_min_cosine)
            at = np.zeros(cos.shape, dtype=np.int64)  # label code of an aligned pair, 0 for none
            below: list[tuple[int, int]] = []
            for y in range(x + 1, len(ids)):
                b = ids[y]
                base = int(offset[y]) - start
                for i, j in aligned.get((a, b), ()):
                    if cos[i, base + j] < options.link_min_cosine:
                        below.append((i, base + j))  # aligned all the same (e.g. a short verbatim)
                for (i, j), label in labels.get((a, b), {}).items():
                    if label not in label_code:
                        label_code[label] = len(label_names)
                        label_names.append(label)
                    at[i, base + j] = label_code[label]
            if below:  # after the pair's other sentence pairs, as before
                ii = np.concatenate([ii, np.array([i for i, _ in below], dtype=ii.dtype)])
                cc = np.concatenate([cc, np.array([c for _, c in below], dtype=cc.dtype)])
                by_pair = np.argsort(owner[start + cc], kind="stable")
                ii, cc = ii[by_pair], cc[by_pair]
            ua, ub = unit_arrays[a][ii], story_units[start + cc]
            keep = (ua >= 0) & (ub >= 0)
            ii, cc, ua, ub = ii[keep], cc[keep], ua[keep], ub[keep]
            if not len(ii):
                continue
            cosine = cos[ii, cc].astype(np.float64)
            codes = at[ii, cc]
            same = np.isin(codes, [label_code[k] for k in SAME_BY_CONSTRUCTION if k in label_code])
            set_pairs = (content[a][ii] * n_sets + story_content[start + cc])[~same].tolist()
            specific = list(map(overlaps.get, set_pairs))
            if None in specific:
                for code in set(set_pairs).difference(overlaps):
                    x_set, y_set = divmod(code, n_sets)
                    overlaps[code] = specific_overlap(set(sets[x_set]), set(sets[y_set]), weights)
                specific = list(map(overlaps.__getitem__, set_pairs))
            score = np.ones(len(ii), dtype=np.float64)
            score[~same] = (1 - w) * cosine[~same] + w * np.array(specific, dtype=np.float64)
            ok = score >= options.link_min
            other, ua, ub, score, codes = owner[start + cc[ok]], ua[ok], ub[ok], score[ok], codes[ok]
            if not len(ua):
                continue
            again = np.array([(a, b) in seen_pairs or (b, a) in seen_pairs for b in ids], dtype=bool)[other]
            if again.any():
                repeated.extend(
                    (a, u, ids[y], v, s, label_names[c])
                    for y, u, v, s, c in zip(
                        other[again].tolist(),
                        ua[again].tolist(),
                        ub[again].tolist(),
                        score[again].tolist(),
                        codes[again].tolist(),
                        strict=True,
                    )
                )
                other, ua, ub, score, codes = other[~again], ua[~again], ub[~again], score[~again], codes[~again]
            seen_pairs.update((a, ids[y]) for y in np.unique(other).tolist())
            other, ua, ub, score, codes = _first_or_higher(other, ua, ub, score, codes)
            a_first = rank[a] < story_rank[other]
            b_rank = story_rank[other]
            found.append(
                (
                    np.where(a_first, rank[a], b_rank),
                    np.where(a_first, ua, ub),
                    np.where(a_first, b_rank, rank[a]),
                    np.where(a_first, ub, ua),
                    score,
                    codes,
                )
            )
        if progress:
            progress(done, len(stories))
    out: dict[tuple[Unit, Unit], tuple[float, str]] = {}
    if found:
        rlo, ulo, rhi, uhi, score, codes = (np.concatenate(parts) for parts in zip(*found, strict=True))
        order = np.lexsort((uhi, rhi, ulo, rlo))
        score = score[order]
        distinct, inverse = np.unique(score, return_inverse=True)  # few distinct scores: copies repeat pairs
        rounded = np.array([round(x, 4) for x in distinct.tolist()], dtype=np.float64)[inverse].tolist()
        names_of = np.array(names, dtype=object)
        lows = zip(names_of[rlo[order]].tolist(), ulo[order].tolist(), strict=True)
        highs = zip(names_of[rhi[order]].tolist(), uhi[order].tolist(), strict=True)
        found_labels = np.array(label_names, dtype=object)[codes[order]].tolist()
        out = dict(zip(zip(lows, highs, strict=True), zip(rounded, found_labels, strict=True), strict=True))
    if repeated:
        for a, u, b, v, s, label in repeated:
            key = ((a, u), (b, v)) if (a, u) <= (b, v) else ((b, v), (a, u))
            if key not in out or s > out[key][0]:
                out[key] = (round(s, 4), label)
        out = dict(sorted(out.items()))
    return out


_YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b")
_DAY = re.compile(r"(?:\d{4}|-)-\d\d-\d\d$")
_STAMP_WORDS = CALENDAR_WORDS | {
    "posted", "updated", "published", "last", "modified", "am", "pm", "a.m", "p.m", "et", "est", "edt", "gmt", "utc",
    "bst", "cet", "pst", "pdt", "by", "on", "at", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "date", "time",
    "updated:", "posted:",
}  # fmt: skip


def _page_stamp(article: Article, sentences: Sequence[int]) -> bool:
    """A dateline or time stamp ("Posted 12/19/2005 3:36 PM"): no statement, never a claim."""
    text = " ".join(article.text[article.sentences[k].start : article.sentences[k].end] for k in sentences)
    content = [w for w in re.findall(r"[A-Za-z][A-Za-z.]+", text) if w.lower().rstrip(".") not in _STAMP_WORDS]
    return len(content) < 2 and bool(re.search(r"\d", text))


@dataclass(frozen=True, slots=True)
class UnitFacts:
    """What a claim unit must share with another to state the same thing."""

    years: frozenset[str]
    quoted: frozenset[str] | None  # the content words it quotes, when quotations fill most of it
    days: frozenset[str] = frozenset()  # calendar days it names outright ("October 14", "Oct. 20, 2011")


def unit_facts(article: Article, sentences: Sequence[int]) -> UnitFacts:
    start, end = article.sentences[sentences[0]].start, article.sentences[sentences[-1]].end
    text = article.text[start:end]
    quotes = [q for q in article.quotes if q.start < end and start < q.end]
    covered = sum(min(q.end, end) - max(q.start, start) for q in quotes)
    quoted = None
    if quotes and covered * 2 > end - start:
        quoted = frozenset(w for q in quotes for w in words(q.text) if w not in STOP_WORDS)
    days = frozenset(
        d.value[-5:] for d in find_dates(text, start, None) if d.value and not d.relative and _DAY.match(d.value)
    )  # month and day only: a year the text leaves out is not guessed
    return UnitFacts(frozenset(_YEAR.findall(text)), quoted, days)


def compatible(a: UnitFacts, b: UnitFacts) -> bool:
    """Whether two units may state one fact: not when both give years and share none (the 1959 sentence is
    not the 1997 one), nor when both are quotations that share less than half the shorter one's words
    (two things one speaker said)."""
    if a.years and b.years and not a.years & b.years:
        return False
    if a.days and b.days and not a.days & b.days:
        return False  # restored on October 14 is not restored on November 4
    if a.quoted and b.quoted:
        return len(a.quoted & b.quoted) * 2 >= min(len(a.quoted), len(b.quoted))
    return True


def merge_restatements(
    groups: Sequence[list[Unit]],
    scores: Mapping[tuple[Unit, Unit], float],
    threshold: float,
    min_shared: int = 1,
    restates: Callable[[Unit, Unit], bool] | None = None,
    roots: Mapping[str, str] | None = None,
    evidence: Callable[[Unit, Unit], bool] | None = None,
) -> list[list[Unit]]:
    """Merge claims that state one fact but could not merge because an article states it in both.

    Average linkage never puts two units of one article in a claim, so an article that states a fact
    twice (a lede and a later sentence: "18 soldiers deserted" ... "18 soldiers fled their positions")
    splits the other articles' units between two claims. Two claims merge here when the average score
    of their cross pairs *of different articles* reaches ``threshold``, the test average linkage applies
    (pairs of one article are not scored and do not count), best pair first, and when every article the
    two claims share can be restating itself (``restates`` of its two units: the same counts and years, not
    "7 pylons at section 3" and "8 pylons at section 4"). Shared articles are counted by copy group
    (``roots``): a copy and its original restate nothing, the alignment already paired their sentences.
    Groups are kept in order.
    """
    members: dict[int, list[Unit]] = {k: list(g) for k, g in enumerate(groups)}
    owners: dict[int, Counter[str]] = {k: Counter(u[0] for u in g) for k, g in members.items()}
    group_of = {u: k for k, g in members.items() for u in g}
    sums: dict[int, dict[int, float]] = defaultdict(dict)
    for (a, b), score in scores.items():
        x, y = group_of.get(a), group_of.get(b)
        if x is None or y is None or x == y or score <= 0:
            continue
        sums[x][y] = sums[x].get(y, 0.0) + score
        sums[y][x] = sums[y].get(x, 0.0) + score

    def average(x: int, y: int) -> float:
        pairs = len(members[x]) * len(members[y]) - sum(n * owners[y][art] for art, n in owners[x].items())
        return sums[x].get(y, 0.0) / pairs if pairs > 0 else 0.0

    def restated(x: int, y: int) -> bool:
        """Two claims that two articles or more state in both: the sign of a fact split by restatement."""
        shared = set(owners[x]) & set(owners[y])
        if len({roots.get(a, a) for a in shared} if roots else shared) < min_shared or average(x, y) < threshold:
            return False
        if evidence is not None and not any(evidence(u, v) for u in members[x] for v in members[y] if u[0] != v[0]):
            return False  # nothing beyond the scores says the two are one fact
        return restates is None or all(
            restates(u, v) for u in members[x] for v in members[y] if u[0] == v[0] and u[0] in shared
        )

    heap = [(-average(x, y), x, y) for x in list(sums) for y in sums[x] if x < y and restated(x, y)]
    heapq.heapify(heap)
    next_id = len(groups)
    first = {k: k for k in members}  # where a merged group sits in the output: its earliest part's place
    while heap:
        _negative, x, y = heapq.heappop(heap)
        if x not in members or y not in members:
            continue
        merged = next_id
        next_id += 1
        members[merged] = members.pop(x) + members.pop(y)
        owners[merged] = owners.pop(x) + owners.pop(y)
        first[merged] = min(first[x], first[y])
        row: dict[int, float] = {}
        for old in (x, y):
            for other, total in sums.pop(old, {}).items():
                if other not in (x, y):
                    row[other] = row.get(other, 0.0) + total
                    sums[other].pop(old, None)
        sums[merged] = row
        for other, total in row.items():
            sums[other][merged] = total
            if restated(merged, other):
                heapq.heappush(heap, (-average(merged, other), min(merged, other), max(merged, other)))
    return [members[k] for k in sorted(members, key=first.__getitem__)]


def _padded(values: np.ndarray, length: int) -> np.ndarray:
    """``values`` cut or padded with -1 to ``length`` entries (an article's per-sentence values beside its
    vector rows)."""
    if len(values) >= length:
        return values[:length]
    return np.concatenate([values, np.full(length - len(values), -1, dtype=values.dtype)])


def _first_or_higher(
    other: np.ndarray, ua: np.ndarray, ub: np.ndarray, score: np.ndarray, codes: np.ndarray
) -> tuple[np.ndarray, ...]:
    """One entry per unit pair (``ua`` of one article, ``ub`` of article ``other``) from its sentence pairs
    in the order scored: the first one's score (rounded to 4 places) and label, replaced by a later one
    that scores higher than that."""
    key = (other * (int(ua.max()) + 1) + ua) * (int(ub.max()) + 1) + ub
    _distinct, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    repeated = counts[inverse] > 1
    if not repeated.any():
        return other, ua, ub, score, codes
    kept: dict[int, int] = {}  # unit pair key -> the index of the entry that holds it
    rounded: dict[int, float] = {}
    for k in np.flatnonzero(repeated).tolist():
        pair, s = int(key[k]), float(score[k])
        if pair not in kept or s > rounded[pair]:
            kept[pair] = k
            rounded[pair] = round(s, 4)
    chosen = np.sort(np.concatenate([np.flatnonzero(~repeated), np.array(list(kept.values()), dtype=np.int64)]))
    return other[chosen], ua[chosen], ub[chosen], score[chosen], codes[chosen]


def outlet_groups(articles: Sequence[Article], roots: Mapping[str, str]) -> dict[str, str]:
    """Outlet key -> the copy group of that outlet's earliest article in the batch (a mention crediting
    an outlet of the batch has that article's group as its origin)."""
    out: dict[str, str] = {}
    for art in sorted(articles, key=lambda a: (date_key(a.meta.published), a.id)):
        if art.meta.outlet:
            out.setdefault(source_key(art.meta.outlet), roots[art.id])
    return out


def claim_order(claim: Claim, articles: Mapping[str, Article]) -> tuple[str, int, tuple[str, int], str]:
    """The order ``build_claims`` returns claims in: by story, most articles first, then the first mention's
    date and offset."""
    first = claim.mentions[0]
    return (
        claim.story or "",
        -len(claim.articles),
        (date_key(articles[first.article].meta.published), first.start),
        claim.id,
    )


def build_claims(
    articles: Sequence[Article],
    stories: Sequence[Story],
    relations: Sequence[Relation],
    vectors: Mapping[str, np.ndarray],
    options: ClaimOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
    only: Collection[str] | None = None,
    sources: Sequence[Source] = (),
) -> list[Claim]:
    """Claims of every story: units that state the same fact, grouped by average linkage.

    Args:
        articles, stories, relations: the earlier stages' records.
        vectors: each article's sentence vectors (unit rows, one per sentence), by article id.
        options: thresholds of the grouping.
        progress: told ``(stories scored, stories)`` as each story's sentence pairs are scored.
        sources: the batch's canonical sources (``Report.sources``): credits name them, so "Trump" and
            "Donald Trump" are one origin, and a person keeps the organisation they speak for.
        only: the ids of the stories to build claims for (default: all). The claims of a story are the
            same whichever other stories are built: they read its articles, the relations among them and
            their vectors, and outside the story only the copy groups (``copy_groups``: the root, its
            size and label) and ``outlet_groups``. A case rebuilds only the stories where one of those
            changed (``pipeline._story_claim_keys``: keep it in step with what is read here).
    """
    options = options or ClaimOptions()
    canon = {src.id: src for src in sources}
    by_id = {a.id: a for a in articles}
    roots = copy_groups(articles, relations)
    group_size: dict[str, int] = defaultdict(int)
    for aid in roots:
        group_size[roots[aid]] += 1
    story_of = {aid: s.id for s in stories for aid in s.articles}
    scope = articles
    if only is not None:
        stories = [s for s in stories if s.id in only]
        members = {aid for s in stories for aid in s.articles}
        scope = [a for a in articles if a.id in members]
    units = {
        a.id: {first: ks for first, ks in claim_units(a, options.min_words).items() if not _page_stamp(a, ks)}
        for a in scope
    }
    scored = link_scores(scope, stories, relations, vectors, units, options, progress)
    # A link needs facts that can be one statement's: the same years where both give one, and where both
    # are quotations, the same words quoted (two quotes of one speaker are two statements).
    facts = {(a.id, first): unit_facts(a, ks) for a in scope for first, ks in units[a.id].items()}
    bound = {unit for unit, f in facts.items() if f.years or f.quoted or f.days}  # the units a check can refuse
    scored = {
        pair: value
        for pair, value in scored.items()
        if value[0] >= 1.0 or pair[0] not in bound or pair[1] not in bound or compatible(facts[pair[0]], facts[pair[1]])
    }
    items = [(a.id, first) for a in scope for first in units[a.id]]
    groups = average_link_groups(
        items,
        {pair: score for pair, (score, _label) in scored.items()},
        {u: f"{u[0]}:{u[1]}" for u in items},
        options.link_threshold,
    )
    # Two units alone need more than the average a larger claim needs: one link, nothing to corroborate it
    # (on the claims audit most two-article claims that joined two statements scored 0.50-0.55).
    groups = [
        part
        for group in groups
        for part in (
            [[u] for u in group]
            if len(group) == 2 and scored.get((min(group), max(group)), (0.0, ""))[0] < options.pair_threshold
            else [group]
        )
    ]
    if options.restatements:
        unit_counts = {(a.id, first): _counts(a, ks) for a in scope for first, ks in units[a.id].items()}
        groups = merge_restatements(
            groups,
            {
                pair: min(score + options.restated_count_bonus, 0.99)
                if options.restated_count_bonus and unit_counts[pair[0]] & unit_counts[pair[1]] and score < 1.0
                else score
                for pair, (score, _label) in scored.items()
            },
            options.link_threshold,
            options.restated_shared,
            lambda u, v: _restates(unit_counts[u], unit_counts[v]) and compatible(facts[u], facts[v]),
            roots,
            (lambda u, v: bool(unit_counts[u] & unit_counts[v])) if options.restated_needs_count else None,
        )
    outlets = outlet_groups(articles, roots)
    group_of = {unit: k for k, group in enumerate(groups) for unit in group}
    links_of: dict[int, list[ClaimLink]] = defaultdict(list)
    for (x, y), (score, label) in sorted(scored.items()):
        if group_of[x] == group_of[y]:
            links_of[group_of[x]].append(ClaimLink(x[0], x[1], y[0], y[1], label, score))
    # A copy's sentence -> the sentence of its original it was aligned with.
    aligned_in_root: dict[tuple[str, int], int] = {}
    for rel in relations:
        for copy, original, flip in ((rel.a, rel.b, False), (rel.b, rel.a, True)):
            if roots.get(copy) == original and copy != original:
                for p in rel.alignment.pairs:
                    i, j = (p.j, p.i) if flip else (p.i, p.j)
                    aligned_in_root.setdefault((copy, i), j)
    # What each sentence credits, worked out once: units read it, and so do the claims' mentions.
    sentence_origins: dict[tuple[str, int], tuple[MentionOrigin, bool]] = {}

    def sentence_origin(aid: str, k: int) -> tuple[MentionOrigin, bool]:
        """The sentence's origin, and whether it credits anyone at all (a vague source or its own outlet)."""
        if (aid, k) not in sentence_origins:
            art = by_id[aid]
            credits = sentence_credits(art, k, _credit_facts(art, k), canon)
            span = art.sentences[k]
            hedged = _UNNAMED.search(art.text, span.start, span.end)
            hedge = hedged.group(0) if hedged and not _quoted_at(art, hedged.start()) else ""
            origin = mention_origin(art, credits, roots[aid], by_id, group_size, outlets, hedge)
            sentence_origins[(aid, k)] = (origin, bool(credits))
        return sentence_origins[(aid, k)]

    # Relays the story names: an outlet credited anywhere in the story as relaying one upstream source (and
    # only one) relays it for the story's claims too, where a claim credits it bare (rule 5).
    relays_in: dict[str, dict[str, dict[str, tuple[MentionOrigin, str]]]] = defaultdict(lambda: defaultdict(dict))
    for aid in units:
        for unit_sentences in units[aid].values():
            for j in unit_sentences:
                origin = sentence_origin(aid, j)[0]
                if origin.kind == "source" and origin.relays:
                    where = f"{by_id[aid].label} (sentence {j + 1})"
                    relays_in[story_of.get(aid, "")][source_key(origin.relays[0])].setdefault(
                        origin.key, (origin, where)
                    )
    story_relays = {
        story: {relay: one for relay, ups in by_relay.items() if (one := _one_upstream(ups)) is not None}
        for story, by_relay in relays_in.items()
    }
    unit_origin = {
        (aid, first): _unit_origin(aid, members, roots[aid], sentence_origin)
        for aid in units
        for first, members in units[aid].items()
    }
    claims = []
    for k, group in enumerate(groups):
        nodes = [(aid, s) for aid, first in group for s in units[aid][first]]
        links = tuple(links_of.get(k, ()))
        same_words = [(link.a, link.b) for link in links if link.label in ("verbatim", "near_verbatim")]
        restated = _original_credits(group, units, unit_origin, aligned_in_root, roots)
        for aid, origin in _restated_credits(group, units, unit_origin, scored, roots, vectors, options, by_id).items():
            restated.setdefault(aid, origin)
        found = {node: sentence_origin(*node)[0] for node in nodes}
        relays = story_relays.get(story_of.get(group[0][0], ""), {})
        claim, _first = _claim(nodes, by_id, roots, group_size, story_of, found, same_words, restated, relays)
        claims.append(replace(claim, links=links))
    claims.sort(key=lambda c: claim_order(c, by_id))
    return claims


def _unit_origin(
    aid: str,
    members: Sequence[int],
    root: str,
    sentence_origin: Callable[[str, int], tuple[MentionOrigin, bool]],
) -> MentionOrigin | None:
    """The origin a unit's own words give it: the first source its sentences credit; its own reporting when
    it credits only a vague source or its own outlet ("Other commentators suggest"); None when it credits
    no one (then the claim may look elsewhere: its original, or the article's restatement)."""
    own: MentionOrigin | None = None
    for k in members:
        origin, credits_anyone = sentence_origin(aid, k)
        if origin.key != f"article:{root}":
            return replace(origin, reason=f"{origin.reason} (sentence {k + 1})")
        if credits_anyone:
            own = origin
    return own


def _original_credits(
    group: Sequence[Unit],
    units: Mapping[str, dict[int, tuple[int, ...]]],
    unit_origin: Mapping[Unit, MentionOrigin | None],
    aligned_in_root: Mapping[tuple[str, int], int],
    roots: Mapping[str, str],
) -> dict[str, MentionOrigin]:
    """A copy's sentence that credits no one, or only a vague source, keeps the credit of its original's
    aligned sentence: a rewrite that drops "the broadcaster reported" (or moves it, or turns "intelligence
    officials cited by the broadcaster" into "intelligence sources") is no new source."""
    out: dict[str, MentionOrigin] = {}
    for aid, first in group:
        root = roots[aid]
        mine = unit_origin.get((aid, first))
        if root == aid or (mine is not None and mine.key != f"article:{root}"):
            continue  # an original, or a sentence that says where it comes from
        for k in units[aid][first]:
            j = aligned_in_root.get((aid, k))
            root_unit = next((f for f, ks in units.get(root, {}).items() if j in ks), None) if j is not None else None
            origin = unit_origin.get((root, root_unit)) if root_unit is not None else None
            if origin is not None and origin.key != f"article:{root}":
                out[aid] = replace(origin, reason=f"{origin.reason}, in its original's matching sentence")
                break
    return out


def _restated_credits(
    group: Sequence[Unit],
    units: Mapping[str, dict[int, tuple[int, ...]]],
    unit_origin: Mapping[Unit, MentionOrigin | None],
    scored: Mapping[tuple[Unit, Unit], tuple[float, str]],
    roots: Mapping[str, str],
    vectors: Mapping[str, np.ndarray],
    options: ClaimOptions,
    by_id: Mapping[str, Article],
) -> dict[str, MentionOrigin]:
    """Credits an article gives the claim in another of its sentences. A claim holds one unit per article,
    but articles state a fact twice: a bullet or lede without a credit, then the credited sentence ("Some
    18 servicemen deserted." ... "Ukrainian outlets such as Suspilne revealed that roughly 18 soldiers
    deserted"). When an article's unit in the claim credits no one and another unit of the same article
    credits a source and states the same thing, the claim takes that credit for the article. The same
    thing: that unit matches the claim as a whole (its average score against the claim's units of other
    copy groups reaches the grouping threshold, the test average linkage applies), or it matches the
    claim above ``link_min`` on average and restates the article's own unit (sentence cosine >=
    ``restated_cosine``, or the same count that most of the claim's other articles give: ``_same_count``)."""
    out: dict[str, MentionOrigin] = {}
    for aid, first in group:
        if unit_origin.get((aid, first)) is not None:
            continue
        others = [u for u in group if roots[u[0]] != roots[aid]]
        if not others:
            continue
        best: tuple[float, MentionOrigin] | None = None
        mine = _numbers(by_id[aid], units[aid][first])
        for other_first in units[aid]:
            origin = unit_origin.get((aid, other_first))
            if other_first == first or origin is None or origin.key == f"article:{roots[aid]}":
                continue
            theirs = _numbers(by_id[aid], units[aid][other_first])
            if mine and theirs and not mine & theirs:
                continue  # "a 5.2 quake injured three" does not restate "earlier, a 5.6 quake jolted the island"
            unit = (aid, other_first)
            total = 0.0
            for u in others:
                pair = (unit, u) if unit <= u else (u, unit)
                total += scored.get(pair, (0.0, ""))[0]
            average = total / len(others)
            rows = vectors.get(aid)
            same = (
                float(rows[first] @ rows[other_first]) >= options.restated_cosine
                if rows is not None and len(rows) > max(first, other_first)
                else False
            )
            same = same or _same_count(by_id[aid], units[aid][first], units[aid][other_first], others, units, by_id)
            if (average >= options.link_threshold or (average >= options.link_min and same)) and (
                best is None or average > best[0]
            ):
                best = (average, origin)
        if best is not None:
            origin = best[1]
            out[aid] = replace(origin, reason=f"{origin.reason}, which restates it")
    return out


# A count in digits: not part of a score, a time, a date or a code ("17-7", "12:31", "9/11", "A-10").
_COUNT = re.compile(r"(?<![\w.,:/$-])\d{1,3}(?:,\d{3})*(?:\.\d+)?(?![\w:/-]|\.\d|,\d)")


def _restates(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """Whether two units of one article can state one fact by their counts: not when both give counts and
    neither's are all in the other's ("7 pylons at section 3" is not "8 pylons at section 4")."""
    return not mine or not theirs or mine <= theirs or theirs <= mine


@functools.lru_cache(maxsize=4096)
def _counts_in(text: str) -> frozenset[str]:
    """The numbers a text writes in digits that can count something: one to three digits, or more with
    thousands separators (commas dropped: "10,000" = "10000"; "1500" and years are not read), not 0-9 (too
    common to tell two statements apart), not part of a score, a time, a date or a code."""
    found = {m.group().replace(",", "") for m in _COUNT.finditer(text)}
    return frozenset(n for n in found if not re.fullmatch(r"\d", n))  # "2,000 troops" is a count; "2000" not read


def _counts(article: Article, sentences: Sequence[int]) -> frozenset[str]:
    """``_counts_in`` of a unit's text (cached by text: the restatement merge and restated credits both ask)."""
    return _counts_in(article.text[article.sentences[sentences[0]].start : article.sentences[sentences[-1]].end])


def _numbers(article: Article, sentences: Sequence[int]) -> frozenset[str]:
    """Every number written in digits in a unit, outside quotation marks ("magnitude-5.2", "5.6", "930")."""
    start, end = article.sentences[sentences[0]].start, article.sentences[sentences[-1]].end
    return frozenset(
        m.group(0).replace(",", "")
        for m in re.finditer(r"\d+(?:[.,]\d+)*", article.text[start:end])
        if not _quoted_at(article, start + m.start())
    )


def _same_count(
    article: Article,
    mine: Sequence[int],
    theirs: Sequence[int],
    others: Sequence[Unit],
    units: Mapping[str, dict[int, tuple[int, ...]]],
    by_id: Mapping[str, Article],
) -> bool:
    """Whether two units of one article restate one count of the claim: both give a number (in digits, not
    a year, not 0-9) that most of the claim's units in other articles give too ("Some 18 servicemen
    deserted." and "Suspilne revealed that roughly 18 soldiers deserted", in a claim of "18 deserted")."""
    shared = _counts(article, mine) & _counts(article, theirs)
    if not shared or not others:
        return False
    backing = sum(1 for aid, first in others if shared & _counts(by_id[aid], units[aid][first]))
    return backing * 2 > len(others)


def _claim(
    nodes: list[tuple[str, int]],
    articles: dict[str, Article],
    roots: dict[str, str],
    group_size: dict[str, int],
    story_of: dict[str, str],
    found: Mapping[tuple[str, int], MentionOrigin],
    same_words: Sequence[tuple[str, str]] = (),
    restated: Mapping[str, MentionOrigin] | None = None,
    story_relays: Mapping[str, tuple[MentionOrigin, str]] | None = None,
) -> tuple[Claim, tuple[str, int]]:
    published = {aid: date_key(articles[aid].meta.published) for aid, _ in nodes}
    nodes = sorted(nodes, key=lambda n: (roots[n[0]] != n[0], published[n[0]], n[0], n[1]))
    facts_of = {(aid, k): mention_facts(articles[aid], k) for aid, k in nodes}
    origin_of = _resolve_origins(
        nodes, found, articles, roots, group_size, same_words, restated or {}, story_relays or {}
    )
    mentions: list[Mention] = []
    origins: dict[str, dict[str, list[str]]] = {}
    origin_meta: dict[str, MentionOrigin] = {}
    article_ids: list[str] = []
    for aid, k in nodes:
        art = articles[aid]
        span = art.sentences[k]
        origin = origin_of[aid]
        origin_meta.setdefault(origin.key, origin)
        entry = origins.setdefault(origin.key, {"articles": [], "reasons": [], "relays": []})
        if aid not in entry["articles"]:
            entry["articles"].append(aid)
            entry["reasons"].append(f"{art.label}: {origin.reason}")
            entry["relays"] += [r for r in origin.relays if r not in entry["relays"]]
        if aid not in article_ids:
            article_ids.append(aid)
        mentions.append(
            Mention(
                article=aid,
                sentence=k,
                start=span.start,
                end=span.end,
                text=art.text[span.start : span.end],
                origin=origin.key,
                group=roots[aid],
                facts=facts_of[(aid, k)],
            )
        )
    records = tuple(
        Origin(
            id=key,
            name=origin_meta[key].label,
            kind="source" if origin_meta[key].kind == "source" else "article",
            articles=tuple(entry["articles"]),
            reasons=tuple(entry["reasons"]),
            relays=tuple(entry["relays"]),
            unnamed=tuple(dict.fromkeys(origin_of[a].unnamed for a in entry["articles"] if origin_of[a].unnamed))
            if origin_meta[key].kind != "source"
            else (),
        )
        for key, entry in origins.items()
    )
    first = mentions[0]
    explanation = explain(len(article_ids), records, {aid: origin_of[aid] for aid in article_ids}, articles, roots)
    key = " ".join(f"{aid}:{k}" for aid, k in sorted((m.article, m.sentence) for m in mentions))
    claim = Claim(
        id="c-" + hashlib.sha1(key.encode()).hexdigest()[:10],
        story=story_of.get(first.article),
        text=first.text,
        articles=tuple(article_ids),
        mentions=tuple(mentions),
        independent_sources=len(records),
        origins=records,
        explanation=explanation,
    )
    return claim, (published[first.article], first.start)


def _resolve_origins(
    nodes: Sequence[tuple[str, int]],
    found: Mapping[tuple[str, int], MentionOrigin],
    articles: dict[str, Article],
    roots: Mapping[str, str],
    group_size: Mapping[str, int],
    same_words: Sequence[tuple[str, str]],
    restated: Mapping[str, MentionOrigin],
    story_relays: Mapping[str, tuple[MentionOrigin, str]] | None = None,
) -> dict[str, MentionOrigin]:
    """One origin per article of a claim, in this order:

    1. one unit, one origin: the first source the article's sentences in the claim credit;
    2. else a credit the article gives the same fact in another sentence (``_restated_credits``);
    3. else, in a copy group, the source another member of the group credits for it (a rewrite that drops
       "the broadcaster reported" is no new source);
    4. a credit to an outlet whose article is in the batch follows that article's own origin for the claim
       ("the Times reported" + the Times crediting the police -> the police, relayed by the Times);
    5. a source credited bare that another article names as the relay of an upstream source is that
       upstream ("Suspilne reported" + "Suspilne, citing Ukrainian intelligence sources" -> Ukrainian
       intelligence sources, relayed by Suspilne); where the claim does not say, the story may
       (``story_relays``: a relay credited with one upstream source, and only that one, anywhere in the story);
    6. articles that state the claim word for word (or nearly) and credit no one share one origin: identical
       sentences are no evidence of independent reporting (a wire story).
    Else the article's copy group's own reporting."""
    own_key = {aid: f"article:{roots[aid]}" for aid, _ in nodes}
    origin_of: dict[str, MentionOrigin] = {}
    for aid, k in nodes:
        origin = found[(aid, k)]
        if aid not in origin_of or (origin_of[aid].key == own_key[aid] and origin.key != own_key[aid]):
            origin_of[aid] = origin
    for aid in origin_of:
        if origin_of[aid].key == own_key[aid] and aid in restated:
            origin_of[aid] = restated[aid]
    credited_in_group: dict[str, MentionOrigin] = {}
    for aid, origin in origin_of.items():
        if origin.key != own_key[aid] and not origin.key.startswith("article:"):
            credited_in_group.setdefault(roots[aid], origin)
    named_in_group: dict[str, MentionOrigin] = {}
    for aid, origin in origin_of.items():
        if origin.kind == "source" and origin.named:
            named_in_group.setdefault(roots[aid], origin)
    for aid, origin in list(origin_of.items()):
        if origin.key == own_key[aid] and roots[aid] in credited_in_group and group_size[roots[aid]] > 1:
            inherited = credited_in_group[roots[aid]]
            origin_of[aid] = replace(inherited, reason=f"{inherited.reason}, via its copy group")
        elif origin.kind == "source" and not origin.named and not origin.relays and roots[aid] in named_in_group:
            # A rewrite that turns "the Ellery Port Authority said" into "port officials said" credits the
            # same source in vaguer words.
            inherited = named_in_group[roots[aid]]
            origin_of[aid] = replace(
                inherited, reason=f"{origin.reason}, which its copy group names: {inherited.label}"
            )
    # 4. A credit to an article of the batch: that article's origin for this claim, when it has one.
    for aid, origin in list(origin_of.items()):
        if origin.key.startswith("article:") and origin.key != own_key[aid]:
            target = origin.key.removeprefix("article:")
            upstream = next(
                (o for other, o in origin_of.items() if roots[other] == target and o.kind == "source"), None
            )
            if upstream is not None:
                outlet = origin.said or articles[target].label  # the outlet as this article credits it
                origin_of[aid] = replace(
                    upstream,
                    reason=f"{origin.reason}, which credits {upstream.label}",
                    relays=(outlet, *upstream.relays),
                )
    # 5. A bare credit to a relay of an upstream source: that upstream, relayed.
    upstream_of: dict[str, set[str]] = defaultdict(set)
    by_key: dict[str, MentionOrigin] = {}
    for origin in origin_of.values():
        if origin.kind == "source" and origin.relays:
            upstream_of[source_key(origin.relays[0])].add(origin.key)
            by_key.setdefault(origin.key, origin)
    story_relays = story_relays or {}
    for aid, origin in list(origin_of.items()):
        relay_key = origin.key.removeprefix("source:")
        if origin.kind != "source" or origin.relays:
            continue
        if len(upstream_of.get(relay_key, ())) == 1:
            (up,) = upstream_of[relay_key]
            upstream = by_key[up]
            why = f"which another article says relays {upstream.label}"
        elif relay_key not in upstream_of and relay_key in story_relays:
            upstream, where = story_relays[relay_key]
            why = f"which {where} says relays {upstream.label} in this story"
        else:
            continue
        origin_of[aid] = MentionOrigin(
            upstream.key, upstream.label, "source", f"{origin.reason}, {why}", (origin.label,)
        )
    # One source under several names within a claim: a surname and the full name ("Manning", "Peyton
    # Manning"), a description and a fuller one ("officials", "federal officials"), a role and the person
    # another article names in it ("the spokesman", "prison spokesman Al Quintero").
    merged_into = _same_source_names([o for o in origin_of.values() if o.kind == "source"])
    for aid, origin in list(origin_of.items()):
        other_name = merged_into.get(origin.key)
        if other_name is not None:
            origin_of[aid] = replace(
                other_name,
                reason=f"{origin.reason}, which the claim's other articles name {other_name.label}",
                relays=origin.relays,
            )
    # A person who speaks for an organisation the claim also credits is that organisation's voice, not a
    # second origin ("Tideline director Paul Okafor" and "Tideline").
    orgs = {o.key: o for o in origin_of.values() if o.kind == "source"}
    voices: dict[str, set[str]] = defaultdict(set)  # an organisation's key -> the people credited as its voice
    for origin in orgs.values():
        for org_key in _org_keys(origin)[-1:]:  # a police force under its name or as "the police": the police
            voices[org_key].add(origin.key)
    for aid, origin in list(origin_of.items()):
        org = next((orgs[k] for k in _org_keys(origin) if k in orgs), None)
        if org is not None and org.key != origin.key:
            origin_of[aid] = replace(
                org, reason=f"{origin.reason} of {org.label}", relays=origin.relays, affiliation=None
            )
        elif org is None and (keys := _org_keys(origin)) and len(voices.get(keys[-1], ())) > 1:
            # Two people who speak for one organisation the claim does not credit by name ("Police
            # commissioner Raymond Kelly", "NYPD spokesman Paul Browne"): one institutional voice.
            name = keys[-1].removeprefix("source:")
            origin_of[aid] = MentionOrigin(
                keys[-1], name, "source", f"{origin.reason}, who speaks for the {name}", origin.relays, False
            )
    # 6. Word for word, nobody credited: one origin.
    shared: UnionFind[str] = UnionFind()
    for a, b in same_words:
        if origin_of[a].key == own_key[a] and origin_of[b].key == own_key[b]:
            shared.union(roots[a], roots[b])
    earliest: dict[str, str] = {}
    for aid, _k in nodes:  # nodes are sorted originals first, then by date: the first of a set is its origin
        earliest.setdefault(shared.find(roots[aid]), roots[aid])
    for aid, origin in list(origin_of.items()):
        leader = earliest[shared.find(roots[aid])]
        if origin.key == own_key[aid] and leader != roots[aid]:
            base = _group_origin(leader, articles, dict(group_size), None)
            reason = f"states it in the same words as {articles[leader].label}: one origin, not two"
            origin_of[aid] = MentionOrigin(base.key, base.label, "article", reason)
    return origin_of


_SPEAKER_ROLES = (
    r"spokesman|spokeswoman|spokesperson|commissioner|chief|superintendent|detective|sergeant|lieutenant|"
    r"captain|inspector|deputy|officer"
)
_ROLE_OF = re.compile(
    rf"(?:\b(?P<police>[Pp]olice)|\b(?P<acronym>[A-Z]{{2,6}}))\s+(?:[Dd]epartment\s+)?(?i:{_SPEAKER_ROLES})\b"
)
_POLICE_FORCE = re.compile(
    r"^(?:(?:[\w.'’-]+\s+)*[A-Z]{0,4}PD|.*\b[Pp]olice(?:\s+[Dd]epartment|\s+[Ss]ervice|\s+[Ff]orce)?)$"
)


def _org_keys(origin: MentionOrigin) -> list[str]:
    """Origin keys of the organisation a credited person speaks for: the sources stage's affiliation ("Tideline
    director Paul Okafor" -> Tideline), else a role the article gives the person ("Police commissioner Raymond
    Kelly", "Mr. Kelly, the police commissioner", "NYPD spokesman Paul Browne"). A police force written as a name
    ("NYPD", "Ellery Police Department") is also "the police", the description articles credit it under."""
    found = origin.affiliation
    if not found and origin.said:
        m = _ROLE_OF.search(origin.said)
        found = (m.group("police") or m.group("acronym")) if m else None
    if not found:
        return []
    keys = [f"source:{source_key(found)}"]
    if _POLICE_FORCE.match(found.strip()):
        keys.append("source:police")
    return keys


def _upstream_words(origin: MentionOrigin) -> frozenset[str]:
    """The words that tell one upstream source from another: a name's core ("Yonhap"), a description's words
    without its generic head ("Ukrainian intelligence sources" -> ukrainian, intelligence)."""
    if origin.named:
        return frozenset(_core_name(origin.label))
    found = source_key(origin.label).split()
    while len(found) > 1 and found[-1] in ("source", "sources", "official", "officials"):
        found.pop()
    return frozenset(found)


def _one_upstream(upstreams: Mapping[str, tuple[MentionOrigin, str]]) -> tuple[MentionOrigin, str] | None:
    """The one upstream a relay is credited with across a story, or None when it relays two different ones.
    Descriptions whose words are all in the fullest one's name it ("intelligence officials" and "Ukrainian
    intelligence sources" cited by one broadcaster); names must be the same person or organisation."""
    if not upstreams:
        return None
    items = list(upstreams.values())
    fullest = max(items, key=lambda item: (item[0].named, len(_upstream_words(item[0])), item[0].key))
    widest = _upstream_words(fullest[0])
    for origin, _where in items:
        mine = _upstream_words(origin)
        if origin.key != fullest[0].key and (origin.named != fullest[0].named or not mine or not mine <= widest):
            return None
    return fullest


def _same_source_names(origins: Sequence[MentionOrigin]) -> dict[str, MentionOrigin]:
    """Origin key -> the origin it is another name of, within one claim (only where that other is the
    one candidate: two Joneses leave "Jones" alone)."""
    distinct = {o.key: o for o in origins}
    tokens = {k: _core_name(o.label) if o.named else source_key(o.label).split() for k, o in distinct.items()}
    out: dict[str, MentionOrigin] = {}
    for key, origin in distinct.items():
        mine = tokens[key]
        if not mine:
            continue
        candidates = []
        for other_key, other in distinct.items():
            theirs = tokens[other_key]
            bare = _upstream_words(origin)  # without a generic head: "intelligence officials" -> intelligence
            if (
                other_key != key
                and not origin.named
                and not other.named
                and len(bare) < len(mine)
                and bare < _upstream_words(other)
            ):
                candidates.append(other)  # "intelligence officials" and "Ukrainian intelligence sources"
                continue
            if other_key == key or len(theirs) < len(mine) or (len(theirs) == len(mine) and theirs != mine):
                continue
            if theirs == mine and other_key < key:
                continue  # one name under two titles ("Mr. Williams", "Councilman Williams"): the first key
            if origin.named and other.named and theirs[-len(mine) :] == mine:
                candidates.append(other)  # a surname, or the end of a longer name
            elif not origin.named and not other.named and theirs[-1] == mine[-1] and set(mine) <= set(theirs):
                candidates.append(other)  # "officials" in "federal officials"

        if not origin.named and not candidates and len(mine) <= 2:
            head = mine[-1]
            said = [o for o in distinct.values() if o.named and head in source_key(o.said).split()]
            candidates = said  # "the spokesman": the person another article calls the spokesman
        if not candidates and mine[-1] in _VOICE_HEADS and len(mine) >= 2:
            # "port officials" and "Ellery Port Authority": the officials of the organisation the claim names
            # (every word before the head is in the organisation's name; people's names never count)
            own_words = set(mine[:-1]) - {"the", "a", "an"}
            candidates = [
                o
                for o in distinct.values()
                if o.named
                and (o.label.isupper() or source_key(o.label).split()[-1:] in ([h] for h in _ORG_HEADS))
                and own_words <= set(source_key(o.label).split())
            ]
        if not candidates and origin.named and len(mine) >= 2 and mine[-1] in _DOCUMENT_HEADS:
            # "Seacom's tweet", "NYPD's statement": a document of the source the claim also credits by name
            candidates = [o for o in distinct.values() if o.key != key and o.named and tokens[o.key] == mine[:-1]]
        cores = {tuple(tokens[c.key]) for c in candidates}
        longest = max(cores, key=len, default=())
        if cores and all(longest[-len(core) :] == core for core in cores):
            # one person, perhaps under several titles, and perhaps also by surname ("Mr Williams", "Williams",
            # "Council Member Jumaane Williams"): the fullest name
            out[key] = min((c for c in candidates if tuple(tokens[c.key]) == longest), key=lambda c: c.key)
    return out


# What a source issues ("Seacom's tweet", "the NYPD's statement"): the document is its issuer's voice.
_DOCUMENT_HEADS = {
    "statement", "statements", "tweet", "tweets", "post", "posts", "website", "blog", "release", "announcement",
    "letter", "memo", "filing", "account", "report", "notice",
}  # fmt: skip
# Heads of a description that speak for an organisation ("port officials", "ministry spokesman").
_VOICE_HEADS = {"official", "officials", "spokesman", "spokeswoman", "spokesperson", "representatives", "staff"}

_HONORIFICS = {
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "prof", "rev", "gen", "col", "capt", "lt", "sgt", "adm",
    "councilman", "councilwoman", "councilmember", "member", "commissioner", "assemblyman", "assemblywoman",
    "congressman", "congresswoman", "alderman", "sheriff", "trooper", "lawyer", "attorney", "principal",
}  # fmt: skip


def _core_name(label: str) -> list[str]:
    """A person's or organisation's name without the title or role written before it, and without middle
    initials: "City Council member Jumaane D. Williams" -> ["jumaane", "williams"], "Mr. Williams" ->
    ["williams"]. The name is the run of capitalised words at the end, less titles and honorifics."""
    tokens = label.split()
    core: list[str] = []
    for token in reversed(tokens):
        word = token.strip(".,’'")
        low = word.lower()
        if not word[:1].isupper() or low in _HONORIFICS or f"{low}." in TITLE_WORDS or low in TITLE_WORDS:
            break
        core.append(word)
    core.reverse()
    names = [w for w in source_key(" ".join(core)).split() if len(w) > 1] if core else []
    return names or source_key(label).split()


def explain(
    n_articles: int,
    records: Sequence[Origin],
    origin_of: Mapping[str, MentionOrigin],
    articles: Mapping[str, Article],
    roots: Mapping[str, str],
) -> str:
    """The count and the why in one line a person can check: "5 articles, 1 independent origin: Ukrainian
    intelligence sources, relayed by Suspilne (Newsweek, 002) and by Ukrainska Pravda (003)"."""

    def who(aid: str) -> str:
        root = roots[aid]
        return articles[aid].label + (f" (a copy of {articles[root].label})" if root != aid else "")

    parts = []
    for record in records:
        if record.kind == "article":
            carried = [
                who(aid) + (" in the same words" if "same words" in origin_of[aid].reason else "")
                for aid in record.articles
                if aid != record.id.removeprefix("article:")
            ]
            root = articles[record.id.removeprefix("article:")].label
            text = f"{root}'s own reporting" + (f", carried by {', '.join(carried)}" if carried else "")
            if record.unnamed:
                text += ", crediting only " + " / ".join(f"“{w}”" for w in record.unnamed)
        else:
            by_relay: dict[str, list[str]] = defaultdict(list)
            for aid in record.articles:
                relays = origin_of[aid].relays
                by_relay[" via ".join(relays)].append(who(aid))
            pieces = []
            direct = by_relay.pop("", [])
            if direct:
                pieces.append(f"credited by {', '.join(direct)}")
            pieces += [f"relayed by {relay} ({', '.join(ids)})" for relay, ids in by_relay.items()]
            text = f"{record.name}, " + " and ".join(pieces)
        parts.append(text)
    n = len(records)
    line = (
        f"{n_articles} article{'s' if n_articles != 1 else ''}, {n} independent origin{'s' if n != 1 else ''}: "
        + "; ".join(parts)
    )
    unnamed = sum(1 for r in records if r.unnamed)
    if unnamed >= 2 or (unnamed and n > 1):
        # Reports that name no source cannot be shown to be independent of each other or of a named origin.
        line += f" ({unnamed} of these name{'s' if unnamed == 1 else ''} no source: the count may be lower)"
    return line
