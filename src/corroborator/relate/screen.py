"""Which sentences of a story a cheap first pass says can reach a cosine with another article's sentence.

Claims score every sentence pair of two articles of one story whose sentence-model cosine reaches
``claims.link_min_cosine`` (0.45). A sentence none of whose pairs can reach it forms no link, so its vector is
never read: it can stay unembedded (a zero row, cosine 0 with everything, exactly what a pair below the
threshold contributes). Whether a pair *can* reach the threshold is judged by a static model
(``corroborator.static``) at a bound measured against the sentence model on held-out pairs
(``bench/static_agreement.py``): the screen trusts the static cosine only to say "far below".
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def partnered(vectors: Sequence[np.ndarray], bound: float) -> list[set[int]]:
    """For the articles of one story (one matrix of unit sentence vectors each), the sentences that have a
    sentence of another article at cosine >= ``bound``.

    Args:
        vectors: per article, its sentences' vectors (rows; a zero row never reaches a positive bound).
        bound: the cosine a pair needs to count.

    Returns:
        one set of sentence indices per article.
    """
    keep: list[set[int]] = [set() for _ in vectors]
    for x in range(len(vectors)):
        a = vectors[x]
        if not len(a):
            continue
        for y in range(x + 1, len(vectors)):
            b = vectors[y]
            if not len(b):
                continue
            hit = (a @ b.T) >= bound
            keep[x].update(int(i) for i in np.flatnonzero(hit.any(axis=1)))
            keep[y].update(int(j) for j in np.flatnonzero(hit.any(axis=0)))
    return keep


def near(vector: np.ndarray, vectors: Sequence[np.ndarray], bound: float) -> list[set[int]]:
    """For one sentence's vector, the sentences of each article at cosine >= ``bound`` with it."""
    return [{int(i) for i in np.flatnonzero((m @ vector) >= bound)} if len(m) else set() for m in vectors]
