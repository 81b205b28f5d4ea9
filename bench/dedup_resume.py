"""What dedup's resume check costs, measured in one run: the input fingerprint against the run it guards.

    python bench/dedup_resume.py --articles 50000

Makes a seeded corpus with bench/dedup_corpus.py (real sentences from ../shared, in a temporary folder),
then times, in this order:
1. the fingerprint (``dedup.state.fingerprint``: SHA-256 of the whole file), twice (the second from the
   page cache, as on a rerun);
2. a clean ``dedup`` run (2 signing workers);
3. a resumed run (same inputs and options: every chunk reused, verification and outputs redone);
4. a run with another threshold (chunks reused, the result recomputed);
5. the issue's reproduction: a rerun with ``--memory-limit 800`` (chunk size 2,000) must be refused, not
   count the old chunks plus the new ones.
Prints the ratios fingerprint / clean run and resumed / clean run; the goal is that the check costs a small
fraction of the run it protects (< 5%).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from corroborator.dedup import DedupOptions, StateMismatch, dedup
from corroborator.dedup.state import fingerprint


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dedup-resume-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        script = Path(__file__).with_name("dedup_corpus.py")
        subprocess.run(
            [sys.executable, str(script), "--articles", str(args.articles), "--out", str(corpus)], check=True
        )
        size_mb = corpus.stat().st_size / 1e6
        times: dict[str, float] = {}
        for label in ("fingerprint (first)", "fingerprint (cached)"):
            started = time.perf_counter()
            fingerprint([corpus.resolve()])
            times[label] = time.perf_counter() - started
        out = Path(tmp) / "out"
        for label, options in (
            ("clean run", DedupOptions()),
            ("resumed run", DedupOptions()),
            ("threshold 0.9, chunks reused", DedupOptions(threshold=0.9)),
        ):
            started = time.perf_counter()
            summary = dedup([str(corpus)], out, options)
            times[label] = time.perf_counter() - started
            print(f"{label}: {summary['records']:,} records, resumed={summary['resumed']}", file=sys.stderr)
        lines = sum(1 for _ in corpus.open(encoding="utf-8"))
        try:
            again = dedup([str(corpus)], out, DedupOptions(chunk_size=2000))
            verdict = f"NOT refused: {again['records']:,} records reported for {lines:,} lines"
        except StateMismatch as exc:
            verdict = "refused: " + " ".join(str(exc).split("\n")[1:2]).strip()
    print(f"corpus: {args.articles:,} base articles, {lines:,} lines, {size_mb:,.1f} MB of JSONL")
    for label, seconds in times.items():
        print(f"{label:32s} {seconds:8.2f} s")
    clean = times["clean run"]
    print(f"SHA-256 rate: {size_mb / times['fingerprint (cached)']:,.0f} MB/s; dedup rate: {size_mb / clean:,.1f} MB/s")
    print(f"fingerprint / clean run: {times['fingerprint (cached)'] / clean:.3f}")
    print(f"resumed / clean run: {times['resumed run'] / clean:.3f}")
    print(f"rerun with chunk size 2,000 (--memory-limit 800): {verdict}")


if __name__ == "__main__":
    main()
