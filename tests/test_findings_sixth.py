"""Findings, sixth round (issue 13): a unique claim whose content another outlet restates in its own words (without
the speaker's name) is not unique, and a credit counts for an attribution conflict only where the article writes it
near the sentence. Test texts are our own."""

from __future__ import annotations

from corroborator import analyze
from corroborator.findings import _credited_near, _restated
from corroborator.parser import parser_for
from corroborator.types import Mention
from tests.test_claims_findings import FERRY

_BRANDT = "The Kelso's owner bought a new bilge pump in March, harbour engineer Ilse Brandt said."
_RESTATED = "Records show that in March the owner fitted the Kelso with a new bilge pump."


def _unique_naming(extra: dict[str, str], name: str) -> bool:
    texts = {k: [*v, *([extra[k]] if k in extra else [])] for k, v in FERRY.items()}
    report = analyze([{"text": " ".join(v), "outlet": k, "published": "2026-04-04"} for k, v in texts.items()])
    return any(f.kind == "unique_claim" and name in f.summary for f in report.findings)


def test_unique_claim_stands_when_no_other_outlet_has_the_fact():
    assert _unique_naming({"Coast Today": _BRANDT}, "Ilse Brandt")


def _parsed(text: str):
    (doc,) = parser_for(None).parse_many([text])
    return doc


def test_restated_fact_is_found_in_other_words_without_the_speaker():
    # Radio Tarn tells the purchase in other words and without the engineer's name: Coast Today's sentence is a
    # restatement, not news only it has. A sentence about something else with the same ship is not.
    texts = {k: [*v, *([_RESTATED] if k == "Radio Tarn" else [])] for k, v in FERRY.items()}
    report = analyze([{"text": " ".join(v), "outlet": k, "published": "2026-04-04"} for k, v in texts.items()])
    by_outlet = {a.meta.outlet: a for a in report.articles}
    tarn, echo = by_outlet["Radio Tarn"], by_outlet["Brenmouth Echo"]
    assert _restated(_parsed(_BRANDT), "coast", [tarn], {}, {})
    assert not _restated(_parsed(_BRANDT), "coast", [echo], {}, {})  # the Echo never mentions the pump
    other = "The Kelso's owner sold two old lifeboats to a museum in Osk, harbour engineer Ilse Brandt said."
    assert not _restated(_parsed(other), "coast", [tarn], {}, {})
    # The article's own copy group is not "another outlet".
    assert not _restated(_parsed(_BRANDT), "coast", [tarn], {tarn.id: "coast"}, {})


_QUAKES = (
    "A second earthquake struck Veld island on Monday, Radio Halden reported, and two houses fell.\n\n"
    "Earlier on Sunday a weaker tremor shook the port of Osk and cracked the harbour wall.\n\n"
    "Radio Halden said rescue teams reached the villages by noon. They found four people hurt."
)


def _mention(article, words: str) -> Mention:
    (k,) = [k for k, s in enumerate(article.sentences) if words in article.text[s.start : s.end]]
    span = article.sentences[k]
    return Mention(article.id, k, span.start, span.end, article.text[span.start : span.end], "", article.id, None)  # type: ignore[arg-type]


def test_credit_counts_only_in_its_sentence_or_the_account_it_continues():
    (article,) = analyze([{"text": _QUAKES, "outlet": "Veld Post", "published": "2026-04-04"}]).articles
    names = {"Radio Halden"}
    assert _credited_near(article, _mention(article, "second earthquake"), names)  # its own sentence
    assert _credited_near(article, _mention(article, "four people"), names)  # continues the credited account
    # The lead's credit is about Monday's quake: a sentence of its own paragraph about Sunday's is not credited.
    assert not _credited_near(article, _mention(article, "weaker tremor"), names)
