"""Hostile inputs: time (and peak memory) to analyze each one with --no-relate, and the 1 -> 4 MB ratio.

    python bench/hostile_inputs.py [--timeout 120] [--profile] [--only NAME ...]

Each case is written to a temporary folder and analysed in a fresh process
(``corroborator analyze FILE --no-relate --json -``-equivalent through the Python API), so
its peak RSS is its own and a case that runs away is stopped at ``--timeout``. Plain text
is real news (PolNeAR's training articles in ../shared, concatenated into one .txt file of
1, 2 and 4 MB, read at run time and never copied into the repository); the hostile cases
are the reproductions of issue 15. ``--profile`` runs each case under cProfile and names
the modules where the time goes (own time per source file), so a slow case points at its stage.

The goals (issue 15): no input of up to 1 MB takes more than 5 s, and time grows about
linearly from 1 to 4 MB of plain text (ratio near 4, well under 16).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT.parent / "shared" / "datasets" / "polnear" / "data" / "train" / "text"
MB = 1_000_000


def plain_text(size: int) -> str:
    """``size`` characters of real news text: PolNeAR articles one after another, cycled if needed."""
    files = sorted(TEXTS.glob("*.txt"))
    if not files:
        sys.exit(f"no PolNeAR texts in {TEXTS}: the shared datasets are needed")
    parts, total, k = [], 0, 0
    while total < size:
        text = files[k % len(files)].read_text(encoding="utf-8", errors="replace").strip() + "\n\n"
        parts.append(text)
        total += len(text)
        k += 1
    return "".join(parts)[:size]


def _warc_bomb(path: Path, megabytes: int) -> None:
    """A WARC whose one response is ``megabytes`` MB of spaces: about 0.1% of that on disk, gzip twice over."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    body = io.BytesIO()
    with gzip.GzipFile(fileobj=body, mode="wb", compresslevel=9) as gz:
        gz.write(b"<html><body><p>")
        block = b" " * MB
        for _ in range(megabytes):
            gz.write(block)
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(
            writer.create_warc_record(
                "https://bomb.example/",
                "response",
                payload=io.BytesIO(body.getvalue()),
                http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
            )
        )


def _quoted_csv(size: int) -> str:
    text = plain_text(size).split("\n\n")

    def q(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    rows = ['"","title","text"']
    rows += [",".join((q(str(i)), q(f"Story {i}"), q(body))) for i, body in enumerate(text) if body.strip()]
    return "\r\n".join(rows) + "\r\n"


def cases() -> dict[str, Callable[[Path], Path]]:
    """name -> function that writes the input into a folder and returns its path."""

    def write(name: str, content: str | bytes) -> Callable[[Path], Path]:
        def make(folder: Path) -> Path:
            path = folder / name
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
            return path

        return make

    def lazy(name: str, build: Callable[[], str | bytes]) -> Callable[[Path], Path]:
        return lambda folder: write(name, build())(folder)

    def bomb(folder: Path) -> Path:
        path = folder / "bomb.warc.gz"
        _warc_bomb(path, 3000)
        return path

    nested = "[" * 26 + '"A title", "nested"' + "]" * 26
    return {
        "plain 1 MB": lazy("plain1.txt", lambda: plain_text(MB)),
        "plain 2 MB": lazy("plain2.txt", lambda: plain_text(2 * MB)),
        "plain 4 MB": lazy("plain4.txt", lambda: plain_text(4 * MB)),
        "plain 1 MB, one line": lazy("oneline.txt", lambda: plain_text(MB).replace("\n", " ")),
        "quoted CSV 1 MB": lazy("export.csv", lambda: _quoted_csv(MB)),
        '100 kB of "has "': lazy("has.txt", lambda: "The minister has " + "has " * 25_000 + "said.\n"),
        '100 kB of "said "': lazy("said.txt", lambda: "The minister " + "said " * 20_000 + "it.\n"),
        "20,000 dots": lazy("dots.txt", lambda: "It ended" + "." * 20_000 + "x and then it went on.\n"),
        "60k-space line": lazy("spaces.txt", lambda: "The line starts" + " " * 60_000 + "and ends here.\n"),
        "title 26 lists deep": lazy(
            "nested.jsonl", lambda: '{"text": "Officials said the road reopened on Monday.", "title": ' + nested + "}\n"
        ),
        "JSON 100,000 levels deep": lazy(
            "deep.jsonl", lambda: '{"text": "x", "title": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
        ),
        "3 GB gzip bomb in a WARC": bomb,
    }


def run_case(path: str, profile: bool) -> dict:
    """In the child process: analyze one file, return seconds, peak RSS and where the time went."""
    import resource

    from corroborator import AnalyzeOptions, RelateOptions, analyze

    started = time.perf_counter()
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        report = profiler.runcall(analyze, [path], AnalyzeOptions(relate=RelateOptions(enabled=False)))
        stats = pstats.Stats(profiler)
        by_module: dict[str, float] = {}
        for (filename, _line, _func), (_cc, _nc, own, _cum, _callers) in stats.stats.items():  # type: ignore[attr-defined]
            key = Path(filename).name if "corroborator" in filename else _library(filename)
            by_module[key] = by_module.get(key, 0.0) + own
        top = sorted(by_module.items(), key=lambda kv: -kv[1])[:4]
    else:
        report = analyze([path], AnalyzeOptions(relate=RelateOptions(enabled=False)))
        top = []
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "seconds": round(seconds, 2),
        "peak_mb": round(peak_mb),
        "articles": len(report.articles),
        "skipped": [s.reason for s in report.skipped][:2],
        "top": [(name, round(t, 2)) for name, t in top],
    }


def _library(filename: str) -> str:
    parts = Path(filename).parts
    for marker in ("site-packages", "lib"):
        if marker in parts:
            rest = parts[parts.index(marker) + 1 :]
            if rest and rest[0].startswith("python"):
                rest = rest[1:]
            return rest[0] if rest else filename
    return filename


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--timeout", type=float, default=120, help="seconds before a case is stopped")
    parser.add_argument("--profile", action="store_true", help="name the modules where the time goes")
    parser.add_argument("--only", nargs="*", help="run only the cases whose name contains one of these")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_case(args.child, args.profile)))
        return
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores"
    print(f"# hostile inputs, {machine}, {time.strftime('%Y-%m-%d')}")
    print("| input | size | seconds | peak RSS | result | where the time goes (--profile) |\n|---|---|---|---|---|---|")
    results: dict[str, float | None] = {}
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in cases().items():
            if args.only and not any(o.lower() in name.lower() for o in args.only):
                continue
            path = make(Path(tmp))
            size = path.stat().st_size
            command = [sys.executable, __file__, "--child", str(path)] + (["--profile"] if args.profile else [])
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout, env=env)
            except subprocess.TimeoutExpired:
                results[name] = None
                print(f"| {name} | {size / 1e6:.2f} MB | > {args.timeout:.0f} s (stopped) | | | |", flush=True)
                continue
            if done.returncode != 0:
                print(f"| {name} | {size / 1e6:.2f} MB | failed: {done.stderr.strip().splitlines()[-1:]} | | | |")
                continue
            got = json.loads(done.stdout.strip().splitlines()[-1])
            results[name] = got["seconds"]
            top = ", ".join(f"{m} {t} s" for m, t in got["top"])
            skipped = "; ".join(got["skipped"])[:90]
            print(
                f"| {name} | {size / 1e6:.2f} MB | {got['seconds']} s | {got['peak_mb']} MB | "
                f"{got['articles']} articles{'; skipped: ' + skipped if skipped else ''} | {top} |",
                flush=True,
            )
            path.unlink()
    one, four = results.get("plain 1 MB"), results.get("plain 4 MB")
    if one and four:
        print(f"\nplain text 1 MB -> 4 MB: {four / one:.2f}x the time (linear: 4x; quadratic: 16x)")


if __name__ == "__main__":
    main()
