"""Search benchmark: build an index of N documents and time 20 representative queries and `compare`.

    python -m bench.search                    # 100,000 documents (minutes; a few GB in a temp dir)
    python -m bench.search --docs 20000       # a smaller index
    python -m bench.search --quick            # 3,000 documents, fewer repetitions: a smoke run
    python -m bench.search --db /tmp/b.db     # keep (or reuse, with --reuse) the built index

The documents are corpus/raw, read and extracted once (cached beside the output as a pickle),
then replicated with varied provinces and issue dates: pre-extracted documents, so the build
time is the store's own (derived fields, topics, FTS5 indexes), not the extractors'. The build
writes a new index as `vanban load` does (`index/sqlite_build.py`); `--live` loads the same
documents with `add_many` into a store readers could be using (WAL journal) instead. Prints build
time (docs/s), on-disk size, and p50/p95/p99 latency per query family and over all queries.
This is not a test; goals on SQLite at 100k documents: search p95 < 20 ms, compare p95 < 300 ms,
build >= 1,000 docs/s.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import os
import pickle
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "raw"


def base_corpus(cache: Path) -> list[Any]:
    """corpus/raw processed once (ProcessedDocument list), cached in `cache`."""
    from pipeline.errors import PipelineError
    from pipeline.ingest.read import EXTENSIONS
    from pipeline.run import process
    from pipeline.settings import Settings

    files = sorted(p for p in CORPUS.iterdir() if p.suffix.lower() in EXTENSIONS)
    key = hashlib.sha256(
        ("records-v2" + "".join(f"{p.name}:{p.stat().st_size}" for p in files)).encode()
    ).hexdigest()[:12]
    path = cache / f"bench-corpus-{key}.pickle"
    if path.exists():
        return list(pickle.loads(path.read_bytes()))
    settings = Settings()
    docs = []
    for p in files:
        try:
            docs.append(process(p, settings))
        except PipelineError as e:
            print(f"  skipped {p.name}: {e}", file=sys.stderr)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(docs))
    return docs


def replicate(base: list[Any], n: int, seed: int = 7) -> list[Any]:
    """`n` documents: copies of `base` with a new id, path, province and issue date each."""
    from extractors.places import all_provinces
    from pipeline.run import ProcessedDocument

    rng = random.Random(seed)
    names = [p.name for p in all_provinces()]
    first = date(2016, 1, 1)
    out = []
    for i in range(n):
        b = base[i % len(base)]
        doc = b.document
        old = set(b.record.get("provinces") or [])
        new = rng.choice(names)
        issued = (first + timedelta(days=rng.randrange(3800))).isoformat() if rng.random() < 0.9 else None
        rec = dict(b.record)
        rec["provinces"] = [new]
        rec["issued_date"] = issued
        rec["agencies"] = [
            {**a, "province": new} if a.get("province") in old else a for a in rec.get("agencies") or []
        ]
        ident = hashlib.sha256(f"{doc.id}:{i}".encode()).hexdigest()
        source = replace(doc.source, path=f"bench/{i:07d}-{Path(doc.source.path).name}")
        out.append(ProcessedDocument(replace(doc, id=ident, source=source), rec))
    return out


def queries() -> list[tuple[str, str, Callable[[Any], object]]]:
    """(family, label, call) for the 20 fixed queries."""
    from datetime import date as d

    from index.query import ProvinceScope, RecordKind, RecordQuery, SearchQuery, Sort

    def s(**kw: Any) -> Callable[[Any], object]:
        return lambda store: store.search(SearchQuery(**kw))

    def r(kind: RecordKind, **kw: Any) -> Callable[[Any], object]:
        return lambda store: store.records(kind, RecordQuery(**kw))

    def f(**kw: Any) -> Callable[[Any], object]:
        return lambda store: store.facets(SearchQuery(**kw))

    cur = ProvinceScope.CURRENT
    return [
        ("accent-free", "giam ngheo", s(text="giam ngheo")),
        ("accent-free", "ubnd tinh (common)", s(text="ubnd tinh")),
        ("accent-free", "dong thap", s(text="dong thap")),
        ("accent-free", "chuyen doi so", s(text="chuyen doi so")),
        ("accented", "Mặt trận Tổ quốc", s(text="Mặt trận Tổ quốc")),
        ("accented", "UBND (synonym)", s(text="UBND")),
        ("phrase", '"giảm nghèo bền vững"', s(text='"giảm nghèo bền vững"')),
        ("phrase", '"cơ sở dữ liệu" quy hoạch', s(text='"cơ sở dữ liệu" quy hoạch')),
        (
            "filtered",
            "nông thôn mới @ Lào Cai (current)",
            s(text="nông thôn mới", provinces=("Lào Cai",), province_scope=cur),
        ),
        (
            "filtered",
            "bầu cử, plans 2024-2026",
            s(text="bầu cử", doc_types=("plan", "resolution"), year_from=2024, year_to=2026),
        ),
        ("filtered", "ubnd tinh by date", s(text="ubnd tinh", sort=Sort.DATE)),
        ("filtered", "hostile text", s(text='"; DROP TABLE documents; -- AND (NEAR ' + "x" * 2000)),
        ("faceted", "giảm nghèo + facets", s(text="giảm nghèo", facets=True)),
        ("faceted", "ubnd tinh + facets (common)", f(text="ubnd tinh")),
        ("faceted", "topic filter + facets", s(topics=("chuyển đổi số",), facets=True)),
        ("records", "duties of Sở Tài chính", r(RecordKind.DUTIES, agency="Sở Tài chính")),
        (
            "records",
            "lead duties @ Hà Nội, due < 2025-12-31",
            r(RecordKind.DUTIES, roles=("lead",), provinces=("Hà Nội",), due_before=d(2025, 12, 31)),
        ),
        (
            "records",
            "fatherland-front duties, giám sát",
            r(RecordKind.DUTIES, text="giám sát", agency_kinds=("fatherland_front",)),
        ),
        (
            "records",
            "target figures, tỷ lệ @ Lào Cai",
            r(
                RecordKind.FIGURES,
                figure_kinds=("target",),
                subject="tỷ lệ",
                provinces=("Lào Cai",),
                province_scope=cur,
            ),
        ),
        (
            "records",
            "deadlines in 2025-H2",
            r(RecordKind.DEADLINES, due_after=d(2025, 7, 1), due_before=d(2025, 12, 31)),
        ),
    ]


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the bulk-load worker processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def percentiles(xs: list[float]) -> tuple[float, float, float]:
    if len(xs) < 2:
        v = xs[0] if xs else 0.0
        return v, v, v
    q = statistics.quantiles(xs, n=100, method="inclusive")
    return statistics.median(xs), q[94], q[98]


def time_calls(call: Callable[[], object], reps: int) -> list[float]:
    out = []
    for _ in range(reps):
        t = time.perf_counter()
        call()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100_000, help="documents to index (default 100000)")
    ap.add_argument("--quick", action="store_true", help="3,000 documents and 5 repetitions (smoke run)")
    ap.add_argument("--reps", type=int, default=20, help="timed repetitions of each query")
    ap.add_argument("--db", type=Path, help="index file (default: a temporary file, removed after)")
    ap.add_argument("--reuse", action="store_true", help="time queries on an existing --db, skip the build")
    ap.add_argument("--batch", type=int, default=10_000, help="documents per transaction (default 10000)")
    ap.add_argument(
        "--live",
        action="store_true",
        help="load with add_many into a live (WAL) store instead of building a new index",
    )
    ap.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "vanban-bench",
        help="where the extracted corpus is cached",
    )
    args = ap.parse_args(argv)
    n = 3000 if args.quick else args.docs
    reps = 5 if args.quick else args.reps

    from index.compare import compare
    from index.sqlite import SqliteStore
    from index.sqlite_build import build

    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory(prefix="vanban-bench-")
        db = Path(tmp.name) / "bench.db"
    else:
        db = args.db
    try:
        if not args.reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            t = time.perf_counter()
            base = base_corpus(args.cache)
            docs = replicate(base, n)
            print(
                f"corpus: {len(base)} extracted documents -> {n} replicas ({time.perf_counter() - t:.1f} s to prepare)"
            )
            t0, c0 = time.perf_counter(), cpu_seconds()
            if args.live:  # into a store readers could be using: WAL journal, FTS5 merging as it goes
                store = SqliteStore(db)
                for i in range(0, n, args.batch):
                    store.add_many(docs[i : i + args.batch])
                store.optimize()
                store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                how = "add_many into a live store, then optimize"
            else:  # a new index, as `vanban load` builds one
                build(db, docs, batch=args.batch)
                store = SqliteStore(db)
                how = "a new index, as `vanban load` builds it"
            wall, cpu = time.perf_counter() - t0, cpu_seconds() - c0
            print(
                f"build: {n} docs in {wall:.1f} s = {n / wall:,.0f} docs/s wall ({n / cpu:,.0f} docs/s per CPU-second,"
                f" {cpu / n * 1000:.2f} ms CPU per document, workers included; {how}, {args.batch} per transaction)"
            )
            del docs
        else:
            store = SqliteStore(db)
            n = store.count()
        size = sum(os.path.getsize(f"{db}{s}") for s in ("", "-wal") if os.path.exists(f"{db}{s}"))
        print(
            f"size: {size / 1e6:,.1f} MB on disk ({size / max(n, 1) / 1e3:.1f} kB per document); load average"
            f" {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )

        families: dict[str, list[float]] = {}
        every: list[float] = []
        print(f"\n{'query':<48} {'p50':>8} {'p95':>8} {'p99':>8}  (ms, {reps} runs, warm)")
        for family, label, call in queries():
            call(store)  # warm: page cache and compiled regexes
            xs = time_calls(functools.partial(call, store), reps)
            families.setdefault(family, []).extend(xs)
            every.extend(xs)
            p50, p95, p99 = percentiles(xs)
            print(f"{family + ': ' + label:<48.48} {p50:8.2f} {p95:8.2f} {p99:8.2f}")
        print()
        for family, xs in families.items():
            p50, p95, p99 = percentiles(xs)
            print(f"{'all ' + family:<48} {p50:8.2f} {p95:8.2f} {p99:8.2f}")
        p50, p95, p99 = percentiles(every)
        print(f"{'ALL SEARCH QUERIES':<48} {p50:8.2f} {p95:8.2f} {p99:8.2f}   goal p95 < 20 ms")

        pairs = [
            (("Hà Nội", "Lào Cai"), "giảm nghèo"),
            (("Hà Nội", "Lào Cai"), None),
            (("Đồng Tháp", "Hồ Chí Minh", "Hải Phòng"), "chuyển đổi số"),
            (("Quảng Ninh", "Tuyên Quang"), "bầu cử"),
        ]
        cmp_times: list[float] = []
        for provinces, topic in pairs:
            compare(store, provinces, topic=topic)
            xs = time_calls(functools.partial(compare, store, provinces, topic=topic), max(3, reps // 2))
            cmp_times.extend(xs)
            p50, p95, p99 = percentiles(xs)
            print(
                f"{'compare ' + ','.join(provinces) + (' / ' + topic if topic else ''):<48.48} {p50:8.2f} {p95:8.2f} {p99:8.2f}"
            )
        p50, p95, p99 = percentiles(cmp_times)
        print(f"{'ALL COMPARE':<48} {p50:8.2f} {p95:8.2f} {p99:8.2f}   goal p95 < 300 ms")
        store.close()
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
