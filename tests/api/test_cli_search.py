"""The search commands (`api/cli_search.py`): search, duties, figures, deadlines, compare."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from api.cli_search import register
from index.sqlite import SqliteStore
from tests.index.test_search import corpus_docs

COMMANDS = ("search", "duties", "figures", "deadlines", "compare")


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    a = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    register(a)
    return a


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "cli.db"
    store = SqliteStore(path)
    store.add_many(list(corpus_docs()))
    store.close()
    return path


@pytest.fixture
def run(app: typer.Typer, db: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("VANBAN_DB", str(db))
    monkeypatch.delenv("VANBAN_STORE", raising=False)
    runner = CliRunner()

    def invoke(*args: str) -> object:
        return runner.invoke(app, list(args), catch_exceptions=False)

    return invoke


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_search_every_command_has_help(run, command: str) -> None:  # type: ignore[no-untyped-def]
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "--json" in result.output


def test_cli_search_prints_hits_with_snippets(run) -> None:  # type: ignore[no-untyped-def]
    result = run("search", "giam ngheo", "--limit", "3")
    assert result.exit_code == 0
    assert "Chung sức giảm nghèo bền vững ở Hà Nội" in result.output
    assert "giảm nghèo" in result.output


def test_cli_search_json_with_filters_and_facets(run) -> None:  # type: ignore[no-untyped-def]
    result = run("search", "giảm nghèo", "-p", "Lào Cai", "--current", "--facets", "--json", "--sort", "date")
    data = json.loads(result.output)
    assert {h["source"] for h in data["hits"]} >= {"yenbai-kh-2024.txt", "001_fabd5913caa4cee8.txt"}
    assert data["facets"]["current_provinces"] == {"Lào Cai": data["total"]}
    assert all(h["highlights"] for h in data["hits"] if h["snippet"])


@pytest.mark.parametrize("query", ['"unbalanced', "AND OR NOT", "'; DROP TABLE documents; --", "x" * 10_000])
def test_cli_search_hostile_queries(run, query: str) -> None:  # type: ignore[no-untyped-def]
    result = run("search", query, "--json")
    assert result.exit_code == 0
    assert isinstance(json.loads(result.output)["hits"], list)


def test_cli_search_bad_options_fail_clearly(run) -> None:  # type: ignore[no-untyped-def]
    bad_sort = run("search", "x", "--sort", "random")
    assert bad_sort.exit_code == 1 and "--sort" in bad_sort.output
    bad_topic = run("search", "--topic", "bóng đá")
    assert bad_topic.exit_code == 1 and "unknown topic" in bad_topic.output
    bad_date = run("duties", "--due-before", "31/12/2025")
    assert bad_date.exit_code == 1 and "YYYY-MM-DD" in bad_date.output


def test_cli_duties_by_agency_and_due_date(run) -> None:  # type: ignore[no-untyped-def]
    result = run("duties", "--agency", "Sở Lao động", "--due-before", "2025-12-31", "--json")
    data = json.loads(result.output)
    assert data["hits"] and all(h["due_end"] <= "2025-12-31" for h in data["hits"])
    assert "rà soát hộ nghèo" in data["hits"][0]["text"]
    table = run("duties", "--agency-kind", "fatherland_front", "-p", "Yên Bái")
    assert table.exit_code == 0 and "giám sát" in table.output


def test_cli_figures_and_deadlines(run) -> None:  # type: ignore[no-untyped-def]
    figures = json.loads(run("figures", "--kind", "target", "--subject", "hộ nghèo", "--json").output)
    assert figures["hits"] and all(h["figure_kind"] == "target" for h in figures["hits"])
    deadlines = json.loads(run("deadlines", "--from", "2024-01-01", "--to", "2024-12-31", "--json").output)
    assert deadlines["hits"] and all("2024" in (h["due_end"] or h["due_start"]) for h in deadlines["hits"])


def test_cli_compare_table_json_csv(run) -> None:  # type: ignore[no-untyped-def]
    table = run("compare", "--provinces", "Hà Nội,Lào Cai", "--topic", "giảm nghèo")
    assert table.exit_code == 0
    assert "Hà Nội" in table.output and "Lào Cai" in table.output and "Target figures" in table.output
    data = json.loads(
        run("compare", "--provinces", "Hà Nội,Lào Cai", "--topic", "giảm nghèo", "--json").output
    )
    assert data["provinces"] == ["Hà Nội", "Lào Cai"] and data["topic"] == "giảm nghèo"
    assert data["duties"]
    rows = list(csv.reader(io.StringIO(run("compare", "--provinces", "Hà Nội,Lào Cai", "--csv").output)))
    assert rows[0] == ["section", "group", "row", "province", "text", "detail", "doc_id"]
    assert {r[0] for r in rows[1:]} <= {"duties", "figures", "deadlines"} and len(rows) > 1


def test_cli_compare_unknown_topic(run) -> None:  # type: ignore[no-untyped-def]
    result = run("compare", "--provinces", "Hà Nội", "--topic", "bóng đá")
    assert result.exit_code == 1 and "known topics" in result.output
