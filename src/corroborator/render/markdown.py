"""The Markdown report: findings and claims for tickets and notes.

Every text that comes from an article (body, title, outlet, source, skip reason) goes through ``_cell``:
Markdown renderers pass raw HTML through, so ``<script>`` or ``<img onerror>`` in an article would run
wherever report.md is viewed. ``<``, ``>`` and ``&`` become entities, and the characters that make links,
images and code spans (``[``, ``]``, backtick) are backslash-escaped, so article text is always shown as text.
"""

from __future__ import annotations

import re
from typing import cast

from corroborator.report import Report
from corroborator.types import thaw

_MARKDOWN_ACTIVE = re.compile(r"([\\`\[\]|])")


def _cell(text: str) -> str:
    """One line of article text, safe in a table cell, a list item or a heading."""
    flat = " ".join(str(text).split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_ACTIVE.sub(r"\\\1", flat)


def render_markdown(report: Report, title: str = "corroborator report") -> str:
    articles = {a.id: a for a in report.articles}

    def label(aid: str) -> str:
        a = articles[aid]
        return _cell(a.meta.outlet or a.meta.title or a.source)

    lines = [
        f"# {title}",
        "",
        f"{len(report.articles)} articles, {len(report.stories)} stories, "
        f"{len(report.claims)} claims, {len(report.findings)} findings.",
        "",
    ]
    for story in report.stories:
        ids = set(story.articles)
        lines += [
            f"## {_cell(story.title)}",
            "",
            f"{len(ids)} articles, {story.start or 'no date'} to "
            f"{story.end or 'no date'}: " + ", ".join(label(a) for a in story.articles),
            "",
        ]
        copies = [r for r in report.relations if r.a in ids and r.kind != "same_story"]
        if copies:
            lines += ["### Copies and reuse", ""]
            for r in copies:
                who = f"original: {label(r.original)}" if r.original else "original undecided"
                lines.append(f"- {label(r.a)} / {label(r.b)}: **{r.kind.replace('_', ' ')}** ({who}); {_cell(r.rule)}")
            lines.append("")
        findings = [f for f in report.findings if f.story == story.id]
        lines += [f"### Findings ({len(findings)})", ""]
        for f in findings:
            lines.append(f"- **{f.kind.replace('_', ' ')}** ({f.confidence:.2f}): {_cell(f.summary)}")
            for ev in f.evidence:
                lines.append(f'  - {label(ev.article)}: "{_cell(ev.text)}"')
            diff = cast(list[dict[str, str]], thaw(f.details.get("diff") or []))
            if diff:
                lines.append("  - changes: " + "; ".join(f"~~{_cell(d['a'])}~~ -> {_cell(d['b'])}" for d in diff))
        lines += ["", "### Claims", "", "| claim | articles | independent sources | why |", "|---|---|---|---|"]
        for c in [c for c in report.claims if c.story == story.id]:
            lines.append(f"| {_cell(c.text)} | {len(c.articles)} | {c.independent_sources} | {_cell(c.explanation)} |")
        lines.append("")
    if report.skipped:
        lines += ["## Skipped inputs", ""] + [f"- {_cell(s.source)}: {_cell(s.reason)}" for s in report.skipped] + [""]
    return "\n".join(lines)
