"""Average-linkage grouping over sparse pair scores, with groups that may not share an article.

Single linkage (union-find over links) chains: A~B and B~C put A and C together however unlike they
are, which is how one claim swallowed several statements that share a name. Here two groups merge only
when their members are alike *on average* (a pair without a link counts 0), so a new member must match
the group as a whole, not one member of it; and no group ever holds two items of one article.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


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
    members: dict[int, list[K]] = {k: [item] for item, k in order.items()}
    owners: dict[int, set[str]] = {k: {owner[item]} for item, k in order.items()}
    sums: dict[int, dict[int, float]] = {k: {} for k in members}
    for (a, b), score in scores.items():
        if a not in order or b not in order or a == b or score <= 0:
            continue
        x, y = order[a], order[b]
        sums[x][y] = sums[x].get(y, 0.0) + score
        sums[y][x] = sums[y].get(x, 0.0) + score
    heap: list[tuple[float, int, int]] = []
    for x, row in sums.items():
        for y, total in row.items():
            if x < y and total >= threshold:
                heapq.heappush(heap, (-total, x, y))
    next_id = len(order)
    while heap:
        _negative, x, y = heapq.heappop(heap)
        if x not in members or y not in members:
            continue  # one of them was merged into another group since
        if owners[x] & owners[y]:
            continue  # the two groups hold sentences of one article
        merged = next_id
        next_id += 1
        members[merged] = members.pop(x) + members.pop(y)
        owners[merged] = owners.pop(x) | owners.pop(y)
        merged_row: dict[int, float] = {}
        for old in (x, y):
            for other, total in sums.pop(old).items():
                if other in (x, y):
                    continue
                merged_row[other] = merged_row.get(other, 0.0) + total
                sums[other].pop(old, None)
        sums[merged] = merged_row
        size = len(members[merged])
        for other, total in merged_row.items():
            sums[other][merged] = total
            average = total / (size * len(members[other]))
            if average >= threshold:
                heapq.heappush(heap, (-average, min(merged, other), max(merged, other)))
    groups = [sorted(group, key=order.__getitem__) for group in members.values()]
    return sorted(groups, key=lambda g: order[g[0]])
