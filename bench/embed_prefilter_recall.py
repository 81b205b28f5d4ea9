"""Recall of the embed-less prefilter (relate/needed.py) against full embedding, on the 300-article set.

    python bench/embed_prefilter_recall.py [--variant mixed|ecb] [--cache /tmp]

Every sentence is embedded once (cached in ``--cache`` by the texts' hash), stories and the aligned
article pairs are formed as ``analyze`` forms them with full embedding, and each pair is aligned twice:
with every vector, and with only the vectors ``needed_sentences`` asks for (zeros elsewhere, as the
pipeline does). Printed: the share of sentences embedded, the passages full embedding finds that the
reduced one loses (by label), relation kinds that change, and the recall of the TF-IDF first pass
for whole-text paraphrase candidates (pipeline.PARAPHRASE_TFIDF). Rules compared: the shipped
one, a looser paraphrase heuristic (one shared content word, no overlap share), and the exact rule
(the matcher at cosine 1 alone decides paraphrase pairs, on every sentence pair).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from analyze300_speed import build
from corroborator import pipeline
from corroborator.articles import build_articles, collect
from corroborator.embed import encoder_for
from corroborator.options import AnalyzeOptions
from corroborator.relate import needed
from corroborator.relate.align import align, sentence_texts
from corroborator.relate.candidates import paraphrase_candidates, reuse_candidates
from corroborator.relate.relations import relate_pair
from corroborator.stories import cluster, doc_vectors, tfidf_matrix


def vectors(texts: list[list[str]], cache: Path) -> list[np.ndarray]:
    key = hashlib.sha1(json.dumps(texts).encode()).hexdigest()[:12]
    file = cache / f"embed-less-{key}.npz"
    if file.exists():
        data = np.load(file)
        return [data[str(k)] for k in range(len(texts))]
    flat = encoder_for(None).encode([t for ts in texts for t in ts])
    out, pos = [], 0
    for ts in texts:
        out.append(flat[pos : pos + len(ts)])
        pos += len(ts)
    np.savez(file, **{str(k): v for k, v in enumerate(out)})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", choices=("mixed", "ecb"), default="mixed")
    parser.add_argument("--cache", type=Path, default=Path("/tmp"))
    args = parser.parse_args()
    options = AnalyzeOptions()
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp), args.variant)
        raws, _ = collect([tmp], options)
        arts, _ = build_articles(raws, options)
    texts = [sentence_texts(a) for a in arts]
    vecs = vectors(texts, args.cache)
    dim = vecs[0].shape[1]
    lead = options.stories.lead_sentences
    stories = cluster(arts, doc_vectors(vecs, dim, lead), options.stories)
    story_of = {aid: s.id for s in stories for aid in s.articles}
    index = {a.id: k for k, a in enumerate(arts)}
    pairs = set(reuse_candidates(arts))
    for s in stories:
        m = sorted(index[x] for x in s.articles)
        pairs.update((x, y) for n, x in enumerate(m) for y in m[n + 1 :])
    whole = paraphrase_candidates(doc_vectors(vecs, dim, lead=max(len(v) for v in vecs)))
    lexical = tfidf_matrix([a.text for a in arts], boost=1.0, prior_docs=50)
    sims = lexical @ lexical.T
    first = {(int(i), int(j)) for i, j in np.argwhere(np.triu(sims, 1) >= pipeline.PARAPHRASE_TFIDF)}
    extra = [p for p in whole if p not in pairs]
    para = {
        "whole_text_candidates": len(whole),
        "their_lowest_tfidf_cosine": round(float(min((sims[i, j] for i, j in whole), default=1.0)), 4),
        "found_by_the_first_pass": sum(1 for p in whole if p in first),
        "not_in_a_story_or_reuse_pair": len(extra),
        "first_pass_pairs_not_aligned_anyway": sum(1 for p in first if p not in pairs),
        "articles_the_first_pass_embeds_in_full": len({k for p in first if p not in pairs for k in p}),
    }
    pairs.update(whole)
    full = {}
    for i, j in sorted(pairs):
        al = align(arts[i], arts[j], vecs[i], vecs[j], options.relate)
        same = story_of[arts[i].id] == story_of[arts[j].id]
        full[(i, j)] = (al, relate_pair(arts[i], arts[j], al, same, options.relate))
    facts = [[needed.SentenceFacts(t) for t in ts] for ts in texts]
    results: dict[str, Any] = {}
    rules = {"shipped": (needed.PARAPHRASE_SHARED, needed.PARAPHRASE_OVERLAP), "looser": (1, 0.0), "exact": (0, 0.0)}
    for name, (shared, overlap) in rules.items():
        needed.PARAPHRASE_SHARED, needed.PARAPHRASE_OVERLAP = shared, overlap
        started = time.perf_counter()
        need = needed.needed_sentences(facts, sorted(pairs), lead, options.relate)
        seconds = time.perf_counter() - started
        masked = []
        for k, v in enumerate(vecs):
            m = np.zeros_like(v)
            idx = sorted(need[k])
            m[idx] = v[idx]
            masked.append(m)
        lost: Counter[str] = Counter()
        gained: Counter[str] = Counter()
        kinds = []
        for (i, j), (al, rel) in full.items():
            al2 = align(arts[i], arts[j], masked[i], masked[j], options.relate)
            lost.update(p.label for p in set(al.pairs) - set(al2.pairs))
            gained.update(p.label for p in set(al2.pairs) - set(al.pairs))
            same = story_of[arts[i].id] == story_of[arts[j].id]
            rel2 = relate_pair(arts[i], arts[j], al2, same, options.relate)
            if (rel and rel.kind) != (rel2 and rel2.kind):
                kinds.append(f"{arts[i].label} | {arts[j].label}: {rel and rel.kind} -> {rel2 and rel2.kind}")
        total = sum(len(al.pairs) for al, _ in full.values())
        results[name] = {
            "sentences_embedded": sum(map(len, need)),
            "share_embedded": round(sum(map(len, need)) / sum(map(len, texts)), 3),
            "passages_full": total,
            "passages_lost": dict(lost),
            "passages_changed_or_new": dict(gained),
            "passage_recall": round(1 - sum(lost.values()) / max(1, total), 4),
            "relation_kinds_changed": kinds,
            "prefilter_seconds": round(seconds, 2),
        }
    print(
        json.dumps(
            {
                "variant": args.variant,
                "articles": len(arts),
                "sentences": sum(map(len, texts)),
                "stories": len(stories),
                "aligned_pairs": len(pairs),
                "paraphrase_first_pass": para,
                "rules": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
