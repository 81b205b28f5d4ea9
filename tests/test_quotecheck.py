"""Altered quotes: what is agreement, what is a change (issue 13, item 1). Texts written for these tests."""

from __future__ import annotations

import pytest

from corroborator.quotecheck import compare_quotes, quote_words, same_statement

FULL = "We have moved every family out of the flood zone, and nobody will be allowed back before Friday."


@pytest.mark.parametrize(
    "other",
    [
        "We have moved every family out of the flood zone,",  # truncated at the end
        "every family out of the flood zone, and nobody will be allowed back before Friday",  # truncated at the start
        "We have moved every family out ... and nobody will be allowed back before Friday.",  # an ellipsis marks the cut
        "we have moved every family out of the flood zone and nobody will be allowed back before friday",  # case, commas
        "We’ve moved every family out of the flood zone, and nobody’ll be allowed back before Friday.",  # contractions
    ],
)
def test_agreement_is_not_an_alteration(other):
    assert compare_quotes(quote_words(FULL), quote_words(other)) is None


def test_a_quote_split_in_two_agrees_with_the_whole():
    first, second = "We have moved every family out of the flood zone,", "nobody will be allowed back before Friday."
    assert compare_quotes(quote_words(FULL), quote_words(first)) is None
    assert compare_quotes(quote_words(FULL), quote_words(second)) is None


@pytest.mark.parametrize(
    ("other", "kind"),
    [
        (FULL.replace("nobody will", "everybody will"), "negation"),
        (FULL.replace("before Friday", "before Sunday"), "name"),
        (FULL.replace("every family", "40 families"), "number"),
        (FULL.replace("will be allowed", "might be allowed"), "hedge"),
        (FULL.replace("moved", "forced"), "wording"),
    ],
)
def test_changed_words_are_an_alteration_and_say_what_changed(other, kind):
    change = compare_quotes(quote_words(FULL), quote_words(other))
    assert change is not None and kind in change.kinds


def test_a_changed_number_at_the_start_is_not_a_truncation():
    a = "27 companies reported subsidiaries in tax havens last year, the audit found"
    b = "57 companies reported subsidiaries in tax havens last year, the audit found"
    change = compare_quotes(quote_words(a), quote_words(b))
    assert change is not None and change.kinds[0] == "number"


def test_two_statements_of_one_speaker_are_not_compared():
    a = "We are going to rebuild the harbour wall before the winter storms arrive."
    b = "We are going to ask the government for more money for the fishing fleet."
    assert not same_statement(quote_words(a), quote_words(b))
    assert compare_quotes(quote_words(a), quote_words(b)) is None


def test_times_and_spelling_are_normalised():
    a = "The pumps were switched on at 6 p.m. and ran through the night"
    b = "The pumps were switched on at 18:00 and ran through the night"
    assert compare_quotes(quote_words(a), quote_words(b)) is None
    c = "Internet Explorer users should install the update at once, the company said"
    d = "IE users should install the update at once, the company said"
    assert compare_quotes(quote_words(c), quote_words(d)) is None


def test_altered_quote_set_built_from_real_polnear_quotes():
    # Variants of real quotes whose answer is known by construction (eval/alteredquotes.py).
    from corroborator.eval.base import EvalOptions
    from corroborator.eval.runner import run

    result = run("alteredquotes", options=EvalOptions(sample=20, seed=1))
    metrics = result.metrics
    assert metrics["pairs"] > 100
    assert metrics["precision"] >= 0.95 and metrics["recall"] >= 0.9
    assert metrics["accuracy_by_variant"]["truncated_start"] == 1.0
