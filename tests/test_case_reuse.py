"""What a case update reuses instead of computing again, and the rules that keep the result exact
(docs/cases.md): a built article whose clean text did not change, and the claims of a story whose inputs
did not change. Each test fails if its rule reuses something it should not."""

from __future__ import annotations

import os
import pickle
from dataclasses import replace

import pytest

import corroborator.articles as articles_module
from corroborator.articles import _rebuilt, build_articles, collect
from corroborator.cases import _load_claims
from corroborator.clean import find_repeated_lines
from corroborator.options import AnalyzeOptions
from corroborator.pipeline import AnalysisCache, _story_claim_keys, analyze
from corroborator.types import Metadata, RawArticle
from tests.conftest import DEMO

FOOTER = "Sign up for the Tidewater Ledger morning briefing"
BODIES = [
    "The county council voted on Tuesday to close the old ferry terminal by the end of March.\n\n"
    "Councillor Ada Brennan said the terminal had lost money for six years in a row.",
    "Fishermen in the lower harbour say the new quota rules will cut their catch by a third.\n\n"
    "A spokesman for the fisheries board said the rules follow the survey of last autumn.",
    "The regional hospital opened a second maternity ward on Monday after two years of building.\n\n"
    "Its director, Tomas Ferreira, said the ward adds twenty beds.",
    "Storm damage closed the coastal railway between Eastport and Linmouth for four days.\n\n"
    "Engineers found three washed-out culverts, the rail operator said.",
]


def _raw(k: int, body: str, outlet: str = "Tidewater Ledger") -> RawArticle:
    return RawArticle(
        source=f"ledger-{k}.txt",
        raw_text=f"{body}\n\n{FOOTER}\n",
        meta=Metadata(outlet=outlet, published=f"2026-11-0{k + 1}"),
    )


def test_a_built_article_is_reused_when_only_its_repeated_line_reasons_changed(monkeypatch):
    """The fourth article of an outlet changes the footer's reason in the first three ("repeated in 3
    articles" -> "4 articles"), so their build keys miss; they are not parsed again, and they equal a
    fresh build, new reason included."""
    options = AnalyzeOptions()
    raws = [_raw(k, body) for k, body in enumerate(BODIES)]
    built: dict = {}
    first, _ = build_articles(raws[:3], options, built=built)
    assert all(any("repeated in 3 articles" in r.reason for r in a.removed) for a in first)

    calls = []
    real = articles_module.build_article

    def counting(raw, repeated=None, parser=None):
        calls.append(raw.source)
        return real(raw, repeated, parser)

    monkeypatch.setattr(articles_module, "build_article", counting)
    second, _ = build_articles(raws, options, built=built)
    assert calls == ["ledger-3.txt"]  # only the new article was parsed
    monkeypatch.undo()
    fresh, _ = build_articles(raws, options)
    assert second == fresh
    assert all(any("repeated in 4 articles" in r.reason for r in a.removed) for a in second)


def test_a_built_article_is_not_reused_for_other_metadata_or_source():
    """The same clean text from another source, with another title or another raw length is built anew:
    those are part of the article."""
    options = AnalyzeOptions()
    raws = [_raw(k, body) for k, body in enumerate(BODIES)]
    built: dict = {}
    build_articles(raws, options, built=built)
    by_text: dict = {}
    for art in built.values():
        by_text.setdefault(art.text, []).append(art)
    repeated = find_repeated_lines(raws, options.clean.repeated_min_outlet, options.clean.repeated_min_corpus)
    assert _rebuilt(raws[0], repeated[0], by_text) is not None  # the control: the same raw article is found
    other_title = replace(raws[0], meta=replace(raws[0].meta, title="Ferry terminal to close"))
    other_source = replace(raws[0], source="elsewhere.txt")
    padded = replace(raws[0], raw_text=raws[0].raw_text + "\n\n")
    for raw in (other_title, other_source, padded):
        assert _rebuilt(raw, repeated[0], by_text) is None, raw


@pytest.fixture(scope="module")
def demo_raws():
    raws, _ = collect([str(DEMO)], AnalyzeOptions())
    return raws


def test_claims_are_built_again_only_for_the_story_a_new_article_joins(demo_raws):
    """The Valley Herald article joins the five-article story: that story's claims are built again, the
    other story's come from the cache (poisoned here, so reuse shows), and the claims equal a fresh run."""
    full = analyze(demo_raws)
    held = next(k for k, r in enumerate(demo_raws) if "valley_herald" in r.source)
    cache = AnalysisCache()
    before = analyze(demo_raws[:held] + demo_raws[held + 1 :], cache=cache)
    assert len(before.stories) == 2
    for key, claims in list(cache.claims.items()):
        cache.claims[key] = tuple(replace(c, explanation="from the cache") for c in claims)
    again = analyze(demo_raws, cache=cache)
    assert cache.claim_stories == 1
    joined = next(s.id for s in again.stories if len(s.articles) == 5)
    for claim in again.claims:
        assert (claim.explanation == "from the cache") == (claim.story != joined), claim.story
    cache = AnalysisCache()
    analyze(demo_raws[:held] + demo_raws[held + 1 :], cache=cache)
    again = analyze(demo_raws, cache=cache)
    assert again.claims == full.claims and again.findings == full.findings


def test_claims_are_built_again_when_a_label_they_name_changes(demo_raws):
    """Without the first Northern Wire item the second is labelled "Northern Wire"; with it, "Northern Wire
    #2". The second item's story has the same members either way, but its claims name that label (their
    origin), so they are built again: both stories are, and the claims equal a fresh run."""
    full = analyze(demo_raws)
    held = next(k for k, r in enumerate(demo_raws) if r.source.endswith("04_northern_wire.jsonl:1"))
    cache = AnalysisCache()
    analyze(demo_raws[:held] + demo_raws[held + 1 :], cache=cache)
    again = analyze(demo_raws, cache=cache)
    assert cache.claim_stories == 2
    assert again.claims == full.claims


def test_story_claim_keys_follow_what_the_claims_read(demo_report):
    """A story's key changes with a relation inside it and with a copy relation that reaches it from
    another story (copy groups name a claim's origin), and not with a relation inside another story."""
    articles, stories, relations = list(demo_report.articles), list(demo_report.stories), list(demo_report.relations)
    options = AnalyzeOptions()
    keys = _story_claim_keys(articles, stories, relations, options)
    big, small = (s for s in sorted(stories, key=lambda s: -len(s.articles)))
    assert len(big.articles) == 5 and len(small.articles) == 1
    inside = [r for r in relations if r.a in big.articles and r.b in big.articles]
    dropped = _story_claim_keys(
        articles, stories, relations[:-1] if relations[-1] in inside else relations[1:], options
    )
    assert dropped[big.id] != keys[big.id] and dropped[small.id] == keys[small.id]
    first = inside[0]
    a, b = sorted((small.articles[0], big.articles[0]))
    copy = replace(first, a=a, b=b, kind="rewrite", direction=replace(first.direction, original=big.articles[0]))
    crossed = _story_claim_keys(articles, stories, [*relations, copy], options)
    assert crossed[small.id] != keys[small.id] and crossed[big.id] != keys[big.id]
    # What cleaning cut is no input of claims (it changes whenever a repeated line's count does); the text is.
    k = articles.index(next(a for a in articles if a.id == small.articles[0]))
    cut = [*articles[:k], replace(articles[k], removed=()), *articles[k + 1 :]]
    assert _story_claim_keys(cut, stories, relations, options) == keys
    edited = [*articles[:k], replace(articles[k], text=articles[k].text + " "), *articles[k + 1 :]]
    assert _story_claim_keys(edited, stories, relations, options)[small.id] != keys[small.id]


def test_cached_claim_sets_unpickle_records_only(demo_report):
    """A claim set read from a case database builds corroborator's records and nothing else."""
    claims = tuple(demo_report.claims)
    assert _load_claims(pickle.dumps(claims)) == claims
    with pytest.raises(pickle.UnpicklingError, match="not a record type"):
        _load_claims(pickle.dumps(os.system))
    with pytest.raises(pickle.UnpicklingError, match="not a tuple of claims"):
        _load_claims(pickle.dumps(("a claim", 1)))
