"""The primal-dual stages: scan tight edges, else change the duals, until no path augments."""

from __future__ import annotations

from rituals.pairing.matching.blossoms import Blossoms
from rituals.pairing.matching.forest import FREE, INNER, OUTER


class Matcher(Blossoms):
    """One run of the algorithm on a fixed graph."""

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
                    if self.label[bw] == FREE:
                        self.assign(w, INNER, v)
                    elif self.label[bw] == OUTER:
                        found = self.common_base(v, w)
                        if found >= 0:
                            self.shrink(found, v, w)
                            bv = self.top[v]
                        else:
                            self.augment(v, w)
                            return True
                    elif self.reached_from[w] < 0:
                        self.reached_from[w] = v
                elif self.label[bw] == OUTER:
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
            if self.label[self.top[v]] == FREE and self.best[v] != -1:
                d = self.slack(self.best[v])
                if d < delta:
                    delta, kind, target = d, 2, self.best[v]
        for b in range(2 * n):
            if (
                self.label[b] == OUTER
                and self.best[b] != -1
                and (b < n and self.top[b] == b or b >= n and self.base[b] >= 0)
                and self.parent[b] == -1
            ):
                d = self.slack(self.best[b])
                assert d % 2 == 0
                if d // 2 < delta:
                    delta, kind, target = d // 2, 3, self.best[b]
        for b in self.outermost():
            if self.label[b] == INNER and self.dual[b] < delta:
                delta, kind, target = self.dual[b], 4, b
        for v in range(n):
            label = self.label[self.top[v]]
            if label == OUTER:
                self.dual[v] -= delta
            elif label == INNER:
                self.dual[v] += delta
        for b in self.outermost():
            if self.label[b] == OUTER:
                self.dual[b] += delta
            elif self.label[b] == INNER:
                self.dual[b] -= delta
        if kind == 1:
            return False
        if kind in (2, 3):
            i, j, _w = self.edges[target]
            self.queue.append(i if self.label[self.top[i]] == OUTER else j)
        else:
            self.expand(target, end_of_stage=False)
        return True

    def run(self) -> list[int]:
        for _stage in range(self.n):
            self.reset_stage()
            for v in range(self.n):
                if self.mate[v] == -1 and self.label[self.top[v]] == FREE:
                    self.assign(v, OUTER, -1)
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
                if self.label[b] == OUTER and self.dual[b] == 0:
                    self.expand(b, end_of_stage=True)
        return self.mate
