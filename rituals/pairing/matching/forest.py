"""Alternating trees: the matcher's state, labels, and the paths back to each tree's root.

See :mod:`rituals.pairing.matching` for the conventions (doubled vertex duals,
blossom children in cycle order, ``links``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

FREE, OUTER, INNER = 0, 1, 2


class Forest:
    """The state of one run on a fixed graph: matching, duals, blossoms, and this stage's trees."""

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
        self.scanned_mark = [False] * size
        self.reset_stage()

    # helpers -------------------------------------------------------------

    def slack(self, k: int) -> int:
        """Slack of edge ``k`` in doubled units (zero when tight)."""
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
        if label == OUTER:
            self.queue.extend(self.leaves(b))
        else:
            self.reached_from[w] = source
            base = self.base[b]
            self.assign(self.mate[base], OUTER, base)

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

    def reset_stage(self) -> None:
        """Forget the last stage's trees (the matching, duals and blossoms stay)."""
        size = 2 * self.n
        self.label = [FREE] * size
        self.came_from: list[tuple[int, int] | None] = [None] * size
        # Inner vertices: the outer vertex of a tight edge to them.
        self.reached_from = [-1] * self.n
        self.best = [-1] * size
        self.best_list: list[list[int] | None] = [None] * size
        self.queue: list[int] = []
