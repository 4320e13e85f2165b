"""Extractor scaling: time on an input and on the same input ten times longer.

    python -m bench.scaling [--size 100000] [--runs 5]

Each extractor and the legacy-encoding decoder run over dense, realistic
Vietnamese administrative text of `size` characters and of `10 * size`
characters (the best of `runs` runs each). Linear work gives a ratio near 10;
a regular expression that backtracks catastrophically, or a quadratic loop,
gives 100 or more. The command prints ms per 100 kchars for every extractor
and exits 1 when a ratio is above the limit (--limit, default 30), so a
regression shows up here rather than as a flaky timed unit test.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from extractors.agencies import find_agencies
from extractors.deadlines import find_deadlines
from extractors.duties import find_duties
from extractors.figures import find_figures
from extractors.metadata import find_metadata
from extractors.places import find_places
from extractors.references import find_references
from pipeline.ingest.encoding import decode, to_legacy

PARAGRAPH = (
    "Căn cứ Nghị định số 272/2025/NĐ-CP ngày 16 tháng 10 năm 2025 của Chính phủ; "
    "UBND tỉnh Lào Cai phối hợp với huyện Tiên Lãng, thành phố Hải Phòng và TP.HCM. "
    "Sở Tài chính có trách nhiệm chủ trì, phối hợp với các sở, ban, ngành triển khai thực hiện "
    "Kế hoạch số 104/KH-UBND; định kỳ 6 tháng báo cáo kết quả về Sở Nội vụ trước ngày 15/6 "
    "và 15/12 hằng năm. Phấn đấu đến năm 2030 tỷ lệ hộ nghèo giảm còn 1,5%, 100% xã đạt "
    "chuẩn nông thôn mới; tổng kinh phí 12.500 triệu đồng.\n\n"
)


def _text(size: int) -> str:
    return (PARAGRAPH * (size // len(PARAGRAPH) + 1))[:size]


def _decode(text: str) -> object:
    return decode(to_legacy(text, "vni").encode("cp1252"), "bench.txt")


CASES: dict[str, Callable[[str], object]] = {
    "places": find_places,
    "agencies": find_agencies,
    "deadlines": find_deadlines,
    "figures": find_figures,
    "references": find_references,
    "metadata": find_metadata,
    "duties": lambda text: find_duties(text, agencies=[], deadlines=[]),
    "decode (VNI)": _decode,
}


def _best(fn: Callable[[str], object], text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=100_000, help="characters in the small input")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--limit", type=float, default=30.0, help="largest acceptable ratio for 10x the input")
    args = ap.parse_args()
    small, large = _text(args.size), _text(args.size * 10)
    worst = 0.0
    print(f"{'extractor':<14} {'ms/100k':>9} {'ms (x10)':>10} {'ratio':>7}")
    for name, fn in CASES.items():
        fn(small)  # compile patterns, load gazetteers
        t_small = _best(fn, small, args.runs)
        t_large = _best(fn, large, max(1, args.runs // 2))
        ratio = t_large / t_small if t_small else 0.0
        worst = max(worst, ratio)
        print(f"{name:<14} {t_small * 1e3 * 100_000 / args.size:>9.1f} {t_large * 1e3:>10.1f} {ratio:>7.1f}")
    verdict = "ok" if worst <= args.limit else "SUPERLINEAR"
    print(f"worst ratio {worst:.1f} for 10x the input (linear = 10, limit {args.limit:g}): {verdict}")
    return 0 if worst <= args.limit else 1


if __name__ == "__main__":
    sys.exit(main())
