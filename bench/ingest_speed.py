"""Ingest speed: articles/second for .txt, .html and .jsonl on this machine.

    python bench/ingest_speed.py [--limit 840]

The corpus is real news text: PolNeAR's training articles (../shared), written
to a temporary folder as one .txt per article, one .html page per article (with
navigation, an aside and a footer around the text, as saved pages have) and one
.jsonl file. For each format two numbers: reading alone (decode, parse,
metadata; trafilatura for HTML) and the whole current pipeline (read, clean,
segment, quotes, attributions).
"""

from __future__ import annotations

import argparse
import html
import json
import platform
import tempfile
import time
from pathlib import Path

from corroborator import analyze
from corroborator.ingest import read_inputs
from corroborator.types import RawArticle

DEFAULT_TEXTS = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "polnear" / "data" / "train" / "text"

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:site_name" content="Example Politics"><meta property="article:published_time" content="2016-05-0{day}T10:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>{paras}</article>
<aside><h3>Most read</h3><ul><li><a href="/x">Another story</a></li></ul></aside>
<footer>Copyright 2016 Example Politics. All rights reserved.</footer></body></html>"""


def write_corpus(texts: list[Path], folder: Path) -> dict[str, list[str]]:
    (folder / "txt").mkdir()
    (folder / "html").mkdir()
    records = []
    for idx, path in enumerate(texts):
        text = path.read_text(encoding="utf-8")
        title = text.strip().splitlines()[0][:120]
        (folder / "txt" / f"{idx:04d}.txt").write_text(text, encoding="utf-8")
        paras = "".join(f"<p>{html.escape(p)}</p>" for p in text.splitlines() if p.strip())
        (folder / "html" / f"{idx:04d}.html").write_text(
            PAGE.format(title=html.escape(title), paras=paras, day=idx % 9 + 1), encoding="utf-8"
        )
        records.append(
            json.dumps({"id": f"r{idx}", "title": title, "text": text, "source": "Example", "published": "2016-05-01"})
        )
    (folder / "all.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    return {"txt": [str(folder / "txt")], "html": [str(folder / "html")], "jsonl": [str(folder / "all.jsonl")]}


def timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    out = fn()
    return time.perf_counter() - started, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    parser.add_argument("--limit", type=int, default=840)
    args = parser.parse_args()
    texts = sorted(args.texts.glob("*.txt"))[: args.limit]
    analyze([str(texts[0])])  # import trafilatura, py3langid etc. once, outside the timings
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        inputs = write_corpus(texts, Path(tmp))
        for fmt, paths in inputs.items():
            read_s, items = timed(lambda paths=paths: [x for x in read_inputs(paths) if isinstance(x, RawArticle)])
            full_s, report = timed(lambda paths=paths: analyze(paths))
            results[fmt] = {
                "articles": len(items),
                "read_per_s": round(len(items) / read_s, 1),
                "pipeline_per_s": round(len(report.articles) / full_s, 1),
                "skipped": len(report.skipped),
            }
    results["machine"] = f"{platform.machine()} python {platform.python_version()}"
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
