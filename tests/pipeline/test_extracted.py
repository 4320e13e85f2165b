"""Extracted documents as JSON lines: what `vanban extract --jsonl --text` prints comes back whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extracted import BadLine, from_json, read_jsonl, to_json
from pipeline.run import ProcessedDocument, process_bytes
from pipeline.settings import Settings

PLAN = (
    "ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 215/KH-UBND\nLào Cai, ngày 12 tháng 3 năm 2025\n\nKẾ HOẠCH\n"
    "Thực hiện giảm nghèo bền vững năm 2025\n\n"
    "Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Sở Tài chính rà soát hộ nghèo, "
    "hoàn thành trước ngày 30/6/2025.\n"
    "Phấn đấu giảm tỷ lệ hộ nghèo đa chiều 3% trong năm 2025.\n"
)


@pytest.fixture(scope="module")
def plan() -> ProcessedDocument:
    return process_bytes(PLAN.encode("utf-8"), "lao-cai-kh-215.txt", Settings())


def test_a_document_comes_back_from_its_json_line(plan: ProcessedDocument) -> None:
    line = json.dumps(to_json(plan, with_text=True), ensure_ascii=False)
    back = from_json(json.loads(line))
    assert back.document == plan.document
    assert back.record == plan.record
    assert any("Sở Nông nghiệp" in (d.get("actor") or "") for d in back.record["duties"])


def test_without_text_the_line_is_the_schema_record(plan: ProcessedDocument) -> None:
    record = to_json(plan)
    assert "text" not in record and "path" not in record
    assert record["number"] == "215/KH-UBND"
    with pytest.raises(ValueError, match="no 'text'"):
        from_json(record)


def test_missing_provenance_gets_defaults() -> None:
    text = "UBND tỉnh Lào Cai giao Sở Tài chính bố trí kinh phí thực hiện kế hoạch."
    doc = from_json(
        {"source": "bai-viet.txt", "text": text, "duties": [{"actor": "Sở Tài chính", "start": 0}]}
    )
    assert doc.document.source.path == "bai-viet.txt"
    assert doc.document.source.size == len(text.encode())
    assert len(doc.document.id) == 64 and doc.record["id"] == doc.document.id
    assert doc.record["agencies"] == [] and len(doc.record["duties"]) == 1


@pytest.mark.parametrize(
    ("obj", "problem"),
    [
        (["Sở Tài chính"], "not a JSON object"),
        ({"text": "   "}, "no 'text'"),
        ({"text": "Sở Tài chính", "id": "abc"}, "'id'"),
        ({"text": "Sở Tài chính", "duties": {"actor": "Sở Tài chính"}}, "'duties' is not a list"),
        ({"text": "Sở Tài chính", "duties": [{"start": "đầu"}]}, r"duties\[0\].start is not an offset"),
        ({"text": "Sở Tài chính", "figures": [{"evidence": 3}]}, r"figures\[0\].evidence is not text"),
        ({"text": "Sở Tài chính", "title": {"vi": "Kế hoạch"}}, "'title' is not text"),
        ({"text": "Sở Tài chính", "provinces": "Lào Cai"}, "'provinces' is not a list"),
        ({"text": "Sở Tài chính", "format": "xlsx"}, "unknown 'format'"),
        ({"text": "Sở Tài chính", "page_starts": [0, 999]}, "'page_starts'"),
    ],
)
def test_bad_objects_say_what_is_wrong(obj: object, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        from_json(obj)


def test_read_jsonl_names_each_bad_line(tmp_path: Path, plan: ProcessedDocument) -> None:
    good = json.dumps(to_json(plan, with_text=True), ensure_ascii=False).encode()
    path = tmp_path / "records.jsonl"
    path.write_bytes(
        good + b"\n\n{not json\n" + b'{"text": "Huy\xe1\xbb"}\n' + b'{"source": "x.txt"}\n' + good + b"\n"
    )
    items = list(read_jsonl(path))
    assert [type(i).__name__ for i in items] == [
        "ProcessedDocument",
        "BadLine",
        "BadLine",
        "BadLine",
        "ProcessedDocument",
    ]
    bad = [i for i in items if isinstance(i, BadLine)]
    assert [b.line for b in bad] == [3, 4, 5]  # blank line 2 skipped, numbers as in the file
    assert str(bad[0]).startswith(f"{path}:3: not JSON")
    assert "not UTF-8" in str(bad[1]) and "no 'text'" in str(bad[2])
