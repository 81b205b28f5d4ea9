"""Speed and sameness of ``analyze`` on 300 real articles: a reference revision against this tree, in one run.

    python bench/analyze300_speed.py [--ref main] [--variant mixed|ecb] [--inputs DIR ...] [--repeat 1] [--set K=V]

The corpus is assembled at run time from ../shared/datasets (nothing of it is stored in the repository):
- ``mixed`` (the default): ECB+ has 66 sub-topics (one real incident each, every one with at least three
  articles), too few for 100 three-article stories, so the set is the three longest articles of each of the
  66 sub-topics (198 articles, 66 stories) plus 102 PolNeAR political news articles as singletons: 300 articles.
- ``ecb``: 300 ECB+ articles only, 100 triples: one triple from each sub-topic, then a second (and third)
  triple from the sub-topics with enough articles. Triples of one sub-topic report one incident, so they
  merge into stories of six or nine: a harder case for the relate stage than ``mixed``.
ECB+ sentences are stored tokenised ("Reid , 33 ,"); they are joined back into plain text.

Each revision runs as a fresh process (``python -m corroborator analyze DIR --json FILE -q``, model load
included), the reference first, timed from outside; ``--repeat N`` alternates them N times. The reference
code is ``git archive REV`` of this repository unpacked in a temporary folder (default ``main``). The two
reports are then compared: stories (article sets), relations (kind and original per pair), claims (the
mentions of each claim, as article and sentence) and findings (kind and articles), with the differences
printed so they can be read.

``--inputs DIR ...`` compares on given folders instead (the seeds, examples/demo).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ECB = SHARED / "datasets" / "ecbplus" / "docs.jsonl"
POLNEAR = SHARED / "datasets" / "polnear" / "data"


def detokenise(tokens: str) -> str:
    """Join ECB+'s space-separated tokens back into running text."""
    text = re.sub(r" ([,.;:!?%)\]}])", r"\1", tokens)
    text = re.sub(r"([(\[{$]) ", r"\1", text)
    text = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    text = text.replace("`` ", '"').replace(" ''", '"').replace("``", '"').replace("''", '"')
    return text


def build(folder: Path, variant: str = "mixed") -> dict[str, int]:
    """Write the 300 articles into ``folder``; returns how many came from where."""
    docs = [json.loads(line) for line in ECB.open(encoding="utf-8")]
    by_sub: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in docs:
        by_sub[d["subtopic"]].append(d)
    for members in by_sub.values():
        members.sort(key=lambda d: (-len(d["sentences"]), d["doc_id"]))
    subs = sorted(by_sub)
    chosen: list[tuple[str, dict[str, Any]]] = []
    if variant == "mixed":
        for sub in subs:
            chosen += [(sub, d) for d in by_sub[sub][:3]]
    else:
        round_ = 0
        while len(chosen) < 300:
            for sub in subs:
                triple = by_sub[sub][3 * round_ : 3 * round_ + 3]
                if len(triple) == 3 and len(chosen) < 300:
                    chosen += [(sub, d) for d in triple]
            round_ += 1
    for k, (sub, d) in enumerate(chosen):
        body = "\n\n".join(detokenise(s) for s in d["sentences"])
        (folder / f"ecb-{k:03d}-{d['doc_id']}.txt").write_text(
            f"Outlet: Outlet {k % 3 + 1} of {sub}\n\n{body}\n", encoding="utf-8"
        )
    singles = 300 - len(chosen)
    if singles:
        files = sorted((POLNEAR / "train" / "text").glob("*.txt")) + sorted((POLNEAR / "dev" / "text").glob("*.txt"))
        step = max(1, len(files) // singles)
        for k, path in enumerate(files[::step][:singles]):
            (folder / f"polnear-{k:03d}-{path.name}").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return {"ecbplus_articles": len(chosen), "ecbplus_subtopics": len({s for s, _ in chosen}), "polnear": singles}


def run(src: Path, inputs: list[Path], out: Path, settings: list[str] | None = None) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one fresh ``analyze`` process using the code in ``src``.

    CPU seconds are printed too because wall time on a shared machine moves with the other users' load."""
    env = dict(os.environ, PYTHONPATH=str(src))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "corroborator", "analyze", *map(str, inputs), "--json", str(out), "-q"]
        + [x for kv in settings or () for x in ("--set", kv)],
        check=True,
        env=env,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def summary(report: dict[str, Any]) -> dict[str, Any]:
    """The decisions of a report, keyed so two reports of the same articles compare."""
    label = {a["id"]: a.get("label") or a["id"] for a in report["articles"]}
    relations = {
        f"{label[r['a']]} | {label[r['b']]}": (r["kind"], label.get(r.get("original") or ""))
        for r in report["relations"]
    }
    stories = sorted(sorted(label[x] for x in s["articles"]) for s in report["stories"])
    claims = sorted(sorted(f"{label[m['article']]}#{m['sentence']}" for m in c["mentions"]) for c in report["claims"])
    findings = sorted(
        f"{f['kind']}: " + ", ".join(sorted({label.get(e["article"], e["article"]) for e in f["evidence"]}))
        for f in report["findings"]
    )
    return {"relations": relations, "stories": stories, "claims": claims, "findings": findings}


def compare(ref: dict[str, Any], new: dict[str, Any], show: int = 10) -> dict[str, Any]:
    """How many decisions differ between two reports, with the first ``show`` of each kind."""
    a, b = summary(ref), summary(new)
    rel_keys = sorted(set(a["relations"]) | set(b["relations"]))
    rel_diff = [(k, a["relations"].get(k), b["relations"].get(k)) for k in rel_keys]
    rel_diff = [d for d in rel_diff if d[1] != d[2]]
    kind_diff = [d for d in rel_diff if (d[1] or (None,))[0] != (d[2] or (None,))[0]]
    out: dict[str, Any] = {
        "relations": {"ref": len(a["relations"]), "new": len(b["relations"]), "differ": len(rel_diff)},
        "relation_kinds_differ": len(kind_diff),
        "stories": {"ref": len(a["stories"]), "new": len(b["stories"]), "same": a["stories"] == b["stories"]},
    }
    for key in ("claims", "findings"):
        ra, rb = [json.dumps(x) for x in a[key]], [json.dumps(x) for x in b[key]]
        only_ref = sorted(set(ra) - set(rb))
        only_new = sorted(set(rb) - set(ra))
        out[key] = {"ref": len(ra), "new": len(rb), "only_ref": len(only_ref), "only_new": len(only_new)}
        if only_ref or only_new:
            out[key]["examples"] = {"only_ref": only_ref[:show], "only_new": only_new[:show]}
    if rel_diff:
        out["relation_examples"] = [f"{k}: {x} -> {y}" for k, x, y in rel_diff[:show]]
    return out


def reference(rev: str, into: Path) -> Path:
    """Unpack ``git archive REV`` of this repository into ``into``; returns its ``src``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="main", help="git revision to compare against (default main)")
    parser.add_argument("--ref-src", type=Path, help="an unpacked reference tree's src (instead of --ref)")
    parser.add_argument("--variant", choices=("mixed", "ecb"), default="mixed")
    parser.add_argument("--inputs", nargs="*", type=Path, help="compare on these folders instead of the 300")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--set", action="append", default=[], help="KEY=VALUE for this tree's run only (repeatable)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "ref").mkdir()
        ref_src = args.ref_src.resolve() if args.ref_src else reference(args.ref, work / "ref")
        if args.inputs:
            inputs, made = [p.resolve() for p in args.inputs], {}
        else:
            (work / "corpus").mkdir()
            made = build(work / "corpus", args.variant)
            inputs = [work / "corpus"]
        walls: dict[str, list[float]] = {"ref": [], "new": []}
        cpu: dict[str, list[float]] = {"ref": [], "new": []}
        for _ in range(args.repeat):
            for name, src in (("ref", ref_src), ("new", ROOT / "src")):
                wall, seconds = run(src, inputs, work / f"{name}.json", args.set if name == "new" else None)
                walls[name].append(wall)
                cpu[name].append(seconds)
        ref = json.loads((work / "ref.json").read_text())
        new = json.loads((work / "new.json").read_text())
    best = {k: min(v) for k, v in walls.items()}
    print(
        json.dumps(
            {
                "inputs": [str(p) for p in args.inputs] if args.inputs else {"variant": args.variant, **made},
                "articles": len(new["articles"]),
                "ref": args.ref,
                "new_settings": args.set,
                "wall_seconds": {k: [round(x, 2) for x in v] for k, v in walls.items()},
                "speedup_ref_over_new": round(best["ref"] / best["new"], 2),
                "cpu_seconds": {k: [round(x, 2) for x in v] for k, v in cpu.items()},
                "cpu_ratio_ref_over_new": round(min(cpu["ref"]) / min(cpu["new"]), 2),
                "stage_seconds": {"ref": ref["timings"], "new": new["timings"]},
                "new_embedding": new["models"],
                "differences": compare(ref, new),
                "load_average_after": os.getloadavg(),
                "machine": f"{platform.machine()} {os.cpu_count()} cores, python {platform.python_version()}",
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
