"""The source-name audit: is every source name the tool produces a name a person can verify?

    python scripts/source_audit.py                 # re-run the tool, replay the judgments, print the junk rate
    python scripts/source_audit.py show [N]        # print the names still to judge, with context, to read

The tool runs on ECB+ (every sub-topic of topics 1-35, one batch per sub-topic, as a newsroom would load one
story) and on PolNeAR dev (one batch per article). A name is a canonical source name of the report
(``report.sources``), once per batch it appears in. Distinct names are keyed by dataset and normalised name
(``attribution.source_key``). There are more than a thousand, so a sample is judged: the names whose hash
falls within ``RATES`` (10% of ECB+, 30% of PolNeAR dev, ~150 each); the script says so.

Judgments live in quality/source_audit.jsonl, one per name: dataset, document id, the offsets of one
mention in the document's text, a hash of the name key (no article text is stored), and the verdict:
``ok`` (a person, organisation, publication, or a well-formed description such as "a senior official")
or ``junk`` (a pronoun left unresolved, a date, a verb phrase, a fragment of a longer name, anything a
reader cannot check). Names the tool produces that have no judgment are listed: judge them and re-run.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from corroborator.attribution import source_key  # noqa: E402
from corroborator.options import AnalyzeOptions, RelateOptions  # noqa: E402
from corroborator.pipeline import analyze  # noqa: E402
from corroborator.types import RawArticle  # noqa: E402

DATASETS = ROOT.parent / "shared" / "datasets"
JUDGMENTS = ROOT / "quality" / "source_audit.jsonl"
RATES = {"ecbplus": 0.1, "polnear_dev": 0.3}  # share of distinct names judged (~150 each)


def name_hash(name: str) -> str:
    return hashlib.sha1(source_key(name).encode("utf-8")).hexdigest()[:12]


def _ecb_batches() -> Iterator[tuple[str, list[RawArticle]]]:
    from corroborator.types import Metadata

    docs = [json.loads(line) for line in (DATASETS / "ecbplus" / "docs.jsonl").read_text("utf-8").splitlines()]
    by_subtopic: dict[str, list[dict]] = {}
    for d in docs:
        if 1 <= int(d["topic"]) <= 35:
            by_subtopic.setdefault(d["subtopic"], []).append(d)
    for subtopic, group in sorted(by_subtopic.items()):
        yield (
            subtopic,
            [RawArticle(source=str(d["doc_id"]), raw_text="\n".join(d["sentences"]), meta=Metadata()) for d in group],
        )


def _polnear_batches() -> Iterator[tuple[str, list[RawArticle]]]:
    from corroborator.types import Metadata

    for path in sorted((DATASETS / "polnear" / "data" / "dev" / "text").glob("*.txt")):
        yield path.name, [RawArticle(source=path.name, raw_text=path.read_text("utf-8"), meta=Metadata())]


def collect() -> dict[str, dict[str, dict]]:
    """dataset -> name hash -> one mention: {doc, start, end, name, written, context} (kept in memory only)."""
    out: dict[str, dict[str, dict]] = {"ecbplus": {}, "polnear_dev": {}}
    options = AnalyzeOptions(relate=RelateOptions(enabled=False))
    for dataset, batches in (("ecbplus", _ecb_batches()), ("polnear_dev", _polnear_batches())):
        for _batch, raws in batches:
            report = analyze(raws, options)
            names = {s.id: s.name for s in report.sources}
            for art in report.articles:
                for att in art.attributions:
                    if att.source_id is None:
                        continue  # an unresolved pronoun: the tool names no one there
                    name = names[att.source_id]
                    key = name_hash(name)
                    if key in out[dataset]:
                        continue
                    start = art.raw_offset(att.source_start)
                    out[dataset][key] = {
                        "doc": art.source,
                        "start": start,
                        "end": start + att.source_end - att.source_start,
                        "name": name,
                        "written": att.source_text,
                        "context": art.text[max(0, att.start - 80) : att.end + 80].replace("\n", " "),
                    }
    return out


def sampled(dataset: str, names: dict[str, dict]) -> list[str]:
    """The names to judge: all of them, or those whose name hash falls in the dataset's sampling rate.

    Sampling by hash keeps a name in or out of the sample whatever else the tool produces, so a judgment
    stays valid when a change adds or removes other names."""
    rate = RATES.get(dataset, 1.0)
    return sorted(k for k in names if int(k[:8], 16) % 1000 < rate * 1000)


def load_judgments() -> dict[tuple[str, str], dict]:
    if not JUDGMENTS.exists():
        return {}
    rows = [json.loads(line) for line in JUDGMENTS.read_text("utf-8").splitlines() if line.strip()]
    return {(r["dataset"], r["name_hash"]): r for r in rows}


def main(argv: list[str]) -> int:
    found = collect()
    judged = load_judgments()
    missing = []
    total_judged = total_junk = 0
    for dataset, names in found.items():
        chosen = sampled(dataset, names)
        verdicts = [judged[(dataset, k)]["verdict"] for k in chosen if (dataset, k) in judged]
        junk = sum(v == "junk" for v in verdicts)
        total_judged += len(verdicts)
        total_junk += junk
        missing += [(dataset, k) for k in chosen if (dataset, k) not in judged]
        how = "all" if len(chosen) == len(names) else f"a hash sample ({RATES[dataset]:.0%}) of {len(chosen)}"
        print(
            f"{dataset}: {len(names)} distinct source names; {how} judged: {len(verdicts)} read, "
            f"{junk} junk ({junk / max(1, len(verdicts)):.1%})"
        )
    print(f"all: {total_judged} judged, {total_junk} junk ({total_junk / max(1, total_judged):.2%})")
    if missing:
        print(f"{len(missing)} names have no judgment yet (python scripts/source_audit.py show)")
    if argv[:1] == ["show"]:
        limit = int(argv[1]) if len(argv) > 1 else len(missing)
        for dataset, key in missing[:limit]:
            m = found[dataset][key]
            print(json.dumps({"dataset": dataset, "name_hash": key, **m}, ensure_ascii=False))
    if argv[:1] == ["write-template"]:
        # Rows for the missing names with verdict null, to fill in by reading ("show" prints the text).
        with JUDGMENTS.open("a", encoding="utf-8") as handle:
            for dataset, key in missing:
                m = found[dataset][key]
                row = {"dataset": dataset, "doc": m["doc"], "start": m["start"], "end": m["end"]}
                handle.write(json.dumps({**row, "name_hash": key, "verdict": None}) + "\n")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
