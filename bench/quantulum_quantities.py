"""Quantities: value and unit accuracy on quantulum3's gold test cases.

    python bench/quantulum_quantities.py [--data ../shared/datasets/quantulum3_tests/quantities.json] [--show-errors]

A gold quantity is found when a predicted quantity overlaps its surface in the sentence (or, when the
surface cannot be located, has its value) and has the same value (relative tolerance 1e-3); it is fully
right when the unit name is the same too. Reported: value accuracy and value+unit accuracy over gold
quantities, precision of predictions (fully right / predicted), and sentences fully right.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from corroborator.facts.quantities import extract_quantities

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "quantulum3_tests" / "quantities.json"


def close(a: float, b: float) -> bool:
    return a == b or (math.isfinite(a) and math.isfinite(b) and abs(a - b) <= 1e-3 * max(abs(a), abs(b)))


def evaluate(cases: list[dict], show: bool = False) -> dict:
    gold_n = pred_n = value_ok = both_ok = sentences_ok = 0
    for case in cases:
        text, gold = case["req"], case["res"]
        pred = extract_quantities(text)
        gold_n += len(gold)
        pred_n += len(pred)
        used: set[int] = set()
        right_here = 0
        for g in gold:
            pos = text.find(g["surface"])
            span = (pos, pos + len(g["surface"])) if pos >= 0 else None
            best = None
            for k, p in enumerate(pred):
                if k in used or not close(p.value, float(g["value"])):
                    continue
                if span and not (p.start < span[1] and span[0] < p.end):
                    continue
                best = k
                if p.unit == g["unit"]:
                    break
            if best is None:
                if show:
                    print(f"MISS {g['surface']!r} {g['unit']} {g['value']} in {text[:70]!r} -> {[(p.surface, p.unit, p.value) for p in pred]}")
                continue
            used.add(best)
            value_ok += 1
            if pred[best].unit == g["unit"]:
                both_ok += 1
                right_here += 1
            elif show:
                print(f"UNIT {g['surface']!r} gold {g['unit']} got {pred[best].unit}")
        if show:
            for k, p in enumerate(pred):
                if k not in used:
                    print(f"EXTRA {p.surface!r} {p.unit} {p.value} in {text[:70]!r}")
        sentences_ok += right_here == len(gold) and len(pred) == len(gold)
    return {
        "sentences": len(cases), "gold_quantities": gold_n, "predicted": pred_n,
        "value_accuracy": round(value_ok / max(1, gold_n), 4),
        "value_and_unit_accuracy": round(both_ok / max(1, gold_n), 4),
        "precision": round(both_ok / max(1, pred_n), 4),
        "sentences_fully_right": round(sentences_ok / max(1, len(cases)), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    print(json.dumps(evaluate(json.loads(args.data.read_text()), args.show_errors), indent=2))


if __name__ == "__main__":
    main()
