"""The Markdown report: findings and claims for tickets and notes.

Every text that comes from an article (body, title, outlet, source, skip reason) goes through ``_cell``:
Markdown renderers pass raw HTML through, so ``<script>`` or ``<img onerror>`` in an article would run
wherever report.md is viewed. ``<``, ``>`` and ``&`` become entities, and the characters that make links,
images and code spans (``[``, ``]``, backtick) are backslash-escaped, so article text is always shown as text.
"""

from __future__ import annotations

import re
from typing import cast

from corroborator.brief import batch_summary, brief_lines, plural, story_briefs
from corroborator.report import Report
from corroborator.types import thaw

_MARKDOWN_ACTIVE = re.compile(r"([\\`\[\]|])")


def _cell(text: str) -> str:
    """One line of article text, safe in a table cell, a list item or a heading."""
    flat = " ".join(str(text).split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_ACTIVE.sub(r"\\\1", flat)


def render_markdown(report: Report, title: str = "corroborator report", full: bool = False) -> str:
    """The Markdown report: the batch summary, then per story (most important first) its brief, its top
    findings and its weakest-sourced claims. ``full`` adds the copies, every finding and the claims table.

    Short by default because it goes into tickets and notes: on a 45-article, 15-story batch it stays
    under 30 KB (bench/report_size.py); the HTML and JSON reports hold everything.
    """
    articles = {a.id: a for a in report.articles}

    def label(aid: str) -> str:
        a = articles[aid]
        return _cell(a.label)

    summary = batch_summary(report)
    lines = [f"# {title}", "", _cell(summary.line()) + ".", ""]
    if report.skipped:
        lines += ["Skipped inputs:", ""] + [f"- {_cell(s.source)}: {_cell(s.reason)}" for s in report.skipped] + [""]
    story_by_id = {s.id: s for s in report.stories}
    for brief in story_briefs(report):
        story = story_by_id[brief.story]
        ids = set(story.articles)
        lines += [f"## {_cell(brief.title)}", ""]
        for line in brief_lines(brief, _cell, limit=None if full else 2, chars=10_000 if full else SHORT_CHARS):
            lines += [line] if line.startswith("- ") else ["", line, ""]
        lines.append("")
        findings = [f for f in report.findings if f.story == story.id]
        shown = {d.finding for d in brief.disputed} | {x.finding for x in brief.single if x.finding}
        top = [f for f in findings if full or (f.top and f.id not in shown)]
        if not full:
            top = top[:TOP_FINDINGS]
        if top:
            lines += [f"### {'Findings' if full else 'Top findings'} ({len(top)} of {len(findings)})", ""]
        for f in top:
            lines.append(f"- **{f.kind.replace('_', ' ')}** ({f.confidence:.2f}): {_cell(f.summary)} [{f.id}]")
            for ev in f.evidence[: None if full else 2]:
                lines.append(f'  - {label(ev.article)}: "{_cell(_short(ev.text, full))}"')
            diff = cast(list[dict[str, str]], thaw(f.details.get("diff") or []))
            if diff:
                lines.append("  - changes: " + "; ".join(f"~~{_cell(d['a'])}~~ -> {_cell(d['b'])}" for d in diff))
        claims = [c for c in report.claims if c.story == story.id]
        in_brief = {c.claim for c in (*brief.core[:2], *brief.corroborated[:2])}
        # Weak: more articles than independent origins (copies or relays of one origin), not in the brief already.
        weak = sorted(
            (c for c in claims if c.independent_sources < len(c.articles) and c.id not in in_brief),
            key=lambda c: (c.independent_sources / len(c.articles), -len(c.articles), c.id),
        )[:WEAKEST]
        if weak and not full:
            lines += ["", "### Weakest-sourced claims (many articles, few independent origins)", ""]
            for c in weak:
                origins = ", ".join(o.name for o in c.origins)
                lines.append(
                    f'- "{_cell(_short(c.text, full))}": {plural(len(c.articles), "article")}, '
                    f"{plural(c.independent_sources, 'independent origin')} ({_cell(origins)}) [{c.id}]"
                )
        if full:
            copies = [r for r in report.relations if r.a in ids and r.kind != "same_story"]
            if copies:
                lines += ["", "### Copies and reuse", ""]
                for r in copies:
                    who = f"original: {label(r.original)}" if r.original else "original undecided"
                    lines.append(
                        f"- {label(r.a)} / {label(r.b)}: **{r.kind.replace('_', ' ')}** ({who}); {_cell(r.rule)}"
                    )
            lines += ["", "### Claims", "", "| claim | articles | independent origins | why |", "|---|---|---|---|"]
            for c in claims:
                lines.append(
                    f"| {_cell(c.text)} | {len(c.articles)} | {c.independent_sources} | {_cell(c.explanation)} |"
                )
        lines.append("")
    if not full:
        lines += ["Every finding, claim and relation: report.html, report.json, or `--full` for this file.", ""]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


TOP_FINDINGS = 3  # per story in the short report, besides the disputes the brief already lists
WEAKEST = 3  # weakest-sourced claims per story in the short report
SHORT_CHARS = 160


def _short(text: str, full: bool) -> str:
    flat = " ".join(text.split())
    if full or len(flat) <= SHORT_CHARS:
        return flat
    return flat[:SHORT_CHARS].rsplit(" ", 1)[0] + " ..."
