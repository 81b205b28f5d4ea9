"""Speed: one story of 50 articles (~600 words each) analysed end to end, model load included.

    python bench/story50_speed.py

The 50 articles are built at run time from the five seed articles in ../shared/seeds (real
news text about one event): article k is seed k mod 5 followed by paragraphs of another seed
(which one, and from which paragraph on, depends on k) until it reaches ~600 words, with its own
outlet line, so no two articles have the same text. All 50 land in one story, so every one of
the 1,225 pairs is aligned: the worst case for a story of this size. The run is a fresh process
(`corroborator analyze DIR --json FILE`), timed from outside; the report's own per-stage timings
give the breakdown. The report is then rendered to HTML and Markdown, timed, and sized.
"""

from __future__ import annotations

import json
import platform
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


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "story"
        folder.mkdir()
        build(folder)
        words = sum(len(p.read_text().split()) for p in folder.iterdir())
        out = Path(tmp) / "report.json"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "corroborator", "analyze", str(folder), "--json", str(out), "-q"], check=True
        )
        wall = time.perf_counter() - started
        report = json.loads(out.read_text())
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
                "machine": f"{platform.machine()} python {platform.python_version()}",
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
