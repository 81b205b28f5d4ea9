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
