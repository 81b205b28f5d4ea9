"""A layered drawing of a small directed graph (the provenance graph), without crossings where it can.

Sugiyama's method, hand-written so the report stays one offline file: layers by longest path from the
sources, a dummy node wherever an edge skips a layer (so every edge joins adjacent layers and crossings
can be counted exactly), then orderings within the layers. Barycenter sweeps give a good order fast;
then every layer of at most ``EXACT_LAYER`` nodes tries all its orders against its neighbours, as long
as that lowers the crossing count. A story's graph has a few dozen nodes, so this is instant, and for
the graphs it sees (a few sources, a few originals, their copies) it finds a drawing without crossings
whenever the sweeps plus exhaustive layer orders can reach one. It does not prove that none exists
when it stops above zero: crossing minimisation is NP-hard in general.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

EXACT_LAYER = 6  # 720 orders per layer at most
SWEEPS = 8


@dataclass(frozen=True, slots=True)
class Layout:
    """Each node's layer and position in it (dummies are named ``("dummy", k)`` strings ``"~k"``), and the
    chain of nodes every edge passes through."""

    layers: tuple[tuple[str, ...], ...]
    paths: tuple[tuple[str, ...], ...]  # one per input edge: source, dummies..., target
    crossings: int


def layered_layout(
    nodes: Sequence[str], edges: Sequence[tuple[str, str]], min_layer: Mapping[str, int] | None = None
) -> Layout:
    """Lay ``nodes`` out in layers so that every edge goes from a lower layer to a higher one.

    ``min_layer`` keeps a node at or after a layer (an article with no credited source still sits with the
    originals, not with the sources). A cycle (it should not happen: copies point one way) is broken by
    ignoring the edge that closes it.
    """
    order = list(dict.fromkeys(nodes))
    known = set(order)
    succ: dict[str, list[str]] = {n: [] for n in order}
    kept: list[tuple[str, str]] = []
    for a, b in dict.fromkeys(edges):
        if a in known and b in known and a != b and not _reaches(succ, b, a):
            succ[a].append(b)
            kept.append((a, b))
    level = {n: (min_layer or {}).get(n, 0) for n in order}
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
    layers = _order(layers, links)
    return Layout(tuple(tuple(x) for x in layers), tuple(paths), count_crossings(layers, links))


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
    """Crossings between links that join adjacent layers (every link does, after the dummies)."""
    pos = {n: (k, i) for k, layer in enumerate(layers) for i, n in enumerate(layer)}
    by_layer: dict[int, list[tuple[int, int]]] = {}
    for a, b in links:
        (la, ia), (_lb, ib) = pos[a], pos[b]
        by_layer.setdefault(la, []).append((ia, ib))
    total = 0
    for segs in by_layer.values():
        for (a1, b1), (a2, b2) in itertools.combinations(segs, 2):
            if (a1 - a2) * (b1 - b2) < 0:
                total += 1
    return total


def _order(layers: list[list[str]], links: list[tuple[str, str]]) -> list[list[str]]:
    up: dict[str, list[str]] = {}
    down: dict[str, list[str]] = {}
    for a, b in links:
        down.setdefault(a, []).append(b)
        up.setdefault(b, []).append(a)
    best = [list(x) for x in layers]
    best_count = count_crossings(best, links)
    current = [list(x) for x in layers]
    for sweep in range(SWEEPS):
        rng = range(1, len(current)) if sweep % 2 == 0 else range(len(current) - 2, -1, -1)
        for k in rng:
            ref = current[k - 1] if sweep % 2 == 0 else current[k + 1]
            where = {n: i for i, n in enumerate(ref)}
            near = up if sweep % 2 == 0 else down
            old = {n: i for i, n in enumerate(current[k])}

            def center(
                n: str, where: dict[str, int] = where, near: dict[str, list[str]] = near, old: dict[str, int] = old
            ) -> float:
                xs = [where[m] for m in near.get(n, []) if m in where]
                return sum(xs) / len(xs) if xs else float(old[n])

            current[k].sort(key=lambda n: (center(n), 0.0))  # sort is stable: ties keep their order
        count = count_crossings(current, links)
        if count < best_count:
            best, best_count = [list(x) for x in current], count
        if best_count == 0:
            return best
    improved = True
    while improved and best_count > 0:
        improved = False
        for k, layer in enumerate(best):
            if len(layer) < 2:
                continue
            if len(layer) > EXACT_LAYER:  # too many orders to try: swap neighbours while that helps
                for i in range(len(layer) - 1):
                    swapped = list(best[k])
                    swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
                    trial = [*best[:k], swapped, *best[k + 1 :]]
                    count = count_crossings(trial, links)
                    if count < best_count:
                        best, best_count, improved = trial, count, True
                continue
            for perm in itertools.permutations(layer):
                trial = [*best[:k], list(perm), *best[k + 1 :]]
                count = count_crossings(trial, links)
                if count < best_count:
                    best, best_count, improved = trial, count, True
                    break
    return best
