"""Claims audit on real multi-outlet stories (issue 12, item 5): re-run the tool, replay the judgments.

ECB+ sub-topics are 5-22 real articles about one incident. This script analyses a fixed, seeded sample of
held-out sub-topics (topics 18-35, never used to choose a threshold), lists every claim with two or more
articles, and compares them with the judgments a person made by reading them, kept in
``quality/claims_audit.jsonl`` (sub-topic, the claim's mentions as ECB+ document and sentence numbers, the
verdicts and a reason; no article text).

    python scripts/claims_audit.py --show      # print the claims to read (text goes to the terminal only)
    python scripts/claims_audit.py             # replay: verdict rates, and claims with no judgment yet

Verdicts: ``grouping`` is "one" (every mention states the same fact) or "mixed"; ``origins`` is "right" when
the independent-origin count and names are what the text supports, else "wrong".
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from corroborator.eval.base import read_judgments, shared_datasets  # noqa: E402
from corroborator.eval.ecbclaims import batch_texts, load_ecb, subtopics  # noqa: E402
from corroborator.pipeline import analyze  # noqa: E402

JUDGMENTS = ROOT / "quality" / "claims_audit.jsonl"
SAMPLE, SEED = 4, 12


def audited_claims() -> list[dict]:
    """Every claim with two or more articles in the sampled held-out sub-topics, keyed by ECB+ sentences."""
    batches = {k: v for k, v in subtopics(load_ecb(shared_datasets() / "ecbplus")).items() if v[0].topic >= 18}
    chosen = sorted(random.Random(SEED).sample(sorted(batches), SAMPLE))
    out = []
    for name in chosen:
        docs = batches[name]
        texts = batch_texts(docs)
        report = analyze([{"text": t, "id": d.doc_id} for d, (t, _s) in zip(docs, texts, strict=True)])
        spans_of = {d.doc_id: spans for d, (_t, spans) in zip(docs, texts, strict=True)}
        by_id = {a.id: a for a in report.articles}
        for claim in report.claims:
            if len(claim.articles) < 2:
                continue
            mentions = []
            for m in claim.mentions:
                art = by_id[m.article]
                doc = art.meta.input_id or ""
                start, end = art.raw_offset(m.start), art.raw_offset(max(m.start, m.end - 1))
                number = next((n for s, e, n in spans_of[doc] if s <= end and start < e), -1)
                mentions.append({"doc": doc, "sentence": number, "text": m.text, "origin": m.origin})
            key = sorted([m["doc"], m["sentence"]] for m in mentions)
            out.append({"subtopic": name, "key": key, "mentions": mentions, "explanation": claim.explanation})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", action="store_true", help="print the claims to read")
    args = parser.parse_args()
    claims = audited_claims()
    if args.show:
        for k, c in enumerate(claims):
            print(f"\n#{k} {c['subtopic']} key={json.dumps(c['key'])}\n  {c['explanation']}")
            for m in c["mentions"]:
                print(f"  - {m['doc']}:{m['sentence']} [{m['origin']}] {m['text']}")
        return 0
    judged = read_judgments(JUDGMENTS)
    found = [judged.get((c["subtopic"], json.dumps(c["key"]))) for c in claims]
    rows = [r for r in found if r]
    missing = [c for c, r in zip(claims, found, strict=True) if r is None]
    one = sum(r["grouping"] == "one" for r in rows)
    right = sum(r["origins"] == "right" for r in rows)
    print(f"{len(claims)} multi-article claims in {SAMPLE} held-out ECB+ sub-topics (seed {SEED}); {len(rows)} judged")
    if rows:
        print(f"grouping one statement: {one}/{len(rows)} = {one / len(rows):.2f} (goal >= 0.90)")
        print(f"origin count and names right: {right}/{len(rows)} = {right / len(rows):.2f} (goal >= 0.85)")
    for c in missing:
        print(f"no judgment yet: {c['subtopic']} {json.dumps(c['key'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
