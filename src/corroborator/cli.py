"""The ``corroborator`` command: a thin shell over the Python API.

Data goes to files (or stdout with ``--json -``); logs, progress and the
summary go to stderr. Exit codes: 0 done, 1 nothing could be read (or
``--strict`` and something was skipped), 2 bad usage.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from corroborator.dedup.engine import THRESHOLD as DEDUP_THRESHOLD
from corroborator.embed import ModelError, set_threads
from corroborator.errors import UsageError
from corroborator.ingest.records import parse_field_map
from corroborator.options import AnalyzeOptions, IngestOptions, RelateOptions, SourceOptions, parse_overrides
from corroborator.pipeline import analyze, compare
from corroborator.report import Report, package_version, relation_dict, write_text_atomic
from corroborator.types import Skipped

# The collector's young generation: 20,000 new objects between passes instead of 700. With the default, a
# 50-article analysis made ~2,300 small passes and six full ones, re-scanning the parser's and the model's
# long-lived objects: ~1 s of its 9 s; with this, ~190 small passes and one full one (~0.4-0.6 s), the same
# peak memory (docs/benchmarks.md, issue 17). Set by the command line only: a library caller keeps its own.
gc.set_threshold(20_000, 10, 10)

_SET_HELP = (
    "Change any setting: STAGE.NAME=VALUE, e.g. stories.threshold=0.3 or relate.min_cosine=0.5 "
    "(stages: ingest, clean, stories, relate, claims, findings; list them with --set help; default: none)."
)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="How well is this story really corroborated? Reads news articles and reports copies, claims and sources.",
)
err = Console(stderr=True)


def _progress_bar(quiet: bool = False) -> Progress:
    """The progress display every long command shows on stderr (hidden with -q)."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=quiet,
    )


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(
        level=level, format="%(message)s", handlers=[RichHandler(console=err, show_path=False)], force=True
    )


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"corroborator {package_version()}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", is_eager=True, callback=_print_version, show_default=False
        ),
    ] = False,
) -> None:
    """How well is this story really corroborated? Reads news articles and reports copies, claims and sources."""


@app.command("analyze")
def analyze_cli(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(help="Files, folders (recursive), globs, URLs, or - for stdin.", show_default=False),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--out",
            help="Folder for report.json, report.html and report.md (default: corroborator-report/, unless --json "
            "is given).",
            rich_help_panel="Output",
        ),
    ] = None,
    urls_file: Annotated[
        str | None,
        typer.Option(
            "--urls", help="A text file of article URLs, one per line (default: none).", rich_help_panel="Input"
        ),
    ] = None,
    feeds: Annotated[
        list[str] | None,
        typer.Option(
            "--feed", help="An RSS or Atom feed URL: its items are fetched (default: none).", rich_help_panel="Input"
        ),
    ] = None,
    sitemaps: Annotated[
        list[str] | None,
        typer.Option(
            "--sitemap", help="An XML sitemap URL: its pages are fetched (default: none).", rich_help_panel="Input"
        ),
    ] = None,
    json_path: Annotated[
        str | None,
        typer.Option(
            "--json",
            help="Write the JSON report to this FILE (- for stdout); without --out, only that (default: none).",
            rich_help_panel="Output",
        ),
    ] = None,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            help="Also write flat tables into --out: csv (articles.csv, claims.csv, findings.csv, sources.csv) or "
            "jsonl (the same as .jsonl); repeat for both (default: none).",
            rich_help_panel="Output",
        ),
    ] = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="report.md with every finding, copy and claim, not only the brief, top findings and weakest-sourced "
            "claims (default: off).",
            rich_help_panel="Output",
        ),
    ] = False,
    field: Annotated[
        list[str] | None,
        typer.Option(
            "--field",
            help=(
                "Map a record field: ROLE=NAME, e.g. text=body "
                "(roles: text title url published outlet author id language; default: common field names)."
            ),
            rich_help_panel="Input",
        ),
    ] = None,
    max_bytes: Annotated[
        int,
        typer.Option(
            "--max-bytes",
            help="Largest article file read, in bytes (record files and WARCs: 20x).",
            rich_help_panel="Input",
        ),
    ] = 50 * 1024 * 1024,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            help="Sentence model: hub name or local path (default all-MiniLM-L6-v2).",
            rich_help_panel="Models",
        ),
    ] = None,
    no_relate: Annotated[
        bool,
        typer.Option(
            "--no-relate",
            help="Skip stories and relations (no sentence model is loaded) (default: off).",
            rich_help_panel="Models",
        ),
    ] = False,
    threads: Annotated[
        int | None,
        typer.Option(
            "--threads",
            help="Torch threads for the sentence model (default: the usable cores idle when it loads).",
            rich_help_panel="Models",
        ),
    ] = None,
    settings: Annotated[list[str] | None, typer.Option("--set", help=_SET_HELP, rich_help_panel="Settings")] = None,
    parser: Annotated[
        str | None,
        typer.Option(
            "--parser",
            help="spaCy model for sources and speakers (default en_core_web_sm; 'rules' = word patterns, no model).",
            rich_help_panel="Models",
        ),
    ] = None,
    outlets: Annotated[
        str | None,
        typer.Option(
            "--outlets",
            help="CSV of your outlets (columns: name, aliases, domains; lists split by ';') for labels and credits "
            "(default: none).",
            rich_help_panel="Input",
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when any input is skipped (default: off).", show_default=False)
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option("-q", "--quiet", help="No progress or summary, errors only (default: off).", show_default=False),
    ] = False,
    verbose: Annotated[int, typer.Option("-v", "--verbose", count=True, help="More log output (-vv for debug).")] = 0,
) -> None:
    """Read articles, group them into stories, and write the report: each story's brief first (articles,
    independent origins, what is corroborated, disputed, said by one outlet only, who copied whom)."""
    _setup_logging(verbose, quiet)
    set_threads(threads)
    if out is None and json_path is None:
        out = Path("corroborator-report")
    try:
        options = _analyze_options(field, max_bytes, model, not no_relate, settings, parser, outlets)
        if outlets:
            from corroborator.sources import load_outlets

            load_outlets(outlets)  # a bad outlets file is a usage error before any work
        if out is not None and out.exists() and not out.is_dir():
            raise UsageError(f"--out {out} exists and is not a folder")
        from corroborator.export import FORMATS, TABLES

        for fmt in formats or ():
            if fmt not in FORMATS:
                raise UsageError(f"--format must be one of: {', '.join(FORMATS)} (got {fmt!r})")
        if formats and out is None:
            raise UsageError("--format writes its tables into the --out folder: give --out too")
        targets = [out / f"report.{ext}" for ext in ("json", "html", "md")] if out else []
        targets += [out / f"{t}.{fmt}" for t in TABLES for fmt in formats or ()] if out else []
        targets += [Path(json_path)] if json_path and json_path != "-" else []
        inputs = list(inputs or [])
        _refuse_overwriting_inputs(inputs, targets)
        inputs += _remote_inputs(urls_file, feeds or [], sitemaps or [])
        if not inputs:
            raise UsageError("nothing to read: give files, folders, URLs, --urls FILE, --feed URL or --sitemap URL")
    except UsageError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc

    with _progress_bar(quiet) as bar:
        task = bar.add_task("reading", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total)

        try:
            report = analyze(inputs, options, progress=progress)
        except ModelError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from exc

    if not report.articles:
        # A failed run writes nothing: an earlier report in the same place stays as it was.
        if not quiet:
            print_summary(report, [])
        err.print("[red]error:[/red] no article could be read; no report written")
        raise typer.Exit(1)
    from corroborator.render import write_reports

    written = []
    if out is not None:
        written.extend(write_reports(report, out, full=full))
        from corroborator.export import write_exports

        for fmt in dict.fromkeys(formats or ()):
            written.extend(write_exports(report, out, fmt))
    if json_path == "-":
        sys.stdout.write(report.to_json() + "\n")
    elif json_path:
        written.append(report.write_json(json_path))
    if not quiet:
        print_summary(report, written, verbose=verbose > 0)
    if strict and report.skipped:
        raise typer.Exit(1)


@app.command("compare")
def compare_cli(
    a: Annotated[str, typer.Argument(help="First article (a file, or - for stdin).", show_default=False)],
    b: Annotated[str, typer.Argument(help="Second article.", show_default=False)],
    model: Annotated[
        str | None, typer.Option("--model", help="Sentence model: hub name or local path (default all-MiniLM-L6-v2).")
    ] = None,
    json_out: Annotated[
        str | None,
        typer.Option("--json", help="Write the relation as JSON to this FILE (- for stdout) (default: a table)."),
    ] = None,
    field: Annotated[
        list[str] | None,
        typer.Option("--field", help="Map a record field: ROLE=NAME (default: common field names)."),
    ] = None,
    threads: Annotated[
        int | None, typer.Option("--threads", help="Torch threads (default: the usable cores idle when it loads).")
    ] = None,
    settings: Annotated[list[str] | None, typer.Option("--set", help=_SET_HELP)] = None,
) -> None:
    """Show how two articles line up, sentence by sentence, and what the relation is."""
    _setup_logging(0, False)
    set_threads(threads)
    try:
        options = _analyze_options(field, 50 * 1024 * 1024, model, True, settings)
        report, relation = compare(a, b, options)
    except (UsageError, ModelError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2 if isinstance(exc, UsageError) else 1) from exc
    first, second = report.articles
    shown = relation_dict(relation, first, second) if relation else None
    if json_out:
        text = json.dumps(shown, ensure_ascii=False, indent=2) + "\n"
        if json_out == "-":
            sys.stdout.write(text)
        else:
            write_text_atomic(json_out, text)
        return
    print_comparison(report, shown)


def _remote_inputs(urls_file: str | None, feeds: list[str], sitemaps: list[str]) -> list[str]:
    """The article URLs of ``--urls``, ``--feed`` and ``--sitemap`` (feeds and sitemaps are fetched here).

    Raises:
        UsageError: the URL file cannot be read or holds a line that is no URL, or a feed or sitemap
            cannot be read (a feed is the whole input: its failure is no skip to count).
    """
    from corroborator.errors import InputError
    from corroborator.fetch import is_url, read_feed, read_sitemap, read_url_file

    urls: list[str] = []
    try:
        if urls_file:
            urls += read_url_file(urls_file)
    except InputError as exc:
        raise UsageError(f"--urls {exc.source}: {exc.reason}") from exc
    for feed in feeds:
        if not is_url(feed):
            raise UsageError(f"--feed {feed!r} is not an http(s) URL")
        got = read_feed(feed)
        if got.error:
            raise UsageError(f"--feed {feed}: {got.error}")
        err.print(f"feed {feed}: {len(got.items)} items")
        urls += [item.url for item in got.items]
    for sitemap in sitemaps:
        if not is_url(sitemap):
            raise UsageError(f"--sitemap {sitemap!r} is not an http(s) URL")
        found, bad = read_sitemap(sitemap)
        if bad and not found:
            raise UsageError(f"--sitemap {sitemap}: {bad[0].reason}")
        urls += found
    return urls


def _analyze_options(
    field: list[str] | None,
    max_bytes: int,
    model: str | None,
    relate: bool,
    settings: list[str] | None,
    parser: str | None = None,
    outlets: str | None = None,
) -> AnalyzeOptions:
    """The options of the flags, then every ``--set`` on top (``--set help`` lists them).

    Raises:
        UsageError: a bad flag or setting.
    """
    if settings and any(s.strip() == "help" for s in settings):
        listing = "\n".join(f"  {k} = {v!r}" for k, v in AnalyzeOptions().settings().items())
        raise UsageError("settings --set can change (with their defaults):\n" + listing)
    options = AnalyzeOptions(
        ingest=IngestOptions(field_map=parse_field_map(field), max_bytes=max_bytes),
        relate=RelateOptions(enabled=relate),
        sources=SourceOptions(parser=parser, outlets=outlets),
        model=model,
    )
    return options.with_overrides(parse_overrides(settings))


_LABEL_STYLE = {
    "verbatim": "bold red",
    "near_verbatim": "red",
    "paraphrase": "magenta",
    "same_fact": "cyan",
    "shared_quote": "yellow",
}


def print_comparison(report: Report, relation: dict[str, Any] | None) -> None:
    out = Console()
    first, second = report.articles
    for tag, art in (("A", first), ("B", second)):
        out.print(
            f"[bold]{tag}[/bold] {art.meta.outlet or '-'} | {art.meta.published or 'no date'} | "
            f"{art.meta.title or art.source}"
        )
    if relation is None:
        out.print("\n[bold]no relation[/bold]: the two articles share no passages and do not report the same story")
        return
    original = {first.id: "A", second.id: "B"}.get(relation["original"] or "")
    ev = relation["evidence"]
    out.print(f"\n[bold]{relation['kind']}[/bold] (score {relation['score']:.2f}): {ev['decided_by']}")
    if original:
        out.print(f"original: [bold]{original}[/bold] (confidence {relation['confidence']:.2f})")
    elif ev.get("common_original"):
        out.print(f"original: neither; both derive from article {ev['common_original']}")
    else:
        out.print("original: undecided")
    for reason in ev["direction"]["reasons"]:
        out.print(f"  - {reason}")
    for problem in ev["direction"]["contradictions"]:
        out.print(f"  [red]! {problem}[/red]")
    cov = ev["coverage"]
    out.print(
        "coverage A: "
        + ", ".join(f"{k} {v:.0%}" for k, v in cov["a"].items())
        + " | B: "
        + ", ".join(f"{k} {v:.0%}" for k, v in cov["b"].items())
        + f" | order kept {ev['order_preserved']:.0%}"
    )
    table = Table(show_header=True, header_style="bold", expand=True, show_lines=True)
    table.add_column("label", no_wrap=True)
    table.add_column("A", ratio=1)
    table.add_column("B", ratio=1)
    for p in ev["passages"]:
        style = _LABEL_STYLE.get(p["label"], "")
        table.add_row(
            f"[{style}]{p['label']}[/{style}]\n{p['cosine']:.2f}",
            f"{p['a']['text']}\n[dim]@{p['a']['start']}-{p['a']['end']}[/dim]",
            f"{p['b']['text']}\n[dim]@{p['b']['start']}-{p['b']['end']}[/dim]",
        )
    out.print(table)


@app.command("dedup")
def dedup_cli(
    inputs: Annotated[list[str], typer.Argument(help="JSONL / Parquet files, folders or globs.", show_default=False)],
    out: Annotated[
        Path, typer.Option("-o", "--out", help="Output folder (articles, pairs, summary.json; work/ for resuming).")
    ],
    fmt: Annotated[str, typer.Option("--format", help="parquet or jsonl.")] = "parquet",
    keep: Annotated[
        str | None,
        typer.Option(
            "--keep",
            help="Also write the corpus: 'representative' (deduplicated) or 'all' (with clusters) (default: neither).",
        ),
    ] = None,
    threshold: Annotated[
        float,
        typer.Option("--threshold", help="Verified Jaccard of word-bigram shingles for a near-duplicate."),
    ] = DEDUP_THRESHOLD,
    memory_limit: Annotated[
        int,
        typer.Option(
            "--memory-limit", help="Memory budget in MB; sets the chunk size (2.5 records per MB, 1,000 to 20,000)."
        ),
    ] = 2000,
    field: Annotated[
        list[str] | None,
        typer.Option("--field", help="Map a record field: ROLE=NAME, e.g. text=body (default: common field names)."),
    ] = None,
    engine: Annotated[str, typer.Option("--engine", help="local (default) or ray.")] = "local",
    paraphrase: Annotated[
        bool,
        typer.Option(
            "--paraphrase",
            help="Also join clusters whose representatives are verified rewrites (embeddings; slow) (default: off).",
        ),
    ] = False,
    address: Annotated[
        str | None,
        typer.Option(
            "--address", help="With --engine ray: an existing cluster, e.g. ray://head:10001 (default: a local one)."
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Start over when the output folder holds work from other inputs or options (default: off: exit 2).",
        ),
    ] = False,
    threads: Annotated[
        int | None,
        typer.Option(
            "--threads", help="Signing processes, and torch threads for --paraphrase (default: the idle usable cores)."
        ),
    ] = None,
) -> None:
    """Cluster exact and near-duplicate articles across a corpus, with bounded memory."""
    from corroborator.dedup import DedupOptions, dedup

    _setup_logging(0, False)
    try:
        if memory_limit < 1:
            raise UsageError(f"--memory-limit is in MB and must be at least 1, not {memory_limit}")
        # Signing a chunk peaks at ~75 kB per record (measured, 2.2 kB articles), two chunks signed at once on 2
        # workers: 2.5 records per MB keeps signing near 40% of the budget, the rest for queued chunks and tables.
        set_threads(threads)
        options = DedupOptions(
            threshold=threshold, chunk_size=min(20_000, max(1_000, int(memory_limit * 2.5))), workers=threads or 0
        )
        with _progress_bar() as bar:
            task = bar.add_task("reading", total=None)
            summary = dedup(
                inputs,
                out,
                options,
                fmt=fmt,
                keep=keep,
                field_map=parse_field_map(field),
                engine=engine,
                address=address,
                paraphrase=paraphrase,
                force=force,
                progress=lambda stage, done, total: bar.update(task, description=stage, completed=done, total=total),
            )
    except UsageError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    err.print(
        f"{summary['records']} records, {summary['distinct_texts']} distinct texts, "
        f"{summary['clusters_with_copies']} clusters with copies, {summary['duplicates_removed']} duplicates "
        f"removed, {summary['verified_pairs']} verified near-duplicate pairs "
        f"({summary['candidate_pairs']} candidates) in {summary['seconds']} s "
        f"({', '.join(f'{k} {v} s' for k, v in summary.get('stage_seconds', {}).items())}); wrote {out}"
    )
    if not summary["records"]:
        raise typer.Exit(1)


@app.command("serve")
def serve_cli(
    db: Annotated[Path, typer.Option("--db", help="SQLite file that keeps the analyses (created if missing).")] = Path(
        "corroborator.db"
    ),
    host: Annotated[
        str, typer.Option("--host", help="Address to bind; the default serves this machine only.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on (0: any free port).")] = 8000,
    root: Annotated[Path, typer.Option("--root", help="Folders named in the form must be inside this one.")] = Path(
        "."
    ),
    max_upload_mb: Annotated[int, typer.Option("--max-upload-mb", help="Largest upload accepted, in MB.")] = 20,
    model: Annotated[
        str | None, typer.Option("--model", help="Sentence model: hub name or local path (default all-MiniLM-L6-v2).")
    ] = None,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            help="Another name browsers use to reach the server (Host header); localhost is always (default: none).",
        ),
    ] = None,
    threads: Annotated[
        int | None, typer.Option("--threads", help="Torch threads (default: the usable cores idle when it loads).")
    ] = None,
) -> None:
    """Run the web UI: paste or upload articles, watch the analysis, browse reports (this machine only, unless
    --host says otherwise)."""
    from corroborator.web import serve
    from corroborator.web.store import StoreError

    _setup_logging(1, False)
    set_threads(threads)
    try:
        server = serve(
            db,
            host,
            port,
            root,
            max_upload_mb * 1024 * 1024,
            AnalyzeOptions(model=model),
            allowed_hosts=tuple(allow_host or ()),
        )
    except StoreError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    err.print(f"corroborator web UI on http://{host}:{server.server_address[1]}/ (database {db}); Ctrl+C stops it")
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print("[yellow]warning:[/yellow] serving beyond this machine; anyone who can reach it can run analyses")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@app.command("eval")
def eval_cli(
    task: Annotated[
        str,
        typer.Argument(
            help="stories, paraphrase, similarity, attribution, speakers, scope, quantities, reuse, corroboration, "
            "claims, alteredquotes, or all."
        ),
    ],
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            help="A file or folder in the task's format (default: the task's dataset under "
            "$CORROBORATOR_DATASETS, else ../shared/datasets beside a source checkout).",
        ),
    ] = None,
    split: Annotated[
        str | None,
        typer.Option(
            "--split", help="Split name where the data has several (PolNeAR: train, dev, test; default: the task's)."
        ),
    ] = None,
    json_out: Annotated[
        str | None,
        typer.Option("--json", help="Write the results as JSON to this FILE (- for stdout) (default: none)."),
    ] = None,
    sample_size: Annotated[
        int | None,
        typer.Option(
            "--sample", help="Evaluate a seeded sample of this many examples (topics, for stories) (default: all)."
        ),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the sample.")] = 0,
    overrides: Annotated[
        list[str] | None,
        typer.Option("--set", help=_SET_HELP + " Evaluator settings: paraphrase.threshold."),
    ] = None,
    write_doc: Annotated[
        Path | None, typer.Option("--write-doc", help="With 'all': write the quality page here (default: none).")
    ] = None,
) -> None:
    """Score a capability on labelled data and print a table."""
    import time as _time

    from corroborator.eval import TASKS, EvalOptions, run
    from corroborator.eval.quality_doc import render

    _setup_logging(0, False)
    try:
        options = EvalOptions(sample=sample_size, seed=seed, overrides=parse_overrides(overrides))
        if data:
            targets = [Path(json_out)] if json_out and json_out != "-" else []
            _refuse_overwriting_inputs([data], targets + ([write_doc] if write_doc else []), every_file=True)
        names = sorted(TASKS) if task == "all" else [task]
        started = _time.perf_counter()
        results = []
        for name in names:
            err.print(f"evaluating {name} ...")
            results.append(run(name, data if task != "all" else None, split, options))
    except UsageError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    table = Table(title="corroborator eval", show_header=True, header_style="bold")
    for col in ("task", "examples", "primary metric", "value", "seconds"):
        table.add_column(col)
    for r in results:
        table.add_row(
            r.task,
            str(r.examples),
            r.primary_metric + (" (higher is better)" if r.greater_is_better else " (lower is better)"),
            f"{r.primary:.4f}",
            f"{r.seconds:.1f}",
        )
    (err if json_out == "-" else Console()).print(table)  # stdout holds only the JSON then
    if json_out == "-":
        sys.stdout.write(json.dumps([r.to_dict() for r in results], indent=2) + "\n")
    elif json_out:
        write_text_atomic(json_out, json.dumps([r.to_dict() for r in results], indent=2))
    if write_doc:
        write_text_atomic(write_doc, render(results, _time.perf_counter() - started) + "\n")
        err.print(f"wrote {write_doc}")


@app.command("gate")
def gate_cli(
    fast: Annotated[
        bool, typer.Option("--fast", help="The sampled subset CI runs (a few minutes) (default: off: the full data).")
    ] = False,
    floors_path: Annotated[
        Path | None,
        typer.Option(
            "--floors",
            help="Floors file (default: quality/floors.json of the source checkout; the gate is a developer check).",
        ),
    ] = None,
    overrides: Annotated[
        list[str] | None,
        typer.Option("--set", help="Change a setting, e.g. stories.threshold=0.99 (to see a failure) (default: none)."),
    ] = None,
    update_floors: Annotated[
        bool,
        typer.Option("--update", help="Move the floors to the measured values (raising is normal) (default: off)."),
    ] = False,
    allow_regression: Annotated[
        bool, typer.Option("--allow-regression", help="With --update: allow lowering a floor (default: off).")
    ] = False,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why a floor is lowered (kept in the floors file) (default: none).")
    ] = None,
) -> None:
    """Fail (exit 1) when a primary quality metric drops below its pinned floor."""
    from corroborator.eval.gate import DEFAULT_FLOORS, check, load_floors, measure, update

    _setup_logging(0, False)
    path = floors_path or DEFAULT_FLOORS
    try:
        floors = load_floors(path)
        results = measure(floors, fast, parse_overrides(overrides))
        checks = check(floors, results, fast)
        if update_floors:
            for change in update(path, floors, results, fast, allow_regression, reason):
                err.print(f"floor: {change}")
    except UsageError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    table = Table(title=f"quality gate ({'fast' if fast else 'full'})", show_header=True, header_style="bold")
    for col in ("task", "metric", "value", "floor", ""):
        table.add_column(col)
    for c in checks:
        table.add_row(
            c.task,
            c.metric,
            f"{c.value:.4f}",
            f"{c.floor:.4f}",
            "[green]ok[/green]" if c.ok else "[red]BELOW FLOOR[/red]",
        )
    Console().print(table)
    if not update_floors and not all(c.ok for c in checks):
        raise typer.Exit(1)


def _input_files(inputs: list[str], every_file: bool = False) -> dict[tuple[int, int], str]:
    """The files a run reads, by (device, inode).

    Folders and globs are expanded the way ingest expands them (``every_file``: all files under a
    folder, for ``eval --data``), so a file reached through a folder, a glob, a symlink or a hard
    link is still recognised.
    """
    from corroborator.ingest import expand_inputs

    files: dict[tuple[int, int], str] = {}
    for item in inputs:
        if item == "-":
            continue
        names: list[str | Skipped] = (
            [os.path.join(root, n) for root, _dirs, found in os.walk(item) for n in found]
            if every_file and os.path.isdir(item)
            else list(expand_inputs([item]))
        )
        for name in names:
            if isinstance(name, str) and name != "-":
                with contextlib.suppress(OSError):
                    info = os.stat(name)
                    files.setdefault((info.st_dev, info.st_ino), name)
    return files


def _refuse_overwriting_inputs(inputs: list[str], targets: list[Path], every_file: bool = False) -> None:
    """Refuse (UsageError, exit 2) to write any output over a file the run reads.

    Each target is resolved (real path, device and inode), so ``..``, symlinks and hard links
    cannot hide an input. corroborator's own earlier reports are not inputs (folders skip them),
    so a rerun into the same folder replaces them.

    Raises:
        UsageError: a target is an input file or a folder; the message names both paths.
    """
    files = _input_files(inputs, every_file)
    for target in targets:
        if target.is_dir():
            raise UsageError(f"refusing to write {target}: it is a folder")
        try:
            info = target.stat()
        except OSError:
            continue  # does not exist yet: it cannot be an input
        same = files.get((info.st_dev, info.st_ino))
        if same is not None:
            raise UsageError(f"refusing to write {target}: it is the input file {same} (or a link to it)")


def print_summary(report: Report, written: list[Path], verbose: bool = False, stories: int = 3) -> None:
    """The batch in one line, then the brief of the most important stories (the answer first), the top
    findings and the weakest-sourced claims; the per-article table only with ``-v`` or when there are no stories."""
    from rich.markup import escape

    from corroborator.brief import batch_summary, brief_lines, plural, story_briefs

    if verbose or not report.stories:  # without stories (--no-relate) the articles are all there is to show
        table = Table(title="corroborator", show_header=True, header_style="bold", expand=True)
        table.add_column("article", no_wrap=True, ratio=3)
        table.add_column("outlet", no_wrap=True, ratio=2)
        table.add_column("date", no_wrap=True, min_width=10)
        for col in ("quotes", "credits", "cuts"):
            table.add_column(col, justify="right", no_wrap=True, min_width=len(col))
        for art in report.articles[:50]:
            label = art.meta.title or Path(art.source).name
            table.add_row(
                label,
                art.label,  # the batch label: the outlet from metadata, a URL host or a byline, else the file name
                (art.meta.published or "-")[:10],
                str(len(art.quotes)),
                str(len(art.attributions)),
                str(len(art.removed)),
            )
        err.print(table)
        if len(report.articles) > 50:
            err.print(f"... and {plural(len(report.articles) - 50, 'more article')}")
    merged = sum(len(a.seen_as) for a in report.articles)
    reuse = sum(r.kind != "same_story" for r in report.relations)
    err.print(
        f"[bold]{escape(batch_summary(report).line())}[/bold]; {plural(merged, 'duplicate input')} merged, "
        f"{plural(reuse, 'copy/reuse relation')}"
    )
    briefs = story_briefs(report)
    for brief in briefs[:stories]:
        err.print(f"\n[bold underline]{escape(brief.title)}[/bold underline]")
        for line in brief_lines(brief, escape, limit=2):
            err.print(("  " + line) if line.startswith("- ") else f"[bold]{line}[/bold]", highlight=False)
    if len(briefs) > stories:
        err.print(f"\n... and {plural(len(briefs) - stories, 'more story')} (report.html / report.md)")
    err.print("")
    _print_findings_and_claims(report)
    for skip in report.skipped[:20]:
        err.print(f"  [yellow]skipped[/yellow] {escape(skip.source)}: {escape(skip.reason)}")
    if len(report.skipped) > 20:
        err.print(f'  ... and {len(report.skipped) - 20} more (see the report\'s "skipped" list)')
    for path in written:
        err.print(f"wrote {path}")


def _print_findings_and_claims(report: Report, top: int = 8) -> None:
    """The top findings, and the claims carried by most articles on the fewest independent origins."""
    from corroborator.brief import plural

    if report.findings:
        table = Table(title="top findings", show_header=True, header_style="bold", expand=True)
        table.add_column("conf", justify="right", no_wrap=True)
        table.add_column("kind", no_wrap=True)
        table.add_column("summary", ratio=1)
        for f in report.findings[:top]:
            table.add_row(f"{f.confidence:.2f}", f.kind, f.summary)
        err.print(table)
        if len(report.findings) > top:
            err.print(f"... and {plural(len(report.findings) - top, 'more finding')} in the report")
    shared = [c for c in report.claims if len(c.articles) >= 2]
    shared.sort(key=lambda c: (c.independent_sources / len(c.articles), -len(c.articles)))
    if shared:
        table = Table(
            title="weakest-sourced claims (many articles, few independent origins)",
            show_header=True,
            header_style="bold",
            expand=True,
        )
        table.add_column("articles", justify="right", no_wrap=True)
        table.add_column("origins", justify="right", no_wrap=True)
        table.add_column("claim", ratio=2)
        table.add_column("origins are", ratio=1)
        for c in shared[:top]:
            table.add_row(
                str(len(c.articles)),
                str(c.independent_sources),
                c.text,
                "; ".join(o.name for o in c.origins),
            )
        err.print(table)


def _register_cases() -> None:
    """``case ...`` and ``watch`` live in case_cli.py (cases: docs/cases.md)."""
    from corroborator.case_cli import case_app, watch_cli

    app.add_typer(case_app, name="case")
    app.command("watch")(watch_cli)


_register_cases()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
