"""What every `vanban` command shares: the two consoles, the settings check, the progress bar."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pipeline.errors import PipelineError
from pipeline.settings import Settings

err = Console(stderr=True)  # progress, messages, summaries
out = Console()  # results


def settings_or_exit() -> Settings:
    """The settings from the environment, or exit 2 saying what is wrong with them."""
    try:
        return Settings()
    except (PipelineError, ValueError) as e:
        err.print(f"[red]error:[/red] {escape(str(e))}", soft_wrap=True, highlight=False)
        raise typer.Exit(2) from e


def progress_bar(quiet: bool) -> Progress:
    """A bar on stderr (description, bar, done/total, time) that goes away when done."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=True,
    )
