"""Claims audit on real multi-outlet stories (issue 12, item 5): re-run the tool, replay the judgments.

ECB+ sub-topics are 5-22 real articles about one incident. This script analyses fixed, seeded samples of
held-out sub-topics (topics 18-35, never used to choose a threshold), lists every claim with two or more
articles, and compares them with judgments a person made by reading them (no article text is kept):

- ``quality/claims_audit.jsonl``: per claim (its mentions as ECB+ document and sentence numbers), whether it
  groups one statement ("one") or several ("mixed"), and the first round's origin verdicts;
- ``quality/claims_origins.jsonl``: per mention (sub-topic, document, sentence), the upstream source a
  reader finds for that statement in that article: a source name ("police", "Paul Okafor"), the same name
  across the articles of a sub-topic when it is the same source, or ``own:<doc>`` for an article's own
  reporting (a copy or wire reprint takes its original's label). These survive regrouping: any claim whose
  mentions all carry a label is scored.

A claim's origins are right when the tool splits its articles into the same origins as the reader's
labels (same count, same articles per origin).

    python scripts/claims_audit.py --set A --dump /tmp/a.json   # claims with their text, for reading
    python scripts/claims_audit.py --set A                      # replay: rates, and what is not judged yet

Set A is the first round's sample (4 sub-topics, seed 12; origin rules were read and fixed on it), set B four
other held-out sub-topics (seed 13; only scored, and twice used to reject a rule that helped A), set C four more
(seed 14), judged last, never used to choose anything.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from corroborator.eval.base import read_judgments, shared_datasets  # noqa: E402
from corroborator.eval.ecbclaims import batch_texts, load_ecb, subtopics  # noqa: E402
from corroborator.options import AnalyzeOptions  # noqa: E402
from corroborator.pipeline import analyze  # noqa: E402

JUDGMENTS = ROOT / "quality" / "claims_audit.jsonl"
ORIGINS = ROOT / "quality" / "claims_origins.jsonl"
SAMPLE = 4
SETS = {"A": 12, "B": 13, "C": 14, "D": 15}


def chosen_subtopics(which: str) -> list[str]:
    batches = sorted(k for k, v in subtopics(load_ecb(shared_datasets() / "ecbplus")).items() if v[0].topic >= 18)
    first = sorted(random.Random(SETS["A"]).sample(batches, SAMPLE))
    if which == "A":
        return first
    taken = set(first)
    for name in sorted(SETS)[1:]:  # each later set: sub-topics no earlier set took
        chosen = sorted(random.Random(SETS[name]).sample([b for b in batches if b not in taken], SAMPLE))
        if name == which:
            return chosen
        taken.update(chosen)
    raise ValueError(which)


def audited_claims(which: str = "A", options: AnalyzeOptions | None = None) -> list[dict]:
    """Every claim with two or more articles in the set's sub-topics, keyed by ECB+ sentences."""
    batches = subtopics(load_ecb(shared_datasets() / "ecbplus"))
    out = []
    for name in chosen_subtopics(which):
        docs = batches[name]
        texts = batch_texts(docs)
        report = analyze([{"text": t, "id": d.doc_id} for d, (t, _s) in zip(docs, texts, strict=True)], options)
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


def read_origin_labels(path: Path = ORIGINS) -> dict[tuple[str, str, int], str]:
    """(sub-topic, document, sentence) -> the reader's upstream label; a later row replaces an earlier one."""
    labels: dict[tuple[str, str, int], str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                labels[(row["subtopic"], row["doc"], int(row["sentence"]))] = row["upstream"]
    return labels


def origins_agree(claim: dict, labels: dict[tuple[str, str, int], str]) -> bool | None:
    """Whether the tool splits the claim's articles into the reader's origins; None when a mention is not
    labelled. An article's label is its first labelled mention's (one unit, one origin)."""
    tool: dict[str, str] = {}
    reader: dict[str, str] = {}
    for m in claim["mentions"]:
        label = labels.get((claim["subtopic"], m["doc"], m["sentence"]))
        if label is None:
            return None
        tool.setdefault(m["doc"], m["origin"])
        reader.setdefault(m["doc"], label)

    def partition(of: dict[str, str]) -> set[frozenset[str]]:
        groups: dict[str, set[str]] = defaultdict(set)
        for doc, origin in of.items():
            groups[origin].add(doc)
        return {frozenset(g) for g in groups.values()}

    return partition(tool) == partition(reader)


def origin_pairs(claim: dict, labels: dict[tuple[str, str, int], str]) -> list[bool]:
    """For each pair of the claim's articles: whether the tool and the reader agree that the two share an
    origin (or do not). A measure that does not depend on how many claims there are."""
    tool: dict[str, str] = {}
    reader: dict[str, str] = {}
    for m in claim["mentions"]:
        tool.setdefault(m["doc"], m["origin"])
        reader.setdefault(m["doc"], labels[(claim["subtopic"], m["doc"], m["sentence"])])
    docs = sorted(tool)
    return [(tool[a] == tool[b]) == (reader[a] == reader[b]) for i, a in enumerate(docs) for b in docs[i + 1 :]]


def grouping_verdict(claim: dict, judged: dict[tuple[str, str], dict]) -> str | None:
    """The reader's verdict on a claim's grouping: its own judgment, else "one" when its mentions are part
    of a claim judged one statement (part of one statement is one statement); None when not judged."""
    row = judged.get((claim["subtopic"], json.dumps(claim["key"])))
    if row and "grouping" in row:
        return str(row["grouping"])
    mine = {tuple(k) for k in claim["key"]}
    for (subtopic, key), other in judged.items():
        whole = {tuple(k) for k in json.loads(key)}
        if subtopic == claim["subtopic"] and other.get("grouping") == "one" and mine <= whole:
            return "one"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", default="A", choices=sorted(SETS), help="which sample of sub-topics")
    parser.add_argument("--dump", type=Path, help="write the claims with their text to this JSON file (to read)")
    parser.add_argument("--show", action="store_true", help="print the claims to read")
    parser.add_argument("--verbose", action="store_true", help="list each claim the origins get wrong")
    parser.add_argument(
        "--option", action="append", default=[], metavar="STAGE.NAME=VALUE", help="a setting, as analyze's --set"
    )
    args = parser.parse_args()
    overrides = dict(o.split("=", 1) for o in args.option)
    claims = audited_claims(args.set, AnalyzeOptions().with_overrides(overrides) if overrides else None)
    if args.dump:
        args.dump.write_text(json.dumps(claims, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"{len(claims)} claims written to {args.dump}")
        return 0
    if args.show:
        for k, c in enumerate(claims):
            print(f"\n#{k} {c['subtopic']} key={json.dumps(c['key'])}\n  {c['explanation']}")
            for m in c["mentions"]:
                print(f"  - {m['doc']}:{m['sentence']} [{m['origin']}] {m['text']}")
        return 0
    judged = read_judgments(JUDGMENTS)
    labels = read_origin_labels()
    print(f"set {args.set}: {len(claims)} multi-article claims in {SAMPLE} held-out ECB+ sub-topics")
    verdicts_of = [grouping_verdict(c, judged) for c in claims]
    rows = [v for v in verdicts_of if v is not None]
    if rows:
        one = sum(v == "one" for v in rows)
        print(
            f"grouping one statement: {one}/{len(rows)} = {one / len(rows):.2f} (goal >= 0.90); "
            f"{len(claims) - len(rows)} claims not judged"
        )
        if args.verbose:
            for c, v in zip(claims, verdicts_of, strict=True):
                if v is None:
                    print(f"  not judged: {c['subtopic']} {json.dumps(c['key'])}")
    verdicts = [(c, origins_agree(c, labels)) for c in claims]
    scored = [(c, v) for c, v in verdicts if v is not None]
    if scored:
        right = sum(v for _c, v in scored)
        print(
            f"origins right (same split of articles as the reader's labels): {right}/{len(scored)} = "
            f"{right / len(scored):.2f} (goal >= 0.85); {len(claims) - len(scored)} claims with unlabelled mentions"
        )
        pairs = [p for c, _v in scored for p in origin_pairs(c, labels)]
        if pairs:
            agree = sum(pairs)
            print(
                f"article pairs within a claim whose same / different origin matches the reader's: "
                f"{agree}/{len(pairs)} = {agree / len(pairs):.2f}"
            )
        if args.verbose:
            for c, v in scored:
                if not v:
                    tool = {m["doc"]: m["origin"] for m in c["mentions"]}
                    reader = {m["doc"]: labels[(c["subtopic"], m["doc"], m["sentence"])] for m in c["mentions"]}
                    print(f"  wrong: {c['subtopic']} {json.dumps(c['key'])}\n    tool:   {tool}\n    reader: {reader}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
