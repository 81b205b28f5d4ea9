"""The MinHash LSH parameters analyze's reuse candidates and ``dedup`` share.

128 permutations in 32 bands of 4 rows: P(candidate | J) = 1 - (1 - J^4)^32, which is 0.87 at J = 0.5,
0.985 at 0.6 and above 0.9999 at 0.8; the S-curve's midpoint sits near J = 0.42. Every candidate is
verified afterwards (exact Jaccard in dedup, sentence alignment in analyze), so the bands are chosen for
recall. The shingle size is each caller's own: analyze's reuse candidates use word 5-grams, which a copied
passage shares and an independent report of the same facts does not; dedup uses word bigrams, whose
Jaccard stays high when 5-15% of an article's words are edited (docs/dedup.md).
"""

from __future__ import annotations

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SEED = 42
