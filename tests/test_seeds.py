"""The five shared seed articles (one event, five outlets), read as a person reads them.

What is really there, in our words:
- 000: a bold title line, no outlet or date; credits Suspilne ("according to Ukraine's public
  broadcaster, Suspilne"), LIGA (twice), Yonhap, the Telegram channel Kremlin Snuffbox; one direct
  quote of South Korea's Defense Minister Kim Yong-hyun.
- 001: Newsweek, dated Oct 17, 2024; credits Suspilne, "intelligence officials cited by the
  broadcaster", LIGA, Yonhap, the Kyiv Post and Interfax-Ukraine, Kremlin Snuffbox; quotes Kim
  Yong-hyun and the text of the pact.
- 002: no header; "The Suspiline news outlet, citing Ukrainian intelligence sources, reported";
  an ad marker twice, a related-story teaser block with its blurb, a correction footer;
  a two-paragraph quote of Andrei Kovalenko ending '..., Kovalenko added'.
- 003: one line holding "date 2024-10-15", the title and "Tuesday, October 15, 2024 1:59:34 PM";
  credits Ukrainska Pravda; the same Kovalenko quote ending '... he stated'.
- 004: a headline line, an "At a Glance" box and section headings, a "Watch a report:" embed;
  credits Suspilne ("Ukrainian outlets such as Suspilne"); no direct quotation of a person.
"""

from __future__ import annotations

import re

import pytest


def test_seeds_all_five_read(seed_report):
    assert len(seed_report.articles) == 5
    assert seed_report.skipped == ()


def test_seeds_metadata_found_and_normalised(seed_articles):
    assert seed_articles["001"].meta.outlet == "Newsweek"
    assert seed_articles["001"].meta.published == "2024-10-17"
    assert seed_articles["003"].meta.published == "2024-10-15T13:59:34"
    assert (
        seed_articles["003"].meta.title
        == "North Korean soldiers reportedly desert from Russian 'Buryat Battalion' near Ukrainian border"
    )
    assert seed_articles["000"].meta.title.startswith("Report: North Korean Troops Deserting")
    assert seed_articles["004"].meta.title == "DESERTERS – Elite Troops Abandon Positions!"
    assert seed_articles["002"].meta.title is None  # 002 starts with its body
    assert all(a.meta.language == "en" for a in seed_articles.values())


def _reasons(article):
    return {r.text.strip(): r.reason for r in article.removed}


def test_seeds_boilerplate_removed_with_reasons(seed_articles):
    cut = _reasons(seed_articles["002"])
    assert cut["Advertisement"] == "ad marker"
    assert cut["Other Topics of Interest"] == "related-story teaser"
    assert any(t.startswith("The gun, if fielded") and r.startswith("related-story teaser") for t, r in cut.items())
    assert any(t.startswith("To suggest a correction") for t in cut)
    text = seed_articles["002"].text
    assert "Advertisement" not in text and "Rare North Korean Long-Range Cannon" not in text
    assert "Ctrl + Enter" not in text
    cut4 = _reasons(seed_articles["004"])
    assert cut4["At a Glance"] == "section heading"
    assert cut4["Deployment and Desertion"] == "section heading"
    assert cut4["Watch a report: North Korean Troops Thought Ukraine War Was an Exercise"] == "embed"


def _body_sentences(path):
    """Sentences of the saved file that are article body (long lines ending like prose)."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [
        line
        for line in lines
        if len(line.split()) > 12 and line[-1] in '.”"' and not line.startswith(("To suggest", "The gun, if fielded"))
    ]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seeds_no_body_text_lost(seed_articles, seeds_dir, prefix):
    article = seed_articles[prefix]
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    for line in _body_sentences(path):
        assert line.rstrip(" [") in article.text, f"body line lost from {path.name}: {line[:60]}"


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seeds_clean_offsets_map_back_to_raw(seed_articles, seeds_dir, prefix):
    article = seed_articles[prefix]
    raw = next(seeds_dir.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    for sent in article.sentences:
        piece = article.text[sent.start : sent.end]
        start = article.raw_offset(sent.start)
        assert raw[start : start + len(piece)] == piece
    rebuilt = list(article.text)
    for cut in reversed(article.removed):
        rebuilt[cut.at : cut.at] = list(cut.text)
    assert "".join(rebuilt) == raw  # nothing is lost: clean text + removed spans = the file


def _quotes(article):
    return [(q.speaker, q.text) for q in article.quotes]


def test_seeds_quotes_with_speakers(seed_articles):
    q0 = _quotes(seed_articles["000"])
    assert q0 == [("Kim Yong-hyun", q0[0][1])] and q0[0][1].startswith("Given that Russia and North Korea")
    q1 = _quotes(seed_articles["001"])
    assert [s for s, _ in q1] == ["the pact", "the pact", "Kim Yong-hyun"]
    assert q1[2][1].startswith("As Russia and North Korea have signed a mutual treaty akin")
    # 002's quote runs over two paragraphs and is credited after its end.
    ((speaker, text),) = _quotes(seed_articles["002"])
    assert speaker == "Andrei Kovalenko"
    assert text.startswith("Less than 1% of the cadre officers") and text.endswith("alongside Buryat counterparts")
    # 003: the same words, credited with a pronoun.
    ((speaker3, text3),) = _quotes(seed_articles["003"])
    assert speaker3 == "Andrei Kovalenko" and seed_articles["003"].quotes[0].speaker_text == "he"
    assert "several tens of thousands" in text3
    assert _quotes(seed_articles["004"]) == []  # scare quotes ("fake news", "Buryat Battalion") are not quotations


def _credited(article, kind=None):
    return {a.source for a in article.attributions if kind is None or a.kind == kind}


def test_seeds_according_to_style_attributions(seed_articles):
    assert {"Suspilne", "LIGA", "Yonhap News Agency", "Kremlin Snuffbox", "Main Intelligence Directorate"} <= _credited(
        seed_articles["000"]
    )
    assert {"Suspilne", "LIGA", "Yonhap News Agency", "Kremlin Snuffbox", "Kyiv Post", "Interfax-Ukraine"} <= _credited(
        seed_articles["001"]
    )
    assert {"Ukrainska Pravda"} <= _credited(seed_articles["003"])
    assert {"Suspilne", "Ukrainian media"} <= _credited(seed_articles["004"])


def test_seeds_spelling_variant_and_role_noun_resolve(seed_articles):
    # 002 spells the broadcaster "Suspiline"; it is one source with the others' "Suspilne".
    keys = {a.source_key for a in seed_articles["002"].attributions}
    assert "suspilne" in keys
    credited = [a for a in seed_articles["002"].attributions if a.cue == "citing"]
    assert credited and credited[0].source == "Ukrainian intelligence sources"
    # 001: "Intelligence officials cited by the broadcaster said" -> the broadcaster is Suspilne.
    relayed = [a for a in seed_articles["001"].attributions if a.source_text == "Intelligence officials"]
    assert relayed and relayed[0].via == "Suspilne"
    by = [a for a in seed_articles["001"].attributions if a.cue == "cited by"]
    assert by[0].source == "Suspilne" and by[0].source_text == "the broadcaster"


def test_seeds_no_attribution_from_noun_uses(seed_articles):
    # "This development follows reports that..." and "The United States has accused" credit no one.
    for article in seed_articles.values():
        for att in article.attributions:
            assert att.source_text not in {"This development", "The United", "United"}
            assert re.search(r"\w", att.source)


def test_seeds_labels_are_never_a_path_or_a_headline(seed_articles):
    labels = [a.label for a in seed_articles.values()]
    assert len(set(labels)) == len(labels)
    for art in seed_articles.values():
        assert "/" not in art.label and "\\" not in art.label
        assert art.meta.title is None or art.label != art.meta.title[:60]


def test_seeds_the_source_resolves_to_the_broadcaster(seed_articles):
    # 002: "The Suspiline news outlet, citing Ukrainian intelligence sources, reported ..." then "The source said".
    (att,) = [a for a in seed_articles["002"].attributions if a.source_text == "The source"]
    assert att.source_key in {"suspilne", "suspiline"}


def test_seeds_speakers_hold_through_every_sentence_of_a_quote(seed_articles):
    # 002 and 003: Kovalenko's quote runs over three sentences and two paragraphs; one quote, one speaker.
    for prefix in ("002", "003"):
        art = seed_articles[prefix]
        (quote,) = [q for q in art.quotes if "Understanding this is crucial" in q.text]
        assert quote.speaker == "Andrei Kovalenko" and quote.speaker_id is not None
        assert sum(quote.start <= s.start < quote.end for s in art.sentences) >= 2
    # 000 and 001: Kim Yong-hyun's quote and the pronoun after it are one person.
    for prefix in ("000", "001"):
        art = seed_articles[prefix]
        ids = {q.speaker_id for q in art.quotes if q.speaker == "Kim Yong-hyun"}
        ids |= {a.source_id for a in art.attributions if a.source_text.lower() == "he"}
        assert len(ids) == 1 and None not in ids
