"""Disjoint sets, for every stage that groups things transitively (copy groups, claims, dedup clusters)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable


class UnionFind:
    """Union-find with path halving. The smaller root wins a union, so the groups and their roots
    do not depend on the order in which pairs arrive."""

    __slots__ = ("parent",)

    def __init__(self, items: Iterable[Hashable] = ()) -> None:
        self.parent: dict = {x: x for x in items}

    def find(self, x: Hashable) -> Hashable:
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: Hashable, b: Hashable) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
