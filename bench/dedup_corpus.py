"""A seeded dedup benchmark corpus made from real sentences, with planted copies.

    python bench/dedup_corpus.py --articles 100000 --out bench/data/corpus-100k.jsonl

Sentences come from ../shared/datasets (ECB+ docs, MRPC and STS-B pairs, PolNeAR texts). Base
articles are ~300 words of sentences drawn at random; then, of the base articles:
- 5% get an exact copy (whitespace and case changed only);
- 10% get a near-duplicate: 5-15% of words replaced, and a sentence dropped or one added;
- 5% get a paraphrased rewrite: every sentence with an MRPC / STS-B paraphrase partner swapped for it.
Random sentences shared across unrelated articles make false candidates occur as in real news. The
planted pairs are written next to the corpus (``*.truth.jsonl``) with their true Jaccard of word
5-gram shingles, so recall can be scored on pairs with J >= 0.8.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets"


def load_sentences() -> tuple[list[str], dict[str, str]]:
    sentences: list[str] = []
    partner: dict[str, str] = {}
    for line in (SHARED / "ecbplus" / "docs.jsonl").read_text(encoding="utf-8").splitlines():
        for s in json.loads(line)["sentences"]:
            s = re.sub(r"\s+([.,;:!?'])", r"\1", s.replace("`` ", '"').replace(" ''", '"'))
            if len(s.split()) >= 6:
                sentences.append(s)
    for line in (SHARED / "mrpc" / "msr_paraphrase_train.txt").read_text(encoding="utf-8-sig").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) == 5:
            a, b = parts[3], parts[4]
            sentences += [a, b]
            if parts[0] == "1":
                partner[a], partner[b] = b, a
    for name in ("sts-train.csv", "sts-dev.csv"):
        for line in (SHARED / "stsb" / name).read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 7:
                sentences += [parts[5], parts[6]]
                try:
                    if float(parts[4]) >= 4.0:
                        partner[parts[5]], partner[parts[6]] = parts[6], parts[5]
                except ValueError:
                    pass
    for path in sorted((SHARED / "polnear" / "data" / "train" / "text").glob("*.txt"))[:400]:
        sentences += [s for s in re.split(r"(?<=[.!?])\s+", path.read_text(encoding="utf-8")) if len(s.split()) >= 6]
    return sentences, partner


def shingle_set(text: str) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[k : k + 5]) for k in range(max(1, len(words) - 4))}


def jaccard(a: str, b: str) -> float:
    x, y = shingle_set(a), shingle_set(b)
    return len(x & y) / len(x | y) if x | y else 1.0


def build(n: int, seed: int, out: Path) -> None:
    rng = random.Random(seed)
    sentences, partner = load_sentences()
    with_partner = [s for s in sentences if s in partner]
    vocab = list({w for s in rng.sample(sentences, 5000) for w in s.split()})
    n_base = int(n / 1.2)
    truth = out.with_suffix(".truth.jsonl")
    with out.open("w", encoding="utf-8") as corpus, truth.open("w", encoding="utf-8") as planted:
        written = 0

        def emit(doc_id: str, text: str, day: int) -> None:
            nonlocal written
            corpus.write(
                json.dumps({"id": doc_id, "text": text, "published": f"2024-{1 + day % 12:02d}-{1 + day % 28:02d}"})
                + "\n"
            )
            written += 1

        for k in range(n_base):
            if written >= n:
                break
            body: list[str] = []
            while sum(len(s.split()) for s in body) < 300:
                # Rewritable articles draw a third of their sentences from those with paraphrase partners.
                body.append(rng.choice(with_partner) if rng.random() < 0.33 else rng.choice(sentences))
            base = " ".join(body)
            emit(f"a{k}", base, k)
            roll = rng.random()
            if roll < 0.05 and written < n:
                copy = re.sub(r" ", "  ", base.upper(), count=3)
                emit(f"a{k}-copy", copy, k + 1)
                planted.write(json.dumps({"a": f"a{k}", "b": f"a{k}-copy", "kind": "exact", "jaccard": 1.0}) + "\n")
            elif roll < 0.15 and written < n:
                words = base.split()
                for _ in range(int(len(words) * rng.uniform(0.05, 0.15))):
                    words[rng.randrange(len(words))] = rng.choice(vocab)
                edited = " ".join(words)
                parts = re.split(r"(?<=[.!?])\s+", edited)
                if rng.random() < 0.5 and len(parts) > 3:
                    parts.pop(rng.randrange(len(parts)))
                else:
                    parts.insert(rng.randrange(len(parts)), rng.choice(sentences))
                near = " ".join(parts)
                emit(f"a{k}-near", near, k + 2)
                planted.write(
                    json.dumps(
                        {"a": f"a{k}", "b": f"a{k}-near", "kind": "near", "jaccard": round(jaccard(base, near), 4)}
                    )
                    + "\n"
                )
            elif roll < 0.20 and written < n:
                rewrite = " ".join(partner.get(s, s) for s in body)
                emit(f"a{k}-rewrite", rewrite, k + 3)
                planted.write(
                    json.dumps(
                        {
                            "a": f"a{k}",
                            "b": f"a{k}-rewrite",
                            "kind": "rewrite",
                            "jaccard": round(jaccard(base, rewrite), 4),
                        }
                    )
                    + "\n"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("bench/data/corpus.jsonl"))
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    build(args.articles, args.seed, args.out)
    print(f"wrote {args.out} and {args.out.with_suffix('.truth.jsonl')}")


if __name__ == "__main__":
    main()
