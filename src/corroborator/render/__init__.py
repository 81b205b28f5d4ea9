"""Report renderers: self-contained HTML (also served by the web UI) and Markdown."""

from corroborator.render.html import render_html
from corroborator.render.markdown import render_markdown

__all__ = ["render_html", "render_markdown"]
