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
from typing import Any

from corroborator.attribution import source_key
from corroborator.report import Report
from corroborator.textutil import date_key
from corroborator.types import COPY_KINDS, Article, Claim, Finding, Story

REUSE_KINDS = (*COPY_KINDS, "partial_reuse")  # drawn as edges in the provenance graph


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def render_html(report: Report, title: str = "corroborator report") -> str:
    articles = {a.id: a for a in report.articles}
    by_story = {s.id: s for s in report.stories}
    parts = [_HEAD.replace("{{title}}", _e(title)).replace("{{css}}", _CSS)]
    nav = "".join(f"<a href='#{_e(s.id)}'>{_e(s.title[:70])}</a>" for s in report.stories)
    skipped = f", {len(report.skipped)} inputs skipped" if report.skipped else ""
    parts.append(
        f"<header><h1>{_e(title)}</h1><p class='stats'>{len(report.articles)} articles, "
        f"{len(report.stories)} stories, {len(report.claims)} claims, {len(report.findings)} findings{skipped}"
        f"</p><nav>{nav}<a href='#pairview'>pair view</a></nav></header>"
    )
    parts.extend(_story(story, report, articles) for story in report.stories)
    orphans = [f for f in report.findings if f.story not in by_story]
    if orphans:
        parts.append("<section class='story'><h2>Other findings</h2>" + _findings(orphans, articles) + "</section>")
    if report.skipped:
        parts.append(
            "<section class='story'><h2>Skipped inputs</h2><ul>"
            + "".join(f"<li><code>{_e(s.source)}</code>: {_e(s.reason)}</li>" for s in report.skipped)
            + "</ul></section>"
        )
    parts.append(_pair_view(report))
    parts.append("<script type='application/json' id='data'>" + _data_json(report) + "</script>")
    parts.append("<script>" + _JS + "</script></body></html>")
    return "\n".join(parts)


def _data_json(report: Report) -> str:
    articles = {a.id: a for a in report.articles}
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
    }
    # "<" escaped so no article text can close this script element.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _story(story: Story, report: Report, articles: dict[str, Article]) -> str:
    ids = story.articles
    span = " to ".join(x for x in dict.fromkeys([story.start, story.end]) if x) or "no dates"
    out = [
        f"<section class='story' id='{_e(story.id)}'><h2>{_e(story.title)}</h2>"
        f"<p class='meta'>{len(ids)} articles; {_e(span)}</p>"
    ]
    out.append("<h3>Timeline</h3><ol class='timeline'>")
    for aid in sorted(ids, key=lambda i: (date_key(articles[i].meta.published), i)):
        a = articles[aid]
        out.append(
            f"<li><span class='date'>{_e(a.meta.published or 'no date')}</span> <b>{_e(a.label)}</b> "
            f"{_e(a.meta.title or '')} <button class='pick' data-article='{_e(aid)}'>compare</button></li>"
        )
    out.append("</ol><h3>Provenance</h3>" + provenance_svg(story, report, articles))
    findings = [f for f in report.findings if f.story == story.id]
    out.append(f"<h3>Findings ({len(findings)})</h3>" + _findings(findings, articles))
    claims = [c for c in report.claims if c.story == story.id]
    out.append(f"<h3>Claims ({len(claims)})</h3>" + _claims_table(claims, report, articles))
    out.append("</section>")
    return "\n".join(out)


def provenance_svg(story: Story, report: Report, articles: dict[str, Article]) -> str:
    """Original -> copy edges, and article -> upstream source it credits, as inline SVG."""
    ids = set(story.articles)
    edges: list[tuple[str, str, str]] = []
    sources: dict[str, str] = {}
    for rel in report.relations:
        if rel.a in ids and rel.b in ids and rel.kind in REUSE_KINDS:
            if rel.original:
                edges.append((rel.original, rel.other(rel.original), rel.kind))
            elif not rel.direction.common_original:
                edges.append((rel.a, rel.b, rel.kind + " (direction unknown)"))
    outlet_of = {source_key(articles[a].meta.outlet or ""): a for a in story.articles if articles[a].meta.outlet}
    for aid in story.articles:
        for att in articles[aid].attributions:
            if att.kind != "report" or not att.source[:1].isupper() or outlet_of.get(att.source_key) == aid:
                continue  # an outlet crediting itself ("The Bay Post has learned") is its own reporting
            if att.source_key in outlet_of:
                edges.append((outlet_of[att.source_key], aid, "credited by"))  # a credit to an article in the batch
                continue
            sources.setdefault(att.source_key, att.source)
            edges.append((aid, "src:" + att.source_key, "credits"))
    copies = {c for _, c, k in edges if k not in ("credits", "credited by")}
    column = {aid: (2 if aid in copies else 1) for aid in story.articles}
    column.update({"src:" + k: 0 for k in sources})
    names = {aid: articles[aid].label for aid in story.articles} | {"src:" + k: v for k, v in sources.items()}
    rows: dict[int, list[str]] = {0: [], 1: [], 2: []}
    for node in sorted(column, key=lambda n: (column[n], names[n])):
        rows[column[node]].append(node)
    width, row_h, col_w = 760, 34, 250
    height = max(2, max(len(r) for r in rows.values())) * row_h + 40
    pos = {n: (20 + col * col_w, 30 + k * row_h) for col, nodes in rows.items() for k, n in enumerate(nodes)}
    svg = [
        f"<svg class='prov' viewBox='0 0 {width} {height}' width='100%' role='img' aria-label='provenance graph'>",
        "<defs><marker id='arrow' viewBox='0 0 10 10' refX='10' refY='5' markerWidth='6' markerHeight='6' orient='auto'>"
        "<path d='M0,0 L10,5 L0,10 z' fill='#666'/></marker></defs>",
        f"<text x='20' y='14' class='colhead'>credited sources</text><text x='{20 + col_w}' y='14' class='colhead'>"
        f"originals and independent reports</text><text x='{20 + 2 * col_w}' y='14' class='colhead'>copies and rewrites</text>",
    ]
    seen = set()
    for src, dst, kind in edges:
        if (src, dst) in seen or src not in pos or dst not in pos:
            continue
        seen.add((src, dst))
        (x1, y1), (x2, y2) = pos[src], pos[dst]
        if kind == "credits":  # drawn from the crediting article back to the source it names
            x1, x2 = x1, x2 + 200
        else:
            x1 += 200
        cls = "credit" if kind in ("credits", "credited by") else "copy"
        svg.append(
            f"<line class='{cls}' x1='{x1}' y1='{y1}' x2='{x2}' y2='{y2}' marker-end='url(#arrow)'><title>{_e(kind)}</title></line>"
        )
    for node, (x, y) in pos.items():
        cls = "source" if node.startswith("src:") else "article"
        svg.append(
            f"<g class='node {cls}'><rect x='{x}' y='{y - 12}' width='200' height='22' rx='4'/>"
            f"<text x='{x + 6}' y='{y + 3}'>{_e(names[node][:32])}</text><title>{_e(names[node])}</title></g>"
        )
    svg.append("</svg>")
    return "".join(svg)


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
            f"<li class='finding' id='{_e(f.id)}' data-kind='{_e(f.kind)}'>"
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
                f"<button class='pair' data-a='{_e(f.articles[0])}' data-b='{_e(f.articles[1])}'>"
                "show the two articles side by side</button>"
            )
        out.append("</li>")
    out.append("</ol>")
    return "".join(out)


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
        rows.append(
            f"<tr><td>{_e(c.text)}</td><td data-sort='{n}'>{n}: {_e(outlets)}</td>"
            f"<td data-sort='{c.independent_sources}'><b>{c.independent_sources}</b> "
            f"<span class='why'>{_e(c.explanation)}</span></td>"
            f"<td>{_e(kinds)}</td></tr>"
        )
    return (
        "<input class='filter' type='search' placeholder='filter claims' aria-label='filter claims'>"
        "<table class='claims'><thead><tr><th data-col='0'>claim</th><th data-col='1' data-num='1'>articles</th>"
        "<th data-col='2' data-num='1'>independent sources</th><th data-col='3'>flags</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _pair_view(report: Report) -> str:
    options = "".join(
        f"<option value='{_e(a.id)}'>{_e(a.label)}: {_e((a.meta.title or '')[:60])}</option>" for a in report.articles
    )
    return (
        "<section class='story' id='pairview'><h2>Pair view</h2>"
        "<p class='meta'>Two articles side by side: aligned sentences highlighted by kind (hover one to see its "
        "partner), boilerplate that cleaning removed struck through.</p>"
        f"<label>A <select id='pa'>{options}</select></label> <label>B <select id='pb'>{options}</select></label>"
        "<p id='pairrule' class='meta'></p>"
        "<p class='legend'><span class='hl verbatim'>verbatim</span> <span class='hl near_verbatim'>near-verbatim</span> "
        "<span class='hl paraphrase'>paraphrase</span> <span class='hl same_fact'>same fact</span> "
        "<span class='hl shared_quote'>shared quote</span> <del class='removed'>removed boilerplate</del></p>"
        "<div class='pair'><div class='col' id='colA'></div><div class='col' id='colB'></div></div></section>"
    )


_HEAD = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="generator" content="corroborator">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>{{title}}</title><style>{{css}}</style></head><body>"""

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#f6f6f4}
header{background:#1f2a38;color:#fff;padding:16px 28px}header h1{margin:0;font-size:22px}
header nav a{color:#cfe3ff;margin-right:14px;font-size:13px}.stats{margin:4px 0 8px;color:#d7dde6}
.story{background:#fff;margin:18px 28px;padding:16px 22px;border-radius:8px;box-shadow:0 1px 3px #0002}
h2{margin-top:0}h3{margin-bottom:6px;border-bottom:1px solid #eee}.meta{color:#666;font-size:13px}
.timeline{padding-left:20px}.timeline .date{color:#666;font-variant-numeric:tabular-nums;font-size:13px}
button{font-size:12px;border:1px solid #99a;border-radius:4px;background:#f2f4f8;cursor:pointer}
svg.prov{background:#fafbfc;border:1px solid #eee;border-radius:6px}svg .node rect{fill:#e8eef8;stroke:#7a8cab}
svg .source rect{fill:#fff4dc;stroke:#c9a25a}svg text{font-size:12px}svg .colhead{fill:#888;font-size:11px}
svg line.copy{stroke:#b33;stroke-width:1.6}svg line.credit{stroke:#999;stroke-dasharray:4 3}
.findings{padding-left:18px}.finding{margin-bottom:14px}.badge{display:inline-block;padding:1px 8px;border-radius:10px;
background:#dde;font-size:12px;font-weight:600}.badge.altered_quote,.badge.numeric_conflict,.badge.date_conflict,
.badge.meaning_change{background:#fbd3cf}.badge.unique_claim,.badge.unsupported_headline{background:#fdebc8}
.conf{color:#666;font-size:12px}.summary{margin:4px 0}.evidence{display:flex;gap:12px;flex-wrap:wrap}
blockquote{flex:1 1 300px;margin:0;padding:6px 10px;border-left:3px solid #7a8cab;background:#f8f9fb}
cite{font-style:normal;font-weight:600;font-size:12px;color:#445}mark{background:#ffe58a}
del{background:#fbd3cf;text-decoration:line-through}ins{background:#d6f5d6;text-decoration:none}
.field{color:#666;font-size:12px}table.claims{border-collapse:collapse;width:100%;font-size:13px}
.claims th{cursor:pointer;text-align:left;background:#eef1f6;padding:4px}.claims td{border-top:1px solid #eee;padding:4px;vertical-align:top}
.why{display:block;color:#666;font-size:12px}.filter{margin:6px 0;padding:4px;width:40%}
.pair{display:flex;gap:16px}.col{flex:1;white-space:pre-wrap;background:#fcfcfc;border:1px solid #eee;padding:10px;font-size:13px}
.hl{border-radius:3px}.hl.verbatim{background:#ffc9c2}.hl.near_verbatim{background:#ffe0b3}.hl.paraphrase{background:#e0d4ff}
.hl.same_fact{background:#cdeffc}.hl.shared_quote{background:#fff3a8}.hl.active{outline:2px solid #1f2a38}
del.removed{color:#999;background:none}
"""

_JS = r"""
(function(){
  var data = JSON.parse(document.getElementById('data').textContent);
  function el(tag, cls, text){ var n=document.createElement(tag); if(cls) n.className=cls; if(text!=null) n.textContent=text; return n; }
  // Claims tables: filter and sort.
  document.querySelectorAll('.filter').forEach(function(box){
    var table = box.nextElementSibling;
    box.addEventListener('input', function(){
      var q = box.value.toLowerCase();
      table.querySelectorAll('tbody tr').forEach(function(tr){ tr.style.display = tr.textContent.toLowerCase().indexOf(q) >= 0 ? '' : 'none'; });
    });
  });
  document.querySelectorAll('table.claims th').forEach(function(th){
    th.addEventListener('click', function(){
      var table = th.closest('table'), col = +th.dataset.col, num = th.dataset.num, body = table.tBodies[0];
      var asc = th.dataset.dir !== 'asc'; th.dataset.dir = asc ? 'asc' : 'desc';
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function(r1, r2){
        var a = r1.cells[col], b = r2.cells[col];
        var x = num ? +a.dataset.sort : a.textContent, y = num ? +b.dataset.sort : b.textContent;
        return (x > y ? 1 : x < y ? -1 : 0) * (asc ? 1 : -1);
      });
      rows.forEach(function(r){ body.appendChild(r); });
    });
  });
  // Pair view: built from the JSON data with textContent only.
  function relationOf(a, b){
    for (var i = 0; i < data.relations.length; i++){ var r = data.relations[i];
      if ((r.a === a && r.b === b) || (r.a === b && r.b === a)) return r; }
    return null;
  }
  function fill(col, id, spans){
    var art = data.articles[id], text = art.text; col.textContent = '';
    col.appendChild(el('h4', null, art.label + (art.published ? ' (' + art.published + ')' : '')));
    var cuts = art.removed.slice().sort(function(x, y){ return x.at - y.at; });
    var marks = spans.slice().sort(function(x, y){ return x.s - y.s; });
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
      var span = el('span', 'hl ' + m.label, text.slice(m.s, m.e)); span.dataset.link = m.link; span.title = m.label;
      col.appendChild(span); pos = m.e;
    });
    put(text.length);
  }
  function showPair(a, b){
    var r = relationOf(a, b), sa = [], sb = [];
    if (r){ r.passages.forEach(function(p, k){
      var pa = r.a === a ? p.a : p.b, pb = r.a === a ? p.b : p.a;
      sa.push({s: pa[0], e: pa[1], label: p.label, link: k}); sb.push({s: pb[0], e: pb[1], label: p.label, link: k}); }); }
    document.getElementById('pairrule').textContent = r ? (r.kind.replace('_', ' ') + ': ' + r.rule) : 'These two articles share no aligned passages.';
    fill(document.getElementById('colA'), a, sa); fill(document.getElementById('colB'), b, sb);
  }
  var pa = document.getElementById('pa'), pb = document.getElementById('pb');
  function update(){ showPair(pa.value, pb.value); }
  pa.addEventListener('change', update); pb.addEventListener('change', update);
  if (pb.options.length > 1) pb.selectedIndex = 1;
  update();
  document.addEventListener('mouseover', function(ev){
    var t = ev.target; if (!t.dataset || t.dataset.link === undefined) return;
    document.querySelectorAll('.hl.active').forEach(function(n){ n.classList.remove('active'); });
    document.querySelectorAll('.hl[data-link="' + t.dataset.link + '"]').forEach(function(n){ n.classList.add('active'); });
  });
  document.querySelectorAll('button.pair').forEach(function(btn){
    btn.addEventListener('click', function(){ pa.value = btn.dataset.a; pb.value = btn.dataset.b; update();
      document.getElementById('pairview').scrollIntoView(); });
  });
  var picked = [];
  document.querySelectorAll('button.pick').forEach(function(btn){
    btn.addEventListener('click', function(){ picked.push(btn.dataset.article); if (picked.length === 2){
      pa.value = picked[0]; pb.value = picked[1]; picked = []; update(); document.getElementById('pairview').scrollIntoView(); } });
  });
})();
"""
