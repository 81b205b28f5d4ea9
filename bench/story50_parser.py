"""Speed: what the parser costs on the 50-article story, measured against the word-pattern rules in one run.

    python bench/story50_parser.py [ROUNDS]

The story is the one bench/story50_speed.py builds (50 articles of ~600 words from the seeds). Each round
runs `corroborator analyze DIR --json FILE` as a fresh process twice, once with `--parser rules` (the
attribution stage as it was before issue 11: no model) and once with the default parser, alternating so a
busy neighbour on the machine weighs on both alike. It prints every wall time, the median of each mode,
their ratio, and the report's own `read_clean_segment` stage time (where the parse happens). Issue 11's
goal: the ratio stays <= 1.5.

Note: the 50 articles share many sentences (they are built from five seeds), and the parser parses each
distinct sentence once per run, so this story favours the cache more than 50 unrelated articles would.
"""

from __future__ import annotations

import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from story50_speed import build


def run(folder: Path, out: Path, parser: str | None) -> tuple[float, dict]:
    cmd = [sys.executable, "-m", "corroborator", "analyze", str(folder), "--json", str(out), "-q"]
    if parser:
        cmd += ["--parser", parser]
    started = time.perf_counter()
    subprocess.run(cmd, check=True)
    wall = time.perf_counter() - started
    report = json.loads(out.read_text())
    return wall, {"timings": report["timings"], "parser": report["models"].get("parser")}


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "story"
        folder.mkdir()
        build(folder)
        out = Path(tmp) / "report.json"
        walls: dict[str, list[float]] = {"rules": [], "parser": []}
        stages: dict[str, list[float]] = {"rules": [], "parser": []}
        models = {}
        for _ in range(rounds):
            for mode in ("rules", "parser"):
                wall, info = run(folder, out, "rules" if mode == "rules" else None)
                walls[mode].append(round(wall, 2))
                stages[mode].append(info["timings"].get("read_clean_segment", 0.0))
                models[mode] = info["parser"]
    med = {m: statistics.median(v) for m, v in walls.items()}
    print(
        json.dumps(
            {
                "wall_seconds": walls,
                "read_clean_segment_seconds": stages,
                "median_wall_seconds": med,
                "ratio_parser_over_rules": round(med["parser"] / med["rules"], 3),
                "parser": models,
                "machine": f"{platform.machine()} python {platform.python_version()}",
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
