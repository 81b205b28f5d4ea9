"""The layered layout of the provenance graph (render/graph.py): crossings counted right, the optimum reached on
small graphs (checked against brute force), and no crossing drawn where a crossing-free drawing exists."""

from __future__ import annotations

import dataclasses
import itertools
import random

import pytest

from corroborator.render.graph import count_crossings, layered_layout, order_layers

Layers = list[list[str]]
Links = list[tuple[str, str]]


def brute_force_optimum(layers: Layers, links: Links) -> int:
    """The fewest crossings over every combination of layer orders (independent of the code under test: it only
    shares count_crossings' definition, re-implemented here on positions)."""
    level = {n: k for k, layer in enumerate(layers) for n in layer}
    segs = [(a, b) if level[a] < level[b] else (b, a) for a, b in links]
    pairs = [
        (p, q)
        for p, q in itertools.combinations(segs, 2)
        if level[p[0]] == level[q[0]] and p[0] != q[0] and p[1] != q[1]
    ]
    best = len(pairs)
    # Reversing every layer at once keeps every crossing, so the first layer's orders are tried up to reversal.
    firsts = [p for p in itertools.permutations(layers[0]) if p <= p[::-1]]
    for orders in itertools.product(firsts, *(itertools.permutations(layer) for layer in layers[1:])):
        pos = {n: i for order in orders for i, n in enumerate(order)}
        count = sum(1 for (a, b), (c, d) in pairs if (pos[a] - pos[c]) * (pos[b] - pos[d]) < 0)
        best = min(best, count)
        if best == 0:
            break
    return best


def random_graph(rng: random.Random, sizes: tuple[int, ...], links: int) -> tuple[Layers, Links]:
    layers = [[f"n{k}.{i}" for i in range(n)] for k, n in enumerate(sizes)]
    chosen: set[tuple[str, str]] = set()
    while len(chosen) < links:
        k = rng.randrange(len(sizes) - 1)
        chosen.add((rng.choice(layers[k]), rng.choice(layers[k + 1])))
    return layers, sorted(chosen)


def test_count_crossings_counts_opposite_orders_only():
    layers = [["a", "b", "c"], ["x", "y", "z"]]
    assert count_crossings(layers, [("a", "x"), ("b", "y"), ("c", "z")]) == 0
    assert count_crossings(layers, [("a", "z"), ("b", "y"), ("c", "x")]) == 3  # every pair crosses
    assert count_crossings(layers, [("a", "y"), ("a", "z"), ("b", "x")]) == 2  # links sharing a end never cross
    assert count_crossings(layers, [("y", "a"), ("x", "b")]) == 1  # a link may be given upwards
    with pytest.raises(ValueError, match="not adjacent"):
        count_crossings([["a"], ["b"], ["c"]], [("a", "c")])


# Layer sizes and link counts of the brute-force cases: up to 7 nodes in a layer, at most ~30,000 combinations of
# orders each, so the brute force stays a few seconds in all.
CASES = [(7, 3), (3, 7), (6, 4), (5, 5), (4, 6), (4, 4, 3), (3, 4, 4), (5, 3, 3), (6, 3), (4, 5)]


@pytest.mark.parametrize("sizes", CASES)
def test_layout_reaches_the_brute_force_optimum(sizes):
    rng = random.Random(f"{sizes}")
    for _ in range(2):
        layers, links = random_graph(rng, sizes, rng.randint(sum(sizes) - 1, sum(sizes) + 3))
        rng.shuffle(links)
        best = order_layers(layers, links)
        assert sorted(map(sorted, best)) == sorted(map(sorted, layers))  # the same nodes in the same layers
        assert count_crossings(best, links) == brute_force_optimum(layers, links), (layers, links)


def planar_graph(rng: random.Random, sizes: tuple[int, ...]) -> tuple[Layers, Links]:
    """A layered graph that has a drawing without crossings (links between adjacent layers that go forward in
    both layers' orders), given with every layer shuffled."""
    layers = [[f"n{k}.{i}" for i in range(n)] for k, n in enumerate(sizes)]
    links: Links = []
    for k in range(len(sizes) - 1):
        i = j = 0
        links.append((layers[k][0], layers[k + 1][0]))
        while i < sizes[k] - 1 or j < sizes[k + 1] - 1:
            step = rng.random()  # advance one end or both: the links never cross in this order
            if i < sizes[k] - 1 and (j == sizes[k + 1] - 1 or step < 0.4):
                i += 1
            elif j < sizes[k + 1] - 1 and (i == sizes[k] - 1 or step < 0.8):
                j += 1
            else:
                i, j = i + 1, j + 1
            if rng.random() < 0.8:
                links.append((layers[k][i], layers[k + 1][j]))
    assert count_crossings(layers, links) == 0
    shuffled = [rng.sample(layer, len(layer)) for layer in layers]
    return shuffled, links


def test_no_crossing_where_a_crossing_free_drawing_exists():
    crossed_inputs = 0
    for seed in range(30):
        rng = random.Random(seed)
        sizes = tuple(rng.randint(3, 7) for _ in range(rng.randint(2, 5)))
        layers, links = planar_graph(rng, sizes)
        crossed_inputs += count_crossings(layers, links) > 0
        assert count_crossings(order_layers(layers, links), links) == 0, (layers, links)
    assert crossed_inputs >= 25  # the shuffled inputs had crossings to remove


def test_a_graph_with_long_edges_is_drawn_without_crossings():
    # Sources s1, s2; originals a, b; copies c (of a) and d (of b); s1 is also credited by d two layers on,
    # s2 by c: the long edges pass through dummies in the originals' layer and there is a drawing with none.
    nodes = ["s1", "s2", "c", "d", "a", "b"]
    edges = [("s1", "b"), ("s2", "a"), ("a", "c"), ("b", "d"), ("s1", "d"), ("s2", "c")]
    layout = layered_layout(nodes, edges)
    assert [set(x) for x in layout.layers[::2]] == [{"s1", "s2"}, {"c", "d"}]
    assert len(layout.layers[1]) == 4  # a, b and two dummies
    assert layout.crossings == 0
    assert layered_layout(nodes, edges) == layout  # the same graph always gets the same drawing


def test_layout_never_adds_crossings_and_keeps_every_edge():
    rng = random.Random(7)
    for _ in range(5):
        layers, links = random_graph(rng, (9, 10, 8), 30)
        best = order_layers(layers, links)
        assert count_crossings(best, links) <= count_crossings(layers, links)
        assert sorted(map(sorted, best)) == sorted(map(sorted, layers))


def test_a_big_story_graph_keeps_every_edge_and_gains_no_crossings():
    # 40 articles, each copying every earlier one (780 edges, 40 layers, ~10,000 links through dummies): the
    # shape of a big story's copy chains, where the layout works within a bounded budget (graph.WORK).
    nodes = [f"a{k:02d}" for k in range(40)]
    edges = [(nodes[i], nodes[j]) for i, j in itertools.combinations(range(40), 2)]
    layout = layered_layout(nodes, edges)
    assert [[n for n in layer if n[0] != "~"] for layer in layout.layers] == [[n] for n in nodes]  # one per layer
    assert len(layout.paths) == len(edges)
    assert all(len(path) == int(path[-1][1:]) - int(path[0][1:]) + 1 for path in layout.paths)
    links = [(p[k], p[k + 1]) for p in layout.paths for k in range(len(p) - 1)]
    given = [[n for n in layer if not n.startswith("~")] for layer in layout.layers]
    dummies = {n for layer in layout.layers for n in layer if n.startswith("~")}
    start = [
        g + sorted((n for n in layer if n in dummies), key=lambda n: int(n[1:]))
        for g, layer in zip(given, layout.layers, strict=True)
    ]
    assert layout.crossings == count_crossings(layout.layers, links) <= count_crossings(start, links)


# The reduced drawing of a big story's graph (render/provgraph.py): nothing lost, far fewer crossings.

UNK = " (direction unknown)"


def listed_or_drawn(summary, edges) -> list[tuple[str, str, str]]:
    """Input links neither drawn as themselves (an undirected one either way) nor listed exactly once."""
    drawn = {(a, b) for a, b, _k in summary.edges}
    listed: dict[tuple[str, str], int] = {}
    for h in summary.hidden:
        listed[(h.a, h.b)] = listed.get((h.a, h.b), 0) + 1
    bad = []
    for a, b, kind in dict.fromkeys(edges):
        here = (a, b) in drawn or (kind.endswith(UNK) and (b, a) in drawn)
        if here + listed.get((a, b), 0) != 1:
            bad.append((a, b, kind))
    return bad


def big_story(rng: random.Random) -> tuple[list[str], list[tuple[str, str, str]], dict[str, str]]:
    """60 articles: copy chains of 5 (each copy also linked to every earlier article of its chain, so the chain's
    links are transitive), near-duplicate pairs, shared text of unknown direction between random articles, a hub
    source every article credits, sources a few articles credit, and sources one article credits."""
    arts = [f"a{k:02d}" for k in range(60)]
    edges: list[tuple[str, str, str]] = []
    for start in range(0, 30, 5):  # six chains a00 -> a01 -> ... -> a04, with the transitive links too
        chain = arts[start : start + 5]
        edges += [(x, y, "rewrite") for x, y in itertools.combinations(chain, 2)]
    edges += [(arts[k], arts[k + 1], "near_duplicate" + UNK) for k in range(30, 40, 2)]
    for _ in range(300):
        x, y = sorted(rng.sample(arts, 2))
        edges.append((x, y, "partial_reuse" + UNK))
    sources = ["src:hub", *(f"src:few{k}" for k in range(6)), *(f"src:one{k}" for k in range(5))]
    edges += [("src:hub", a, "credits") for a in arts]
    for k in range(6):
        edges += [(f"src:few{k}", a, "credits") for a in rng.sample(arts, 8)]
    edges += [(f"src:one{k}", arts[40 + k], "credits") for k in range(5)]
    names = {n: n.replace("src:", "Source ") for n in sources} | {a: f"Outlet {a[1:]}" for a in arts}
    return [*sources, *arts], edges, names


def test_a_big_graph_is_reduced_keeping_every_link_reachable_or_listed():
    from corroborator.render.provgraph import reachable, summarise

    nodes, edges, names = big_story(random.Random(3))
    summary = summarise(nodes, edges, names)
    assert summary.big
    assert reachable(summary, edges) == []  # every input link is implied by a drawn path (or one box)
    assert listed_or_drawn(summary, edges) == []  # and every link not drawn is listed, once
    # The checks can fail: drop one drawn link and its ends are no longer joined.
    assert reachable(dataclasses.replace(summary, edges=summary.edges[1:]), edges)
    assert listed_or_drawn(dataclasses.replace(summary, hidden=summary.hidden[1:]), edges)  # one left unlisted
    # The chains' transitive links and the hub's relayed credits are gone from the drawing.
    whole = layered_layout(nodes, [(a, b) for a, b, _k in edges], dict.fromkeys(nodes[12:], 1))
    has_src = any(n.startswith("src:") for n in summary.nodes)
    drawn = layered_layout(
        summary.nodes,
        [(a, b) for a, b, _k in summary.edges],
        {n: 1 for n in summary.nodes if not n.startswith("src:")} if has_src else None,
    )
    assert len(summary.edges) < len(edges) / 5 and len(summary.nodes) < len(nodes)
    assert drawn.crossings * 20 < whole.crossings
    hub = [e for e in summary.edges if e[0] == "src:hub"]
    assert len(hub) == 1  # one credit drawn; the other 59 articles are reached through drawn copies / shared text
    assert summary.notes["src:hub"] == ("credited by 60 articles",)
    assert summary.notes["src:few0"] == ("credited by 8 articles",)  # articles, not the members of boxes credited
    # Each chain is one box named after its original, its members listed.
    chain = summary.drawn_as()["a00"]
    assert summary.names[chain] == "Outlet 00 + 4 copies" and summary.members[chain] == (
        "a00",
        "a01",
        "a02",
        "a03",
        "a04",
    )
    assert summary.names[summary.drawn_as()["a30"]] == "Outlet 30 + 1 near-duplicate"
    # A source one article credits folds into that article's box.
    assert "src:one0" not in summary.nodes and "also credits: Source one0" in summary.notes[summary.drawn_as()["a40"]]


def test_transitive_reduction_alone_on_a_small_graph():
    from corroborator.render.provgraph import reachable, summarise

    # The seeds' shape: 000 rewrites Newsweek; both credit S; only Newsweek credits T; 002 credits S.
    nodes = ["src:s", "src:t", "nw", "000", "002"]
    edges = [("src:s", "nw", "credits"), ("src:s", "000", "credits"), ("nw", "000", "rewrite")]
    edges += [("src:t", "nw", "credits"), ("src:s", "002", "credits")]
    names = {"src:s": "S", "src:t": "T", "nw": "Newsweek", "000": "000", "002": "002"}
    summary = summarise(nodes, edges, names)
    assert not summary.big and summary.nodes == tuple(nodes)  # a small graph keeps every box
    assert [(h.a, h.b, h.why) for h in summary.hidden] == [("src:s", "000", "implied by S -> Newsweek -> 000")]
    assert set(summary.edges) == set(edges) - {("src:s", "000", "credits")}
    # Forcing the big-graph steps groups the rewrite with its original.
    big = summarise(nodes, edges, names, big=True)
    assert big.names[big.drawn_as()["000"]] == "Newsweek + 1 copy"
    assert listed_or_drawn(big, edges) == [] and reachable(big, edges) == []


def test_many_unlinked_articles_fold_into_one_box():
    from corroborator.render.provgraph import CAP_NODES, summarise

    arts = [f"a{k:02d}" for k in range(CAP_NODES + 10)]
    edges = [("a00", "a01", "rewrite"), ("a02", "a03", "partial_reuse" + UNK)]
    summary = summarise(arts, edges, {a: a for a in arts})
    assert summary.big and len(summary.nodes) == 4  # the copy pair, the two sharing text, the rest
    more = [n for n in summary.nodes if n.startswith("more:")]
    assert len(more) == 1 and summary.names[more[0]] == f"+{CAP_NODES + 6} more articles with no link drawn"
    assert set(summary.members[more[0]]) == set(arts[4:]) and summary.names["grp:a00"] == "a00 + 1 copy"
