"""The web UI's case pages: the list, a case's brief, "new since your last visit" (a cookie), the report."""

from __future__ import annotations

import http.client
import threading

from corroborator.cases import CaseStore
from corroborator.options import AnalyzeOptions
from corroborator.web import serve
from tests.localweb import LocalWeb, news_site


def _get(port: int, path: str, cookie: str | None = None) -> tuple[int, dict[str, str], str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": f"127.0.0.1:{port}"}
    if cookie:
        headers["Cookie"] = cookie
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read().decode("utf-8")
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def test_case_pages(tmp_path):
    db = tmp_path / "ui.db"
    with LocalWeb() as web:
        news_site(web, 4)
        with CaseStore(db) as store:
            store.create("floods")
            store.add("floods", feeds=[web.url("/feed.xml")])
        root = tmp_path / "root"
        root.mkdir()
        httpd = serve(db=db, port=0, root=root, options=AnalyzeOptions())
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        port = httpd.server_address[1]
        try:
            status, _h, body = _get(port, "/cases")
            assert status == 200
            assert "floods" in body and web.url("/feed.xml") in body and "<td>4</td>" in body

            status, headers, body = _get(port, "/cases/floods")
            assert status == 200 and "first visit" in body and "4 articles from 4 outlets" in body
            cookie = headers["set-cookie"].split(";")[0]
            assert cookie.endswith("=1")  # the run this visit saw

            status, _h, body = _get(port, "/cases/floods", cookie)
            assert "Nothing new" in body

            news_site(web, 6)
            with CaseStore(db) as store:
                store.poll("floods")
            status, _h, body = _get(port, "/cases/floods", cookie)
            assert "New since your last visit (1 updates)" in body
            assert body.count("new article:") == 2

            status, _h, body = _get(port, "/cases/floods/report")
            assert status == 200 and "Marlow Bay" in body
            assert _get(port, "/cases/nope")[0] == 404
            assert _get(port, "/cases/../etc")[0] == 404
        finally:
            httpd.shutdown()
            httpd.server_close()
