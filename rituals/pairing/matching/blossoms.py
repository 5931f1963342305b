"""Blossoms: shrinking odd cycles, expanding them again, and augmenting through them."""

from __future__ import annotations

from rituals.pairing.matching.forest import FREE, INNER, OUTER, Forest


class Blossoms(Forest):
    """Blossom bookkeeping on top of the trees: shrink, expand, rebase, augment."""

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
        self.label[b] = OUTER
        self.came_from[b] = self.came_from[bb]
        self.dual[b] = 0
        for leaf in list(self.leaves(b)):
            if self.label[self.top[leaf]] == INNER:
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
                if bo != b and self.label[bo] == OUTER:
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
        if not end_of_stage and self.label[b] == INNER:
            self._relabel_inner_children(b)
        self.label[b] = FREE
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
            self.label[kid] = FREE
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
            self.label[kids[j % count]] = FREE
            self.assign(entry_vertex, INNER, source)
            if step == 1:
                entry_vertex, source = links[(j + 1) % count][1], links[(j + 1) % count][0]
            else:
                source, entry_vertex = links[(j - 2) % count][1], links[(j - 2) % count][0]
            j += 2 * step
        # The base child stays inner; its mate outside b is already outer.
        base_kid = kids[0]
        self.label[base_kid] = INNER
        self.came_from[base_kid] = (source, entry_vertex)
        self.reached_from[entry_vertex] = source
        self.best[base_kid] = -1
        # Children off that path: inner if a tight edge reached one of their vertices.
        j = step
        while kids[j % count] != entry:
            kid = kids[j % count]
            j += step
            if self.label[kid] != FREE:
                continue
            for leaf in self.leaves(kid):
                if self.reached_from[leaf] >= 0:
                    self.assign(leaf, INNER, self.reached_from[leaf])
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
