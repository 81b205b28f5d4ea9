"""Incremental cost of a case: add 10 articles to a case of N (default 2,000) against analysing all N+10 anew,
and check both give the same stories, relations, claims and findings.

Three heavy steps, each its own process (run them one after another, when the machine is quiet):

    python bench/case_incremental.py build   --work /tmp/b16 [--n 2000] [--part K --parts P]  # the case of N
    python bench/case_incremental.py add     --work /tmp/b16              # the 10 held-out articles, timed
    python bench/case_incremental.py full    --work /tmp/b16              # analyze all N+10 from scratch, timed
    python bench/case_incremental.py compare --work /tmp/b16              # sameness and the ratio
    python bench/case_incremental.py check   --work /tmp/b16              # sameness without `full` (below)
    python bench/case_incremental.py warm    --work /tmp/b16              # (before add) see below

``warm`` gives a case built by older code what its last update would have stored with this code (claim sets,
plausible counts): it analyses the case's articles again with its cache and saves the cache, nothing else.

``check`` is the cheaper test of the reuse rules of issue 16c, for when the machine is too busy for ``full``:
it analyses the case's articles again reusing only the caches whose entries are keyed by everything they read
(built articles by their full build key, alignments, sentence vectors), so story claim sets and plausible
counts are computed afresh, and compares the result with what ``add`` stored; and it builds afresh every
article whose cleaning cut a repeated line (the only articles the clean-text reuse of ``articles._rebuilt``
can serve) and compares it with the cached one.

The corpus is assembled at run time from ../shared/datasets (nothing of it is stored in the repository):
every ECB+ document (772, one real incident per sub-topic, 43 topics) and every PolNeAR article (924), and,
to reach N + 10, the second half of the longest PolNeAR articles as articles of their own (a partial copy
of a longer article: the reuse the relate stage exists for). Ten articles are held out for ``add``: the
last document of five ECB+ sub-topics with at least three, and five PolNeAR articles.

``add`` is timed from the start of ``CaseStore.add`` (opening the case, loading its cache, the model, the
analysis, writing) to its end; ``full`` times ``analyze`` with an empty vector cache (model load included)
over the same raw articles in the case's order. Python start-up and imports are outside both.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
SHARED = ROOT.parent / "shared" / "datasets"
ECB = SHARED / "ecbplus" / "docs.jsonl"
POLNEAR = SHARED / "polnear" / "data"


def detokenise(tokens: str) -> str:
    text = re.sub(r" ([,.;:!?%)\]}])", r"\1", tokens)
    text = re.sub(r"([(\[{$]) ", r"\1", text)
    text = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    return text.replace("`` ", '"').replace(" ''", '"').replace("``", '"').replace("''", '"')


def build_corpus(work: Path, n: int) -> dict[str, int]:
    """Write the N base articles and the 10 held-out ones; returns how many of each kind."""
    base, new = work / "corpus" / "base", work / "corpus" / "new"
    base.mkdir(parents=True, exist_ok=True)
    new.mkdir(parents=True, exist_ok=True)
    docs = sorted((json.loads(line) for line in ECB.open(encoding="utf-8")), key=lambda d: (d["subtopic"], d["doc_id"]))
    by_sub: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in docs:
        by_sub[d["subtopic"]].append(d)
    held_ecb = [m[-1]["doc_id"] for _s, m in sorted(by_sub.items()) if len(m) >= 3][:5]
    pol = sorted((POLNEAR / "train" / "text").glob("*.txt")) + sorted((POLNEAR / "dev" / "text").glob("*.txt"))
    texts = {p.name: p.read_text(encoding="utf-8") for p in pol}
    held_pol = sorted(texts)[::180][:5]

    def ecb_text(d: dict[str, Any], k: int) -> str:
        body = "\n\n".join(detokenise(s) for s in d["sentences"])
        return f"Outlet: Outlet {k % 3 + 1} of {d['subtopic']}\n\n{body}\n"

    files: list[tuple[Path, str]] = []
    ecb_rest = [d for d in docs if d["doc_id"] not in held_ecb]
    pol_rest = [name for name in sorted(texts) if name not in held_pol]
    take_ecb = min(len(ecb_rest), int(n * 0.45))
    take_pol = min(len(pol_rest), n - take_ecb)
    for k, d in enumerate(ecb_rest[:take_ecb]):
        files.append((base / f"ecb-{d['doc_id']}.txt", ecb_text(d, k)))
    files.extend((base / f"polnear-{name}", texts[name]) for name in pol_rest[:take_pol])
    halves = 0
    for name in sorted(pol_rest[:take_pol], key=lambda x: (-len(texts[x]), x)):
        if take_ecb + take_pol + halves >= n:
            break
        paras = [p for p in texts[name].split("\n\n") if p.strip()]
        if len(paras) >= 6:
            files.append((base / f"half-{name}", "\n\n".join(paras[len(paras) // 2 :]) + "\n"))
            halves += 1
    for k, d in enumerate(d for d in docs if d["doc_id"] in held_ecb):
        files.append((new / f"ecb-{d['doc_id']}.txt", ecb_text(d, k)))
    files.extend((new / f"polnear-{name}", texts[name]) for name in held_pol)
    for path, text in files:
        path.write_text(text, encoding="utf-8")
    return {"ecbplus": take_ecb, "polnear": take_pol, "halves": halves, "new": len(held_ecb) + len(held_pol)}


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["build", "add", "full", "compare", "check", "warm"])
    parser.add_argument("--work", type=Path, default=Path("/tmp/case-bench"))
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--part", type=int, default=0, help="build: which part of the base articles to add")
    parser.add_argument("--parts", type=int, default=1, help="build: in how many updates (keeps each job short)")
    args = parser.parse_args()
    work: Path = args.work
    db = work / "cases.db"
    from corroborator.cases import CaseStore

    if args.step == "build":
        work.mkdir(parents=True, exist_ok=True)
        counts: dict[str, int] = {}
        if args.part == 0:
            counts = build_corpus(work, args.n)
        store = CaseStore(db)
        if args.part == 0:
            store.create("big")
        files = sorted(str(p) for p in (work / "corpus" / "base").iterdir())
        size = -(-len(files) // args.parts)
        started, c0 = time.perf_counter(), cpu()
        changes = store.add("big", files[args.part * size : (args.part + 1) * size])
        out = {"step": f"build {args.part + 1}/{args.parts}", **counts, "articles": len(changes.added)}
        out.update(seconds=time.perf_counter() - started, cpu_s=cpu() - c0)
    elif args.step == "add":
        started, c0 = time.perf_counter(), cpu()
        store = CaseStore(db)
        changes = store.add("big", [str(work / "corpus" / "new")])
        out = {
            "step": "add",
            "added": len(changes.added),
            "pairs_aligned": changes.aligned,
            "seconds": time.perf_counter() - started,
            "cpu_s": cpu() - c0,
            "new_findings": len(changes.new_findings),
            "claims_with_new_outlets": len(changes.new_relays),
        }
    elif args.step == "full":
        from corroborator.cases import raw_from_json
        from corroborator.pipeline import analyze

        store = CaseStore(db)
        raws = [raw_from_json(r[0]) for r in store.db.execute("SELECT raw FROM case_inputs ORDER BY position")]
        started, c0 = time.perf_counter(), cpu()
        report = analyze(raws)
        out = {"step": "full", "articles": len(report.articles), "seconds": time.perf_counter() - started}
        out["cpu_s"] = cpu() - c0
        out["timings"] = dict(report.timings)
        (work / "full.json").write_text(report.to_json(indent=None), encoding="utf-8")
    elif args.step == "warm":
        from corroborator.cases import raw_from_json
        from corroborator.pipeline import analyze

        store = CaseStore(db)
        case = store.get("big")
        options = store.options(case)
        raws = [raw_from_json(r[0]) for r in store.db.execute("SELECT raw FROM case_inputs ORDER BY position")]
        started, c0 = time.perf_counter(), cpu()
        cache = store._load_cache(case, options)
        before = (set(cache.built), set(cache.alignments), set(cache.claims), len(cache.plausible))
        report = analyze(raws, options, None, cache)
        with store.transaction() as tx:
            store._save_cache(tx, case, options, cache, before[0], before[1], report.articles, before[2], before[3])
        out = {
            "step": "warm",
            "articles": len(report.articles),
            "claim_stories_built": cache.claim_stories,
            "pairs_aligned": cache.aligned,
            "seconds": time.perf_counter() - started,
            "cpu_s": cpu() - c0,
        }
    elif args.step == "check":
        from tests.test_cases import _as_pipeline, _comparable

        from corroborator.articles import build_article, build_key
        from corroborator.cases import raw_from_json
        from corroborator.clean import find_repeated_lines
        from corroborator.parser import parser_for
        from corroborator.pipeline import analyze

        store = CaseStore(db)
        case = store.get("big")
        options = store.options(case)
        raws = [raw_from_json(r[0]) for r in store.db.execute("SELECT raw FROM case_inputs ORDER BY position")]
        started, c0 = time.perf_counter(), cpu()
        cache = store._load_cache(case, options)
        cache.claims.clear()
        cache.plausible.clear()
        again = _comparable(analyze(raws, options, None, cache))
        stored = _comparable(_as_pipeline(store, "big"))
        keys = ("articles", "stories", "relations", "claims", "findings")
        repeated = find_repeated_lines(raws, options.clean.repeated_min_outlet, options.clean.repeated_min_corpus)
        parse = parser_for(options.sources.parser)
        checked, differ = 0, []
        for raw, rep in zip(raws, repeated, strict=True):
            cached = cache.built.get(build_key(raw, rep)) if rep else None
            if cached is None or not any(r.reason.startswith("repeated in") for r in cached.removed):
                continue
            checked += 1
            if build_article(raw, rep, parse) != cached:
                differ.append(raw.source)
        out = {
            "step": "check",
            "same": {k: stored[k] == again[k] for k in keys},
            "counts": {k: len(again[k]) for k in keys},
            "claim_stories_built": cache.claim_stories,
            "articles_with_repeated_lines_built_afresh": checked,
            "of_them_different": differ,
            "seconds": time.perf_counter() - started,
            "cpu_s": cpu() - c0,
        }
    else:
        from tests.test_cases import _as_pipeline, _comparable

        from corroborator.report import Report

        store = CaseStore(db)
        case = _comparable(_as_pipeline(store, "big"))
        full = _comparable(Report.from_dict(json.loads((work / "full.json").read_text(encoding="utf-8"))))
        steps = {}
        for line in (work / "log.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            steps[row["step"]] = row
        out = {
            "step": "compare",
            "same": {k: case[k] == full[k] for k in ("articles", "stories", "relations", "claims", "findings")},
            "counts": {k: len(full[k]) for k in ("articles", "stories", "relations", "claims", "findings")},
            "add_s": steps["add"]["seconds"],
            "full_s": steps["full"]["seconds"],
            "ratio": steps["add"]["seconds"] / steps["full"]["seconds"],
            "cpu_ratio": steps["add"]["cpu_s"] / steps["full"]["cpu_s"],
        }
    print(json.dumps(out, indent=2, default=str))
    if args.step != "compare":
        with (work / "log.jsonl").open("a", encoding="utf-8") as log:
            log.write(json.dumps(out, default=str) + "\n")


if __name__ == "__main__":
    main()
