"""Story clustering on ECB+, with a held-out protocol (``corroborator eval stories`` gives the plain scores).

    python bench/ecbplus_stories.py [--data ../shared/datasets/ecbplus/docs.jsonl]

Reports adjusted Rand index and B-cubed precision/recall/F1 for:
- corroborator's story clustering with its shipped defaults (``StoryOptions()``);
- the same with the threshold re-tuned on topics 1-17 only, scored on topics 18-35 (held out);
- a plain TF-IDF + average-link baseline with its best threshold chosen on the gold labels.
Sentence embeddings are cached in /tmp so re-runs are quick.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import time
from pathlib import Path

import numpy as np

from corroborator.articles import build_article
from corroborator.embed import Encoder
from corroborator.eval.metrics import ari, bcubed
from corroborator.options import StoryOptions
from corroborator.stories import average_link, doc_vectors, similarity
from corroborator.types import Metadata, RawArticle

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "ecbplus" / "docs.jsonl"


def scores(gold: list, pred: list) -> dict:
    return {"ari": round(ari(gold, pred), 4), **bcubed(gold, pred), "clusters": len(set(pred))}


def load(path: Path):
    docs = [json.loads(line) for line in path.open()]
    arts = [
        build_article(RawArticle(source=d["doc_id"], raw_text="\n".join(d["sentences"]), meta=Metadata())) for d in docs
    ]
    return docs, arts


def embed(arts, cache: Path) -> list[np.ndarray]:
    texts = [[a.text[s.start : s.end] for s in a.sentences] for a in arts]
    key = hashlib.sha1(json.dumps(texts).encode()).hexdigest()[:12]
    file = cache / f"ecbplus-{key}.npz"
    if file.exists():
        data = np.load(file)
        return [data[str(k)] for k in range(len(arts))]
    enc = Encoder()
    flat = [t for ts in texts for t in ts]
    vecs = enc.encode(flat)
    out, pos = [], 0
    for ts in texts:
        out.append(vecs[pos : pos + len(ts)])
        pos += len(ts)
    np.savez(file, **{str(k): v for k, v in enumerate(out)})
    return out


def tfidf_baseline(docs, gold) -> dict:
    from sklearn.feature_extraction.text import TfidfVectorizer

    mat = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        [" ".join(d["sentences"]) for d in docs]
    )
    sim = (mat @ mat.T).toarray()
    best = max(((t, scores(gold, average_link(sim, t))) for t in np.arange(0.02, 0.6, 0.01)), key=lambda x: x[1]["ari"])
    return {"threshold": round(float(best[0]), 2), **best[1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--cache", type=Path, default=Path("/tmp"))
    args = parser.parse_args()
    started = time.perf_counter()
    docs, arts = load(args.data)
    gold = [d["subtopic"] for d in docs]
    vecs = doc_vectors(embed(arts, args.cache), dim=384)  # all-MiniLM-L6-v2, the model embed() loads
    defaults = StoryOptions()
    result = {"documents": len(docs), "subtopics": len(set(gold)), "topics": len({d["topic"] for d in docs})}
    result["corroborator_default"] = {
        "threshold": defaults.threshold,
        **scores(gold, average_link(similarity(arts, vecs, defaults), defaults.threshold)),
    }
    dev = [k for k, d in enumerate(docs) if d["topic"] <= 17]
    test = [k for k, d in enumerate(docs) if d["topic"] > 17]
    sim_dev = similarity([arts[k] for k in dev], vecs[dev], defaults)
    tuned = max(
        np.arange(0.1, 0.5, 0.01), key=lambda t: scores([gold[k] for k in dev], average_link(sim_dev, t))["ari"]
    )
    sim_test = similarity([arts[k] for k in test], vecs[test], defaults)
    result["corroborator_tuned_on_1_17_scored_on_18_35"] = {
        "threshold": round(float(tuned), 2),
        **scores([gold[k] for k in test], average_link(sim_test, tuned)),
    }
    result["tfidf_average_link_best_threshold_on_gold"] = tfidf_baseline(docs, gold)
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["machine"] = f"{platform.machine()} python {platform.python_version()}"
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
