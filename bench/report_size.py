"""How big the reports of a 45-article, 15-story batch are (issue 14: report.md under 30 KB).

    python bench/report_size.py [--data ../shared/datasets/ecbplus/docs.jsonl] [--work /tmp/corroborator-report-size]

The batch: 15 ECB+ sub-topics (one per topic, the first 15 topics), 3 articles each, written as .txt files
(detokenised, one sentence per line) into ``--work``; the analysis is kept there as report.json, so a re-run
only renders. Prints the sizes of report.md (short and ``--full``), report.html and the CSV / JSONL exports,
and how many stories the pipeline found. Nothing from the dataset is written into the repository.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

from corroborator.eval.ecbclaims import detokenise
from corroborator.render import render_html, render_markdown
from corroborator.report import Report

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "ecbplus" / "docs.jsonl"


def build_batch(data: Path, folder: Path, stories: int = 15, per_story: int = 3) -> int:
    """Write ``stories`` x ``per_story`` articles into ``folder``; returns how many were written."""
    docs = [json.loads(line) for line in data.open(encoding="utf-8")]
    by_sub: dict[str, list[dict]] = {}
    for d in docs:
        by_sub.setdefault(d["subtopic"], []).append(d)
    picked: list[dict] = []
    topics: set[int] = set()
    for sub in sorted(by_sub, key=lambda s: (int(s.split("_")[0]), s)):
        group = sorted(by_sub[sub], key=lambda d: d["doc_id"])
        topic = group[0]["topic"]
        if topic in topics or len(group) < per_story:
            continue
        topics.add(topic)
        picked += group[:per_story]
        if len(topics) == stories:
            break
    folder.mkdir(parents=True, exist_ok=True)
    for d in picked:
        lines = [detokenise(s.split(" ")) for s in d["sentences"]]
        (folder / f"{d['doc_id']}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return len(picked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--work", type=Path, default=Path("/tmp/corroborator-report-size"))
    args = parser.parse_args()
    inputs = args.work / "articles"
    cached = args.work / "report.json"
    seconds = 0.0
    if not cached.exists():
        written = build_batch(args.data, inputs)
        from corroborator import analyze

        started = time.perf_counter()
        report = analyze([str(inputs)])
        seconds = time.perf_counter() - started
        report.write_json(cached)
        print(f"analysed {written} articles in {seconds:.1f} s")
    report = Report.from_dict(json.loads(cached.read_text(encoding="utf-8")))
    sizes = {
        "report.md": len(render_markdown(report).encode()),
        "report.md --full": len(render_markdown(report, full=True).encode()),
        "report.html": len(render_html(report).encode()),
        "report.json": len(cached.read_bytes()),
    }
    try:
        from corroborator.export import export_tables

        for name, text in export_tables(report, "csv").items():
            sizes[name] = len(text.encode())
        for name, text in export_tables(report, "jsonl").items():
            sizes[name] = len(text.encode())
    except ImportError:
        pass
    print(
        f"{len(report.articles)} articles, {len(report.stories)} stories, {len(report.claims)} claims, "
        f"{len(report.findings)} findings ({platform.processor() or platform.machine()})"
    )
    for name, size in sizes.items():
        print(f"{name:24s} {size / 1024:8.1f} KB")


if __name__ == "__main__":
    main()
