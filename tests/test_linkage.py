"""Average-linkage grouping: no chaining through one member, never two items of one article."""

from __future__ import annotations

from corroborator.linkage import average_link_groups


def test_average_link_does_not_chain_through_one_member():
    # a~b strongly, b~c strongly, but a and c are unlike: single linkage would make {a, b, c}.
    scores = {("a", "b"): 0.9, ("b", "c"): 0.8}
    owner = {"a": "A", "b": "B", "c": "C"}
    assert average_link_groups("abc", scores, owner, threshold=0.6) == [["a", "b"], ["c"]]
    # When c is like both, it joins.
    scores[("a", "c")] = 0.7
    assert average_link_groups("abc", scores, owner, threshold=0.6) == [["a", "b", "c"]]


def test_items_of_one_article_never_share_a_group():
    scores = {("a1", "b"): 0.9, ("a2", "b"): 0.85, ("a1", "a2"): 0.95}
    owner = {"a1": "A", "a2": "A", "b": "B"}
    groups = average_link_groups(["a1", "a2", "b"], scores, owner, threshold=0.5)
    assert groups == [["a1", "b"], ["a2"]]


def test_grouping_does_not_depend_on_the_order_of_scores():
    scores = {("a", "b"): 0.9, ("c", "d"): 0.9, ("b", "c"): 0.7, ("a", "d"): 0.7, ("a", "c"): 0.75, ("b", "d"): 0.6}
    owner = {x: x.upper() for x in "abcd"}
    forward = average_link_groups("abcd", scores, owner, threshold=0.6)
    backward = average_link_groups("abcd", dict(reversed(list(scores.items()))), owner, threshold=0.6)
    assert forward == backward
    assert forward == [["a", "b", "c", "d"]]  # {a,b} and {c,d}: the 4 cross pairs average 0.6875


def _greedy_reference(items: list[str], scores: dict[tuple[str, str], float], owner: dict[str, str], threshold: float):
    """The definition, spelled out: every step recomputes every pair of groups' average and merges the best
    (highest average, then the lowest pair of ids; a merged group takes the next id)."""
    pair = {}
    for (a, b), s in scores.items():
        if a != b and s > 0:
            pair[frozenset((a, b))] = pair.get(frozenset((a, b)), 0.0) + s
    groups = {k: [item] for k, item in enumerate(items)}
    next_id = len(items)
    while True:
        best = None
        for x in groups:
            for y in groups:
                if x >= y or {owner[i] for i in groups[x]} & {owner[i] for i in groups[y]}:
                    continue
                total = sum(pair.get(frozenset((i, j)), 0.0) for i in groups[x] for j in groups[y])
                average = total / (len(groups[x]) * len(groups[y]))
                if total > 0 and average >= threshold and (best is None or (-average, x, y) < best):
                    best = (-average, x, y)
        if best is None:
            break
        _, x, y = best
        groups[next_id] = groups.pop(x) + groups.pop(y)
        next_id += 1
    position = {item: k for k, item in enumerate(items)}
    return sorted((sorted(g, key=position.__getitem__) for g in groups.values()), key=lambda g: position[g[0]])


def test_both_engines_follow_the_greedy_definition_on_random_scores():
    # Scores in eighths: every sum is exact, so the reference's sums equal the engines' running sums and ties
    # (frequent here: many pairs score 1.0) must break the same way.
    import random

    import corroborator.linkage as linkage

    rng = random.Random(17)
    for trial in range(300):
        n = rng.randint(2, 14)
        items = [f"s{k}" for k in range(n)]
        rng.shuffle(items)
        owner = {item: f"A{rng.randint(0, n // 2)}" if trial % 3 == 0 else item for item in items}
        density = rng.random()
        scores = {
            (a, b): rng.choice([1.0, 1.0, 0.5, 0.625, rng.randint(1, 8) / 8])
            for a in items
            for b in items
            if a < b and rng.random() < density
        }
        threshold = rng.choice([0.5, 0.625, 0.25])
        expected = _greedy_reference(items, scores, owner, threshold)
        assert average_link_groups(items, scores, owner, threshold) == expected
        dense_max = linkage.DENSE_MAX_ITEMS
        try:
            linkage.DENSE_MAX_ITEMS = 0  # every component on the heap
            assert average_link_groups(items, scores, owner, threshold) == expected
        finally:
            linkage.DENSE_MAX_ITEMS = dense_max
