"""outgoing webhooks (outbox, endpoints, messages, deliveries, attempts) and overlay credentials

Revision ID: 0011
Revises: 0008
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out rather than imported: a migration must not change when the code does.
Int64 = sa.BigInteger().with_variant(sa.INTEGER(), "sqlite")
OPEN = "state IN ('pending', 'paused')"
PENDING = "state = 'pending'"


def upgrade() -> None:
    _endpoints()
    _outbox()
    _messages_and_deliveries()
    _attempts()
    _overlay_credentials()


def _endpoints() -> None:
    op.create_table(
        "webhook_endpoints",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("event_types", sa.JSON(), nullable=False),
        sa.Column("secret", sa.String(length=100), nullable=False),
        sa.Column("previous_secret", sa.String(length=100), nullable=True),
        sa.Column("previous_expires_at_ms", Int64, nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("disabled_reason", sa.String(length=300), nullable=True),
        sa.Column("disabled_at_ms", Int64, nullable=True),
        sa.Column("consecutive_failures", Int64, nullable=False),
        sa.Column("failing_since_ms", Int64, nullable=True),
        sa.Column("last_success_at_ms", Int64, nullable=True),
        sa.Column("created_at_ms", Int64, nullable=False),
        sa.Column("updated_at_ms", Int64, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_endpoints")),
    )


def _outbox() -> None:
    op.create_table(
        "webhook_outbox",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("events", sa.Text(), nullable=False),
        sa.Column("event_count", Int64, nullable=False),
        sa.Column("created_at_ms", Int64, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_outbox")),
    )
    dispatch = op.create_table(
        "webhook_dispatch",
        sa.Column("id", Int64, autoincrement=False, nullable=False),
        sa.Column("next_seq", Int64, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_dispatch")),
    )
    op.bulk_insert(dispatch, [{"id": 1, "next_seq": 1}])


def _messages_and_deliveries() -> None:
    op.create_table(
        "webhook_messages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("event_count", Int64, nullable=False),
        sa.Column("created_at_ms", Int64, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_messages")),
    )
    op.create_index("ix_webhook_messages_created", "webhook_messages", ["created_at_ms"])
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("endpoint_id", sa.Uuid(), nullable=False),
        sa.Column("message_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("seq", Int64, nullable=False),
        sa.Column("ordering_key", sa.String(length=200), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("attempts", Int64, nullable=False),
        sa.Column("due_at_ms", Int64, nullable=False),
        sa.Column("lease_id", sa.Uuid(), nullable=True),
        sa.Column("last_status", Int64, nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("last_attempt_at_ms", Int64, nullable=True),
        sa.Column("finished_at_ms", Int64, nullable=True),
        sa.Column("created_at_ms", Int64, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
        sa.UniqueConstraint("endpoint_id", "message_id",
                            name="uq_webhook_deliveries_endpoint_message"),
    )
    op.create_index("ix_webhook_deliveries_due", "webhook_deliveries", ["due_at_ms"],
                    sqlite_where=sa.text(PENDING), postgresql_where=sa.text(PENDING))
    op.create_index("ix_webhook_deliveries_order", "webhook_deliveries",
                    ["endpoint_id", "ordering_key", "seq"],
                    sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
    op.create_index("ix_webhook_deliveries_endpoint", "webhook_deliveries",
                    ["endpoint_id", "seq"])
    op.create_index("ix_webhook_deliveries_message", "webhook_deliveries", ["message_id"])
    op.create_index("ix_webhook_deliveries_finished", "webhook_deliveries", ["finished_at_ms"])


def _attempts() -> None:
    op.create_table(
        "webhook_attempts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("delivery_id", sa.Uuid(), nullable=False),
        sa.Column("endpoint_id", sa.Uuid(), nullable=False),
        sa.Column("attempt", Int64, nullable=False),
        sa.Column("at_ms", Int64, nullable=False),
        sa.Column("status_code", Int64, nullable=True),
        sa.Column("error", sa.String(length=300), nullable=True),
        sa.Column("latency_ms", Int64, nullable=False),
        sa.Column("response_snippet", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_attempts")),
    )
    op.create_index("ix_webhook_attempts_delivery", "webhook_attempts",
                    ["delivery_id", "attempt"])
    op.create_index("ix_webhook_attempts_endpoint", "webhook_attempts", ["endpoint_id", "at_ms"])


def _overlay_credentials() -> None:
    op.create_table(
        "overlay_credentials",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("creator_id", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at_ms", Int64, nullable=False),
        sa.Column("last_used_at_ms", Int64, nullable=True),
        sa.Column("revoked_at_ms", Int64, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_overlay_credentials")),
        sa.UniqueConstraint("prefix", name=op.f("uq_overlay_credentials_prefix")),
    )
    op.create_index("ix_overlay_credentials_creator", "overlay_credentials",
                    ["creator_id", "created_at_ms"])


def downgrade() -> None:
    op.drop_table("overlay_credentials")
    op.drop_table("webhook_attempts")
    op.drop_table("webhook_deliveries")
    op.drop_table("webhook_messages")
    op.drop_table("webhook_dispatch")
    op.drop_table("webhook_outbox")
    op.drop_table("webhook_endpoints")
