"""Embedding only the sentences a decision reads (relate/needed.py) gives the same report as embedding all."""

from __future__ import annotations

import numpy as np
import pytest

from corroborator import analyze
from corroborator.embed import Encoder, VectorCache, encoder_for
from corroborator.options import AnalyzeOptions, RelateOptions
from corroborator.pipeline import relate
from corroborator.relate.needed import SentenceFacts, needed_sentences
from corroborator.types import Metadata, RawArticle

FULL = AnalyzeOptions().with_overrides({"relate.embed_all": True})


def _decisions(report):
    label = {a.id: a.label for a in report.articles}
    relations = {
        (label[r.a], label[r.b]): (
            r.kind,
            r.original and label[r.original],
            [(p.i, p.j, p.label) for p in r.alignment.pairs],
        )
        for r in report.relations
    }
    stories = sorted(sorted(label[x] for x in s.articles) for s in report.stories)
    claims = sorted(sorted((label[m.article], m.sentence) for m in c.mentions) for c in report.claims)
    findings = sorted((f.kind, tuple(sorted(label[x] for x in f.articles))) for f in report.findings)
    return relations, stories, claims, findings


@pytest.mark.parametrize("which", ["demo", "seeds"])
def test_reduced_embedding_decides_like_full_embedding(which, demo_report, seed_report, seeds_dir):
    from tests.conftest import DEMO

    reduced = demo_report if which == "demo" else seed_report
    full = analyze([str(DEMO if which == "demo" else seeds_dir)], FULL)
    got, want = _decisions(reduced), _decisions(full)
    assert got[0] == want[0]  # relation kinds, originals and every aligned passage
    assert got[1] == want[1]
    assert got[2] == want[2]
    assert got[3] == want[3]


def _facts(*texts: str) -> list[SentenceFacts]:
    return [SentenceFacts(t) for t in texts]


def test_needed_sentences_keep_pairs_that_could_match_and_drop_the_rest():
    a = _facts(
        "Flooding closed the ferry terminal at Port Ellery on Monday morning.",
        "The storm dropped 12 km of fallen power lines across the county, officials said.",
        "Mayor Ines Vartan asked residents to stay indoors.",
        "Local bakeries reported brisk sales of bread.",
    )
    b = _facts(
        "Residents were told to stay indoors by Mayor Ines Vartan.",
        "About 7.5 miles of power lines came down in the storm.",
        "A choir concert at the school went ahead as planned.",
        "Flooding closed the ferry terminal at Port Ellery on Monday morning.",
    )
    need = needed_sentences([a, b], [(0, 1)], lead=0, options=RelateOptions())
    assert 0 in need[0] and 3 in need[1]  # verbatim
    assert 2 in need[0] and 0 in need[1]  # two shared names (same fact)
    assert 1 in need[0] and 1 in need[1]  # one shared quantity, converted between units
    assert 3 not in need[0] and 2 not in need[1]  # nothing in common with anything
    lede = needed_sentences([a, b], [], lead=2, options=RelateOptions())
    assert lede == [{0, 1}, {0, 1}]  # no pair to align: only the ledes story clustering reads


class CountingEncoder(Encoder):
    """The real encoder, counting the sentences it is asked to embed."""

    __slots__ = ("asked",)

    def __init__(self) -> None:
        super().__init__(encoder_for(None).info.name)
        self.asked: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.asked.extend(texts)
        return super().encode(texts)


def _article(text: str, outlet: str):
    from corroborator.articles import build_article

    return build_article(RawArticle(source=outlet, raw_text=text, meta=Metadata(outlet=outlet)))


def test_unrelated_articles_embed_their_ledes_only():
    first = _article(
        "The county fair opened with a record crowd on Saturday. Judges praised the pumpkins. "
        "Rain held off until the evening. Organisers added a second parking field. "
        "The livestock barn drew long queues. A brass band played until dusk.",
        "Fair Weekly",
    )
    second = _article(
        "A new telescope began observing from the northern ridge this week. Astronomers pointed it at a "
        "distant nebula. The dome opens by remote control. Funding came from three universities. "
        "Students will get observing time in spring. The first images are due next month.",
        "Sky Notes",
    )
    encoder = CountingEncoder()
    stages = relate([first, second], encoder, AnalyzeOptions(), {})
    assert len(stages.stories) == 2 and not stages.relations
    lead = AnalyzeOptions().stories.lead_sentences
    texts = [first.text[s.start : s.end] for s in first.sentences] + [
        second.text[s.start : s.end] for s in second.sentences
    ]
    assert len(first.sentences) > lead and len(second.sentences) > lead
    assert len(set(encoder.asked)) == 2 * lead < len(texts)


def test_vector_cache_is_bounded_and_round_trips_by_hash():
    cache = VectorCache(max_entries=2)
    one, two, three = (np.full(3, x, dtype=np.float32) for x in (1.0, 2.0, 3.0))
    cache.put("first sentence", one)
    cache.put("second sentence", two)
    assert cache.get("first sentence") is one  # now the most recently used
    cache.put("third sentence", three)
    assert len(cache) == 2 and "second sentence" not in cache and "first sentence" in cache
    copy = VectorCache()
    copy.update(cache.items())  # what a case store would persist and load: hashes and vectors, no text
    assert all(isinstance(k, bytes) and len(k) == 20 for k, _ in copy.items())
    assert copy.get("third sentence") is three
