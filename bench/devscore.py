"""Score the extractors on the development gold in ../shared/eval (a developer's loop).

    python -m bench.devscore                 # all kinds, summary
    python -m bench.devscore --kinds figures  # only these extractors run; others empty
    python -m bench.devscore --per-doc --dump out.jsonl
    python -m bench.devscore --text FILE      # print a file's normalized text

Runs the full pipeline (read -> normalize -> extract) through `vanban extract`'s code.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
KINDS = ("agencies", "duties", "deadlines", "figures", "references")


def gold_sources() -> list[Path]:
    out = []
    for g in sorted((SHARED / "eval" / "gold").glob("*.json")):
        source = json.loads(g.read_text(encoding="utf-8"))["source"]
        for sub in ("seeds", "raw"):
            p = SHARED / "corpus" / sub / source
            if p.exists():
                out.append(p)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--per-doc", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--dump", help="also write the predictions here")
    ap.add_argument("--text", help="print this file's normalized text and exit")
    args = ap.parse_args()
    from pipeline.extract import extract_document
    from pipeline.run import load_document
    from pipeline.settings import Settings

    settings = Settings()
    if args.text:
        print(load_document(Path(args.text), settings).text)
        return 0
    kinds = tuple(k for k in args.kinds.split(",") if k)
    rows = []
    for path in gold_sources():
        doc = load_document(path, settings)
        record = extract_document(doc, kinds=kinds)
        rows.append(json.dumps(record, ensure_ascii=False))
    out = Path(args.dump) if args.dump else Path(tempfile.mkstemp(suffix=".jsonl")[1])
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    cmd = [
        sys.executable,
        str(SHARED / "eval" / "score.py"),
        "--gold",
        str(SHARED / "eval" / "gold"),
        "--pred",
        str(out),
    ]
    if args.per_doc:
        cmd.append("--per-doc")
    if args.json:
        cmd.append("--json")
    return subprocess.call(cmd)


if __name__ == "__main__":
    raise SystemExit(main())
