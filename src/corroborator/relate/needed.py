"""Which sentence vectors can change a decision: embed those, not every sentence.

Embedding is the cost floor of ``analyze`` on a CPU (~190 sentences/s on two free cores), so the
pipeline embeds only sentences whose vector the later stages read:
- the lede (first ``lead`` sentences) of every article: story clustering compares ledes;
- in every article pair that is aligned, both sentences of each pair that could get a label
  only with a vector, found lexically first:
  - ``verbatim``: identical word sequences (the label is lexical; the vector gives its score);
  - ``near_verbatim``: at least four words each and word-level similarity >= ``near_verbatim_words``
    (exact: the label needs that ratio whatever the cosine);
  - ``same_fact``: two shared names or one shared quantity (exact: the label requires one of them);
  - ``paraphrase``: at least ``PARAPHRASE_SHARED`` shared content words covering at least
    ``PARAPHRASE_OVERLAP`` of the shorter sentence's content words, and the sentence matcher accepting
    the pair if its cosine were 1 (the matcher's probability rises with cosine, so a pair it rejects at
    cosine 1 it rejects at any cosine). The first two conditions are a heuristic: a paraphrase sharing
    fewer words is missed. On the 300-article benchmark they keep 99.4% of the passages that full
    embedding finds (docs/benchmarks.md, ``bench/embed_prefilter_recall.py``).
A sentence that is in no such pair gets a zero vector: cosine 0 with everything, so alignment never pairs
it, exactly as it would not have paired it with a real vector (up to the paraphrase heuristic above).
The sentence model stays the judge wherever it is used: every label that needs a cosine gets the real one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse

from corroborator.embed import Encoder
from corroborator.facts.quantities import Quantity, extract_quantities, same_quantity_value
from corroborator.options import RelateOptions
from corroborator.relate.matcher import is_paraphrase
from corroborator.textutil import STOP_WORDS, capitalised_words, words

PARAPHRASE_SHARED = 2  # shared content words; measured: 1 embeds 63% of sentences for 0.2% more passages
PARAPHRASE_OVERLAP = 0.4  # share of the shorter sentence's content words (bench/embed_prefilter_recall.py)


@dataclass(frozen=True)
class SentenceFacts:
    """The lexical parts of one sentence the tests read (computed once per sentence)."""

    text: str

    @cached_property
    def tokens(self) -> tuple[str, ...]:
        return tuple(words(self.text))

    @cached_property
    def content(self) -> frozenset[str]:
        return frozenset(w for w in self.tokens if w not in STOP_WORDS)

    @cached_property
    def names(self) -> frozenset[str]:
        return frozenset(capitalised_words(self.text))

    @cached_property
    def quantities(self) -> tuple[Quantity, ...]:
        # the same exclusion as align._shared_quantity: a bare year is no shared fact
        return tuple(
            q for q in extract_quantities(self.text) if not (q.unit == "dimensionless" and 1900 <= q.value <= 2100)
        )


class _Lexicon:
    """Word ids over the whole batch, so each sentence is turned into ids once, not once per pair."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def chars(self, tokens: Iterable[str]) -> str:
        """One character per word: word-level similarity then runs on strings, in C."""
        return "".join(chr(0x100 + self.ids.setdefault(w, len(self.ids))) for w in tokens)

    def columns(self, rows: Sequence[Iterable[str]]) -> list[list[int]]:
        return [sorted({self.ids.setdefault(w, len(self.ids)) for w in items}) for items in rows]


def _matrix(columns: list[list[int]], width: int) -> sparse.csr_matrix:
    """A sparse 0/1 matrix: one row per sentence, one column per word id (``width`` ids in all)."""
    indptr = np.cumsum([0] + [len(c) for c in columns])
    indices = np.array([k for c in columns for k in c], dtype=np.int64)
    return sparse.csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(len(columns), width))


@dataclass(frozen=True, slots=True)
class _ArticleParts:
    """One article's sentences as the pair tests read them."""

    facts: Sequence[SentenceFacts]
    chars: list[str]
    content: sparse.csr_matrix
    names: sparse.csr_matrix
    sizes: np.ndarray
    long: np.ndarray


def _parts(facts: Sequence[SentenceFacts], lexicon: _Lexicon) -> tuple[list[str], list[list[int]], list[list[int]]]:
    chars = [lexicon.chars(s.tokens) for s in facts]
    return (
        chars,
        lexicon.columns([s.content for s in facts]),
        lexicon.columns([{"name:" + n for n in s.names} for s in facts]),
    )


def _article_parts(
    facts: Sequence[SentenceFacts], raw: tuple[list[str], list[list[int]], list[list[int]]], width: int
) -> _ArticleParts:
    chars, content, names = raw
    return _ArticleParts(
        facts=facts,
        chars=chars,
        content=_matrix(content, width),
        names=_matrix(names, width),
        sizes=np.array([len(s.content) for s in facts], dtype=np.float32),
        long=np.array([len(s.tokens) >= 4 for s in facts], dtype=bool),
    )


def pair_needs(a: _ArticleParts, b: _ArticleParts, options: RelateOptions) -> np.ndarray:
    """A boolean matrix: True where sentence i of ``a`` and j of ``b`` could get a label only with vectors."""
    from rapidfuzz.distance import Indel
    from rapidfuzz.process import cdist

    if not len(a.facts) or not len(b.facts):
        return np.zeros((len(a.facts), len(b.facts)), dtype=bool)
    shared = (a.content @ b.content.T).toarray()
    overlap = shared / np.maximum(1.0, np.minimum.outer(a.sizes, b.sizes))
    need = (a.names @ b.names.T).toarray() >= 2  # same_fact: two shared names
    ratio = cdist(a.chars, b.chars, scorer=Indel.normalized_similarity, workers=1)
    need |= (ratio >= options.near_verbatim_words) & np.outer(a.long, b.long)  # near_verbatim
    need |= ratio >= 1.0 - 1e-9  # verbatim, short sentences too
    for i, sa in enumerate(a.facts):  # same_fact: one shared quantity
        if not sa.quantities:
            continue
        for j, sb in enumerate(b.facts):
            if not need[i, j] and sb.quantities and _shares_quantity(sa.quantities, sb.quantities):
                need[i, j] = True
    maybe = (shared >= PARAPHRASE_SHARED) & (overlap >= PARAPHRASE_OVERLAP) & ~need
    for i, j in zip(*np.nonzero(maybe), strict=True):
        need[i, j] = is_paraphrase(a.facts[i].text, b.facts[j].text, 1.0)[0]
    return need


def _shares_quantity(qa: Sequence[Quantity], qb: Sequence[Quantity]) -> bool:
    return any(same_quantity_value(x, y, 0.05) for x in qa for y in qb)


def needed_sentences(
    facts: Sequence[Sequence[SentenceFacts]],
    pairs: Iterable[tuple[int, int]],
    lead: int,
    options: RelateOptions,
) -> list[set[int]]:
    """For each article (by index), the sentences whose vectors a later stage reads.

    Args:
        facts: per article, its sentences' lexical facts.
        pairs: the article index pairs that will be aligned.
        lead: the lede length story clustering reads.
        options: the relate options (the near-verbatim word similarity).

    Returns:
        one set of sentence indices per article.
    """
    need = [set(range(min(lead, len(f)))) for f in facts]
    todo = [(i, j) for i, j in pairs if len(need[i]) < len(facts[i]) or len(need[j]) < len(facts[j])]
    lexicon = _Lexicon()  # every article's word ids first, so all matrices have one width
    raw = {k: _parts(facts[k], lexicon) for k in sorted({k for p in todo for k in p})}
    width = max(1, len(lexicon.ids))
    parts = {k: _article_parts(facts[k], r, width) for k, r in raw.items()}
    for i, j in todo:
        if len(need[i]) == len(facts[i]) and len(need[j]) == len(facts[j]):
            continue  # every sentence of both is embedded anyway: nothing to decide
        mask = pair_needs(parts[i], parts[j], options)
        rows, cols = np.nonzero(mask)
        need[i].update(int(x) for x in rows)
        need[j].update(int(y) for y in cols)
    return need


def needs_by_pair(
    facts: Sequence[Sequence[SentenceFacts]], pairs: Sequence[tuple[int, int]], options: RelateOptions
) -> dict[tuple[int, int], tuple[frozenset[int], frozenset[int]]]:
    """``needed_sentences`` pair by pair: for each pair (i, j), the sentences of i and of j that its test
    marks. Their union with the ledes is what ``needed_sentences`` returns (a case caches them per pair)."""
    lexicon = _Lexicon()
    raw = {k: _parts(facts[k], lexicon) for k in sorted({k for p in pairs for k in p})}
    width = max(1, len(lexicon.ids))
    parts = {k: _article_parts(facts[k], r, width) for k, r in raw.items()}
    out = {}
    for i, j in pairs:
        rows, cols = np.nonzero(pair_needs(parts[i], parts[j], options))
        out[(i, j)] = (frozenset(int(x) for x in rows), frozenset(int(y) for y in cols))
    return out


def plausible_pair_counts(
    facts: dict[int, list[SentenceFacts]], pairs: Sequence[tuple[int, int]], options: RelateOptions
) -> list[int]:
    """For each article pair, how many of its sentence pairs could get a label (``pair_needs``)."""
    lexicon = _Lexicon()
    raw = {k: _parts(f, lexicon) for k, f in facts.items()}
    width = max(1, len(lexicon.ids))
    parts = {k: _article_parts(facts[k], r, width) for k, r in raw.items()}
    return [int(pair_needs(parts[i], parts[j], options).sum()) for i, j in pairs]


EMBED_CHUNK = 64  # sentences per encode call in a flush, progress reported after each: the model's own batch
# (Encoder.batch_size), about a second of CPU here, so the bar moves at least once a second or so


class SentenceVectors:
    """The sentence vectors of a batch of articles, embedded on demand.

    ``require`` marks sentences; ``flush`` embeds every marked sentence not embedded yet in one
    ``Encoder.encode`` call (one batch is faster than many small ones). ``rows[k]`` is article k's
    matrix: a real unit vector for an embedded sentence, zeros for one that is not.
    """

    __slots__ = ("_encoder", "_pending", "done", "progress", "rows", "seconds", "texts")
    # ``_pending`` holds only the articles with sentences marked since the last flush: a flush then costs what
    # it embeds, not a pass over every article (findings flush once per headline; a case has thousands).

    def __init__(
        self,
        encoder: Encoder,
        texts: Sequence[Sequence[str]],
        dim: int,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> None:
        self._encoder = encoder
        self.progress = progress  # told ("embedding sentences", done, total) as each chunk of a flush is embedded
        self.texts = texts
        self.rows = [np.zeros((len(t), dim), dtype=np.float32) for t in texts]
        self.done: list[set[int]] = [set() for _ in texts]
        self._pending: dict[int, set[int]] = {}
        self.seconds = 0.0  # spent embedding (model load included), so stage timings can leave it out

    def require(self, article: int, sentences: Iterable[int]) -> None:
        done = self.done[article]
        marked = {s for s in sentences if s not in done}
        if marked:
            self._pending.setdefault(article, set()).update(marked)

    def require_all(self, article: int) -> None:
        self.require(article, range(len(self.texts[article])))

    def flush(self) -> int:
        """Embed what was required; returns how many sentences that was."""
        todo = [(k, s) for k in sorted(self._pending) for s in sorted(self._pending[k])]
        # Longest first, as the encoder orders a call's texts itself: each chunk is then one batch of similar
        # lengths (little padding), as in one call over everything.
        todo.sort(key=lambda ks: -len(self.texts[ks[0]][ks[1]]))
        started = time.perf_counter()
        if self.progress and todo:  # shown at once: the first chunk (and a model load) can take seconds
            self.progress("embedding sentences", 0, len(todo))
        # In chunks, so a long flush (the longest stage on a big batch) can report progress by sentences.
        for first in range(0, len(todo), EMBED_CHUNK):
            chunk = todo[first : first + EMBED_CHUNK]
            vectors = self._encoder.encode([self.texts[k][s] for k, s in chunk])
            for (k, s), vec in zip(chunk, vectors, strict=True):
                self.rows[k][s] = vec
                self.done[k].add(s)
            if self.progress:
                self.progress("embedding sentences", first + len(chunk), len(todo))
        self._pending = {}
        self.seconds += time.perf_counter() - started
        return len(todo)

    def complete(self, article: int) -> bool:
        return len(self.done[article]) == len(self.texts[article])

    @property
    def embedded(self) -> int:
        return sum(len(d) for d in self.done)
