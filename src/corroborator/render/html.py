"""The HTML report: one self-contained file (inline CSS, JS and SVG; no network request).

Article text is hostile input. Every piece of it is escaped with ``html.escape``
where the page is built, and the data the script needs travels in a
``<script type="application/json">`` block with ``<`` escaped, which the script
reads with ``JSON.parse`` and turns into DOM nodes with ``textContent`` only:
no ``innerHTML`` anywhere. The web UI serves this same page.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from corroborator.attribution import source_key
from corroborator.brief import Cite, ClaimLine, SoleLine, StoryBrief, batch_summary, plural, story_briefs
from corroborator.render.graph import layered_layout
from corroborator.render.provgraph import CREDIT_KINDS, Summary, is_undirected, summarise
from corroborator.report import Report
from corroborator.textutil import date_key
from corroborator.types import COPY_KINDS, Article, Claim, Finding, Story

REUSE_KINDS = (*COPY_KINDS, "partial_reuse")  # drawn as edges in the provenance graph


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def render_html(report: Report, title: str = "corroborator report", links: str = "") -> str:
    """The report as one self-contained page.

    Args:
        links: extra HTML for the header (the web UI's home and download links); trusted, not escaped.
    """
    articles = {a.id: a for a in report.articles}
    briefs = story_briefs(report)
    by_story = {s.id: s for s in report.stories}
    summary = batch_summary(report)
    parts = [_HEAD.replace("{{title}}", _e(title)).replace("{{css}}", _CSS)]
    parts.append(
        f"<header><h1>{_e(title)}</h1>{links}<p class='stats' id='batch'>{_e(summary.line())}</p></header><main>"
    )
    parts.append(_overview(briefs))
    if report.skipped:
        parts.append(
            f"<details class='skipped'><summary>{plural(len(report.skipped), 'input')} skipped, with the reasons"
            "</summary><ul>"
            + "".join(f"<li><code>{_e(s.source)}</code>: {_e(s.reason)}</li>" for s in report.skipped)
            + "</ul></details>"
        )
    parts.extend(_story(by_story[b.story], b, report, articles, rank) for rank, b in enumerate(briefs))
    orphans = [f for f in report.findings if f.story not in by_story]
    if orphans:
        parts.append(
            "<section class='story'><h2>Other findings</h2><details><summary>Findings</summary>"
            + _findings(orphans, articles)
            + "</details></section>"
        )
    parts.append("</main>")
    parts.append(_pair_view(report))
    parts.append("<script type='application/json' id='data'>" + _data_json(report, briefs) + "</script>")
    parts.append("<script>" + _JS + "</script></body></html>")
    return "\n".join(parts)


def _overview(briefs: tuple[StoryBrief, ...]) -> str:
    """The stories, most important first: what each one's core claim rests on, in one table."""
    if not briefs:
        return ""
    rows = []
    for b in briefs:
        core = b.core[0] if b.core else None
        what = (
            f"{_quote(core.cite.short)} <span class='carried'>{_e(core.carried())}</span>"
            if core
            else "<span class='none'>no claim shared by two articles</span>"
        )
        rows.append(
            # On a phone the header row is hidden and each count shows its noun (data-label), in agreement.
            f"<tr><td class='t'><a href='#{_e(b.story)}'>{_e(b.title)}</a></td>"
            f"<td data-label='{_noun(len(b.articles), 'article')}'>{len(b.articles)}</td>"
            f"<td data-label='{_noun(b.copies_of_others, 'copy')}'>{b.copies_of_others}</td>"
            f"<td data-label='{_noun(b.findings, 'finding')}'>{b.findings}</td><td class='c'>{what}</td></tr>"
        )
    return (
        "<section class='overview'><h2>Stories, most important first</h2><div class='scroll'><table class='stories'>"
        "<thead><tr><th>story</th><th>articles</th><th title='articles that copy or rewrite another article of the "
        "story'>copies</th><th>findings</th>"
        "<th>core claim: carried by</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table></div></section>"
    )


def _noun(n: int, noun: str) -> str:
    """The noun as it follows the count ``n``: "article" after 1, "articles" otherwise."""
    return plural(n, noun).split(" ", 1)[1]


def _data_json(report: Report, briefs: tuple[StoryBrief, ...] = ()) -> str:
    articles = {a.id: a for a in report.articles}
    cited = {x.claim for b in briefs for x in b.core + b.corroborated} | {x.claim for b in briefs for x in b.single}
    data = {
        "articles": {
            a.id: {
                "label": a.label,
                "title": a.meta.title,
                "published": a.meta.published,
                "text": a.text,
                "removed": [{"at": r.at, "text": r.text, "reason": r.reason} for r in a.removed],
            }
            for a in report.articles
        },
        "relations": [
            {
                "a": r.a,
                "b": r.b,
                "kind": r.kind,
                "original": r.original,
                "rule": r.rule,
                "passages": [
                    {
                        "label": p.label,
                        "a": [articles[r.a].sentences[p.i].start, articles[r.a].sentences[p.i].end],
                        "b": [articles[r.b].sentences[p.j].start, articles[r.b].sentences[p.j].end],
                    }
                    for p in r.alignment.pairs
                ],
            }
            for r in report.relations
        ],
        # The claims the briefs cite: their sentences are outlined when the pair view opens from one.
        "claims": {
            c.id: {
                "kind": "claim",
                "summary": c.explanation,
                "evidence": [[m.article, m.start, m.end] for m in c.mentions],
                "story": c.story,
            }
            for c in report.claims
            if c.id in cited
        },
        "findings": {
            f.id: {
                "kind": f.kind,
                "summary": f.summary,
                "evidence": [[e.article, e.start, e.end] for e in f.evidence if e.start >= 0],
            }
            for f in report.findings
        },
    }
    # "<" escaped so no article text can close this script element.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _quote(text: str) -> str:
    """A sentence from an article in quotation marks; one that opens or closes with a quotation mark shows its own
    marks, since <q> would add a second pair ('... earliest."”')."""
    if text[:1] in "\"“”'‘«„" or text.rstrip(" .")[-1:] in "\"“”'’»":
        return f"<span class='quoted'>{_e(text)}</span>"
    return f"<q>{_e(text)}</q>"


def _cite(c: Cite, claim: str = "", other: str = "") -> str:
    """A quoted sentence and a link to it in the pair view (beside ``other``, the claim's spans outlined)."""
    target = "/".join(x for x in ("pair", c.article, other or c.article, claim) if x)
    return (
        _quote(c.short) + f" <a class='cite' href='#{_e(target)}' data-article='{_e(c.article)}' "
        f"data-start='{c.start}' data-end='{c.end}'>{_e(c.label)} @{c.start}-{c.end}</a>"
    )


def _partner(line: ClaimLine | SoleLine, report_claims: dict[str, Claim], story: tuple[str, ...]) -> str:
    """Another article of the claim (or of the story, for a claim one outlet makes) to show beside the cited one."""
    claim = report_claims.get(line.claim)
    cited = line.cite.article
    others = [a for a in (claim.articles if claim else ()) if a != cited] or [a for a in story if a != cited]
    return others[0] if others else cited


def _brief(b: StoryBrief, claims: dict[str, Claim]) -> str:
    """The story's answer first: counts, copy chain, disputes, core claims, what is corroborated, what one outlet says."""
    out = [f"<div class='brief' data-story='{_e(b.story)}'><p class='headline'>{_e(b.headline())}.</p>"]
    field = "outlets" if not b.unnamed else "articles"  # a file name is no outlet
    out.append(f"<p class='outlets'><span class='field'>{field}:</span> {_e(', '.join(b.outlets))}</p>")
    if b.sources:
        out.append(
            f"<p class='outlets'><span class='field'>credited sources:</span> {_e(', '.join(b.sources[:8]))}</p>"
        )
    if b.copies:
        out.append(
            "<p class='copies'><span class='field'>copy chain:</span> "
            + "; ".join(f"<span title='{_e(c.rule)}'>{_e(c.sentence())}</span>" for c in b.copies)
            + "</p>"
        )
    if b.disputed:
        out.append("<h3>Disputed</h3><ul class='disputed'>")
        out.extend(
            f"<li><span class='badge {_e(d.kind)}'>{_e(d.kind.replace('_', ' '))}</span> {_e(d.summary)} "
            f"<a class='tofinding' href='#{_e(d.finding)}'>evidence</a></li>"
            for d in b.disputed
        )
        out.append("</ul>")
    if b.core:
        out.append("<h3>Core claims</h3><ul class='core'>")
        for c in b.core:
            roles = c.roles()
            out.append(
                f"<li>{_cite(c.cite, c.claim, _partner(c, claims, b.articles))}<br>"
                f"<b class='carried'>{_e(c.carried())}</b>"
                + (f"<span class='roles'>{_e(roles)}</span>" if roles else "")
                + "</li>"
            )
        out.append("</ul>")
    if b.corroborated:
        out.append("<h3>Also corroborated by two or more independent origins</h3><ul class='corroborated'>")
        out += [
            f"<li>{_cite(c.cite, c.claim, _partner(c, claims, b.articles))} <b class='carried'>{_e(c.carried())}</b></li>"
            for c in b.corroborated
        ]
        out.append("</ul>")
    if b.single:
        out.append("<h3>Only one outlet says</h3><ul class='single'>")
        out += [
            f"<li><b>{_e(s.outlet)}</b>: {_cite(s.cite, s.claim, _partner(s, claims, b.articles))}</li>"
            for s in b.single
        ]
        out.append("</ul>")
    out.append("</div>")
    return "".join(out)


OPEN_STORIES = 5  # stories shown unfolded; the rest fold to their title line (the stories table links to them)


def _story(story: Story, brief: StoryBrief, report: Report, articles: dict[str, Article], rank: int = 0) -> str:
    ids = story.articles
    span = " to ".join(x for x in dict.fromkeys([story.start, story.end]) if x) or "no dates"
    out = [
        f"<section class='story' id='{_e(story.id)}'><details class='storyfold'"
        f"{' open' if rank < OPEN_STORIES else ''}><summary><h2>{_e(brief.title)}</h2> "
        f"<span class='meta'>{_e(brief.headline())}</span></summary>"
        f"<p class='meta'>{plural(len(ids), 'article')}; {_e(span)}</p>",
        _brief(brief, {c.id: c for c in report.claims if c.story == story.id}),
    ]
    out.append("<details class='more graph'><summary>Timeline and provenance graph</summary><ol class='timeline'>")
    for aid in sorted(ids, key=lambda i: (date_key(articles[i].meta.published), i)):
        a = articles[aid]
        out.append(
            f"<li><span class='date'>{_e(a.meta.published or 'no date')}</span> <b>{_e(a.label)}</b> "
            f"{_e(a.meta.title or '')} <button class='pick' data-article='{_e(aid)}'>compare</button></li>"
        )
    out.append("</ol>" + provenance_svg(story, report, articles) + "</details>")
    findings = [f for f in report.findings if f.story == story.id]
    top = [f for f in findings if f.top] or findings[:10]
    rest = [f for f in findings if f not in top]
    out.append(
        f"<details class='more findings-box'><summary>Findings ({len(findings)})</summary>"
        + _findings(top, articles)
        + (
            f"<details class='more'><summary>{len(rest)} more {'finding' if len(rest) == 1 else 'findings'}</summary>"
            f"{_findings(rest, articles)}</details>"
            if rest
            else ""
        )
        + "</details>"
    )
    claims = [c for c in report.claims if c.story == story.id]
    out.append(
        f"<details class='more claims-box'><summary>Claims ({len(claims)})</summary>"
        + _claims_table(claims, report, articles)
        + "</details>"
    )
    out.append("</details></section>")
    return "\n".join(out)


def provenance_edges(
    story: Story, report: Report, articles: dict[str, Article]
) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """Original -> copy, and credited source -> the article that credits it; plus the sources' names."""
    ids = set(story.articles)
    edges: list[tuple[str, str, str]] = []
    sources: dict[str, str] = {}
    for rel in report.relations:
        if rel.a in ids and rel.b in ids and rel.kind in REUSE_KINDS:
            if rel.original:
                edges.append((rel.original, rel.other(rel.original), rel.kind))
            elif not rel.direction.common_original:
                edges.append((rel.a, rel.b, rel.kind + " (direction unknown)"))
    # An article is named by its outlet metadata or by its batch label (a URL host, a byline "By X for The
    # Quillmouth Tide"): a credit to either is a credit to the article, not a second box with the outlet's name.
    outlet_of: dict[str, str] = {}
    for a in story.articles:
        art = articles[a]
        for name in (art.meta.outlet, art.short_label):
            if name and name != Path(art.source).name and source_key(name):
                outlet_of.setdefault(source_key(name), a)
    for aid in story.articles:
        for att in articles[aid].attributions:
            if att.kind != "report" or not att.source[:1].isupper() or outlet_of.get(att.source_key) == aid:
                continue  # an outlet crediting itself ("The Bay Post has learned") is its own reporting
            if att.source_key in outlet_of:
                edges.append((outlet_of[att.source_key], aid, "credited by"))  # a credit to an article in the batch
                continue
            sources.setdefault(att.source_key, att.source)
            edges.append(("src:" + att.source_key, aid, "credits"))
    return edges, sources


NODE_W, LAYER_GAP, LINE_H, NODE_PAD, NODE_GAP = 190, 90, 15, 8, 14
WRAP = 26  # characters per line of a node's name


def _wrap(name: str, width: int = WRAP) -> list[str]:
    """A name in lines of at most ``width`` characters, broken between words (a longer word gets its own line)."""
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def provenance_svg(story: Story, report: Report, articles: dict[str, Article]) -> str:
    """The provenance graph as inline SVG: a layered drawing (credited sources, then originals, then copies),
    full names wrapped, a legend, and nodes a reader can click to filter the story's claims and findings.

    A big story's graph is reduced first (``render.provgraph``: copy groups, relayed credits, a spanning forest of
    shared text; the transitive reduction for every story); the links left out are listed under the drawing, each
    with the drawn path or node that stands for it."""
    edges, sources = provenance_edges(story, report, articles)
    names = {aid: articles[aid].label for aid in story.articles} | {"src:" + k: v for k, v in sources.items()}
    nodes = ["src:" + k for k in sorted(sources, key=lambda k: sources[k])] + list(story.articles)
    summary = summarise(nodes, edges, names)
    kinds = {(a, b): kind for a, b, kind in summary.edges}
    drawn_sources = any(n.startswith("src:") for n in summary.nodes)
    min_layer = {n: 1 for n in summary.nodes if not n.startswith("src:")} if drawn_sources else None
    layout = layered_layout(summary.nodes, list(kinds), min_layer)
    label = {n: " ".join([summary.names[n], *summary.notes.get(n, ())]) for n in summary.nodes}
    lines = {
        n: (_wrap(summary.names[n]), [x for note in summary.notes.get(n, ()) for x in _wrap(note)])
        for n in summary.nodes
    }
    height_of = {n: (len(a) + len(b)) * LINE_H + 2 * NODE_PAD for n, (a, b) in lines.items()}
    for layer in layout.layers:
        for n in layer:
            height_of.setdefault(n, 4)
    col_h = [sum(height_of[n] + NODE_GAP for n in layer) for layer in layout.layers]
    total_h = max(col_h, default=0) + 20
    pos: dict[str, tuple[float, float]] = {}
    for k, layer in enumerate(layout.layers):
        y = 10 + (total_h - col_h[k]) / 2
        for n in layer:
            pos[n] = (10 + k * (NODE_W + LAYER_GAP), y)
            y += height_of[n] + NODE_GAP
    width = 20 + len(layout.layers) * (NODE_W + LAYER_GAP) - LAYER_GAP
    total_links = len({(a, b) for a, b, _kind in edges})
    svg = [
        f"<div class='provwrap'><svg class='prov' viewBox='0 0 {width} {total_h:.0f}' "
        f"style='min-width:{min(width, 560)}px;max-width:{width}px' width='100%' role='img' "
        f"aria-label='provenance graph: {layout.crossings} crossing lines' data-crossings='{layout.crossings}' "
        f"data-nodes='{len(summary.nodes)}' data-edges='{len(summary.edges)}' data-links='{total_links}' "
        f"data-hidden='{len(summary.hidden)}'>",
        "<defs><marker id='arrow' viewBox='0 0 10 10' refX='10' refY='5' markerWidth='6' markerHeight='6' "
        "orient='auto'><path d='M0,0 L10,5 L0,10 z' fill='#666'/></marker></defs>",
    ]
    for path in layout.paths:
        kind = kinds[(path[0], path[-1])]
        points = []
        for k, n in enumerate(path):
            x, y = pos[n]
            mid = y + height_of[n] / 2
            if k == 0:
                points.append((x + NODE_W, mid))
            elif k == len(path) - 1:
                points.append((x, mid))
            else:
                points += [(x, mid), (x + NODE_W, mid)]
        cls = "credit" if kind in CREDIT_KINDS else "unknown" if is_undirected(kind) else "copy"
        d = " ".join(f"{x:.0f},{y:.0f}" for x, y in points)
        arrow = "" if cls == "unknown" else " marker-end='url(#arrow)'"  # shared text of unknown direction: no arrow
        joint = " - " if cls == "unknown" else " -> "
        svg.append(
            f"<polyline class='edge {cls}' points='{d}' fill='none'{arrow}>"
            f"<title>{_e(summary.names[path[0]])}{joint}{_e(summary.names[path[-1]])}: {_e(kind)}</title></polyline>"
        )
    for n in summary.nodes:
        x, y = pos[n]
        cls = "source" if n.startswith("src:") else "article"
        name_lines, note_lines = lines[n]
        note = " class='note'"
        text = "".join(
            f"<tspan x='{x + 8:.0f}' y='{y + NODE_PAD + (i + 1) * LINE_H - 3:.0f}'{note if i >= len(name_lines) else ''}>"
            f"{_e(line)}</tspan>"
            for i, line in enumerate(name_lines + note_lines)
        )
        key = n[4:] if n.startswith("src:") else n
        members = [m for m in summary.members.get(n, (n,)) if not m.startswith("src:")]
        group = ""
        if len(members) > 1 or n.startswith(("grp:", "more:")):
            cls += " group"
            group = (
                f" data-members='{_e(' '.join(members))}' "
                f"data-names='{_e(', '.join(summary.names.get(m, m) for m in members))}'"
            )
        svg.append(
            f"<g class='node {cls}' data-node='{_e(key)}' data-kind='{cls.split()[0]}'{group} tabindex='0' "
            f"role='button' aria-label='show only the claims and findings of {_e(label[n])}'>"
            f"<rect x='{x:.0f}' y='{y:.0f}' width='{NODE_W}' height='{height_of[n]}' rx='4'/>"
            f"<text>{text}</text><title>{_e(label[n])}</title></g>"
        )
    svg.append("</svg></div>")
    legend = (
        "<p class='legend graphlegend'><span class='lg article'></span> article "
        + (
            "<span class='lg group'></span> copy group or folded articles (click: its members) "
            if any(n.startswith(("grp:", "more:")) for n in summary.nodes)
            else ""
        )
        + "<span class='lg source'></span> source an article credits "
        "<svg width='34' height='10' aria-hidden='true'><line class='copy' x1='0' y1='5' x2='34' y2='5'/></svg> "
        "copied or rewritten from (original -> copy) "
        "<svg width='34' height='10' aria-hidden='true'><line class='credit' x1='0' y1='5' x2='34' y2='5'/></svg> "
        "credited (source -> article) "
        "<svg width='34' height='10' aria-hidden='true'><line class='unknown' x1='0' y1='5' x2='34' y2='5'/></svg> "
        "shared text, direction undecided. Click a box to show only its claims and findings.</p>"
        "<p class='nodefilter' hidden>Showing the claims and findings of <b class='who'></b>"
        "<span class='members'></span>. <button class='clearfilter'>show all</button></p>"
    )
    return legend + "".join(svg) + _graph_rest(summary, total_links)


_WHY = (  # how each reason of provgraph.Hidden.why begins, and what the note under the graph calls it
    ("implied by", "implied by a drawn path"),
    ("inside the copy group", "inside a copy group"),
    ("drawn as", "drawn as a link to or from a copy group"),
    ("shared text", "shared text between boxes a drawn path already joins"),
    ("relayed", "relayed credits (a drawn credit of the same source reaches them)"),
    ("folded into", "folded into the one article that credits the source"),
)


def _graph_rest(summary: Summary, total: int) -> str:
    """Under the drawing: what it leaves out (every link not drawn, with the reason) and the copy groups' members."""
    if not summary.hidden:
        return ""
    names = summary.names
    groups = [n for n in summary.nodes if n.startswith(("grp:", "more:"))]
    why: dict[str, int] = {}
    for h in summary.hidden:
        for start, reason in _WHY:
            if h.why.startswith(start):
                why[reason] = why.get(reason, 0) + 1
                break
    out = [
        f"<p class='meta graphnote'>Drawn: {plural(len(summary.nodes), 'box')} and {len(summary.edges)} of the "
        f"story's {plural(total, 'link')}. Listed below instead of drawn: "
        + "; ".join(f"{n:,} {reason}" for reason, n in why.items())
        + ".</p>"
    ]
    if groups:
        out.append("<ul class='groups'>")
        out += [
            f"<li><b>{_e(names[g])}</b>: {_e(', '.join(names.get(m, m) for m in summary.members[g]))}</li>"
            for g in groups
        ]
        out.append("</ul>")
    rows = "".join(
        f"<tr><td>{_e(names.get(h.a, h.a))}</td><td>{_e(names.get(h.b, h.b))}</td><td>{_e(h.kind.replace('_', ' '))}</td>"
        f"<td>{_e(h.why)}</td></tr>"
        for h in summary.hidden
    )
    out.append(
        f"<details class='hiddenlinks'><summary>{plural(len(summary.hidden), 'link')} not drawn, and why</summary>"
        "<div class='scroll'><table class='links'><thead><tr><th>from</th><th>to</th><th>link</th>"
        f"<th>not drawn because</th></tr></thead><tbody>{rows}</tbody></table></div></details>"
    )
    return "".join(out)


def _sentence_around(text: str, start: int, end: int) -> tuple[str, str, str]:
    stop, newline = text.rfind(". ", 0, start), text.rfind("\n", 0, start)
    left = max(stop + 2 if stop >= 0 else 0, newline + 1 if newline >= 0 else 0)
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return text[left:start], text[start:end], text[end:right]


def _findings(findings: list[Finding], articles: dict[str, Article]) -> str:
    if not findings:
        return "<p class='none'>No findings.</p>"
    out = ["<ol class='findings'>"]
    for f in findings:
        out.append(
            f"<li class='finding' id='{_e(f.id)}' data-kind='{_e(f.kind)}' "
            f"data-articles='{_e(' '.join(f.articles))}' data-sources='{_e(_finding_sources(f))}'>"
            f"<div class='fhead'><span class='badge {_e(f.kind)}'>{_e(f.kind.replace('_', ' '))}</span> "
            f"<span class='conf'>confidence {f.confidence:.2f}</span></div>"
            f"<p class='summary'>{_e(f.summary)}</p><div class='evidence'>"
        )
        for ev in f.evidence:
            art = articles.get(ev.article)
            if art is None:
                continue
            if ev.field == "title" or ev.start < 0:
                body = f"<span class='field'>headline:</span> <mark>{_e(ev.text)}</mark>"
            else:
                before, hit, after = _sentence_around(art.text, ev.start, ev.end)
                body = f"{_e(before)}<mark>{_e(hit)}</mark>{_e(after)}"
            out.append(f"<blockquote><cite>{_e(art.label)}</cite><p>{body}</p></blockquote>")
        out.append("</div>")
        diff = f.details.get("diff")
        if diff:
            out.append(
                "<p class='diff'><span class='field'>word changes:</span> "
                + " &middot; ".join(
                    " ".join(
                        x
                        for x in (
                            (f"<del>{_e(d['a'])}</del>" if d["a"] else ""),
                            (f"<ins>{_e(d['b'])}</ins>" if d["b"] else ""),
                        )
                        if x
                    )
                    for d in diff  # type: ignore[attr-defined]
                )
                + "</p>"
            )
        if len(f.articles) >= 2:
            out.append(
                f"<a class='pair' href='#pair/{_e(f.articles[0])}/{_e(f.articles[1])}/{_e(f.id)}'>"
                "show the two articles side by side, this finding highlighted</a>"
            )
        out.append("</li>")
    out.append("</ol>")
    return "".join(out)


def _finding_sources(f: Finding) -> str:
    """The source keys a finding names (the speaker of an altered quote, the sources of a conflict)."""
    names: list[object] = [f.details.get("speaker")]
    extra = f.details.get("sources")
    if isinstance(extra, tuple):
        names.extend(extra)
    return " ".join(source_key(n).replace(" ", "_") for n in names if isinstance(n, str) and n)


def _claims_table(claims: list[Claim], report: Report, articles: dict[str, Article]) -> str:
    flags: dict[str, list[str]] = {}
    for f in report.findings:
        if f.claim:
            flags.setdefault(f.claim, []).append(f.kind)
    rows = []
    for c in claims:
        outlets = ", ".join(dict.fromkeys(articles[a].label for a in c.articles))
        kinds = ", ".join(sorted(set(flags.get(c.id, []))))
        n = len(c.articles)
        origins = " ".join(o.id.removeprefix("source:").replace(" ", "_") for o in c.origins if o.kind == "source")
        rows.append(
            f"<tr data-articles='{_e(' '.join(c.articles))}' data-sources='{_e(origins)}'><td>{_e(c.text)}</td><td data-sort='{n}'>{n}: {_e(outlets)}</td>"
            f"<td data-sort='{c.independent_sources}'><b>{c.independent_sources}</b> "
            f"<span class='why'>{_e(c.explanation)}</span></td>"
            f"<td>{_e(kinds)}</td></tr>"
        )
    return (
        "<input class='filter' type='search' placeholder='filter claims' aria-label='filter claims'>"
        "<div class='scroll'><table class='claims'><thead><tr>"
        + "".join(
            f"<th data-col='{k}'{num} tabindex='0' role='columnheader' aria-sort='none'>{name}"
            "<span class='dir' aria-hidden='true'></span></th>"
            for k, (name, num) in enumerate(
                [("claim", ""), ("articles", " data-num='1'"), ("independent origins", " data-num='1'"), ("flags", "")]
            )
        )
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></div>"
    )


def _pair_view(report: Report) -> str:
    options = "".join(
        f"<option value='{_e(a.id)}'>{_e(a.label)}: {_e((a.meta.title or '')[:60])}</option>" for a in report.articles
    )
    return (
        "<section class='story' id='pairview' hidden><p class='pairnav'><a id='pairback' href='#'>back to the "
        "report</a></p><h2>Pair view</h2>"
        "<p class='meta'>Two articles side by side: aligned sentences highlighted by kind (hover one to see its "
        "partner), the finding's own spans outlined, boilerplate that cleaning removed struck through.</p>"
        f"<label>A <select id='pa'>{options}</select></label> <label>B <select id='pb'>{options}</select></label>"
        "<p id='pairfinding' class='summary'></p><p id='pairrule' class='meta'></p>"
        "<p class='legend'><span class='hl finding'>the finding's spans</span> "
        "<span class='hl verbatim'>verbatim</span> <span class='hl near_verbatim'>near-verbatim</span> "
        "<span class='hl paraphrase'>paraphrase</span> <span class='hl same_fact'>same fact</span> "
        "<span class='hl shared_quote'>shared quote</span> <del class='removed'>removed boilerplate</del></p>"
        "<div class='pair'><div class='col' id='colA'></div><div class='col' id='colB'></div></div></section>"
    )


_HEAD = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="generator" content="corroborator">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>{{title}}</title><style>{{css}}</style></head><body>"""

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#f6f6f4;overflow-wrap:break-word}
header{background:#1f2a38;color:#fff;padding:14px 28px}header h1{margin:0;font-size:21px}
header a{color:#cfe3ff}.stats{margin:4px 0 4px;color:#d7dde6}.uilinks a{margin-right:12px;font-size:14px}
.story,.overview,details.skipped{background:#fff;margin:16px 28px;padding:14px 22px;border-radius:8px;box-shadow:0 1px 3px #0002}
h2{margin-top:0;font-size:19px}h3{margin:10px 0 4px;font-size:15px;border-bottom:1px solid #eee}.meta{color:#666;font-size:13px}
.brief .headline{font-weight:600;font-size:16px;margin:4px 0}.brief ul{margin:2px 0;padding-left:20px}.brief li{margin:3px 0}
.brief q,.brief .quoted,.stories q,.stories .quoted{font-style:italic}.carried{color:#13406b}.roles{display:block;color:#555;font-size:13px}
a.cite{font-size:12px;color:#556;white-space:nowrap}.outlets,.copies{margin:2px 0;font-size:14px}
details.storyfold>summary{cursor:pointer;list-style-position:inside}details.storyfold>summary h2{display:inline}
details.storyfold[open]>summary .meta{display:none}details.more{margin-top:8px}details.more>summary{cursor:pointer;font-weight:600;color:#234}
.scroll{overflow-x:auto}table.stories{border-collapse:collapse;width:100%;font-size:14px}
.stories th{white-space:nowrap}.stories th,.stories td{border-top:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
.timeline{padding-left:20px}.timeline .date{color:#666;font-variant-numeric:tabular-nums;font-size:13px}
button{font-size:12px;border:1px solid #99a;border-radius:4px;background:#f2f4f8;cursor:pointer}
.provwrap{overflow-x:auto}svg.prov{background:#fafbfc;border:1px solid #eee;border-radius:6px;height:auto}
svg .node{cursor:pointer}svg .node rect{fill:#e8eef8;stroke:#7a8cab}svg .source rect{fill:#fff4dc;stroke:#c9a25a}
svg .node.picked rect{stroke:#1f2a38;stroke-width:3}svg .node:focus{outline:none}svg .node:focus rect{stroke-width:3}
svg text{font-size:12px}.copy{stroke:#b33;stroke-width:1.8}.credit{stroke:#888;stroke-dasharray:4 3;stroke-width:1.4}
.unknown{stroke:#b33;stroke-dasharray:1 3;stroke-width:1.8}
.lg{display:inline-block;width:16px;height:11px;border-radius:3px;vertical-align:middle}
.lg.article{background:#e8eef8;border:1px solid #7a8cab}.lg.group{background:#d4e0f4;border:2px solid #4a5f86}
svg .group rect{fill:#d4e0f4;stroke:#4a5f86;stroke-width:2}svg tspan.note{font-size:11px;fill:#555}
.groups{font-size:13px;padding-left:20px}table.links{border-collapse:collapse;font-size:12px}.links td,.links th{border-top:1px solid #eee;padding:2px 6px;text-align:left;vertical-align:top}.lg.source{background:#fff4dc;border:1px solid #c9a25a}
.findings{padding-left:18px}.finding{margin-bottom:14px}.finding:target{outline:2px solid #e0a800;outline-offset:4px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;background:#dde;font-size:12px;font-weight:600}
.badge.altered_quote,.badge.numeric_conflict,.badge.date_conflict,.badge.meaning_change,.badge.attribution_conflict{background:#fbd3cf}
.badge.unique_claim,.badge.unsupported_headline{background:#fdebc8}
.conf{color:#666;font-size:12px}.summary{margin:4px 0}.evidence{display:flex;gap:12px;flex-wrap:wrap}
blockquote{flex:1 1 280px;margin:0;padding:6px 10px;border-left:3px solid #7a8cab;background:#f8f9fb}
cite{font-style:normal;font-weight:600;font-size:12px;color:#445}mark{background:#ffe58a}
del{background:#fbd3cf;text-decoration:line-through}ins{background:#d6f5d6;text-decoration:none}
.field{color:#666;font-size:12px}table.claims{border-collapse:collapse;width:100%;font-size:13px}
.claims th{cursor:pointer;text-align:left;background:#eef1f6;padding:4px;white-space:nowrap}
.claims th:focus{outline:2px solid #1f2a38}.claims td{border-top:1px solid #eee;padding:4px;vertical-align:top}
.claims th[aria-sort=ascending] .dir::after{content:" \\25B2"}.claims th[aria-sort=descending] .dir::after{content:" \\25BC"}
.claims th[aria-sort=none] .dir::after{content:" \\21C5";color:#999}
.why{display:block;color:#666;font-size:12px}.filter{margin:6px 0;padding:4px;width:40%;min-width:200px}
.pair{display:flex;gap:16px}.col{flex:1;min-width:0;white-space:pre-wrap;background:#fcfcfc;border:1px solid #eee;padding:10px;font-size:13px}
.hl{border-radius:3px}.hl.verbatim{background:#ffc9c2}.hl.near_verbatim{background:#ffe0b3}.hl.paraphrase{background:#e0d4ff}
.hl.same_fact{background:#cdeffc}.hl.shared_quote{background:#fff3a8}.hl.active{outline:2px solid #1f2a38}
.hl.finding{background:#ffe58a;outline:2px solid #c77700}
del.removed{color:#999;background:none}.pairnav{margin:0 0 6px}body.pairmode main{display:none}
body.pairmode #pairview{display:block}.nodefilter{background:#eef6ff;padding:4px 8px;border-radius:4px}
@media (max-width:700px){header{padding:10px 12px}.story,.overview,details.skipped{margin:10px 6px;padding:10px 12px}
.pair{flex-direction:column}.filter{width:100%}body{font-size:14px}
table.stories thead{display:none}table.stories tr{display:block;border-top:1px solid #ddd;padding:6px 0}
table.stories td{display:inline;border:0;padding:0 6px 0 0}table.stories td.t,table.stories td.c{display:block}
table.stories td[data-label]::after{content:" " attr(data-label);color:#666;font-size:12px}}
"""

_JS = r"""
(function(){
  var data = JSON.parse(document.getElementById('data').textContent);
  function el(tag, cls, text){ var n=document.createElement(tag); if(cls) n.className=cls; if(text!=null) n.textContent=text; return n; }
  function openTo(node){ for (var p = node; p; p = p.parentElement){ if (p.tagName === 'DETAILS') p.open = true; } }
  // Claims tables: filter and sort (click, Enter or Space on a header; aria-sort shows the direction).
  document.querySelectorAll('.filter').forEach(function(box){
    var table = box.parentElement.querySelector('table.claims');
    box.addEventListener('input', function(){
      var q = box.value.toLowerCase();
      table.querySelectorAll('tbody tr').forEach(function(tr){ tr.classList.toggle('nomatch', tr.textContent.toLowerCase().indexOf(q) < 0); show(tr); });
    });
  });
  function show(node){ node.style.display = (node.classList.contains('nomatch') || node.classList.contains('notnode')) ? 'none' : ''; }
  function sortBy(th){
    var table = th.closest('table'), col = +th.dataset.col, num = th.dataset.num, body = table.tBodies[0];
    var asc = th.getAttribute('aria-sort') !== 'ascending';
    table.querySelectorAll('th').forEach(function(h){ h.setAttribute('aria-sort', 'none'); });
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function(r1, r2){
      var a = r1.cells[col], b = r2.cells[col];
      var x = num ? +a.dataset.sort : a.textContent, y = num ? +b.dataset.sort : b.textContent;
      return (x > y ? 1 : x < y ? -1 : 0) * (asc ? 1 : -1);
    });
    rows.forEach(function(r){ body.appendChild(r); });
  }
  document.querySelectorAll('table.claims th').forEach(function(th){
    th.addEventListener('click', function(){ sortBy(th); });
    th.addEventListener('keydown', function(ev){ if (ev.key === 'Enter' || ev.key === ' '){ ev.preventDefault(); sortBy(th); } });
  });
  // Provenance graph: a click (or Enter) on a box shows only the claims and findings of that article or source.
  function filterStory(section, node){
    var key = node ? node.dataset.node : null, kind = node ? node.dataset.kind : null;
    // A copy group (or the folded articles) stands for its members: an item of any of them is shown.
    var keys = !node ? [] : node.dataset.members ? node.dataset.members.split(' ') : [key, key.replace(/ /g, '_')];
    section.querySelectorAll('svg.prov .node').forEach(function(g){ g.classList.toggle('picked', g === node); });
    section.querySelectorAll('table.claims tbody tr, li.finding').forEach(function(item){
      var list = ((kind === 'source' ? item.dataset.sources : item.dataset.articles) || '').split(' ');
      item.classList.toggle('notnode', !!key && !keys.some(function(k){ return list.indexOf(k) >= 0; }));
      show(item);
    });
    var bar = section.querySelector('.nodefilter');
    bar.hidden = !key;
    if (key){ bar.querySelector('.who').textContent = node.querySelector('title').textContent;
      bar.querySelector('.members').textContent = node.dataset.names ? ': ' + node.dataset.names : '';
      openTo(section.querySelector('.claims-box')); section.querySelector('.claims-box').open = true;
      section.querySelector('.findings-box').open = true; }
  }
  document.querySelectorAll('svg.prov .node').forEach(function(g){
    var section = g.closest('section');
    function pick(){ filterStory(section, g.classList.contains('picked') ? null : g); }
    g.addEventListener('click', pick);
    g.addEventListener('keydown', function(ev){ if (ev.key === 'Enter' || ev.key === ' '){ ev.preventDefault(); pick(); } });
  });
  document.querySelectorAll('.clearfilter').forEach(function(btn){
    btn.addEventListener('click', function(){ filterStory(btn.closest('section'), null); });
  });
  // Pair view: built from the JSON data with textContent only; its own URL (#pair/A/B[/finding]) so Back works.
  function relationOf(a, b){
    for (var i = 0; i < data.relations.length; i++){ var r = data.relations[i];
      if ((r.a === a && r.b === b) || (r.a === b && r.b === a)) return r; }
    return null;
  }
  function fill(col, id, spans){
    var art = data.articles[id], text = art.text; col.textContent = '';
    col.appendChild(el('h4', null, art.label + (art.published ? ' (' + art.published + ')' : '')));
    var cuts = art.removed.slice().sort(function(x, y){ return x.at - y.at; });
    var marks = spans.slice().sort(function(x, y){ return x.s - y.s || (x.label === 'finding' ? -1 : 1); });
    var pos = 0, ci = 0;
    function put(upto){
      while (ci < cuts.length && cuts[ci].at <= upto){
        if (cuts[ci].at > pos){ col.appendChild(document.createTextNode(text.slice(pos, cuts[ci].at))); pos = cuts[ci].at; }
        var d = el('del', 'removed', cuts[ci].text); d.title = 'removed: ' + cuts[ci].reason; col.appendChild(d); ci++;
      }
      if (upto > pos){ col.appendChild(document.createTextNode(text.slice(pos, upto))); pos = upto; }
    }
    marks.forEach(function(m){
      if (m.s < pos) return;
      put(m.s);
      var span = el('span', 'hl ' + m.label, text.slice(m.s, m.e)); span.title = m.label;
      if (m.link !== undefined) span.dataset.link = m.link;
      col.appendChild(span); pos = m.e;
    });
    put(text.length);
  }
  function showPair(a, b, fid){
    var f = fid ? (data.findings[fid] || data.claims[fid]) : null;
    var r = relationOf(a, b), sa = [], sb = [], fa = [], fb = [];
    if (f){ f.evidence.forEach(function(e){
      if (e[0] === a) fa.push({s: e[1], e: e[2], label: 'finding'});
      else if (e[0] === b) fb.push({s: e[1], e: e[2], label: 'finding'}); }); }
    function free(list, s, e){ return !list.some(function(m){ return m.s < e && s < m.e; }); }
    if (r){ r.passages.forEach(function(p, k){
      var pa = r.a === a ? p.a : p.b, pb = r.a === a ? p.b : p.a;
      if (free(fa, pa[0], pa[1]) && free(fb, pb[0], pb[1])){
        sa.push({s: pa[0], e: pa[1], label: p.label, link: k}); sb.push({s: pb[0], e: pb[1], label: p.label, link: k}); } }); }
    document.getElementById('pairrule').textContent = r ? (r.kind.replace(/_/g, ' ') + ': ' + r.rule) : 'These two articles share no aligned passages.';
    document.getElementById('pairfinding').textContent = f ? (f.kind.replace(/_/g, ' ') + ': ' + f.summary) : '';
    var back = document.getElementById('pairback'), isClaim = f && f.kind === 'claim';
    back.textContent = f && !isClaim ? 'back to the finding' : 'back to the report';
    back.setAttribute('href', '#' + (isClaim ? (f.story || '') : (fid || '')));
    fill(document.getElementById('colA'), a, sa.concat(fa)); fill(document.getElementById('colB'), b, sb.concat(fb));
  }
  var pa = document.getElementById('pa'), pb = document.getElementById('pb'), view = document.getElementById('pairview');
  function route(){
    var h = decodeURIComponent(location.hash.slice(1)), parts = h.split('/');
    if (parts[0] === 'pair' && data.articles[parts[1]]){
      var a = parts[1], b = data.articles[parts[2]] ? parts[2] : null;
      if (!b){ var r0 = data.relations.filter(function(r){ return r.a === a || r.b === a; })[0];
        b = r0 ? (r0.a === a ? r0.b : r0.a) : a; }
      pa.value = a; pb.value = b; document.body.classList.add('pairmode'); view.hidden = false;
      showPair(a, b, parts[3] || null);
      var first = view.querySelector('.col .hl.finding'); window.scrollTo(0, 0);
      if (first && first.scrollIntoView) first.scrollIntoView({block: 'center'});
      return;
    }
    document.body.classList.remove('pairmode'); view.hidden = true;
    var target = h ? document.getElementById(h) : null;
    if (target){ openTo(target); target.scrollIntoView(); }
  }
  function choose(){ location.hash = '#pair/' + pa.value + '/' + pb.value; }
  pa.addEventListener('change', choose); pb.addEventListener('change', choose);
  window.addEventListener('hashchange', route);
  route();
  document.addEventListener('mouseover', function(ev){
    var t = ev.target; if (!t.dataset || t.dataset.link === undefined) return;
    document.querySelectorAll('.hl.active').forEach(function(n){ n.classList.remove('active'); });
    document.querySelectorAll('.hl[data-link="' + t.dataset.link + '"]').forEach(function(n){ n.classList.add('active'); });
  });
  var picked = [];
  document.querySelectorAll('button.pick').forEach(function(btn){
    btn.addEventListener('click', function(){ picked.push(btn.dataset.article); if (picked.length === 2){
      location.hash = '#pair/' + picked[0] + '/' + picked[1]; picked = []; } });
  });
})();
"""
