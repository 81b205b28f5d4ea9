"""The parse's shortcuts keep its output: entities only where read, spaCy without torch, cue prefilters."""

from __future__ import annotations

import subprocess
import sys

import pytest

from corroborator.attribution import cue_sentences, needs_entities, sentence_words
from corroborator.parser import Parser, parser_for
from corroborator.types import Span


@pytest.fixture(scope="module")
def parser():
    loaded = parser_for(None)
    if loaded.nlp is None:
        pytest.skip("no spaCy model installed")
    return loaded


def _sentences(seed_articles) -> list[str]:
    return [a.text[s.start : s.end] for a in seed_articles.values() for s in a.sentences]


def test_entities_only_where_read_give_the_full_pipeline_parse(parser, seed_articles):
    texts = [*_sentences(seed_articles), "A union official told Reuters the plant closed.", "She told CNN nothing."]
    fresh = Parser(parser.name, parser.loaded_from, parser.nlp)  # an empty cache
    docs = fresh.parse_many(texts, entities=needs_entities)
    full = list(parser.nlp.pipe(texts))
    told = 0
    for doc, reference in zip(docs, full, strict=True):
        assert [(t.tag_, t.lemma_, t.dep_, t.head.i) for t in doc] == [
            (t.tag_, t.lemma_, t.dep_, t.head.i) for t in reference
        ]
        if needs_entities(doc):
            told += 1
            assert [(e.text, e.label_) for e in doc.ents] == [(e.text, e.label_) for e in reference.ents]
    assert told >= 2
    # asked again without a filter, the cached docs get their entities too
    again = fresh.parse_many(texts)
    assert [[(e.text, e.label_) for e in d.ents] for d in again] == [[(e.text, e.label_) for e in d.ents] for d in full]


def test_spacy_loads_without_importing_torch(parser):
    code = "import sys; from corroborator.parser import parser_for; parser_for(None); print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False"]


def test_cue_prefilter_keeps_every_regex_match(seed_articles):
    import re

    from corroborator.attribution import (
        _CLAUSE_LEMMAS,
        _QUOTE_MARK_RE,
        _SPEECH_LEMMAS,
        _STANCE_LEMMAS,
        _surface_forms,
    )

    # The reference: every verb form as one case-insensitive alternation, tried at every position.
    forms = sorted(_surface_forms(_SPEECH_LEMMAS | _CLAUSE_LEMMAS | _STANCE_LEMMAS), key=len, reverse=True)
    _CUE_WORDS_RE = re.compile(r"\b(?:according to|" + "|".join(forms) + r")\b", re.I)

    for art in seed_articles.values():
        chosen = cue_sentences(art.text, list(art.sentences))
        by_regex = [
            k
            for k, s in enumerate(art.sentences)
            if _CUE_WORDS_RE.search(art.text, s.start, s.end) or _QUOTE_MARK_RE.search(art.text, s.start, s.end)
        ]
        assert chosen == by_regex and chosen
    text = "Officials SAID on Monday. Nothing here at all. ACCORDING TO police, it rained."
    spans = [Span(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text)]
    assert cue_sentences(text, spans) == [0, 2]
    assert "said" in sentence_words(text, spans[0])
