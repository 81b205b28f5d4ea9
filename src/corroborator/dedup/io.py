"""Reading records for dedup (streamed) and writing its outputs (Parquet, or JSON Lines on request)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from corroborator.dedup.engine import DedupRecord
from corroborator.errors import InputError
from corroborator.ingest import IngestOptions, read_inputs
from corroborator.ingest.records import FIELD_CANDIDATES, _pick, check_record, published_of
from corroborator.types import RawArticle, Skipped

_WORD = re.compile(r"\w")


def _record(row: Mapping[str, object], source: str, field_map: Mapping[str, str]) -> DedupRecord | Skipped:
    """One record, or a named skip: every per-record problem (no text, nesting, a broken field) is a skip."""
    try:
        check_record(row, source)
        if not field_map and all(type(k) is str and k.islower() for k in row):
            field_map = _present_fields(row)  # the common case: find the fields once, not once per role
        text = _pick(row, "text", field_map)
        if not isinstance(text, str) or not text.strip():
            return Skipped(source, "no text field")
        if not _WORD.search(text):
            # Its id would be the id of the empty string, shared by every such text: all would be "copies".
            return Skipped(source, "no words in the text (only symbols or emoji)")
        input_id = _pick(row, "id", field_map)
        return DedupRecord(
            id=None,
            input_id=None if input_id is None else str(input_id),
            source=source,
            published=published_of(row, source, field_map),
            text=text,
        )
    except InputError as exc:
        return Skipped(exc.source, exc.reason)
    except Exception as exc:  # noqa: BLE001 - one bad record never sinks a batch: it becomes a named skip
        return Skipped(source, f"could not read the record: {type(exc).__name__}: {exc}")


def _present_fields(row: Mapping[str, object]) -> dict[str, str]:
    """The field each role takes in a row whose keys are all lower case: what ``_pick`` would choose."""
    found: dict[str, str] = {}
    for role in ("text", "id", "published"):
        for name in FIELD_CANDIDATES[role]:
            if row.get(name) not in (None, ""):
                found[role] = name
                break
        else:
            found[role] = ""  # no such field: _pick returns None
    return found


def read_records(
    inputs: Iterable[str], field_map: Mapping[str, str] | None = None, skipped: list[Skipped] | None = None
) -> Iterator[DedupRecord]:
    """Records from JSONL and Parquet files streamed row by row; anything else through ``ingest``."""
    field_map = field_map or {}
    others: list[str] = []
    for item in inputs:
        path = Path(item)
        if path.is_file() and path.suffix.lower() in (".jsonl", ".ndjson"):
            with path.open(encoding="utf-8", errors="replace") as handle:
                for lineno, line in enumerate(handle, start=1):
                    if not line.strip():
                        continue
                    try:
                        row = json.loads(line)
                    except json.JSONDecodeError as exc:
                        if skipped is not None:
                            skipped.append(Skipped(f"{path}:{lineno}", f"malformed JSON: {exc.msg}"))
                        continue
                    except RecursionError:
                        if skipped is not None:
                            skipped.append(Skipped(f"{path}:{lineno}", "JSON nested too deeply to read"))
                        continue
                    record = (
                        _record(row, f"{path}:{lineno}", field_map)
                        if isinstance(row, dict)
                        else Skipped(f"{path}:{lineno}", f"record is a {type(row).__name__}, not an object")
                    )
                    if isinstance(record, DedupRecord):
                        yield record
                    elif skipped is not None:
                        skipped.append(record)
        elif path.is_file() and path.suffix.lower() == ".parquet":
            import pyarrow.parquet as pq

            row_number = 0
            for batch in pq.ParquetFile(path).iter_batches(batch_size=10_000):
                for row in batch.to_pylist():
                    row_number += 1
                    record = _record(row, f"{path}#{row_number}", field_map)
                    if isinstance(record, DedupRecord):
                        yield record
                    elif skipped is not None:
                        skipped.append(record)
        else:
            others.append(item)
    for got in read_inputs(others, IngestOptions(field_map=field_map)):
        if isinstance(got, RawArticle) and not _WORD.search(got.raw_text):
            if skipped is not None:
                skipped.append(Skipped(got.source, "no words in the text (only symbols or emoji)"))
        elif isinstance(got, RawArticle):
            yield DedupRecord(
                id=None, input_id=got.meta.input_id, source=got.source, published=got.meta.published, text=got.raw_text
            )
        elif skipped is not None:
            skipped.append(got)


def write_table(rows: list[dict], path: Path, fmt: str) -> Path:
    if fmt == "jsonl":
        path = path.with_suffix(".jsonl")
        with path.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        return path
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = path.with_suffix(".parquet")
    pq.write_table(pa.Table.from_pylist(rows) if rows else pa.table({}), path)
    return path
