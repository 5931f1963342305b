"""Exact maximum-weight matching in a general graph (Edmonds' blossom algorithm).

This is the primal-dual method with Galil's O(n³) bookkeeping: each stage
grows alternating trees from every exposed vertex over tight edges, shrinks
odd cycles into blossoms, and either augments the matching or changes the
dual variables by the largest step that keeps them feasible. With integer
weights every quantity stays an integer (exposed vertices always share one
dual value, so an edge between two outer vertices has an even slack).

Conventions: vertex duals ``u`` are kept doubled, so an edge ``(i, j, w)`` is
tight when ``u[i] + u[j] - 2w`` is zero (plus twice the duals of blossoms
holding both ends, which never needs computing: such edges are never scanned).
Blossom ``b`` lists its sub-blossoms in cycle order starting with the one
holding the base, and ``links[b][i]`` is the edge ``(x, y)`` from
``children[i]`` (holding ``x``) to ``children[i + 1]`` (holding ``y``).

Weights must be non-negative integers; only a maximum *weight* is sought, so
callers who want the most edges first add a large constant to every weight.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

_FREE, _OUTER, _INNER = 0, 1, 2


class _Matcher:
    """One run of the algorithm on a fixed graph."""

    def __init__(self, n: int, edges: Sequence[tuple[int, int, int]]) -> None:
        self.n = n
        self.edges = list(edges)
        self.incident: list[list[int]] = [[] for _ in range(n)]
        for k, (i, j, _w) in enumerate(self.edges):
            self.incident[i].append(k)
            self.incident[j].append(k)
        top_weight = max((w for _i, _j, w in self.edges), default=0)
        size = 2 * n
        self.mate = [-1] * n
        self.dual = [top_weight] * n + [0] * n
        self.top = list(range(n))  # outermost blossom holding each vertex
        self.parent = [-1] * size
        self.children: list[list[int]] = [[] for _ in range(size)]
        self.links: list[list[tuple[int, int]]] = [[] for _ in range(size)]
        self.base = list(range(n)) + [-1] * n
        self.spare = list(range(size - 1, n - 1, -1))  # unused blossom ids
        # Per-stage state.
        self.label = [_FREE] * size
        self.came_from: list[tuple[int, int] | None] = [None] * size
        self.reached_from = [-1] * n  # inner vertices: the outer vertex of a tight edge to them
        self.best = [-1] * size
        self.best_list: list[list[int] | None] = [None] * size
        self.scanned_mark = [False] * size
        self.queue: list[int] = []

    # helpers -------------------------------------------------------------

    def slack(self, k: int) -> int:
        i, j, w = self.edges[k]
        return self.dual[i] + self.dual[j] - 2 * w

    def leaves(self, b: int) -> Iterator[int]:
        """The vertices inside blossom (or vertex) ``b``."""
        stack = [b]
        while stack:
            c = stack.pop()
            if c < self.n:
                yield c
            else:
                stack.extend(self.children[c])

    def outermost(self) -> Iterator[int]:
        """Ids of the non-trivial blossoms that are not inside another one."""
        for b in range(self.n, 2 * self.n):
            if self.base[b] >= 0 and self.parent[b] == -1:
                yield b

    # labelling -----------------------------------------------------------

    def assign(self, w: int, label: int, source: int) -> None:
        """Label the outermost blossom of ``w``, reached over an edge from ``source``."""
        b = self.top[w]
        self.label[b] = label
        self.came_from[b] = (source, w) if source >= 0 else None
        self.best[b] = -1
        self.best[w] = -1
        if label == _OUTER:
            self.queue.extend(self.leaves(b))
        else:
            self.reached_from[w] = source
            base = self.base[b]
            self.assign(self.mate[base], _OUTER, base)

    def common_base(self, v: int, w: int) -> int:
        """Base vertex of the blossom a tight edge v–w would close, or -1 for an augmenting path."""
        path: list[int] = []
        found = -1
        x, y = v, w
        while x != -1:
            b = self.top[x]
            if self.scanned_mark[b]:
                found = self.base[b]
                break
            self.scanned_mark[b] = True
            path.append(b)
            edge = self.came_from[b]
            if edge is None:
                x = -1
            else:
                inner = self.top[edge[0]]
                inner_edge = self.came_from[inner]
                assert inner_edge is not None
                x = inner_edge[0]
            if y != -1:
                x, y = y, x
        for b in path:
            self.scanned_mark[b] = False
        return found

    # blossoms ------------------------------------------------------------

    def shrink(self, base_vertex: int, v: int, w: int) -> None:
        """Make a blossom of the odd cycle closed by the tight edge v–w."""
        bb = self.top[base_vertex]
        b = self.spare.pop()
        self.base[b] = base_vertex
        self.parent[b] = -1
        self.parent[bb] = b
        up_chain: list[int] = []
        up_links: list[tuple[int, int]] = []
        c = self.top[v]
        while c != bb:
            self.parent[c] = b
            edge = self.came_from[c]
            assert edge is not None
            up_chain.append(c)
            up_links.append(edge)  # from the blossom above into c
            c = self.top[edge[0]]
        kids = [bb, *reversed(up_chain)]
        links = list(reversed(up_links))
        links.append((v, w))
        c = self.top[w]
        while c != bb:
            self.parent[c] = b
            edge = self.came_from[c]
            assert edge is not None
            kids.append(c)
            links.append((edge[1], edge[0]))  # from c to the blossom above
            c = self.top[edge[0]]
        self.children[b] = kids
        self.links[b] = links
        self.label[b] = _OUTER
        self.came_from[b] = self.came_from[bb]
        self.dual[b] = 0
        for leaf in list(self.leaves(b)):
            if self.label[self.top[leaf]] == _INNER:
                self.queue.append(leaf)  # inner vertices become outer: scan them too
            self.top[leaf] = b
        # Least-slack edges from the new blossom to each other outer blossom.
        best_to: dict[int, int] = {}
        for kid in kids:
            known = self.best_list[kid]
            candidates = (
                known
                if known is not None
                else [k for leaf in self.leaves(kid) for k in self.incident[leaf]]
            )
            for k in candidates:
                i, j, _w = self.edges[k]
                other = j if self.top[i] == b else i
                bo = self.top[other]
                if bo != b and self.label[bo] == _OUTER:
                    current = best_to.get(bo)
                    if current is None or self.slack(k) < self.slack(current):
                        best_to[bo] = k
            self.best_list[kid] = None
            self.best[kid] = -1
        merged = [best_to[key] for key in sorted(best_to)]
        self.best_list[b] = merged
        self.best[b] = min(merged, key=self.slack, default=-1)

    def expand(self, b: int, *, end_of_stage: bool) -> None:
        """Undo blossom ``b``; an inner blossom's children are relabelled on the way."""
        for kid in self.children[b]:
            self.parent[kid] = -1
            if kid < self.n:
                self.top[kid] = kid
            elif end_of_stage and self.dual[kid] == 0:
                self.expand(kid, end_of_stage=True)
            else:
                for leaf in self.leaves(kid):
                    self.top[leaf] = kid
        if not end_of_stage and self.label[b] == _INNER:
            self._relabel_inner_children(b)
        self.label[b] = _FREE
        self.came_from[b] = None
        self.children[b] = []
        self.links[b] = []
        self.base[b] = -1
        self.best_list[b] = None
        self.best[b] = -1
        self.spare.append(b)

    def _relabel_inner_children(self, b: int) -> None:
        kids = self.children[b]
        links = self.links[b]
        count = len(kids)
        for kid in kids:
            self.label[kid] = _FREE
            self.came_from[kid] = None
        edge = self.came_from[b]
        assert edge is not None
        source, entry_vertex = edge
        entry = self.top[entry_vertex]
        i = kids.index(entry)
        step = 1 if i % 2 else -1
        # Walk the even-length side from the entry child to the base child:
        # inner, outer, inner, ... each reached over the cycle's edges.
        j = i
        while j % count:
            self.label[kids[j % count]] = _FREE
            self.assign(entry_vertex, _INNER, source)
            if step == 1:
                entry_vertex, source = links[(j + 1) % count][1], links[(j + 1) % count][0]
            else:
                source, entry_vertex = links[(j - 2) % count][1], links[(j - 2) % count][0]
            j += 2 * step
        # The base child stays inner; its mate outside b is already outer.
        base_kid = kids[0]
        self.label[base_kid] = _INNER
        self.came_from[base_kid] = (source, entry_vertex)
        self.reached_from[entry_vertex] = source
        self.best[base_kid] = -1
        # Children off that path: inner if a tight edge reached one of their vertices.
        j = step
        while kids[j % count] != entry:
            kid = kids[j % count]
            j += step
            if self.label[kid] != _FREE:
                continue
            for leaf in self.leaves(kid):
                if self.reached_from[leaf] >= 0:
                    self.assign(leaf, _INNER, self.reached_from[leaf])
                    break

    # augmenting ----------------------------------------------------------

    def rebase(self, b: int, v: int) -> None:
        """Rearrange the matching inside blossom ``b`` so that vertex ``v`` is its base."""
        kid = v
        while self.parent[kid] != b:
            kid = self.parent[kid]
        if kid >= self.n:
            self.rebase(kid, v)
        kids = self.children[b]
        links = self.links[b]
        count = len(kids)
        i = kids.index(kid)
        step = 1 if i % 2 else -1
        j = i
        while j % count:
            near, far = (j + step) % count, (j + 2 * step) % count
            if step == 1:
                x, y = links[near]  # x in kids[near], y in kids[far]
            else:
                y, x = links[far]
            if kids[near] >= self.n:
                self.rebase(kids[near], x)
            if kids[far] >= self.n:
                self.rebase(kids[far], y)
            self.mate[x] = y
            self.mate[y] = x
            j += 2 * step
        self.children[b] = kids[i:] + kids[:i]
        self.links[b] = links[i:] + links[:i]
        self.base[b] = v

    def augment(self, v: int, w: int) -> None:
        """Flip the augmenting path through the tight edge v–w between two trees."""
        for s, partner in ((v, w), (w, v)):
            while True:
                bs = self.top[s]
                if bs >= self.n:
                    self.rebase(bs, s)
                self.mate[s] = partner
                edge = self.came_from[bs]
                if edge is None:
                    break
                bt = self.top[edge[0]]
                inner_edge = self.came_from[bt]
                assert inner_edge is not None
                s, entry = inner_edge
                if bt >= self.n:
                    self.rebase(bt, entry)
                self.mate[entry] = s
                partner = entry

    # main loop -----------------------------------------------------------

    def _reset_stage(self) -> None:
        size = 2 * self.n
        self.label = [_FREE] * size
        self.came_from = [None] * size
        self.reached_from = [-1] * self.n
        self.best = [-1] * size
        self.best_list = [None] * size
        self.queue = []

    def _scan(self) -> bool:
        """Scan outer vertices' edges; True once the matching has been augmented."""
        while self.queue:
            v = self.queue.pop()
            bv = self.top[v]
            for k in self.incident[v]:
                i, j, _w = self.edges[k]
                w = j if i == v else i
                bw = self.top[w]
                if bv == bw:
                    continue
                slack = self.slack(k)
                if slack <= 0:
                    if self.label[bw] == _FREE:
                        self.assign(w, _INNER, v)
                    elif self.label[bw] == _OUTER:
                        found = self.common_base(v, w)
                        if found >= 0:
                            self.shrink(found, v, w)
                            bv = self.top[v]
                        else:
                            self.augment(v, w)
                            return True
                    elif self.reached_from[w] < 0:
                        self.reached_from[w] = v
                elif self.label[bw] == _OUTER:
                    if self.best[bv] == -1 or slack < self.slack(self.best[bv]):
                        self.best[bv] = k
                elif self.best[w] == -1 or slack < self.slack(self.best[w]):
                    self.best[w] = k
        return False

    def _dual_step(self) -> bool:
        """Change the duals by the largest safe step; False when the optimum is reached."""
        n = self.n
        delta = min(self.dual[:n])
        kind, target = 1, -1
        for v in range(n):
            if self.label[self.top[v]] == _FREE and self.best[v] != -1:
                d = self.slack(self.best[v])
                if d < delta:
                    delta, kind, target = d, 2, self.best[v]
        for b in range(2 * n):
            if (
                self.label[b] == _OUTER
                and self.best[b] != -1
                and (b < n and self.top[b] == b or b >= n and self.base[b] >= 0)
                and self.parent[b] == -1
            ):
                d = self.slack(self.best[b])
                assert d % 2 == 0
                if d // 2 < delta:
                    delta, kind, target = d // 2, 3, self.best[b]
        for b in self.outermost():
            if self.label[b] == _INNER and self.dual[b] < delta:
                delta, kind, target = self.dual[b], 4, b
        for v in range(n):
            label = self.label[self.top[v]]
            if label == _OUTER:
                self.dual[v] -= delta
            elif label == _INNER:
                self.dual[v] += delta
        for b in self.outermost():
            if self.label[b] == _OUTER:
                self.dual[b] += delta
            elif self.label[b] == _INNER:
                self.dual[b] -= delta
        if kind == 1:
            return False
        if kind in (2, 3):
            i, j, _w = self.edges[target]
            self.queue.append(i if self.label[self.top[i]] == _OUTER else j)
        else:
            self.expand(target, end_of_stage=False)
        return True

    def run(self) -> list[int]:
        for _stage in range(self.n):
            self._reset_stage()
            for v in range(self.n):
                if self.mate[v] == -1 and self.label[self.top[v]] == _FREE:
                    self.assign(v, _OUTER, -1)
            augmented = False
            while True:
                if self._scan():
                    augmented = True
                    break
                if not self._dual_step():
                    break
            if not augmented:
                break
            for b in list(self.outermost()):
                if self.label[b] == _OUTER and self.dual[b] == 0:
                    self.expand(b, end_of_stage=True)
        return self.mate


def max_weight_matching(n: int, edges: Sequence[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """A maximum-weight matching of vertices ``0..n-1`` as sorted ``(i, j)`` pairs, ``i < j``.

    ``edges`` are ``(i, j, weight)`` with integer weights ≥ 0 and no loops; on
    equal weights the result depends only on the edge order given.
    """
    for i, j, w in edges:
        if not (0 <= i < n and 0 <= j < n) or i == j:
            raise ValueError(f"edge ({i}, {j}) is not between two of the {n} vertices")
        if w < 0:
            raise ValueError(f"edge ({i}, {j}) has a negative weight {w}")
    if n == 0:
        return []
    mate = _Matcher(n, edges).run()
    return [(v, mate[v]) for v in range(n) if v < mate[v]]
