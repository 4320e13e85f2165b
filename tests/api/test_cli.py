"""The vanban command line, run in-process with typer's CliRunner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from index.sqlite import SqliteStore
from tests.conftest import CORPUS

runner = CliRunner()


def _commands() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", _commands())
def test_cli_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output
    # the first line of the command's docstring is its help
    assert len(result.output.strip().splitlines()) > 3


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(CORPUS / "000_48debb8e1f5a0538.txt", folder)
    shutil.copy(CORPUS / "news-vntc-sonla-didan.txt", folder / "sub")
    return folder


def test_cli_ingest_folder_then_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANBAN_DB", str(tmp_path / "v.db"))
    folder = _folder(tmp_path)
    first = runner.invoke(app, ["ingest", str(folder), "--quiet"])
    assert first.exit_code == 0, first.output
    assert "2 documents in the store" in first.output
    again = runner.invoke(app, ["ingest", str(folder), "--quiet"])
    assert again.exit_code == 0
    assert "unchanged" in again.output and "2 documents in the store" in again.output


def test_cli_ingest_keeps_going_past_bad_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANBAN_DB", str(tmp_path / "v.db"))
    folder = _folder(tmp_path)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    result = runner.invoke(app, ["ingest", str(folder), "--quiet"])
    assert result.exit_code == 1
    assert "empty.txt: empty file" in result.output
    assert "broken.pdf" in result.output
    assert "2 documents in the store" in result.output
    assert "Traceback" not in result.output


def test_cli_ingest_in_worker_processes_stores_what_one_process_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path)
    shutil.copy(CORPUS / "hanoi-kh-308-2025.md", folder)
    (folder / "empty.txt").write_bytes(b"")
    results = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("VANBAN_DB", str(tmp_path / f"jobs{jobs}.db"))
        result = runner.invoke(app, ["ingest", str(folder), "--quiet", "--jobs", jobs])
        assert result.exit_code == 1  # the empty file
        assert "empty.txt: empty file" in result.output and "3 documents in the store" in result.output
        assert "Traceback" not in result.output
        store = SqliteStore(tmp_path / f"jobs{jobs}.db")
        results[jobs] = [(d.id, d.path, d.counts) for d in store.list()]
        store.close()
    assert results["2"] == results["1"]


def test_cli_extract_prints_schema_objects(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(CORPUS / "hanoi-kh-308-2025.md"), "--jsonl"])
    assert result.exit_code == 0, result.output
    lines = [ln for ln in result.output.splitlines() if ln.startswith("{")]
    assert len(lines) == 1
    record = json.loads(lines[0])
    for key in (
        "source",
        "doc_type",
        "title",
        "number",
        "issued_date",
        "provinces",
        "agencies",
        "duties",
        "deadlines",
        "figures",
        "references",
    ):
        assert key in record
    assert record["source"] == "hanoi-kh-308-2025.md"
    assert record["number"] == "308/KH-UBND"
    assert record["issued_date"] == "2025-11-17"


def test_cli_show_and_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANBAN_DB", str(tmp_path / "v.db"))
    runner.invoke(app, ["ingest", str(CORPUS / "hanoi-kh-308-2025.md"), "--quiet"])
    listed = runner.invoke(app, ["list", "--json"])
    row = json.loads(listed.output.splitlines()[0])
    assert row["number"] == "308/KH-UBND"
    shown = runner.invoke(app, ["show", row["id"][:12], "--json"])
    assert shown.exit_code == 0
    assert json.loads(shown.output)["id"] == row["id"]
    missing = runner.invoke(app, ["show", "ffffffffffff"])
    assert missing.exit_code == 1
    assert "no document" in missing.output


def test_cli_bad_settings_fail_at_startup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANBAN_STORE", "elasticsearch")
    monkeypatch.delenv("VANBAN_ES_URL", raising=False)
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 2
    assert "VANBAN_ES_URL" in result.output


def test_cli_load_builds_an_index_from_extracted_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [str(CORPUS / "hanoi-kh-308-2025.md"), str(CORPUS / "000_48debb8e1f5a0538.txt")]
    extracted = runner.invoke(app, ["extract", *files, "--jsonl", "--text"])
    assert extracted.exit_code == 0, extracted.output
    lines = [ln for ln in extracted.output.splitlines() if ln.startswith("{")]
    records = tmp_path / "records.jsonl"
    records.write_text("\n".join([*lines, '{"title": "Kế hoạch không có văn bản"}']) + "\n", encoding="utf-8")

    monkeypatch.setenv("VANBAN_DB", str(tmp_path / "loaded.db"))
    loaded = runner.invoke(app, ["load", str(records), "--quiet"])
    assert loaded.exit_code == 1  # the bad line; the others are stored
    assert "records.jsonl:3: no 'text'" in loaded.output
    assert "2 documents stored" in loaded.output and "(a new index)" in loaded.output
    monkeypatch.setenv("VANBAN_DB", str(tmp_path / "ingested.db"))
    assert runner.invoke(app, ["ingest", *files, "--quiet"]).exit_code == 0

    got = {}
    for name in ("loaded", "ingested"):
        store = SqliteStore(tmp_path / f"{name}.db")
        got[name] = [store.get(d.id) for d in store.list()]
        for doc in got[name]:
            doc.pop("ingested_at")
        store.close()
    assert got["loaded"] == got["ingested"]  # same records, text and provenance as ingesting the files

    monkeypatch.setenv("VANBAN_DB", str(tmp_path / "loaded.db"))
    again = runner.invoke(app, ["load", str(records), "--quiet"])  # an existing index: added to, in batches
    assert "0 documents stored" in again.output and "2 already stored" in again.output
    missing = runner.invoke(app, ["load", str(tmp_path / "none.jsonl")])
    assert missing.exit_code == 2 and "none.jsonl: cannot read" in missing.output


def test_cli_load_reads_standard_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extracted = runner.invoke(app, ["extract", str(CORPUS / "hanoi-kh-308-2025.md"), "--jsonl", "--text"])
    line = next(ln for ln in extracted.output.splitlines() if ln.startswith("{"))
    monkeypatch.setenv("VANBAN_DB", str(tmp_path / "v.db"))
    loaded = runner.invoke(app, ["load", "-", "--quiet"], input=line + "\n\n" + line + "\n")
    assert loaded.exit_code == 0, loaded.output
    assert "1 document stored" in loaded.output and "1 already stored or repeated" in loaded.output
    store = SqliteStore(tmp_path / "v.db")
    assert [d.number for d in store.list()] == ["308/KH-UBND"]
    twice = runner.invoke(app, ["load", "-", "-"], input=line)
    assert twice.exit_code == 2 and "standard input (-) can be read once" in twice.output
