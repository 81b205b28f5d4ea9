"""The web UI: paste or upload articles, or name a folder; watch the analysis; browse the report.

A small standard-library HTTP server (no framework to install) that only calls
the public API: ``analyze`` runs the pipeline and ``render_html`` draws the same
report the CLI writes. It binds to 127.0.0.1 by default, refuses uploads over
``max_upload`` bytes, and only reads folders inside ``root``. Uploaded files go
to a temporary folder for the run and are deleted after it; a named folder is
only read.

What it defends against (docs/security.md): other web pages posting to it (a CSRF token in
the form, and ``Origin`` / ``Sec-Fetch-Site`` checked), DNS rebinding (a ``Host`` allowlist),
framing (``X-Frame-Options``, CSP ``frame-ancestors``), malformed or oversized requests
(``Content-Length`` checked, the body read in bounded chunks, form parts counted before parsing),
links out of ``root``, and load: a fixed number of connection threads with an idle timeout,
one analysis at a time from a bounded queue (503 when full), one model load.
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import hmac
import json
import logging
import os
import re
import secrets
import shutil
import socket
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from corroborator.brief import plural
from corroborator.embed import encoder_for
from corroborator.options import AnalyzeOptions
from corroborator.pipeline import analyze
from corroborator.render import render_html
from corroborator.report import Report
from corroborator.web import cases, downloads
from corroborator.web.store import Store, StoreError

log = logging.getLogger(__name__)
DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
MAX_CONNECTIONS = 16  # connection threads; one person's browser opens at most ~6 per host
IDLE_TIMEOUT = 10.0  # seconds a connection may stay silent (headers or body) before it is closed
HEADER_TIMEOUT = 20.0  # seconds from connecting to the end of the headers, however the bytes trickle in
BODY_DEADLINE = 120.0  # seconds for a whole upload body: 20 MB at ~170 kB/s
MAX_QUEUE = 8  # analyses queued or running; one more gets 503 (each holds its uploaded files on disk)
MAX_PARTS = 500  # form fields plus files in one POST (a folder of a few hundred articles)
MAX_SMALL_FIELD = 4096  # bytes in a field other than the pasted text (folder, label, token)
READ_CHUNK = 64 * 1024
_SAFE_NAME = re.compile(r"[^\w.-]+")
_BOUNDARY = re.compile(r'boundary="?([^";]+)"?', re.IGNORECASE)


class UploadError(ValueError):
    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


def resolve_folder(text: str, root: Path) -> Path:
    """The folder a user named, if it and every link in it stay inside ``root``.

    Raises:
        UploadError: it escapes ``root`` (``..``, an absolute path elsewhere, a link out, or a link inside
            it that points out) or is not a folder.
    """
    candidate = (root / text).resolve() if not Path(text).is_absolute() else Path(text).resolve()
    if not _inside(candidate, root):
        raise UploadError(HTTPStatus.BAD_REQUEST, f"{text}: outside the folder this server may read ({root})")
    if not candidate.is_dir():
        raise UploadError(HTTPStatus.BAD_REQUEST, f"{text}: not a folder")
    # The reader walks the folder and follows links: refuse a folder holding a link that leaves root.
    # Hidden entries are skipped by the reader, and here too.
    for dirpath, dirnames, filenames in os.walk(candidate):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in dirnames + filenames:
            entry = Path(dirpath) / name
            if not name.startswith(".") and entry.is_symlink() and not _inside(entry.resolve(), root):
                shown = entry.relative_to(candidate)
                raise UploadError(
                    HTTPStatus.BAD_REQUEST,
                    f"{text}: {shown} is a link to outside the folder this server may read ({root})",
                )
    return candidate


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def parse_form(
    content_type: str, body: bytes, max_parts: int = MAX_PARTS, max_small_field: int = MAX_SMALL_FIELD
) -> tuple[dict[str, str], list[tuple[str, bytes]]]:
    """Fields and uploaded files of a multipart/form-data (or urlencoded) body.

    The parts are counted before anything is parsed, so a body of two million empty fields costs one
    scan, not two million parsed parts.

    Raises:
        UploadError: another content type, no multipart boundary, more than ``max_parts`` parts, or a
            field other than ``text`` longer than ``max_small_field`` bytes.
    """
    fields: dict[str, str] = {}
    files: list[tuple[str, bytes]] = []
    if content_type.startswith("application/x-www-form-urlencoded"):
        from urllib.parse import parse_qs

        if body.count(b"&") + 1 > max_parts:
            raise UploadError(HTTPStatus.BAD_REQUEST, f"too many form fields (at most {max_parts})")
        fields = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace"), max_num_fields=max_parts).items()}
    elif content_type.startswith("multipart/form-data"):
        found = _BOUNDARY.search(content_type)
        if not found:
            raise UploadError(HTTPStatus.BAD_REQUEST, "multipart/form-data without a boundary")
        if body.count(b"--" + found.group(1).encode("latin-1", "replace")) - 1 > max_parts:
            raise UploadError(HTTPStatus.BAD_REQUEST, f"too many form fields and files (at most {max_parts})")
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\nMIME-Version: 1.0\r\n\r\n" + body
        )
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
            if filename:
                if data:
                    files.append((filename, data))
            elif isinstance(name, str) and name:
                fields[name] = data.decode("utf-8", "replace")
        _check_sizes(fields, max_small_field)
        return fields, files
    else:
        raise UploadError(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send the form as multipart/form-data or x-www-form-urlencoded"
        )
    _check_sizes(fields, max_small_field)
    return fields, []


def _check_sizes(fields: dict[str, str], limit: int) -> None:
    for name, value in fields.items():
        if name != "text" and len(value.encode("utf-8")) > limit:
            raise UploadError(HTTPStatus.BAD_REQUEST, f"the field {name[:40]!r} is longer than {limit} bytes")


class App:
    """The server's state: the store, the folder it may read, the limits, the job queue."""

    __slots__ = (
        "_busy",
        "_jobs",
        "_lock",
        "_model_lock",
        "allowed_hosts",
        "max_queue",
        "max_upload",
        "options",
        "root",
        "store",
        "token",
    )

    def __init__(
        self,
        store: Store,
        root: Path,
        max_upload: int = DEFAULT_MAX_UPLOAD,
        options: AnalyzeOptions | None = None,
        max_queue: int = MAX_QUEUE,
        allowed_hosts: frozenset[str] = LOCAL_HOSTS,
    ) -> None:
        self.store, self.root, self.max_upload = store, root.resolve(), max_upload
        self.options = options or AnalyzeOptions()
        self.max_queue = max_queue
        self.allowed_hosts = {h.lower() for h in allowed_hosts}
        # The CSRF token: a secret of this server process, put in its own form. Another site's page cannot
        # read it (same-origin policy; the Host check stops DNS rebinding from reading the form).
        self.token = secrets.token_urlsafe(32)
        # One analysis at a time: it uses every core already, and a second would load its own copy of
        # the model and double the memory. The rest wait in a queue of at most max_queue.
        self._jobs = ThreadPoolExecutor(max_workers=1, thread_name_prefix="analysis")
        self._busy = 0
        self._lock = threading.Lock()
        self._model_lock = threading.Lock()

    def start(self, fields: dict[str, str], files: list[tuple[str, bytes]]) -> str:
        """Queue an analysis of what the form holds and run it in the background.

        Raises:
            UploadError: nothing to analyse, a folder outside ``root``, or the queue is full (503).
        """
        folder = fields.get("folder", "").strip()
        text = fields.get("text", "").strip()
        if not (files or text or folder):
            raise UploadError(HTTPStatus.BAD_REQUEST, "nothing to analyse: paste text, upload files or name a folder")
        inputs: list[str] = []
        if folder:
            inputs.append(str(resolve_folder(folder, self.root)))
        with self._lock:
            if self._busy >= self.max_queue:
                raise UploadError(
                    HTTPStatus.SERVICE_UNAVAILABLE,
                    f"{self._busy} analyses are queued or running (at most {self.max_queue}); "
                    "try again when one has finished",
                )
            self._busy += 1
        try:
            workdir = Path(tempfile.mkdtemp(prefix="corroborator-upload-"))
            for k, (name, data) in enumerate(files):
                safe = _SAFE_NAME.sub("_", Path(name).name) or f"upload-{k}.txt"
                # A numbered folder each: two uploads with one name never overwrite each other, and the file keeps
                # the name the reader gave it (an article without an outlet is labelled by it, as on the CLI).
                target = workdir / f"{k:03d}" / safe
                target.parent.mkdir()
                target.write_bytes(data)
                inputs.append(str(target))
            if text:
                (workdir / "pasted.txt").write_text(text, encoding="utf-8")
                inputs.append(str(workdir / "pasted.txt"))
            label = fields.get("label", "").strip() or ", ".join(
                [Path(folder).name] * bool(folder) + [n for n, _ in files][:3] + ["pasted text"] * bool(text)
            )
            analysis_id = self.store.create(label[:200])
            self._jobs.submit(self._run, analysis_id, inputs, workdir)
        except BaseException:
            with self._lock:
                self._busy -= 1
            raise
        return analysis_id

    def _run(self, analysis_id: str, inputs: list[str], workdir: Path) -> None:
        try:
            if self.options.relate:
                with self._model_lock:  # the model loads once, whatever runs at the same time
                    encoder_for(self.options.model).encode(["corroborator"])
            report = analyze(
                inputs,
                self.options,
                progress=lambda stage, done, total: self.store.progress(analysis_id, stage, done, total),
            )
            if not report.articles:  # every input skipped: a failure, with the reasons, not an empty report
                reasons = "; ".join(f"{Path(s.source).name}: {s.reason}" for s in report.skipped[:10])
                more = f" (and {len(report.skipped) - 10} more)" if len(report.skipped) > 10 else ""
                self.store.fail(analysis_id, f"nothing readable: {reasons or 'no input'}{more}")
                return
            self.store.finish(analysis_id, report.to_dict())
        except Exception as exc:
            log.exception("analysis %s failed", analysis_id)
            self.store.fail(analysis_id, f"{type(exc).__name__}: {exc}")
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
            with self._lock:
                self._busy -= 1

    def host_allowed(self, host_header: str | None) -> bool:
        """Whether a request's ``Host`` names this server (DNS rebinding sends the attacker's name)."""
        if not host_header:
            return False
        try:
            name = urlsplit("//" + host_header.strip()).hostname
        except ValueError:  # "[::1" and the like
            return False
        return name is not None and name.lower() in self.allowed_hosts

    def close(self) -> None:
        self._jobs.shutdown(wait=False, cancel_futures=True)


def make_handler(app: App, idle_timeout: float = IDLE_TIMEOUT) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "corroborator"
        timeout = idle_timeout  # socket timeout: a silent connection is closed, its thread freed
        head = False

        def log_message(self, fmt: str, *args) -> None:  # to our logger, not stderr noise
            # The progress page polls /api/jobs/ several times a second: those lines only at debug level.
            polling = self.path.startswith("/api/jobs/") if isinstance(getattr(self, "path", None), str) else False
            log.log(logging.DEBUG if polling else logging.INFO, "%s %s", self.address_string(), fmt % args)

        def _send(
            self,
            status: HTTPStatus,
            body: str | bytes,
            content_type: str = "text/html; charset=utf-8",
            extra: dict[str, str] | None = None,
        ) -> None:
            data = body.encode("utf-8") if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("X-Frame-Options", "DENY")
            # frame-ancestors only works as a header (a <meta> CSP ignores it); the pages carry the rest.
            self.send_header("Content-Security-Policy", "frame-ancestors 'none'")
            # same-origin, not no-referrer: under no-referrer browsers send "Origin: null" on the form's POST.
            self.send_header("Referrer-Policy", "same-origin")
            self.send_header("Cache-Control", "no-store")
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if not self.head:
                self.wfile.write(data)

        def _error(self, status: HTTPStatus, message: str) -> None:
            self.close_connection = True
            self._send(
                status, page("Cannot do that", f"<p class='error'>{escape(message)}</p><p><a href='/'>back</a></p>")
            )

        def _host_ok(self) -> bool:
            """Check the Host; the headers are complete by now, so the request gets its body's deadline."""
            if isinstance(self.server, BoundedHTTPServer):
                self.server.extend_deadline(self.request, BODY_DEADLINE + 10)
            if app.host_allowed(self.headers.get("Host")):
                return True
            self._error(
                HTTPStatus.MISDIRECTED_REQUEST,
                f"this server answers to {', '.join(sorted(app.allowed_hosts))}, not {self.headers.get('Host')!r}",
            )
            return False

        def do_HEAD(self) -> None:
            self.head = True
            self.do_GET()

        def do_GET(self) -> None:
            if not self._host_ok():
                return None
            path = self.path.split("?")[0]
            if path == "/":
                return self._send(HTTPStatus.OK, index_page(app))
            wanted = downloads.parse(path)
            if wanted and (found := app.store.get(wanted[0])) and found["status"] == "done" and wanted[1] != "json":
                body, kind, name = downloads.render(found, wanted[1], full="full" in self.path.partition("?")[2])
                return self._send(HTTPStatus.OK, body, kind, {"Content-Disposition": f'attachment; filename="{name}"'})
            case_answer = cases.answer(path, self.headers.get("Cookie"), app.store.path)  # /cases pages
            if case_answer is not None:
                return self._send(case_answer[0], case_answer[1], extra=case_answer[2])
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
            return self._send(
                HTTPStatus.OK,
                render_html(report, title=f"corroborator: {record['label']}", links=downloads.links(record["id"])),
            )

        def _cross_site(self) -> str | None:
            """Why this POST looks sent by another site's page (None: it does not)."""
            fetch_site = self.headers.get("Sec-Fetch-Site")
            if fetch_site and fetch_site.lower() not in ("same-origin", "none"):
                return f"a {fetch_site} request (Sec-Fetch-Site): forms are only taken from this server's own page"
            origin = self.headers.get("Origin")
            if origin == "null":
                # An opaque origin: a sandboxed frame or a data: page, unless the browser itself vouches that
                # the request comes from this server's page (Sec-Fetch-Site cannot be set by a page).
                if (fetch_site or "").lower() != "same-origin":
                    return "a request from an opaque origin: forms are only taken from this server's own page"
            elif origin and not app.host_allowed(urlsplit(origin).netloc):
                return f"a request from {origin}: forms are only taken from this server's own page"
            return None

        def _read_body(self) -> bytes | None:
            """The body, read in bounded chunks; None when an error was sent."""
            if self.headers.get("Transfer-Encoding"):
                self._error(HTTPStatus.LENGTH_REQUIRED, "send the form with a Content-Length, not chunked")
                return None
            raw = self.headers.get("Content-Length")
            if raw is None:
                self._error(HTTPStatus.LENGTH_REQUIRED, "a Content-Length header is required")
                return None
            if not raw.strip().isdigit():  # "-1", "1e9", "12, 12": not a length
                self._error(HTTPStatus.BAD_REQUEST, f"Content-Length must be a whole number of bytes, not {raw!r}")
                return None
            length = int(raw)
            if length > app.max_upload:
                self._error(
                    HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                    f"The upload is {length:,} bytes; this server takes at most {app.max_upload:,}.",
                )
                return None
            chunks, received, deadline = [], 0, time.monotonic() + BODY_DEADLINE
            while received < length:
                if time.monotonic() > deadline:
                    self._error(HTTPStatus.REQUEST_TIMEOUT, f"the upload took longer than {BODY_DEADLINE:.0f} s")
                    return None
                try:
                    chunk = self.rfile.read(min(READ_CHUNK, length - received))
                except TimeoutError:
                    self._error(HTTPStatus.REQUEST_TIMEOUT, f"no data for {idle_timeout:g} s")
                    return None
                if not chunk:
                    self._error(HTTPStatus.BAD_REQUEST, f"the body ended after {received:,} of {length:,} bytes")
                    return None
                chunks.append(chunk)
                received += len(chunk)
            return b"".join(chunks)

        def do_POST(self) -> None:
            if not self._host_ok():
                return None
            doomed = re.fullmatch(r"/delete/([0-9a-f]{12})", self.path)
            if self.path != "/analyze" and not doomed:
                return self._send(HTTPStatus.NOT_FOUND, page("Not found", "<p>No such page.</p>"))
            why = self._cross_site()
            if why:
                return self._error(HTTPStatus.FORBIDDEN, why)
            body = self._read_body()
            if body is None:
                return None
            try:
                fields, files = parse_form(self.headers.get("Content-Type", ""), body)
                if not hmac.compare_digest(fields.get("csrf", "").encode(), app.token.encode()):
                    raise UploadError(
                        HTTPStatus.FORBIDDEN, "the form's token is missing or stale: reload the page and send it again"
                    )
                if doomed:
                    app.store.delete(doomed.group(1))
                    analysis_id = ""
                else:
                    analysis_id = app.start(fields, files)
            except UploadError as exc:
                return self._error(exc.status, str(exc))
            self.send_response(HTTPStatus.SEE_OTHER)
            self.send_header("Location", f"/jobs/{analysis_id}" if analysis_id else "/")
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


class BoundedHTTPServer(HTTPServer):
    """An HTTP server with at most ``max_connections`` connection threads, and a deadline per request.

    ``ThreadingHTTPServer`` starts a thread per connection, so 1,000 half-open connections hold 1,000
    threads. Here a connection beyond the limit gets an immediate 503 and is closed, without a thread.
    The ones inside it are closed after ``idle_timeout`` seconds of silence (the socket timeout), and
    after ``header_timeout`` seconds in all if their headers are still not complete: a client dripping a
    byte every few seconds never trips the idle timeout, so one reaper thread shuts down the sockets of
    requests past their deadline. A request whose headers arrived gets ``BODY_DEADLINE`` more.
    """

    daemon_threads = True
    request_queue_size = 128  # the listen backlog: a burst of connections is accepted (or told 503), not dropped
    app: App | None = None

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        max_connections: int,
        header_timeout: float = HEADER_TIMEOUT,
    ) -> None:
        super().__init__(address, handler)
        self.max_connections = max_connections
        self.header_timeout = header_timeout
        self._slots = threading.BoundedSemaphore(max_connections)
        self._deadlines: dict[socket.socket, float] = {}
        self._deadline_lock = threading.Lock()
        self._closing = threading.Event()
        threading.Thread(target=self._reap, name="request-deadlines", daemon=True).start()

    def process_request(self, request: socket.socket, client_address: tuple[str, int]) -> None:  # type: ignore[override]
        if not self._slots.acquire(blocking=False):
            try:
                request.settimeout(1.0)
                request.sendall(
                    b"HTTP/1.0 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Length: 0\r\n"
                    b"Connection: close\r\n\r\n"
                )
            except OSError:
                pass
            self.shutdown_request(request)
            return
        self.extend_deadline(request, self.header_timeout)
        threading.Thread(target=self._serve_one, args=(request, client_address), daemon=True).start()

    def extend_deadline(self, request: socket.socket, seconds: float) -> None:
        """Give the request on ``request`` until ``seconds`` from now."""
        with self._deadline_lock:
            self._deadlines[request] = time.monotonic() + seconds

    def _reap(self) -> None:
        while not self._closing.wait(0.25):
            now = time.monotonic()
            with self._deadline_lock:
                late = [sock for sock, deadline in self._deadlines.items() if deadline < now]
                for sock in late:
                    del self._deadlines[sock]
            for sock in late:
                with contextlib.suppress(OSError):  # already closed by its handler
                    sock.shutdown(socket.SHUT_RDWR)  # wakes the blocked read with end-of-file

    def _serve_one(self, request: socket.socket, client_address: tuple[str, int]) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:  # noqa: BLE001 - as socketserver does: one broken connection never stops the server
            self.handle_error(request, client_address)
        finally:
            with self._deadline_lock:
                self._deadlines.pop(request, None)
            self.shutdown_request(request)
            self._slots.release()

    def server_close(self) -> None:
        self._closing.set()
        super().server_close()
        if self.app is not None:
            self.app.close()


def serve(
    db: str | Path = "corroborator.db",
    host: str = "127.0.0.1",
    port: int = 8000,
    root: str | Path = ".",
    max_upload: int = DEFAULT_MAX_UPLOAD,
    options: AnalyzeOptions | None = None,
    *,
    max_connections: int = MAX_CONNECTIONS,
    max_queue: int = MAX_QUEUE,
    allowed_hosts: tuple[str, ...] = (),
    idle_timeout: float = IDLE_TIMEOUT,
    header_timeout: float = HEADER_TIMEOUT,
) -> BoundedHTTPServer:
    """Build the server (call ``serve_forever()`` on it).

    Args:
        allowed_hosts: names besides localhost and the bound address that browsers may use to reach it
            (``Host`` header), e.g. the machine's name when serving a network.

    Raises:
        StoreError: the database cannot be opened or is not a corroborator database.
    """
    hosts = LOCAL_HOSTS | {host.lower()} | {h.lower() for h in allowed_hosts}
    app = App(Store(db), Path(root), max_upload, options, max_queue, frozenset(hosts))
    server = BoundedHTTPServer((host, port), make_handler(app, idle_timeout), max_connections, header_timeout)
    server.app = app
    return server


__all__ = [
    "App",
    "BoundedHTTPServer",
    "StoreError",
    "UploadError",
    "make_handler",
    "parse_form",
    "resolve_folder",
    "serve",
]


_STYLE = """body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f6f6f4;color:#1d1d1f}
header{background:#1f2a38;color:#fff;padding:14px 28px}header a{color:#fff;text-decoration:none}
main{margin:18px 28px;background:#fff;padding:16px 22px;border-radius:8px;box-shadow:0 1px 3px #0002}
textarea{width:100%;height:160px;box-sizing:border-box}label{display:block;margin:10px 0 4px;font-weight:600}
input[type=text],input:not([type]){max-width:100%;box-sizing:border-box}
.error{color:#a00}progress{width:60%;height:18px}.scroll{overflow-x:auto}
table.runs{border-collapse:collapse;width:100%;font-size:14px}.runs th{text-align:left;background:#eef1f6;padding:4px 8px;
cursor:pointer;white-space:nowrap}.runs th:focus{outline:2px solid #1f2a38}.runs td{border-top:1px solid #eee;padding:4px 8px;
vertical-align:top}.runs th[aria-sort=ascending]::after{content:" \\25B2"}.runs th[aria-sort=descending]::after{content:" \\25BC"}
.runs th[aria-sort=none]::after{content:" \\21C5";color:#999}.runs form{margin:0}.runs .del{font-size:12px;padding:2px 8px}
button{font-size:15px;padding:6px 16px}.small{color:#666;font-size:13px}
@media (max-width:700px){main{margin:8px 4px;padding:10px 12px}header{padding:10px 12px}
table.runs thead{display:none}table.runs tr{display:block;border-top:1px solid #ddd;padding:6px 0}
table.runs td{display:inline-block;border:0;padding:0 8px 0 0}table.runs td.o{display:block}
table.runs td[data-label]::after{content:" " attr(data-label);color:#666;font-size:12px}}"""


def page(title: str, body: str, script: str = "") -> str:
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'\">"
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body><header>"
        "<a href='/'><b>corroborator</b></a> "
        f"&middot; {escape(title)}</header><main>{body}</main>{script}</body></html>"
    )


# Times are stored in UTC; the browser shows them in the reader's local time (the UTC text stays as a fallback).
# Headers sort by click, Enter or Space, and say their direction (aria-sort).
_LIST_SCRIPT = """<script>(function(){
document.querySelectorAll('time[datetime]').forEach(function(t){var d=new Date(t.getAttribute('datetime'));
if(!isNaN(d))t.textContent=d.toLocaleString();});
document.querySelectorAll('table.runs th[data-col]').forEach(function(th){
function sort(){var table=th.closest('table'),col=+th.dataset.col,body=table.tBodies[0];
var asc=th.getAttribute('aria-sort')!=='ascending';
table.querySelectorAll('th[data-col]').forEach(function(h){h.setAttribute('aria-sort','none');});
th.setAttribute('aria-sort',asc?'ascending':'descending');
var rows=Array.prototype.slice.call(body.rows);rows.sort(function(a,b){var x=a.cells[col].dataset.sort,y=b.cells[col].dataset.sort;
if(th.dataset.num){x=+x;y=+y;}return (x>y?1:x<y?-1:0)*(asc?1:-1);});rows.forEach(function(r){body.appendChild(r);});}
th.addEventListener('click',sort);th.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();sort();}});});
document.querySelectorAll('form.delete').forEach(function(f){f.addEventListener('submit',function(e){
if(!confirm('Delete this analysis and its report?'))e.preventDefault();});});})();</script>"""


def _count_label(n: int | None, noun: str) -> str:
    """The noun a phone shows after a count (the header row is hidden there), in agreement with it; none for a
    run without a report (failed or running), whose cell is empty."""
    return "" if n is None else f" data-label='{plural(n, noun).split(' ', 1)[1]}'"


def index_page(app: App) -> str:
    rows = []
    for r in app.store.list():
        s = r.get("summary") or {}
        outlets = ", ".join(s.get("outlets", [])) + (f" and {s['more_outlets']} more" if s.get("more_outlets") else "")
        if s.get("unnamed"):  # articles known only by their file names
            outlets += ("; " if outlets else "") + f"{plural(s['unnamed'], 'article')} with no outlet named"
        status = r["status"] + (f": {r['error']}" if r["error"] else "")
        rows.append(
            f"<tr><td data-sort='{escape(r['created'])}'><time datetime='{escape(r['created'])}'>"
            f"{escape(r['created'])}</time></td>"
            f"<td data-sort='{escape(r['label'])}'><a href='/reports/{escape(r['id'])}'>{escape(r['label'])}</a></td>"
            f"<td data-sort='{escape(outlets)}' class='o'>{escape(outlets)}</td>"
            f"<td data-sort='{s.get('articles', 0)}'{_count_label(s.get('articles'), 'article')}>"
            f"{s.get('articles', '')}</td>"
            f"<td data-sort='{s.get('findings', 0)}'{_count_label(s.get('findings'), 'finding')}>"
            f"{s.get('findings', '')}</td>"
            f"<td data-sort='{escape(r['status'])}' class='{'error' if r['status'] == 'failed' else ''}'>"
            f"{escape(status)}</td>"
            f"<td><form class='delete' method='post' action='/delete/{escape(r['id'])}'>"
            f"<input type='hidden' name='csrf' value='{escape(app.token)}'>"
            f"<button class='del' type='submit' aria-label='delete {escape(r['label'])}'>delete</button></form></td></tr>"
        )
    form = (
        "<h2>Analyse articles</h2><form method='post' action='/analyze' enctype='multipart/form-data'>"
        "<label for='files'>Upload files (.txt, .md, .html, .jsonl, .json, .csv, .warc)</label>"
        "<input id='files' type='file' name='files' multiple>"
        "<label for='text'>or paste an article</label><textarea id='text' name='text'></textarea>"
        f"<label for='folder'>or a folder inside {escape(str(app.root))}</label>"
        "<input id='folder' name='folder' size='60'>"
        "<label for='label'>Name (optional)</label><input id='label' name='label' size='40'>"
        f"<input type='hidden' name='csrf' value='{escape(app.token)}'>"
        "<p><button type='submit' id='go'>Analyse</button></p></form>"
    )
    heads = [("started", ""), ("name", ""), ("outlets", ""), ("articles", "1"), ("findings", "1"), ("status", "")]
    header = "".join(
        f"<th data-col='{k}'{' data-num=1' if num else ''} tabindex='0' aria-sort='none'>{name}</th>"
        for k, (name, num) in enumerate(heads)
    )
    past = "<h2>Earlier analyses</h2>" + (
        f"<div class='scroll'><table class='runs'><thead><tr>{header}<th>delete</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        if rows
        else "<p>None yet.</p>"
    )
    return page("Analyse", form + past, _LIST_SCRIPT)


def job_page(record: dict) -> str:
    body = (
        f"<h2>{escape(record['label'])}</h2><p id='status'>{escape(record['status'])}</p>"
        "<progress id='bar' max='1' value='0'></progress><p id='error' class='error'></p>"
        "<p class='small'><a href='/'>&larr; all analyses</a></p>"
    )
    # location.replace: the progress page leaves the history, so Back from the report goes to the list.
    script = (
        "<script>(function(){var id=" + json.dumps(record["id"]) + ";function tick(){fetch('/api/jobs/'+id)"
        ".then(function(r){return r.json();}).then(function(j){"
        "document.getElementById('status').textContent=j.status+(j.stage?' ('+j.stage+' '+j.done+'/'+j.total+')':'');"
        "var bar=document.getElementById('bar');bar.max=j.total||1;bar.value=j.done||0;"
        "if(j.status==='done'){location.replace('/reports/'+id);return;}"
        "if(j.status==='failed'){document.getElementById('status').textContent='failed';"
        "document.getElementById('error').textContent=j.error;return;}"
        "setTimeout(tick,400);});}tick();})();</script>"
    )
    return page("Analysis", body, script)
