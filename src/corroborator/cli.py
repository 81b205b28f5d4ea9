"""The ``corroborator`` command: a thin shell over the Python API.

Data goes to files (or stdout with ``--json -``); logs, progress and the
summary go to stderr. Exit codes: 0 done, 1 nothing could be read (or
``--strict`` and something was skipped), 2 bad usage.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from corroborator import __version__
from corroborator.embed import ModelError
from corroborator.errors import UsageError
from corroborator.ingest.records import parse_field_map
from corroborator.pipeline import AnalyzeOptions, analyze, compare
from corroborator.report import Report

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="How well is this story really corroborated? Reads news articles and reports copies, claims and sources.",
)
err = Console(stderr=True)


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(
        level=level, format="%(message)s", handlers=[RichHandler(console=err, show_path=False)], force=True
    )


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        typer.echo(f"corroborator {__version__}")
        raise typer.Exit()


@app.command("analyze")
def analyze_cli(
    inputs: Annotated[
        list[str], typer.Argument(help="Files, folders (recursive), globs, or - for stdin.", show_default=False)
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "-o", "--out", help="Folder for report.json, report.html and report.md.", rich_help_panel="Output"
        ),
    ] = None,
    json_path: Annotated[
        str | None,
        typer.Option(
            "--json", help="Write only the JSON report to this file (- for stdout).", rich_help_panel="Output"
        ),
    ] = None,
    field: Annotated[
        list[str] | None,
        typer.Option(
            "--field",
            help="Map a record field: ROLE=NAME, e.g. text=body (roles: text title url published outlet author id language).",
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
            "--no-relate", help="Skip stories and relations (no sentence model is loaded).", rich_help_panel="Models"
        ),
    ] = False,
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
            help="CSV of your outlets (columns: name, aliases, domains; lists split by ';') for labels and credits.",
            rich_help_panel="Input",
        ),
    ] = None,
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
        options = AnalyzeOptions(
            field_map=parse_field_map(field),
            max_bytes=max_bytes,
            model=model,
            relate=not no_relate,
            parser=parser,
            outlets=outlets,
        )
        if outlets:
            from corroborator.sources import load_outlets

            load_outlets(outlets)  # a bad outlets file is a usage error before any work
        _refuse_overwriting_inputs(inputs, out, json_path)
    except UsageError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=quiet,
    ) as bar:
        task = bar.add_task("reading", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total)

        try:
            report = analyze(inputs, options, progress=progress)
        except ModelError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from exc

    written = []
    if out is not None:
        written.extend(report.write_all(out))
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


@app.command("compare")
def compare_cli(
    a: Annotated[str, typer.Argument(help="First article (a file, or - for stdin).", show_default=False)],
    b: Annotated[str, typer.Argument(help="Second article.", show_default=False)],
    model: Annotated[str | None, typer.Option("--model", help="Sentence model: hub name or local path.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the relation as JSON instead of a table.")] = False,
    field: Annotated[list[str] | None, typer.Option("--field", help="Map a record field: ROLE=NAME.")] = None,
) -> None:
    """Show how two articles line up, sentence by sentence, and what the relation is.

    DOCS: docs/relations.md
    """
    _setup_logging(0, False)
    try:
        report, relation = compare(a, b, AnalyzeOptions(model=model, field_map=parse_field_map(field)))
    except (UsageError, ModelError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2 if isinstance(exc, UsageError) else 1) from exc
    if json_out:
        sys.stdout.write(json.dumps(relation, ensure_ascii=False, indent=2) + "\n")
        return
    print_comparison(report, relation)


_LABEL_STYLE = {
    "verbatim": "bold red",
    "near_verbatim": "red",
    "paraphrase": "magenta",
    "same_fact": "cyan",
    "shared_quote": "yellow",
}


def print_comparison(report: Report, relation: dict | None) -> None:
    out = Console()
    first, second = report.articles
    for tag, art in (("A", first), ("B", second)):
        out.print(
            f"[bold]{tag}[/bold] {art.meta.outlet or '-'} | {art.meta.published or 'no date'} | {art.meta.title or art.source}"
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
        typer.Option("--keep", help="Also write the corpus: 'representative' (deduplicated) or 'all' (with clusters)."),
    ] = None,
    threshold: Annotated[
        float, typer.Option("--threshold", help="Verified Jaccard of word 5-gram shingles for a near-duplicate.")
    ] = 0.8,
    memory_limit: Annotated[
        int,
        typer.Option(
            "--memory-limit", help="Memory budget in MB; sets the chunk size (2.5 records per MB, 1,000 to 20,000)."
        ),
    ] = 2000,
    field: Annotated[
        list[str] | None, typer.Option("--field", help="Map a record field: ROLE=NAME, e.g. text=body.")
    ] = None,
    engine: Annotated[str, typer.Option("--engine", help="local (default) or ray.")] = "local",
    paraphrase: Annotated[
        bool,
        typer.Option(
            "--paraphrase", help="Also join clusters whose representatives are verified rewrites (embeddings; slow)."
        ),
    ] = False,
    address: Annotated[
        str | None, typer.Option("--address", help="With --engine ray: an existing cluster, e.g. ray://head:10001.")
    ] = None,
) -> None:
    """Cluster exact and near-duplicate articles across a corpus, with bounded memory.

    DOCS: docs/dedup.md
    """
    from corroborator.dedup import DedupOptions, dedup

    _setup_logging(0, False)
    try:
        # About 10 kB per record in flight (text, words, shingles), 4 chunks in flight on 2 workers: 2.5 records per MB.
        options = DedupOptions(threshold=threshold, chunk_size=min(20_000, max(1_000, int(memory_limit * 2.5))))
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as bar:
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
    port: Annotated[int, typer.Option("--port")] = 8000,
    root: Annotated[Path, typer.Option("--root", help="Folders named in the form must be inside this one.")] = Path(
        "."
    ),
    max_upload_mb: Annotated[int, typer.Option("--max-upload-mb", help="Largest upload accepted.")] = 20,
    model: Annotated[str | None, typer.Option("--model", help="Sentence model: hub name or local path.")] = None,
) -> None:
    """Run the web UI: paste or upload articles, watch the analysis, browse reports.

    DOCS: README.md#web-ui
    """
    from corroborator.web import serve

    _setup_logging(1, False)
    server = serve(db, host, port, root, max_upload_mb * 1024 * 1024, AnalyzeOptions(model=model))
    err.print(f"corroborator web UI on http://{host}:{server.server_address[1]}/ (database {db}); Ctrl+C stops it")
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print("[yellow]warning:[/yellow] serving beyond this machine; anyone who can reach it can run analyses")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _parse_overrides(pairs: list[str] | None) -> dict[str, float]:
    out = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        try:
            out[key.strip()] = float(value)
        except ValueError as exc:
            raise UsageError(f"--set takes KEY=NUMBER, e.g. stories.threshold=0.3; got {pair!r}") from exc
        if not sep:
            raise UsageError(f"--set takes KEY=NUMBER; got {pair!r}")
    return out


@app.command("eval")
def eval_cli(
    task: Annotated[
        str,
        typer.Argument(
            help="stories, paraphrase, similarity, attribution, speakers, scope, quantities, reuse, corroboration, "
            "or all."
        ),
    ],
    data: Annotated[
        str | None,
        typer.Option("--data", help="A file or folder in the task's format (default: ../shared/datasets/...)."),
    ] = None,
    split: Annotated[
        str | None,
        typer.Option("--split", help="Split name where the data has several (PolNeAR: train, dev, test)."),
    ] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the results as JSON here.")] = None,
    sample_size: Annotated[
        int | None,
        typer.Option("--sample", help="Evaluate a seeded sample of this many examples (topics, for stories)."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the sample.")] = 0,
    overrides: Annotated[
        list[str] | None, typer.Option("--set", help="Change a setting, e.g. stories.threshold=0.3.")
    ] = None,
    write_doc: Annotated[
        Path | None, typer.Option("--write-doc", help="With 'all': write the quality page (docs/quality.md).")
    ] = None,
) -> None:
    """Score a capability on labelled data and print a table.

    DOCS: docs/quality.md
    """
    import time as _time

    from corroborator.eval import TASKS, EvalOptions, run
    from corroborator.eval.quality_doc import render

    _setup_logging(0, False)
    try:
        options = EvalOptions(sample=sample_size, seed=seed, overrides=_parse_overrides(overrides))
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
    Console().print(table)
    if json_out:
        json_out.write_text(json.dumps([r.to_dict() for r in results], indent=2), encoding="utf-8")
    if write_doc:
        write_doc.write_text(render(results, _time.perf_counter() - started) + "\n", encoding="utf-8")
        err.print(f"wrote {write_doc}")


@app.command("gate")
def gate_cli(
    fast: Annotated[bool, typer.Option("--fast", help="The sampled subset CI runs (a few minutes).")] = False,
    floors_path: Annotated[
        Path | None, typer.Option("--floors", help="Floors file (default quality/floors.json).")
    ] = None,
    overrides: Annotated[
        list[str] | None,
        typer.Option("--set", help="Change a setting, e.g. stories.threshold=0.99 (to see a failure)."),
    ] = None,
    update_floors: Annotated[
        bool, typer.Option("--update", help="Move the floors to the measured values (raising is normal).")
    ] = False,
    allow_regression: Annotated[
        bool, typer.Option("--allow-regression", help="With --update: allow lowering a floor.")
    ] = False,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why a floor is lowered (kept in the floors file).")
    ] = None,
) -> None:
    """Fail (exit 1) when a primary quality metric drops below its pinned floor.

    DOCS: docs/quality.md
    """
    from corroborator.eval.gate import DEFAULT_FLOORS, check, load_floors, measure, update

    _setup_logging(0, False)
    path = floors_path or DEFAULT_FLOORS
    try:
        floors = load_floors(path)
        results = measure(floors, fast, _parse_overrides(overrides))
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


def _refuse_overwriting_inputs(inputs: list[str], out: Path | None, json_path: str | None) -> None:
    given = {Path(i).resolve() for i in inputs if i != "-" and Path(i).is_file()}
    targets = ([out / f"report.{ext}" for ext in ("json", "html", "md")] if out else []) + (
        [Path(json_path)] if json_path and json_path != "-" else []
    )
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
        table.add_row(
            label,
            art.meta.outlet or "-",
            (art.meta.published or "-")[:10],
            str(len(art.quotes)),
            str(len(art.attributions)),
            str(len(art.removed)),
        )
    err.print(table)
    if len(report.articles) > 50:
        err.print(f"... and {len(report.articles) - 50} more articles")
    merged = sum(len(a.seen_as) for a in report.articles)
    err.print(
        f"{len(report.articles)} articles read ({merged} duplicate inputs merged), {len(report.skipped)} skipped; "
        f"{len(report.stories)} stories, {sum(r['kind'] != 'same_story' for r in report.relations)} copy/reuse relations, "
        f"{len(report.claims)} claims, {len(report.findings)} findings"
    )
    _print_findings_and_claims(report)
    for skip in report.skipped[:20]:
        err.print(f"  [yellow]skipped[/yellow] {skip.source}: {skip.reason}")
    if len(report.skipped) > 20:
        err.print(f'  ... and {len(report.skipped) - 20} more (see the report\'s "skipped" list)')
    for path in written:
        err.print(f"wrote {path}")


def _print_findings_and_claims(report: Report, top: int = 8) -> None:
    """The top findings, and the claims carried by most articles on the fewest independent origins."""
    labels = {a.id: a.meta.outlet or Path(a.source).name for a in report.articles}
    if report.findings:
        table = Table(title="top findings", show_header=True, header_style="bold", expand=True)
        table.add_column("conf", justify="right", no_wrap=True)
        table.add_column("kind", no_wrap=True)
        table.add_column("summary", ratio=1)
        for f in report.findings[:top]:
            table.add_row(f"{f['confidence']:.2f}", f["kind"], f["summary"])
        err.print(table)
        if len(report.findings) > top:
            err.print(f"... and {len(report.findings) - top} more findings in the report")
    shared = [c for c in report.claims if len(c["articles"]) >= 2]
    shared.sort(key=lambda c: (c["independent_sources"] / len(c["articles"]), -len(c["articles"])))
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
                str(len(c["articles"])),
                str(c["independent_sources"]),
                c["text"],
                "; ".join(o["label"] for o in c["origins"]),
            )
        err.print(table)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
