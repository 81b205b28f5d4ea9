"""The ``corroborator`` command: a thin shell over the Python API.

Data goes to files (or stdout with ``--json -``); logs, progress and the
summary go to stderr. Exit codes: 0 done, 1 nothing could be read (or
``--strict`` and something was skipped), 2 bad usage.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from corroborator import __version__
from corroborator.errors import UsageError
from corroborator.ingest.records import parse_field_map
from corroborator.pipeline import AnalyzeOptions, analyze
from corroborator.report import Report

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="How well is this story really corroborated? Reads news articles and reports copies, claims and sources.",
)
err = Console(stderr=True)


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(level=level, format="%(message)s", handlers=[RichHandler(console=err, show_path=False)], force=True)


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        typer.echo(f"corroborator {__version__}")
        raise typer.Exit()


@app.command("analyze")
def analyze_cli(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (recursive), globs, or - for stdin.", show_default=False)],
    out: Annotated[Optional[Path], typer.Option("-o", "--out", help="Folder for report.json (and later report.html / report.md).", rich_help_panel="Output")] = None,
    json_path: Annotated[Optional[str], typer.Option("--json", help="Write only the JSON report to this file (- for stdout).", rich_help_panel="Output")] = None,
    field: Annotated[Optional[list[str]], typer.Option("--field", help="Map a record field: ROLE=NAME, e.g. text=body (roles: text title url published outlet author id language).", rich_help_panel="Input")] = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="Largest article file read, in bytes (record files and WARCs: 20x).", rich_help_panel="Input")] = 50 * 1024 * 1024,
    strict: Annotated[bool, typer.Option("--strict", help="Exit non-zero when any input is skipped.")] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No summary, errors only.")] = False,
    verbose: Annotated[int, typer.Option("-v", "--verbose", count=True, help="More log output (-vv for debug).")] = 0,
) -> None:
    """Read articles, clean and segment them, and write the report.

    DOCS: docs/report-schema.md
    """
    _setup_logging(verbose, quiet)
    if out is None and json_path is None:
        out = Path("corroborator-report")
    try:
        options = AnalyzeOptions(field_map=parse_field_map(field), max_bytes=max_bytes)
        _refuse_overwriting_inputs(inputs, out, json_path)
    except UsageError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=quiet) as bar:
        task = bar.add_task("reading", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total)

        report = analyze(inputs, options, progress=progress)

    written = []
    if out is not None:
        written.append(report.write_json(out / "report.json"))
    if json_path == "-":
        sys.stdout.write(report.to_json() + "\n")
    elif json_path:
        written.append(report.write_json(json_path))
    if not quiet:
        print_summary(report, written)
    if not report.articles:
        err.print("[red]error:[/red] no article could be read")
        raise typer.Exit(1)
    if strict and report.skipped:
        raise typer.Exit(1)


def _refuse_overwriting_inputs(inputs: list[str], out: Path | None, json_path: str | None) -> None:
    given = {Path(i).resolve() for i in inputs if i != "-" and Path(i).is_file()}
    targets = ([out / "report.json"] if out else []) + ([Path(json_path)] if json_path and json_path != "-" else [])
    for target in targets:
        if target.resolve() in given:
            raise UsageError(f"refusing to write the report over an input file: {target}")
    if out is not None and out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} exists and is not a folder")


def print_summary(report: Report, written: list[Path]) -> None:
    table = Table(title="corroborator", show_header=True, header_style="bold", expand=True)
    table.add_column("article", no_wrap=True, ratio=3)
    table.add_column("outlet", no_wrap=True, ratio=2)
    table.add_column("date", no_wrap=True, min_width=10)
    for col in ("quotes", "credits", "cuts"):
        table.add_column(col, justify="right", no_wrap=True, min_width=len(col))
    for art in report.articles[:50]:
        label = art.meta.title or Path(art.source).name
        table.add_row(label, art.meta.outlet or "-", (art.meta.published or "-")[:10], str(len(art.quotes)),
                      str(len(art.attributions)), str(len(art.removed)))
    err.print(table)
    if len(report.articles) > 50:
        err.print(f"... and {len(report.articles) - 50} more articles")
    merged = sum(len(a.seen_as) for a in report.articles)
    err.print(f"{len(report.articles)} articles read ({merged} duplicate inputs merged), {len(report.skipped)} skipped")
    for skip in report.skipped[:20]:
        err.print(f"  [yellow]skipped[/yellow] {skip.source}: {skip.reason}")
    if len(report.skipped) > 20:
        err.print(f"  ... and {len(report.skipped) - 20} more (see the report's \"skipped\" list)")
    for path in written:
        err.print(f"wrote {path}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
