"""The story brief: the answer first, one screen per story, built only from a report's records.

A brief is extractive. Every line is a template filled with counts and with sentences and spans taken
from the articles (each ``Cite`` names its article id and character offsets), so a reader can check it
and no prose is generated. It reads the records the stages made (``Claim``, ``Origin``, ``Mention``,
``Finding``, ``Relation``) and decides nothing itself: when a line is wrong, the stage that made the
record is where to look.

Order: stories by importance (articles, then the weight of their top findings, then the independent
origins of their best-corroborated claim), so the biggest, most disputed story comes first rather than the earliest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from corroborator.report import Report
from corroborator.types import COPY_KINDS, Article, Claim, Finding, Mention, Story

CORE_CLAIMS = 3  # claims carried by most articles, shown first
CORROBORATED = 4  # claims with at least two independent origins
DISPUTED = 3  # conflicts and altered quotes, most important first
SINGLE = 5  # claims only one outlet makes (one per outlet first)
DISPUTE_KINDS = ("altered_quote", "numeric_conflict", "date_conflict", "attribution_conflict", "meaning_change")
EXTRACT_CHARS = 220  # a cited sentence longer than this is cut at a word boundary (with "...")


@dataclass(frozen=True, slots=True)
class Cite:
    """A span of an article that a brief line quotes: the article's id and label, offsets and the text."""

    article: str
    label: str
    start: int
    end: int
    text: str

    @property
    def short(self) -> str:
        """The text, cut at a word boundary after ``EXTRACT_CHARS`` characters (the span stays whole)."""
        return self.cut(EXTRACT_CHARS)

    def cut(self, chars: int) -> str:
        """The text on one line, cut at a word boundary after ``chars`` characters, with "..." when cut."""
        flat = " ".join(self.text.split())
        if len(flat) <= chars:
            return flat
        return flat[:chars].rsplit(" ", 1)[0] + " ..."


@dataclass(frozen=True, slots=True)
class ClaimLine:
    """A claim and who carries it: articles that state it on their own reporting (``originated``), that
    credit an upstream source for it (``relayed``), and that have it from an article they copy (``copied``)."""

    claim: str
    cite: Cite
    articles: int
    independent: int
    origins: tuple[str, ...]
    originated: tuple[str, ...]
    relayed: tuple[str, ...]
    copied: tuple[str, ...]
    explanation: str
    unnamed: int = 0  # origins that are an outlet's report crediting no named source (``Origin.unnamed``)

    def carried(self) -> str:
        """ "5 articles from 1 independent origin (Suspilne)"; "... (2 naming no source)" when some origins are
        reports that credit only unnamed sources: they may be one source."""
        shown = ", ".join(self.origins[:4]) + (f" and {len(self.origins) - 4} more" if len(self.origins) > 4 else "")
        line = f"{plural(self.articles, 'article')} from {plural(self.independent, 'independent origin')} ({shown})"
        return line + (f", {self.unnamed} naming no source" if self.unnamed and self.independent > 1 else "")

    def roles(self) -> str:
        """ "first reported by A; relayed by B, C; copied by D"."""
        parts = []
        if self.originated:
            parts.append("own reporting: " + ", ".join(self.originated))
        if self.relayed:
            parts.append("relayed from a credited source by " + ", ".join(self.relayed))
        if self.copied:
            parts.append("copied by " + ", ".join(self.copied))
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class DisputeLine:
    """A finding that puts two versions against each other, with the spans it cites."""

    finding: str
    kind: str
    summary: str
    cites: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class SoleLine:
    """A claim only one outlet (and its copies) makes; ``finding`` is the unique_claim finding that checked it,
    when there is one."""

    claim: str
    outlet: str
    cite: Cite
    finding: str | None


@dataclass(frozen=True, slots=True)
class CopyLine:
    """One article copies or rewrites another (a relation with its original decided)."""

    copy: str
    copy_label: str
    original: str
    original_label: str
    kind: str
    rule: str

    def sentence(self) -> str:
        return f"{self.copy_label} is a {self.kind.replace('_', '-')} of {self.original_label}"


@dataclass(frozen=True, slots=True)
class StoryBrief:
    """What a reader needs first about one story, every line citing the report's records."""

    story: str
    title: str
    articles: tuple[str, ...]  # article ids, earliest first
    outlets: tuple[str, ...]  # article labels
    unnamed: int  # articles whose label is their file name: no outlet named in metadata, URL or byline
    copies_of_others: int  # articles that copy or rewrite another article of the story
    best_origins: int  # independent origins of the story's best-corroborated shared claim (0: nothing shared)
    best_unnamed: int  # how many of those name no source (``Claim.unnamed_origins``): they may be one
    sources: tuple[str, ...]  # upstream sources the shared claims credit, most-carried first
    findings: int
    importance: float  # the summed importance of the story's top findings
    core: tuple[ClaimLine, ...]
    corroborated: tuple[ClaimLine, ...]
    disputed: tuple[DisputeLine, ...]
    single: tuple[SoleLine, ...]
    copies: tuple[CopyLine, ...]

    def headline(self) -> str:
        """ "5 articles from 5 outlets; 2 are copies of others; the best-corroborated claim has 2 independent
        origins; 4 findings".

        One notion of independence, the claims' (``Claim.independent_sources``): the copy count says how many
        articles repeat another one, not how many reports are independent, so nobody reads the two as one number.
        """
        n, copies = len(self.articles), self.copies_of_others
        # A file name is no outlet: "3 outlets" for three .txt files would overstate how varied the sources are.
        outlets = len(set(self.outlets)) - self.unnamed
        if not outlets:
            head = plural(n, "article") + ", no outlet named"
        else:
            head = f"{plural(n, 'article')} from {plural(outlets, 'outlet')}" + (
                f", {self.unnamed} with no outlet named" if self.unnamed else ""
            )
        parts = [head]
        if copies:
            parts.append("1 is a copy of another" if copies == 1 else f"{copies} are copies of others")
        if self.best_origins:
            best = f"the best-corroborated claim has {plural(self.best_origins, 'independent origin')}"
            if self.best_unnamed and self.best_origins > 1:
                best += f", {self.best_unnamed} naming no source"
            parts.append(best)
        elif n > 1:
            parts.append("no claim shared by two articles")
        parts.append(plural(self.findings, "finding"))
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """The whole batch in one line, and every skipped input with its reason."""

    stories: int
    articles: int
    inputs: int
    claims: int
    findings: int
    skipped: tuple[tuple[str, str], ...]  # (input, reason)

    def line(self) -> str:
        skipped = len(self.skipped)
        return (
            f"{plural(self.stories, 'story')}, {plural(self.articles, 'article')}"
            f" ({plural(self.inputs, 'input')}, {skipped} skipped); {plural(self.claims, 'claim')}, "
            f"{plural(self.findings, 'finding')}"
        )


_IRREGULAR = {"story": "stories", "copy": "copies", "analysis": "analyses", "box": "boxes"}


def plural(n: int, noun: str) -> str:
    """ "1 article", "2 articles", "0 stories": a count with its noun in agreement (only the last word changes,
    so "independent origin" works). Every count a reader sees in the CLI, HTML, Markdown and UI goes through here.
    """
    if n == 1:
        return f"1 {noun}"
    head, _, last = noun.rpartition(" ")
    many = _IRREGULAR.get(last, last + "s")
    return f"{n:,} {head + ' ' if head else ''}{many}"


def batch_summary(report: Report) -> BatchSummary:
    return BatchSummary(
        stories=len(report.stories),
        articles=len(report.articles),
        inputs=report.inputs,
        claims=len(report.claims),
        findings=len(report.findings),
        skipped=tuple((s.source, s.reason) for s in report.skipped),
    )


def story_briefs(report: Report) -> tuple[StoryBrief, ...]:
    """One brief per story, the most important first (articles, then top findings, then the independent origins
    of its best-corroborated claim)."""
    articles = {a.id: a for a in report.articles}
    claims: dict[str, list[Claim]] = {}
    for c in report.claims:
        claims.setdefault(c.story or "", []).append(c)
    findings: dict[str, list[Finding]] = {}
    for f in report.findings:
        findings.setdefault(f.story or "", []).append(f)
    briefs = [story_brief(s, report, articles, claims.get(s.id, []), findings.get(s.id, [])) for s in report.stories]
    briefs.sort(key=lambda b: (-len(b.articles), -b.importance, -b.best_origins, b.story))
    return tuple(briefs)


def story_brief(
    story: Story,
    report: Report,
    articles: dict[str, Article],
    claims: Sequence[Claim],
    findings: Sequence[Finding],
) -> StoryBrief:
    ids = set(story.articles)
    label = {aid: articles[aid].label for aid in story.articles}
    copies = tuple(
        CopyLine(r.other(r.original), label[r.other(r.original)], r.original, label[r.original], r.kind, r.rule)
        for r in report.relations
        if r.kind in COPY_KINDS and r.original and r.a in ids and r.b in ids
    )
    copied = {c.copy for c in copies}
    claims = [c for c in claims if c.mentions]  # a claim cites its first mention; none without one
    shared = [c for c in claims if len(c.articles) >= 2]
    core = sorted(shared, key=lambda c: (-len(c.articles), c.independent_sources, c.id))[:CORE_CLAIMS]
    corroborated = sorted(
        (c for c in shared if c.independent_sources >= 2 and c not in core),
        key=lambda c: (-c.independent_sources, -len(c.articles), c.id),
    )[:CORROBORATED]
    # The best-corroborated claim: the most origins a reader can tell apart (an origin that names no source
    # may be any other), then the most origins.
    best = max(
        shared, key=lambda c: (c.independent_sources - c.unnamed_origins, c.independent_sources, c.id), default=None
    )
    carried: dict[str, int] = {}
    for c in shared:
        for o in c.origins:
            if o.kind == "source":
                carried[o.name] = carried.get(o.name, 0) + len(o.articles)
    disputed = sorted((f for f in findings if f.kind in DISPUTE_KINDS), key=lambda f: (-f.importance, f.id))
    return StoryBrief(
        story=story.id,
        title=_title(story, articles),
        articles=story.articles,
        outlets=tuple(label[a] for a in story.articles),
        unnamed=sum(not names_outlet(articles[a]) for a in story.articles),
        copies_of_others=len(ids & copied),
        best_origins=best.independent_sources if best else 0,
        best_unnamed=best.unnamed_origins if best else 0,
        sources=tuple(sorted(carried, key=lambda n: (-carried[n], n))),
        findings=len(findings),
        importance=round(sum(f.importance for f in findings if f.top), 4),
        core=tuple(_claim_line(c, label) for c in core),
        corroborated=tuple(_claim_line(c, label) for c in corroborated),
        disputed=tuple(
            DisputeLine(
                f.id,
                f.kind,
                f.summary,
                tuple(
                    Cite(e.article, label.get(e.article, e.article), e.start, e.end, e.text)
                    for e in f.evidence
                    if e.article in articles
                ),
            )
            for f in disputed[:DISPUTED]
        ),
        # "Only one outlet says" needs a second outlet to compare with: a one-outlet story says everything alone.
        single=_single(claims, findings, label) if len(ids - copied) >= 2 else (),
        copies=copies,
    )


def names_outlet(article: Article) -> bool:
    """Whether the article's label names an outlet (metadata, URL host, byline, the outlets list) rather than
    being its file name, the last resort of ``sources.label_articles`` (" #2" marks a repeated label)."""
    label = re.sub(r" #\d+$", "", article.label)
    name = re.sub(r":\d+$", "", article.source.replace("\\", "/")).rsplit("/", 1)[-1]
    return label not in ((name or article.id)[:60], article.id)


def _title(story: Story, articles: dict[str, Article]) -> str:
    """The story's title; one made from the first characters of a text (no article had a headline) ends at a
    word, with "...", rather than in the middle of one."""
    title = story.title
    if any(articles[a].meta.title == title for a in story.articles):
        return title
    first = articles[story.articles[0]].text if story.articles else ""
    if not (first.startswith(title) and len(first) > len(title)):
        return title
    if first[len(title)] not in " \n":  # cut inside a word: drop the piece
        title = title.rsplit(" ", 1)[0]
    return title.rstrip(" ,;:") + " ..."


def _cite(m: Mention, label: dict[str, str]) -> Cite:
    return Cite(m.article, label.get(m.article, m.article), m.start, m.end, m.text)


def _claim_line(c: Claim, label: dict[str, str]) -> ClaimLine:
    originated: list[str] = []
    relayed: list[str] = []
    copied: list[str] = []
    for m in c.mentions:
        who = label.get(m.article, m.article)
        if m.group != m.article:
            copied.append(who)
        elif m.origin.startswith("source:"):
            relayed.append(who)
        else:
            originated.append(who)
    # Cite the mention of an original (not a copy), the one of the claim's first article when it is one.
    first = next((m for m in c.mentions if m.group == m.article), c.mentions[0])
    return ClaimLine(
        claim=c.id,
        cite=_cite(first, label),
        articles=len(c.articles),
        independent=c.independent_sources,
        # "Ukrainian intelligence via Suspilne": an origin names the outlets it reached the articles through.
        origins=tuple(o.name + (f" via {', '.join(o.relays)}" if o.relays else "") for o in c.origins),
        originated=tuple(dict.fromkeys(originated)),
        relayed=tuple(dict.fromkeys(relayed)),
        copied=tuple(dict.fromkeys(x for x in copied if x not in originated and x not in relayed)),
        explanation=c.explanation,
        unnamed=c.unnamed_origins,
    )


def _single(claims: Sequence[Claim], findings: Sequence[Finding], label: dict[str, str]) -> tuple[SoleLine, ...]:
    """Claims one outlet (with its copies) makes: first those a unique_claim finding checked, then, one per
    outlet, the one with the most checkable facts (numbers, quotes, credits), so every outlet that says
    something no other outlet says gets a line before any outlet gets two."""
    checked = {f.claim: f.id for f in findings if f.kind == "unique_claim" and f.claim}
    candidates = []
    for c in claims:
        groups = {m.group for m in c.mentions}
        if len(groups) != 1:
            continue
        m = next((x for x in c.mentions if x.group == x.article), c.mentions[0])
        facts = m.facts
        weight = len(facts.quantities) + len(facts.quotes) + len(facts.attributions)
        if not weight and c.id not in checked:
            continue
        candidates.append((c.id not in checked, -weight, c.id, m))
    candidates.sort(key=lambda t: (t[0], t[1], t[2]))
    out: list[SoleLine] = []
    seen: set[str] = set()
    for rounds in range(2):  # one line per outlet first, then the rest
        for _unchecked, _w, cid, m in candidates:
            if len(out) >= SINGLE or any(s.claim == cid for s in out):
                continue
            if rounds == 0 and m.group in seen:
                continue
            seen.add(m.group)
            # Named by the article that says it: a sentence only a rewrite has is not its original's to own.
            out.append(SoleLine(cid, label.get(m.article, m.article), _cite(m, label), checked.get(cid)))
    return tuple(out)


def brief_lines(
    brief: StoryBrief,
    esc: Callable[[str], str] = str,
    quote: str = '"',
    limit: int | None = None,
    chars: int = EXTRACT_CHARS,
) -> list[str]:
    """The brief as plain lines (Markdown list syntax), for the terminal and report.md.

    ``esc`` makes a text from an article safe for the target (Markdown cell escaping, Rich markup escaping);
    every article text passes through it, the templates do not need to. ``limit`` caps each list and
    ``chars`` each quoted sentence (the short report.md shows two of each, shorter).
    """

    def q(cite: Cite) -> str:
        return f"{quote}{esc(cite.cut(chars))}{quote} ({esc(cite.label)} @{cite.start}-{cite.end})"

    lines = [esc(brief.headline()) + "."]
    if brief.sources:
        lines.append("Credited upstream sources: " + esc(", ".join(brief.sources[:6])) + ".")
    if brief.copies:
        lines.append("Copy chain: " + esc("; ".join(c.sentence() for c in brief.copies)) + ".")
    if brief.disputed:
        lines.append("Disputed:")
        lines += [
            f"- {esc(d.kind.replace('_', ' '))}: {esc(d.summary)} (finding {d.finding})" for d in brief.disputed[:limit]
        ]
    if brief.core:
        lines.append("Core claims:")
        for c in brief.core[:limit]:
            lines.append(f"- {q(c.cite)}: {esc(c.carried())}. {esc(c.roles())}")
    if brief.corroborated:
        lines.append("Also corroborated by 2+ independent origins:")
        lines += [f"- {q(c.cite)}: {esc(c.carried())}" for c in brief.corroborated[:limit]]
    if brief.single:
        lines.append("Only one outlet says:")
        lines += [
            f"- {esc(s.outlet)}: {q(s.cite)}" + (f" (finding {s.finding})" if s.finding else "")
            for s in brief.single[:limit]
        ]
    return lines


__all__ = [
    "BatchSummary",
    "ClaimLine",
    "Cite",
    "CopyLine",
    "DisputeLine",
    "SoleLine",
    "StoryBrief",
    "batch_summary",
    "names_outlet",
    "plural",
    "brief_lines",
    "story_briefs",
]
