"""Findings audit on real multi-outlet stories (issue 13, item 6): re-run the tool, replay the judgments.

Each ECB+ sub-topic of topics 1-35 (5-22 real articles about one incident) is analysed as one batch. Every
finding that is not ``unique_claim`` is listed, and every ``unique_claim`` (a seeded sample of 150 beyond that).
A person
judged each by reading the articles; the verdicts are kept in ``quality/findings_audit.jsonl`` (sub-topic, kind,
the evidence as ECB+ document and character offsets, verdict, reason; no article text).

    python scripts/findings_audit.py --show      # print the findings to read (text goes to the terminal only)
    python scripts/findings_audit.py             # replay: precision per kind, and findings with no judgment

Verdicts: "right" (what the finding says is what the texts show, and a fact-checker would want to see it),
"wrong" (it is not so), "unsure" (counted apart, not as right). ``name_variant`` is judged but reported apart.
Rules up to the fourth round were written while reading the output of topics 1-35 (the issue names these
topics); the fifth and sixth rounds' rules were written on topics 1-17 only and topics 18-35's new findings were
judged after the last rule change, so the figures are printed per half (1-17 tuned, 18-35 held out). Unique
claims are also split by whether they are marked top (raised) or folded, and by what makes the finding
checkable (a number no other outlet gives, a named source, or only a named actor).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from corroborator.eval.base import read_judgments, shared_datasets  # noqa: E402
from corroborator.eval.ecbclaims import HELD_OUT_FROM, batch_texts, load_ecb, subtopics  # noqa: E402
from corroborator.pipeline import analyze  # noqa: E402

JUDGMENTS = ROOT / "quality" / "findings_audit.jsonl"
UNIQUE_SAMPLE, SEED = 150, 13  # 150: every unique claim while there are fewer (a census, not a sample)


def audited_findings() -> list[dict]:
    """Every finding but unique claims, and a seeded sample of those, keyed by ECB+ document and offsets."""
    batches = {k: v for k, v in subtopics(load_ecb(shared_datasets() / "ecbplus")).items() if v[0].topic <= 35}
    rows = []
    for name in sorted(batches, key=lambda n: (batches[n][0].topic, n)):
        docs = batches[name]
        texts = batch_texts(docs)
        report = analyze([{"text": t, "id": d.doc_id} for d, (t, _s) in zip(docs, texts, strict=True)])
        by_id = {a.id: a for a in report.articles}
        for f in report.findings:
            evidence = []
            for e in f.evidence:
                art = by_id[e.article]
                raw = art.raw_offset(e.start) if e.start >= 0 else -1
                evidence.append({"doc": art.meta.input_id or "", "start": raw, "field": e.field, "text": e.text})
            key = [f.kind, sorted([e["doc"], e["start"]] for e in evidence)]
            whys = {p["why"] for p in f.details.get("passages", ())}
            why = next((w for w in ("a number", "a named source", "a named actor") if w in whys), "")
            rows.append(
                {
                    "subtopic": name,
                    "kind": f.kind,
                    "key": key,
                    "summary": f.summary,
                    "evidence": evidence,
                    "top": f.top,
                    "why": why,
                }
            )
    unique = [r for r in rows if r["kind"] == "unique_claim"]
    keep = random.Random(SEED).sample(unique, min(UNIQUE_SAMPLE, len(unique)))
    return [r for r in rows if r["kind"] != "unique_claim"] + sorted(keep, key=lambda r: (r["subtopic"], r["key"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", action="store_true", help="print the findings to read")
    args = parser.parse_args()
    rows = audited_findings()
    if args.show:
        for k, r in enumerate(rows):
            print(f"\n#{k} {r['subtopic']} {r['kind']} key={json.dumps(r['key'])}\n  {r['summary']}")
            for e in r["evidence"]:
                print(f"  - {e['doc']}@{e['start']}: {e['text']}")
        return 0
    judged = read_judgments(JUDGMENTS)
    verdicts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    missing = []
    for r in rows:
        j = judged.get((r["subtopic"], json.dumps(r["key"])))
        if j is None:
            missing.append(r)
        else:
            half = "1-17" if int(r["subtopic"].split("_")[0]) < HELD_OUT_FROM else "18-35"
            for part in ("all", half):
                verdicts[(r["kind"], part)][j["verdict"]] += 1
            if r["kind"] == "unique_claim":  # raised (top) or folded; what makes it checkable (its strongest passage)
                verdicts[(r["kind"] + " " + ("top" if r["top"] else "folded"), half)][j["verdict"]] += 1
                verdicts[(r["kind"] + " " + r["why"].split()[-1], half)][j["verdict"]] += 1
    unique = sum(r["kind"] == "unique_claim" for r in rows)
    print(f"{len(rows)} findings audited on ECB+ topics 1-35 ({unique} unique claims: all if at most {UNIQUE_SAMPLE})")
    print("topics 1-17: the rules of the fifth and sixth rounds were written on them; 18-35: judged last (held out)")
    for kind, part in sorted(verdicts):
        c = verdicts[(kind, part)]
        decided = c["right"] + c["wrong"]
        share = f"{c['right'] / decided:.2f}" if decided else "n/a"
        print(
            f"{kind:26} {part:6} right {c['right']:3}  wrong {c['wrong']:3}  unsure {c['unsure']:3}  precision {share}"
        )
    for r in missing:
        print(f"no judgment yet: {r['subtopic']} {json.dumps(r['key'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
