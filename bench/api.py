"""Load-test the HTTP API: many concurrent readers while one client ingests.

    python -m bench.api                      # 50 users (think ~1 s) for 60 s, then 20 s back to back
    python -m bench.api --seconds 10 --clients 20 --copies 0
    python -m bench.api --think-ms 0         # one run, readers back to back (a stress test)
    python -m bench.api --capacity-seconds 0 # the users' run only
    python -m bench.api --json               # the figures as one JSON object

Starts the API (`python -m api.serve`: uvicorn, `--workers` processes) on 127.0.0.1 (a free
port, loopback only) over a fresh SQLite file in a temporary folder, uploads corpus/raw
through the API (plus `--copies` altered copies of each text document, for a bigger index),
then runs two phases, each with `--clients` concurrent readers doing a mix (`--mix`) of search
(60%), document fetch (25%) and compare (15%) while one writer uploads further new documents
back to back:

1. users (`--seconds`, judged against the goal): each reader is a person who waits between
   requests, an exponentially distributed think time of mean `--think-ms` (default 1000 ms),
   reading the previous answer. 50 such users offer about 50 requests a second.
2. capacity (`--capacity-seconds`, reported, not judged): the same readers send back to back.
   Latency is then about clients / throughput (Little's law): on 2 cores, with this client in
   the same machine, no server answers 50 back-to-back clients within 50 ms (it would take
   ~1,000 requests a second), so this phase measures throughput, not the goal.

The writer keeps adding documents (about 20 a second), so the index grows during a run (from
~65 to over 1,000 documents in the 60 s users' phase) and so does the cost of a search; each
phase prints how many documents the server held at its start and at its end.

With `--think-ms 0` the first phase is itself back to back and the second is skipped. Each
reader has its own HTTP client and keep-alive connection (as a browser would): one client
shared by 50 tasks spends ~5 ms of CPU per request in its connection pool, and on a small
machine that load generator, not the server, becomes what is measured. Prints per-operation
throughput, p50/p95/p99 latency and errors per phase, and whether the goal (search p95 < 50 ms
and zero errors, in the users' phase) was met; exits 1 when it was not. The server is stopped
however the run ends.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "raw"
KEY = "bench-key"
GOAL_SEARCH_P95_MS = 50.0

QUERIES = (
    "giảm nghèo",
    "giam ngheo",
    "chuyển đổi số",
    "nông thôn mới",
    "Ủy ban nhân dân",
    "UBND tỉnh",
    "kế hoạch thực hiện",
    '"an sinh xã hội"',
    "Sở Nội vụ",
    "hộ nghèo",
    "Mặt trận Tổ quốc",
    "ngân sách",
    "đô thị văn minh",
    "cải cách hành chính",
    "kinh phí",
    "báo cáo kết quả",
    "phòng chống",
    "y tế",
)
PROVINCES = (
    "Hà Nội",
    "Hồ Chí Minh",
    "Lào Cai",
    "Đồng Tháp",
    "Quảng Ninh",
    "Tuyên Quang",
    "Sơn La",
    "Hải Phòng",
)
TOPICS = ("giam-ngheo", "nong-thon-moi", "do-thi-van-minh")
DOC_TYPES = ("plan", "decision", "resolution", "news")
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    samples: list[str] = field(default_factory=list)

    def record(self, op: str, seconds: float, ok: bool, detail: str = "") -> None:
        self.latencies.setdefault(op, []).append(seconds * 1000)
        if not ok:
            self.errors[op] = self.errors.get(op, 0) + 1
            if len(self.samples) < 5:
                self.samples.append(f"{op}: {detail}"[:300])


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def start_server(workdir: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "VANBAN_DB": str(workdir / "bench.db"),
        "VANBAN_API_KEYS": KEY,
        "VANBAN_OCR": "false",
        "VANBAN_STORE": "sqlite",
        "VANBAN_READ_REQUIRES_KEY": "false",
    }
    log = (workdir / "server.log").open("wb")
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "api.serve",  # uvicorn with TCP_NODELAY on every connection, also with --workers
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--timeout-keep-alive",
            "60",  # longer than the client's keep-alive: the server never closes a connection being reused
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


async def wait_ready(client: httpx.AsyncClient, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited with {server.returncode} before answering")
        try:
            if (await client.get("/health")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.2)
    raise RuntimeError("server did not answer /health in time")


def variant(name: str, data: bytes, n: int) -> tuple[str, bytes]:
    """A new document from a text one: same content plus a line, so new bytes and a new id."""
    stem, suffix = os.path.splitext(name)
    line = f"\n\nBản sao số {n} phục vụ kiểm thử tải.\n"
    if suffix in (".html", ".htm"):
        line = f"<p>Bản sao số {n} phục vụ kiểm thử tải.</p>"
    return f"{stem}-copy{n}{suffix}", data + line.encode("utf-8")


async def upload(client: httpx.AsyncClient, name: str, data: bytes) -> httpx.Response:
    return await client.post(
        "/documents", files={"file": (name, data)}, headers={"X-API-Key": KEY}, timeout=120
    )


async def seed(client: httpx.AsyncClient, copies: int) -> list[str]:
    ids = []
    texts = []
    for path in sorted(CORPUS.iterdir()):
        data = path.read_bytes()
        r = await upload(client, path.name, data)
        if r.status_code in (200, 201):
            ids.append(r.json()["id"])
            if path.suffix.lower() in TEXT_SUFFIXES:
                texts.append((path.name, data))
    for n in range(1, copies + 1):
        for name, data in texts:
            r = await upload(client, *variant(name, data, n))
            if r.status_code in (200, 201):
                ids.append(r.json()["id"])
    return ids


def search_params(rng: random.Random) -> dict[str, Any]:
    params: dict[str, Any] = {"q": rng.choice(QUERIES), "limit": 20}
    roll = rng.random()
    if roll < 0.2:
        params["province"] = rng.choice(PROVINCES)
        params["province_scope"] = rng.choice(("written", "current"))
    elif roll < 0.35:
        params["doc_type"] = rng.choice(DOC_TYPES)
    elif roll < 0.45:
        params["year_from"] = 2024
    if rng.random() < 0.2:
        params["facets"] = "true"
    return params


def parse_mix(text: str) -> tuple[float, float]:
    """`search,get,compare` percentages -> the two cumulative cut points."""
    try:
        search, get, compare = (float(x) for x in text.split(","))
    except ValueError as err:
        raise argparse.ArgumentTypeError("--mix takes three numbers: search,get,compare") from err
    total = search + get + compare
    if total <= 0 or min(search, get, compare) < 0:
        raise argparse.ArgumentTypeError("--mix shares must be non-negative and not all zero")
    return search / total, (search + get) / total


async def reader(
    client: httpx.AsyncClient,
    ids: list[str],
    stats: Stats,
    stop: float,
    seed_: int,
    mix: tuple[float, float],
    think: float,
) -> None:
    rng = random.Random(seed_)
    while time.monotonic() < stop:
        if think:  # a pause between requests, drawn around the mean (a person reading results)
            await asyncio.sleep(min(rng.expovariate(1 / think), max(0.0, stop - time.monotonic())))
            if time.monotonic() >= stop:
                break
        roll = rng.random()
        if roll < mix[0]:
            op, url, params = "search", "/search", search_params(rng)
        elif roll < mix[1]:
            op, url, params = "get", f"/documents/{rng.choice(ids)}", {}
        else:
            pair = rng.sample(PROVINCES, 2)
            op, url, params = "compare", "/compare", {"province": pair, "topic": rng.choice(TOPICS)}
        t0 = time.perf_counter()
        try:
            r = await client.get(url, params=params)
            ok = r.status_code == 200
            detail = "" if ok else f"{r.status_code} {r.text[:200]}"
        except httpx.HTTPError as err:
            ok, detail = False, f"{type(err).__name__}: {err}"
        stats.record(op, time.perf_counter() - t0, ok, detail)


async def writer(client: httpx.AsyncClient, stats: Stats, stop: float) -> None:
    sources = [
        (p.name, p.read_bytes()) for p in sorted(CORPUS.iterdir()) if p.suffix.lower() in TEXT_SUFFIXES
    ]
    n = 10_000 + random.randrange(1_000_000)
    while time.monotonic() < stop:
        name, data = sources[n % len(sources)]
        n += 1
        t0 = time.perf_counter()
        try:
            r = await upload(client, *variant(name, data, n))
            ok, detail = r.status_code == 201, f"{r.status_code} {r.text[:200]}"
        except httpx.HTTPError as err:
            ok, detail = False, f"{type(err).__name__}: {err}"
        stats.record("ingest", time.perf_counter() - t0, ok, detail)


def report(
    stats: Stats, seconds: float, docs: int, args: argparse.Namespace, think_ms: float
) -> dict[str, Any]:
    ops = {}
    for op, values in sorted(stats.latencies.items()):
        ops[op] = {
            "requests": len(values),
            "per_s": round(len(values) / seconds, 1),
            "p50_ms": round(percentile(values, 50), 1),
            "p95_ms": round(percentile(values, 95), 1),
            "p99_ms": round(percentile(values, 99), 1),
            "mean_ms": round(statistics.fmean(values), 1),
            "errors": stats.errors.get(op, 0),
        }
    reads = [v for op, vals in stats.latencies.items() if op != "ingest" for v in vals]
    errors = sum(stats.errors.values())
    search_p95 = ops.get("search", {}).get("p95_ms", float("inf"))
    return {
        "model": f"users, think time exponential, mean {think_ms:g} ms" if think_ms else "back to back",
        "seconds": round(seconds, 1),
        "clients": args.clients,
        "workers": args.workers,
        "think_ms": think_ms,
        "cpus": os.cpu_count(),
        "documents_at_start": docs,
        "read_throughput_per_s": round(len(reads) / seconds, 1),
        "read_p50_ms": round(percentile(reads, 50), 1),
        "read_p95_ms": round(percentile(reads, 95), 1),
        "read_p99_ms": round(percentile(reads, 99), 1),
        "errors": errors,
        "operations": ops,
        "error_samples": stats.samples,
        "goal_met": errors == 0 and search_p95 < GOAL_SEARCH_P95_MS,
    }


def print_phase(title: str, r: dict[str, Any]) -> None:
    writer = "1 writer (back to back)" if r["operations"].get("ingest") else "no writer"
    print(
        f"{title}: {r['clients']} readers ({r['model']}) + {writer} for {r['seconds']} s,"
        f" {r['documents_at_start']} -> {r['documents_at_end']} documents,"
        f" {r['workers']} server worker(s), {r['cpus']} CPUs"
    )
    print(
        f"{'operation':<10} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"
    )
    for op, o in r["operations"].items():
        print(
            f"{op:<10} {o['requests']:>9} {o['per_s']:>8} {o['p50_ms']:>8} {o['p95_ms']:>8} {o['p99_ms']:>8} "
            f"{o['errors']:>7}"
        )
    print(
        f"{'reads':<10} {'':>9} {r['read_throughput_per_s']:>8} {r['read_p50_ms']:>8} {r['read_p95_ms']:>8} "
        f"{r['read_p99_ms']:>8} {r['errors']:>7}"
    )
    for sample in r["error_samples"]:
        print(f"  error: {sample}")


def print_report(result: dict[str, Any]) -> None:
    print_phase("users" if result["users"]["think_ms"] else "back to back", result["users"])
    if result["capacity"] is not None:
        print()
        print_phase("capacity (not judged)", result["capacity"])
    for line in result.get("server_log_errors", []):
        print(f"  server log: {line}")
    verdict = "met" if result["goal_met"] else "NOT met"
    print(f"goal (first run: search p95 < {GOAL_SEARCH_P95_MS:g} ms, zero errors): {verdict}")


async def phase(
    base_url: str, ids: list[str], args: argparse.Namespace, seconds: float, think_ms: float, seed_: int
) -> dict[str, Any]:
    """One timed phase: `args.clients` readers (each with its own client) and the writer."""
    stats = Stats()
    async with contextlib.AsyncExitStack() as stack:
        clients = [
            await stack.enter_async_context(httpx.AsyncClient(base_url=base_url, timeout=30))
            for _ in range(args.clients + 1)
        ]
        start = time.monotonic()
        stop = start + seconds
        tasks = [
            reader(clients[i], ids, stats, stop, seed_ + i, args.mix, think_ms / 1000)
            for i in range(args.clients)
        ]
        if not args.no_writer:
            tasks.append(writer(clients[-1], stats, stop))
        docs_before = await documents(clients[-1])
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=seconds + 180)
        result = report(stats, time.monotonic() - start, docs_before, args, think_ms)
        result["documents_at_end"] = await documents(clients[-1])
        return result


async def documents(client: httpx.AsyncClient) -> int:
    """How many documents the server holds now."""
    return int((await client.get("/health")).json()["documents"])


async def run(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = start_server(workdir, port, args.workers)
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
            await wait_ready(client, server)
            ids = await seed(client, args.copies)
        if not ids:
            raise RuntimeError("no document could be seeded")
        users = await phase(base_url, ids, args, args.seconds, args.think_ms, seed_=0)
        capacity = None
        if args.think_ms and args.capacity_seconds > 0:
            capacity = await phase(base_url, ids, args, args.capacity_seconds, 0.0, seed_=10_000)
        return {"users": users, "capacity": capacity, "goal_met": users["goal_met"]}
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=60.0, help="Length of the timed run (default 60).")
    ap.add_argument("--clients", type=int, default=50, help="Concurrent readers (default 50).")
    ap.add_argument("--copies", type=int, default=3, help="Altered copies of each text document to seed.")
    ap.add_argument(
        "--workers",
        type=int,
        default=min(4, os.cpu_count() or 1),
        help="uvicorn worker processes (default: CPUs, at most 4).",
    )
    ap.add_argument(
        "--mix",
        type=parse_mix,
        default=parse_mix("60,25,15"),
        help="Shares of search,get,compare among reads (default 60,25,15).",
    )
    ap.add_argument(
        "--think-ms",
        type=float,
        default=1000.0,
        help="Mean think time of each reader between requests, exponentially distributed (default 1000;"
        " 0: back to back, a stress test).",
    )
    ap.add_argument(
        "--capacity-seconds",
        type=float,
        default=20.0,
        help="Length of the back-to-back capacity phase after the users' run (default 20; 0: none).",
    )
    ap.add_argument("--no-writer", action="store_true", help="Readers only.")
    ap.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    args = ap.parse_args()
    if args.seconds <= 0 or args.seconds > 3600 or args.clients < 1 or args.workers < 1:
        ap.error("--seconds must be in (0, 3600], --clients and --workers at least 1")
    if args.think_ms < 0 or args.capacity_seconds < 0 or args.capacity_seconds > 3600:
        ap.error("--think-ms must be at least 0, --capacity-seconds in [0, 3600]")
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        workdir = Path(tmp)
        try:
            result = asyncio.run(run(args, workdir))
        except RuntimeError as err:
            log = (workdir / "server.log").read_text(encoding="utf-8", errors="replace")[-2000:]
            print(f"bench failed: {err}\n--- server log (tail) ---\n{log}", file=sys.stderr)
            return 2
        log = (workdir / "server.log").read_text(encoding="utf-8", errors="replace")
        result["server_log_errors"] = [
            line for line in log.splitlines() if "ERROR" in line or "Traceback" in line
        ][:10]
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print_report(result)
    return 0 if result["goal_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
