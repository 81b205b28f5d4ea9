"""The ``corroborator case ...`` and ``corroborator watch`` commands (cases: ``cases.py``, docs/cases.md).

Kept out of ``cli.py`` so that module only registers them. Output follows the CLI's rule: what the user
asked for (the brief, the changes) goes to stdout, progress and errors to stderr.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from rich.console import Console

from corroborator.cases import CaseError, CaseStore, Changes, brief, parse_every
from corroborator.embed import ModelError
from corroborator.errors import UsageError
from corroborator.fetch import is_url

err = Console(stderr=True)
case_app = typer.Typer(
    no_args_is_help=True,
    help="Follow a story over time: a case in SQLite that grows as files, URLs and feed items are added.",
)

_DB_HELP = "SQLite file of the cases (the web UI's database; created if missing)."
DbOption = Annotated[Path, typer.Option("--db", help=_DB_HELP)]
DEFAULT_DB = Path("corroborator.db")


def _fail(exc: Exception, code: int = 2) -> typer.Exit:
    err.print(f"[red]error:[/red] {exc}")
    return typer.Exit(code)


def _open(db: Path) -> CaseStore:
    try:
        return CaseStore(db)
    except CaseError as exc:
        raise _fail(exc) from exc


def print_changes(name: str, changes: Changes, quiet_when_empty: bool = False) -> None:
    if changes.nothing and quiet_when_empty:
        return
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    head = f"{stamp} case {name}, run {changes.run}: "
    if changes.nothing:
        typer.echo(head + "nothing new" + (f" ({len(changes.skipped)} skipped)" if changes.skipped else ""))
    else:
        typer.echo(
            head + f"{len(changes.added)} new articles, {len(changes.new_findings)} new findings, "
            f"{changes.aligned} pairs aligned, {changes.seconds:.1f} s"
        )
    for line in changes.lines():
        typer.echo("  " + line)


@case_app.command("new")
def case_new(
    name: Annotated[str, typer.Argument(help="The case's name (letters, digits, '.', '_', '-').")],
    db: DbOption = DEFAULT_DB,
    model: Annotated[
        str | None, typer.Option("--model", help="Sentence model for this case (default all-MiniLM-L6-v2).")
    ] = None,
    settings: Annotated[
        list[str] | None,
        typer.Option("--set", help="STAGE.NAME=VALUE, kept for every update of the case (default: none)."),
    ] = None,
) -> None:
    """Create an empty case."""
    with _open(db) as store:
        try:
            store.create(name, settings or (), model)
        except (CaseError, UsageError) as exc:
            raise _fail(exc) from exc
    err.print(f"case {name} created in {db}; add articles with  corroborator case add {name} FILE|URL|--feed URL")


@case_app.command("add")
def case_add(
    name: Annotated[str, typer.Argument(help="The case.")],
    inputs: Annotated[list[str] | None, typer.Argument(help="Files, folders, globs or article URLs.")] = None,
    feeds: Annotated[
        list[str] | None,
        typer.Option("--feed", help="An RSS or Atom feed: its items are added, and watch polls it (default: none)."),
    ] = None,
    urls_file: Annotated[
        str | None, typer.Option("--urls", help="A text file of article URLs, one per line (default: none).")
    ] = None,
    db: DbOption = DEFAULT_DB,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Print nothing but errors (default: off).")] = False,
) -> None:
    """Add articles to a case and update its stories, claims and findings (only new pairs are aligned)."""
    from corroborator.errors import InputError
    from corroborator.fetch import read_url_file

    items = list(inputs or [])
    try:
        if urls_file:
            items += read_url_file(urls_file)
    except InputError as exc:
        raise _fail(UsageError(f"--urls {exc.source}: {exc.reason}")) from exc
    bad = [f for f in feeds or [] if not is_url(f)]
    if bad:
        raise _fail(UsageError(f"--feed {bad[0]!r} is not an http(s) URL"))
    if not items and not feeds:
        raise _fail(UsageError("nothing to add: give files, URLs, --urls FILE or --feed URL"))
    with _open(db) as store:
        try:
            changes = store.add(name, items, feeds or ())
        except CaseError as exc:
            raise _fail(exc) from exc
        except ModelError as exc:
            raise _fail(exc, 1) from exc
    if not quiet:
        print_changes(name, changes)


@case_app.command("show")
def case_show(
    name: Annotated[str, typer.Argument(help="The case.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Print the case's brief: stories, articles, outlets, independent origins of the top claims, top findings."""
    with _open(db) as store:
        try:
            case = store.get(name)
            report = store.report(case)
            feeds = store.feeds(case)
        except CaseError as exc:
            raise _fail(exc) from exc
    typer.echo(f"case {case.name}: created {case.created}, updated {case.updated or 'never'}, {case.last_run} runs")
    for feed in feeds:
        typer.echo(
            f"  feed {feed['url']} ({feed['items']} items, last polled {feed['last_polled']}: {feed['last_status']})"
        )
    typer.echo(brief(report))


@case_app.command("list")
def case_list(db: DbOption = DEFAULT_DB) -> None:
    """List the cases of the database."""
    with _open(db) as store:
        for case in store.list_cases():
            typer.echo(
                f"{case.name}\t{case.articles} articles\t{len(case.feeds)} feeds\tupdated {case.updated or 'never'}"
            )


@case_app.command("report")
def case_report(
    name: Annotated[str, typer.Argument(help="The case.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Folder for report.json, report.html and report.md.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write the case's full report (the same files as analyze -o)."""
    from corroborator.render import write_reports

    if out.exists() and not out.is_dir():
        raise _fail(UsageError(f"--out {out} exists and is not a folder"))
    with _open(db) as store:
        try:
            report = store.report(store.get(name))
        except CaseError as exc:
            raise _fail(exc) from exc
    if not report.articles:
        raise _fail(CaseError(f"case {name!r} has no article yet; no report written"), 1)
    for path in write_reports(report, out):
        err.print(f"wrote {path}")


class _Stop:
    """Ctrl-C (or SIGTERM) while watching: finish or roll back the update under way, then stop."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        if self.event.is_set():  # a second Ctrl-C: stop now (the transaction rolls back)
            raise KeyboardInterrupt
        self.event.set()
        err.print("stopping after this poll (Ctrl-C again to stop now; the case stays as it was)")


def watch_cli(
    name: Annotated[str, typer.Argument(help="The case whose feeds to poll.")],
    every: Annotated[str, typer.Option("--every", help="Time between polls: 90s, 10m, 2h.")] = "10m",
    once: Annotated[bool, typer.Option("--once", help="Poll once and exit, for cron (default: off).")] = False,
    db: DbOption = DEFAULT_DB,
    quiet: Annotated[
        bool, typer.Option("-q", "--quiet", help="Print only polls that changed something (default: off).")
    ] = False,
) -> None:
    """Poll a case's feeds, add new items, and print what changed (new articles, outlets relaying a claim,
    findings, independent-origin counts). Ctrl-C stops cleanly; an interrupted update is rolled back.
    """
    try:
        interval = parse_every(every)
    except UsageError as exc:
        raise _fail(exc) from exc
    stop = _Stop()
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, stop)
    try:
        with _open(db) as store:
            while True:
                try:
                    changes = store.poll(name)
                except CaseError as exc:
                    raise _fail(exc) from exc
                except ModelError as exc:
                    raise _fail(exc, 1) from exc
                except KeyboardInterrupt:
                    err.print("stopped; the interrupted update was rolled back")
                    sys.exit(130)
                print_changes(name, changes, quiet_when_empty=quiet)
                if once or stop.event.wait(interval):
                    return
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
