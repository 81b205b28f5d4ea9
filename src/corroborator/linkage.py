"""Average-linkage grouping over sparse pair scores, with groups that may not share an article.

Single linkage (union-find over links) chains: A~B and B~C put A and C together however unlike they
are, which is how one claim swallowed several statements that share a name. Here two groups merge only
when their members are alike *on average* (a pair without a link counts 0), so a new member must match
the group as a whole, not one member of it; and no group ever holds two items of one article.

The greedy order is fixed: the pair of groups with the highest average merges first, ties broken by the
groups' ids (an item's id is its position in ``items``; a merged group gets the next id, higher than
every earlier one). Groups only ever merge within a connected component of the scored pairs, and the
merges of one component do not change another's, so each component is grouped on its own: with a dense
matrix of pair sums and each group's best partner (numpy, one row or column per merge) when it is small
enough, else with a heap of candidate merges (a dict of sums per group). Both give the same groups.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

import numpy as np

K = TypeVar("K", bound=Hashable)

# Components up to this many items are grouped on a dense matrix (8 bytes a pair: 72 MB at 3,000), larger
# ones with the heap, whose memory follows the scored pairs.
DENSE_MAX_ITEMS = 3000


def average_link_groups(
    items: Iterable[K],
    scores: Mapping[tuple[K, K], float],
    owner: Mapping[K, str],
    threshold: float,
) -> list[list[K]]:
    """Groups of ``items``: merge the two groups with the highest average pair score while it is >= ``threshold``.

    Args:
        items: everything to group (an item with no score stays alone).
        scores: score of a pair, in [0, 1]; a pair not given scores 0. Either order of a pair may be given.
        owner: the article of each item; two items of one article never share a group.
        threshold: the average score two groups need to merge.

    Returns:
        The groups, each in the order ``items`` gave them; ties break by that order, so the result does
        not depend on the order of ``scores``.
    """
    order = {item: k for k, item in enumerate(dict.fromkeys(items))}
    keys = list(order)
    owners = [owner[item] for item in keys]
    n = len(keys)
    if not n:
        return []
    pairs = list(scores)
    x_arr = np.array([order.get(a, -1) for a, _b in pairs], dtype=np.int64)
    y_arr = np.array([order.get(b, -1) for _a, b in pairs], dtype=np.int64)
    v_arr = np.array(list(scores.values()), dtype=np.float64)
    keep = (x_arr >= 0) & (y_arr >= 0) & (x_arr != y_arr) & (v_arr > 0)
    x_arr, y_arr, v_arr = x_arr[keep], y_arr[keep], v_arr[keep]
    label = _components(n, x_arr, y_arr)
    groups: list[list[int]] = []
    by_component = np.argsort(label, kind="stable")  # ascending item ids within each component
    bounds = np.flatnonzero(np.diff(label[by_component])) + 1
    edge_component = label[x_arr] if len(x_arr) else x_arr
    edge_order = np.argsort(edge_component, kind="stable")  # the edges of a component in the order given
    edge_bounds = np.searchsorted(edge_component[edge_order], label[by_component[np.r_[0, bounds]]])
    edge_ends = np.r_[edge_bounds[1:], len(edge_order)]
    for c, nodes in enumerate(np.split(by_component, bounds)):
        if len(nodes) == 1:
            groups.append([int(nodes[0])])
            continue
        chosen = edge_order[edge_bounds[c] : edge_ends[c]]
        local = np.searchsorted(nodes, np.concatenate([x_arr[chosen], y_arr[chosen]]))
        half = len(chosen)
        lx, ly, lv = local[:half], local[half:], v_arr[chosen]
        node_owners = [owners[k] for k in nodes.tolist()]
        if len(nodes) <= DENSE_MAX_ITEMS:
            found = _dense_groups(len(nodes), lx, ly, lv, node_owners, threshold)
        else:
            found = _heap_groups(len(nodes), lx, ly, lv, node_owners, threshold)
        groups.extend([int(nodes[k]) for k in group] for group in found)
    ordered = sorted((sorted(group) for group in groups), key=lambda g: g[0])
    return [[keys[k] for k in group] for group in ordered]


def _components(n: int, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Each item's component label (its smallest member) over the pairs ``xs[k]``-``ys[k]``: hooking and
    pointer jumping in numpy (a few rounds, each linear in the pairs)."""
    label = np.arange(n, dtype=np.int64)
    while len(xs):
        lx, ly = label[xs], label[ys]
        low, high = np.minimum(lx, ly), np.maximum(lx, ly)
        differ = low != high
        if not differ.any():
            break
        np.minimum.at(label, high[differ], low[differ])
        while True:
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped
    return label


def _dense_groups(
    m: int, xs: np.ndarray, ys: np.ndarray, values: np.ndarray, owners: list[str], threshold: float
) -> list[list[int]]:
    """Greedy average linkage of one component (items 0..m-1) on a dense matrix of pair sums.

    Each live group keeps its best partner (highest average, ties to the partner with the lowest id); a
    merge reuses the lower id's row for the new group, recomputes that row and the rows whose best
    partner was one of the two, and offers the new group to every other row (it has the highest id, so
    it wins only on a strictly higher average)."""
    total = np.zeros((m, m), dtype=np.float64)
    np.add.at(total, (np.concatenate([xs, ys]), np.concatenate([ys, xs])), np.concatenate([values, values]))
    size = np.ones(m, dtype=np.int64)
    alive = np.ones(m, dtype=bool)
    ident = np.arange(m, dtype=np.int64)
    next_id = m
    members: list[list[int]] = [[k] for k in range(m)]
    owner_sets: list[set[str]] = [{o} for o in owners]
    blocked: dict[int, set[int]] = {}  # pairs of live groups whose owners overlap: never merged
    never = np.iinfo(np.int64).max

    def best_of(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Best average and partner of each row in ``rows`` (-inf and -1 when it has none)."""
        sums = total[rows]
        average = sums / (size[rows][:, None] * size[None, :])
        ok = alive[None, :] & (sums > 0) & (average >= threshold)
        ok[np.arange(len(rows)), rows] = False
        for k, row in enumerate(rows.tolist()):
            for other in blocked.get(row, ()):
                ok[k, other] = False
        values = np.where(ok, average, -np.inf)
        best = values.max(axis=1)
        partner = np.where(ok & (values == best[:, None]), ident[None, :], never).argmin(axis=1)
        partner[best == -np.inf] = -1
        return best, partner

    best_value, best_partner = best_of(np.arange(m))
    while True:
        top = best_value.max()
        if top == -np.inf:
            break
        rows = np.flatnonzero(best_value == top)
        partners = best_partner[rows]
        low = np.minimum(ident[rows], ident[partners])
        high = np.maximum(ident[rows], ident[partners])
        pick = np.lexsort((high, low))[0]
        x, y = int(rows[pick]), int(partners[pick])
        if ident[y] < ident[x]:
            x, y = y, x
        if owner_sets[x] & owner_sets[y]:  # the two groups hold items of one article
            blocked.setdefault(x, set()).add(y)
            blocked.setdefault(y, set()).add(x)
            pair = np.array([x, y])
            best_value[pair], best_partner[pair] = best_of(pair)
            continue
        members[x] = members[x] + members[y]
        members[y] = []
        owner_sets[x] |= owner_sets[y]
        for old in (x, y):
            for other in blocked.pop(old, ()):
                blocked[other].discard(old)
        total[x] += total[y]
        total[:, x] = total[x]
        total[x, x] = 0.0
        total[y] = 0.0
        total[:, y] = 0.0
        size[x] += size[y]  # size[y] stays: its row and column are 0 and it is not alive
        alive[y] = False
        ident[x] = next_id
        next_id += 1
        best_value[y], best_partner[y] = -np.inf, -1
        stale = np.flatnonzero(alive & ((best_partner == x) | (best_partner == y)))
        column = total[:, x]
        average = column / (size * size[x])
        offer = alive & (column > 0) & (average >= threshold) & (average > best_value)
        offer[x] = False
        best_value[offer] = average[offer]
        best_partner[offer] = x
        redo = np.union1d(stale, [x])
        best_value[redo], best_partner[redo] = best_of(redo)
    return [group for group in members if group]


def _heap_groups(
    m: int, xs: np.ndarray, ys: np.ndarray, values: np.ndarray, owners: list[str], threshold: float
) -> list[list[int]]:
    """The same greedy average linkage with a heap of candidate merges and a dict of sums per group (stale
    heap entries are skipped): memory follows the scored pairs, for components too large for a matrix."""
    members: dict[int, list[int]] = {k: [k] for k in range(m)}
    owner_sets: dict[int, set[str]] = {k: {owners[k]} for k in range(m)}
    sums: dict[int, dict[int, float]] = {k: {} for k in range(m)}
    for x, y, score in zip(xs.tolist(), ys.tolist(), values.tolist(), strict=True):
        sums[x][y] = sums[x].get(y, 0.0) + score
        sums[y][x] = sums[y].get(x, 0.0) + score
    heap: list[tuple[float, int, int]] = []
    for x, row in sums.items():
        for y, row_total in row.items():
            if x < y and row_total >= threshold:
                heapq.heappush(heap, (-row_total, x, y))
    next_id = m
    while heap:
        _negative, x, y = heapq.heappop(heap)
        if x not in members or y not in members:
            continue  # one of them was merged into another group since
        if owner_sets[x] & owner_sets[y]:
            continue  # the two groups hold items of one article
        merged = next_id
        next_id += 1
        members[merged] = members.pop(x) + members.pop(y)
        owner_sets[merged] = owner_sets.pop(x) | owner_sets.pop(y)
        merged_row: dict[int, float] = {}
        for old in (x, y):
            for other, row_total in sums.pop(old).items():
                if other in (x, y):
                    continue
                merged_row[other] = merged_row.get(other, 0.0) + row_total
                sums[other].pop(old, None)
        sums[merged] = merged_row
        size = len(members[merged])
        for other, row_total in merged_row.items():
            sums[other][merged] = row_total
            average = row_total / (size * len(members[other]))
            if average >= threshold:
                heapq.heappush(heap, (-average, min(merged, other), max(merged, other)))
    return list(members.values())
