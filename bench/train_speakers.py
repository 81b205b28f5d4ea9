"""Fit the speaker model (``corroborator.speakermodel``) on PolNeAR train and score it in cross-validation.

    python bench/train_speakers.py --cache /tmp/speakers.pkl [--fit src/corroborator/speaker_weights.json]

PolNeAR train less the 150-article sample ``corroborator eval ... --split train --sample 150 --seed 123`` scores
(kept never read: it is scored, not trained on); dev is never loaded. Each article is built as the tool builds it
(clean, segment, parse, credits), once: the cache keeps what the speaker choice reads (text, sentences, credits, the
subjects above the quotations), so later runs re-derive the candidates and features in seconds.

A candidate is labelled right when its source span overlaps the gold source of a gold quotation (a content span that
starts or ends with a quote mark, as ``eval speakers`` counts them) that the quotation overlaps. Reported, in 5-fold
cross-validation grouped by article (held-out folds only): per quotation, how many the rules and the model credit
right, wrongly, or not at all, at each threshold. ``--fit`` fits on all of it and writes the weights with the chosen
thresholds.
"""

from __future__ import annotations

import argparse
import json
import pickle
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from corroborator import quotes as quotes_module
from corroborator.attribution import extract_attributions, parse_sentences
from corroborator.clean import clean
from corroborator.eval.base import EvalOptions, sample
from corroborator.eval.tasks import _QUOTE_MARKS, _polnear_docs
from corroborator.parser import parser_for
from corroborator.quotes import find_quotes, quoted_spans
from corroborator.segment import paragraphs, sentences
from corroborator.speakermodel import FEATURES, parse_facts
from corroborator.types import Metadata, RawArticle

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "polnear" / "data"
SHORT = FEATURES.index("short")
IS_RULE = FEATURES.index("is_rule")
TAG_AFTER, TAG_BEFORE = FEATURES.index("tag_after"), FEATURES.index("tag_before")


def training_docs(data: Path) -> list[tuple[str, str, list[dict]]]:
    """PolNeAR train less the never-read seed-123 sample."""
    docs = _polnear_docs(data, "train")
    held = {name for name, _, _ in sample(docs, EvalOptions(sample=150, seed=123))}
    return [d for d in docs if d[0] not in held]


def collect(docs: list[tuple[str, str, list[dict]]], cache: Path) -> list[dict[str, Any]]:
    """Build each article once and keep what the speaker choice reads (appending to ``cache`` as it goes)."""
    done: list[dict[str, Any]] = []
    if cache.exists():
        done = pickle.loads(cache.read_bytes())
    seen = {d["name"] for d in done}
    parser = parser_for(None)
    started = time.perf_counter()
    for name, raw_text, records in docs:
        if name in seen:
            continue
        text, removed = clean(RawArticle(source=name, raw_text=raw_text, meta=Metadata()), None)
        paras = paragraphs(text)
        sents = sentences(text, paras)
        quoted = quoted_spans(text, paras)
        parsed = parse_sentences(parser, text, sents)
        atts = extract_attributions(text, sents, quoted, parsed)
        subjects = parse_facts(text, parsed, quoted)
        done.append(
            {
                "name": name,
                "raw": raw_text,
                "records": records,
                "text": text,
                "cuts": [(c.at, c.end - c.start) for c in removed],
                "paras": paras,
                "sents": sents,
                "atts": atts,
                "subjects": subjects,
            }
        )
        if len(done) % 25 == 0:
            cache.write_bytes(pickle.dumps(done))
            print(f"{len(done)} articles, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    cache.write_bytes(pickle.dumps(done))
    return done


def rows_of(article: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per quotation: candidates' features and labels, the rules' choice and whether it is certain."""
    cuts = article["cuts"]

    def raw(pos: int) -> int:
        return pos + sum(n for at, n in cuts if at <= pos)

    trace: list = []
    saved = quotes_module.parse_facts
    quotes_module.parse_facts = lambda *_: article["subjects"]  # the cached parse's subjects
    try:
        find_quotes(
            article["text"], article["paras"], article["sents"], article["atts"], None, use_model=False, trace=trace
        )
    finally:
        quotes_module.parse_facts = saved
    gold, quoted_gold = [], []
    raw_text = article["raw"]
    for rec in article["records"]:
        if not rec.get("source"):
            continue
        gold.append(rec)
        content = rec["content"]
        body = raw_text[content[0][0] : content[-1][1]].strip()
        if body[:1] in _QUOTE_MARKS or body.rstrip(".,")[-1:] in _QUOTE_MARKS:
            quoted_gold.append(rec)
    out = []
    for site, cands, rule, chained in trace:
        lo, hi = raw(site.start), raw(site.start) + site.end - site.start
        # labels from the gold quotations it overlaps (those ``eval speakers`` counts: a content that opens or
        # closes with a quote mark), else from the innermost gold credit whose content holds it (a partial quote
        # inside reported speech is its credit's; in 'X said Y told him "..."' it is Y's, not X's)
        covering = [g for g in gold if any(lo < e and s < hi for s, e in g["content"])]
        counted = [g for g in quoted_gold if any(lo < e and s < hi for s, e in g["content"])]
        size = min((sum(e - s for s, e in g["content"]) for g in covering), default=0)
        golds = counted or [g for g in covering if sum(e - s for s, e in g["content"]) == size]

        def right(att: Any, golds: list[dict] = golds) -> bool:
            s = raw(att.source_start)
            e = s + att.source_end - att.source_start
            return any(s < ge and gs < e for g in golds for gs, ge in g["source"])

        def hits(att: Any, counted: list[dict] = counted) -> frozenset[tuple[str, int]]:
            """The counted gold quotations (by article and index) whose source this speaker overlaps."""
            s = raw(att.source_start)
            e = s + att.source_end - att.source_start
            return frozenset(
                (article["name"], id(g)) for g in counted if any(s < ge and gs < e for gs, ge in g["source"])
            )

        out.append(
            {
                "article": article["name"],
                "X": np.array([c.features for c in cands], dtype=np.float64).reshape(len(cands), len(FEATURES)),
                "y": np.array([right(c.att) for c in cands], dtype=bool),
                "gold": bool(golds),  # some gold credit covers the quotation
                "counted": bool(counted),  # a gold quotation ``eval speakers`` counts overlaps it
                "rule": None if rule is None else int(right(rule)),
                "counted_ids": frozenset((article["name"], id(g)) for g in counted),
                "hits": [hits(c.att) for c in cands],
                "rule_hits": frozenset() if rule is None else hits(rule),
                "words": site.words,
                "named": site.named,
                "certain": chained
                or any(c.features[IS_RULE] and (c.features[TAG_AFTER] or c.features[TAG_BEFORE]) for c in cands),
                "signature": rule is not None and rule.cue in ("―", "—", "–", "-", "--"),
            }
        )
    return out


def fit(X: np.ndarray, y: np.ndarray, args: argparse.Namespace) -> Any:
    from sklearn.ensemble import GradientBoostingClassifier

    model = GradientBoostingClassifier(
        n_estimators=args.trees, max_depth=args.depth, learning_rate=args.rate, subsample=0.8, random_state=0
    )
    model.fit(X, y)
    return model


@dataclass(frozen=True)
class Policy:
    """How the probabilities decide: a quotation the rules credit no one gets the best candidate at ``fill`` or more
    (``short`` for one of under six words, which is otherwise left out); one the rules credit keeps that credit
    unless its probability is under ``drop``, when the best other candidate at ``fill`` or more replaces it, else no
    one. A quotation tagged next to it (the rules certain) keeps the rules' credit."""

    fill: float
    short: float
    drop: float


def choice(row: dict[str, Any], probs: np.ndarray | None, policy: Policy | None) -> int | None:
    """The candidate chosen (an index into the row's candidates), -1 for the rules' credit, None for no one."""
    rule_at = next((k for k in range(len(row["y"])) if row["X"][k][IS_RULE]), None)
    keep = -1 if row["rule"] is not None else None
    if probs is None or policy is None or row["certain"] or row["signature"] or not len(row["y"]):
        return keep
    best = int(np.argmax(probs))
    if row["rule"] is not None:
        if rule_at is None or probs[rule_at] >= policy.drop:
            return keep
        return best if best != rule_at and probs[best] >= policy.fill else None
    short = row["words"] < 6
    if short and row["named"]:
        return None  # a name in a short quotation ('a special "Tiger brigade"'): no speaker the rules did not give
    return best if probs[best] >= (policy.short if short else policy.fill) else None


def tally(rows: list[dict[str, Any]], probs: list[np.ndarray | None], policy: Policy | None) -> dict[str, int]:
    """Over the quotations: speakers right and wrong (against the labels) and none where a gold credit covers the
    quotation; "on_no_gold": a speaker given to a quotation no gold credit covers (mostly scare quotes);
    "speakers_right": gold quotations ``eval speakers`` counts whose source a chosen speaker overlaps (of "gold
    quotations" found as a quotation)."""
    out = {"right": 0, "wrong": 0, "none": 0, "on_no_gold": 0}
    got: set[tuple[str, int]] = set()
    every: set[tuple[str, int]] = set()
    for row, p in zip(rows, probs, strict=True):
        k = choice(row, p, policy)
        every |= row["counted_ids"]
        if k is not None:
            got |= row["rule_hits"] if k == -1 else row["hits"][k]
        if not row["gold"]:
            out["on_no_gold"] += k is not None
            continue
        ok = (row["rule"] == 1) if k == -1 else bool(row["y"][k]) if k is not None else None
        out["none" if ok is None else "right" if ok else "wrong"] += 1
    out["speakers_right"] = len(got)
    out["gold_quotations"] = len(every)
    return out


def export(model: Any, policy: Policy, n: int, meta: dict[str, Any]) -> dict[str, Any]:
    trees = []
    for est in model.estimators_[:, 0]:
        t = est.tree_
        trees.append(
            {
                "feature": [int(f) if f >= 0 else -1 for f in t.feature],
                "threshold": [float(x) for x in t.threshold],
                "left": [int(x) for x in t.children_left],
                "right": [int(x) for x in t.children_right],
                "value": [float(v[0][0]) for v in t.value],
            }
        )
    prior = float(model.init_.class_prior_[1])
    return {
        "_about": "bench/train_speakers.py --fit: gradient-boosted trees over speakermodel.FEATURES, PolNeAR train "
        f"less the seed-123 sample ({n} quotations). A quotation the rules credit no one gets the best candidate "
        "when its probability >= threshold (short_threshold under six words); the rules' credit is replaced only "
        "when its probability < drop_threshold (see speakermodel.choose).",
        **meta,
        "features": list(FEATURES),
        "init": float(np.log(prior / (1 - prior))),
        "learning_rate": float(model.learning_rate),
        "threshold": policy.fill,
        "short_threshold": policy.short,
        "drop_threshold": policy.drop,
        "trees": trees,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--limit", type=int, help="build at most this many articles (a quick look)")
    parser.add_argument("--fit", type=Path, help="fit on all of train (less seed 123) and write the weights here")
    parser.add_argument("--trees", type=int, default=150)
    parser.add_argument("--depth", type=int, default=3)
    parser.add_argument("--rate", type=float, default=0.1)
    parser.add_argument("--threshold", type=float, help="fixed fill threshold (else the best policy in CV)")
    parser.add_argument("--short-threshold", type=float)
    parser.add_argument("--drop", type=float, default=0.0)
    args = parser.parse_args()
    started = time.perf_counter()
    docs = training_docs(args.data)[: args.limit]
    articles = collect(docs, args.cache)
    names = {d[0] for d in docs}
    rows = [r for a in articles if a["name"] in names for r in rows_of(a)]
    print(f"{len(articles)} articles, {len(rows)} quotations, {sum(len(r['y']) for r in rows)} candidates")
    groups = sorted({r["article"] for r in rows})
    fold = {g: k % 5 for k, g in enumerate(np.random.default_rng(0).permutation(groups))}
    cv: list[np.ndarray | None] = [None] * len(rows)
    for k in range(5):
        train = [r for r in rows if fold[r["article"]] != k and len(r["y"])]
        model = fit(np.vstack([r["X"] for r in train]), np.concatenate([r["y"] for r in train]), args)
        for i, r in enumerate(rows):
            if fold[r["article"]] == k and len(r["y"]):
                cv[i] = model.predict_proba(r["X"])[:, 1]
    rules = tally(rows, [None] * len(rows), None)
    print("rules:", rules)
    oracle = sum(1 for r in rows if r["gold"] and r["y"].any())
    print(f"quotations a gold credit covers: {sum(r['gold'] for r in rows)}, with a right candidate: {oracle}")
    rules_wrong = rules["wrong"] + rules["on_no_gold"]
    grid = [round(float(x), 2) for x in np.arange(0.3, 0.95, 0.05)]
    results = []
    for fill in grid:
        for short in grid:
            for drop in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6):
                got = tally(rows, cv, Policy(fill, short, drop))
                wrong = got["wrong"] + got["on_no_gold"]
                # precision first: no more wrong speakers than the rules give, then the most gold quotations right
                results.append(((wrong <= rules_wrong, got["speakers_right"], -wrong), Policy(fill, short, drop), got))
    results.sort(key=lambda r: r[0], reverse=True)
    policy = results[0][1]
    if args.threshold is not None:
        policy = Policy(args.threshold, args.short_threshold or args.threshold, args.drop)
    chosen = tally(rows, cv, policy)
    print(f"model (CV, {policy}):", chosen)
    for _, pol, got in results[:8]:
        print("  ", pol, got)
    if args.fit:
        train = [r for r in rows if len(r["y"])]
        model = fit(np.vstack([r["X"] for r in train]), np.concatenate([r["y"] for r in train]), args)
        meta = {
            "measured": time.strftime("%Y-%m-%d"),
            "machine": platform.processor() or platform.machine(),
            "articles": len({r["article"] for r in rows}),
            "cv_rules": rules,
            "cv_model": chosen,
            "trees_depth_rate": [args.trees, args.depth, args.rate],
        }
        args.fit.write_text(json.dumps(export(model, policy, len(rows), meta)) + "\n", encoding="utf-8")
        from corroborator.speakermodel import load_model

        X = np.vstack([r["X"] for r in train])
        gap = np.abs(load_model(args.fit).probabilities(X) - model.predict_proba(X)[:, 1]).max()
        print(f"wrote {args.fit}; numpy apply vs scikit-learn: largest difference {gap:.2e}")
        assert gap < 1e-9, "the exported trees do not reproduce the fitted model"
    print(f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
