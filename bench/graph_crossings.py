"""Crossings of the provenance graph's layout (render/graph.py) against the exact optimum (issue 14, item 2).

    python bench/graph_crossings.py [--seeds ../shared/seeds] [--random 20]

For the seeds' stories (analysed here, or read from ``--report report.json``) and for random layered graphs
(seeded), prints the crossings of: the layers in their input order; the sweeps and exact passes alone
(``kicks=0``); the full layout; and the optimum for the same layers and dummies, found by an integer
programme (scipy's HiGHS, at most 60 s each; seconds to minutes past ~200 variables, which is why the product does
not use it), with the
seconds each took. The random graphs have 2-3 layers of 3-7 nodes, so the programmes stay small.

    python bench/graph_crossings.py --render /tmp/s50/report.json

times each story's layout and render_html of a whole report instead (a big story's graph must stay well
under a second: the work is bounded by ``graph.WORK``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import platform
import random
import time
from pathlib import Path

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from corroborator.render.graph import count_crossings, layered_layout, order_layers
from corroborator.render.html import provenance_edges
from corroborator.report import Report

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def optimum(layers: list[list[str]], links: list[tuple[str, str]]) -> int:
    """The fewest crossings any orders of these layers have (exact integer programme).

    One binary per pair of nodes of a layer (1: the first stands left), with the transitivity constraints of
    an order; one per pair of links between the same layers sharing no end, >= |x - y| of their two ends'
    order variables; minimise the sum of the latter."""
    var: dict[tuple[str, str], int] = {}
    for layer in layers:
        for u, v in itertools.combinations(layer, 2):
            var[(u, v)] = len(var)
    level = {n: k for k, layer in enumerate(layers) for n in layer}
    gaps: dict[int, list[tuple[str, str]]] = {}
    for a, b in links:
        a, b = (a, b) if level[a] < level[b] else (b, a)
        gaps.setdefault(level[a], []).append((a, b))
    pairs = [(p, q) for s in gaps.values() for p, q in itertools.combinations(s, 2) if p[0] != q[0] and p[1] != q[1]]
    if not pairs:
        return 0
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lower: list[float] = []
    upper: list[float] = []

    def left_of(row: int, u: str, v: str, sign: float) -> float:
        rows.append(row)
        if (u, v) in var:
            cols.append(var[(u, v)])
            vals.append(sign)
            return 0.0
        cols.append(var[(v, u)])
        vals.append(-sign)
        return sign

    for e, ((a, b), (c, d)) in enumerate(pairs):
        for sign in (1.0, -1.0):
            row = len(lower)
            rows.append(row)
            cols.append(len(var) + e)
            vals.append(1.0)
            const = left_of(row, a, c, -sign) + left_of(row, b, d, sign)
            lower.append(-const)
            upper.append(np.inf)
    for layer in layers:
        for u, v, w in itertools.combinations(layer, 3):
            row = len(lower)
            rows += [row, row, row]
            cols += [var[(u, v)], var[(v, w)], var[(u, w)]]
            vals += [1.0, 1.0, -1.0]
            lower.append(0.0)
            upper.append(1.0)
    size = len(var) + len(pairs)
    result = milp(
        np.r_[np.zeros(len(var)), np.ones(len(pairs))],
        integrality=np.ones(size),
        bounds=Bounds(0, 1),
        constraints=LinearConstraint(coo_matrix((vals, (rows, cols)), shape=(len(lower), size)).tocsr(), lower, upper),
        options={"time_limit": 60},
    )
    if result.status != 0:
        raise RuntimeError(f"the integer programme did not finish: {result.message}")
    return round(result.fun)


def compare(name: str, layers: list[list[str]], links: list[tuple[str, str]]) -> dict:
    row: dict = {"graph": name, "layers": [len(x) for x in layers], "links": len(links)}
    row["input_order"] = count_crossings(layers, links)
    started = time.perf_counter()
    row["sweeps_and_exact_passes"] = count_crossings(order_layers(layers, links, kicks=0), links)
    row["sweeps_seconds"] = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    row["layout"] = count_crossings(order_layers(layers, links), links)
    row["layout_seconds"] = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    row["optimum"] = optimum(layers, links)
    row["optimum_seconds"] = round(time.perf_counter() - started, 3)
    return row


def story_graphs(report: Report) -> list[tuple[str, list[list[str]], list[tuple[str, str]]]]:
    """Each story's graph as the HTML report builds it, with the layers in their input order."""
    articles = {a.id: a for a in report.articles}
    out = []
    for story in report.stories:
        edges, sources = provenance_edges(story, report, articles)
        nodes = ["src:" + k for k in sorted(sources, key=lambda k: sources[k])] + list(story.articles)
        pairs = list(dict.fromkeys((a, b) for a, b, _kind in edges))
        layout = layered_layout(nodes, pairs, dict.fromkeys(story.articles, 1) if sources else None)
        links = [(p[k], p[k + 1]) for p in layout.paths for k in range(len(p) - 1)]
        # the input order: what layered_layout starts from (nodes in the given order, dummies after them)
        placed = {n: i for i, n in enumerate(nodes)}
        dummy = {n: k for k, n in enumerate(n for layer in layout.layers for n in layer if n not in placed)}
        start = [
            sorted(layer, key=lambda n: (n not in placed, placed.get(n, 0), dummy.get(n, 0))) for layer in layout.layers
        ]
        if links:
            out.append((story.id, start, links))
    return out


def random_graph(
    rng: random.Random, sizes: tuple[int, ...], links: int
) -> tuple[list[list[str]], list[tuple[str, str]]]:
    layers = [[f"n{k}.{i}" for i in range(n)] for k, n in enumerate(sizes)]
    chosen: set[tuple[str, str]] = set()
    while len(chosen) < links:
        k = rng.randrange(len(sizes) - 1)
        chosen.add((rng.choice(layers[k]), rng.choice(layers[k + 1])))
    return layers, sorted(chosen)


def render_times(report: Report) -> None:
    """Seconds of each story's layout (nodes, edges, links after dummies, crossings) and of render_html."""
    from corroborator.render import render_html
    from corroborator.render.graph import _layout

    articles = {a.id: a for a in report.articles}
    for story in report.stories:
        edges, sources = provenance_edges(story, report, articles)
        nodes = ["src:" + k for k in sorted(sources, key=lambda k: sources[k])] + list(story.articles)
        pairs = list(dict.fromkeys((a, b) for a, b, _kind in edges))
        started = time.perf_counter()
        layout = layered_layout(nodes, pairs, dict.fromkeys(story.articles, 1) if sources else None)
        seconds = time.perf_counter() - started
        links = sum(len(p) - 1 for p in layout.paths)
        row = {"story": story.id, "nodes": len(nodes), "edges": len(pairs), "layers": len(layout.layers)}
        print(json.dumps(row | {"links": links, "crossings": layout.crossings, "layout_seconds": round(seconds, 3)}))
    _layout.cache_clear()  # render_html below lays every graph out again
    started = time.perf_counter()
    page = render_html(report)
    print(json.dumps({"render_html_seconds": round(time.perf_counter() - started, 3), "bytes": len(page.encode())}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--report", type=Path, help="a report.json of the seeds instead of analysing them")
    parser.add_argument("--random", type=int, default=20, help="random graphs to compare (default 20)")
    parser.add_argument(
        "--render",
        type=Path,
        help="instead: time the layout of each story of this report.json and render_html of the whole report "
        "(e.g. the 50-article story bench/story50_speed.py analyses)",
    )
    args = parser.parse_args()
    if args.render:
        render_times(Report.from_dict(json.loads(args.render.read_text(encoding="utf-8"))))
        return
    if args.report:
        report = Report.from_dict(json.loads(args.report.read_text(encoding="utf-8")))
    else:
        from corroborator import analyze

        report = analyze([str(args.seeds)])
    rows = [compare("seeds " + sid, layers, links) for sid, layers, links in story_graphs(report)]
    for row in rows:
        print(json.dumps(row), flush=True)
    rng = random.Random(14)
    for k in range(args.random):
        sizes = tuple(rng.randint(3, 7) for _ in range(rng.randint(2, 3)))
        layers, links = random_graph(rng, sizes, rng.randint(sum(sizes) - 2, sum(sizes) + 2))
        rows.append(compare(f"random {k}", layers, links))
        print(json.dumps(rows[-1]), flush=True)
    rand = [r for r in rows if r["graph"].startswith("random")]
    print(
        json.dumps(
            {
                "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
                "random_graphs": len(rand),
                "layout_at_optimum": sum(r["layout"] == r["optimum"] for r in rand),
                "sweeps_at_optimum": sum(r["sweeps_and_exact_passes"] == r["optimum"] for r in rand),
                "layout_excess": sum(r["layout"] - r["optimum"] for r in rand),
                "layout_seconds_max": max((r["layout_seconds"] for r in rand), default=0),
            }
        )
    )


if __name__ == "__main__":
    main()
