"""Corroboration on Emergent (scrape): independent origins per claim vs the claim's final veracity.

    python bench/emergent_corroboration.py [--data ../shared/datasets/emergent_scrape/emergent.csv]

For each claim, its outlets' headlines go through ``analyze`` as articles (outlet = domain). Origins
are counted as the pipeline counts them: headlines that are copies or rewrites of each other are one
origin (their copy group), and a headline that credits a named source counts as that source. Reported:
outlets and origins per veracity label, and how well "few independent origins" (relative to the
number of outlets) ranks the claims that turned out FALSE or Unverified above TRUE ones (ROC AUC;
0.5 = no signal). Only headlines are available, so this measures headline-level corroboration.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import statistics
import time
from collections import defaultdict
from pathlib import Path

from corroborator import AnalyzeOptions, analyze
from corroborator.attribution import is_generic
from corroborator.claims import copy_groups

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "emergent_scrape" / "emergent.csv"


def load(path: Path) -> dict[str, dict]:
    claims: dict[str, dict] = {}
    with path.open(encoding="cp1252", errors="replace", newline="") as handle:
        for row in csv.DictReader(handle):
            claim = claims.setdefault(row["claim"], {"label": row["claim_label"], "pages": []})
            if row["page_headline"].strip():
                claim["pages"].append({"outlet": row["page_domain"],
                                       "text": row["page_headline"].strip(), "stance": row["page_position"]})
    return claims


def origins(pages: list[dict]) -> tuple[int, int]:
    report = analyze(pages, AnalyzeOptions())
    roots = copy_groups(report)
    keys = set()
    for art in report.articles:
        credited = [a for a in art.attributions if a.kind == "report" and not is_generic(a.source)]
        keys.add(f"source:{credited[0].source_key}" if credited else f"group:{roots[art.id]}")
    outlets = len({p["outlet"] for p in pages})
    return outlets, len(keys)


def auc(scores: list[float], positives: list[bool]) -> float:
    pos = [s for s, p in zip(scores, positives) if p]
    neg = [s for s, p in zip(scores, positives) if not p]
    wins = sum((a > b) + 0.5 * (a == b) for a in pos for b in neg)
    return wins / max(1, len(pos) * len(neg))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    args = parser.parse_args()
    started = time.perf_counter()
    rows = []
    for text, claim in load(args.data).items():
        if len(claim["pages"]) < 2:
            continue
        outlets, found = origins(claim["pages"])
        rows.append({"claim": text, "label": claim["label"], "outlets": outlets, "origins": found})
    by_label: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_label[row["label"]].append(row)
    not_true = [r["label"] != "TRUE" for r in rows]
    result = {
        "claims": len(rows),
        "per_label": {label: {"claims": len(rs), "median_outlets": statistics.median(r["outlets"] for r in rs),
                              "median_origins": statistics.median(r["origins"] for r in rs),
                              "mean_origins_per_outlet": round(statistics.mean(r["origins"] / r["outlets"] for r in rs), 3)}
                      for label, rs in sorted(by_label.items())},
        "auc_few_origins_per_outlet_predicts_false_or_unverified": round(auc([-r["origins"] / r["outlets"] for r in rows], not_true), 3),
        "auc_few_origins_predicts_false_or_unverified": round(auc([-r["origins"] for r in rows], not_true), 3),
        "auc_few_outlets_predicts_false_or_unverified": round(auc([-r["outlets"] for r in rows], not_true), 3),
        "seconds": round(time.perf_counter() - started, 1),
        "machine": f"{platform.machine()} python {platform.python_version()}",
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
