"""Analyses kept in an embedded SQLite file, so a restart keeps them."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

from corroborator.errors import CorroboratorError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS analyses (
    id TEXT PRIMARY KEY, created TEXT NOT NULL, label TEXT NOT NULL, status TEXT NOT NULL,
    stage TEXT, done INTEGER DEFAULT 0, total INTEGER DEFAULT 0, error TEXT, report TEXT, summary TEXT
)"""


def report_summary(report: dict) -> dict:
    """What the list of analyses shows of a finished report: counts and the first outlets."""
    names = [_outlet(a) for a in report.get("articles", [])]
    labels = list(dict.fromkeys(n for n in names if n))
    return {
        "articles": len(report.get("articles", [])),
        "stories": len(report.get("stories", [])),
        "findings": len(report.get("findings", [])),
        "skipped": len(report.get("skipped", [])),
        "outlets": [x for x in labels if x][:6],
        "more_outlets": max(0, len([x for x in labels if x]) - 6),
        "unnamed": names.count(""),
    }


def _outlet(article: dict) -> str:
    """The outlet an article of a report names: its batch label without the " #2" that tells two articles of one
    outlet apart; "" when the label is only the file name (brief.names_outlet, on the report's JSON)."""
    label = re.sub(r" #\d+$", "", article.get("label") or article.get("outlet") or "")
    source = re.sub(r":\d+$", "", str(article.get("source") or "").replace("\\", "/")).rsplit("/", 1)[-1]
    return "" if label in (source[:60], article.get("id")) else label


class StoreError(CorroboratorError):
    """The database cannot be opened or is not one this tool wrote; the message names the file."""


class Store:
    """Thread-safe access to the analyses table (one connection, one lock: the UI is for one person)."""

    __slots__ = ("_db", "_lock", "path")

    _db: sqlite3.Connection

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False)
            self._db.row_factory = sqlite3.Row
            with self._lock, self._db:
                self._db.execute(_SCHEMA)
                columns = {row[1] for row in self._db.execute("PRAGMA table_info(analyses)")}
                missing = {"id", "status", "report", "label", "created"} - columns
                if missing:
                    raise StoreError(
                        f"{self.path}: its 'analyses' table lacks {', '.join(sorted(missing))}: "
                        "not a database this tool wrote; pass another --db"
                    )
                if "summary" not in columns:  # databases from before the list showed counts
                    self._db.execute("ALTER TABLE analyses ADD COLUMN summary TEXT")
                # A run that was going when the server stopped will never finish: say so.
                self._db.execute(
                    "UPDATE analyses SET status='failed', error='the server stopped during the analysis' "
                    "WHERE status IN ('queued', 'running')"
                )
        except sqlite3.Error as exc:  # "file is not a database", "database disk image is malformed", ...
            if hasattr(self, "_db"):
                self._db.close()
            raise StoreError(
                f"{self.path}: cannot use it as the analyses database ({exc}); it is left as it is. "
                "Move it away or pass another --db."
            ) from exc

    def create(self, label: str) -> str:
        analysis_id = uuid.uuid4().hex[:12]
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO analyses (id, created, label, status) VALUES (?, ?, ?, 'queued')",
                (analysis_id, datetime.now(UTC).isoformat(timespec="seconds"), label),
            )
        return analysis_id

    def progress(self, analysis_id: str, stage: str, done: int, total: int) -> None:
        with self._lock, self._db:
            self._db.execute(
                "UPDATE analyses SET status='running', stage=?, done=?, total=? WHERE id=?",
                (stage, done, total, analysis_id),
            )

    def finish(self, analysis_id: str, report: dict) -> None:
        with self._lock, self._db:
            self._db.execute(
                "UPDATE analyses SET status='done', stage='done', report=?, summary=? WHERE id=?",
                (json.dumps(report, ensure_ascii=False), json.dumps(report_summary(report)), analysis_id),
            )

    def fail(self, analysis_id: str, error: str) -> None:
        with self._lock, self._db:
            self._db.execute("UPDATE analyses SET status='failed', error=? WHERE id=?", (error, analysis_id))

    def delete(self, analysis_id: str) -> bool:
        """Remove an analysis and its report; False when there was none with that id."""
        with self._lock, self._db:
            return self._db.execute("DELETE FROM analyses WHERE id=?", (analysis_id,)).rowcount > 0

    def get(self, analysis_id: str) -> dict | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM analyses WHERE id=?", (analysis_id,)).fetchone()
        return dict(row) if row else None

    def list(self, limit: int = 50) -> list[dict]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, created, label, status, error, summary FROM analyses ORDER BY created DESC, id LIMIT ?",
                (limit,),
            ).fetchall()
        return [dict(r) | {"summary": json.loads(r["summary"]) if r["summary"] else None} for r in rows]
