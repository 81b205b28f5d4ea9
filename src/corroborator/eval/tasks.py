"""The evaluators: one per capability, each on a public labelled dataset."""

from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from corroborator.embed import Encoder
from corroborator.eval.base import EvalOptions, register, sample
from corroborator.eval.metrics import ari, auc, bcubed, binary, nmi, prf, spearman
from corroborator.types import Article


def _encoder() -> Encoder:
    from corroborator.embed import encoder_for

    return encoder_for(None)


def _built(article: Article | None, source: object) -> Article:
    """A gold example must give an article: one that cleans to nothing is a broken dataset, not a skip."""
    if article is None:
        raise ValueError(f"{source}: no article text left after cleaning; the dataset file looks damaged")
    return article


@register
class Stories:
    """ECB+ documents (JSON Lines: doc_id, topic, subtopic, sentences or text), all clustered together."""

    name = "stories"
    primary_metric = "ari_subtopic"
    greater_is_better = True
    default_data = "ecbplus/docs.jsonl"
    default_split = None
    description = "story clustering on ECB+ (gold: subtopic = one incident)"

    def load(self, path: Path, split: str | None) -> list[dict]:
        docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for d in docs:
            d["text"] = "\n".join(d["sentences"]) if "sentences" in d else d["text"]
        return docs

    def evaluate(self, docs: list[dict], options: EvalOptions) -> dict[str, Any]:
        from corroborator.articles import build_article
        from corroborator.relate.align import sentence_texts
        from corroborator.stories import average_link, doc_vectors, similarity, tfidf_matrix
        from corroborator.types import Metadata, RawArticle

        docs = sample(docs, options, key=lambda d: d["topic"])
        arts = [_built(build_article(RawArticle(str(d["doc_id"]), d["text"], Metadata())), d["doc_id"]) for d in docs]
        enc = _encoder()
        story = options.analyze.stories
        ledes = [enc.encode(sentence_texts(a)[: story.lead_sentences]) for a in arts]  # all doc_vectors reads
        vectors = doc_vectors(ledes, enc.dim, story.lead_sentences)
        labels = average_link(similarity(arts, vectors, story), story.threshold)
        out: dict[str, Any] = {"examples": len(docs)}
        for level in ("subtopic", "topic"):
            gold = [d[level] for d in docs]
            out[f"ari_{level}"] = round(ari(gold, labels), 4)
            out[f"nmi_{level}"] = round(nmi(gold, labels), 4)
            out.update({f"{k}_{level}": v for k, v in bcubed(gold, labels).items()})
        if options.baselines:
            # The plain baseline: TF-IDF (no name weighting) + average link, its best threshold chosen on gold.
            plain = tfidf_matrix([d["text"] for d in docs], boost=1.0, prior_docs=0)
            sim = plain @ plain.T
            gold = [d["subtopic"] for d in docs]
            best = max(np.arange(0.02, 0.6, 0.02), key=lambda t: ari(gold, average_link(sim, float(t))))
            out["baseline_tfidf_best_threshold"] = round(float(best), 2)
            out["baseline_tfidf_ari_subtopic"] = round(ari(gold, average_link(sim, float(best))), 4)
        out["threshold"] = story.threshold
        return out


@register
class Paraphrase:
    """MRPC TSV (Quality, #1 ID, #2 ID, #1 String, #2 String)."""

    name = "paraphrase"
    primary_metric = "f1"
    greater_is_better = True
    default_data = "mrpc/msr_paraphrase_train.txt"
    default_split = None
    description = "sentence paraphrase on MRPC with the alignment's sentence matcher"

    def load(self, path: Path, split: str | None) -> list[tuple[int, str, str]]:
        rows = []
        for line in path.read_text(encoding="utf-8-sig").splitlines()[1:]:
            parts = line.split("\t")
            if len(parts) == 5 and parts[0] in ("0", "1"):
                rows.append((int(parts[0]), parts[3].replace("<QUOTE>", '"'), parts[4].replace("<QUOTE>", '"')))
        return rows

    def evaluate(self, rows: list, options: EvalOptions) -> dict[str, Any]:
        from corroborator.relate.matcher import features, paraphrase_probability, threshold

        rows = sample(rows, options)
        enc = _encoder()
        ea, eb = enc.encode([r[1] for r in rows]), enc.encode([r[2] for r in rows])
        cos = np.sum(ea * eb, axis=1)
        probs = [paraphrase_probability(features(a, b, float(c))) for (_, a, b), c in zip(rows, cos, strict=True)]
        y = [r[0] for r in rows]
        cut = options.setting("paraphrase.threshold", threshold())
        out = {"examples": len(rows), "threshold": cut, **binary(y, [int(p >= cut) for p in probs])}
        best = max(np.arange(0.2, 0.8, 0.02), key=lambda t: binary(y, [int(p >= t) for p in probs])["f1"])
        out["best_threshold"] = round(float(best), 2)
        out["best_threshold_f1"] = binary(y, [int(p >= best) for p in probs])["f1"]
        best_cos = max(np.arange(0.3, 0.95, 0.01), key=lambda t: binary(y, [int(c >= t) for c in cos])["f1"])
        out["raw_cosine_best_f1"] = binary(y, [int(c >= best_cos) for c in cos])["f1"]
        return out


@register
class Similarity:
    """STS benchmark TSV (genre, file, year, id, score, sentence 1, sentence 2)."""

    name = "similarity"
    primary_metric = "spearman"
    greater_is_better = True
    default_data = "stsb/sts-dev.csv"
    default_split = None
    description = "graded similarity on STS-B (cosine of the sentence embeddings)"

    def load(self, path: Path, split: str | None) -> list[tuple[str, float, str, str]]:
        rows = []
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 7:
                try:
                    rows.append((parts[0], float(parts[4]), parts[5], parts[6]))
                except ValueError:
                    continue
        return rows

    def evaluate(self, rows: list, options: EvalOptions) -> dict[str, Any]:
        rows = sample(rows, options)
        enc = _encoder()
        cos = np.sum(enc.encode([r[2] for r in rows]) * enc.encode([r[3] for r in rows]), axis=1)
        out: dict[str, Any] = {"examples": len(rows), "spearman": round(spearman(list(cos), [r[1] for r in rows]), 4)}
        news = [k for k, r in enumerate(rows) if "news" in r[0]]
        if len(news) > 2:
            out["spearman_news"] = round(spearman([float(cos[k]) for k in news], [rows[k][1] for k in news]), 4)
            out["news_pairs"] = len(news)
        return out


@register
class Attribution:
    """PolNeAR: a data folder holding SPLIT/text/*.txt and SPLIT/attributions/*.ann (brat standoff)."""

    name = "attribution"
    primary_metric = "exact_precision"
    greater_is_better = True
    default_data = "polnear/data"
    default_split = "dev"
    description = "attribution source spans on PolNeAR (exact and overlap match)"

    def load(self, path: Path, split: str | None) -> list[tuple[str, str, list[tuple[int, int]]]]:
        folder = path / split if split and (path / split).is_dir() else path
        out = []
        for text_path in sorted((folder / "text").glob("*.txt")):
            anns = sorted((folder / "attributions").glob(text_path.stem + "_*.ann")) or sorted(
                (folder / "attributions").glob(text_path.stem + ".ann")
            )
            if anns:
                out.append((text_path.name, text_path.read_text(encoding="utf-8"), _gold_sources(anns[0])))
        return out

    def evaluate(self, docs: list, options: EvalOptions) -> dict[str, Any]:

        docs = sample(docs, options)
        n_pred = n_gold = tp_exact = tp_pred = tp_gold = 0
        for name, text, gold in docs:
            article = _polnear_article(name, text, options)
            pred = (
                sorted(
                    {
                        (
                            article.raw_offset(a.source_start),
                            article.raw_offset(a.source_start) + a.source_end - a.source_start,
                        )
                        for a in article.attributions
                    }
                )
                if article
                else []
            )
            n_pred += len(pred)
            n_gold += len(gold)
            gold_set = set(gold)
            tp_exact += sum(p in gold_set for p in pred)
            tp_pred += sum(any(p[0] < g[1] and g[0] < p[1] for g in gold) for p in pred)
            tp_gold += sum(any(p[0] < g[1] and g[0] < p[1] for p in pred) for g in gold)
        exact = prf(tp_exact, n_pred, n_gold)
        overlap_p = tp_pred / max(1, n_pred)
        overlap_r = tp_gold / max(1, n_gold)
        return {
            "examples": len(docs),
            "gold_spans": n_gold,
            "predicted_spans": n_pred,
            "exact_precision": exact["precision"],
            "exact_recall": exact["recall"],
            "exact_f1": exact["f1"],
            "overlap_precision": round(overlap_p, 4),
            "overlap_recall": round(overlap_r, 4),
            "overlap_f1": round(
                2 * overlap_p * overlap_r / (overlap_p + overlap_r) if overlap_p + overlap_r else 0.0, 4
            ),
        }


def _gold_sources(ann: Path) -> list[tuple[int, int]]:
    spans = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].startswith("T") and parts[1].startswith("Source "):
            numbers = [int(x) for x in parts[1][len("Source ") :].replace(";", " ").split()]
            spans.append((min(numbers), max(numbers)))
    return spans


@register
class Quantities:
    """quantulum3 test-case JSON: [{"req": sentence, "res": [{"value", "unit", "surface"}]}]."""

    name = "quantities"
    primary_metric = "value_and_unit_accuracy"
    greater_is_better = True
    default_data = "quantulum3_tests/quantities.json"
    default_split = None
    description = "number and unit extraction on quantulum3's test cases"

    def load(self, path: Path, split: str | None) -> list[dict]:
        return json.loads(path.read_text(encoding="utf-8"))

    def evaluate(self, cases: list[dict], options: EvalOptions) -> dict[str, Any]:
        from corroborator.facts.quantities import extract_quantities

        cases = sample(cases, options)
        gold_n = pred_n = value_ok = both_ok = 0
        for case in cases:
            text, gold = case["req"], case["res"]
            pred = extract_quantities(text)
            gold_n += len(gold)
            pred_n += len(pred)
            used: set[int] = set()
            for g in gold:
                pos = text.find(g["surface"])
                span = (pos, pos + len(g["surface"])) if pos >= 0 else None
                best = None
                for k, p in enumerate(pred):
                    if k in used or not _close(p.value, float(g["value"])):
                        continue
                    if span and not (p.start < span[1] and span[0] < p.end):
                        continue
                    best = k
                    if p.unit == g["unit"]:
                        break
                if best is not None:
                    used.add(best)
                    value_ok += 1
                    both_ok += pred[best].unit == g["unit"]
        return {
            "examples": len(cases),
            "gold_quantities": gold_n,
            "predicted": pred_n,
            "value_accuracy": round(value_ok / max(1, gold_n), 4),
            "value_and_unit_accuracy": round(both_ok / max(1, gold_n), 4),
            "precision": round(both_ok / max(1, pred_n), 4),
        }


def _close(a: float, b: float) -> bool:
    return a == b or (math.isfinite(a) and math.isfinite(b) and abs(a - b) <= 1e-3 * max(abs(a), abs(b)))


@register
class Reuse:
    """Clough & Stevenson short answers: a folder with file_information.csv (File, Task, Category)
    and orig_task*.txt."""

    name = "reuse"
    primary_metric = "spearman_reuse_vs_level"
    greater_is_better = True
    default_data = "clough_stevenson/data"
    default_split = None
    description = "relation kinds vs cut / light / heavy / non-plagiarised answers"
    levels: ClassVar[dict[str, int]] = {"cut": 3, "light": 2, "heavy": 1, "non": 0}

    def load(self, path: Path, split: str | None) -> list[dict]:
        out = []
        with (path / "file_information.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                category = row["Category"].strip()
                if category in self.levels:
                    out.append(
                        {
                            "file": path / row["File"].strip(),
                            "source": path / f"orig_task{row['Task'].strip()}.txt",
                            "category": category,
                        }
                    )
        return out

    def evaluate(self, rows: list[dict], options: EvalOptions) -> dict[str, Any]:
        from corroborator.articles import build_article
        from corroborator.embed import encoder_for
        from corroborator.relate.align import align, sentence_texts
        from corroborator.relate.relations import classify
        from corroborator.types import Metadata, RawArticle

        rows = sample(rows, options)
        enc = encoder_for(None)
        cache: dict[Path, Any] = {}

        def article(path: Path):
            if path not in cache:
                text = path.read_text(encoding="utf-8", errors="replace")
                art = _built(build_article(RawArticle(source=str(path), raw_text=text, meta=Metadata())), path)
                cache[path] = (art, enc.encode(sentence_texts(art)))
            return cache[path]

        kinds: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        scores, levels = [], []
        for row in rows:
            (answer, ea), (source, es) = article(row["file"]), article(row["source"])
            alignment = align(answer, source, ea, es, options.analyze.relate)
            kind, _score, _rule = classify(alignment, False, options.analyze.relate)
            kinds[row["category"]][kind or "none"] += 1
            scores.append(alignment.reuse_a() + alignment.verbatim_a())  # verbatim weighs double: cut > light > heavy
            levels.append(self.levels[row["category"]])
        out: dict[str, Any] = {"examples": len(rows), "spearman_reuse_vs_level": round(spearman(scores, levels), 4)}
        out["auc_reuse_vs_non"] = round(auc(scores, [lvl > 0 for lvl in levels]), 4)
        out["kinds_by_category"] = {c: dict(v) for c, v in sorted(kinds.items())}
        return out


@register
class Corroboration:
    """Emergent scrape CSV (claim, claim_label, page_domain, page_headline, ...), cp1252."""

    name = "corroboration"
    primary_metric = "auc_few_origins_per_outlet_flags_false_or_unverified"
    greater_is_better = True
    default_data = "emergent_scrape/emergent.csv"
    default_split = None
    description = "independent origins per claim (from headlines) vs the claim's final veracity"

    def load(self, path: Path, split: str | None) -> list[dict]:
        claims: dict[str, dict] = {}
        with path.open(encoding="cp1252", errors="replace", newline="") as handle:
            for row in csv.DictReader(handle):
                claim = claims.setdefault(
                    row["claim"], {"claim": row["claim"], "label": row["claim_label"], "pages": []}
                )
                if row.get("page_headline", "").strip():
                    claim["pages"].append({"outlet": row["page_domain"], "text": row["page_headline"].strip()})
        return [c for c in claims.values() if len(c["pages"]) >= 2]

    def evaluate(self, claims: list[dict], options: EvalOptions) -> dict[str, Any]:
        from corroborator.attribution import is_generic
        from corroborator.claims import copy_groups
        from corroborator.pipeline import analyze

        claims = sample(claims, options)
        rows = []
        for claim in claims:
            report = analyze(claim["pages"], options.analyze)
            roots = copy_groups(report.articles, report.relations)
            keys = set()
            for art in report.articles:
                credited = [a for a in art.attributions if a.kind == "report" and not is_generic(a.source)]
                keys.add(f"source:{credited[0].source_key}" if credited else f"group:{roots[art.id]}")
            outlets = len({p["outlet"] for p in claim["pages"]})
            rows.append({"label": claim["label"], "outlets": outlets, "origins": len(keys)})
        flagged = [r["label"] != "TRUE" for r in rows]
        by_label: dict[str, list] = defaultdict(list)
        for r in rows:
            by_label[r["label"]].append(r["origins"] / r["outlets"])
        return {
            "examples": len(rows),
            self.primary_metric: round(auc([-r["origins"] / r["outlets"] for r in rows], flagged), 4),
            "auc_few_origins_flags_false_or_unverified": round(auc([-r["origins"] for r in rows], flagged), 4),
            "auc_few_outlets_flags_false_or_unverified": round(auc([-r["outlets"] for r in rows], flagged), 4),
            "mean_origins_per_outlet": {label: round(sum(v) / len(v), 4) for label, v in sorted(by_label.items())},
        }


def _polnear_records(ann: Path) -> list[dict[str, list[tuple[int, int]]]]:
    """Each gold attribution of a brat file: its source, cue and content spans (a span list each, since
    brat spans may be discontinuous)."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].startswith("T"):
            kind, _, offsets = parts[1].partition(" ")
            pieces = []
            for chunk in offsets.split(";"):
                numbers = [int(x) for x in chunk.split()]
                if len(numbers) == 2:
                    pieces.append((numbers[0], numbers[1]))
            spans[parts[0]] = (kind, pieces)
        elif len(parts) >= 2 and parts[0].startswith("E"):
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    out = []
    for rel in relations:
        record = {role.lower(): spans[tid][1] for role, tid in rel.items() if tid in spans and role != "Attribution"}
        if record.get("content"):
            out.append(record)
    return out


def _polnear_docs(path: Path, split: str | None) -> list[tuple[str, str, list[dict]]]:
    folder = path / split if split and (path / split).is_dir() else path
    out = []
    for text_path in sorted((folder / "text").glob("*.txt")):
        anns = sorted((folder / "attributions").glob(text_path.stem + "_*.ann")) or sorted(
            (folder / "attributions").glob(text_path.stem + ".ann")
        )
        if anns:
            out.append((text_path.name, text_path.read_text(encoding="utf-8"), _polnear_records(anns[0])))
    return out


def _polnear_article(name: str, text: str, options: EvalOptions):
    """The article as the tool builds it; ``--set parser.rules=1`` measures the word-pattern rules instead."""
    from corroborator.parser import RULES, parser_for
    from corroborator.pipeline import build_article
    from corroborator.types import Metadata, RawArticle

    parser = parser_for(RULES if options.overrides.get("parser.rules") else None)
    return build_article(RawArticle(source=name, raw_text=text, meta=Metadata()), None, parser)


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


_QUOTE_MARKS = "\"“”«»„'‘’"


@register
class Speakers:
    """PolNeAR (as ``attribution``): gold attributions whose content is a direct quotation."""

    name = "speakers"
    primary_metric = "speaker_overlap_rate"
    greater_is_better = True
    default_data = "polnear/data"
    default_split = "dev"
    description = "speakers of direct quotes on PolNeAR (the tool's speaker span overlaps the gold source span)"

    def load(self, path: Path, split: str | None) -> list:
        return _polnear_docs(path, split)

    def evaluate(self, docs: list, options: EvalOptions) -> dict[str, Any]:
        docs = sample(docs, options)
        gold_quotes = found = right = wrong_speaker = 0
        for name, text, records in docs:
            article = _polnear_article(name, text, options)
            quotes = []
            for q in article.quotes if article else []:
                span = (article.raw_offset(q.start), article.raw_offset(q.start) + q.end - q.start)
                speaker = None
                if q.speaker_start is not None and q.speaker_end is not None:
                    s = article.raw_offset(q.speaker_start)
                    speaker = (s, s + q.speaker_end - q.speaker_start)
                quotes.append((span, speaker))
            for rec in records:
                if not rec.get("source"):
                    continue
                content = rec["content"]
                first, last = content[0], content[-1]
                body = text[first[0] : last[1]].strip()
                if not (body[:1] in _QUOTE_MARKS or body.rstrip(".,")[-1:] in _QUOTE_MARKS):
                    continue
                gold_quotes += 1
                hits = [sp for span, sp in quotes if _overlaps(span, content)]
                if hits:
                    found += 1
                if any(sp is not None and _overlaps(sp, rec["source"]) for sp in hits):
                    right += 1
                elif any(sp is not None for sp in hits):
                    wrong_speaker += 1
        return {
            "examples": len(docs),
            "gold_quoted_attributions": gold_quotes,
            "speaker_overlap_rate": round(right / max(1, gold_quotes), 4),
            "quote_found_rate": round(found / max(1, gold_quotes), 4),
            "wrong_speaker": wrong_speaker,
        }


def _tokens_in(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """Where each word of the spans starts: two spans share a token when they share its start."""
    import re

    return {s + m.start() for s, e in spans for m in re.finditer(r"\w+", text[s:e])}


@register
class Scope:
    """PolNeAR (as ``attribution``): content spans of the attributions whose source the tool found."""

    name = "scope"
    primary_metric = "token_f1"
    greater_is_better = True
    default_data = "polnear/data"
    default_split = "dev"
    description = "attribution content spans on PolNeAR (token-overlap F1 for matched sources)"

    def load(self, path: Path, split: str | None) -> list:
        return _polnear_docs(path, split)

    def evaluate(self, docs: list, options: EvalOptions) -> dict[str, Any]:
        docs = sample(docs, options)
        f1s: list[float] = []
        precisions: list[float] = []
        recalls: list[float] = []
        for name, text, records in docs:
            article = _polnear_article(name, text, options)
            if article is None:
                continue
            for rec in records:
                if not rec.get("source"):
                    continue
                gold = _tokens_in(text, rec["content"])
                for att in article.attributions:
                    s = article.raw_offset(att.source_start)
                    if not _overlaps((s, s + att.source_end - att.source_start), rec["source"]):
                        continue
                    if att.content_start is None or att.content_end is None:
                        pred: set[int] = set()
                    else:
                        cs = article.raw_offset(att.content_start)
                        pred = _tokens_in(text, [(cs, cs + att.content_end - att.content_start)])
                    common = len(gold & pred)
                    p = common / len(pred) if pred else 0.0
                    r = common / len(gold) if gold else 0.0
                    precisions.append(p)
                    recalls.append(r)
                    f1s.append(2 * p * r / (p + r) if p + r else 0.0)
                    break
        n = max(1, len(f1s))
        return {
            "examples": len(docs),
            "matched_attributions": len(f1s),
            "token_f1": round(sum(f1s) / n, 4),
            "token_precision": round(sum(precisions) / n, 4),
            "token_recall": round(sum(recalls) / n, 4),
        }
