"""Side-by-side comparison of provinces: duties aligned by similarity, target figures, deadlines.

    c = compare(store, ["Hà Nội", "Lào Cai"], topic="giảm nghèo")
    c.duties    -> rows of similar duties, one cell per province, grouped by agency kind and role
    c.figures   -> target figures per subject, one cell per province
    c.deadlines -> each province's deadlines, soonest first

Works on any `Store` (it only calls `records` and `search`). Duties are compared as syllable
uni- and bi-grams of their folded action text (TF-IDF, cosine similarity); within one (agency
kind, role) group, average-linkage clustering joins duties closer than `threshold` into a row,
so "tổ chức tuyên truyền, vận động nhân dân" in Hà Nội and "tuyên truyền, vận động nhân dân" in
Lào Cai sit side by side. Each province contributes its newest `max_records` records of each
kind (a comparison of plans, not an audit of every record), identical texts counted once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
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
    seen: dict[str, int] = {}
    items: list[Item] = []
    for h in hits:
        k = _key(h.text)
        if k in seen:
            i = seen[k]
            items[i] = _with_copies(items[i], items[i].copies + 1)
            continue
        seen[k] = len(items)
        items.append(item(h))
    return items


def _with_copies(it: Item, n: int) -> Item:
    from dataclasses import replace

    return replace(it, copies=n)


def _duty(h: RecordHit) -> Item:
    return Item(h.text, h.doc_id, h.doc_title, actor=h.data.get("actor"), role=h.role, deadline=h.data.get("deadline"),
                due=h.due_end or h.due_start, kind=h.agency_kind)


def _figure(h: RecordHit) -> Item:
    return Item(h.text, h.doc_id, h.doc_title, value=h.value, unit=h.data.get("unit"), deadline=h.data.get("deadline"),
                due=h.due_end or h.due_start, kind=h.figure_kind, subject=h.data.get("subject"))


def _deadline(h: RecordHit) -> Item:
    return Item(h.text, h.doc_id, h.doc_title, due=h.due_end or h.due_start, kind=h.data.get("kind"))


def align(texts: Sequence[str], threshold: float = THRESHOLD) -> tuple[list[int], Any]:
    """Cluster labels for `texts` (similar texts share a label) and their cosine similarity matrix.

    TF-IDF over folded syllable uni- and bi-grams; average linkage, cut at 1 - threshold.
    """
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    n = len(texts)
    if n == 0:
        return [], np.zeros((0, 0))
    keys = [_key(t) or "_" for t in texts]
    if n == 1:
        return [0], np.ones((1, 1))
    vec = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=r"\S+", sublinear_tf=True)
    matrix = vec.fit_transform(keys)
    sim = cosine_similarity(matrix)
    from sklearn.cluster import AgglomerativeClustering

    distance = np.clip(1.0 - sim, 0.0, 2.0)
    labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                     distance_threshold=1.0 - threshold).fit_predict(distance)
    return [int(x) for x in labels], sim


def _rows(group: str, per_province: dict[str, list[Item]], threshold: float, by_subject: bool = False) -> list[Row]:
    flat = [(p, it) for p, items in per_province.items() for it in items]
    labels, sim = align([(it.subject or it.text) if by_subject else it.text for _p, it in flat], threshold)
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
        rows.append(Row((medoid.subject or medoid.text) if by_subject else group, medoid.text, cells, round(mean, 3)))
    return rows


def compare(store: Store, provinces: Sequence[str], topic: str | None = None,
            scope: ProvinceScope = ProvinceScope.CURRENT, max_records: int = 300,
            threshold: float = THRESHOLD) -> Comparison:
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
        base = RecordQuery(provinces=(p,), province_scope=scope, topics=topics, limit=max_records, with_evidence=False)
        duties[p] = _dedupe(store.records(RecordKind.DUTIES, base).hits, _duty)
        figures[p] = _dedupe(store.records(RecordKind.FIGURES, _replace(base, figure_kinds=("target",))).hits, _figure)
        found = _dedupe(store.records(RecordKind.DEADLINES, base).hits, _deadline)
        deadlines[p] = tuple(sorted(found, key=lambda it: (it.due is None, it.due or "", it.text)))
        documents[p] = store.search(SearchQuery(provinces=(p,), province_scope=scope, topics=topics, limit=0)).total

    duty_rows: list[Row] = []
    groups: dict[tuple[str, str], dict[str, list[Item]]] = {}
    for p, items in duties.items():
        for it in items:
            groups.setdefault((it.kind or "unknown", it.role or "unknown"), {q: [] for q in names})[p].append(it)
    for (kind, role), per in sorted(groups.items()):
        duty_rows.extend(_rows(f"{kind} / {role}", per, threshold))
    duty_rows.sort(key=lambda r: (r.group, -r.coverage, -sum(len(v) for v in r.cells.values()), r.label))

    by_subject: dict[str, list[Item]] = {p: [] for p in names}
    for p, items in figures.items():
        by_subject[p].extend(items)
    figure_rows = _rows("figures", by_subject, threshold, by_subject=True) if any(by_subject.values()) else []
    figure_rows.sort(key=lambda r: (-r.coverage, r.group))
    return Comparison(tuple(names), topic_name(slug) if slug else None, scope.value, tuple(duty_rows),
                      tuple(figure_rows), deadlines, documents)


def _replace(q: RecordQuery, **kw: Any) -> RecordQuery:
    from dataclasses import replace

    return replace(q, **kw)
