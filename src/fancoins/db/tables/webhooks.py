"""Outgoing webhooks: the outbox, the operator's endpoints, messages, deliveries and attempts.

`fancoins.webhooks` writes them. The outbox row is written in the transaction of the change it
reports (one row per committed unit of work, its events packed); the dispatcher turns outbox
rows into messages and one delivery per message and endpoint; the delivery worker records
every attempt.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Index, String, Table, Text, UniqueConstraint, Uuid

from fancoins.db.tables.base import Int64, metadata

webhook_endpoints = Table(
    "webhook_endpoints",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("url", String(2000), nullable=False),
    Column("description", String(200), nullable=False),
    Column("event_types", JSON, nullable=False),  # the event types it subscribed to
    # HMAC signing needs the secret itself (a hash could not sign): stored as the operator
    # was shown it, like the provider secrets in the settings.
    Column("secret", String(100), nullable=False),
    # During a rotation the previous secret signs too (two signatures), until it expires.
    Column("previous_secret", String(100), nullable=True),
    Column("previous_expires_at_ms", Int64, nullable=True),
    Column("enabled", Boolean, nullable=False),
    Column("disabled_reason", String(300), nullable=True),
    Column("disabled_at_ms", Int64, nullable=True),
    # The current run of failed attempts (reset by a success): what disables an endpoint.
    Column("consecutive_failures", Int64, nullable=False),
    Column("failing_since_ms", Int64, nullable=True),
    Column("last_success_at_ms", Int64, nullable=True),
    Column("created_at_ms", Int64, nullable=False),
    Column("updated_at_ms", Int64, nullable=False),
)

# One row per committed unit of work that emitted events: its events as a JSON array. The id
# is time-ordered, so the dispatcher takes rows in the order they were written.
webhook_outbox = Table(
    "webhook_outbox",
    metadata,
    Column("id", Uuid, primary_key=True),
    # Compressed with lz4 on PostgreSQL where the server has it (set by a migration: a gift
    # batch's row is hundreds of KB, and the default pglz cost twice the server's CPU).
    Column("events", Text, nullable=False),
    Column("event_count", Int64, nullable=False),
    Column("created_at_ms", Int64, nullable=False),
)

# One row (id 1). Dispatchers lock it, so one dispatches at a time across processes and the
# sequence it hands out follows the order rows were dispatched in.
webhook_dispatch = Table(
    "webhook_dispatch",
    metadata,
    Column("id", Int64, primary_key=True, autoincrement=False),
    Column("next_seq", Int64, nullable=False),
)

webhook_messages = Table(
    "webhook_messages",
    metadata,
    Column("id", Uuid, primary_key=True),  # the `webhook-id` header: the same on every retry
    Column("type", String(64), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("body", Text, nullable=False),  # exactly the bytes that are signed and sent
    Column("event_count", Int64, nullable=False),
    Column("created_at_ms", Int64, nullable=False),
)
Index("ix_webhook_messages_created", webhook_messages.c.created_at_ms)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("endpoint_id", Uuid, nullable=False),
    Column("message_id", Uuid, nullable=False),
    Column("type", String(64), nullable=False),
    Column("seq", Int64, nullable=False),  # dispatch order
    # Deliveries of one endpoint with the same key go out one at a time, in `seq` order
    # (null: no order is kept, e.g. single gifts).
    Column("ordering_key", String(200), nullable=True),
    Column("state", String(12), nullable=False),  # pending | paused | delivered | dead
    Column("attempts", Int64, nullable=False),
    # When it may be tried next; while an attempt is in flight, when its lease ends.
    Column("due_at_ms", Int64, nullable=False),
    Column("lease_id", Uuid, nullable=True),
    Column("last_status", Int64, nullable=True),
    Column("last_error", String(300), nullable=True),
    Column("last_attempt_at_ms", Int64, nullable=True),
    Column("finished_at_ms", Int64, nullable=True),
    Column("created_at_ms", Int64, nullable=False),
    UniqueConstraint("endpoint_id", "message_id", name="uq_webhook_deliveries_endpoint_message"),
)
# What is due: pending deliveries by due time.
Index("ix_webhook_deliveries_due", webhook_deliveries.c.due_at_ms,
      sqlite_where=webhook_deliveries.c.state == "pending",
      postgresql_where=webhook_deliveries.c.state == "pending")
# Is an earlier delivery of the same endpoint and key still open?
Index("ix_webhook_deliveries_order", webhook_deliveries.c.endpoint_id,
      webhook_deliveries.c.ordering_key, webhook_deliveries.c.seq,
      sqlite_where=webhook_deliveries.c.state.in_(("pending", "paused")),
      postgresql_where=webhook_deliveries.c.state.in_(("pending", "paused")))
# An endpoint's delivery log, newest first; and its held deliveries.
Index("ix_webhook_deliveries_endpoint", webhook_deliveries.c.endpoint_id,
      webhook_deliveries.c.seq)
Index("ix_webhook_deliveries_message", webhook_deliveries.c.message_id)
Index("ix_webhook_deliveries_finished", webhook_deliveries.c.finished_at_ms)

webhook_attempts = Table(
    "webhook_attempts",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("delivery_id", Uuid, nullable=False),
    Column("endpoint_id", Uuid, nullable=False),
    Column("attempt", Int64, nullable=False),
    Column("at_ms", Int64, nullable=False),
    Column("status_code", Int64, nullable=True),  # null: no answer (refused, timed out)
    Column("error", String(300), nullable=True),
    Column("latency_ms", Int64, nullable=False),
    Column("response_snippet", String(500), nullable=True),
)
Index("ix_webhook_attempts_delivery", webhook_attempts.c.delivery_id, webhook_attempts.c.attempt)
Index("ix_webhook_attempts_endpoint", webhook_attempts.c.endpoint_id, webhook_attempts.c.at_ms)

__all__ = ["webhook_attempts", "webhook_deliveries", "webhook_dispatch", "webhook_endpoints",
           "webhook_messages", "webhook_outbox"]
