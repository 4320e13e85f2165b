"""Extraction speed against underthesea word segmentation, on the same text, in one run.

    python -m bench.extract [--corpus ../shared/corpus/raw] [--repeat 1]

Documents are read one at a time (streamed): reading and normalizing is timed
apart, then extraction and `underthesea.word_tokenize` each run over the same
normalized text. Prints docs/s, kchars/s, peak memory (max RSS) and the ratio
of extraction speed to word-segmentation speed (goal: >= 0.5, peak < 1 GB).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.extract import extract_document
from pipeline.ingest.read import EXTENSIONS
from pipeline.run import load_document
from pipeline.settings import Settings

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "raw"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=1, help="passes over the corpus (memory must stay flat)")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"{args.corpus}: not found; pass --corpus", file=sys.stderr)
        return 2
    from underthesea import word_tokenize

    word_tokenize("Khởi động mô hình tách từ.")  # load the model outside the timings
    extract_document(load_document(next(iter(sorted(args.corpus.glob("*.md")))), Settings()))
    settings = Settings(ocr=False)  # OCR time is reading, not extraction
    files = sorted(f for f in args.corpus.iterdir() if f.suffix.lower() in EXTENSIONS)
    t_read = t_extract = t_segment = 0.0
    chars = docs = skipped = 0
    rss_after_first = 0.0
    for n in range(args.repeat):
        for path in files:
            t0 = time.perf_counter()
            try:
                doc = load_document(path, settings)
            except PipelineError:
                skipped += 1
                continue
            t1 = time.perf_counter()
            extract_document(doc)
            t2 = time.perf_counter()
            word_tokenize(doc.text)
            t3 = time.perf_counter()
            t_read += t1 - t0
            t_extract += t2 - t1
            t_segment += t3 - t2
            chars += len(doc.text)
            docs += 1
        if n == 0:
            rss_after_first = _rss_mb()
    kc = chars / 1000
    print(
        f"corpus            {args.corpus} ({len(files)} files x {args.repeat}, {skipped} skipped: scans need OCR)"
    )
    print(f"documents         {docs}, {kc:,.0f} kchars")
    print(f"read+normalize    {t_read:7.2f} s  {docs / t_read:8.1f} docs/s  {kc / t_read:8.1f} kchars/s")
    print(
        f"extract           {t_extract:7.2f} s  {docs / t_extract:8.1f} docs/s  {kc / t_extract:8.1f} kchars/s"
    )
    print(
        f"word_tokenize     {t_segment:7.2f} s  {docs / t_segment:8.1f} docs/s  {kc / t_segment:8.1f} kchars/s"
    )
    print(
        f"speed ratio       {t_segment / t_extract:7.2f}x  (extraction speed / word-segmentation speed; goal >= 0.5)"
    )
    print(
        f"peak memory       {_rss_mb():7.0f} MB max RSS (after first pass {rss_after_first:.0f} MB; goal < 1024)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
