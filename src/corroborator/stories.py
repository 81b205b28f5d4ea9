"""Stories: group articles that report the same real-world event.

Two similarities per article pair, weighted:
- meaning: cosine of the mean embedding of each article's first sentences (the
  lede; whole-article means drift to shared background and blur two incidents
  of one type);
- specifics: TF-IDF cosine where names and numbers weigh more than common
  words, because two earthquakes in one week share their vocabulary but not
  their places, magnitudes or people.
Publication dates far apart (more than ``max_days``) halve the similarity.
Articles are then clustered with average linkage: a pair joins only when the
groups are similar on average, so one generic article cannot chain two
stories together (single linkage would).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from datetime import datetime, timedelta

import numpy as np

from corroborator.options import StoryOptions
from corroborator.textutil import NEWS_STOP_WORDS, date_key
from corroborator.types import Article, Story


def _terms(text: str, boost: float) -> dict[str, float]:
    counts: dict[str, float] = defaultdict(float)
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        tokens = re.findall(r"[A-Za-z][\w'’-]*|\d[\d,.]*", sentence)
        for pos, tok in enumerate(tokens):
            low = tok.lower().strip("'’")
            if low in NEWS_STOP_WORDS or len(low) < 2:
                continue
            weight = boost if (tok[0].isupper() and pos > 0) or tok[0].isdigit() else 1.0
            counts[low] += weight
    return counts


def tfidf_matrix(texts: list[str], boost: float, prior_docs: int = 50) -> np.ndarray:
    """TF-IDF rows (unit length). IDF counts ``prior_docs`` background documents
    that lack every term: in a batch of five reports of one event the shared
    names would otherwise get IDF 0, and independent reports would look unrelated."""
    docs = [_terms(t, boost) for t in texts]
    df: Counter = Counter()
    for d in docs:
        df.update(d.keys())
    vocab = {t: k for k, t in enumerate(sorted(df))}
    n = len(docs)
    mat = np.zeros((n, len(vocab)), dtype=np.float32)
    for row, d in enumerate(docs):
        for term, tf in d.items():
            mat[row, vocab[term]] = (1 + math.log(tf)) * math.log((1 + n + prior_docs) / (1 + df[term]))
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    return mat / np.where(norms == 0, 1, norms)


def _date(article: Article) -> datetime | None:
    try:
        stamp = datetime.fromisoformat(article.meta.published or "")
    except ValueError:
        return None
    return stamp.replace(tzinfo=None)


_EPOCH = datetime(1970, 1, 1)
_MICRO = timedelta(microseconds=1)


def similarity(articles: list[Article], doc_vectors: np.ndarray, options: StoryOptions) -> np.ndarray:
    lexical = tfidf_matrix([a.text for a in articles], options.name_boost)
    sim = options.embedding_weight * (doc_vectors @ doc_vectors.T) + (1 - options.embedding_weight) * (
        lexical @ lexical.T
    )
    # Dates far apart halve the similarity. In whole microseconds (int64, exact) and then seconds as
    # ``timedelta.total_seconds`` computes them, so the test is the pairwise one, without n x n Python steps.
    dates = [_date(a) for a in articles]
    known = np.array([d is not None for d in dates], dtype=bool)
    if known.sum() > 1:
        micros = np.array([(d - _EPOCH) // _MICRO if d is not None else 0 for d in dates], dtype=np.int64)
        apart = np.abs(micros[:, None] - micros[None, :]) / 1e6 > options.max_days * 86400
        sim[apart & known[:, None] & known[None, :]] *= 0.5
    return sim


def average_link(sim: np.ndarray, threshold: float) -> list[int]:
    """Cluster labels by average-link agglomeration (merge while average similarity >= threshold)."""
    n = len(sim)
    if n == 0:
        return []
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    if n == 1:
        return [0]
    dist = np.clip(1.0 - sim, 0.0, 2.0)
    np.fill_diagonal(dist, 0.0)
    dist = (dist + dist.T) / 2
    tree = linkage(squareform(dist, checks=False), method="average")
    labels = fcluster(tree, t=1.0 - threshold, criterion="distance")
    return [int(x) for x in labels]


def cluster(articles: list[Article], doc_vectors: np.ndarray, options: StoryOptions | None = None) -> list[Story]:
    """Stories, each with a title, a date span and its article ids (earliest first); largest first.

    Articles are processed in id order, so the result does not depend on input order.
    """
    options = options or StoryOptions()
    order = sorted(range(len(articles)), key=lambda k: articles[k].id)
    arts = [articles[k] for k in order]
    vecs = doc_vectors[order] if len(order) else doc_vectors
    labels = average_link(similarity(arts, vecs, options), options.threshold)
    groups: dict[int, list[Article]] = {}
    for label, art in zip(labels, arts, strict=True):
        groups.setdefault(label, []).append(art)
    stories = []
    for members in groups.values():
        members.sort(key=lambda a: (date_key(a.meta.published), a.id))
        ids = sorted(a.id for a in members)
        dates = sorted(a.meta.published for a in members if a.meta.published)
        titled = [a for a in members if a.meta.title]
        stories.append(
            Story(
                id="s-" + hashlib.sha1(" ".join(ids).encode()).hexdigest()[:10],
                title=(titled[0].meta.title or "") if titled else members[0].text[:80],
                start=dates[0] if dates else None,
                end=dates[-1] if dates else None,
                articles=tuple(a.id for a in members),
            )
        )
    stories.sort(key=lambda s: (-len(s.articles), date_key(s.start), s.id))
    return stories


def doc_vectors(sentence_vectors: list[np.ndarray], dim: int, lead: int = 3) -> np.ndarray:
    """One unit vector per article: the mean of its first ``lead`` sentence vectors (``dim`` wide)."""
    rows = []
    for vecs in sentence_vectors:
        vecs = vecs[:lead]
        v = vecs.mean(axis=0) if len(vecs) else np.zeros(dim, dtype=np.float32)
        norm = np.linalg.norm(v)
        rows.append(v / norm if norm else v)
    return np.stack(rows) if rows else np.zeros((0, dim), dtype=np.float32)
