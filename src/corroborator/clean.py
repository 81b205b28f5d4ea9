"""Clean: cut what is not the article, keeping every cut with its reason.

The clean text is the raw text with whole spans deleted and nothing else
changed, so every clean offset maps back to the raw text (``Article.raw_offset``)
and the report can show each removed span struck through.

Two kinds of evidence decide a cut:
- patterns a line matches on its own (ad markers, "Watch:" embeds, teaser
  blocks, share prompts, newsletter / correction / contact footers, listicle
  section headings, metadata lines found by ingest);
- lines that repeat across otherwise different articles of one outlet or of
  the corpus (``find_repeated_lines``). Articles that are copies of each other
  count once, so a syndicated body is never mistaken for boilerplate.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from corroborator.lines import Line, split_lines
from corroborator.types import RawArticle, Removed
from corroborator.unionfind import UnionFind

_LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "ad marker",
        re.compile(
            r"^(?:advertisement|advertising|ad|sponsored(?: content)?|paid content|skip advertisement|"
            r"story continues below(?: advertisement)?|article continues below(?: advertisement)?|"
            r"continue reading(?: the main story)?(?: below)?|scroll to continue with content)\W*$",
            re.I,
        ),
    ),
    (
        "related-story teaser",
        re.compile(
            r"^(?:related(?: stories| articles| coverage| news| content| reading)?|read more|read also|also read|"
            r"recommended(?: for you| stories)?|more from [\w .'-]{1,40}|other topics of interest|you may also like|"
            r"you might also like|trending(?: now)?|most read|most popular|popular stories|top stories|"
            r"more stories|more on this story|editor'?s picks)\s*:?\s*$",
            re.I,
        ),
    ),
    (
        "related-story teaser",
        re.compile(
            r"^(?:related|read more|read also|also read|see also|more|read next|recommended)\s*[:|»›>-]\s*\S.{0,200}$",
            re.I,
        ),
    ),
    (
        "embed",
        re.compile(r"^(?:watch|video|listen|photos?|gallery|slideshow|podcast)\b[^.:!?]{0,60}:\s*\S.{0,200}$", re.I),
    ),
    (
        "embed",
        re.compile(r"^\[?(?:embedded content|embed|video)\]?$|^(?:this video|your browser does not support)", re.I),
    ),
    (
        "newsletter prompt",
        re.compile(
            r"(?:sign up (?:for|to) (?:our|the)\b.{0,60}newsletter|"
            r"subscribe to (?:our|the)\b.{0,60}(?:newsletter|channel)|"
            r"in your inbox|get (?:our|the) .{0,40}newsletter|newsletter sign[- ]?up)",
            re.I,
        ),
    ),
    (
        # The phrases news also uses count at the start of the line or of one of its sentences, as a prompt is
        # written ("Spotted an error? Report an error here", "To suggest a correction, ..."), not inside a
        # reported sentence ("the agency said it would report an error in the figures, Reuters reported").
        "correction prompt",
        re.compile(
            r"(?:^|[.!?:]\s+)(?:please\s+|if you\s+|click here to\s+|tap here to\s+|to\s+)?"
            r"(?:suggest a correction|spotted an error|report an error|see a mistake)|"
            r"highlight the text and press ctrl|press ctrl ?\+ ?enter",  # these two are never news
            re.I,
        ),
    ),
    (
        "contact footer",
        re.compile(
            r"^(?:got a (?:news )?tip|send (?:us )?(?:your )?tips?|contact (?:us|the author|the reporter)|"
            r"write to us|email us at|reach (?:the )?(?:reporter|author|us) at|follow us on|"
            r"follow (?:the author|him|her) on)\b",
            re.I,
        ),
    ),
    (
        "share prompt",
        re.compile(
            r"^(?:share(?: this)?(?: article| story| on (?:facebook|twitter|x|whatsapp|linkedin))?|tweet|copy link|"
            r"print|email|comments?|click to share.{0,60}|share via.{0,40}|save article|"
            r"listen to this article.{0,40})\W*$",
            re.I,
        ),
    ),
    ("copyright footer", re.compile(r"^(?:©|\(c\)|copyright\b).{0,200}(?:rights reserved|\d{4}).{0,80}$", re.I)),
    (
        "photo credit",
        re.compile(
            r"^(?:\(?(?:photo|image|picture|credit|file photo)s?(?: by| credit)?\s*[:/].{0,120}|"
            r".{0,80}/(?:getty images|afp|reuters|ap|afp via getty images)\)?)$",
            re.I,
        ),
    ),
)
# Rules that search anywhere in a line apply to short lines only: a prompt is one short line, and a long
# paragraph (or a 50 MB line with no break) that mentions "in your inbox" is text, not a prompt.
_SHORT_LINE_RULES = {"newsletter prompt", "correction prompt"}
_SHORT_LINE = 300  # characters
_TEASER_MARKERS = re.compile(
    r"^(?:related(?: stories| articles| coverage)?|read more|also read|recommended(?: for you)?|"
    r"other topics of interest|"
    r"you may also like|you might also like|more stories|more on this story)\s*:?\s*$",
    re.I,
)
_QUOTE_MARKS = re.compile(r"[“”\"«»„]")
# The look-behind starts a match only at the first space of a run: a line of 60,000 spaces is one attempt, not
# one attempt per space (that was quadratic).
_STRAY_MARKUP = re.compile(r"(?<!\s)\s+(?:\[|\[…\]|\[\.\.\.\]|\[\+\]|\{\{[^}]*\}\}|&nbsp;)\s*$")


def normalise_line(line: str) -> str:
    return re.sub(r"\s+", " ", line.strip().lower())


def _headline_like(s: str) -> bool:
    """A headline: a short line that is not a sentence (no closing punctuation)."""
    words = s.split()
    return 2 <= len(words) <= 16 and s[-1] not in '.,;:!?"”’)' and s[0] not in "•-*·▪"


def _section_heading(s: str) -> bool:
    """A listicle / subhead line: 1-8 words, no closing punctuation, mostly capitalised."""
    words = s.split()
    if not 1 <= len(words) <= 8 or s[-1] in '.,;:!?"”’)' or s[0] in "•-*·▪([\"“‘'":
        return False
    if re.match(r"^#{1,6}\s", s):
        return True
    small = {"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "with", "by", "from", "as", "vs", "is"}
    content = [w for w in words if w.lower() not in small]
    return bool(content) and all(w[:1].isupper() or w[:1].isdigit() for w in content)


def find_repeated_lines(
    raws: Sequence[RawArticle],
    min_outlet: int = 3,
    min_corpus: int = 4,
    max_words: int = 25,
    max_corpus_words: int = 12,
) -> list[dict[str, str]]:
    """Lines that repeat across otherwise different articles.

    Returns, per article, ``{normalised line: reason}``. Articles sharing over
    half of their lines are copies of one another and count once, so text a
    syndicated copy shares with its original is not boilerplate. Lines with
    quotation marks are never boilerplate (outlets share quotes). Across the
    corpus, where outlets also share plain facts ("No one was injured."), a
    line must be short and either not a sentence or at the article's edges.
    """
    line_lists = [[normalise_line(x) for x in raw.raw_text.splitlines() if x.strip()] for raw in raws]
    # Copies are judged on long lines: footers and one-line facts are short and shared by design.
    group = _copy_groups([{x for x in lines if len(x.split()) >= 10} for lines in line_lists])
    outlet_of = [(raw.meta.outlet or "").strip().lower() for raw in raws]
    by_outlet: dict[tuple[str, str], set[int]] = defaultdict(set)
    by_corpus: dict[str, set[int]] = defaultdict(set)
    for idx, lines in enumerate(line_lists):
        for line in set(lines):
            if len(line.split()) > max_words or _QUOTE_MARKS.search(line):
                continue
            by_corpus[line].add(group[idx])
            if outlet_of[idx]:
                by_outlet[(outlet_of[idx], line)].add(group[idx])
    result: list[dict[str, str]] = []
    for idx, lines in enumerate(line_lists):
        found: dict[str, str] = {}
        edges = set(lines[:2] + lines[-3:])
        for line in set(lines):
            # A full sentence in the body is news, even when repeated; boilerplate sits at the edges or is no sentence.
            plausible = line in edges or line[-1] not in ".!?" or len(line.split()) < 4
            outlet = outlet_of[idx]
            if not plausible:
                continue
            if outlet and len(by_outlet.get((outlet, line), ())) >= min_outlet:
                found[line] = f"repeated in {len(by_outlet[(outlet, line)])} articles of {raws[idx].meta.outlet}"
            elif len(by_corpus.get(line, ())) >= min_corpus and len(line.split()) <= max_corpus_words:
                found[line] = f"repeated in {len(by_corpus[line])} articles of the corpus"
        result.append(found)
    return result


def _copy_groups(line_sets: list[set[str]]) -> list[int]:
    """Union articles that share more than half of their (long) lines, the smaller article's."""
    groups = UnionFind(range(len(line_sets)))

    owners: dict[str, list[int]] = defaultdict(list)
    for idx, lines in enumerate(line_sets):
        for line in lines:
            owners[line].append(idx)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in owners.values():
        if 1 < len(members) <= 50:  # a line in more than 50 articles is boilerplate, not a copy signal
            for a_pos, a in enumerate(members):
                for b in members[a_pos + 1 :]:
                    shared[(a, b)] += 1
    for (a, b), count in shared.items():
        if count > 0.5 * min(len(line_sets[a]), len(line_sets[b])):
            groups.union(a, b)
    return [groups.find(i) for i in range(len(line_sets))]


def clean(raw: RawArticle, repeated: dict[str, str] | None = None) -> tuple[str, tuple[Removed, ...]]:
    """Return the clean text of ``raw`` and the spans removed from its raw text."""
    text = raw.raw_text
    lines = split_lines(text)
    reasons: dict[int, str] = {}  # line index -> reason
    header = {(s, e): r for s, e, r in raw.header}
    for idx, line in enumerate(lines):
        if (line.start, line.end) in header:
            reasons[idx] = header[(line.start, line.end)]
    _mark_title_repeat(raw, lines, reasons)
    _mark_teaser_blocks(lines, reasons)
    nonempty = [i for i, line in enumerate(lines) if line.stripped]
    for pos, idx in enumerate(nonempty):
        if idx in reasons:
            continue
        s = lines[idx].stripped
        reason = _line_rule(s)
        if reason is None and repeated:
            reason = repeated.get(normalise_line(s))
        if reason is None and pos > 0 and _section_heading(s) and _is_standalone_heading(lines, nonempty, pos):
            reason = "section heading"
        if reason:
            reasons[idx] = reason
    cuts = _line_cuts(lines, reasons)
    cuts += _inline_cuts(lines, reasons)
    cuts += _edge_whitespace(text, cuts)
    return _apply(text, cuts)


def _line_rule(s: str) -> str | None:
    for reason, pattern in _LINE_RULES:
        if reason in _SHORT_LINE_RULES and len(s) > _SHORT_LINE:
            continue
        if pattern.search(s):
            return reason
    return None


def _mark_title_repeat(raw: RawArticle, lines: list[Line], reasons: dict[int, str]) -> None:
    """Records and HTML often repeat the title as the first line of the text."""
    title = normalise_line(raw.meta.title or "").strip("*#_ ")
    if not title:
        return
    for idx, line in enumerate(lines):
        if not line.stripped or idx in reasons:
            continue
        if normalise_line(line.stripped).strip("*#_ ") == title:
            reasons[idx] = "metadata: title"
        return


def _mark_teaser_blocks(lines: list[Line], reasons: dict[int, str]) -> None:
    """A "related" marker, the headlines next to it, and the blurb of a teaser card.

    A teaser card repeats a headline from the list and adds a one-paragraph
    blurb; the blurb is cut only in that case, so no body paragraph is lost
    to a marker alone.
    """
    nonempty = [i for i, line in enumerate(lines) if line.stripped]
    counts: dict[str, int] = defaultdict(int)
    for i in nonempty:
        counts[normalise_line(lines[i].text)] += 1
    for pos, idx in enumerate(nonempty):
        if not _TEASER_MARKERS.match(lines[idx].stripped):
            continue
        reasons[idx] = "related-story teaser"
        if pos > 0 and nonempty[pos - 1] == idx - 1 and _headline_like(lines[idx - 1].stripped):
            reasons[idx - 1] = "related-story teaser"
        repeated_headline = False
        nxt = pos + 1
        while nxt < len(nonempty) and _headline_like(lines[nonempty[nxt]].stripped):
            line_idx = nonempty[nxt]
            reasons[line_idx] = "related-story teaser"
            repeated_headline |= counts[normalise_line(lines[line_idx].text)] > 1
            nxt += 1
        if repeated_headline and nxt < len(nonempty):
            blurb = lines[nonempty[nxt]].stripped
            if len(blurb.split()) <= 60 and len(re.findall(r"[.!?](?:\s|$)", blurb)) <= 3:
                reasons[nonempty[nxt]] = "related-story teaser (blurb)"


def _is_standalone_heading(lines: list[Line], nonempty: list[int], pos: int) -> bool:
    """A heading stands between body paragraphs and is followed by a longer one."""
    if pos + 1 >= len(nonempty):
        return False
    following = lines[nonempty[pos + 1]].stripped
    return len(following.split()) > len(lines[nonempty[pos]].stripped.split()) + 3


def _line_cuts(lines: list[Line], reasons: dict[int, str]) -> list[tuple[int, int, str]]:
    """Whole removed lines; a removed line after a blank line also takes the blank lines after it."""
    cuts = []
    for idx in sorted(reasons):
        line = lines[idx]
        end = line.end
        prev_blank = idx == 0 or not lines[idx - 1].stripped or (idx - 1) in reasons
        if prev_blank:
            nxt = idx + 1
            while nxt < len(lines) and not lines[nxt].stripped and nxt not in reasons:
                end = lines[nxt].end
                nxt += 1
        cuts.append((line.start, end, reasons[idx]))
    return cuts


def _inline_cuts(lines: list[Line], reasons: dict[int, str]) -> list[tuple[int, int, str]]:
    cuts = []
    for idx, line in enumerate(lines):
        if idx in reasons or not line.stripped:
            continue
        if m := _STRAY_MARKUP.search(line.text):
            cuts.append((line.start + m.start(), line.start + m.end(), "stray markup"))
    return cuts


def _edge_whitespace(text: str, cuts: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Leading and trailing white space of what remains."""
    covered = sorted(cuts)
    pos = 0
    for s, e, _ in covered:
        if s > pos and text[pos:s].strip():
            break
        pos = max(pos, e)
    out = []
    lead_end = pos
    while lead_end < len(text) and text[lead_end].isspace():
        lead_end += 1
    if lead_end > pos:
        out.append((pos, lead_end, "whitespace"))
    end = len(text)
    for s, e, _ in sorted(covered, reverse=True):
        if e < end and text[e:end].strip():
            break
        end = min(end, s)
    trail = end
    while trail > 0 and text[trail - 1].isspace():
        trail -= 1
    if trail < end and trail >= lead_end:
        out.append((trail, end, "whitespace"))
    return out


def _apply(text: str, cuts: list[tuple[int, int, str]]) -> tuple[str, tuple[Removed, ...]]:
    merged: list[tuple[int, int, str]] = []
    for s, e, r in sorted(cuts):
        if merged and s < merged[-1][1]:  # overlapping cuts: keep the first reason, extend the span
            ps, pe, pr = merged[-1]
            merged[-1] = (ps, max(pe, e), pr)
        else:
            merged.append((s, e, r))
    parts, removed, pos, removed_len = [], [], 0, 0
    for s, e, r in merged:
        if s >= e:
            continue
        parts.append(text[pos:s])
        removed.append(Removed(start=s, end=e, reason=r, text=text[s:e], at=s - removed_len))
        removed_len += e - s
        pos = e
    parts.append(text[pos:])
    return "".join(parts), tuple(removed)
