"""Optional paraphrase stage for dedup (``--paraphrase``): rewrites that share few shingles.

Runs after the near-duplicate clusters, on their representatives only: each
representative's text is embedded (the sentence model, first 256 tokens), nearest
neighbours with cosine >= 0.9 are candidates (exact search, or the usearch
index past ``EXACT_EMBED_LIMIT``), and every candidate is verified the way
``analyze`` verifies a pair: sentence alignment, then the relation rules. Only
``rewrite`` (or a copy kind) joins two clusters. Embedding is the slow part
(~100 sentences/s per core on CPU), so this is for thousands, not millions.
"""

from __future__ import annotations

from corroborator.articles import build_article
from corroborator.dedup.engine import DedupRecord
from corroborator.embed import encoder_for
from corroborator.relate.align import align, sentence_texts
from corroborator.relate.candidates import paraphrase_candidates
from corroborator.relate.relations import classify
from corroborator.types import COPY_KINDS, Metadata, RawArticle


def paraphrase_pairs(
    records: list[DedupRecord], model: str | None = None, min_cosine: float = 0.9
) -> list[tuple[str, str, str, float]]:
    """(id a, id b, kind, score) for verified rewrites among ``records`` (the cluster representatives)."""
    if len(records) < 2:
        return []
    encoder = encoder_for(model)
    vectors = encoder.encode([r.text for r in records])
    found: list[tuple[str, str, str, float]] = []
    for i, j in paraphrase_candidates(vectors, k=10, min_cosine=min_cosine):
        a = build_article(RawArticle(source=records[i].source, raw_text=records[i].text, meta=Metadata()))
        b = build_article(RawArticle(source=records[j].source, raw_text=records[j].text, meta=Metadata()))
        if a is None or b is None:
            continue
        alignment = align(a, b, encoder.encode(sentence_texts(a)), encoder.encode(sentence_texts(b)))
        kind, score, _rule = classify(alignment, same_story=False)
        if kind in COPY_KINDS and records[i].id and records[j].id:  # rewrite is one of the copy kinds
            found.append((str(records[i].id), str(records[j].id), kind, score))
    return found
