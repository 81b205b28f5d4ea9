"""Speakers and sources the parser must find (issue 11): sentences written for these tests."""

from __future__ import annotations

import pytest

from corroborator.attribution import name_problem
from corroborator.pipeline import build_article
from corroborator.types import Article, Metadata, RawArticle


def _article(text: str) -> Article:
    article = build_article(RawArticle(source="t.txt", raw_text=text, meta=Metadata()))
    assert article is not None
    return article


def _sources(text: str) -> list[tuple[str, str, str]]:
    """(source words as written, name, cue) of every attribution."""
    art = _article(text)
    return [(art.text[a.source_start : a.source_end], a.source, a.cue) for a in art.attributions]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a speaker after a closing quote in the two-apostrophe style of the NYT archive
        ("''The ferry timetable was never the problem,'' Mr. Halvorsen said.", "Halvorsen"),
        # a surname that ends in -ing is a name, not a gerund
        ("\u201cWe moved here for the schools,\u201d Ebeling said.", "Ebeling"),
    ],
)
def test_speaker_after_the_quote_is_found(text: str, speaker: str) -> None:
    quotes = _article(text).quotes
    assert len(quotes) == 1
    assert quotes[0].speaker == speaker


def test_quote_over_three_sentences_keeps_an_inverted_speaker() -> None:
    text = (
        'The vote is close. "It is all about the turnout in the valley. That is how the district works. '
        'Nobody wins it from the coast," said Marta Quiroga, who ran the 2018 campaign.'
    )
    quotes = _article(text).quotes
    assert len(quotes) == 1
    assert quotes[0].speaker == "Marta Quiroga"
    assert quotes[0].text.startswith("It is all about the turnout")


def test_gerund_alone_is_still_junk() -> None:
    assert name_problem("Having") is not None
    assert name_problem("Ebeling", "Ebeling said the fence was new.", 0, 7) is None
    # the same word written in lowercase elsewhere in the article is a verb form
    assert name_problem("Reading", "Reading the note, she paused. Reading said nothing. He kept reading.", 31, 38)


def test_cut_name_after_apostrophe_is_junk_but_a_closing_quote_is_not() -> None:
    text = "O' Brien said so."
    assert name_problem("Brien", text, 3, 8) is not None
    text = "''It was late,'' Mr. Okafor said."
    assert name_problem("Okafor", text, 17, 27) is None


def test_stance_verbs_credit_people_not_things() -> None:
    found = _sources(
        "Senator Alma Reyes endorsed the harbour plan on Monday. The plan promises cheaper ferries. "
        "The mayor called the plan a gift to developers."
    )
    cues = {(src, cue) for src, _name, cue in found}
    assert ("Senator Alma Reyes", "endorsed") in cues
    assert ("The mayor", "called") in cues
    assert not any(src == "The plan" for src, _n, _c in found)  # a plan holds no stance


def test_relative_pronoun_is_the_source_and_names_its_antecedent() -> None:
    found = _sources("The fire chief praised Tomas Lind, who warned that the dam was failing.")
    who = [f for f in found if f[0] == "who"]
    assert who and who[0][1] == "Tomas Lind"


def test_relative_clause_belongs_to_the_source_unless_it_is_a_credit() -> None:
    found = _sources(
        "Pia Holm, who chairs the port authority, said the cranes were sold. "
        "Ole Berg, who said the cranes were old, declined to comment."
    )
    spans = [src for src, _n, _c in found]
    assert "Pia Holm, who chairs the port authority," in spans
    names = {src: name for src, name, _c in found}
    assert names["Pia Holm, who chairs the port authority,"] == "Pia Holm"
    assert "Ole Berg" in spans and "who" in spans  # the relative clause is a credit of its own


def test_partial_quote_inside_a_stance_keeps_the_speaker() -> None:
    quotes = _article('Councillor Ines Duarte called the harbour plan "a gift to developers" on Tuesday.').quotes
    assert [q.speaker for q in quotes] == ["Ines Duarte"]


def test_any_verb_whose_clause_is_a_quotation_gives_the_speaker() -> None:
    quotes = _article(
        '"The new pier will carry twice the freight we move today," Ines Duarte assured the council.'
    ).quotes
    assert [q.speaker for q in quotes] == ["Ines Duarte"]


def test_quote_after_reported_speech_continues_its_speaker() -> None:
    text = (
        "Ines Duarte said the ferry company had ignored three warnings about the ramp. "
        '"We wrote to them in March, in May and again in July, and nobody answered."'
    )
    quotes = _article(text).quotes
    assert [q.speaker for q in quotes] == ["Ines Duarte"]


def test_months_that_are_surnames_are_names() -> None:
    assert name_problem("Theresa May") is None
    assert name_problem("Long on Monday") == "date"
    assert name_problem("officials on May") == "date"


def test_pronoun_resolved_to_a_failing_name_stays_a_pronoun() -> None:
    # "she" resolves to the last woman credited; whatever she resolves to, the credit itself is never dropped
    text = (
        "Aung Kyi May, a shop owner, said the count was slow. "
        '"We have waited a long time. We can wait a little longer," she said.'
    )
    quotes = _article(text).quotes
    assert quotes and quotes[-1].speaker_text == "she"


def test_speaker_after_a_quote_that_began_in_the_previous_sentence() -> None:
    text = (
        '"He voted against all of them. Every one of the amendments," said Okafor, who had drafted two of them. '
        "The vote was held in March."
    )
    found = _sources(text)
    assert [(src, name) for src, name, _c in found] == [("Okafor, who had drafted two of them", "Okafor")]


def test_inverted_speaker_the_parse_hangs_elsewhere() -> None:
    text = '"The danger," said Edda Lunde, a geologist who studies the fjord, "is that the slope slides in spring."'
    quotes = _article(text).quotes
    assert quotes and quotes[0].speaker == "Edda Lunde"


def test_name_and_colon_before_a_quotation_is_a_source() -> None:
    found = _sources('Ada Brun and Lev Orlov: "Turnout among young voters fell in every county."')
    assert ("Ada Brun and Lev Orlov", ":") in {(src, cue) for src, _n, cue in found}


def test_relative_pronoun_of_a_thing_credits_no_one() -> None:
    found = _sources("She recovered from the storm that claimed the harbour wall, and the town held a fair.")
    assert not any(src in {"that", "which"} for src, _n, _c in found)


def test_said_before_a_name_and_colon_is_not_part_of_the_name() -> None:
    found = _sources('Said Ada Brun: "The ferry has not run on time once this winter."')
    assert [(src, name) for src, name, _c in found] == [("Ada Brun", "Ada Brun")]


def test_person_named_after_a_place_and_a_title() -> None:
    from corroborator.attribution import written_name

    assert written_name("The Lake County, Ore., sheriff, Dana Whitcomb") == "Dana Whitcomb"


def test_added_with_an_object_is_not_speech() -> None:
    found = _sources("The doctor guessed that the long walks added five years to her life.")
    assert not any(cue == "added" for _s, _n, cue in found)
    assert not any(src == "the long walks" for src, _n, _c in found)


def test_who_after_a_place_never_names_the_place() -> None:
    # the parse may hang "who" on the place: then it names the people before it, or no one, never the place
    for text in (
        "The plan may calm worried Republicans in Salem, who have argued that the tax is too high.",
        "The deal is likely to placate nervous Democrats on Capitol Hill, who have argued that it helps.",
    ):
        who = [name for src, name, _c in _sources(text) if src == "who"]
        assert who and who[0] != "Salem" and who[0] != "Capitol Hill"


def test_a_name_given_or_an_act_declared_is_not_a_credit() -> None:
    found = _sources(
        "His charity, called the Lakeside Heritage Trust, will keep the land. "
        "The ferry line, a firm that had declared bankruptcy, sold its boats. "
        "The mayor makes this clear in her new film \u201cTides.\u201d"
    )
    assert found == []


def test_a_quote_after_its_credit_widens_the_credits_content() -> None:
    text = (
        "Ines Duarte said the ferry company had ignored three warnings about the ramp.\n\n"
        '"We wrote to them in March, in May and again in July, and nobody answered."\n\n'
        "The company did not reply to questions."
    )
    art = _article(text)
    att = next(a for a in art.attributions if a.source == "Ines Duarte")
    assert att.content_end is not None
    assert art.text[: att.content_end].endswith("nobody answered.")
    assert "did not reply" not in art.text[att.content_start : att.content_end]
