"""Issue 12: where each mention of a claim comes from, and what makes two units one statement. Sentences
written for these tests."""

from __future__ import annotations

from corroborator import analyze
from corroborator.attribution import name_problem
from corroborator.claims import (
    Credit,
    MentionOrigin,
    UnitFacts,
    _same_source_names,
    compatible,
    mention_origin,
    sentence_credits,
)
from corroborator.facts.mentions import mention_facts
from corroborator.pipeline import build_article
from corroborator.types import Article, Metadata, RawArticle


def _article(text: str, outlet: str | None = None) -> Article:
    article = build_article(RawArticle(source="t.txt", raw_text=text, meta=Metadata(outlet=outlet)))
    assert article is not None
    return article


def _credits(article: Article, needle: str) -> list[Credit]:
    k = next(i for i, s in enumerate(article.sentences) if needle in article.text[s.start : s.end])
    return sentence_credits(article, k, mention_facts(article, k))


def _origin(article: Article, needle: str) -> MentionOrigin:
    return mention_origin(article, _credits(article, needle), article.id, {article.id: article}, {article.id: 1}, {})


def test_a_relay_is_followed_to_the_source_it_cites():
    art = _article(
        "The Calder Times, citing county health officials, reported that the Dunmore clinic will close on Friday."
    )
    origin = _origin(art, "Dunmore clinic")
    assert origin.kind == "source" and origin.label == "county health officials"
    assert origin.relays == ("Calder Times",)


def test_a_vague_source_stops_at_its_relay():
    art = _article("Sources quoted by the Calder Times said the Dunmore clinic will close on Friday.")
    origin = _origin(art, "Dunmore clinic")
    assert origin.label == "Calder Times" and origin.relays == ()
    # ...and with no relay a vague source is the outlet's own reporting.
    alone = _article("Sources say the Dunmore clinic will close on Friday.", outlet="Ellery Post")
    assert _origin(alone, "Dunmore clinic").kind == "article"


def test_the_outlet_crediting_itself_is_its_own_reporting():
    art = _article("The Bay Post has learned that the Dunmore clinic will close on Friday.", outlet="The Bay Post")
    assert _origin(art, "Dunmore clinic").kind == "article"


def test_a_definite_description_names_the_organisation_credited_before_it():
    art = _article(
        "The pier was closed on Monday, the Ellery Port Authority said. "
        "The authority said the pier would reopen once divers had checked the pilings."
    )
    (credit,) = _credits(art, "reopen")
    assert credit.source == "Ellery Port Authority" and credit.written == "The authority"
    # Without an earlier name there is nothing to resolve to: it stays a description.
    lone = _article("The authority said the pier would reopen once divers had checked the pilings.")
    (unresolved,) = _credits(lone, "reopen")
    assert not unresolved.named


def test_a_reported_sentence_goes_on_with_the_previous_credit_in_its_paragraph():
    art = _article(
        "According to the Calder Times, the fire started in the kitchen of the Mill Street bakery. "
        "Two workers were reportedly treated for smoke inhalation.\n\n"
        "Two workers went home early on Tuesday."
    )
    assert [c.source for c in _credits(art, "reportedly")] == ["Calder Times"]
    assert _credits(art, "went home") == []  # another paragraph, and nothing says it is reported


def test_a_reported_lede_borrows_the_credit_that_follows_it():
    art = _article(
        "About 40 goats are believed to have escaped from the Harlow farm overnight. "
        "The animals escaped through a broken fence, the Harlow county sheriff's office said. "
        "Neighbours were asked to keep their gates shut."
    )
    credits = _credits(art, "believed")
    assert credits and "lede" in credits[0].borrowed


def test_one_source_under_several_names_is_one_origin():
    def src(label: str, named: bool = True, said: str = "") -> MentionOrigin:
        return MentionOrigin(f"source:{label.lower()}", label, "source", "credits", named=named, said=said)

    merged = _same_source_names(
        [
            src("Voss"),
            src("Mara Voss"),
            src("officials", named=False),
            src("federal officials", named=False),
            src("spokesman", named=False),
            src("Al Quintero", said="prison spokesman Al Quintero"),
        ]
    )
    assert merged["source:voss"].label == "Mara Voss"
    assert merged["source:officials"].label == "federal officials"
    assert merged["source:spokesman"].label == "Al Quintero"
    assert "source:mara voss" not in merged
    # A description and a fuller one with another generic head: one intelligence service, not two...
    spies = _same_source_names([src("intelligence officials", named=False), src("Calder intelligence", named=False)])
    assert spies["source:intelligence officials"].label == "Calder intelligence"
    # ...but two different services are left apart.
    assert not _same_source_names([src("army officials", named=False), src("Calder intelligence", named=False)])
    # Two people with one surname: "Voss" is left alone.
    assert "source:voss" not in _same_source_names([src("Voss"), src("Mara Voss"), src("Ilse Voss")])


def test_units_with_different_years_or_different_quotes_are_not_one_statement():
    facts = UnitFacts(frozenset({"1997"}), None)
    assert not compatible(facts, UnitFacts(frozenset({"1959"}), None))
    assert compatible(facts, UnitFacts(frozenset(), None))  # one without a year may be the same fact
    said_once = UnitFacts(frozenset(), frozenset({"grateful", "win", "long", "season"}))
    said_again = UnitFacts(frozenset(), frozenset({"proud", "defence", "fourth", "quarter"}))
    assert not compatible(said_once, said_again)
    assert compatible(said_once, UnitFacts(frozenset(), frozenset({"grateful", "win", "season"})))
    restored_early = UnitFacts(frozenset(), None, frozenset({"10-14"}))
    assert not compatible(restored_early, UnitFacts(frozenset(), None, frozenset({"11-04"})))
    assert compatible(restored_early, UnitFacts(frozenset(), None, frozenset({"10-14", "10-20"})))


def test_unit_facts_read_years_days_and_quotations():
    from corroborator.claims import unit_facts

    art = _article('Service came back on October 14, 2011, the company said. "We are sorry for the wait," it added.')
    facts = unit_facts(art, [0])
    assert facts.years == {"2011"} and facts.days == {"10-14"} and facts.quoted is None
    quoted = unit_facts(art, [1])
    assert quoted.quoted and {"sorry", "wait"} <= quoted.quoted


STORY = [
    "The Dunmore clinic will close its doors on Friday after the county cut its budget.",
    "Patients are being asked to register with the practice in Millbrook.",
    "The clinic has served the valley for more than forty years.",
]


def test_a_bare_credit_to_a_relay_is_the_relay_upstream_source():
    # One outlet says where the Calder Times got it; the other only credits the Calder Times. Both relay the
    # county health officials: one origin, relayed by the Calder Times, not two.
    relayed = {
        "text": "The Calder Times, citing county health officials, reported that the Dunmore clinic will close "
        "its doors on Friday after the county cut its budget. " + " ".join(STORY[1:]),
        "outlet": "Harbour Gazette",
        "published": "2026-05-02T09:00:00",
    }
    bare = {
        "text": "The Dunmore clinic will close its doors on Friday after the county cut its budget, the Calder "
        "Times reported. Patients will have to register with the practice in Millbrook instead. "
        "Nurses at the clinic said they had not been told where they would work.",
        "outlet": "Ellery Post",
        "published": "2026-05-02T11:00:00",
    }
    report = analyze([relayed, bare])
    (claim,) = [c for c in report.claims if "close its doors" in c.text]
    assert len(claim.articles) == 2 and claim.independent_sources == 1, claim.explanation
    (origin,) = claim.origins
    assert origin.name == "county health officials" and origin.relays == ("Calder Times",)
    assert "relayed by Calder Times" in claim.explanation


def test_page_stamps_are_no_claims():
    stamp = "Posted 05/02/2026 9:36 AM"
    a = {"text": stamp + "\n\n" + " ".join(STORY), "outlet": "Harbour Gazette"}
    b = {"text": stamp + "\n\n" + " ".join(reversed(STORY)), "outlet": "Ellery Post"}
    report = analyze([a, b])
    assert report.claims and not any(c.text.startswith("Posted") for c in report.claims)


def test_a_credit_to_an_outlet_in_the_batch_follows_that_outlets_own_source():
    # The Ellery Post credits the Calder Times, whose article is in the batch and credits county health officials:
    # the Post relays the officials through the Times, one origin.
    times = {
        "text": "The Dunmore clinic will close its doors on Friday after the county cut its budget, county health "
        "officials said. " + " ".join(STORY[1:]),
        "outlet": "Calder Times",
        "published": "2026-05-02T08:00:00",
    }
    post = {
        "text": "Nurses at the Dunmore clinic said on Thursday they had not been told where they would work next. "
        "The union has called a meeting for Monday evening at the Ellery library. "
        "The Dunmore clinic will close its doors on Friday after the county cut its budget, the Calder "
        "Times reported.",
        "outlet": "Ellery Post",
        "published": "2026-05-02T11:00:00",
    }
    report = analyze([times, post])
    assert not any(r.is_copy for r in report.relations)  # two outlets, not a copy: the credit decides
    (claim,) = [c for c in report.claims if "close its doors" in c.text]
    assert len(claim.articles) == 2 and claim.independent_sources == 1, claim.explanation
    (origin,) = claim.origins
    assert origin.name == "county health officials" and origin.relays == ("Calder Times",)


def test_a_name_is_compared_without_its_title_or_middle_initial():
    from corroborator.claims import _core_name, _description_key

    assert _core_name("New York City Councilman Jumaane D. Williams") == ["jumaane", "williams"]
    assert _core_name("Mr. Williams") == ["williams"]
    assert _core_name("Ellery Port Authority") == ["ellery", "port", "authority"]

    def src(label: str) -> MentionOrigin:
        return MentionOrigin(f"source:{label.lower()}", label, "source", "credits")

    merged = _same_source_names([src("City Council member Jumaane Williams"), src("Mr. Williams")])
    assert merged["source:mr. williams"].label == "City Council member Jumaane Williams"
    # "cops", "officers", "police officers" are the police as news writes them
    assert {_description_key(d) for d in ("cops", "the officers", "two police officers", "The police")} == {"police"}
    assert _description_key("federal officials") == "federal officials"


def test_which_cited_names_the_upstream_source_and_its_relay():
    art = _article(
        "According to the Calder Times, which cited county health officials, the Dunmore clinic will close on Friday."
    )
    origin = _origin(art, "Dunmore clinic")
    assert origin.label == "county health officials" and origin.relays == ("Calder Times",)
    # A document cited is no source phrase: the relay alone is credited.
    doc = _article("According to the Calder Times, which cited it twice, the Dunmore clinic will close on Friday.")
    assert _origin(doc, "Dunmore clinic").label == "Calder Times"


def test_a_relay_the_story_names_elsewhere_relays_the_same_upstream():
    # The Ellery Post credits the Calder Times bare for the Millbrook sentence; the Gazette credits county health
    # officials for it, and says elsewhere that the Times got its reporting from them. One upstream source.
    gazette = {
        "text": "Patients of the Dunmore clinic will have to register in Millbrook after the clinic closes, county "
        "health officials said. The Calder Times, citing county health officials, reported that the clinic's "
        "budget was cut by a third in March. The clinic has served the valley for more than forty years.",
        "outlet": "Harbour Gazette",
        "published": "2026-05-02T09:00:00",
    }
    post = {
        "text": "Once the Dunmore clinic shuts, its patients must sign up with a practice in Millbrook, the "
        "Calder Times reported. Nurses at the clinic said they had not been told where they would work next.",
        "outlet": "Ellery Post",
        "published": "2026-05-02T11:00:00",
    }
    report = analyze([gazette, post])
    (claim,) = [c for c in report.claims if "Millbrook" in c.text]
    assert len(claim.articles) == 2 and claim.independent_sources == 1, claim.explanation
    (origin,) = claim.origins
    assert origin.name == "county health officials"
    assert any("says relays county health officials in this story" in r for r in origin.reasons)
    # Without the Gazette's sentence about the Times, nothing says whom the Times relays: two origins.
    alone = dict(
        gazette,
        text=gazette["text"].replace("The Calder Times, citing county health officials, reported", "Officials added"),
    )
    (split,) = [c for c in analyze([alone, post]).claims if "Millbrook" in c.text]
    assert split.independent_sources == 2, split.explanation


def test_a_relay_with_two_upstreams_in_the_story_is_not_resolved():
    from corroborator.claims import _one_upstream

    police = MentionOrigin("source:harbour police", "harbour police", "source", "", ("Calder Times",), False)
    officials = MentionOrigin("source:police officials", "police officials", "source", "", ("Calder Times",), False)
    mayor = MentionOrigin("source:ann hale", "Ann Hale", "source", "", ("Calder Times",), True)
    assert _one_upstream({police.key: (police, "a"), officials.key: (officials, "b")}) is not None  # police ⊂
    assert _one_upstream({police.key: (police, "a"), mayor.key: (mayor, "b")}) is None


def test_two_sentences_of_one_article_giving_the_claims_count_restate_it():
    from corroborator.claims import _counts_in, _same_count

    assert _counts_in("Some 18 sailors, 3 boats and 10,000 litres of fuel were lost in 2024.") == {"18", "10000"}
    assert _counts_in("About 2,000 troops, up from 1500, left at 12:31 after a 17-7 vote.") == {"2000"}
    mine = _article(
        "Some 40 boats sank in the harbour overnight. The storm came in from the west. "
        "Harbour police said that roughly 40 vessels went down near the pier. The pier reopens in 2027."
    )
    other = _article("Forty boats, 40 by the harbour master's count, sank in the storm on Tuesday night.")
    third = _article("The storm sank boats across the bay, fishermen said on Wednesday morning.")
    units = {a.id: {k: (k,) for k in range(len(a.sentences))} for a in (mine, other, third)}
    by_id = {a.id: a for a in (mine, other, third)}
    claim = [(other.id, 0), (third.id, 0)]
    # The lede and the police sentence share 40, which the claim's other article gives: a restatement...
    assert _same_count(mine, (0,), (2,), claim[:1], units, by_id)
    # ...not when most of the claim's articles give no such count, nor for a year.
    assert not _same_count(mine, (0,), (2,), claim, units, by_id)
    assert not _same_count(mine, (3,), (0,), claim[:1], units, by_id)


def test_two_people_speaking_for_the_police_are_one_origin():
    from corroborator.claims import _org_keys

    def said(words: str, affiliation: str | None = None) -> list[str]:
        return _org_keys(MentionOrigin("source:x", "X", "source", "", (), True, affiliation, words))

    assert said("Police commissioner Ann Hale") == ["source:police"] * 2
    assert said("Ms. Hale, the police commissioner,") == ["source:police"] * 2
    assert said("Elm City PD spokesman Tom Reyes", "Elm City PD")[-1] == "source:police"
    assert said("Reyes, a critic of ECPD policy,", "ECPD policy") == ["source:ecpd policy"]  # not the police
    assert said("the victim's aunt Rosa Diaz") == []
    gazette = {
        "text": "Police Commissioner Ann Hale said the two officers fired eleven shots at the man on Elm Street "
        "late on Saturday night. Neighbours gathered outside the corner shop on Sunday morning.",
        "outlet": "Harbour Gazette",
    }
    post = {
        "text": "A vigil is planned for Monday evening at the church. Eleven rounds were fired by the pair of "
        "officers at the man on Elm Street on Saturday, Elm City PD spokesman Tom Reyes said.",
        "outlet": "Ellery Post",
    }
    report = analyze([gazette, post])
    assert not any(r.is_copy for r in report.relations)
    (claim,) = [c for c in report.claims if "officers" in c.text and len(c.articles) == 2]
    assert len(claim.articles) == 2 and claim.independent_sources == 1, claim.explanation
    assert any("speaks for the police" in r for o in claim.origins for r in o.reasons)


def test_claims_split_because_two_articles_state_the_fact_twice_merge():
    from corroborator.claims import merge_restatements

    # Articles a and b each state the fact twice (units 0 and 3); c and d once each. Average linkage put
    # a:0, b:0, c:0 in one claim and a:3, b:3, d:0 in another.
    x, y = [("a", 0), ("b", 0), ("c", 0)], [("a", 3), ("b", 3), ("d", 0)]
    scores = {(u, v): 0.6 for u in x for v in y if u[0] != v[0]}
    scores = {(min(u, v), max(u, v)): s for (u, v), s in scores.items()}
    assert len(merge_restatements([x, y], scores, 0.5, 2)) == 1
    # One shared article is not evidence enough at min_shared 2, nor two that are one copy group...
    assert len(merge_restatements([x, y], scores, 0.5, 2, roots={"a": "a", "b": "a"})) == 2
    # ...and an article whose two units give different counts states two facts, not one twice.
    assert len(merge_restatements([x, y], scores, 0.5, 2, restates=lambda u, v: u[0] != "b")) == 2
    # Nothing beyond the scores (no count both claims give) is no merge either.
    assert len(merge_restatements([x, y], scores, 0.5, 2, evidence=lambda u, v: False)) == 2
    assert len(merge_restatements([x, y], scores, 0.5, 2, evidence=lambda u, v: v == ("d", 0))) == 1
    # Below the threshold nothing merges.
    assert len(merge_restatements([x, y], dict.fromkeys(scores, 0.4), 0.5, 2)) == 2


def test_bare_police_at_the_end_of_a_sentence_is_a_credit():
    # "..., police said." is news writing's commonest credit; "police" alone (lower case, no "the") was taken
    # for a bare common noun like "lawyer" and the sentence credited no one.
    art = _article(
        "Harbour shooting\n\nA man was wounded near the Dunmore ferry terminal on Friday night, police said.\n\n"
        "A lawyer says the ferry company will review its cameras."
    )
    origin = _origin(art, "ferry terminal")
    assert origin.kind == "source" and origin.key == "source:police"
    assert name_problem("police") is None
    assert name_problem("lawyer") == "a bare common noun"


def test_a_surname_that_is_also_a_title_word_is_a_name():
    # "King" alone is a title ("the King said"), but after "Tishana King" it is her surname: her credits count.
    art = _article(
        "Witness account\n\nTishana Rowe King watched the street from her window on Saturday.\n\n"
        "King told the Gazette that the boy held nothing in his hands.\n\nThe King said the palace would reopen."
    )
    assert _origin(art, "held nothing").key == "source:king"
    assert name_problem("King", art.text) is None
    assert name_problem("King") is not None  # no article naming a King: a title alone


def test_quoted_as_saying_names_the_upstream_speaker():
    # The quotation is the credit's content; the person the outlet quoted is the object before "as saying".
    art = _article(
        'Ferry fire\n\n"The smoke came up through the deck in seconds," the Harbour Gazette quoted deckhand '
        "Ilsa Moreno as saying."
    )
    origin = _origin(art, "smoke came up")
    assert origin.label == "deckhand Ilsa Moreno" and origin.relays == ("Harbour Gazette",)


def test_reports_that_name_no_source_are_flagged_as_maybe_one_origin():
    # Two outlets that each say the fact is "reported" and name nobody are two origins the text cannot tell
    # apart: the claim keeps the count and says which ones name no source, and the brief ranks it below a
    # claim whose origins are named.
    texts = [
        "Dam closed\n\nThe Kessel Dam spillway was reportedly closed on Tuesday after cracks appeared in its "
        "concrete wall.\n\nFarmers downstream worry about the autumn harvest. The river level fell by evening, "
        "and a ferry service was cancelled for the week.",
        "Water alert in Kessel\n\nLocal media sources say the Kessel Dam spillway was shut on Tuesday because "
        "its concrete wall had cracked.\n\nThe town council met in the evening to discuss the school bus "
        "routes. A fishing contest planned for Sunday moved to the lake.",
        "Engineers inspect Kessel Dam\n\nThe regional water board said the Kessel Dam spillway closed on "
        "Tuesday when cracks showed in the concrete wall.\n\nNo one was hurt. Inspectors from the capital "
        "arrive on Thursday with drones and sonar.",
    ]
    report = analyze([{"text": t, "id": f"a{k}"} for k, t in enumerate(texts)])
    claim = next(c for c in report.claims if len(c.articles) == 3)
    assert claim.independent_sources == 3
    unnamed = {w for o in claim.origins for w in o.unnamed}
    assert claim.unnamed_origins == 2 and unnamed == {"reportedly", "Local media sources"}
    assert "2 of these name no source: the count may be lower" in claim.explanation
    named = next(o for o in claim.origins if o.kind == "source")
    assert named.unnamed == () and "water board" in named.name


def test_a_credited_sentence_with_other_numbers_does_not_lend_its_credit():
    # The lede credits state television for Monday's 5.2 quake; "Earlier on Sunday a 5.6 earthquake ..." is
    # another event: the lede's credit is not this sentence's, however alike the two read.
    texts = [
        "Island quake injures three\n\nIran's state television said a magnitude-5.2 earthquake injured three people "
        "on Qeshm island in the Gulf on Monday.\n\nMonday's earthquake was the second to hit Qeshm island in a "
        "day.\n\nEarlier on Sunday a 5.6 earthquake jolted Qeshm island in the Gulf, some 930 miles south of Tehran.",
        "Qeshm shaken\n\nA 5.6 earthquake jolted Qeshm island in the Gulf on Sunday afternoon, the ISNA news agency "
        "reported.\n\nTwo villagers from Zinbi were hurt, and a mosque lost its minaret. Rescue teams from Bandar "
        "Abbas crossed by ferry before dark.",
        "Tremor closes schools\n\nThe island's governor said on Sunday that a magnitude 5.6 earthquake had jolted "
        "Qeshm island in the Gulf.\n\nSchools across the island will stay shut on Monday while engineers check "
        "classrooms for cracks, and the port authority halted tanker traffic.",
    ]
    report = analyze([{"text": t, "id": f"q{k}"} for k, t in enumerate(texts)])
    claim = next(c for c in report.claims if len(c.articles) == 3)
    names = {o.name for o in claim.origins}
    assert not any("television" in n for n in names), claim.explanation
    assert claim.independent_sources == 3


def test_what_stands_for_an_unnamed_source_is_read_as_written():
    from corroborator.claims import _UNNAMED

    def found(text: str) -> str | None:
        m = _UNNAMED.search(text)
        return m.group(0) if m else None

    assert found("It coincided with other intelligence reports that 3,000 troops had moved.") == (
        "other intelligence reports"
    )
    assert found("Amid unconfirmed media reports that the dam broke, roads closed.") == "media reports"
    assert found("Reportedly, the convoy turned back.") == "Reportedly"
    assert found("The convoy turned back, the ministry said.") is None


def test_officials_of_an_organisation_the_claim_names_are_its_voice():
    port = MentionOrigin("source:kessel port authority", "Kessel Port Authority", "source", "credits it")
    officials = MentionOrigin("source:port officials", "Port officials", "source", "credits it")
    other = MentionOrigin("source:rail officials", "Rail officials", "source", "credits it")
    person = MentionOrigin("source:ann port", "Ann Port", "source", "credits her")
    merged = _same_source_names([port, officials, other])
    assert merged["source:port officials"].key == "source:kessel port authority"
    assert "source:rail officials" not in merged  # "rail" is not in the authority's name
    assert "source:port officials" not in _same_source_names([person, officials])  # a person is no organisation


def test_a_surname_joins_the_full_name_even_when_the_surname_alone_is_also_credited():
    def person(label: str) -> MentionOrigin:
        return MentionOrigin(f"source:{label.lower()}", label, "source", "credits")

    mr, bare, full = person("Mr Williams"), person("Williams"), person("Council Member Jumaane Williams")
    merged = _same_source_names([mr, bare, full])
    assert merged["source:mr williams"].label == full.label and merged["source:williams"].label == full.label
    # two people with the surname: "Clinton" stays as written
    two = _same_source_names([person("Clinton"), person("Bill Clinton"), person("Hillary Clinton")])
    assert "source:clinton" not in two


def test_a_sentence_opening_with_a_quantifier_names_no_person():
    from corroborator.attribution import _person_names

    text = "All Seacom customers lost service. Seacom said the cable was cut. Ann Rowe of Telkom agreed."
    names = [name for _pos, name in _person_names(text)]
    assert "All Seacom" not in names and "Ann Rowe" in names


def test_a_document_of_a_source_is_that_source():
    def org(label: str) -> MentionOrigin:
        return MentionOrigin(f"source:{label.lower().replace(chr(39) + 's', '')}", label, "source", "credits")

    merged = _same_source_names([org("Seacom's tweet"), org("SEACOM")])
    assert merged["source:seacom tweet"].label == "SEACOM"
    assert "source:seacom tweet" not in _same_source_names([org("Seacom's tweet"), org("Telkom")])
