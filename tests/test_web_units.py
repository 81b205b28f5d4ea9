"""The web app's parts without a server or a browser: form parsing, folder resolution, the store."""

from __future__ import annotations

import json
from http import HTTPStatus

import pytest

from corroborator.web.app import UploadError, parse_form, resolve_folder
from corroborator.web.store import Store


def test_multipart_form_gives_its_fields_and_files():
    boundary = "XyZ42"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="label"\r\n\r\nharbour story\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n'
        "Content-Type: text/plain\r\n\r\nThe ferry lost power off Carrow Point.\r\n"
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="empty.txt"\r\n\r\n\r\n'
        f"--{boundary}--\r\n"
    ).encode()
    fields, files = parse_form(f"multipart/form-data; boundary={boundary}", body)
    assert fields == {"label": "harbour story"}
    assert files == [("a.txt", b"The ferry lost power off Carrow Point.")]  # the empty file is dropped


def test_urlencoded_form_and_unknown_types():
    fields, files = parse_form("application/x-www-form-urlencoded", b"text=Tugs+towed+the+ferry&label=x")
    assert fields == {"text": "Tugs towed the ferry", "label": "x"} and files == []
    with pytest.raises(UploadError) as caught:
        parse_form("application/json", b"{}")
    assert caught.value.status == HTTPStatus.UNSUPPORTED_MEDIA_TYPE


def test_folders_resolve_inside_root_only(tmp_path):
    root = tmp_path / "root"
    (root / "articles" / "week1").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    assert resolve_folder("articles/week1", root) == (root / "articles" / "week1").resolve()
    assert resolve_folder(str(root / "articles"), root) == (root / "articles").resolve()
    for outside in ("../elsewhere", str(tmp_path / "elsewhere"), "articles/../../elsewhere"):
        with pytest.raises(UploadError, match="outside the folder"):
            resolve_folder(outside, root)
    (root / "note.txt").write_text("not a folder")
    with pytest.raises(UploadError, match="not a folder"):
        resolve_folder("note.txt", root)


def test_store_keeps_an_analysis_through_its_states(tmp_path):
    path = tmp_path / "ui.db"
    store = Store(path)
    first = store.create("first batch")
    store.progress(first, "segment", 2, 5)
    assert store.get(first)["status"] == "running"
    store.finish(first, {"schema": "corroborator/report-v1", "articles": []})
    second = store.create("second batch")
    store.fail(second, "nothing readable")
    again = Store(path)  # a restart reads what was kept
    done = again.get(first)
    assert done["status"] == "done" and json.loads(done["report"])["schema"] == "corroborator/report-v1"
    assert again.get(second)["status"] == "failed" and again.get(second)["error"] == "nothing readable"
    assert {row["id"] for row in again.list()} == {first, second}
    assert again.get("no-such-id") is None


def test_the_list_shows_outlets_not_file_names_or_repeat_marks(demo_report, seed_report):
    from corroborator.web.store import report_summary

    # The demo's two Northern Wire articles are labelled "Northern Wire" and "Northern Wire #2": one outlet.
    demo = report_summary(demo_report.to_dict())
    assert "Northern Wire" in demo["outlets"] and not any("#" in o for o in demo["outlets"])
    assert demo["unnamed"] == 0 and len(demo["outlets"]) == len(set(demo["outlets"]))
    # Four seed articles name no outlet: they are counted, not listed as outlets by their file names.
    seeds = report_summary(seed_report.to_dict())
    assert seeds["outlets"] == ["Newsweek"] and seeds["unnamed"] == 4
