"""Errors, grouped by whose fault they are.

    CorroboratorError            base of everything this package raises on purpose
    ├── UsageError               a bad option or argument: the message lists the valid values
    └── InputError               one input could not be read: the message names the file (and line)

A bad *article* never raises out of a batch: the ingest stage turns an
``InputError`` into a ``Skipped`` record with the same message, the run goes on,
and the report lists it under ``skipped``. Only ``--strict`` (or a batch where
nothing could be read) makes the CLI exit non-zero.
"""

from __future__ import annotations


class CorroboratorError(Exception):
    """Base class for errors raised on purpose by corroborator."""


class UsageError(CorroboratorError, ValueError):
    """An option or argument is invalid; the message says what is allowed."""


class InputError(CorroboratorError):
    """An input cannot be read. ``source`` names the file (and line or record)."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
