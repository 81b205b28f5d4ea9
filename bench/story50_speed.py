"""Speed: one story of 50 articles (~600 words each) analysed end to end, model load included.

    python bench/story50_speed.py [--ref REV | --ref-src PATH]

The 50 articles are built at run time from the five seed articles in ../shared/seeds (real
news text about one event): article k is seed k mod 5 followed by paragraphs of another seed
(which one, and from which paragraph on, depends on k) until it reaches ~600 words, with its own
outlet line, so no two articles have the same text. All 50 land in one story, so every one of
the 1,225 pairs is aligned: the worst case for a story of this size. The run is a fresh process
(`corroborator analyze DIR --json FILE`), timed from outside; the report's own per-stage timings
give the breakdown. The report is then rendered to HTML and Markdown, timed, and sized.

With ``--ref REV`` (``git archive REV`` unpacked in a temporary folder) or ``--ref-src PATH`` the same
story is first analysed by that code, in the same run, and the ratio of the two walls is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def build(folder: Path, n: int = 50, words: int = 600) -> None:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    paras = [[line for line in s.splitlines() if len(line.split()) > 8] for s in seeds]
    for k in range(n):
        body = list(paras[k % 5])
        donor = paras[(k % 5 + 1 + (k // 5) % 4) % 5]
        start = (k // 5) % len(donor)
        for p in donor[start:] + donor[:start]:
            if sum(len(x.split()) for x in body) >= words:
                break
            body.append(p)
        body.append(f"This version was filed by desk number {k} of the newsroom.")  # keeps every text distinct
        (folder / f"{k:02d}.txt").write_text(f"Outlet {k}\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")


CPU: dict[str, float] = {}


def _analyze(src: Path | None, folder: Path, out: Path, settings: list[str] | None = None) -> float:
    """Wall seconds of one fresh process; its CPU seconds (user + system) go to ``CPU`` under its name."""
    env = dict(os.environ, PYTHONPATH=str(src)) if src else None
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "corroborator", "analyze", str(folder), "--json", str(out), "-q"]
        + [x for kv in settings or () for x in ("--set", kv)],
        check=True,
        env=env,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU["ref" if src else "new"] = round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 2)
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", help="a git revision to time first, in the same run")
    parser.add_argument("--ref-src", type=Path, help="an unpacked reference tree's src to time first")
    parser.add_argument("--set", action="append", default=[], help="KEY=VALUE for this tree's run only (repeatable)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "story"
        folder.mkdir()
        build(folder)
        words = sum(len(p.read_text().split()) for p in folder.iterdir())
        ref: dict[str, object] = {}
        ref_src = args.ref_src.resolve() if args.ref_src else None
        if args.ref and not ref_src:
            root = Path(__file__).resolve().parents[1]
            archive = subprocess.run(["git", "-C", str(root), "archive", args.ref], check=True, capture_output=True)
            (Path(tmp) / "ref").mkdir()
            subprocess.run(["tar", "-x", "-C", str(Path(tmp) / "ref")], input=archive.stdout, check=True)
            ref_src = Path(tmp) / "ref" / "src"
        if ref_src:
            ref_wall = _analyze(ref_src, folder, Path(tmp) / "ref.json")
            ref_report = json.loads((Path(tmp) / "ref.json").read_text())
            ref = {"wall_seconds": round(ref_wall, 2), "stage_seconds": ref_report["timings"]}
        out = Path(tmp) / "report.json"
        wall = _analyze(None, folder, out, args.set)
        report = json.loads(out.read_text())
        if ref:
            ref["speedup"] = round(float(ref_wall) / wall, 2)
            ref["same_relation_kinds"] = sorted((r["a"], r["b"], r["kind"]) for r in ref_report["relations"]) == sorted(
                (r["a"], r["b"], r["kind"]) for r in report["relations"]
            )
        from corroborator.render import render_html, render_markdown
        from corroborator.report import Report

        loaded = Report.from_dict(report)
        started = time.perf_counter()
        html_text = render_html(loaded)
        html_seconds = time.perf_counter() - started
        started = time.perf_counter()
        md_text = render_markdown(loaded)
        md_seconds = time.perf_counter() - started
    kinds: dict[str, int] = {}
    for rel in report["relations"]:
        kinds[rel["kind"]] = kinds.get(rel["kind"], 0) + 1
    print(
        json.dumps(
            {
                "articles": len(report["articles"]),
                "words_per_article": round(words / 50),
                "stories": len(report["stories"]),
                "relations": kinds,
                "wall_seconds_including_python_start_and_model_load": round(wall, 2),
                "stage_seconds": report["timings"],
                "model": report["models"].get("sentences"),
                "html_render_seconds": round(html_seconds, 3),
                "html_megabytes": round(len(html_text.encode()) / 1e6, 2),
                "markdown_render_seconds": round(md_seconds, 3),
                "markdown_megabytes": round(len(md_text.encode()) / 1e6, 2),
                "cpu_seconds": CPU,
                "reference": ref or None,
                "load_average_after": os.getloadavg(),
                "machine": f"{platform.machine()} python {platform.python_version()}",
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
