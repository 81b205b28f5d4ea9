"""A seeded dedup benchmark corpus of full-length articles (1-3 KB), with planted copies and near-copies.

    python bench/dedup_articles.py --articles 20000 --seed 1 --out bench/data/articles-20k-s1.jsonl
    python bench/dedup_articles.py --articles 100000 --seed 1 --out bench/data/articles-100k-s1.jsonl

Built at run time from the article bodies in ../shared/datasets (PolNeAR's texts and ECB+'s documents);
nothing of their text is stored in the repository. There are about 1,700 real bodies, and a benchmark
needs 20,000 to 1,000,000 distinct articles, so each base article is put together the way wire-fed news is:

- an **anchor run**: consecutive sentences of one real body (20-40% of the article's length), so articles
  that share an anchor body overlap like two outlets running parts of the same wire story;
- the rest in **short runs** of 1-3 consecutive sentences from other random bodies, until the article
  reaches its target length, drawn uniformly between 1,000 and 3,000 characters.

Two base articles were meant to share at most the anchor run (<= 40% of their text), a background of partial
reuse near Jaccard 0.25. They can share more: a "short" run is 1-3 sentences of up to 400 characters each,
so up to ~1,200 characters, most of a 1,000-character article, and two articles can draw the same run
(the same body and first sentence). Such a pair shares a passage by construction and can reach a true
bigram Jaccard of 0.45-0.55 (9 pairs in 100,000 articles of seed 2, ~1% of the reported pairs at 1M):
near-duplicates nobody planted. The generator is left as it was (every seed gives the same corpus as
before); instead it writes each base article's runs to ``*.runs.jsonl`` (id and [body, first sentence,
sentences] per run), and the benchmarks count a reported pair that is not planted as correct when the
two articles (or the bases of their copies) share a run and their true Jaccard reaches the threshold
(``dedup_speed.shared_run_pairs``). Of the base articles:
- 5% get an **exact copy** (case and spacing changed only);
- 12% get a **near-copy**: 5-15% of words edited (4 in 6 replaced with a word from the corpus vocabulary,
  1 in 6 deleted, 1 in 6 inserted), then one sentence dropped or one added (a coin flip).
Planted pairs go to ``*.truth.jsonl`` next to the corpus (a, b, kind, edited share). The benchmark
computes their true Jaccard itself, with whatever shingles the engine uses.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "datasets"
# Longer "sentences" are lists of names, tables or markup that the splitter could not cut: one of them
# could fill a whole article and make two unrelated articles look alike.
MAX_SENTENCE = 400
SENTENCE_END = re.compile(r"(?<=[.!?\"”])\s+(?=[A-Z“\"])")


def _detokenise(sentence: str) -> str:
    s = sentence.replace("`` ", '"').replace(" ''", '"')
    return re.sub(r"\s+([.,;:!?'%)])|([($])\s+", lambda m: m.group(1) or m.group(2), s).replace(" n't", "n't")


def load_bodies() -> list[list[str]]:
    """Every real article body as its list of sentences (PolNeAR texts, then ECB+ documents)."""
    bodies: list[list[str]] = []
    for path in sorted((SHARED / "polnear" / "data").glob("*/text/*.txt")):
        sentences = [
            s.strip()
            for paragraph in path.read_text(encoding="utf-8").split("\n")
            for s in SENTENCE_END.split(paragraph)
            if len(s.split()) >= 4 and len(s) <= MAX_SENTENCE
        ]
        if len(sentences) >= 5:
            bodies.append(sentences)
    for line in (SHARED / "ecbplus" / "docs.jsonl").read_text(encoding="utf-8").splitlines():
        sentences = [
            _detokenise(s) for s in json.loads(line)["sentences"] if len(s.split()) >= 4 and len(s) <= MAX_SENTENCE
        ]
        if len(sentences) >= 5 and not sentences[0].startswith("http"):
            bodies.append(sentences)
    if not bodies:
        raise SystemExit(f"no article bodies found under {SHARED}")
    return bodies


def base_article(
    rng: random.Random, bodies: list[list[str]], runs: list[tuple[int, int, int]] | None = None
) -> list[str]:
    """A base article; ``runs`` (if given) gets its runs as (body index, first sentence, sentences). Recording
    them draws nothing from ``rng``: the corpus of a seed is the same with or without them."""
    target = rng.randint(1_000, 3_000)
    anchor_index = rng.randrange(len(bodies))  # what rng.choice(bodies) draws, by index
    anchor = bodies[anchor_index]
    start = rng.randrange(len(anchor))
    out: list[str] = []
    size = 0
    for sentence in anchor[start:]:  # the anchor run: 20-40% of the target length
        if size + len(sentence) > target * rng.uniform(0.2, 0.4) and out:
            break
        out.append(sentence)
        size += len(sentence) + 1
    if runs is not None:
        runs.append((anchor_index, start, len(out)))
    while size < target:  # short runs from other bodies
        other_index = rng.randrange(len(bodies))
        other = bodies[other_index]
        k = rng.randrange(len(other))
        run = other[k : k + rng.randint(1, 3)]
        for sentence in run:
            out.append(sentence)
            size += len(sentence) + 1
        if runs is not None:
            runs.append((other_index, k, len(run)))
    return out


def near_copy(rng: random.Random, sentences: list[str], vocab: list[str], pool: list[str]) -> tuple[str, float]:
    """5-15% of words edited (replaced, deleted, inserted), then a sentence dropped or added."""
    parts = list(sentences)
    if rng.random() < 0.5 and len(parts) > 3:
        parts.pop(rng.randrange(len(parts)))
    else:
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(pool))
    words = " ".join(parts).split(" ")
    share = rng.uniform(0.05, 0.15)
    for _ in range(round(len(words) * share)):
        roll = rng.random()
        k = rng.randrange(len(words))
        if roll < 4 / 6:
            words[k] = rng.choice(vocab)
        elif roll < 5 / 6 and len(words) > 1:
            del words[k]
        else:
            words.insert(k, rng.choice(vocab))
    return " ".join(words), share


def build(n: int, seed: int, out: Path) -> dict[str, int]:
    rng = random.Random(seed)
    bodies = load_bodies()
    pool = [s for body in bodies for s in body]
    vocab = sorted({w for s in rng.sample(pool, 5_000) for w in s.split()})
    counts = {"articles": 0, "exact": 0, "near": 0, "bodies": len(bodies)}
    truth = out.with_suffix(".truth.jsonl")
    with (
        out.open("w", encoding="utf-8") as corpus,
        truth.open("w", encoding="utf-8") as planted,
        out.with_suffix(".runs.jsonl").open("w", encoding="utf-8") as provenance,
    ):

        def emit(doc_id: str, text: str, day: int) -> None:
            row = {"id": doc_id, "text": text, "published": f"2024-{1 + day % 12:02d}-{1 + day % 28:02d}"}
            corpus.write(json.dumps(row, ensure_ascii=False) + "\n")
            counts["articles"] += 1

        k = 0
        while counts["articles"] < n:
            runs: list[tuple[int, int, int]] = []
            sentences = base_article(rng, bodies, runs)
            base = " ".join(sentences)
            emit(f"a{k}", base, k)
            provenance.write(json.dumps({"id": f"a{k}", "runs": runs}) + "\n")
            roll = rng.random()
            if roll < 0.05 and counts["articles"] < n:
                emit(f"a{k}-copy", re.sub(" ", "  ", base.upper(), count=3), k + 1)
                planted.write(json.dumps({"a": f"a{k}", "b": f"a{k}-copy", "kind": "exact", "edited": 0.0}) + "\n")
                counts["exact"] += 1
            elif roll < 0.17 and counts["articles"] < n:
                text, share = near_copy(rng, sentences, vocab, pool)
                emit(f"a{k}-near", text, k + 2)
                row = {"a": f"a{k}", "b": f"a{k}-near", "kind": "near", "edited": round(share, 4)}
                planted.write(json.dumps(row) + "\n")
                counts["near"] += 1
            k += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("bench/data/articles-20k-s1.jsonl"))
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    counts = build(args.articles, args.seed, args.out)
    print(f"wrote {args.out} and {args.out.with_suffix('.truth.jsonl')}: {counts}")


if __name__ == "__main__":
    main()
