"""What the provenance graph draws: a reduced graph that keeps every link reachable, and the list of the rest.

A story of a few articles is drawn whole. A story of fifty articles that copy each other and credit the same
sources has a thousand links (every pair shares some text, every article credits most sources): drawn whole it
has tens of thousands of crossing lines, whatever the order. A reader wants the structure: who copies whom,
which sources enter where. So the drawing is reduced, and **nothing is lost**: every link that is not drawn is
listed (``Summary.hidden``, with the reason and the drawn path that implies it), and the page shows that list
under the graph.

Always (any size):

1. **Transitive reduction of the directed links** (credits, relays, copies whose original is known): a -> c is
   not drawn when another directed path a -> b -> ... -> c is. On a DAG the reduction is unique and keeps exactly
   the same reachability. On the seeds it drops "000 credits X" where 000 is a rewrite of Newsweek, which credits X.

Only for a big graph (more than ``BIG_NODES`` nodes or ``BIG_EDGES`` links), where the whole would be unreadable:

2. **Copy groups**: articles joined by duplicate or near-duplicate links (either direction) or by a copy whose
   original is known are one node, named after the group's original or earliest article ("Newsweek + 12
   copies"); the members are listed on click and in the copy-group list. Links between members are listed,
   links from or to members are drawn once from or to the group.
3. **Shared text of unknown direction** (partial reuse, copies whose original could not be decided) carries no
   direction, so a transitive reduction does not apply; its analogue is a maximum spanning forest (the strongest
   kinds first, then links of well-connected nodes, so trees come out as stars, not long chains): two nodes that
   share text stay joined by a drawn path of shared text, and the other links are listed.
4. **Relayed credits**: among the nodes that credit one source and are joined by drawn shared text, the
   credit is drawn to the earliest only; the others are reachable from the source through that node and the
   drawn shared-text path, and are listed ("relayed"). The source's node says how many articles credit it.
5. **Sources only one article credits** fold into that article's node (a line "also credits: ...").
6. **A cap**: past ``CAP_NODES`` drawn nodes, articles with no drawn link fold into one "+N more articles" node,
   listed on click.

``reachable`` states the guarantee the tests check: for every input link a -> b, the node drawn for a reaches
the node drawn for b in the drawing (shared text counted both ways), or both are the same node.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from corroborator.render.graph import _topological  # any topological order gives the same reach sets
from corroborator.unionfind import UnionFind

BIG_NODES = 30  # past this many nodes, or
BIG_EDGES = 60  # this many links, a story's graph is reduced beyond the transitive reduction (the seeds: 16, 19)
CAP_NODES = 40  # past this many drawn nodes, articles with no drawn link fold into one node
UNKNOWN = " (direction unknown)"  # the suffix provenance_edges gives a link of shared text with no direction
CREDIT_KINDS = ("credits", "credited by")
STRENGTH = {"duplicate": 4, "near_duplicate": 3, "rewrite": 2, "partial_reuse": 1}  # which shared text to draw first
SAME_TEXT = ("duplicate", "near_duplicate")  # joins a copy group whatever the direction
COPIES = ("duplicate", "near_duplicate", "rewrite")  # joins a copy group when the original is known


@dataclass(frozen=True, slots=True)
class Hidden:
    """A link the drawing leaves out, and why (naming the drawn path or the node that stands for it)."""

    a: str
    b: str
    kind: str
    why: str


@dataclass(frozen=True, slots=True)
class Summary:
    """The drawing: its nodes (input ids, ``grp:<root>`` for a copy group, ``more:`` for folded articles), its
    links (an undirected link is given in the direction it is laid out), the links left out, and for every drawn
    node the input nodes it stands for, its name and its extra lines."""

    nodes: tuple[str, ...]
    edges: tuple[tuple[str, str, str], ...]
    hidden: tuple[Hidden, ...]
    members: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)
    notes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    big: bool = False

    def drawn_as(self) -> dict[str, str]:
        """Each input node -> the drawn node that stands for it."""
        return {m: n for n, ms in self.members.items() for m in ms}


def is_undirected(kind: str) -> bool:
    return kind.endswith(UNKNOWN)


def base_kind(kind: str) -> str:
    return kind.removesuffix(UNKNOWN)


def summarise(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str, str]],
    names: Mapping[str, str],
    big: bool | None = None,
) -> Summary:
    """The drawing of a provenance graph (steps in the module docstring).

    Args:
        nodes: sources first, then articles earliest first (the order picks a group's or a relay's first node).
        edges: (from, to, kind) as ``provenance_edges`` gives them; links naming an unknown node, self-loops and
            repeats are ignored (the first kind of a pair wins, as the drawing always did).
        names: each node's name.
        big: force the big-graph steps on or off (default: past ``BIG_NODES`` nodes or ``BIG_EDGES`` links).
    """
    order = {n: i for i, n in enumerate(dict.fromkeys(nodes))}
    kinds: dict[tuple[str, str], str] = {}
    for a, b, kind in edges:
        if a not in order or b not in order or a == b or (a, b) in kinds:
            continue
        if is_undirected(kind) and is_undirected(kinds.get((b, a), "")):
            continue  # the same shared text given both ways
        kinds[(a, b)] = kind
    links = [(a, b, k) for (a, b), k in kinds.items()]
    if big is None:
        big = len(order) > BIG_NODES or len(links) > BIG_EDGES
    state = _State(list(order), links, dict(names))
    if big:
        state.group_copies()
    state.reduce_directed()
    if big:
        state.spanning_forest()
        state.relay_credits(links)
        state.fold_single_sources(links)
        state.cap()
    state.finish()
    return Summary(
        nodes=tuple(state.nodes),
        edges=tuple(state.edges),
        hidden=tuple(state.hidden),
        members={n: tuple(state.members[n]) for n in state.nodes},
        names=dict(state.names),
        notes={n: tuple(v) for n, v in state.notes.items() if n in state.members and v},
        big=big,
    )


class _State:
    """The drawing as it is reduced step by step."""

    def __init__(self, nodes: list[str], edges: list[tuple[str, str, str]], names: dict[str, str]) -> None:
        self.nodes = nodes
        self.edges = edges
        self.names = names
        self.order = {n: i for i, n in enumerate(nodes)}
        self.members: dict[str, list[str]] = {n: [n] for n in nodes}
        self.notes: dict[str, list[str]] = {}
        self.hidden: list[Hidden] = []
        self.stands_for: dict[tuple[str, str], list[tuple[str, str, str]]] = {}  # a drawn link's input links

    def name(self, n: str) -> str:
        return self.names.get(n, n)

    def hide(self, a: str, b: str, kind: str, why: str) -> None:
        """Leave the drawn link a -> b out: the input links it stands for are listed with ``why``."""
        for x, y, k in self.stands_for.pop((a, b), [(a, b, kind)]):
            self.hidden.append(Hidden(x, y, k, why))

    def finish(self) -> None:
        """Input links drawn as a link between groups are listed too, saying which drawn link stands for them."""
        for a, b, kind in self.edges:
            joint = " - " if is_undirected(kind) else " -> "
            for x, y, k in self.stands_for.get((a, b), ()):
                if {x, y} != {a, b}:
                    self.hidden.append(Hidden(x, y, k, f"drawn as {self.name(a)}{joint}{self.name(b)}"))

    def group_copies(self) -> None:
        """Step 2: articles joined by same-text links or known copies become one node."""
        sets: UnionFind[str] = UnionFind(self.nodes)
        find = sets.find
        for a, b, kind in self.edges:
            k = base_kind(kind)
            if k in SAME_TEXT or (k in COPIES and not is_undirected(kind)):
                sets.union(a, b)  # only which nodes share a set matters: the group's root is chosen below
        comps: dict[str, list[str]] = {}
        for n in self.nodes:
            comps.setdefault(find(n), []).append(n)
        copied = {b for a, b, kind in self.edges if base_kind(kind) in COPIES and not is_undirected(kind)}
        rep: dict[str, str] = {}
        nodes: list[str] = []
        for n in self.nodes:
            group = comps[find(n)]
            if len(group) == 1:
                rep[n] = n
                nodes.append(n)
                continue
            if n != group[0]:
                continue
            root = min(group, key=lambda m: (m in copied, self.order[m]))  # the original, else the earliest
            gid = "grp:" + root
            more = len(group) - 1
            # "copies" only when the root is known to be the original; otherwise no direction is claimed
            what = (
                ("copy", "copies")
                if root not in copied and any(m in copied for m in group)
                else ("near-duplicate", "near-duplicates")
            )
            self.names[gid] = f"{self.name(root)} + {more} {what[0] if more == 1 else what[1]}"
            self.members[gid] = [root, *(m for m in group if m != root)]
            for m in group:
                rep[m] = gid
            nodes.append(gid)
        self.nodes = nodes
        self.order = {n: i for i, n in enumerate(nodes)}
        self.members = {n: self.members[n] for n in nodes}
        merged: dict[tuple[str, str], str] = {}
        for a, b, kind in self.edges:
            ra, rb = rep[a], rep[b]
            if ra == rb:
                self.hide(a, b, kind, f"inside the copy group {self.names[ra]}")
                continue
            key = (ra, rb)
            if (rb, ra) in merged and (is_undirected(kind) or is_undirected(merged[(rb, ra)])):
                key = (rb, ra)  # shared text either way between the same two nodes: one link
            if key not in merged or (is_undirected(merged[key]) and not is_undirected(kind) and key == (ra, rb)):
                merged[key] = kind  # a known direction beats an unknown one
            self.stands_for.setdefault(key, []).append((a, b, kind))
        self.edges = [(a, b, k) for (a, b), k in merged.items()]

    def reduce_directed(self) -> None:
        """Step 1: drop a directed link a -> c when another directed path from a reaches c."""
        directed = [(a, b) for a, b, k in self.edges if not is_undirected(k)]
        succ: dict[str, list[str]] = {n: [] for n in self.nodes}
        for a, b in directed:
            succ[a].append(b)
        topo = _topological(self.nodes, succ)
        if len(topo) < len(self.nodes):
            return  # a cycle (copies point one way, so it should not happen): its reduction is not unique
        bit = {n: 1 << i for i, n in enumerate(topo)}
        reach = dict.fromkeys(topo, 0)  # nodes reachable by a path of one or more links
        for n in reversed(topo):
            for m in succ[n]:
                reach[n] |= bit[m] | reach[m]
        keep: list[tuple[str, str, str]] = []
        for a, b, kind in self.edges:
            if not is_undirected(kind):
                via = next((m for m in succ[a] if m != b and reach[m] & bit[b]), None)
                if via is not None:
                    path = [a, *_path(succ, via, b)]
                    self.hide(a, b, kind, "implied by " + " -> ".join(self.name(n) for n in path))
                    continue
            keep.append((a, b, kind))
        self.edges = keep

    def spanning_forest(self) -> None:
        """Step 3: of the shared-text links of unknown direction, a maximum spanning forest; each tree laid out
        from its best-connected node."""
        sets: UnionFind[str] = UnionFind(self.nodes)
        find = sets.find
        for a, b, kind in self.edges:  # known copies already join their nodes
            if not is_undirected(kind) and kind not in CREDIT_KINDS:
                sets.union(a, b)
        undirected = [e for e in self.edges if is_undirected(e[2])]
        degree = dict.fromkeys(self.nodes, 0)
        for a, b, _kind in undirected:
            degree[a] += 1
            degree[b] += 1
        undirected.sort(
            key=lambda e: (-STRENGTH.get(base_kind(e[2]), 0), -(degree[e[0]] + degree[e[1]]), self.order[e[0]])
        )
        tree: list[tuple[str, str, str]] = []
        adjacent: dict[str, list[str]] = {n: [] for n in self.nodes}
        for a, b, kind in undirected:
            if find(a) == find(b):
                continue
            sets.union(a, b)
            tree.append((a, b, kind))
            adjacent[a].append(b)
            adjacent[b].append(a)
        in_tree = {(a, b) for a, b, _k in tree}
        for a, b, kind in undirected:
            if (a, b) not in in_tree:
                path = self._text_path(a, b, adjacent)
                why = "shared text: joined by the drawn path " + " - ".join(self.name(n) for n in path) if path else ""
                self.hide(a, b, kind, why or "shared text: joined through known copies")
        # Orient each tree away from its best-connected node, so the layers follow the tree.
        tree_degree = {n: len(adjacent[n]) for n in self.nodes}
        side: dict[str, int] = {}
        for root in sorted(self.nodes, key=lambda n: (-tree_degree[n], self.order[n])):
            if root in side or not adjacent[root]:
                continue
            side[root] = 0
            queue = [root]
            while queue:
                n = queue.pop(0)
                for m in adjacent[n]:
                    if m not in side:
                        side[m] = side[n] + 1
                        queue.append(m)
        oriented = [(a, b, k) if side[a] <= side[b] else (b, a, k) for a, b, k in tree]
        for a, b, _k in oriented:
            if (b, a) in self.stands_for:
                self.stands_for[(a, b)] = self.stands_for.pop((b, a))
        self.edges = [e for e in self.edges if not is_undirected(e[2])] + oriented

    def _text_path(self, a: str, b: str, adjacent: dict[str, list[str]]) -> list[str]:
        """The drawn shared-text path from a to b (tree links both ways, known copies either way); [] if none."""
        links = {n: list(adjacent.get(n, ())) for n in self.nodes}
        for x, y, kind in self.edges:
            if not is_undirected(kind) and kind not in CREDIT_KINDS:
                links[x].append(y)
                links[y].append(x)
        back: dict[str, str | None] = {a: None}
        queue = [a]
        while queue:
            n = queue.pop(0)
            if n == b:
                path = [b]
                while back[path[-1]] is not None:
                    path.append(back[path[-1]])  # type: ignore[arg-type]
                return path[::-1]
            for m in links[n]:
                if m not in back:
                    back[m] = n
                    queue.append(m)
        return []

    def relay_credits(self, original: list[tuple[str, str, str]]) -> None:
        """Step 4: a source's credit to a node that a drawn credit of the same source already reaches (through
        drawn copies forwards and drawn shared text either way) is listed, not drawn; sources earliest-credited
        first, so the earliest node that credits a source gets its line."""
        succ: dict[str, list[str]] = {n: [] for n in self.nodes}
        for a, b, kind in self.edges:
            if kind not in CREDIT_KINDS:
                succ[a].append(b)
                if is_undirected(kind):
                    succ[b].append(a)
        reached: dict[str, dict[str, str | None]] = {}  # source -> nodes its drawn credits reach -> the step back
        credited: dict[str, int] = {}  # how many input links credit each source (one per article)
        for a, _b, kind in original:
            if kind in CREDIT_KINDS:
                credited[a] = credited.get(a, 0) + 1
        keep: list[tuple[str, str, str]] = []
        for a, b, kind in sorted(self.edges, key=lambda e: (self.order[e[0]], self.order[e[1]])):
            if kind not in CREDIT_KINDS:
                keep.append((a, b, kind))
                continue
            back = reached.setdefault(a, {})
            if b in back:
                path = [b]
                while back[path[-1]] is not None:
                    path.append(back[path[-1]])  # type: ignore[arg-type]
                path.reverse()  # the box a drawn credit of this source points at, ..., b
                self.hide(
                    a,
                    b,
                    kind,
                    f"relayed: {self.name(a)} -> {self.name(path[0])} is drawn, and the drawn path "
                    + " - ".join(self.name(n) for n in path)
                    + f" reaches {self.name(b)}",
                )
                continue
            keep.append((a, b, kind))
            back[b] = None
            queue = [b]
            while queue:
                n = queue.pop(0)
                for m in succ[n]:
                    if m not in back:
                        back[m] = n
                        queue.append(m)
        for src, count in credited.items():
            if count > 1:
                self.notes.setdefault(src, []).append(f"credited by {count} articles")
        self.edges = keep

    def fold_single_sources(self, original: list[tuple[str, str, str]]) -> None:
        """Step 5: a source that only one article credits (in the whole story) folds into that article's node."""
        credits: dict[str, int] = {}
        for a, _b, kind in original:
            if kind == "credits":
                credits[a] = credits.get(a, 0) + 1
        out: dict[str, list[tuple[str, str, str]]] = {}
        for a, b, kind in self.edges:
            out.setdefault(a, []).append((a, b, kind))
        fold = {
            a: links[0][1]
            for a, links in out.items()
            if a.startswith("src:") and credits.get(a) == 1 and len(links) == 1 and links[0][2] == "credits"
        }
        for src, target in fold.items():
            self.notes.setdefault(target, []).append(f"also credits: {self.name(src)}")
            self.members[target] = [*self.members[target], *self.members.pop(src)]
            self.hide(src, target, "credits", f"folded into {self.name(target)}, the only article that credits it")
        self.nodes = [n for n in self.nodes if n not in fold]
        self.edges = [e for e in self.edges if e[0] not in fold]

    def cap(self) -> None:
        """Step 6: past ``CAP_NODES`` drawn nodes, the articles with no drawn link fold into one node."""
        if len(self.nodes) <= CAP_NODES:
            return
        linked = {x for a, b, _k in self.edges for x in (a, b)}
        alone = [n for n in self.nodes if n not in linked and not n.startswith(("src:", "grp:"))]
        if len(alone) < 2:
            return
        more = "more:alone"
        self.names[more] = f"+{len(alone)} more articles with no link drawn"
        self.members[more] = [m for n in alone for m in self.members.pop(n)]
        self.nodes = [n for n in self.nodes if n not in set(alone)] + [more]


def _path(succ: dict[str, list[str]], start: str, goal: str) -> list[str]:
    """A directed path from start to goal (breadth first); the caller knows one exists."""
    back: dict[str, str | None] = {start: None}
    queue = [start]
    while queue:
        n = queue.pop(0)
        if n == goal:
            break
        for m in succ[n]:
            if m not in back:
                back[m] = n
                queue.append(m)
    path = [goal]
    while back[path[-1]] is not None:
        path.append(back[path[-1]])  # type: ignore[arg-type]
    return path[::-1]


def reachable(summary: Summary, edges: Sequence[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The input links whose ends the drawing does not join: for a -> b, the node drawn for b must be the node
    drawn for a or be reachable from it (directed links forwards, shared text of unknown direction both ways).
    Empty when the drawing keeps every link (what the tests assert)."""
    drawn = summary.drawn_as()
    succ: dict[str, set[str]] = {n: set() for n in summary.nodes}
    for a, b, kind in summary.edges:
        succ[a].add(b)
        if is_undirected(kind):
            succ[b].add(a)
    missing = []
    for a, b, kind in edges:
        if a not in drawn or b not in drawn:
            continue
        start, goal = drawn[a], drawn[b]
        seen, stack = {start}, [start]
        while stack and goal not in seen:
            n = stack.pop()
            for m in succ[n] - seen:
                seen.add(m)
                stack.append(m)
        if goal not in seen and not (is_undirected(kind) and _joined(succ, goal, start)):
            missing.append((a, b, kind))
    return missing


def _joined(succ: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, stack = {start}, [start]
    while stack:
        n = stack.pop()
        if n == goal:
            return True
        for m in succ[n] - seen:
            seen.add(m)
            stack.append(m)
    return False
