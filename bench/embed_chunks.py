"""Embedding in progress-sized chunks costs no more than before (issue 14, item 7).

    python bench/embed_chunks.py [FOLDER] [--sentences 600] [--rounds 2]

``SentenceVectors.flush`` embeds in chunks so it can report progress by sentences. Before: chunks of 256 in
input order (each ``encode`` call sorts its own texts by length). Now: chunks of 64 (``EMBED_CHUNK``, the
model's batch), longest first over the whole flush. This embeds the same first ``--sentences`` sentences of
FOLDER's articles both ways, alternating, with the encoder's cache emptied before each, and prints the CPU
seconds of each and their ratio (now / before). Default FOLDER: the seeds.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from corroborator import analyze
from corroborator.embed import encoder_for
from corroborator.options import AnalyzeOptions
from corroborator.relate import needed
from corroborator.relate.align import sentence_texts

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", default=str(SEEDS))
    parser.add_argument("--sentences", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    articles = analyze([args.folder], AnalyzeOptions().with_overrides({"relate.enabled": "false"})).articles
    texts = [sentence_texts(a) for a in articles]
    encoder = encoder_for(None)
    dim = encoder.dim  # loads the model outside the timings

    def pending() -> needed.SentenceVectors:
        encoder._cache._data.clear()  # a benchmark: every run embeds everything
        store = needed.SentenceVectors(encoder, texts, dim)
        left = args.sentences
        for k, sentences in enumerate(texts):
            take = min(left, len(sentences))
            store.require(k, range(take))
            left -= take
        return store

    def before() -> float:
        store = pending()
        todo = [(k, s) for k, p in enumerate(store._pending) for s in sorted(p)]
        started = time.process_time()
        for first in range(0, len(todo), 256):
            encoder.encode([texts[k][s] for k, s in todo[first : first + 256]])
        return time.process_time() - started

    def now() -> float:
        store = pending()
        started = time.process_time()
        store.flush()
        return time.process_time() - started

    print(f"{sum(len(t) for t in texts)} sentences in {len(articles)} articles; embedding {args.sentences}")
    for k in range(args.rounds):
        a, b = before(), now()
        print(
            f"round {k + 1}: before (256, input order) {a:.2f} s CPU; now (64, longest first) {b:.2f} s CPU; {b / a:.2f}"
        )


if __name__ == "__main__":
    main()
