"""Log lines go to the standard error of the moment, not the one logging was set up with."""

from __future__ import annotations

import io
import sys

import pytest
import structlog

from fancoins.observability import configure_logging


def test_a_closed_earlier_stderr_does_not_break_logging(monkeypatch: pytest.MonkeyPatch) -> None:
    first = io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    configure_logging(json_logs=True)
    structlog.get_logger("t").info("first_line")
    assert "first_line" in first.getvalue()
    first.close()  # as a test runner closes what it captured from a CLI run
    second = io.StringIO()
    monkeypatch.setattr(sys, "stderr", second)
    structlog.get_logger("t").info("second_line")
    assert "second_line" in second.getvalue()
