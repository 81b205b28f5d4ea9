"""Cases: a story followed over time, kept in SQLite, that grows as articles and feed items are added.

A case holds the raw articles it was given, the records of the last analysis (articles, sources, stories,
relations, claims, findings: one table each, so ``sqlite3`` or Datasette can query them) and what makes the
next analysis cheap (``pipeline.AnalysisCache``: built articles, alignments, plausible counts and each
story's claims; the sentence vectors).
``add`` reads the new inputs and runs the ordinary ``analyze`` over every article of the case with that
cache: only new articles are cleaned and segmented, only sentences never seen are embedded, and only
pairs never aligned before (in practice: the pairs that involve a new article) are aligned, and only the
stories whose claim inputs changed get new claims; stories, claims and findings are recomputed from those
parts, so the case equals an analysis of all its articles at once. The schema and the id rule are in docs/cases.md.

**Stable ids.** The pipeline names a story or claim by a hash of its members, which changes when a member
joins. A case keeps the id a story or claim got when it was first seen: after each update, every new story
(claim) takes the id of the oldest earlier story (claim) it shares articles (mentions) with, one new
record per old id, the largest overlap first; the others get their pipeline id. When two old ones merge,
the older id wins and the other is recorded in ``case_aliases`` (so an old link can be redirected).

Every update is one SQLite transaction: a crash or Ctrl-C in the middle leaves the case as it was.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import io
import json
import logging
import pickle
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from corroborator.errors import CorroboratorError, InputError, UsageError
from corroborator.fetch import (
    Fetched,
    Fetcher,
    FetchOptions,
    Validators,
    canonical_url,
    fetch_pages,
    is_url,
    read_feed,
)
from corroborator.options import AnalyzeOptions, parse_overrides
from corroborator.pipeline import AnalysisCache, analyze
from corroborator.report import (
    SCHEMA,
    Report,
    _article_from_dict,
    article_dict,
    claim_dict,
    finding_dict,
    source_dict,
)
from corroborator.types import (
    Alignment,
    Article,
    Claim,
    Direction,
    Metadata,
    Passage,
    RawArticle,
    Relation,
    Skipped,
)

log = logging.getLogger(__name__)

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS cases (
    id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, created TEXT NOT NULL, updated TEXT,
    settings TEXT NOT NULL DEFAULT '[]', model TEXT, visited_run INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS case_runs (
    case_id INTEGER NOT NULL REFERENCES cases(id), id INTEGER NOT NULL, started TEXT NOT NULL,
    seconds REAL, kind TEXT NOT NULL, inputs INTEGER, added INTEGER, skipped INTEGER, aligned INTEGER,
    changes TEXT, PRIMARY KEY (case_id, id)
);
CREATE TABLE IF NOT EXISTS case_feeds (
    case_id INTEGER NOT NULL, url TEXT NOT NULL, title TEXT, etag TEXT, last_modified TEXT,
    last_polled TEXT, last_status TEXT, items INTEGER DEFAULT 0, PRIMARY KEY (case_id, url)
);
CREATE TABLE IF NOT EXISTS case_fetches (
    case_id INTEGER NOT NULL, url TEXT NOT NULL, final_url TEXT, status INTEGER, etag TEXT,
    last_modified TEXT, redirects TEXT, fetched TEXT, PRIMARY KEY (case_id, url)
);
CREATE TABLE IF NOT EXISTS case_inputs (
    case_id INTEGER NOT NULL, key TEXT NOT NULL, position INTEGER NOT NULL, run INTEGER NOT NULL,
    source TEXT NOT NULL, url TEXT, raw TEXT NOT NULL, PRIMARY KEY (case_id, key)
);
CREATE TABLE IF NOT EXISTS case_skipped (
    case_id INTEGER NOT NULL, run INTEGER NOT NULL, source TEXT NOT NULL, reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS case_built (
    case_id INTEGER NOT NULL, key TEXT NOT NULL, article TEXT NOT NULL, PRIMARY KEY (case_id, key)
);
CREATE TABLE IF NOT EXISTS case_alignments (
    case_id INTEGER NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL, alignment TEXT NOT NULL, needs TEXT, seen TEXT,
    PRIMARY KEY (case_id, a, b)
);
CREATE TABLE IF NOT EXISTS case_plausible (
    case_id INTEGER NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (case_id, a, b)
);
CREATE TABLE IF NOT EXISTS case_claim_sets (
    case_id INTEGER NOT NULL, key TEXT NOT NULL, claims BLOB NOT NULL, PRIMARY KEY (case_id, key)
);
CREATE TABLE IF NOT EXISTS case_vectors (
    case_id INTEGER NOT NULL, model TEXT NOT NULL, key BLOB NOT NULL, vector BLOB NOT NULL,
    PRIMARY KEY (case_id, model, key)
);
CREATE TABLE IF NOT EXISTS case_articles (
    case_id INTEGER NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL, first_run INTEGER NOT NULL,
    source TEXT, url TEXT, outlet TEXT, label TEXT, title TEXT, published TEXT, author TEXT, language TEXT,
    story TEXT, record TEXT NOT NULL, PRIMARY KEY (case_id, id)
);
CREATE TABLE IF NOT EXISTS case_sources (
    case_id INTEGER NOT NULL, id TEXT NOT NULL, name TEXT, kind TEXT, articles INTEGER, record TEXT NOT NULL,
    PRIMARY KEY (case_id, id)
);
CREATE TABLE IF NOT EXISTS case_stories (
    case_id INTEGER NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL, first_run INTEGER NOT NULL,
    pipeline_id TEXT NOT NULL, title TEXT, start TEXT, "end" TEXT, articles INTEGER,
    PRIMARY KEY (case_id, id)
);
CREATE TABLE IF NOT EXISTS case_story_articles (
    case_id INTEGER NOT NULL, story TEXT NOT NULL, article TEXT NOT NULL, position INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS case_relations (
    case_id INTEGER NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL, kind TEXT NOT NULL, score REAL,
    original TEXT, record TEXT NOT NULL, PRIMARY KEY (case_id, a, b)
);
CREATE TABLE IF NOT EXISTS case_claims (
    case_id INTEGER NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL, first_run INTEGER NOT NULL,
    pipeline_id TEXT NOT NULL, story TEXT, text TEXT, articles INTEGER, independent_sources INTEGER,
    record TEXT NOT NULL, PRIMARY KEY (case_id, id)
);
CREATE TABLE IF NOT EXISTS case_mentions (
    case_id INTEGER NOT NULL, claim TEXT NOT NULL, article TEXT NOT NULL, sentence INTEGER NOT NULL,
    outlet TEXT, origin TEXT
);
CREATE TABLE IF NOT EXISTS case_findings (
    case_id INTEGER NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL, first_run INTEGER NOT NULL,
    kind TEXT NOT NULL, story TEXT, claim TEXT, summary TEXT, confidence REAL, importance REAL, top INTEGER,
    record TEXT NOT NULL, PRIMARY KEY (case_id, id)
);
CREATE TABLE IF NOT EXISTS case_aliases (
    case_id INTEGER NOT NULL, kind TEXT NOT NULL, old_id TEXT NOT NULL, new_id TEXT NOT NULL,
    run INTEGER NOT NULL, why TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS case_mentions_claim ON case_mentions (case_id, claim);
CREATE INDEX IF NOT EXISTS case_story_articles_story ON case_story_articles (case_id, story);
"""

# The tables an update rewrites (the records of the latest analysis); the others only grow.
_DERIVED = (
    "case_articles",
    "case_sources",
    "case_stories",
    "case_story_articles",
    "case_relations",
    "case_claims",
    "case_mentions",
    "case_findings",
)


class CaseError(CorroboratorError):
    """A case that does not exist, a name already taken, or a database this tool cannot use."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# -- what an update reports -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Changes:
    """What one update changed, for a person: new articles, claims that new outlets relay, new findings,
    claims whose count of independent origins changed, and stories that merged."""

    run: int
    added: tuple[str, ...] = ()  # article labels (outlet: title)
    skipped: tuple[Skipped, ...] = ()
    new_relays: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (claim id, claim text, new outlets)
    new_findings: tuple[tuple[str, str, str], ...] = ()  # (finding id, kind, summary)
    origin_changes: tuple[tuple[str, str, int, int], ...] = ()  # (claim id, text, before, after)
    new_stories: tuple[tuple[str, str], ...] = ()  # (story id, title)
    merged: tuple[tuple[str, str, str], ...] = ()  # (kind, old id, id it merged into)
    aligned: int = 0
    seconds: float = 0.0

    @property
    def nothing(self) -> bool:
        return not (self.added or self.new_findings or self.new_relays or self.origin_changes or self.merged)

    def to_dict(self) -> dict[str, Any]:
        return {
            "run": self.run,
            "added": list(self.added),
            "skipped": [{"source": s.source, "reason": s.reason} for s in self.skipped],
            "new_relays": [{"claim": c, "text": t, "outlets": list(o)} for c, t, o in self.new_relays],
            "new_findings": [{"id": i, "kind": k, "summary": s} for i, k, s in self.new_findings],
            "origin_changes": [{"claim": c, "text": t, "before": b, "after": a} for c, t, b, a in self.origin_changes],
            "new_stories": [{"id": i, "title": t} for i, t in self.new_stories],
            "merged": [{"kind": k, "old": o, "into": n} for k, o, n in self.merged],
            "aligned": self.aligned,
            "seconds": round(self.seconds, 3),
        }

    def lines(self) -> list[str]:
        """The changes as short lines for the terminal (``watch`` prints them)."""
        out = [f"+ article: {a}" for a in self.added]
        out += [
            f"+ {', '.join(o)} now relay{'s' if len(o) == 1 else ''} claim {c}: {_short(t)}"
            for c, t, o in self.new_relays
        ]
        out += [f"~ claim {c}: independent origins {b} -> {a}: {_short(t)}" for c, t, b, a in self.origin_changes]
        out += [f"! finding {i} ({k}): {_short(s)}" for i, k, s in self.new_findings]
        out += [f"= {k} {o} merged into {n}" for k, o, n in self.merged]
        out += [f"- skipped {s.source}: {s.reason}" for s in self.skipped]
        return out


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- serialising what the case keeps --------------------------------------------------------------


def raw_to_json(raw: RawArticle) -> str:
    meta = {f: getattr(raw.meta, f) for f in Metadata.__slots__}
    return json.dumps(
        {
            "source": raw.source,
            "raw_text": raw.raw_text,
            "meta": meta,
            "header": [list(h) for h in raw.header],
            "extra": dict(raw.extra),
        },
        ensure_ascii=False,
    )


def raw_from_json(text: str) -> RawArticle:
    d = json.loads(text)
    return RawArticle(
        source=d["source"],
        raw_text=d["raw_text"],
        meta=Metadata(**d["meta"]),
        header=tuple((int(a), int(b), str(c)) for a, b, c in d["header"]),
        extra=d.get("extra") or {},
    )


def alignment_to_json(al: Alignment) -> str:
    return json.dumps(
        {
            "pairs": [[p.i, p.j, p.label, float(p.cosine), float(p.words)] for p in al.pairs],
            "a": {k: float(v) for k, v in al.coverage_a.items()},
            "b": {k: float(v) for k, v in al.coverage_b.items()},
            "order": float(al.order),
        }
    )


def alignment_from_json(text: str) -> Alignment:
    d = json.loads(text)
    pairs = tuple(Passage(int(i), int(j), label, cos, words) for i, j, label, cos, words in d["pairs"])
    return Alignment(pairs, d["a"], d["b"], d["order"])


def relation_to_json(r: Relation) -> str:
    w = r.direction
    return json.dumps(
        {
            "a": r.a,
            "b": r.b,
            "kind": r.kind,
            "score": r.score,
            "rule": r.rule,
            "alignment": json.loads(alignment_to_json(r.alignment)),
            "direction": [w.original, w.confidence, list(w.reasons), list(w.contradictions), w.common_original],
        },
        ensure_ascii=False,
    )


def relation_from_json(text: str) -> Relation:
    d = json.loads(text)
    original, confidence, reasons, contradictions, common = d["direction"]
    alignment = alignment_from_json(json.dumps(d["alignment"]))
    way = Direction(original, confidence, tuple(reasons), tuple(contradictions), common)
    return Relation(d["a"], d["b"], d["kind"], d["score"], d["rule"], alignment, way)


class _RecordUnpickler(pickle.Unpickler):
    """Unpickles only this package's record types (dataclasses), so a cached claim set read from a case
    database can build records and nothing else: no function of any module is ever called."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "corroborator" or module.startswith("corroborator."):
            found = getattr(importlib.import_module(module), name, None)
            if isinstance(found, type) and dataclasses.is_dataclass(found):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not a record type of corroborator")


def _load_claims(blob: bytes) -> tuple[Claim, ...]:
    """A story's cached claims (``case_claim_sets``: pickled, because a claim's mention facts cannot be
    read back from the report's JSON and deriving them again is most of what building claims costs)."""
    claims = _RecordUnpickler(io.BytesIO(blob)).load()
    if not isinstance(claims, tuple) or not all(isinstance(c, Claim) for c in claims):
        raise pickle.UnpicklingError("not a tuple of claims")
    return claims


# -- stable ids -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Known:
    """An id a case already gave out: its members and when it was first seen (for "the older wins")."""

    id: str
    members: frozenset[str]
    first_run: int


def stable_ids(
    new: Mapping[str, frozenset[str]], known: Sequence[Known]
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Map each new record (pipeline id -> members) to a stable id; return the map and the merges.

    Old ids are handed out oldest first (first run, then id); each goes to the new record that shares the
    most members with it (ties: the smaller pipeline id), one old id per new record. A new record that gets
    no old id keeps its pipeline id. Every other old id that overlapped a new record is a merge
    (old id -> the id of the record holding most of its members)."""
    holders: dict[str, list[str]] = {}
    for pid, members in new.items():
        for m in members:
            holders.setdefault(m, []).append(pid)
    mapping: dict[str, str] = {}
    merges: list[tuple[str, str]] = []
    pending: list[Known] = []
    for old in sorted(known, key=lambda k: (k.first_run, k.id)):
        overlap: dict[str, int] = {}
        for m in old.members:
            for pid in holders.get(m, ()):
                overlap[pid] = overlap.get(pid, 0) + 1
        if not overlap:
            continue  # every member left (an article re-cleaned into a new id): the id retires
        free = [(n, pid) for pid, n in overlap.items() if pid not in mapping]
        if free:
            _n, pid = min(free, key=lambda x: (-x[0], x[1]))
            mapping[pid] = old.id
        else:
            pending.append(old)
    for old in pending:
        overlap = {}
        for m in old.members:
            for pid in holders.get(m, ()):
                overlap[pid] = overlap.get(pid, 0) + 1
        _n, pid = min(((n, p) for p, n in overlap.items()), key=lambda x: (-x[0], x[1]))
        merges.append((old.id, mapping.get(pid, pid)))
    used = set(mapping.values())
    for pid in new:
        if pid not in mapping:
            mapping[pid] = pid if pid not in used else pid + "-2"
    return mapping, merges


def finding_id(kind: str, claim: str | None, evidence: Iterable[tuple[str, int]]) -> str:
    """The id ``findings._finding`` gives, over the case's stable claim id (tests check they agree)."""
    key = f"{kind}|{claim}|" + "|".join(f"{a}:{s}" for a, s in evidence)
    return "f-" + hashlib.sha1(key.encode()).hexdigest()[:10]


def with_stable_ids(report: Report, stories: Mapping[str, str], claims: Mapping[str, str]) -> Report:
    """The report with story and claim ids replaced (and finding ids recomputed over the claim ids)."""
    story_list = tuple(replace(s, id=stories[s.id]) for s in report.stories)
    claim_list = tuple(
        replace(c, id=claims[c.id], story=stories.get(c.story, c.story) if c.story else None) for c in report.claims
    )
    findings = []
    for f in report.findings:
        claim = claims.get(f.claim, f.claim) if f.claim else None
        fid = finding_id(f.kind, claim, [(e.article, e.start) for e in f.evidence])
        findings.append(replace(f, id=fid, claim=claim, story=stories.get(f.story, f.story) if f.story else None))
    return replace(report, stories=story_list, claims=claim_list, findings=tuple(findings))


# -- the store ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseInfo:
    id: int
    name: str
    created: str
    updated: str | None
    settings: tuple[str, ...]
    model: str | None
    visited_run: int
    articles: int = 0
    feeds: tuple[str, ...] = ()
    last_run: int = 0


@dataclass
class _Inputs:
    """What one update reads: new raw articles (with their case key), skips, and fetch records."""

    raws: list[tuple[str, str | None, RawArticle]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    fetched: list[Fetched] = field(default_factory=list)
    feeds: list[tuple[str, Fetched, str | None, int, str | None]] = field(default_factory=list)


class CaseStore:
    """Cases in one SQLite file (by default the web UI's ``corroborator.db``). One writer at a time."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")  # the web UI reads while watch writes
            self.db.executescript(SCHEMA_SQL)
        except sqlite3.Error as exc:
            raise CaseError(f"{self.path}: cannot use it as the case database ({exc}); it is left as it is") from exc

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic update: everything in it is written, or (on any exception, Ctrl-C too) nothing."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- cases

    def create(self, name: str, settings: Sequence[str] = (), model: str | None = None) -> CaseInfo:
        """A new, empty case.

        Raises:
            CaseError: the name is taken or not a plain name.
            UsageError: a setting is not one ``--set`` knows.
        """
        if not _NAME.match(name):
            raise CaseError(
                f"case name {name!r}: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
            )
        AnalyzeOptions(model=model).with_overrides(parse_overrides(list(settings)))  # refuse a bad setting now
        try:
            with self.transaction() as db:
                db.execute(
                    "INSERT INTO cases (name, created, settings, model) VALUES (?, ?, ?, ?)",
                    (name, now(), json.dumps(list(settings)), model),
                )
        except sqlite3.IntegrityError as exc:
            raise CaseError(f"a case named {name!r} already exists in {self.path}") from exc
        return self.get(name)

    def get(self, name: str) -> CaseInfo:
        row = self.db.execute(
            "SELECT id, name, created, updated, settings, model, visited_run FROM cases WHERE name=?", (name,)
        ).fetchone()
        if row is None:
            names = [r[0] for r in self.db.execute("SELECT name FROM cases ORDER BY name")]
            known = f"; cases here: {', '.join(names)}" if names else "; there is no case yet (case new NAME)"
            raise CaseError(f"no case named {name!r} in {self.path}{known}")
        cid = row[0]
        count = self.db.execute("SELECT COUNT(*) FROM case_articles WHERE case_id=?", (cid,)).fetchone()[0]
        feeds = tuple(r[0] for r in self.db.execute("SELECT url FROM case_feeds WHERE case_id=? ORDER BY url", (cid,)))
        last = self.db.execute("SELECT COALESCE(MAX(id), 0) FROM case_runs WHERE case_id=?", (cid,)).fetchone()[0]
        return CaseInfo(cid, row[1], row[2], row[3], tuple(json.loads(row[4])), row[5], row[6], count, feeds, last)

    def list_cases(self) -> list[CaseInfo]:
        return [
            self.get(r[0]) for r in self.db.execute("SELECT name FROM cases ORDER BY COALESCE(updated, created) DESC")
        ]

    def options(self, case: CaseInfo) -> AnalyzeOptions:
        return AnalyzeOptions(model=case.model).with_overrides(parse_overrides(list(case.settings)))

    def mark_visited(self, case: CaseInfo) -> None:
        with self.transaction() as db:
            db.execute("UPDATE cases SET visited_run=? WHERE id=?", (case.last_run, case.id))

    def runs(self, case: CaseInfo, after: int = 0) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT id, started, seconds, kind, inputs, added, skipped, aligned, changes FROM case_runs "
            "WHERE case_id=? AND id>? ORDER BY id",
            (case.id, after),
        ).fetchall()
        keys = ("id", "started", "seconds", "kind", "inputs", "added", "skipped", "aligned", "changes")
        out = []
        for row in rows:
            d = dict(zip(keys, row, strict=True))
            d["changes"] = json.loads(d["changes"] or "{}")
            out.append(d)
        return out

    def feeds(self, case: CaseInfo) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT url, title, last_polled, last_status, items FROM case_feeds WHERE case_id=? ORDER BY url",
            (case.id,),
        ).fetchall()
        return [dict(zip(("url", "title", "last_polled", "last_status", "items"), r, strict=True)) for r in rows]

    # -- reading the report back

    def report(self, case: CaseInfo) -> Report:
        """The case's latest analysis as a ``Report`` (stable ids), rebuilt from its tables."""
        cid = case.id
        articles = [
            json.loads(r[0])
            for r in self.db.execute("SELECT record FROM case_articles WHERE case_id=? ORDER BY position", (cid,))
        ]
        stories = []
        for sid, title, start, end in self.db.execute(
            'SELECT id, title, start, "end" FROM case_stories WHERE case_id=? ORDER BY position', (cid,)
        ).fetchall():
            members = [
                r[0]
                for r in self.db.execute(
                    "SELECT article FROM case_story_articles WHERE case_id=? AND story=? ORDER BY position", (cid, sid)
                )
            ]
            stories.append({"id": sid, "title": title, "start": start, "end": end, "articles": members})
        data = {
            "schema": SCHEMA,
            "stats": {"inputs": len(articles)},
            "articles": articles,
            "stories": stories,
            "relations": [],
            "claims": [
                json.loads(r[0])
                for r in self.db.execute("SELECT record FROM case_claims WHERE case_id=? ORDER BY position", (cid,))
            ],
            "findings": [
                json.loads(r[0])
                for r in self.db.execute("SELECT record FROM case_findings WHERE case_id=? ORDER BY position", (cid,))
            ],
            "sources": [
                json.loads(r[0])
                for r in self.db.execute("SELECT record FROM case_sources WHERE case_id=? ORDER BY rowid", (cid,))
            ],
            "skipped": [],
        }
        report = Report.from_dict(data)
        relations = tuple(
            relation_from_json(r[0])
            for r in self.db.execute("SELECT record FROM case_relations WHERE case_id=? ORDER BY rowid", (cid,))
        )
        skipped = tuple(
            Skipped(s, r)
            for s, r in self.db.execute(
                "SELECT source, reason FROM case_skipped WHERE case_id=? ORDER BY rowid", (cid,)
            )
        )
        return replace(report, relations=relations, skipped=skipped, inputs=len(articles) + len(skipped))

    def pipeline_ids(self, case: CaseInfo) -> tuple[dict[str, str], dict[str, str]]:
        """Stable id -> the pipeline's id, for stories and for claims (tests compare with ``analyze``)."""
        stories = dict(self.db.execute("SELECT id, pipeline_id FROM case_stories WHERE case_id=?", (case.id,)))
        claims = dict(self.db.execute("SELECT id, pipeline_id FROM case_claims WHERE case_id=?", (case.id,)))
        return stories, claims

    def aliases(self, case: CaseInfo) -> list[tuple[str, str, str, int, str]]:
        return list(
            self.db.execute(
                "SELECT kind, old_id, new_id, run, why FROM case_aliases WHERE case_id=? ORDER BY rowid", (case.id,)
            )
        )

    # -- adding

    def add(
        self,
        name: str,
        inputs: Sequence[str] = (),
        feeds: Sequence[str] = (),
        records: Sequence[RawArticle] = (),
        fetch_options: FetchOptions | None = None,
        progress: Callable[[str, int, int], None] | None = None,
        kind: str = "add",
    ) -> Changes:
        """Add files, URLs, feeds (their new items) and ``RawArticle`` records to a case and update it.

        Inputs already in the case (the same file text, the same canonical URL) are not added twice. A
        failed input is a skip in the returned ``Changes``. Feeds are remembered: ``watch`` polls them.

        Raises:
            CaseError: no such case.
        """
        started = time.perf_counter()
        case = self.get(name)
        options = self.options(case)
        got = self._read(case, inputs, feeds, records, options, fetch_options)
        known_keys = {r[0] for r in self.db.execute("SELECT key FROM case_inputs WHERE case_id=?", (case.id,))}
        fresh: list[tuple[str, str | None, RawArticle]] = []
        for key, url, raw in got.raws:
            if key not in known_keys:
                known_keys.add(key)
                fresh.append((key, url, raw))
        run = case.last_run + 1
        if not fresh:
            changes = Changes(run=run, skipped=tuple(got.skipped), seconds=time.perf_counter() - started)
            with self.transaction() as db:
                self._record_skips(db, case, run, got.skipped)
                self._record_fetches(db, case, got)
                self._record_run(db, case, kind, len(got.raws) + len(got.skipped), changes)
            return changes
        old = [
            (k, raw_from_json(r))
            for k, r in self.db.execute(
                "SELECT key, raw FROM case_inputs WHERE case_id=? ORDER BY position", (case.id,)
            )
        ]
        cache = self._load_cache(case, options)
        before_built, before_aligned, before_claims = set(cache.built), set(cache.alignments), set(cache.claims)
        before_plausible = len(cache.plausible)
        report = analyze([raw for _k, raw in old] + [raw for _k, _u, raw in fresh], options, progress, cache)
        previous = self._previous(case)
        story_ids, claim_ids, merges = self._stable(report, previous)
        stable = with_stable_ids(report, story_ids, claim_ids)
        new_sources = {raw.source for _k, _u, raw in fresh}
        skipped = [*got.skipped, *(x for x in report.skipped if x.source in new_sources)]
        changes = _changes(run, stable, previous, new_sources, skipped, merges, cache.aligned)
        changes = replace(changes, seconds=time.perf_counter() - started)
        with self.transaction() as db:
            position = len(old)
            for n, (key, url, raw) in enumerate(fresh):
                db.execute(
                    "INSERT INTO case_inputs (case_id, key, position, run, source, url, raw) VALUES (?,?,?,?,?,?,?)",
                    (case.id, key, position + n, run, raw.source, url, raw_to_json(raw)),
                )
            self._save_cache(
                db, case, options, cache, before_built, before_aligned, report.articles, before_claims, before_plausible
            )
            self._write_report(db, case, run, stable, story_ids, claim_ids, previous)
            for kind_, old_id, new_id in merges:
                db.execute(
                    "INSERT INTO case_aliases (case_id, kind, old_id, new_id, run, why) VALUES (?,?,?,?,?,?)",
                    (case.id, kind_, old_id, new_id, run, "merged: the older id wins"),
                )
            self._record_skips(db, case, run, skipped)
            self._record_fetches(db, case, got)
            self._record_run(db, case, kind, len(got.raws) + len(got.skipped), changes)
        return changes

    def _record_skips(self, db: sqlite3.Connection, case: CaseInfo, run: int, skipped: Sequence[Skipped]) -> None:
        """Keep the latest reason per skipped source (a feed that fails every poll is one row, updated)."""
        for item in skipped:
            db.execute("DELETE FROM case_skipped WHERE case_id=? AND source=?", (case.id, item.source))
            db.execute("INSERT INTO case_skipped VALUES (?,?,?,?)", (case.id, run, item.source, item.reason))

    def _encoder(self, options: AnalyzeOptions) -> Any:
        from corroborator.embed import encoder_for

        return encoder_for(options.model)

    def _read(
        self,
        case: CaseInfo,
        inputs: Sequence[str],
        feeds: Sequence[str],
        records: Sequence[RawArticle],
        options: AnalyzeOptions,
        fetch_options: FetchOptions | None,
    ) -> _Inputs:
        """Read files, fetch URLs and feeds (conditionally, with the validators the case kept)."""
        from corroborator.articles import collect

        got = _Inputs()
        files = [i for i in inputs if not is_url(i)]
        urls = [i for i in inputs if is_url(i)]
        for raw in records:
            got.raws.append((_raw_key(raw), raw.meta.url, raw))
        if files:
            raws, skipped = collect(files, options)
            got.raws += [(_raw_key(r), None, r) for r in raws]
            got.skipped += skipped
        fetcher = Fetcher(fetch_options)
        try:
            known_urls = {
                r[0]
                for r in self.db.execute("SELECT url FROM case_inputs WHERE case_id=? AND url IS NOT NULL", (case.id,))
            }
            published: dict[str, str] = {}
            for feed in dict.fromkeys(feeds):
                row = self.db.execute(
                    "SELECT etag, last_modified FROM case_feeds WHERE case_id=? AND url=?", (case.id, feed)
                ).fetchone()
                result = read_feed(feed, fetcher, Validators(*row) if row else None)
                fresh = [item for item in result.items if canonical_url(item.url) not in known_urls]
                got.feeds.append((feed, result.fetched, result.error, len(result.items), result.title))
                if result.error:
                    got.skipped.append(Skipped(feed, f"feed: {result.error}"))
                for item in fresh:
                    urls.append(item.url)
                    if item.published:
                        published[canonical_url(item.url)] = item.published
            urls = [u for u in urls if canonical_url(u) not in known_urls]
            pages = fetch_pages(urls, fetcher, published, progress=None)
        finally:
            fetcher.close()
        got.raws += [(canonical_url(r.source), r.source, r) for r in pages.articles]
        got.skipped += pages.skipped
        got.fetched += pages.fetched
        return got

    def poll(self, name: str, fetch_options: FetchOptions | None = None) -> Changes:
        """Poll every feed of the case once and add what is new (``watch`` calls this)."""
        case = self.get(name)
        if not case.feeds:
            raise CaseError(f"case {name!r} follows no feed: add one with  case add {name} --feed URL")
        return self.add(name, feeds=case.feeds, fetch_options=fetch_options, kind="watch")

    def _record_fetches(self, db: sqlite3.Connection, case: CaseInfo, got: _Inputs) -> None:
        for f in got.fetched:
            db.execute(
                "INSERT OR REPLACE INTO case_fetches VALUES (?,?,?,?,?,?,?,?)",
                (
                    case.id,
                    canonical_url(f.url),
                    f.final_url,
                    f.status,
                    f.validators.etag,
                    f.validators.last_modified,
                    json.dumps(list(f.redirects)),
                    now(),
                ),
            )
        for url, f, error, items, title in got.feeds:
            status = error or ("not modified" if f.not_modified else f"HTTP {f.status}")
            row = db.execute(
                "SELECT etag, last_modified, title FROM case_feeds WHERE case_id=? AND url=?", (case.id, url)
            )
            prev = row.fetchone()
            etag = f.validators.etag or (prev[0] if prev and f.not_modified else None)
            modified = f.validators.last_modified or (prev[1] if prev and f.not_modified else None)
            db.execute(
                "INSERT OR REPLACE INTO case_feeds VALUES (?,?,?,?,?,?,?,?)",
                (case.id, url, title or (prev[2] if prev else None), etag, modified, now(), status, items),
            )

    def _record_run(self, db: sqlite3.Connection, case: CaseInfo, kind: str, inputs: int, changes: Changes) -> None:
        db.execute(
            "INSERT INTO case_runs (id, case_id, started, seconds, kind, inputs, added, skipped, aligned, changes) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                changes.run,
                case.id,
                now(),
                round(changes.seconds, 3),
                kind,
                inputs,
                len(changes.added),
                len(changes.skipped),
                changes.aligned,
                json.dumps(changes.to_dict(), ensure_ascii=False),
            ),
        )
        db.execute("UPDATE cases SET updated=? WHERE id=?", (now(), case.id))

    # -- the cache

    def _load_cache(self, case: CaseInfo, options: AnalyzeOptions) -> AnalysisCache:
        cache = AnalysisCache()
        for key, text in self.db.execute("SELECT key, article FROM case_built WHERE case_id=?", (case.id,)):
            cache.built[key] = replace(_article_from_dict(json.loads(text)), short_label=None)
        for a, b, text, needs, seen in self.db.execute(
            "SELECT a, b, alignment, needs, seen FROM case_alignments WHERE case_id=?", (case.id,)
        ):
            cache.alignments[(a, b)] = alignment_from_json(text)
            if seen:
                left, right = json.loads(seen)
                cache.seen[(a, b)] = (frozenset(left), frozenset(right))
            if needs:
                cache.needs[(a, b)] = {k: frozenset(v) for k, v in json.loads(needs).items()}
        rows = self.db.execute("SELECT a, b, n FROM case_plausible WHERE case_id=?", (case.id,))
        cache.plausible.update(((a, b), n) for a, b, n in rows)
        for key, blob in self.db.execute("SELECT key, claims FROM case_claim_sets WHERE case_id=?", (case.id,)):
            try:
                cache.claims[key] = _load_claims(blob)
            except Exception as exc:  # noqa: BLE001 - a bad cache entry costs its story's claims, never the update
                log.warning(
                    "case %s: a cached claim set is unreadable (%s); its story is computed again", case.name, exc
                )
        if options.relate.enabled:
            encoder = self._encoder(options)
            rows = self.db.execute(
                "SELECT key, vector FROM case_vectors WHERE case_id=? AND model=?", (case.id, encoder.info.name)
            )
            encoder.cache.update((bytes(k), np.frombuffer(v, dtype=np.float32)) for k, v in rows)
        return cache

    def _save_cache(
        self,
        db: sqlite3.Connection,
        case: CaseInfo,
        options: AnalyzeOptions,
        cache: AnalysisCache,
        built_before: set[str],
        aligned_before: set[tuple[str, str]],
        articles: Sequence[Article],
        claims_before: set[str],
        plausible_before: int,
    ) -> None:
        if len(cache.plausible) > plausible_before:  # entries are only added, so these are the new ones
            db.executemany(
                "INSERT OR REPLACE INTO case_plausible VALUES (?,?,?,?)",
                [(case.id, a, b, n) for (a, b), n in list(cache.plausible.items())[plausible_before:]],
            )
        if cache.claim_keys:  # the story claim sets this run used; the others can never match again
            for key in cache.claim_keys - claims_before:
                db.execute(
                    "INSERT OR REPLACE INTO case_claim_sets VALUES (?,?,?)",
                    (case.id, key, pickle.dumps(cache.claims[key], protocol=pickle.HIGHEST_PROTOCOL)),
                )
            for key in claims_before - cache.claim_keys:
                db.execute("DELETE FROM case_claim_sets WHERE case_id=? AND key=?", (case.id, key))
        for key in cache.built.keys() - built_before:
            db.execute(
                "INSERT OR REPLACE INTO case_built VALUES (?,?,?)",
                (case.id, key, json.dumps(article_dict(cache.built[key]), ensure_ascii=False)),
            )
        for a, b in (cache.alignments.keys() - aligned_before) | cache.fresh:
            needs = cache.needs.get((a, b))
            seen = cache.seen.get((a, b))
            db.execute(
                "INSERT OR REPLACE INTO case_alignments VALUES (?,?,?,?,?,?)",
                (
                    case.id,
                    a,
                    b,
                    alignment_to_json(cache.alignments[(a, b)]),
                    json.dumps({k: sorted(v) for k, v in needs.items()}) if needs else None,
                    json.dumps([sorted(seen[0]), sorted(seen[1])]) if seen else None,
                ),
            )
        if options.relate.enabled:
            # Only the vectors of this case's texts (the encoder's cache is the process's, shared by any run).
            from corroborator.relate.align import sentence_texts

            encoder = self._encoder(options)
            stored = {
                bytes(r[0])
                for r in db.execute(
                    "SELECT key FROM case_vectors WHERE case_id=? AND model=?", (case.id, encoder.info.name)
                )
            }
            texts = {t for a in articles for t in sentence_texts(a)} | {a.meta.title for a in articles if a.meta.title}
            for text in texts:
                key = encoder.cache.key(text)
                if key in stored:
                    continue
                vec = encoder.cache.get(text)
                if vec is not None:
                    db.execute(
                        "INSERT INTO case_vectors VALUES (?,?,?,?)",
                        (case.id, encoder.info.name, key, np.asarray(vec, dtype=np.float32).tobytes()),
                    )

    # -- the records

    def _previous(self, case: CaseInfo) -> _Previous:
        cid = case.id
        stories: dict[str, set[str]] = {}
        for sid, art in self.db.execute("SELECT story, article FROM case_story_articles WHERE case_id=?", (cid,)):
            stories.setdefault(sid, set()).add(art)
        story_runs = dict(self.db.execute("SELECT id, first_run FROM case_stories WHERE case_id=?", (cid,)))
        claims: dict[str, set[str]] = {}
        outlets: dict[str, set[str]] = {}
        for claim, art, sentence, outlet in self.db.execute(
            "SELECT claim, article, sentence, outlet FROM case_mentions WHERE case_id=?", (cid,)
        ):
            claims.setdefault(claim, set()).add(f"{art}:{sentence}")
            outlets.setdefault(claim, set()).add(outlet or art)
        claim_rows = {
            r[0]: (r[1], r[2])
            for r in self.db.execute(
                "SELECT id, first_run, independent_sources FROM case_claims WHERE case_id=?", (cid,)
            )
        }
        findings = dict(self.db.execute("SELECT id, first_run FROM case_findings WHERE case_id=?", (cid,)))
        articles = dict(self.db.execute("SELECT id, first_run FROM case_articles WHERE case_id=?", (cid,)))
        return _Previous(
            stories=[Known(s, frozenset(m), story_runs.get(s, 0)) for s, m in stories.items()],
            claims=[Known(c, frozenset(m), claim_rows.get(c, (0, 0))[0]) for c, m in claims.items()],
            claim_outlets=outlets,
            claim_origins={c: v[1] for c, v in claim_rows.items()},
            story_runs=story_runs,
            claim_runs={c: v[0] for c, v in claim_rows.items()},
            finding_runs=findings,
            article_runs=articles,
        )

    def _stable(
        self, report: Report, previous: _Previous
    ) -> tuple[dict[str, str], dict[str, str], list[tuple[str, str, str]]]:
        story_ids, story_merges = stable_ids({s.id: frozenset(s.articles) for s in report.stories}, previous.stories)
        claim_members = {c.id: frozenset(f"{m.article}:{m.sentence}" for m in c.mentions) for c in report.claims}
        claim_ids, claim_merges = stable_ids(claim_members, previous.claims)
        merges = [("story", o, n) for o, n in story_merges] + [("claim", o, n) for o, n in claim_merges]
        return story_ids, claim_ids, merges

    def _write_report(
        self,
        db: sqlite3.Connection,
        case: CaseInfo,
        run: int,
        report: Report,
        story_ids: Mapping[str, str],
        claim_ids: Mapping[str, str],
        previous: _Previous,
    ) -> None:
        cid = case.id
        for table in _DERIVED:
            db.execute(f"DELETE FROM {table} WHERE case_id=?", (cid,))
        story_of = report.story_of()
        by_id = {a.id: a for a in report.articles}
        for n, a in enumerate(report.articles):
            m = a.meta
            db.execute(
                "INSERT INTO case_articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    cid,
                    a.id,
                    n,
                    previous.article_runs.get(a.id, run),
                    a.source,
                    m.url,
                    m.outlet,
                    a.label,
                    m.title,
                    m.published,
                    m.author,
                    m.language,
                    story_of.get(a.id),
                    json.dumps(article_dict(a), ensure_ascii=False),
                ),
            )
        for s in report.sources:
            db.execute(
                "INSERT INTO case_sources VALUES (?,?,?,?,?,?)",
                (cid, s.id, s.name, s.kind, len(s.articles), json.dumps(source_dict(s), ensure_ascii=False)),
            )
        back = {v: k for k, v in story_ids.items()}
        for n, story in enumerate(report.stories):
            db.execute(
                "INSERT INTO case_stories VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    cid,
                    story.id,
                    n,
                    previous.story_runs.get(story.id, run),
                    back[story.id],
                    story.title,
                    story.start,
                    story.end,
                    len(story.articles),
                ),
            )
            for k, aid in enumerate(story.articles):
                db.execute("INSERT INTO case_story_articles VALUES (?,?,?,?)", (cid, story.id, aid, k))
        for r in report.relations:
            db.execute(
                "INSERT INTO case_relations VALUES (?,?,?,?,?,?,?)",
                (cid, r.a, r.b, r.kind, r.score, r.original, relation_to_json(r)),
            )
        back = {v: k for k, v in claim_ids.items()}
        for n, c in enumerate(report.claims):
            db.execute(
                "INSERT INTO case_claims VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    cid,
                    c.id,
                    n,
                    previous.claim_runs.get(c.id, run),
                    back[c.id],
                    c.story,
                    c.text,
                    len(c.articles),
                    c.independent_sources,
                    json.dumps(claim_dict(c), ensure_ascii=False),
                ),
            )
            for mention in c.mentions:
                outlet = by_id[mention.article].label if mention.article in by_id else None
                db.execute(
                    "INSERT INTO case_mentions VALUES (?,?,?,?,?,?)",
                    (cid, c.id, mention.article, mention.sentence, outlet, mention.origin),
                )
        for n, f in enumerate(report.findings):
            db.execute(
                "INSERT OR REPLACE INTO case_findings VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    cid,
                    f.id,
                    n,
                    previous.finding_runs.get(f.id, run),
                    f.kind,
                    f.story,
                    f.claim,
                    f.summary,
                    f.confidence,
                    f.importance,
                    int(f.top),
                    json.dumps(finding_dict(f), ensure_ascii=False),
                ),
            )


@dataclass(frozen=True, slots=True)
class _Previous:
    """The case's records before an update (what the stable ids and the changes are computed against)."""

    stories: list[Known]
    claims: list[Known]
    claim_outlets: dict[str, set[str]]
    claim_origins: dict[str, int]
    story_runs: dict[str, int]
    claim_runs: dict[str, int]
    finding_runs: dict[str, int]
    article_runs: dict[str, int]


def _raw_key(raw: RawArticle) -> str:
    """A raw article's identity in the case: its canonical URL when it has one, else its text."""
    if raw.meta.url and is_url(raw.meta.url):
        return canonical_url(raw.meta.url)
    return "text:" + hashlib.sha1(raw.raw_text.encode("utf-8")).hexdigest()


def _changes(
    run: int,
    report: Report,
    previous: _Previous,
    new_sources: set[str],
    skipped: Sequence[Skipped],
    merges: Sequence[tuple[str, str, str]],
    aligned: int,
) -> Changes:
    by_id = {a.id: a for a in report.articles}
    added = [
        f"{a.label}: {a.meta.title or a.source}"
        for a in report.articles
        if a.id not in previous.article_runs and (a.source in new_sources or set(a.seen_as) & new_sources)
    ]
    relays = []
    origin_changes = []
    for c in report.claims:
        if c.id not in previous.claim_outlets:
            continue
        outlets = {by_id[m.article].label for m in c.mentions if m.article in by_id}
        fresh = tuple(sorted(outlets - previous.claim_outlets[c.id]))
        if fresh:
            relays.append((c.id, c.text, fresh))
        before = previous.claim_origins.get(c.id)
        if before is not None and before != c.independent_sources:
            origin_changes.append((c.id, c.text, before, c.independent_sources))
    findings = [(f.id, f.kind, f.summary) for f in report.findings if f.id not in previous.finding_runs]
    stories = [(s.id, s.title) for s in report.stories if s.id not in previous.story_runs]
    return Changes(
        run=run,
        added=tuple(added),
        skipped=tuple(skipped),
        new_relays=tuple(relays),
        new_findings=tuple(findings),
        origin_changes=tuple(origin_changes),
        new_stories=tuple(stories),
        merged=tuple(merges),
        aligned=aligned,
    )


# -- the brief --------------------------------------------------------------------------------------


def brief(report: Report, top: int = 3) -> str:
    """A short text brief of a case: per story, its articles, outlets, the top claims with their
    independent origins, and the top findings. (A simple function on purpose: the richer "story brief"
    of issue 14 can replace it.)"""
    by_id = {a.id: a for a in report.articles}
    outlets = {a.label for a in report.articles}
    lines = [
        f"{len(report.articles)} articles from {len(outlets)} outlets, {len(report.stories)} stories, "
        f"{len(report.claims)} claims, {len(report.findings)} findings"
    ]
    for story in report.stories:
        members = [by_id[a] for a in story.articles if a in by_id]
        span = " to ".join(dict.fromkeys(x[:10] for x in (story.start, story.end) if x)) or "no dates"
        lines.append("")
        lines.append(f"[{story.id}] {story.title}")
        lines.append(f"  {len(members)} articles, {len({a.label for a in members})} outlets, {span}")
        claims = [c for c in report.claims if c.story == story.id][:top]
        for c in claims:
            origins = ", ".join(o.name for o in c.origins)
            lines.append(
                f"  claim {c.id}: {_short(c.text, 100)}\n"
                f"    {len(c.articles)} articles, {c.independent_sources} independent origin"
                f"{'s' if c.independent_sources != 1 else ''}: {origins}"
            )
        findings = sorted((f for f in report.findings if f.story == story.id), key=lambda f: (-f.importance, f.id))[
            :top
        ]
        lines.extend(f"  finding {f.id} ({f.kind}): {_short(f.summary, 110)}" for f in findings)
    return "\n".join(lines)


def parse_every(text: str) -> float:
    """Seconds of an interval written as 90, 90s, 10m, 2h or 1d.

    Raises:
        UsageError: not such an interval, or under 10 seconds (polling faster is impolite).
    """
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text.lower())
    if not m:
        raise UsageError(f"--every {text!r}: write a number with s, m, h or d, e.g. 10m")
    seconds = float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
    if seconds < 10:
        raise UsageError(f"--every {text!r}: at least 10 s between polls, to be polite to the feeds' servers")
    return seconds


__all__ = ["CaseError", "CaseStore", "Changes", "InputError", "brief", "parse_every", "stable_ids"]
