"""No secrets or personal data in logs: sensitive fields and email addresses are redacted, and
database errors never carry their statement's parameters."""

from __future__ import annotations

from fancoins.db.engine import create_engine
from fancoins.observability import redact


def test_sensitive_fields_and_emails_are_redacted() -> None:
    event = redact(None, "error", {
        "event": "payout_failed", "paypal_email": "maya@example.com", "api_key": "fck_x",
        "error": "IntegrityError: value ('maya@example.com', 5) violates", "count": 3})
    assert event["paypal_email"] == "[redacted]" and event["api_key"] == "[redacted]"
    assert "maya@example.com" not in event["error"] and "[email]" in event["error"]
    assert event["count"] == 3


def test_engines_hide_statement_parameters(database_url: str) -> None:
    engine = create_engine(database_url)
    assert engine.sync_engine.hide_parameters
