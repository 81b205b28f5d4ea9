"""Attribution source spans on PolNeAR (dev split by default): precision and recall.

    python bench/polnear_attribution.py [--split dev] [--data ../shared/datasets/polnear/data]

Gold: every ``Source`` span of the brat standoff files (for double-annotated
articles, the first annotator's file). Predicted: the ``source_text`` span of
every attribution corroborator finds (quote speakers are attributions too),
mapped back to the original file's offsets. Exact match needs the same
start and end; overlap match needs any shared character.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

from corroborator.pipeline import build_article
from corroborator.types import Metadata, RawArticle

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "polnear" / "data"


def gold_sources(ann: Path) -> list[tuple[int, int]]:
    spans = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].startswith("T") and parts[1].startswith("Source "):
            offsets = parts[1][len("Source ") :].replace(";", " ").split()
            numbers = [int(x) for x in offsets]
            spans.append((min(numbers), max(numbers)))
    return spans


def predicted_sources(text: str, name: str) -> list[tuple[int, int]]:
    article = build_article(RawArticle(source=name, raw_text=text, meta=Metadata()))
    if article is None:
        return []
    spans = {(article.raw_offset(a.source_start), article.raw_offset(a.source_start) + (a.source_end - a.source_start))
             for a in article.attributions}
    return sorted(spans)


def score(pairs: list[tuple[list[tuple[int, int]], list[tuple[int, int]]]]) -> dict[str, float]:
    tp_exact = tp_overlap_pred = tp_overlap_gold = n_pred = n_gold = 0
    for gold, pred in pairs:
        n_pred += len(pred)
        n_gold += len(gold)
        gold_set = set(gold)
        tp_exact += sum(1 for p in pred if p in gold_set)
        tp_overlap_pred += sum(1 for p in pred if any(p[0] < g[1] and g[0] < p[1] for g in gold))
        tp_overlap_gold += sum(1 for g in gold if any(p[0] < g[1] and g[0] < p[1] for p in pred))

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    pe, re_ = tp_exact / max(n_pred, 1), tp_exact / max(n_gold, 1)
    po, ro = tp_overlap_pred / max(n_pred, 1), tp_overlap_gold / max(n_gold, 1)
    return {"gold": n_gold, "predicted": n_pred, "exact_precision": pe, "exact_recall": re_, "exact_f1": f1(pe, re_),
            "overlap_precision": po, "overlap_recall": ro, "overlap_f1": f1(po, ro)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    split = args.data / args.split
    pairs = []
    started = time.perf_counter()
    for text_path in sorted((split / "text").glob("*.txt")):
        anns = sorted((split / "attributions").glob(text_path.stem + "_*.ann"))
        if not anns:
            continue
        text = text_path.read_text(encoding="utf-8")
        pairs.append((gold_sources(anns[0]), predicted_sources(text, text_path.name)))
    result = score(pairs)
    result.update(articles=len(pairs), seconds=round(time.perf_counter() - started, 2), split=args.split,
                  machine=f"{platform.machine()} {platform.processor() or ''} python {platform.python_version()}".strip())
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    sys.exit(main())
