"""What a dedup output folder holds, what produced it, and when it is complete.

A re-run with the same ``-o`` resumes from the signed chunks in ``OUT/work`` only when they were made
from the same inputs, with the same signing options, by the same code. ``OUT/manifest.json`` records:

- ``inputs``: every input file (folders and globs expanded) by resolved path, with its size, mtime and
  the SHA-256 of its whole content. The whole content, not the first and last megabyte plus the size:
  an edit in the middle of a file that keeps its size (a corrected digit, a replaced name) and its mtime
  (``cp -p``, ``rsync -t``, an archive unpacked) is exactly the edit that would bring stale clusters
  back, and hashing is cheap next to the run (SHA-256 read 612 MB/s here, dedup ran at 3.6 MB/s: the
  hash was 0.6% of a clean run; docs/benchmarks.md). Paths are compared resolved, so ``corpus.jsonl``
  and ``/abs/corpus.jsonl`` are the same input; mtimes are recorded but not compared: a file touched
  without a change still resumes (its hash says so).
- ``signing``: the options the signed chunks depend on. Every field of ``DedupOptions`` counts except
  those listed in ``OUTPUT_ONLY`` (they act after signing and are recomputed on every run), so an option
  added later is on the safe side by default. The field map (which field is the text) counts too.
- ``code``: the package version and a digest of the modules that read, shingle and sign, so a changed
  shingling never meets signatures made the old way.

A mismatch raises ``StateMismatch`` (a ``UsageError``: exit 2) naming each difference, unless ``force``,
which deletes the work folder and the old outputs and starts over. Standard input cannot be fingerprinted:
a run that reads it never resumes (it starts clean, and says so in the log).

Outputs become visible only when complete: each table is written under a temporary name and renamed into
place, and ``_SUCCESS`` is written last. A run first removes the previous run's ``_SUCCESS`` and outputs,
so a killed run leaves no ``_SUCCESS``, and never a truncated table under its final name.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corroborator.errors import UsageError

if TYPE_CHECKING:  # engine imports this module: the types only
    from corroborator.dedup.engine import DedupOptions, DedupRecord

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
SUCCESS = "_SUCCESS"
FORMAT = 1
OUTPUT_ONLY = frozenset({"threshold", "bands", "max_bucket", "workers"})  # applied after signing, every run
OUTPUT_STEMS = ("articles", "pairs", "corpus")
_WORK_PATTERNS = ("chunk-*.done", "sig-*.npy", "sh-*.npz", "meta-*.jsonl", "options.json", ".tmp-*")
_HASH_BLOCK = 1 << 20


class StateMismatch(UsageError):
    """The output folder holds work from other inputs, options or code; the message lists each difference."""


@dataclass(frozen=True, slots=True)
class InputFile:
    path: str  # resolved
    size: int
    mtime_ns: int
    sha256: str


def file_digest(path: Path) -> str:
    """SHA-256 of the whole file, read in 1 MB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def input_files(inputs: Iterable[str]) -> tuple[list[Path], bool]:
    """The files a run reads (folders walked, globs expanded, the same way ``read_records`` does), and
    whether standard input is among them."""
    from corroborator.ingest import expand_inputs

    files: list[Path] = []
    stdin = False
    for item in expand_inputs(inputs):
        if isinstance(item, str):
            if item == "-":
                stdin = True
            elif Path(item).is_file():
                files.append(Path(item).resolve())
    return files, stdin


def fingerprint(files: Iterable[Path]) -> list[InputFile]:
    out = []
    for path in files:
        stat = path.stat()
        out.append(InputFile(str(path), stat.st_size, stat.st_mtime_ns, file_digest(path)))
    return out


def code_digest() -> str:
    """The version and a digest of the code that decides what is in ``work/``."""
    from corroborator import __version__
    from corroborator.dedup import engine, io
    from corroborator.relate import candidates

    digest = hashlib.sha256()
    for module in (engine, io, candidates):
        digest.update(Path(module.__file__ or "").read_bytes())
    return f"{__version__}+{digest.hexdigest()[:16]}"


def signing_options(options: DedupOptions, field_map: Mapping[str, str] | None) -> dict[str, Any]:
    fields = {k: v for k, v in asdict(options).items() if k not in OUTPUT_ONLY}
    return {**fields, "field_map": dict(sorted((field_map or {}).items()))}


def build_manifest(
    inputs: list[str], options: DedupOptions, field_map: Mapping[str, str] | None, outputs: Mapping[str, Any]
) -> dict[str, Any]:
    files, stdin = input_files(inputs)
    return {
        "format": FORMAT,
        "code": code_digest(),
        "arguments": list(inputs),
        "stdin": stdin,
        "inputs": [asdict(f) for f in fingerprint(files)],
        "signing": signing_options(options, field_map),
        "outputs": dict(outputs),
        "complete": False,
    }


def differences(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """Why the work in ``old`` cannot be reused for ``new`` (empty: it can)."""
    why: list[str] = []
    if old.get("format") != FORMAT:
        return [f"the manifest has format {old.get('format')!r}, this version writes {FORMAT}"]
    if old.get("code") != new["code"]:
        why.append(f"written by corroborator {old.get('code')}, this is {new['code']}")
    if old.get("stdin") or new["stdin"]:
        why.append("standard input was read: it cannot be checked for changes")
    before = {f["path"]: f for f in old.get("inputs", [])}
    after = {f["path"]: f for f in new["inputs"]}
    why += [f"input {path} is no longer given" for path in sorted(before.keys() - after.keys())]
    why += [f"input {path} is new" for path in sorted(after.keys() - before.keys())]
    for path in sorted(before.keys() & after.keys()):
        a, b = before[path], after[path]
        if a["sha256"] != b["sha256"]:
            why.append(f"input {path} changed ({a['size']:,} -> {b['size']:,} bytes, content differs)")
    if [f["path"] for f in old.get("inputs", [])] != [f["path"] for f in new["inputs"]] and not why:
        why.append("the inputs are given in another order")
    old_opts, new_opts = old.get("signing", {}), new["signing"]
    for key in sorted(old_opts.keys() | new_opts.keys()):
        if old_opts.get(key) != new_opts.get(key):
            hint = " (set by --memory-limit)" if key == "chunk_size" else ""
            why.append(f"option {key} was {old_opts.get(key)!r}, now {new_opts.get(key)!r}{hint}")
    return why


def read_manifest(out: Path) -> dict[str, Any] | None:
    path = out / MANIFEST
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return {"format": f"unreadable ({exc})"}
    return data if isinstance(data, dict) else {"format": "unreadable (not an object)"}


def _work_files(work: Path) -> list[Path]:
    return sorted({p for pattern in _WORK_PATTERNS for p in work.glob(pattern)}) if work.is_dir() else []


def output_names() -> list[str]:
    """The names of this tool's outputs (tables in either format, summary, marker)."""
    return [f"{stem}{ext}" for stem in OUTPUT_STEMS for ext in (".parquet", ".jsonl")] + ["summary.json", SUCCESS]


def output_files(out: Path) -> list[Path]:
    """This tool's outputs present in ``out`` (and temporaries of a killed run), not anything else there."""
    return [out / n for n in output_names() if (out / n).exists()] + sorted(out.glob(".tmp-*"))


def prepare(out: Path, manifest: dict[str, Any], force: bool) -> bool:
    """Check ``out`` against ``manifest``; clear what cannot be reused; record the new manifest.

    Args:
        out: the output folder (created if missing).
        manifest: ``build_manifest`` for this run.
        force: start over instead of refusing when the work does not match.

    Returns:
        True when signed chunks are reused (a resume).

    Raises:
        StateMismatch: the work folder holds chunks from other inputs, options or code, and not ``force``.
    """
    out.mkdir(parents=True, exist_ok=True)
    work = out / "work"
    old = read_manifest(out)
    leftovers = _work_files(work)
    if old is None and leftovers:
        why = [
            "work/ holds signed chunks but no manifest (an older version, or another tool): their inputs are unknown"
        ]
    elif old is None or not leftovers:
        why = []
    else:
        why = differences(old, manifest)
    if why and manifest["stdin"] and not force:  # stdin never resumes: start clean rather than refuse
        log.info("standard input is read: starting over in %s", work)
        force = True
    if why and not force:
        raise StateMismatch(
            f"{out} holds work from another run that cannot be resumed:\n  - "
            + "\n  - ".join(why)
            + f"\nRerun with the same inputs and options to resume, with --force to start over in {out}, "
            "or choose another -o."
        )
    resumed = bool(leftovers) and not why
    if why:
        log.warning("starting over in %s: %s", out, "; ".join(why))
        # The manifest first: a run killed halfway through this leaves chunks without one, which is refused.
        (out / MANIFEST).unlink(missing_ok=True)
        for path in leftovers:
            path.unlink()
    # The previous outputs stop looking complete before anything else happens. Only in a folder this tool
    # wrote (a manifest or signed chunks): files of the same name elsewhere are the user's.
    if old is not None or leftovers:
        for path in output_files(out):
            path.unlink()
    write_manifest(out, manifest)
    return resumed


def write_manifest(out: Path, manifest: Mapping[str, Any]) -> None:
    atomic_write_bytes(out / MANIFEST, json.dumps(manifest, indent=2).encode("utf-8"))


def check_unchanged(manifest: Mapping[str, Any]) -> None:
    """Raise when an input changed while the run read it (size or mtime moved): the result would mix versions."""
    for entry in manifest["inputs"]:
        try:
            stat = Path(entry["path"]).stat()
        except OSError as exc:
            raise StateMismatch(f"{entry['path']} went away while dedup read it ({exc.strerror})") from exc
        if (stat.st_size, stat.st_mtime_ns) != (entry["size"], entry["mtime_ns"]):
            raise StateMismatch(f"{entry['path']} changed while dedup read it; rerun when it is complete")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def publish(staged: Path, final: Path) -> None:
    """Move a fully written temporary output to its final name (a rename: never half visible)."""
    with staged.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(staged, final)


def mark_complete(out: Path, manifest: dict[str, Any], written: list[str]) -> None:
    """Record what was written, then write ``_SUCCESS``: the last thing a run does."""
    write_manifest(out, {**manifest, "complete": True, "written": written})
    atomic_write_bytes(out / SUCCESS, (json.dumps({"written": written}) + "\n").encode("utf-8"))


def resume_chunk(work: Path, index: int, records: list[DedupRecord]) -> int:
    """A chunk signed by an earlier run: refresh its metadata from the records just read; return its size.

    The manifest has checked that the content is the same, but the names it is known by may not be
    (``corpus.jsonl`` then ``/abs/corpus.jsonl``): sources, input ids and dates come from this run,
    the ids (from the words) and the signatures from the earlier one.

    Raises:
        RuntimeError: the chunk holds another number of records (the work folder does not match the input).
    """
    marker = work / f"chunk-{index:05d}.done"
    meta_path = work / f"meta-{index:05d}.jsonl"
    size = int(marker.read_text())
    lines = meta_path.read_text(encoding="utf-8").splitlines()
    if size != len(records) or len(lines) != len(records):
        raise RuntimeError(
            f"{work}: chunk {index} was signed with {size} records, this run gives it {len(records)}; "
            "the work folder does not belong to these inputs (rerun with --force)"
        )
    rows = []
    for line, record in zip(lines, records, strict=True):
        old = json.loads(line)
        rows.append(
            json.dumps(
                {"id": old["id"], "input_id": record.input_id, "source": record.source, "published": record.published}
            )
        )
    text = "\n".join(rows) + "\n" if rows else ""
    if text != meta_path.read_text(encoding="utf-8"):
        atomic_write_bytes(meta_path, text.encode("utf-8"))
    return size


__all__ = [
    "MANIFEST",
    "OUTPUT_ONLY",
    "SUCCESS",
    "InputFile",
    "StateMismatch",
    "atomic_write_bytes",
    "build_manifest",
    "check_unchanged",
    "differences",
    "file_digest",
    "mark_complete",
    "prepare",
    "publish",
    "resume_chunk",
]
