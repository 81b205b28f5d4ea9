"""The web UI (``corroborator serve``)."""

from corroborator.web.app import serve

__all__ = ["serve"]
