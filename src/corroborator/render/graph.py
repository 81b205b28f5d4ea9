"""A layered drawing of a small directed graph (the provenance graph), with as few crossings as it can find.

Sugiyama's method, hand-written so the report stays one offline file:

1. **Layers** by longest path from the sources (``min_layer`` can hold a node further right).
2. **Dummy nodes** wherever an edge skips a layer, so every edge joins adjacent layers, crossings can be
   counted exactly (``count_crossings``), and a long edge is routed through the slots its dummies get.
3. **Orders within the layers**, from several starts (the given order, and the order a depth-first walk from
   the first layer meets the nodes): sweeps down and up that sort each layer by the median, then the
   barycenter, of its neighbours' positions, each sort followed by the transpose heuristic (swap adjacent
   nodes while that lowers the crossings). Then, until nothing improves, each layer in turn is put in its
   **exact best order** given its two neighbour layers: with the neighbours fixed, the crossings a layer takes
   part in are a sum over its ordered node pairs (``_Graph.pair_costs``), and a dynamic programme over subsets finds
   the order that minimises that sum for a layer of up to ``EXACT_LAYER`` nodes (2^n x n steps); a larger
   layer moves one node at a time to its best place (sifting).
4. **Iterated local search** (``KICKS`` rounds): reverse two random runs of nodes, settle with the exact
   passes and transposes, keep the result when it has no more crossings. Seeded, so a graph always gets the
   same drawing. Without it the steps before stop above the optimum on 4 of the 20 brute-force cases of the
   tests and leave crossings in 5 of their 30 crossing-free graphs.

Each step keeps the best drawing seen, so the result never has more crossings than the input order. A story's
graph usually has a few dozen nodes: this takes a fraction of a second. The work is bounded for big ones
(``WORK``: fewer sweeps, transposes and kicks as the links grow, no exact order or sifting past ``SIFT_LAYER``
nodes in a layer): a 50-article story whose copy chains make 1,058 edges, 38 layers and 14,823 links after
dummies is laid out in ~0.4 s. Crossing minimisation is NP-hard even for two
layers, so a count above zero proves nothing by itself; the layers are fixed first, so "optimum" means the
optimum for these layers and dummies. tests/test_graph_layout.py compares the layout with the brute-force
optimum on small random graphs and checks that graphs built without a crossing are drawn without one;
bench/graph_crossings.py compares it with an exact integer programme on the seeds and on random graphs.
"""

from __future__ import annotations

import functools
import itertools
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

EXACT_LAYER = 8  # exact order per layer up to this size (256 subsets x 8); larger layers are sifted
KICKS = 100  # perturbations of the final local search (seeds: 0.15 s; each is one exact-passes run)
SIFT_LAYER = 60  # larger layers are left to the sweeps (sifting costs n^2 pair costs per layer)
SWEEPS = 24  # down/up sweeps per start at most; they stop earlier once 4 sweeps bring nothing
WORK = 30_000  # links x sweeps: a graph of 15,000 links (a 50-article story's copy chains) gets 2 sweeps


@dataclass(frozen=True, slots=True)
class Layout:
    """Each node's layer and position in it (dummies are named ``"~k"``), the chain of nodes every kept edge
    passes through, and the number of crossings between edges of adjacent layers in this drawing."""

    layers: tuple[tuple[str, ...], ...]
    paths: tuple[tuple[str, ...], ...]  # one per kept input edge: source, dummies..., target
    crossings: int


def layered_layout(
    nodes: Sequence[str], edges: Sequence[tuple[str, str]], min_layer: Mapping[str, int] | None = None
) -> Layout:
    """Lay ``nodes`` out in layers so that every edge goes from a lower layer to a higher one.

    ``min_layer`` keeps a node at or after a layer (an article with no credited source still sits with the
    originals, not with the sources). A cycle (it should not happen: copies point one way) is broken by
    ignoring the edge that closes it; an edge naming an unknown node, a self-loop and a repeated edge are ignored.
    The web UI draws a report on every view, so layouts are remembered (``Layout`` is frozen).
    """
    return _layout(tuple(nodes), tuple(edges), tuple(sorted((min_layer or {}).items())))


@functools.lru_cache(maxsize=256)
def _layout(
    nodes: tuple[str, ...], edges: tuple[tuple[str, str], ...], min_layers: tuple[tuple[str, int], ...]
) -> Layout:
    min_layer = dict(min_layers)
    order = list(dict.fromkeys(nodes))
    known = set(order)
    succ: dict[str, list[str]] = {n: [] for n in order}
    kept: list[tuple[str, str]] = [(a, b) for a, b in dict.fromkeys(edges) if a in known and b in known and a != b]
    for a, b in kept:
        succ[a].append(b)
    if len(_topological(order, succ)) < len(order):  # a cycle: keep edges one by one, skipping those that close one
        succ = {n: [] for n in order}
        acyclic = []
        for a, b in kept:
            if not _reaches(succ, b, a):
                succ[a].append(b)
                acyclic.append((a, b))
        kept = acyclic
    level = {n: min_layer.get(n, 0) for n in order}
    for n in _topological(order, succ):
        for m in succ[n]:
            level[m] = max(level[m], level[n] + 1)
    layers: list[list[str]] = [[] for _ in range(max(level.values(), default=0) + 1)]
    for n in order:
        layers[level[n]].append(n)
    paths: list[tuple[str, ...]] = []
    dummies = 0
    for a, b in kept:
        chain = [a]
        for lay in range(level[a] + 1, level[b]):
            name = f"~{dummies}"
            dummies += 1
            layers[lay].append(name)
            chain.append(name)
        chain.append(b)
        paths.append(tuple(chain))
    links = [(p[k], p[k + 1]) for p in paths for k in range(len(p) - 1)]
    best = order_layers(layers, links)
    return Layout(tuple(tuple(x) for x in best), tuple(paths), count_crossings(best, links))


def _reaches(succ: dict[str, list[str]], start: str, goal: str) -> bool:
    stack, seen = [start], {start}
    while stack:
        n = stack.pop()
        if n == goal:
            return True
        for m in succ[n]:
            if m not in seen:
                seen.add(m)
                stack.append(m)
    return False


def _topological(order: list[str], succ: dict[str, list[str]]) -> list[str]:
    indegree = dict.fromkeys(order, 0)
    for n in order:
        for m in succ[n]:
            indegree[m] += 1
    ready = [n for n in order if indegree[n] == 0]
    out = []
    while ready:
        n = ready.pop(0)
        out.append(n)
        for m in succ[n]:
            indegree[m] -= 1
            if indegree[m] == 0:
                ready.append(m)
    return out


def count_crossings(layers: Sequence[Sequence[str]], links: Sequence[tuple[str, str]]) -> int:
    """Crossings between links that join adjacent layers (every link does, after the dummies).

    Two links cross when their ends are in opposite orders in the two layers; links that share an end
    do not cross.

    Raises:
        ValueError: a link joins nodes that are not in adjacent layers.
    """
    pos = {n: (k, i) for k, layer in enumerate(layers) for i, n in enumerate(layer)}
    by_layer: dict[int, list[tuple[int, int]]] = {}
    for a, b in links:
        (la, ia), (lb, ib) = pos[a], pos[b]
        if abs(la - lb) != 1:
            raise ValueError(f"link {a} -> {b} joins layers {la} and {lb}, which are not adjacent")
        if la > lb:
            (la, ia), (lb, ib) = (lb, ib), (la, ia)
        by_layer.setdefault(la, []).append((ia, ib))
    return sum(_inversions(segs, len(layers[k + 1])) for k, segs in by_layer.items())


def _inversions(segs: list[tuple[int, int]], width: int) -> int:
    """Pairs of segments (top position, bottom position) that cross: sorted by top then bottom, a later segment
    with a strictly smaller bottom crosses (equal ends never do). A Fenwick tree over the bottom positions
    counts them in O(E log E)."""
    tree = [0] * (width + 1)
    total = 0
    for seen, (_top, bottom) in enumerate(sorted(segs)):
        i, not_above = bottom + 1, 0  # segments seen so far with a bottom <= this one's
        while i > 0:
            not_above += tree[i]
            i -= i & -i
        total += seen - not_above
        i = bottom + 1
        while i <= width:
            tree[i] += 1
            i += i & -i
    return total


def order_layers(
    layers: Sequence[Sequence[str]], links: Sequence[tuple[str, str]], kicks: int | None = None
) -> list[list[str]]:
    """Orders of the nodes within each layer with as few crossings as the steps above find (never more than the
    given order has). Every link must join adjacent layers.

    Args:
        kicks: perturbations of the local search (default ``KICKS``, fewer past 40 links; 0: sweeps and exact
            passes only).
    """
    graph = _Graph(layers, links)
    start = [list(x) for x in layers]
    best, best_count = start, count_crossings(start, links)
    starts = [start, graph.walk_order(start)] if len(links) <= WORK // 10 else [graph.walk_order(start)]
    for first in starts:
        if best_count == 0:
            break
        current = graph.exact_passes(graph.sweeps(first))
        count = count_crossings(current, links)
        if count < best_count:
            best, best_count = current, count
    if kicks is None:  # fewer on a big graph, where each kick costs more: ~1 s at most for 100 links
        kicks = KICKS if len(links) <= 40 else KICKS * 40 // len(links)
    return graph.kick(best, best_count, kicks)


class _Graph:
    """The layers' links as adjacency lists, with the ordering steps that read them."""

    __slots__ = ("down", "layer_of", "links", "up")

    def __init__(self, layers: Sequence[Sequence[str]], links: Sequence[tuple[str, str]]) -> None:
        self.layer_of = {n: k for k, layer in enumerate(layers) for n in layer}
        self.links = list(links)
        self.up: dict[str, list[str]] = {n: [] for n in self.layer_of}  # neighbours in the layer before
        self.down: dict[str, list[str]] = {n: [] for n in self.layer_of}  # neighbours in the layer after
        for a, b in links:
            if self.layer_of[a] > self.layer_of[b]:
                a, b = b, a
            self.down[a].append(b)
            self.up[b].append(a)

    def walk_order(self, layers: list[list[str]]) -> list[list[str]]:
        """Each layer in the order a depth-first walk from the first layer's nodes meets them: nodes that hang
        together start side by side (a good start where the given order is arbitrary)."""
        seen: dict[str, int] = {}
        for root in [n for layer in layers for n in layer]:
            stack = [root]
            while stack:
                n = stack.pop()
                if n in seen:
                    continue
                seen[n] = len(seen)
                stack.extend(reversed(self.down[n] + self.up[n]))
        return [sorted(layer, key=seen.__getitem__) for layer in layers]

    def sweeps(self, layers: list[list[str]]) -> list[list[str]]:
        """Median then barycenter sorts, down and up, each followed by transposes; the best drawing seen."""
        current = [list(x) for x in layers]
        best, best_count = [list(x) for x in current], count_crossings(current, self.links)
        stale = 0
        for sweep in range(max(2, min(SWEEPS, WORK // max(1, len(self.links))))):
            downward = sweep % 2 == 0
            for k in range(1, len(current)) if downward else range(len(current) - 2, -1, -1):
                ref = current[k - 1] if downward else current[k + 1]
                near = self.up if downward else self.down
                where = {n: i for i, n in enumerate(ref)}
                keys = {
                    n: _center(sorted(where[m] for m in near[n]), median=sweep % 4 < 2, default=float(i))
                    for i, n in enumerate(current[k])
                }
                current[k].sort(key=keys.__getitem__)  # stable: ties keep their order
            self.transpose(current, passes=min(8, WORK // max(1, len(self.links)) // 4))  # none past 7,500 links
            count = count_crossings(current, self.links)
            if count < best_count:
                best, best_count, stale = [list(x) for x in current], count, 0
            else:
                stale += 1
            if best_count == 0 or stale >= 4:
                break
        return best

    def transpose(self, layers: list[list[str]], passes: int = 8) -> None:
        """Swap adjacent nodes of a layer, in place, while a swap lowers the crossings (``passes`` rounds at most:
        each swap lowers the count, but a big graph could take many rounds)."""
        for _ in range(passes):
            improved = False
            for k, layer in enumerate(layers):
                if len(layer) < 2:
                    continue
                ends = self.neighbour_positions(layers, k)
                for i in range(len(layer) - 1):
                    u, v = layer[i], layer[i + 1]
                    if _cost(ends, v, u) < _cost(ends, u, v):
                        layer[i], layer[i + 1] = v, u
                        improved = True
            if not improved:
                return

    def neighbour_positions(self, layers: list[list[str]], k: int) -> list[dict[str, list[int]]]:
        """For each neighbour layer of layer ``k`` (before, after), each node's neighbours' positions there, sorted."""
        sides = []
        if k > 0:
            where = {n: i for i, n in enumerate(layers[k - 1])}
            sides.append({n: sorted(where[m] for m in self.up[n]) for n in layers[k]})
        if k + 1 < len(layers):
            where = {n: i for i, n in enumerate(layers[k + 1])}
            sides.append({n: sorted(where[m] for m in self.down[n]) for n in layers[k]})
        return sides

    def pair_costs(self, layers: list[list[str]], k: int) -> dict[str, dict[str, int]]:
        """``cost[u][v]``: crossings between the links of u and of v (to both neighbour layers) when u is
        left of v in layer ``k``; with the neighbour layers fixed, a layer's crossings are the sum of
        ``cost[u][v]`` over its ordered pairs."""
        ends = self.neighbour_positions(layers, k)
        cost: dict[str, dict[str, int]] = {n: {} for n in layers[k]}
        for u, v in itertools.permutations(layers[k], 2):
            cost[u][v] = _cost(ends, u, v)
        return cost

    def kick(self, layers: list[list[str]], count: int, kicks: int) -> list[list[str]]:
        """Iterated local search: reverse two random runs of nodes in random layers, settle with exact passes
        and transposes, keep the result when it has no more crossings (so the search can walk along a plateau).
        The random numbers are seeded: the same graph always gets the same drawing."""
        best, best_count = layers, count
        current, current_count = layers, count
        rng = random.Random(0)
        movable = [k for k, layer in enumerate(layers) if len(layer) > 1]
        for _ in range(kicks):
            if best_count == 0 or not movable:
                break
            trial = [list(x) for x in current]
            for _ in range(2):
                layer = trial[rng.choice(movable)]
                i, j = sorted(rng.sample(range(len(layer)), 2))
                layer[i : j + 1] = layer[i : j + 1][::-1]
            trial = self.exact_passes(trial)
            self.transpose(trial)
            count = count_crossings(trial, self.links)
            if count <= current_count:
                current, current_count = trial, count
                if count < best_count:
                    best, best_count = [list(x) for x in trial], count
        return best

    def exact_passes(self, layers: list[list[str]]) -> list[list[str]]:
        """Each layer in its best order given its neighbours, layer after layer, until a pass brings nothing."""
        current = [list(x) for x in layers]
        count = count_crossings(current, self.links)
        while count > 0:
            for k in range(len(current)):
                if 1 < len(current[k]) <= SIFT_LAYER:  # a bigger layer keeps the order the sweeps gave it
                    cost = self.pair_costs(current, k)
                    solve = _best_order if len(current[k]) <= EXACT_LAYER else _sift
                    current[k] = solve(current[k], cost)
            new = count_crossings(current, self.links)
            if new >= count:  # every step keeps or lowers the count: equal means a fixed point
                break
            count = new
        return current


def _cost(ends: list[dict[str, list[int]]], u: str, v: str) -> int:
    """Crossings between u's and v's links when u stands left of v (``_Graph.neighbour_positions``)."""
    return sum(1 for side in ends for p in side[u] for q in side[v] if p > q)


def _center(xs: list[int], median: bool, default: float) -> float:
    """The median or the mean of sorted positions; ``default`` (the node's own place) when there are none."""
    if not xs:
        return default
    if median:
        mid = len(xs) // 2
        return float(xs[mid]) if len(xs) % 2 else (xs[mid - 1] + xs[mid]) / 2
    return sum(xs) / len(xs)


def _best_order(layer: list[str], cost: dict[str, dict[str, int]]) -> list[str]:
    """The order of ``layer`` with the least sum of ``cost[u][v]`` over pairs u before v (exact: a dynamic
    programme over the subsets placed first). Ties keep the given order, so an optimal input is kept."""
    n = len(layer)
    c = [[cost[u][v] if u != v else 0 for v in layer] for u in layer]
    full = (1 << n) - 1
    # after[v][mask]: cost of v standing left of every node of mask
    after = [[0] * (1 << n) for _ in range(n)]
    for v in range(n):
        row = after[v]
        for mask in range(1, 1 << n):
            low = mask & -mask
            row[mask] = row[mask ^ low] + c[v][low.bit_length() - 1]
    inf = float("inf")
    best: list[float] = [inf] * (1 << n)
    choice = [0] * (1 << n)
    best[0] = 0
    for mask in range(1 << n):
        here = best[mask]
        if here == inf:
            continue
        rest = full ^ mask
        for v in range(n):
            bit = 1 << v
            if rest & bit:
                total = here + after[v][rest ^ bit]
                nxt = mask | bit
                if total < best[nxt]:
                    best[nxt], choice[nxt] = total, v
    out: list[str] = []
    mask = full
    while mask:
        v = choice[mask]
        out.append(layer[v])
        mask ^= 1 << v
    out.reverse()
    given = sum(c[i][j] for i in range(n) for j in range(i + 1, n))
    return out if best[full] < given else list(layer)


def _sift(layer: list[str], cost: dict[str, dict[str, int]]) -> list[str]:
    """Each node in turn moved to the place in the layer where the sum of pair costs is least."""
    order = list(layer)
    for node in layer:
        rest = [n for n in order if n != node]
        # placing node at index i: it stands right of rest[:i] and left of rest[i:]
        here = sum(cost[node][m] for m in rest)  # i = 0: left of all
        best, best_i = here, 0
        for i, m in enumerate(rest, start=1):
            here += cost[m][node] - cost[node][m]
            if here < best:
                best, best_i = here, i
        order = [*rest[:best_i], node, *rest[best_i:]]
    return order
