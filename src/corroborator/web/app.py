"""The web UI: paste or upload articles, or name a folder; watch the analysis; browse the report.

A small standard-library HTTP server (no framework to install) that only calls
the public API: ``analyze`` runs the pipeline and ``render_html`` draws the same
report the CLI writes. It binds to 127.0.0.1 by default, refuses uploads over
``max_upload`` bytes, and only reads folders inside ``root``. Uploaded files go
to a temporary folder for the run and are deleted after it; a named folder is
only read.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import logging
import re
import shutil
import tempfile
import threading
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from corroborator.pipeline import AnalyzeOptions, analyze
from corroborator.render import render_html
from corroborator.report import Report
from corroborator.web.store import Store

log = logging.getLogger(__name__)
DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024
_SAFE_NAME = re.compile(r"[^\w.-]+")


class UploadError(ValueError):
    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


def resolve_folder(text: str, root: Path) -> Path:
    """The folder a user named, if it is inside ``root``.

    Raises:
        UploadError: it escapes ``root`` (``..``, an absolute path elsewhere, a link out) or is not a folder.
    """
    candidate = (root / text).resolve() if not Path(text).is_absolute() else Path(text).resolve()
    if candidate != root and root not in candidate.parents:
        raise UploadError(HTTPStatus.BAD_REQUEST, f"{text}: outside the folder this server may read ({root})")
    if not candidate.is_dir():
        raise UploadError(HTTPStatus.BAD_REQUEST, f"{text}: not a folder")
    return candidate


def parse_form(content_type: str, body: bytes) -> tuple[dict[str, str], list[tuple[str, bytes]]]:
    """Fields and uploaded files of a multipart/form-data (or urlencoded) body."""
    if content_type.startswith("application/x-www-form-urlencoded"):
        from urllib.parse import parse_qs

        return {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}, []
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\nMIME-Version: 1.0\r\n\r\n" + body
    )
    fields, files = {}, []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        payload = part.get_payload(decode=True) or b""
        if filename:
            if payload:
                files.append((filename, payload))
        elif name:
            fields[name] = payload.decode("utf-8", "replace")
    return fields, files


class App:
    """The server's state: the store, the folder it may read, the limits."""

    __slots__ = ("max_upload", "options", "root", "store")

    def __init__(
        self, store: Store, root: Path, max_upload: int = DEFAULT_MAX_UPLOAD, options: AnalyzeOptions | None = None
    ) -> None:
        self.store, self.root, self.max_upload = store, root.resolve(), max_upload
        self.options = options or AnalyzeOptions()

    def start(self, fields: dict[str, str], files: list[tuple[str, bytes]]) -> str:
        """Queue an analysis of what the form holds and run it in the background."""
        folder = fields.get("folder", "").strip()
        text = fields.get("text", "").strip()
        if not (files or text or folder):
            raise UploadError(HTTPStatus.BAD_REQUEST, "nothing to analyse: paste text, upload files or name a folder")
        inputs: list[str] = []
        if folder:
            inputs.append(str(resolve_folder(folder, self.root)))
        workdir = Path(tempfile.mkdtemp(prefix="corroborator-upload-"))
        for k, (name, data) in enumerate(files):
            safe = _SAFE_NAME.sub("_", Path(name).name) or f"upload-{k}.txt"
            target = workdir / f"{k:03d}-{safe}"  # numbered: two uploads with one name never overwrite each other
            target.write_bytes(data)
            inputs.append(str(target))
        if text:
            (workdir / "pasted.txt").write_text(text, encoding="utf-8")
            inputs.append(str(workdir / "pasted.txt"))
        label = fields.get("label", "").strip() or ", ".join(
            [Path(folder).name] * bool(folder) + [n for n, _ in files][:3] + ["pasted text"] * bool(text)
        )
        analysis_id = self.store.create(label[:200])
        thread = threading.Thread(target=self._run, args=(analysis_id, inputs, workdir), daemon=True)
        thread.start()
        return analysis_id

    def _run(self, analysis_id: str, inputs: list[str], workdir: Path) -> None:
        try:
            report = analyze(
                inputs,
                self.options,
                progress=lambda stage, done, total: self.store.progress(analysis_id, stage, done, total),
            )
            self.store.finish(analysis_id, report.to_dict())
        except Exception as exc:
            log.exception("analysis %s failed", analysis_id)
            self.store.fail(analysis_id, f"{type(exc).__name__}: {exc}")
        finally:
            shutil.rmtree(workdir, ignore_errors=True)


def make_handler(app: App) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "corroborator"

        def log_message(self, fmt: str, *args) -> None:  # to our logger, not stderr noise
            log.info("%s %s", self.address_string(), fmt % args)

        def _send(self, status: HTTPStatus, body: str | bytes, content_type: str = "text/html; charset=utf-8") -> None:
            data = body.encode("utf-8") if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            if path == "/":
                return self._send(HTTPStatus.OK, index_page(app))
            m = re.fullmatch(r"/(jobs|reports|api/jobs)/([0-9a-f]{12})(\.json)?", path)
            record = app.store.get(m.group(2)) if m else None
            if not m or record is None:
                return self._send(HTTPStatus.NOT_FOUND, page("Not found", "<p>No such analysis.</p>"))
            kind = m.group(1)
            if kind == "api/jobs":
                status = {k: record[k] for k in ("id", "status", "stage", "done", "total", "error", "label")}
                return self._send(HTTPStatus.OK, json.dumps(status), "application/json")
            if kind == "jobs":
                return self._send(HTTPStatus.OK, job_page(record))
            if record["status"] != "done":
                return self._send(HTTPStatus.OK, job_page(record))
            if m.group(3):
                return self._send(HTTPStatus.OK, record["report"], "application/json")
            report = Report.from_dict(json.loads(record["report"]))
            return self._send(HTTPStatus.OK, render_html(report, title=f"corroborator: {record['label']}"))

        def do_POST(self) -> None:
            if self.path != "/analyze":
                return self._send(HTTPStatus.NOT_FOUND, page("Not found", "<p>No such page.</p>"))
            length = int(self.headers.get("Content-Length") or 0)
            if length > app.max_upload:
                return self._send(
                    HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                    page(
                        "Too large",
                        f"<p>The upload is {length:,} bytes; this server takes at most {app.max_upload:,}.</p>",
                    ),
                )
            try:
                fields, files = parse_form(self.headers.get("Content-Type", ""), self.rfile.read(length))
                analysis_id = app.start(fields, files)
            except UploadError as exc:
                return self._send(
                    exc.status,
                    page("Cannot analyse that", f"<p class='error'>{escape(str(exc))}</p><p><a href='/'>back</a></p>"),
                )
            self.send_response(HTTPStatus.SEE_OTHER)
            self.send_header("Location", f"/jobs/{analysis_id}")
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


def serve(
    db: str | Path = "corroborator.db",
    host: str = "127.0.0.1",
    port: int = 8000,
    root: str | Path = ".",
    max_upload: int = DEFAULT_MAX_UPLOAD,
    options: AnalyzeOptions | None = None,
) -> ThreadingHTTPServer:
    """Build the server (call ``serve_forever()`` on it)."""
    app = App(Store(db), Path(root), max_upload, options)
    return ThreadingHTTPServer((host, port), make_handler(app))


_STYLE = """body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f6f6f4;color:#1d1d1f}
header{background:#1f2a38;color:#fff;padding:16px 28px}header a{color:#fff;text-decoration:none}
main{margin:18px 28px;background:#fff;padding:16px 22px;border-radius:8px;box-shadow:0 1px 3px #0002}
textarea{width:100%;height:160px}label{display:block;margin:10px 0 4px;font-weight:600}
.error{color:#a00}progress{width:60%;height:18px}table{border-collapse:collapse}td{padding:3px 10px 3px 0}
button{font-size:15px;padding:6px 16px}"""


def page(title: str, body: str, script: str = "") -> str:
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body><header><a href='/'><b>corroborator</b></a> "
        f"&middot; {escape(title)}</header><main>{body}</main>{script}</body></html>"
    )


def index_page(app: App) -> str:
    rows = "".join(
        f"<tr><td>{escape(r['created'])}</td><td><a href='/reports/{escape(r['id'])}'>{escape(r['label'])}</a></td>"
        f"<td>{escape(r['status'])}</td><td>{escape(r['error'] or '')}</td></tr>"
        for r in app.store.list()
    )
    form = (
        "<h2>Analyse articles</h2><form method='post' action='/analyze' enctype='multipart/form-data'>"
        "<label for='files'>Upload files (.txt, .md, .html, .jsonl, .json, .csv, .warc)</label>"
        "<input id='files' type='file' name='files' multiple>"
        "<label for='text'>or paste an article</label><textarea id='text' name='text'></textarea>"
        f"<label for='folder'>or a folder inside {escape(str(app.root))}</label><input id='folder' name='folder' size='60'>"
        "<label for='label'>Name (optional)</label><input id='label' name='label' size='40'>"
        "<p><button type='submit' id='go'>Analyse</button></p></form>"
    )
    past = "<h2>Earlier analyses</h2>" + (f"<table>{rows}</table>" if rows else "<p>None yet.</p>")
    return page("Analyse", form + past)


def job_page(record: dict) -> str:
    body = (
        f"<h2>{escape(record['label'])}</h2><p id='status'>{escape(record['status'])}</p>"
        "<progress id='bar' max='1' value='0'></progress><p id='error' class='error'></p>"
    )
    script = (
        "<script>(function(){var id=" + json.dumps(record["id"]) + ";function tick(){fetch('/api/jobs/'+id)"
        ".then(function(r){return r.json();}).then(function(j){"
        "document.getElementById('status').textContent=j.status+(j.stage?' ('+j.stage+' '+j.done+'/'+j.total+')':'');"
        "var bar=document.getElementById('bar');bar.max=j.total||1;bar.value=j.done||0;"
        "if(j.status==='done'){location.href='/reports/'+id;return;}"
        "if(j.status==='failed'){document.getElementById('error').textContent=j.error;return;}"
        "setTimeout(tick,400);});}tick();})();</script>"
    )
    return page("Analysis", body, script)
