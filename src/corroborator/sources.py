"""Canonical sources across a batch, and the labels articles are known by.

Each article's attributions and quotes name a source as the article wrote it ("Trump", "the Times",
"NYT"). Here those names become one canonical source per entity across the batch:

- exact names after normalisation (``attribution.source_key``: case, accents, punctuation, a leading
  "the") and spelling variants ("Suspiline" = "Suspilne", ``merge_spelling_variants``);
- a lone surname joins the one full person name in the batch that ends with it ("Trump" = "Donald Trump"),
  never when two people share it ("Donald Trump", "Melania Trump": "Trump" stays apart);
- an acronym joins the publication it abbreviates ("NYT" = "The New York Times"), and "the Times" the one
  publication whose name ends with "Times";
- a newsroom's own list (``--outlets FILE``: name, aliases, domains) is applied first.

Each source gets a kind (person, organisation, publication, description), its aliases as written, an
affiliation when the text gives one ("Tideline director Paul Okafor" -> Tideline), the articles that
credit it, and, for a publication, the articles of the batch it published ("the Times reported" in one
article points at the New York Times article in the same batch).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from corroborator.attribution import (
    TITLE_WORDS,
    is_generic,
    looks_like_person,
    merge_spelling_variants,
    name_problem,
)
from corroborator.attribution import source_key as _source_key
from corroborator.errors import UsageError
from corroborator.types import Article

# A pure function of the name, called for every attribution and quote of the batch, several times each (about
# 200,000 calls in one update of a case of 2,000 articles, profiled): memoised.
source_key = functools.lru_cache(maxsize=1 << 16)(_source_key)

_PUBLICATION_WORDS = {
    "times", "post", "journal", "news", "globe", "herald", "tribune", "gazette", "telegraph", "guardian",
    "reuters", "ap", "afp", "bloomberg", "politico", "newsweek", "cnn", "bbc", "nbc", "cbs", "abc", "fox",
    "msnbc", "npr", "pravda", "interfax", "tass", "yonhap", "press", "daily", "weekly", "magazine", "radio",
    "television", "tv", "broadcaster", "agency", "wire", "observer", "independent", "examiner", "chronicle",
    "inquirer", "mirror", "express", "sun", "star", "standard", "ria", "suspilne", "suspiline", "liga",
}  # fmt: skip
_OUTLET_NOUNS = {"outlet", "broadcaster", "newspaper", "channel", "agency", "website", "tabloid", "daily", "paper"}
_TITLE_PARTS = {"of", "defense", "defence", "foreign", "state", "general", "interior", "finance", "for", "the"}
_CONNECTING = {"of", "the", "and", "for", "&", "de", "la", "le", "du", "von", "van", "der"}


@dataclass(frozen=True, slots=True)
class Source:
    """One source as the batch knows it.

    ``id`` is stable for the same canonical name (a hash of its key); ``articles`` are the ids of the
    articles that credit or quote it; ``published`` the ids of batch articles this publication wrote.
    """

    id: str
    name: str
    kind: str  # "person", "organisation", "publication" or "description"
    aliases: tuple[str, ...]
    affiliation: str | None
    articles: tuple[str, ...]
    published: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OutletEntry:
    """One row of an ``--outlets`` file."""

    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]


def load_outlets(path: str | Path) -> list[OutletEntry]:
    """Read an outlets CSV: a header with ``name`` and optional ``aliases`` and ``domains`` columns, the
    lists separated by ``;`` or ``|``.

    Raises:
        UsageError: the file cannot be read, has no ``name`` column, or a row has no name.
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(f"{path}: cannot read the outlets file: {exc}") from exc
    if not rows or "name" not in (rows[0].keys() if rows else []):
        raise UsageError(f"{path}: the outlets file needs a header with a 'name' column (and 'aliases', 'domains')")
    out = []
    for number, row in enumerate(rows, start=2):
        name = (row.get("name") or "").strip()
        if not name:
            raise UsageError(f"{path}:{number}: a row without a name")
        split = re.compile(r"\s*[;|]\s*")
        aliases = tuple(a for a in split.split((row.get("aliases") or "").strip()) if a)
        domains = tuple(d.lower().removeprefix("www.") for d in split.split((row.get("domains") or "").strip()) if d)
        out.append(OutletEntry(name, aliases, domains))
    return out


# --- Article labels -------------------------------------------------------------------------------------

_BYLINE_RE = re.compile(
    r"\b(?:By[ \t]+[A-Z][\w.'’-]+(?:[ \t]+[A-Z][\w.'’-]+){0,3}[ \t]*(?:,|\bfor\b|\bof\b|\||/|-)[ \t]*"
    r"(?P<byline>(?:The[ \t]+)?[A-Z][\w.&'’-]*(?:[ \t]+[A-Z][\w.&'’-]*){0,3}))"
)
_CONTACTED_RE = re.compile(
    r"(?P<outlet>(?:The\s+)?[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3})\s+(?:has|have)\s+(?:contacted|reached out)"
)


def label_articles(articles: list[Article], outlets: list[OutletEntry] | None = None) -> list[Article]:
    """Give every article a short label unique in the batch: the outlet from metadata, else the URL's host
    (or the outlet the ``outlets`` list gives for it), else one the text names (a byline "By X for
    Newsweek", "Newsweek has contacted ..."), else the file name without folders. Never a path or a
    headline. Repeated labels get " #2", " #3" in input order."""
    by_domain = {d: o.name for o in outlets or [] for d in o.domains}
    by_alias = {source_key(a): o.name for o in outlets or [] for a in (o.name, *o.aliases)}
    labels = []
    for art in articles:
        label = _label(art, by_domain)
        labels.append(by_alias.get(source_key(label), label))
    counts: Counter[str] = Counter()
    total = Counter(labels)
    out = []
    for art, label in zip(articles, labels, strict=True):
        counts[label] += 1
        unique = label if total[label] == 1 or counts[label] == 1 else f"{label} #{counts[label]}"
        out.append(replace(art, short_label=unique))
    return out


def _label(art: Article, by_domain: dict[str, str]) -> str:
    if art.meta.outlet and art.meta.outlet.strip():
        return art.meta.outlet.strip()[:60]
    host = _host(art.meta.url) or _host(art.source)
    if host:
        return by_domain.get(host, host)
    head = art.text[:600]
    m = _BYLINE_RE.search(head)
    if m:
        return m.group("byline").strip()
    m = _CONTACTED_RE.search(art.text)
    if m and not m.group("outlet").lower().startswith(("he ", "she ", "it ", "they ")):
        return m.group("outlet").strip()
    name = re.sub(r":\d+$", "", art.source.replace("\\", "/")).rsplit("/", 1)[-1]
    return (name or art.id)[:60]


def _host(url: str | None) -> str | None:
    if not url or "://" not in url:
        return None
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    return host or None


# --- Canonical sources --------------------------------------------------------------------------------


def canonical_sources(
    articles: list[Article], outlets: list[OutletEntry] | None = None
) -> tuple[list[Article], list[Source]]:
    """Merge the batch's source names into canonical sources; return the articles with ``source_id`` on
    every attribution and ``speaker_id`` on every attributed quote, and the sources.
    """
    names: list[str] = []
    texts: dict[str, list[str]] = defaultdict(list)  # canonical key -> as written
    for art in articles:
        for att in art.attributions:
            names.append(att.source)
            texts[source_key(att.source)].append(att.source_text)
        for q in art.quotes:
            if q.speaker:
                names.append(q.speaker)
                texts[source_key(q.speaker)].append(q.speaker_text or q.speaker)
    outlet_names = [a.label for a in articles]
    key_to_root = _merge_keys(names, outlet_names, outlets or [])

    def root_of(name: str, article_id: str) -> str:
        # An unnamed source ("sources", "a senior official") is a different one in each article; a lowercase
        # name that stands for a known one ("nyt") is that one.
        key = source_key(name)
        if is_generic(name) or (not name[:1].isupper() and key_to_root[key] == key):
            return f"{key}@{article_id}"
        return key_to_root[key]

    display: dict[str, str] = {}
    for art in articles:
        for name in [a.source for a in art.attributions] + [q.speaker for q in art.quotes if q.speaker]:
            if name_problem(name, art.text):
                continue
            root = root_of(name, art.id)
            if root not in display or len(name.split()) > len(display[root].split()):
                display[root] = name  # the fullest spelling names the source
    for entry in outlets or []:  # the newsroom's own spelling names its outlets
        if source_key(entry.name) in display:
            display[source_key(entry.name)] = entry.name
    credited: dict[str, list[str]] = defaultdict(list)
    aliases: dict[str, set[str]] = defaultdict(set)
    written: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    affiliations: dict[str, Counter[str]] = defaultdict(Counter)
    out_articles = []
    for art in articles:
        atts = []
        for att in art.attributions:
            if name_problem(att.source, art.text):
                atts.append(att)  # an unresolved pronoun: the span stays, no source is named
                continue
            root = root_of(att.source, art.id)
            atts.append(replace(att, source_id=_source_id(root)))
            written[root].add(att.source_text)
            _note(root, att.source, att.source_text, att.kind, art.id, credited, aliases, kinds, affiliations)
        quotes = []
        for q in art.quotes:
            if q.speaker and not name_problem(q.speaker, art.text):
                root = root_of(q.speaker, art.id)
                quotes.append(replace(q, speaker_id=_source_id(root)))
                _note(root, q.speaker, q.speaker_text or q.speaker, "speech", art.id, credited, aliases, kinds, {})
            else:
                quotes.append(q)
        out_articles.append(replace(art, attributions=tuple(atts), quotes=tuple(quotes)))
    published: dict[str, list[str]] = defaultdict(list)
    for art in articles:
        publisher = key_to_root.get(source_key(art.label))
        if publisher is not None:
            published[publisher].append(art.id)
    sources = []
    for root in sorted(credited, key=lambda r: display[r].lower()):
        name = display[root]
        kind = _kind(name, kinds[root], root in published, written[root])
        affiliation = affiliations[root].most_common(1)[0][0] if affiliations.get(root) else None
        sources.append(
            Source(
                id=_source_id(root),
                name=name,
                kind=kind,
                aliases=tuple(sorted(aliases[root] - {name})),
                affiliation=affiliation,
                articles=tuple(dict.fromkeys(credited[root])),
                published=tuple(published.get(root, ())),
            )
        )
    return out_articles, sources


def _note(
    root: str,
    name: str,
    written: str,
    kind: str,
    article_id: str,
    credited: dict[str, list[str]],
    aliases: dict[str, set[str]],
    kinds: dict[str, Counter[str]],
    affiliations: dict[str, Counter[str]] | dict,
) -> None:
    credited[root].append(article_id)
    aliases[root].add(name)
    if (
        written[:1].isupper()
        and not is_generic(written)
        and written.lower() not in {"he", "she", "they", "it", "i", "we"}
    ):
        aliases[root].add(written.split(",")[0].strip())
    kinds[root][kind] += 1
    aff = affiliation_of(written, name)
    if aff and isinstance(affiliations, defaultdict):
        affiliations[root][aff] += 1


def _source_id(root: str) -> str:
    return "src-" + hashlib.sha1(root.encode("utf-8")).hexdigest()[:10]


def _kind(name: str, kinds: Counter[str], publishes: bool, written: set[str]) -> str:
    words = [w.lower().strip(".,’'") for w in name.split()]
    described = {w.lower().strip(".,’'") for text in written for w in text.split()}
    if publishes or (words and words[-1] in _PUBLICATION_WORDS) or described & _OUTLET_NOUNS:
        return "publication"
    if not name[:1].isupper() or is_generic(name):
        return "description"
    if (
        looks_like_person(name)
        and not name.isupper()
        and (len(words) >= 2 or described & TITLE_WORDS)
        and kinds.get("report", 0) <= kinds.get("speech", 0)
    ):
        return "person"
    return "organisation"


def affiliation_of(written: str, name: str) -> str | None:
    """The organisation a person speaks for, when the words as written give it: "Tideline director Paul
    Okafor" -> "Tideline"; "South Korea's Defense Minister Kim Yong-hyun" -> "South Korea"; "Andrei Kovalenko,
    head of Ukraine's Center for Countering Disinformation" -> "Ukraine's Center for Countering Disinformation".
    """
    m = re.search(r",\s*(?:the\s+|a\s+)?(?:[\w-]+\s+){0,3}(?:of|at|for)\s+((?:the\s+)?[A-Z][^,;]{1,80})", written)
    if m and written.startswith(name.split()[0]):
        return m.group(1).strip().rstrip(".")
    pos = written.find(name)
    if pos <= 0:
        return None
    lead = written[:pos].strip().split()
    titled = False
    while lead and (lead[-1].lower().strip(".") in TITLE_WORDS | _TITLE_PARTS or not lead[-1][:1].isupper()):
        titled = titled or lead[-1].lower().strip(".") in TITLE_WORDS
        lead.pop()  # the title: "Secretary of Defense", "Defense Minister"
    if not lead or not titled or lead[0].lower() in {"the", "a", "an"}:
        return None
    org = re.sub(r"[’']s$", "", " ".join(lead).strip())
    # "Ukrainian President X": a nationality is not an organisation; a possessive place or a name is.
    if len(lead) == 1 and re.search(r"(?:an|ese|ish|ch|i)$", org) and not lead[0].endswith(("'s", "’s")):
        return None
    return org or None


def _merge_keys(names: list[str], outlet_names: list[str], outlets: list[OutletEntry]) -> dict[str, str]:
    keys = [source_key(n) for n in names]
    spelling = merge_spelling_variants(keys + [source_key(o) for o in outlet_names])
    root: dict[str, str] = {k: spelling.get(k, k) for k in set(keys) | {source_key(o) for o in outlet_names}}
    listed = {source_key(a): source_key(o.name) for o in outlets for a in (o.name, *o.aliases)}
    for key in list(root):
        if key in listed:
            root[key] = listed[key]
    canon = set(root.values())
    by_name = {source_key(n): n for n in names}
    # A lone surname -> the one full person name that ends with it.
    full_by_surname: dict[str, set[str]] = defaultdict(set)
    for key in canon:
        name = by_name.get(key, key)
        if len(key.split()) >= 2 and looks_like_person(name):
            full_by_surname[key.split()[-1]].add(key)
    # Acronyms and short forms of publications.
    initials: dict[str, set[str]] = defaultdict(set)
    last_word: dict[str, set[str]] = defaultdict(set)
    for key in canon:
        words = [w for w in key.split() if w not in _CONNECTING]
        if len(words) >= 2:
            initials["".join(w[0] for w in words)].add(key)
            if words[-1] in _PUBLICATION_WORDS:
                last_word[words[-1]].add(key)
    for key in list(root):
        target = root[key]
        if " " not in target:
            if len(full_by_surname.get(target, ())) == 1 and looks_like_person(by_name.get(key, key).title()):
                root[key] = next(iter(full_by_surname[target]))
            elif len(initials.get(target, ())) == 1 and target not in full_by_surname:
                root[key] = next(iter(initials[target]))
            elif len(last_word.get(target, ())) == 1:
                root[key] = next(iter(last_word[target]))
    return root
