"""``eval claims``: do claims group sentences that state the same fact? Measured on ECB+ coreference.

Protocol (issue 12). Each ECB+ sub-topic (5-22 real articles about one incident) is one batch for
``analyze``. Every ECB+ sentence is written as its own paragraph, so each sentence the tool finds maps
back to the ECB+ sentence it came from (the URL line that opens the ``ecbplus`` files is left out).
Only the sentences ECB+ validated for coreference (``ECBplus_coreference_sentences.csv``) count.

- A predicted link: two validated sentences of different documents that the tool puts in one claim.
- A gold link: the two sentences mention a common cross-document event chain (a ``CROSS_DOC_COREF``
  whose note starts with ACT or NEG) AND a common participant chain (any other cross-document chain:
  people, things, places, times).

Precision = predicted links that are gold / predicted links; recall = gold links predicted / gold links.
Beside the tool, the anchor "link every pair whose sentence cosine >= t" (the default sentence model)
is scored for t in 0.60 ... 0.90. Topics 1-17 and 18-35 are reported apart: rules tuned on one half
are judged on the other.
"""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from corroborator.eval.base import EvalOptions, register, sample
from corroborator.eval.metrics import prf

ANCHOR_THRESHOLDS = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
HELD_OUT_FROM = 18  # topics >= this are the held-out half


@dataclass(frozen=True, slots=True)
class EcbSentence:
    number: int  # the sentence attribute in the ECB+ XML
    text: str  # detokenised
    events: frozenset[str]  # cross-document event chains mentioned
    participants: frozenset[str]  # cross-document participant (entity, place, time) chains mentioned
    validated: bool


@dataclass(frozen=True, slots=True)
class EcbDoc:
    doc_id: str  # "1_10ecbplus"
    topic: int
    subtopic: str  # "1_ecbplus" / "1_ecb": one incident
    sentences: tuple[EcbSentence, ...]


_NO_SPACE_BEFORE = re.compile(r" (?=[,.;:!?%)\]}]|'s\b|'re\b|'ve\b|'ll\b|'d\b|'m\b|n't\b|'\s)")


def detokenise(tokens: list[str]) -> str:
    """ECB+ tokens back to ordinary text (quotes as ", no space before punctuation)."""
    text = " ".join(tokens)
    text = text.replace("``", '"').replace("''", '"')
    text = _NO_SPACE_BEFORE.sub("", text)
    text = re.sub(r"([(\[{$]) ", r"\1", text)
    text = re.sub(r'" (.*?) "', r'"\1"', text)
    return text


def read_doc(path: Path, validated: set[int]) -> EcbDoc:
    root = ET.parse(path).getroot()
    tokens: dict[str, tuple[int, str]] = {}
    for tok in root.iter("token"):
        tokens[tok.attrib["t_id"]] = (int(tok.attrib["sentence"]), tok.text or "")
    markable_sentences: dict[str, set[int]] = {}
    markables = root.find("Markables")
    for m in markables if markables is not None else []:
        anchors = [a.attrib["t_id"] for a in m.iter("token_anchor")]
        if anchors:
            markable_sentences[m.attrib["m_id"]] = {tokens[t][0] for t in anchors if t in tokens}
    events: dict[int, set[str]] = defaultdict(set)
    participants: dict[int, set[str]] = defaultdict(set)
    relations = root.find("Relations")
    for rel in relations if relations is not None else []:
        if rel.tag != "CROSS_DOC_COREF":
            continue
        note = rel.attrib.get("note", "")
        target = events if note.startswith(("ACT", "NEG")) else participants
        for src in rel.iter("source"):
            for sentence in markable_sentences.get(src.attrib["m_id"], ()):
                target[sentence].add(note)
    by_sentence: dict[int, list[str]] = defaultdict(list)
    for number, text in tokens.values():
        by_sentence[number].append(text)
    name = path.stem
    topic = int(name.split("_")[0])
    plus = name.endswith("plus")
    sentences = []
    for number in sorted(by_sentence):
        words = by_sentence[number]
        if plus and number == 0 and words and words[0].lower().startswith("http"):
            continue  # the URL line of an ecbplus file
        sentences.append(
            EcbSentence(
                number,
                detokenise(words),
                frozenset(events.get(number, ())),
                frozenset(participants.get(number, ())),
                number in validated,
            )
        )
    return EcbDoc(name, topic, f"{topic}_{'ecbplus' if plus else 'ecb'}", tuple(sentences))


def load_ecb(folder: Path) -> list[EcbDoc]:
    """Every document of ``folder/raw/<topic>/*.xml`` with its validated sentences."""
    validated: dict[str, set[int]] = defaultdict(set)
    with (folder / "ECBplus_coreference_sentences.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            validated[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
    return [read_doc(path, validated.get(path.stem, set())) for path in sorted((folder / "raw").glob("*/*.xml"))]


def subtopics(docs: Iterable[EcbDoc]) -> dict[str, list[EcbDoc]]:
    out: dict[str, list[EcbDoc]] = defaultdict(list)
    for d in docs:
        out[d.subtopic].append(d)
    return dict(sorted(out.items(), key=lambda kv: (int(kv[0].split("_")[0]), kv[0])))


def gold_links(docs: list[EcbDoc]) -> set[tuple[tuple[str, int], tuple[str, int]]]:
    out = set()
    nodes = [(d.doc_id, s) for d in docs for s in d.sentences if s.validated]
    for k, (da, sa) in enumerate(nodes):
        for db, sb in nodes[k + 1 :]:
            if da != db and sa.events & sb.events and sa.participants & sb.participants:
                out.add(_link((da, sa.number), (db, sb.number)))
    return out


def _link(x: tuple[str, int], y: tuple[str, int]) -> tuple[tuple[str, int], tuple[str, int]]:
    return (x, y) if x <= y else (y, x)


def batch_texts(docs: list[EcbDoc]) -> list[tuple[str, list[tuple[int, int, int]]]]:
    """Per document: its text (one sentence a paragraph) and (start, end, sentence number) of each sentence."""
    out = []
    for d in docs:
        parts, spans, pos = [], [], 0
        for s in d.sentences:
            parts.append(s.text)
            spans.append((pos, pos + len(s.text), s.number))
            pos += len(s.text) + 2
        out.append(("\n\n".join(parts), spans))
    return out


def predicted_links(docs: list[EcbDoc], options: EvalOptions) -> set[tuple[tuple[str, int], tuple[str, int]]]:
    """Links between validated sentences of different documents that share a claim."""
    from corroborator.pipeline import analyze

    texts = batch_texts(docs)
    records = [{"text": text, "id": d.doc_id} for d, (text, _spans) in zip(docs, texts, strict=True)]
    report = analyze(records, options.analyze)
    spans_of = {d.doc_id: spans for d, (_t, spans) in zip(docs, texts, strict=True)}
    valid = {(d.doc_id, s.number) for d in docs for s in d.sentences if s.validated}
    article_doc = {a.id: a.meta.input_id for a in report.articles}
    by_id = {a.id: a for a in report.articles}
    out = set()
    for claim in report.claims:
        nodes = set()
        for m in claim.mentions:
            doc = article_doc[m.article]
            if doc is None:
                continue
            art = by_id[m.article]
            raw_start, raw_end = art.raw_offset(m.start), art.raw_offset(max(m.start, m.end - 1))
            for start, end, number in spans_of[doc]:
                if start <= raw_end and raw_start < end and (doc, number) in valid:
                    nodes.add((doc, number))
        ordered = sorted(nodes)
        for k, x in enumerate(ordered):
            for y in ordered[k + 1 :]:
                if x[0] != y[0]:
                    out.add(_link(x, y))
    return out


def anchor_links(docs: list[EcbDoc], thresholds: Iterable[float]) -> dict[float, set[Any]]:
    from corroborator.embed import encoder_for

    nodes = [(d.doc_id, s) for d in docs for s in d.sentences if s.validated]
    out: dict[float, set[Any]] = {t: set() for t in thresholds}
    if len(nodes) < 2:
        return out
    vecs = encoder_for(None).encode([s.text for _d, s in nodes])
    sims = vecs @ vecs.T
    for i, j in zip(*np.triu_indices(len(nodes), k=1), strict=True):
        (da, sa), (db, sb) = nodes[i], nodes[j]
        if da == db:
            continue
        for t in out:
            if sims[i, j] >= t:
                out[t].add(_link((da, sa.number), (db, sb.number)))
    return out


def _scores(pred: set[Any], gold: set[Any]) -> dict[str, float]:
    return prf(len(pred & gold), len(pred), len(gold))


@register
class Claims:
    """ECB+ raw XML (a folder with raw/<topic>/*.xml and ECBplus_coreference_sentences.csv)."""

    name = "claims"
    primary_metric = "f1"
    greater_is_better = True
    default_data = "ecbplus"
    default_split = None
    description = "claim links vs ECB+ cross-document event + participant coreference (sub-topic batches)"

    def load(self, path: Path, split: str | None) -> list[list[EcbDoc]]:
        return list(subtopics(load_ecb(path)).values())

    def evaluate(self, batches: list[list[EcbDoc]], options: EvalOptions) -> dict[str, Any]:
        batches = sample(batches, options)
        halves: dict[str, dict[str, Any]] = {"tuning": defaultdict(set), "held_out": defaultdict(set)}
        for docs in batches:
            half = halves["held_out" if docs[0].topic >= HELD_OUT_FROM else "tuning"]
            gold = gold_links(docs)
            half["gold"] |= gold
            half["tool"] |= predicted_links(docs, options)
            if options.baselines:
                for t, links in anchor_links(docs, ANCHOR_THRESHOLDS).items():
                    half[f"cosine>={t:.2f}"] |= links
        out: dict[str, Any] = {"examples": len(batches)}
        everything = {
            k: halves["tuning"][k] | halves["held_out"][k] for k in set(halves["tuning"]) | set(halves["held_out"])
        }
        out.update(_scores(everything.get("tool", set()), everything.get("gold", set())))
        out["gold_links"] = len(everything.get("gold", ()))
        for name, half in (("all", everything), *halves.items()):
            gold = half.get("gold", set())
            out[name] = {system: _scores(links, gold) for system, links in sorted(half.items()) if system != "gold"}
            out[name]["gold_links"] = len(gold)
        return out
