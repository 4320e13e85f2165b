"""Side-by-side comparison of provinces: duties aligned by similarity, target figures, deadlines.

    c = compare(store, ["Hà Nội", "Lào Cai"], topic="giảm nghèo")
    c.duties    -> rows of similar duties, one cell per province, grouped by agency kind and role
    c.figures   -> target figures per subject, one cell per province
    c.deadlines -> each province's deadlines, soonest first

Works on any `Store` (it only calls `records` and `search`). Duties are compared as syllable
uni- and bi-grams of their folded action text (TF-IDF fitted once over the comparison's duties,
cosine similarity); within one (agency kind, role) group, average-linkage clustering joins duties closer than `threshold` into a row,
so "tổ chức tuyên truyền, vận động nhân dân" in Hà Nội and "tuyên truyền, vận động nhân dân" in
Lào Cai sit side by side. Each province contributes its newest `max_records` records of each
kind (a comparison of plans, not an audit of every record), identical texts counted once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from index.fold import fold
from index.query import ProvinceScope, RecordHit, RecordKind, RecordQuery, SearchQuery
from index.store import Store

THRESHOLD = 0.35  # cosine similarity at which two duties share a row
_WORDS = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Item:
    """One record in a comparison cell: the text shown, where it comes from, and its details."""

    text: str
    doc_id: str
    doc_title: str | None
    actor: str | None = None
    role: str | None = None
    deadline: str | None = None
    due: str | None = None
    value: float | None = None
    unit: str | None = None
    kind: str | None = None
    subject: str | None = None
    copies: int = 1  # identical texts in this province's documents


@dataclass(frozen=True, slots=True)
class Row:
    """Similar records across provinces: `label` is the most central text; `cells` maps each
    province to its items (empty tuple when it has none). `group` is "agency kind / role" for
    duties and the most central subject for figures (figures align on their subjects);
    `similarity` the mean pairwise cosine within the row."""

    group: str
    label: str
    cells: dict[str, tuple[Item, ...]]
    similarity: float

    @property
    def coverage(self) -> int:
        return sum(1 for items in self.cells.values() if items)


@dataclass(frozen=True, slots=True)
class Comparison:
    """The comparison of `provinces` (gazetteer names; `scope` says as written or as today)."""

    provinces: tuple[str, ...]
    topic: str | None
    scope: str
    duties: tuple[Row, ...]
    figures: tuple[Row, ...]
    deadlines: dict[str, tuple[Item, ...]]
    documents: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _key(text: str) -> str:
    return " ".join(_WORDS.findall(fold(text)))


def _dedupe(hits: Iterable[RecordHit], item: Any) -> list[Item]:
    """One item per distinct text (folded words), in first-seen order, with its number of copies."""
    first: dict[str, RecordHit] = {}
    copies: Counter[str] = Counter()
    for h in hits:
        k = _key(h.text)
        copies[k] += 1
        first.setdefault(k, h)
    return [item(h, copies[k]) for k, h in first.items()]


def _duty(h: RecordHit, copies: int = 1) -> Item:
    return Item(
        h.text,
        h.doc_id,
        h.doc_title,
        actor=h.data.get("actor"),
        role=h.role,
        deadline=h.data.get("deadline"),
        due=h.due_end or h.due_start,
        kind=h.agency_kind,
        copies=copies,
    )


def _figure(h: RecordHit, copies: int = 1) -> Item:
    return Item(
        h.text,
        h.doc_id,
        h.doc_title,
        value=h.value,
        unit=h.data.get("unit"),
        deadline=h.data.get("deadline"),
        due=h.due_end or h.due_start,
        kind=h.figure_kind,
        subject=h.data.get("subject"),
        copies=copies,
    )


def _deadline(h: RecordHit, copies: int = 1) -> Item:
    return Item(
        h.text, h.doc_id, h.doc_title, due=h.due_end or h.due_start, kind=h.data.get("kind"), copies=copies
    )


class Space:
    """TF-IDF vectors of `texts` (folded syllable uni- and bi-grams), fitted once for a whole
    comparison: each group then clusters its own rows of one matrix instead of fitting a
    vectorizer of its own (sklearn's per-call checks cost more than the arithmetic)."""

    def __init__(self, texts: Sequence[str]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.size = len(texts)
        if texts:
            vec = TfidfVectorizer(
                analyzer="word", ngram_range=(1, 2), token_pattern=r"\S+", sublinear_tf=True
            )
            self.matrix = vec.fit_transform([_key(t) or "_" for t in texts])  # rows have unit length

    def align(self, rows: Sequence[int], threshold: float = THRESHOLD) -> tuple[list[int], Any]:
        """Cluster labels for the texts at `rows` (similar texts share a label) and their cosine
        similarity matrix: average linkage over cosine distance, merging below 1 - threshold."""
        import numpy as np
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.spatial.distance import squareform

        n = len(rows)
        if n == 0:
            return [], np.zeros((0, 0))
        if n == 1:
            return [0], np.ones((1, 1))
        sub = self.matrix[list(rows)]
        sim = np.clip((sub @ sub.T).toarray(), 0.0, 1.0)
        np.fill_diagonal(sim, 1.0)
        tree = linkage(squareform(1.0 - sim, checks=False), method="average")
        cut = np.nextafter(1.0 - threshold, 0.0)  # merge strictly closer than 1 - threshold
        found = fcluster(tree, t=cut, criterion="distance")
        first: dict[int, int] = {}
        return [first.setdefault(int(c), len(first)) for c in found], sim


def align(texts: Sequence[str], threshold: float = THRESHOLD) -> tuple[list[int], Any]:
    """Cluster labels for `texts` (similar texts share a label, numbered in order of first
    appearance) and their cosine similarity matrix; see `Space`."""
    return Space(texts).align(range(len(texts)), threshold)


def _space(per_province: dict[str, list[Item]], key: Callable[[Item], str]) -> tuple[Space, dict[int, int]]:
    """One TF-IDF space over every province's items (their `key` texts), and each item's row in it
    (by object id)."""
    every = [it for items in per_province.values() for it in items]
    return Space([key(it) for it in every]), {id(it): i for i, it in enumerate(every)}


def _rows(
    group: str,
    per_province: dict[str, list[Item]],
    threshold: float,
    space: tuple[Space, dict[int, int]],
    by_subject: bool = False,
) -> list[Row]:
    """Rows of one group of items, clustered in `space` (see `_space`)."""
    flat = [(p, it) for p, items in per_province.items() for it in items]
    vectors, at = space
    labels, sim = vectors.align([at[id(it)] for _p, it in flat], threshold)
    clusters: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        clusters.setdefault(label, []).append(i)
    rows = []
    for members in clusters.values():
        if len(members) > 1:
            sub = sim[members][:, members]
            centre = members[int(sub.sum(axis=1).argmax())]
            mean = float((sub.sum() - len(members)) / (len(members) * (len(members) - 1)))
        else:
            centre, mean = members[0], 1.0
        cells = {p: tuple(it for i in members for p2, it in [flat[i]] if p2 == p) for p in per_province}
        medoid = flat[centre][1]
        rows.append(
            Row((medoid.subject or medoid.text) if by_subject else group, medoid.text, cells, round(mean, 3))
        )
    return rows


def compare(
    store: Store,
    provinces: Sequence[str],
    topic: str | None = None,
    scope: ProvinceScope = ProvinceScope.CURRENT,
    max_records: int = 300,
    threshold: float = THRESHOLD,
) -> Comparison:
    """Compare `provinces` (names as typed; see the module docstring). Raises ValueError for an
    unknown topic or fewer than one province."""
    from index.fields import canonical_province, today_province
    from index.topics import topic_name, topic_slug

    names = [canonical_province(p.strip()) for p in provinces if p.strip()]
    if scope == ProvinceScope.CURRENT:
        names = [today_province(p) for p in names]
    names = list(dict.fromkeys(names))
    if not names:
        raise ValueError("compare needs at least one province")
    slug = topic_slug(topic) if topic else None
    topics = (slug,) if slug else ()
    duties: dict[str, list[Item]] = {}
    figures: dict[str, list[Item]] = {}
    deadlines: dict[str, tuple[Item, ...]] = {}
    documents: dict[str, int] = {}
    for p in names:
        base = RecordQuery(
            provinces=(p,), province_scope=scope, topics=topics, limit=max_records, with_evidence=False
        )
        duties[p] = _dedupe(store.records(RecordKind.DUTIES, base).hits, _duty)
        figures[p] = _dedupe(
            store.records(RecordKind.FIGURES, _replace(base, figure_kinds=("target",))).hits, _figure
        )
        found = _dedupe(store.records(RecordKind.DEADLINES, base).hits, _deadline)
        deadlines[p] = tuple(sorted(found, key=lambda it: (it.due is None, it.due or "", it.text)))
        documents[p] = store.search(
            SearchQuery(provinces=(p,), province_scope=scope, topics=topics, limit=0)
        ).total

    duty_rows: list[Row] = []
    groups: dict[tuple[str, str], dict[str, list[Item]]] = {}
    for p, items in duties.items():
        for it in items:
            groups.setdefault((it.kind or "unknown", it.role or "unknown"), {q: [] for q in names})[p].append(
                it
            )
    duty_space = _space(duties, lambda it: it.text)
    for (kind, role), per in sorted(groups.items()):
        duty_rows.extend(_rows(f"{kind} / {role}", per, threshold, duty_space))
    duty_rows.sort(key=lambda r: (r.group, -r.coverage, -sum(len(v) for v in r.cells.values()), r.label))

    figure_rows = (
        _rows(
            "figures", figures, threshold, _space(figures, lambda it: it.subject or it.text), by_subject=True
        )
        if any(figures.values())
        else []
    )
    figure_rows.sort(key=lambda r: (-r.coverage, r.group))
    return Comparison(
        tuple(names),
        topic_name(slug) if slug else None,
        scope.value,
        tuple(duty_rows),
        tuple(figure_rows),
        deadlines,
        documents,
    )


def _replace(q: RecordQuery, **kw: Any) -> RecordQuery:
    from dataclasses import replace

    return replace(q, **kw)
