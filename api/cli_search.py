"""The search commands of the `vanban` CLI: search, duties, figures, deadlines, compare.

`api/cli.py` adds them with `register(app)`. Each command parses its options into the
dataclasses of `index/query.py`, calls the store, and prints a table or, with `--json`, JSON.
"""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from api.cli_console import err, out, settings_or_exit
from pipeline.errors import PipelineError

Provinces = Annotated[
    list[str] | None, typer.Option("--province", "-p", help="Province (repeat for several).")
]
Current = Annotated[
    bool,
    typer.Option(
        "--current/--as-written", help="Match provinces as today (after the 2025 merger) or as written."
    ),
]
Topic = Annotated[
    list[str] | None, typer.Option("--topic", "-t", help="Topic name or slug (see `vanban compare --help`).")
]
Limit = Annotated[int, typer.Option(help="How many results.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _fail(e: Exception) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(str(e))}", soft_wrap=True, highlight=False)
    return typer.Exit(1)


def _date(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise _fail(ValueError(f"{option}: expected a date as YYYY-MM-DD, got {value!r}")) from e


def _split(values: list[str] | None) -> tuple[str, ...]:
    """Repeated options, each possibly comma-separated ("Hà Nội,Lào Cai")."""
    return tuple(v.strip() for item in values or [] for v in item.split(",") if v.strip())


def _write_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


def _run(call: Any) -> Any:
    from index import open_store

    store = open_store(settings_or_exit())
    try:
        return call(store)
    except (PipelineError, ValueError) as e:
        raise _fail(e) from e
    finally:
        store.close()


def search(
    query: Annotated[
        str, typer.Argument(help='Words or "quoted phrases"; accents optional (giam ngheo).')
    ] = "",
    province: Provinces = None,
    current: Current = False,
    doc_type: Annotated[
        list[str] | None, typer.Option("--type", help="Document type (plan, decision, news …).")
    ] = None,
    year_from: Annotated[
        int | None, typer.Option("--from-year", help="Issued in or after this year.")
    ] = None,
    year_to: Annotated[int | None, typer.Option("--to-year", help="Issued in or before this year.")] = None,
    issuer: Annotated[str | None, typer.Option(help="Issuing body (words of its name).")] = None,
    agency_kind: Annotated[
        list[str] | None, typer.Option("--agency-kind", help="Has an agency of this kind.")
    ] = None,
    role: Annotated[
        list[str] | None, typer.Option(help="Has a duty with this role (lead, support, direct, request).")
    ] = None,
    figure_kind: Annotated[
        list[str] | None, typer.Option("--figure-kind", help="Has a figure of this kind.")
    ] = None,
    topic: Topic = None,
    sort: Annotated[str, typer.Option(help="relevance, date (newest first) or date_asc.")] = "relevance",
    limit: Limit = 20,
    offset: Annotated[int, typer.Option(help="Skip this many results.")] = 0,
    facets: Annotated[bool, typer.Option("--facets", help="Also print facet counts.")] = False,
    as_json: AsJson = False,
) -> None:
    """Search documents: BM25 (title boosted), accent-insensitive, exact accents first, with filters."""
    from index.query import ProvinceScope, SearchQuery, Sort

    try:
        order = Sort(sort)
    except ValueError as e:
        raise _fail(ValueError(f"--sort: expected relevance, date or date_asc, got {sort!r}")) from e
    q = SearchQuery(
        text=query,
        provinces=_split(province),
        province_scope=ProvinceScope.CURRENT if current else ProvinceScope.WRITTEN,
        doc_types=_split(doc_type),
        year_from=year_from,
        year_to=year_to,
        issuer=issuer,
        agency_kinds=_split(agency_kind),
        roles=_split(role),
        figure_kinds=_split(figure_kind),
        topics=_split(topic),
        sort=order,
        limit=limit,
        offset=offset,
        facets=facets,
    )
    result = _run(lambda store: store.search(q))
    if as_json:
        _write_json(asdict(result))
        return
    more = "+" if result.total_is_lower_bound else ""
    err.print(f"{result.total}{more} documents, {result.took_ms:.1f} ms")
    for i, h in enumerate(result.hits, offset + 1):
        head = " · ".join(x for x in (h.issued_date, h.doc_type, ", ".join(h.provinces), h.number) if x)
        out.print(
            f"[bold]{i}. {escape(h.title or h.source)}[/bold]  [dim]{escape(head)}  {h.doc_id[:12]}[/dim]",
            highlight=False,
        )
        if h.snippet:
            snippet = Text("   " + h.snippet.replace("\n", " "))
            for start, end in h.highlights:
                snippet.stylize("bold yellow", start + 3, end + 3)
            out.print(snippet, highlight=False)
    if result.facets is not None:
        _print_facets(asdict(result.facets))


def _print_facets(facets: dict[str, Any]) -> None:
    for name, counts in facets.items():
        if isinstance(counts, dict) and counts:
            shown = ", ".join(f"{k} {v}" for k, v in list(counts.items())[:12])
            out.print(f"[dim]{name}:[/dim] {escape(shown)}", highlight=False)


def _record_table(title: str, hits: Any, columns: list[tuple[str, Any]]) -> None:
    table = Table(title=title, show_lines=False)
    for name, _get in columns:
        table.add_column(name, overflow="fold")
    for h in hits:
        table.add_row(*(escape(str(get(h) or "")) for _name, get in columns))
    out.print(table)


def _records(kind: str, q: Any, as_json: bool, columns: list[tuple[str, Any]]) -> None:
    result = _run(lambda store: store.records(kind, q))
    if as_json:
        _write_json(asdict(result))
        return
    more = "+" if result.total_is_lower_bound else ""
    _record_table(f"{result.total}{more} {kind}", result.hits, columns)


def duties(
    query: Annotated[str, typer.Argument(help="Words of the duty (accents optional).")] = "",
    agency: Annotated[
        str | None, typer.Option(help="Acting agency, by name (sở tài chính, UBND tỉnh).")
    ] = None,
    agency_kind: Annotated[
        list[str] | None, typer.Option("--agency-kind", help="Actor kind (department, people_committee …).")
    ] = None,
    role: Annotated[list[str] | None, typer.Option(help="lead, support, direct or request.")] = None,
    province: Provinces = None,
    current: Current = False,
    due_after: Annotated[str | None, typer.Option("--due-after", help="Due on or after YYYY-MM-DD.")] = None,
    due_before: Annotated[
        str | None, typer.Option("--due-before", help="Due on or before YYYY-MM-DD.")
    ] = None,
    topic: Topic = None,
    doc: Annotated[str | None, typer.Option(help="Only this document (id or 6+ character prefix).")] = None,
    limit: Limit = 50,
    as_json: AsJson = False,
) -> None:
    """List duties (who must do what) by agency, role, province, deadline and topic."""
    from index.query import ProvinceScope, RecordQuery

    q = RecordQuery(
        text=query,
        agency=agency,
        agency_kinds=_split(agency_kind),
        roles=_split(role),
        provinces=_split(province),
        province_scope=ProvinceScope.CURRENT if current else ProvinceScope.WRITTEN,
        due_after=_date(due_after, "--due-after"),
        due_before=_date(due_before, "--due-before"),
        topics=_split(topic),
        doc_id=doc,
        limit=limit,
    )
    _records(
        "duties",
        q,
        as_json,
        [
            ("actor", lambda h: h.data.get("actor")),
            ("role", lambda h: h.role),
            ("duty", lambda h: h.text),
            ("due", lambda h: h.due_end or h.due_start or h.data.get("deadline")),
            ("province", lambda h: h.province),
            ("document", lambda h: h.doc_id[:10]),
        ],
    )


def figures(
    query: Annotated[str, typer.Argument(help="Words of the figure (accents optional).")] = "",
    subject: Annotated[str | None, typer.Option(help="What is measured (tỷ lệ hộ nghèo).")] = None,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="target, achieved or other.")] = None,
    province: Provinces = None,
    current: Current = False,
    topic: Topic = None,
    doc: Annotated[str | None, typer.Option(help="Only this document (id or 6+ character prefix).")] = None,
    limit: Limit = 50,
    as_json: AsJson = False,
) -> None:
    """List figures (targets and results) by subject, kind, province and topic."""
    from index.query import ProvinceScope, RecordQuery

    q = RecordQuery(
        text=query,
        subject=subject,
        figure_kinds=_split(kind),
        provinces=_split(province),
        province_scope=ProvinceScope.CURRENT if current else ProvinceScope.WRITTEN,
        topics=_split(topic),
        doc_id=doc,
        limit=limit,
    )
    _records(
        "figures",
        q,
        as_json,
        [
            ("figure", lambda h: h.text),
            ("value", lambda h: h.value),
            ("unit", lambda h: h.data.get("unit")),
            ("kind", lambda h: h.figure_kind),
            ("subject", lambda h: h.data.get("subject")),
            ("by", lambda h: h.data.get("deadline")),
            ("province", lambda h: h.province),
            ("document", lambda h: h.doc_id[:10]),
        ],
    )


def deadlines(
    query: Annotated[str, typer.Argument(help="Words of the deadline (accents optional).")] = "",
    due_after: Annotated[str | None, typer.Option("--from", help="Falling on or after YYYY-MM-DD.")] = None,
    due_before: Annotated[str | None, typer.Option("--to", help="Falling on or before YYYY-MM-DD.")] = None,
    province: Provinces = None,
    current: Current = False,
    topic: Topic = None,
    doc: Annotated[str | None, typer.Option(help="Only this document (id or 6+ character prefix).")] = None,
    limit: Limit = 50,
    as_json: AsJson = False,
) -> None:
    """List deadlines falling in a window (the end of a period, else its start)."""
    from index.query import ProvinceScope, RecordQuery

    q = RecordQuery(
        text=query,
        due_after=_date(due_after, "--from"),
        due_before=_date(due_before, "--to"),
        provinces=_split(province),
        province_scope=ProvinceScope.CURRENT if current else ProvinceScope.WRITTEN,
        topics=_split(topic),
        doc_id=doc,
        limit=limit,
    )
    _records(
        "deadlines",
        q,
        as_json,
        [
            ("deadline", lambda h: h.text),
            ("kind", lambda h: h.data.get("kind")),
            ("start", lambda h: h.due_start),
            ("end", lambda h: h.due_end),
            ("province", lambda h: h.province),
            ("document", lambda h: h.doc_title),
        ],
    )


def _topics_help() -> str:
    from index.topics import taxonomy

    return "Topic: " + "; ".join(t.name for t in taxonomy()) + "."


def compare(
    provinces: Annotated[
        str, typer.Option("--provinces", help='Comma-separated provinces: "Hà Nội,Lào Cai".')
    ],
    topic: Annotated[
        str | None, typer.Option("--topic", "-t", help="Topic (giảm nghèo, nông thôn mới, …).")
    ] = None,
    current: Annotated[
        bool,
        typer.Option(
            "--current/--as-written",
            help="Provinces as today (Lào Cai includes the former Yên Bái) or as written.",
        ),
    ] = True,
    max_records: Annotated[int, typer.Option(help="Newest records of each kind read per province.")] = 300,
    threshold: Annotated[float, typer.Option(help="Cosine similarity at which duties share a row.")] = 0.35,
    as_json: AsJson = False,
    as_csv: Annotated[
        bool, typer.Option("--csv", help="Print CSV (section, group, row, province, text, detail).")
    ] = False,
) -> None:
    """Compare provinces side by side: duties by agency kind and role, aligned by similarity; target
    figures per subject; deadlines."""
    from index.compare import compare as run_compare
    from index.query import ProvinceScope

    names = [p for p in provinces.split(",") if p.strip()]
    scope = ProvinceScope.CURRENT if current else ProvinceScope.WRITTEN
    result = _run(
        lambda store: run_compare(
            store, names, topic=topic, scope=scope, max_records=max_records, threshold=threshold
        )
    )
    if as_json:
        _write_json(result.to_dict())
        return
    if as_csv:
        _write_csv(result)
        return
    _print_comparison(result)


def _cell(items: Any, show: Any) -> str:
    if not items:
        return "—"
    first = str(show(items[0]))
    return first + (f"  (+{len(items) - 1})" if len(items) > 1 else "")


def _print_comparison(c: Any) -> None:
    title = ", ".join(f"{p} ({c.documents.get(p, 0)} docs)" for p in c.provinces)
    out.print(
        f"[bold]{escape(title)}[/bold]" + (f" — topic: {escape(c.topic)}" if c.topic else ""), highlight=False
    )
    table = Table(title="Duties (similar duties share a row)", show_lines=True)
    table.add_column("agency kind / role")
    for p in c.provinces:
        table.add_column(p, overflow="fold")
    for row in c.duties:
        table.add_row(
            escape(row.group), *(escape(_cell(row.cells[p], lambda it: _duty_text(it))) for p in c.provinces)
        )
    out.print(table)
    figures = Table(title="Target figures per subject", show_lines=True)
    figures.add_column("subject")
    for p in c.provinces:
        figures.add_column(p, overflow="fold")
    for row in c.figures:
        figures.add_row(escape(row.group), *(escape(_cell(row.cells[p], _figure_text)) for p in c.provinces))
    out.print(figures)
    dl = Table(title="Deadlines (soonest first)", show_lines=True)
    for p in c.provinces:
        dl.add_column(p, overflow="fold")
    depth = max((len(v) for v in c.deadlines.values()), default=0)
    for i in range(min(depth, 30)):
        dl.add_row(
            *(
                escape(_deadline_text(c.deadlines[p][i])) if i < len(c.deadlines[p]) else ""
                for p in c.provinces
            )
        )
    out.print(dl)


def _duty_text(it: Any) -> str:
    actor = f"{it.actor}: " if it.actor else ""
    due = f" [{it.deadline}]" if it.deadline else ""
    return f"{actor}{it.text[:160]}{due}"


def _figure_text(it: Any) -> str:
    value = f"{it.value:g}" if isinstance(it.value, float) else str(it.value)
    by = f" ({it.deadline})" if it.deadline else ""
    return f"{it.text} = {value} {it.unit or ''}{by}".strip()


def _deadline_text(it: Any) -> str:
    return f"{it.text}" + (f" → {it.due}" if it.due else "")


def _write_csv(c: Any) -> None:
    w = csv.writer(sys.stdout)
    w.writerow(["section", "group", "row", "province", "text", "detail", "doc_id"])
    for n, row in enumerate(c.duties, 1):
        for p in c.provinces:
            for it in row.cells[p]:
                w.writerow(["duties", row.group, n, p, it.text, it.actor or "", it.doc_id])
    for n, row in enumerate(c.figures, 1):
        for p in c.provinces:
            for it in row.cells[p]:
                w.writerow(
                    ["figures", row.group, n, p, it.text, f"{it.value} {it.unit or ''}".strip(), it.doc_id]
                )
    for p in c.provinces:
        for n, it in enumerate(c.deadlines[p], 1):
            w.writerow(["deadlines", it.kind or "", n, p, it.text, it.due or "", it.doc_id])


def register(app: typer.Typer) -> None:
    """Add search, duties, figures, deadlines and compare to `app`."""
    app.command()(search)
    app.command()(duties)
    app.command()(figures)
    app.command()(deadlines)
    app.command(epilog=_topics_help())(compare)
