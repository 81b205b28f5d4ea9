"""Progress of the long stages (issue 14, item 7): embedding by sentences, claims and findings by stories, in the
order the pipeline runs them, with counts in between, on the demo corpus (two stories)."""

from __future__ import annotations

import itertools

import pytest

from corroborator import analyze
from corroborator.relate import needed
from tests.conftest import DEMO


@pytest.fixture(scope="module")
def demo_progress() -> tuple[list[tuple[str, int, int]], int]:
    """Every progress call of an analysis of the demo corpus, with embedding chunks of 5 sentences (the default,
    64, is more than the demo's sentences), and how many stories it found."""
    seen: list[tuple[str, int, int]] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(needed, "EMBED_CHUNK", 5)
        report = analyze([str(DEMO)], progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert len(report.stories) >= 2, "the demo corpus should make a multi-story batch"
    return seen, len(report.stories)


@pytest.mark.parametrize("stage", ["claims", "findings"])
def test_claims_and_findings_count_stories_with_counts_in_between(demo_progress, stage):
    seen, stories = demo_progress
    counts = [(d, t) for s, d, t in seen if s == stage]
    assert counts[0] == (0, stories) and counts[-1] == (stories, stories)
    assert all(t == stories for _d, t in counts)
    assert any(0 < d < stories for d, _t in counts), counts  # a story done, another not yet
    done = [d for d, _t in counts]
    assert done == sorted(done)  # never backwards


def test_embedding_reports_by_sentences(demo_progress):
    seen, _stories = demo_progress
    flushes: list[list[tuple[int, int]]] = []
    for stage, done, total in seen:
        if stage != "embedding sentences":
            continue
        if done == 0:
            flushes.append([])
        flushes[-1].append((done, total))
    assert flushes and all(f[0][0] == 0 and f[-1][0] == f[-1][1] for f in flushes)  # each flush: 0 .. all
    steps = [b[0] - a[0] for f in flushes for a, b in itertools.pairwise(f)]
    assert steps and max(steps) <= 5  # one report per chunk of sentences
    assert any(len(f) > 2 for f in flushes)  # a flush of more than one chunk shows counts in between


def test_stages_come_in_pipeline_order(demo_progress):
    seen, _stories = demo_progress
    order = list(dict.fromkeys(s for s, _d, _t in seen))
    expected = [
        "loading the parser",
        "segment",
        "loading the sentence model",
        "embedding sentences",
        "relate",
        "claims",
        "findings",
    ]
    assert [s for s in order if s in expected] == expected
