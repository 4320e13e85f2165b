"""Quality gate: extraction scored on the development gold must stay above pinned floors.

The floors live in tests/quality_floors.json; raise them as extraction improves.
Skips (with the reason) when ../shared/eval is not checked out beside the repo.
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pipeline.extract import extract_document
from pipeline.run import load_document
from pipeline.settings import Settings
from tests.conftest import SHARED

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text(encoding="utf-8"))
EVAL = SHARED / "eval"


@cache
def _summary() -> dict[str, Any]:
    spec = importlib.util.spec_from_file_location("vanban_score", EVAL / "score.py")
    assert spec and spec.loader
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    settings = Settings()
    tally = score.Tally()
    for gold_file in sorted((EVAL / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        source = next(
            p for sub in ("seeds", "raw") if (p := SHARED / "corpus" / sub / gold["source"]).exists()
        )
        pred = json.loads(json.dumps(extract_document(load_document(source, settings))))
        tally.score_doc(pred, gold)
    return dict(tally.summary())


def _skip_without_gold() -> None:
    if not (EVAL / "gold").is_dir():
        pytest.skip(f"{EVAL} is absent: the development gold is not checked out beside this repo")


@pytest.mark.parametrize(("kind", "floor"), sorted(FLOORS["f1"].items()))
def test_quality_f1_above_floor(kind: str, floor: float) -> None:
    _skip_without_gold()
    assert _summary()[kind]["f1"] >= floor, f"{kind} F1 {_summary()[kind]['f1']} fell below {floor}"


@pytest.mark.parametrize(("attribute", "floor"), sorted(FLOORS["attributes"].items()))
def test_quality_attribute_accuracy_above_floor(attribute: str, floor: float) -> None:
    _skip_without_gold()
    assert _summary()["attributes"].get(attribute, 0.0) >= floor


@pytest.mark.parametrize(("field", "floor"), sorted(FLOORS["document"].items()))
def test_quality_document_fields_above_floor(field: str, floor: float) -> None:
    _skip_without_gold()
    assert _summary()["document"][field] >= floor
