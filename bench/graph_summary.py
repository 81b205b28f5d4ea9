"""The provenance graph of each story, whole and as drawn (issue 14, item 3: a graph people can read).

    python bench/graph_summary.py REPORT.json [REPORT.json ...] [--before]

For every story with at least one link: the input graph (nodes, links), what the page draws after
``render.provgraph.summarise`` (boxes, links drawn, links listed under the drawing instead), the exact crossings
of the drawing (the page's ``data-crossings``), the seconds of the reduction and of the layout, and whether every
input link is still implied by a drawn path (``provgraph.reachable``). ``--before`` also lays out the whole
graph, as the page did before the reduction (seconds on a 1,000-link story). Then render_html of each whole
report, timed. Reports are made with ``corroborator analyze DIR --json FILE`` (the 50-article story:
``bench/story50_speed.py``'s corpus; the 45-article batch: ``bench/report_size.py``'s report.json).
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

from corroborator.render import render_html
from corroborator.render.graph import _layout, layered_layout
from corroborator.render.html import provenance_edges
from corroborator.render.provgraph import reachable, summarise
from corroborator.report import Report


def story_rows(report: Report, before: bool) -> list[dict[str, object]]:
    articles = {a.id: a for a in report.articles}
    rows: list[dict[str, object]] = []
    for story in report.stories:
        edges, sources = provenance_edges(story, report, articles)
        if not edges:
            continue
        names = {a: articles[a].label for a in story.articles} | {"src:" + k: v for k, v in sources.items()}
        nodes = ["src:" + k for k in sorted(sources, key=lambda k: sources[k])] + list(story.articles)
        pairs = list(dict.fromkeys((a, b) for a, b, _kind in edges))
        row: dict[str, object] = {"story": story.id, "articles": len(story.articles), "nodes": len(nodes)}
        row["links"] = len(pairs)
        if before:
            started = time.perf_counter()
            whole = layered_layout(nodes, pairs, dict.fromkeys(story.articles, 1) if sources else None)
            row["whole_crossings"] = whole.crossings
            row["whole_layout_seconds"] = round(time.perf_counter() - started, 3)
        started = time.perf_counter()
        summary = summarise(nodes, edges, names)
        row["reduce_seconds"] = round(time.perf_counter() - started, 3)
        drawn = {(a, b) for a, b, _k in summary.edges}
        has_sources = any(n.startswith("src:") for n in summary.nodes)
        started = time.perf_counter()
        layout = layered_layout(
            summary.nodes,
            list(drawn),
            {n: 1 for n in summary.nodes if not n.startswith("src:")} if has_sources else None,
        )
        row["layout_seconds"] = round(time.perf_counter() - started, 3)
        row |= {
            "big": summary.big,
            "boxes_drawn": len(summary.nodes),
            "links_drawn": len(summary.edges),
            "links_listed": len(summary.hidden),
            "layers": len(layout.layers),
            "crossings": layout.crossings,
            "links_not_implied": len(reachable(summary, edges)),
            "copy_groups": sum(1 for n in summary.nodes if n.startswith("grp:")),
        }
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="+", type=Path)
    parser.add_argument("--before", action="store_true", help="also lay out the whole graph (the old drawing)")
    args = parser.parse_args()
    for path in args.reports:
        report = Report.from_dict(json.loads(path.read_text(encoding="utf-8")))
        for row in story_rows(report, args.before):
            print(json.dumps({"report": path.name} | row))
        _layout.cache_clear()  # render_html lays every graph out again
        started = time.perf_counter()
        page = render_html(report)
        seconds = time.perf_counter() - started
        print(json.dumps({"report": path.name, "render_html_seconds": round(seconds, 3), "bytes": len(page.encode())}))
    print(json.dumps({"machine": f"{platform.machine()} {platform.processor() or ''}".strip()}))


if __name__ == "__main__":
    main()
