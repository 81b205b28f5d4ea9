"""Issue 11, fourth round: speakers of quotations held in any verb's words, and scope that runs past the sentence.
Sentences written for these tests."""

from __future__ import annotations

from corroborator.pipeline import build_article
from corroborator.types import Article, Metadata, RawArticle


def _article(text: str) -> Article:
    article = build_article(RawArticle(source="t.txt", raw_text=text, meta=Metadata()))
    assert article is not None
    return article


def _speakers(text: str) -> dict[str, str | None]:
    """Each quotation's first words -> the speaker as written."""
    return {q.text.split()[0]: q.speaker_text for q in _article(text).quotes}


def test_a_quotation_in_any_verbs_words_is_its_subjects() -> None:
    text = (
        'Captain Ruiz favours "any new dredging of the channel" until the survey is done. '
        'At the meeting, Ms. Okonkwo hailed the ferry timetable as a "quiet revolution."'
    )
    speakers = _speakers(text)
    assert speakers["any"] == "Captain Ruiz"
    assert speakers["quiet"] == "Ms. Okonkwo"


def test_a_quotation_that_is_a_title_or_in_someone_elses_clause_is_not_credited_to_the_verb() -> None:
    # a programme or product code is no speaker
    art = _article('Last spring, EB-3 drew "strong interest from foreign investors" in the region.')
    assert [a.source_text for a in art.attributions] == []
    # a title (every word capitalised) is not words anyone said
    art = _article('The actor starred in "The Long Winter Tide" last year.')
    assert [q.speaker_text for q in art.quotes] == []
    assert [a.source_text for a in art.attributions] == []
    # inside what the mayor said, the inner subject does not speak the quotation: the mayor does
    speakers = _speakers('The mayor said the council wanted "a full audit of the budget" before the vote.')
    assert speakers["a"] == "The mayor"
    # in a clause of a noun ("the news that ..."), no credit is taken
    art = _article('Critics seized on the news that the agency deemed the files "too sensitive to share."')
    assert "the agency" not in [a.source_text for a in art.attributions]


def test_a_name_signed_under_a_quotation_after_a_dash_speaks_it() -> None:
    text = (
        "“The night shift pays for the rent, the day shift pays for the bus.” ― Ana Moreno, 29\n\n"
        "“I never saw the inside of the office again.”―Tomas Herrera\n\n"
        '"We will keep the clinic open through the winter."\n\n'
        "- Lena Fischer.\n\n"
        '"Nobody asked us first."\n\n'
        "– Ready for the vote –."
    )
    speakers = _speakers(text)
    assert speakers["The"] == "Ana Moreno"  # the description after the comma is not part of the name
    assert speakers["I"] == "Tomas Herrera"  # the quotation dash needs no space
    assert speakers["We"] == "Lena Fischer"
    # a phrase that is not a person's name signs nothing, and the signature before it does not carry on
    assert speakers.get("Nobody") is None


def test_a_byline_run_on_to_a_quote_mark_is_not_its_speaker() -> None:
    text = 'The mayor said the budget was "balanced for the first time in ten years."--Pia Lund.'
    art = _article(text)
    assert [q.speaker_text for q in art.quotes] == ["The mayor"]


def test_a_credit_set_inside_a_clause_speaks_the_quotation_of_that_clause() -> None:
    # "Okafor said" sits inside the clause: the quotation is Okafor's report of the board, not the board's words
    speakers = _speakers('The board, Okafor said, has called the merger "a done deal."')
    assert speakers["a"] == "Okafor"
    speakers = _speakers("The port, Ms. Lind said, has become “a parking lot for cruise ships.”")
    assert speakers["a"] == "Ms. Lind"


def test_a_nested_credit_does_not_stop_a_quote_paragraph_continuing_reported_speech() -> None:
    text = (
        "Mayor Diaz said that for years some critics had been predicting the closure of the shipyard, "
        "but that this would not happen.\n\n"
        "“The yard employs more people today than at any time since the war ended.”"
    )
    assert _speakers(text)["The"] == "Mayor Diaz"


def test_a_quotation_running_past_its_sentence_keeps_the_credit_it_opened_in() -> None:
    text = (
        "The councillor said she rarely asks colleagues to campaign for her, “except for people I have worked with. "
        "And I have never worked with him.”"
    )
    assert _speakers(text)["except"] == "The councillor"


def test_a_quotation_over_sentences_is_credited_where_it_closes() -> None:
    text = (
        '"Small farms are running out of credit. The banks have the money. They see no choice" but to sell, '
        "says Mira Sandoval, an agricultural economist."
    )
    assert _speakers(text)["Small"] == "Mira Sandoval, an agricultural economist"


def test_an_opening_curly_mark_typed_at_a_words_end_closes_the_quote() -> None:
    text = "“If the bridge stays shut, the market on the east bank will not survive the winter,“ said Omar Haddad."
    art = _article(text)
    assert [(q.text[:6], q.speaker_text) for q in art.quotes] == [("If the", "Omar Haddad")]


def test_a_quotation_joined_across_its_credit_is_all_in_the_credits_content() -> None:
    text = '"The pumps are old," Rahman said. "Every winter one of them fails, and the street floods again."'
    art = _article(text)
    (att,) = [a for a in art.attributions if a.source_text == "Rahman"]
    assert att.content_start is not None and att.content_end is not None
    content = art.text[att.content_start : att.content_end]
    assert "The pumps are old" in content and "the street floods again" in content


def test_a_quotation_begun_sentences_before_its_credit_is_all_in_the_credits_content() -> None:
    text = "“The tide gauge failed in March. Nobody replaced it until June,” the harbour engineer said."
    art = _article(text)
    (att,) = art.attributions
    assert att.content_start is not None and att.content_end is not None
    assert art.text[att.content_start : att.content_end].startswith("The tide gauge failed")


def test_a_sentence_without_a_credit_or_quotation_is_not_pulled_into_the_previous_credit() -> None:
    # PolNeAR's annotators extend a credit past its sentence almost only over a quotation (on 400 train articles,
    # 16 of 570 plain follow-on sentences in the same paragraph): the tool does not extend over prose
    text = "According to the port authority, the pier will close in May. The ferry will also stop running."
    art = _article(text)
    (att,) = art.attributions
    assert att.content_end is not None and att.content_end <= art.text.index("The ferry")


def test_a_stance_verb_whose_object_comes_first_keeps_its_quotation() -> None:
    text = 'The auction was cancelled before bidding began on what Okoye described as a "piece of history."'
    assert _speakers(text)["piece"] == "Okoye"


def test_a_party_label_in_parentheses_is_left_out_of_an_appositive_name() -> None:
    # "governor Howard Dean (D), a supporter": the appositive's name is "Howard Dean", not "Howard Dean D" (a name
    # ending in an initial, which the name checks drop, losing the quote's speaker)
    from corroborator.attribution import _in_parentheses
    from corroborator.parser import parser_for

    (doc,) = parser_for(None).parse_many(["The governor, Ellen Marsh (R-Ohio), spoke first."], entities=lambda d: False)
    inside = {t.text for t in doc if _in_parentheses(t)}
    assert inside == {"R", "-", "Ohio"}
