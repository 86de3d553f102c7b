"""The one typed settings object. Every knob is here, named with its unit and its reason."""

from __future__ import annotations

import enum
import ipaddress
import os
import sys
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any, Final

import structlog
from limits import parse_many
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)
from standardwebhooks.webhooks import Webhook

from fancoins.economy.rules import EconomyConfig, EconomyConfigError
from fancoins.economy_file import load_economy
from fancoins.ledger.chart import SLOTS_MAX

# Values shipped in examples and defaults; a real deployment must replace every one of them.
DEV_JWT_SECRET = "development-only-secret-not-for-production"
PLACEHOLDER_SECRETS = frozenset(
    {"", "changethis", "change-me", "changeme", "secret", DEV_JWT_SECRET}
)


log = structlog.get_logger("fancoins.config")


class Mode(enum.StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"
    TEST = "test"


class BreakagePolicy(enum.StrEnum):
    """When unspent coins stop being a liability and become revenue ("breakage")."""

    # Never: coins do not expire, so every unspent coin stays deferred revenue until spent.
    NONE = "none"


class ConfigError(Exception):
    """A setting is wrong. Its message is one line naming the key and the problem."""


class _Group(BaseModel):
    """One concern's settings: read as `settings.<group>.<name>`, set as
    FANCOINS_<GROUP>__<NAME> (or the keyword `<group>__<name>=`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class DatabaseSettings(_Group):
    """The database pool and every wait on the database."""

    # The database pool: a bounded number of connections per process.
    pool_size: int = Field(default=10, ge=1, le=200)
    # Every wait on the database: connecting, a pool checkout, each statement (PostgreSQL's
    # statement_timeout, and the driver's own for a server that stops answering), SQLite's
    # wait for the write lock. Past it a request answers 503 database-unavailable.
    timeout_s: float = Field(default=10.0, gt=0, le=120)
    # `fancoins verify` reads every transfer (a million take a few seconds): it runs outside
    # the request path, so it gets its own, longer bound.
    verify_timeout_s: float = Field(default=600.0, gt=0, le=86_400)


class JobSettings(_Group):
    """Background jobs in each API process: whether they run, and their bounds."""

    # Background jobs in each API process (all safe to run in several processes at once); a
    # deployment that runs `fancoins payouts submit` / `promotions settle` from a scheduler
    # instead may switch them off.
    enabled: bool = True
    # Pending transfers past their timeout are voided this often (seconds); posting one that
    # has timed out is refused at once regardless, so this only bounds how long it stays held.
    pending_expiry_interval_s: float = Field(default=5.0, gt=0, le=3600)
    # One run of a background job that takes longer is cancelled (and logged) so that the
    # next run still comes: a run stuck on a lock never granted or a provider that never
    # answers would otherwise stop the job for good. A payout batch, the longest, takes seconds.
    timeout_s: float = Field(default=120.0, gt=0, le=3600)


class JwtSettings(_Group):
    """End-user tokens: HS256 with a shared secret, or RS256 keys from the host's JWKS."""

    # The HS256 secret shared with the host: 32+ characters, a real one, in production mode.
    secret: SecretStr = SecretStr(DEV_JWT_SECRET)
    # The host's JWKS, where RS256 keys come from (required when algorithms include RS256).
    jwks_url: str | None = None
    # The algorithms a token may use: ["HS256"], ["RS256"] or both.
    algorithms: tuple[str, ...] = ("HS256",)
    # When set, a token must name this issuer (iss) and this audience (aud).
    issuer: str | None = None
    audience: str | None = None
    leeway_s: int = Field(default=30, ge=0, le=300)  # clock skew between host and engine


class ApiKeySettings(_Group):
    """API keys of host backends: rotation and last-use bookkeeping."""

    # A rotated API key's old secret keeps working this long, so the host can roll the new
    # secret out to every backend process without a moment of refused requests.
    rotation_overlap_s: int = Field(default=86_400, ge=0, le=30 * 86_400)
    # An API key's last use is written at most this often per key and process: a write per
    # request would cost more than the request (listings are exact to within this).
    last_used_interval_s: int = Field(default=60, ge=1, le=3600)


class HttpSettings(_Group):
    """Every request: pages, bodies and idempotency keys bounded; who the client is."""

    # Pagination: a page is always bounded so no request can scan a whole table.
    page_size_default: int = Field(default=50, ge=1, le=1000)
    page_size_max: int = Field(default=500, ge=1, le=10_000)
    # Idempotency keys are client-chosen strings; bounded so they stay an index key.
    idempotency_key_max_chars: int = Field(default=200, ge=16, le=1000)
    # Every request body is bounded before it is parsed or even authenticated: the API's
    # largest legitimate bodies (a price list, a batch of gifts) are a few hundred KiB.
    request_body_max_bytes: int = Field(default=1024 * 1024, ge=4096, le=64 * 1024 * 1024)
    # Provider notifications are small; a bigger body is refused before it is parsed.
    webhook_body_max_bytes: int = Field(default=256 * 1024, ge=1024, le=4 * 1024 * 1024)
    # A statement CSV export holds at most this many lines; the rest is one cursor away.
    statement_csv_rows_max: int = Field(default=10_000, ge=1, le=100_000)
    # Addresses (IPs or networks) of the proxies in front of the API: only their
    # X-Forwarded-For is believed when telling who the client is. Empty: the peer is it.
    trusted_proxies: tuple[str, ...] = ()

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"{item!r} is not an IP address or network") from None
        return value


class GiftSettings(_Group):
    """The gift writer (one micro-batching writer per database per process) and gift artwork."""

    # Most gifts in one transaction. Bigger batches amortise the commit (fsync) and the round
    # trips but hold the row locks longer and raise p99: the measured baselines show
    # ~20k/s at 300 per batch with p99 21 ms and only ~25k/s at 1,000 with p99 71 ms.
    batch_size_max: int = Field(default=1000, ge=1, le=10_000)
    # How long the writer lingers for more gifts when fewer than a full batch are waiting.
    # Under load the previous flush already gathers the next batch, so this only adds latency
    # at low rates: keep it a few ms at most.
    batch_wait_ms: float = Field(default=1.0, ge=0, le=100)
    # Gifts waiting for the writer. Bounded so a storm cannot exhaust memory; past it a send
    # answers 503 with Retry-After (nothing queued is lost). ~1 s of the target rate.
    queue_max: int = Field(default=50_000, ge=1, le=1_000_000)
    retry_after_s: int = Field(default=1, ge=1, le=60)  # Retry-After on a full queue
    # A sender waits at most this for its batch to commit; past it the answer is 503 and a
    # retry with the same idempotency key returns what was committed.
    commit_timeout_s: float = Field(default=10.0, gt=0, le=120)
    # Gifts in one `POST /v1/gifts/batch` (a host backend relaying its viewers' gifts): enough
    # to spare a request per gift at storm rates, few enough that one answer stays small and
    # one request cannot take a large share of the writer's queue.
    batch_items_max: int = Field(default=100, ge=1, le=1000)
    # Sub-accounts a gift batch credits a creator's diamonds into (and the platform's
    # coins-spent and diamonds-issued): concurrent writers take different chain lanes, and
    # lane mod this picks the slot, so up to this many API processes never queue on one row.
    # 1 (the default) writes the accounts themselves: one process has one writer, which never
    # waits on itself, and its rows stay exactly as they were. Set it to at least the number
    # of API processes sharing one database.
    account_slots: int = Field(default=1, ge=1, le=SLOTS_MAX)
    # Decide the next batch on a second, read-only connection while the one before commits,
    # and keep those decisions if the locked wallets match. Off by default: measured on a
    # 2-core machine it cost CPU the writer's one thread needed (PostgreSQL: 7,188-7,263 vs
    # 8,169-8,520 gifts/s without; SQLite: 7,038 vs 7,681, `fancoins bench gifts`). It may pay
    # where the database runs on other cores, or another machine, than the API process.
    decide_ahead: bool = False
    # Gift images operators upload: raster only (PNG, WebP, GIF, JPEG; an SVG can carry
    # script), bounded in size since every viewer downloads them.
    image_bytes_max: int = Field(default=256 * 1024, ge=1024, le=8 * 1024 * 1024)
    # The bundled gift artwork (/app/gifts/) changes only with a release: cached this long.
    artwork_max_age_s: int = Field(default=7 * 86_400, ge=0, le=365 * 86_400)


class LiveSettings(_Group):
    """LIVE real time: events to viewers, combos, boards, presence, each stream's event log."""

    # (The combo window is the economy's `gifting.combo_window_s`, one source for the rule.)
    # One frame per stream per tick per process: a viewer gets at most 1000/tick frames a
    # second whatever the gift rate; shorter ticks cut latency but cost CPU per viewer.
    tick_ms: int = Field(default=100, ge=10, le=2000)
    # Gift events shown one by one in a frame (the most valuable first); the rest of the tick
    # is folded into one exact `gift.summary`. A screen shows a few gift banners at a time,
    # and bytes per viewer (times thousands of viewers) are what a storm costs.
    frame_gift_events_max: int = Field(default=10, ge=1, le=1000)
    # Committed gifts waiting for the next tick. Bounded so a stalled tick cannot eat memory;
    # past it events (never gifts, never board totals) are dropped and logged. ~100 s at 1k/s.
    inbox_gifts_max: int = Field(default=100_000, ge=100, le=10_000_000)
    # `leaderboard.updated` at most this often per stream: each is one indexed aggregate query.
    board_interval_ms: int = Field(default=500, ge=50, le=60_000)
    stream_board_size: int = Field(default=10, ge=3, le=100)  # entries on a stream board
    # Creator and global boards are cached this long: each is a GROUP BY over a period's gifts.
    board_cache_s: float = Field(default=2.0, ge=0, le=300)
    board_size_max: int = Field(default=100, ge=1, le=1000)  # ?limit= on board endpoints
    # `viewers.updated` at most this often per stream (joins and leaves are coalesced).
    viewers_interval_ms: int = Field(default=1000, ge=100, le=60_000)
    # Frames a viewer may lag behind before it is dropped with close code 4008 (viewer too
    # slow): 64 frames are ~6 s at the default tick, and bound the memory a viewer holds.
    viewer_queue_frames_max: int = Field(default=64, ge=2, le=10_000)
    # A closed viewer (too slow, stream ended) gets this long to take the close frame and as
    # long again to answer it; then its connection is aborted, freeing the socket at once (a
    # viewer that stopped reading would otherwise hold it until it goes away).
    viewer_close_timeout_s: float = Field(default=5.0, gt=0, le=60)
    # What a viewer may send in one WebSocket message. Viewers listen; they send pings,
    # closes and (soon) small commands such as a gift with a short message. The server
    # refuses more from the frame header, unread, with close code 1009 (its own default,
    # 16 MiB, let eight messages cost +146 MiB of memory).
    ws_message_bytes_max: int = Field(default=8 * 1024, ge=1024, le=1024 * 1024)
    # Gifts one socket may have waiting for their answer (each waits for its batch's commit):
    # a viewer's thumb sends a few a second, and a client that sends faster than its gifts
    # commit is told so (429) instead of growing the server's work without bound.
    ws_gifts_in_flight_max: int = Field(default=16, ge=1, le=1000)
    # Viewers per process: each holds a socket and a queue, so the total is bounded too.
    viewers_per_process_max: int = Field(default=20_000, ge=1, le=1_000_000)
    # Connections of LIVE's own pool for what a joining viewer may need read (is the stream
    # live, its board, its battle and goal): a gift storm's writers and ticks hold the main
    # pool, and a viral LIVE is exactly when people join. Each read is shared by every viewer
    # joining meanwhile, so a few suffice.
    read_pool_size: int = Field(default=2, ge=1, le=50)
    # Lapsed combos ended per sweep, so one sweep's transaction stays short; sweeps run this
    # often, so `combo.ended` comes at most one interval after the window lapses.
    combo_sweep_max: int = Field(default=500, ge=1, le=10_000)
    combo_sweep_interval_ms: int = Field(default=250, ge=10, le=60_000)
    # A gift is judged by its batch's time but reaches the sweep only once its batch has
    # committed (from another process, through Redis too): a combo ends this long after its
    # window lapsed, so a gift sent inside the window and still committing continues it.
    combo_end_grace_ms: int = Field(default=1_000, ge=0, le=60_000)
    # Redis fan-out (with FANCOINS_REDIS_URL): key/channel prefix, how long a crashed
    # process's viewers keep counting, and the bound on every Redis call.
    redis_prefix: str = Field(default="fancoins:live:", min_length=1, max_length=64)
    presence_ttl_s: int = Field(default=15, ge=3, le=600)
    redis_timeout_s: float = Field(default=5.0, gt=0, le=60)
    # Redis reconnects wait 0.1 s, doubling to this bound while it stays unreachable, and
    # start from 0.1 s again after each success (so a blip after a long outage is short).
    redis_backoff_max_s: float = Field(default=5.0, gt=0, le=60)
    # Events a viewer who joins gets first: the stream's last gifts, combos and moments
    # (boards and counts come as a snapshot). A screen's feed shows about a dozen.
    history_events: int = Field(default=20, ge=0, le=500)
    # Frames of each stream kept in memory per process, for history and late joiners.
    history_frames_max: int = Field(default=256, ge=16, le=10_000)
    # A frame ahead of a missing one waits this long for it (frames of other processes come
    # through Redis in any order), then the missing one is read from the log.
    reorder_wait_ms: int = Field(default=200, ge=10, le=10_000)
    # Frames a process delivers within this of each other go to a viewer as one message
    # (events joined, in order). Processes sharing viewers (Redis) tick on the same
    # wall-clock boundaries, so the frames of one tick come close together: a viewer then gets
    # about one message a tick instead of one per process (each message is a system call
    # per viewer: the fan-out's main cost). Adds at most this to the delivery latency.
    coalesce_ms: int = Field(default=20, ge=0, le=500)
    # How often each process compares the log's heads with what its viewers got: a frame
    # Redis lost with nothing after it is found within this.
    log_check_ms: int = Field(default=1000, ge=100, le=60_000)
    # While Redis is unreachable, every stream with viewers here reads the log this often:
    # viewers keep getting every event, this much later.
    degraded_poll_ms: int = Field(default=250, ge=20, le=10_000)
    # The log keeps frames this long (and at least the last few per stream, for history):
    # a viewer who missed more (an outage longer than this) gets a fresh snapshot instead.
    log_retention_s: int = Field(default=900, ge=10, le=86_400)
    log_prune_interval_s: int = Field(default=60, ge=1, le=3600)
    # A stream's end is announced once the log covers every gift committed for it, and no
    # sooner than this after the end committed: a gift batch that read the stream as live
    # just before may still commit (batches take milliseconds; p99 a few hundred under load).
    end_settle_ms: int = Field(default=500, ge=0, le=10_000)
    # ... and no later than this: gifts still not covered then (a process that died with them
    # unpublished) are told as one `gift.summary` rebuilt from the gifts table.
    end_wait_max_s: float = Field(default=15.0, gt=0, le=120)
    # Battles, invitations and goals ended per sweep, so one sweep's transaction stays short.
    contest_sweep_max: int = Field(default=100, ge=1, le=10_000)
    # The garbage collector (`kit/collector.py`): what survives a young pass is frozen this
    # often, so full passes never walk the viewers' long-lived connections again (measured
    # with 2,000 viewers: ~500k objects, full passes of 0.3-2 s during joins and storms).
    # 0: CPython's collector as it ships.
    gc_freeze_interval_s: float = Field(default=1.0, ge=0, le=3600)
    # Frozen objects that became cyclic garbage (viewers that left) are freed by one full
    # pass once this many viewers left since the last, or this long passed: freezing holds
    # back at most what either leaves behind. The pass is a pause: so not after every leave.
    gc_thaw_after_viewers_left: int = Field(default=2000, ge=1, le=10_000_000)
    gc_thaw_interval_s: float = Field(default=600.0, gt=0, le=86_400)  # the time bound


class BattleSettings(_Group):
    """Battles (LIVE matches) between two creators."""

    # A battle (LIVE match) runs this long unless its inviter asks for another length within
    # the bounds: long enough for a few rounds of gifts, short enough to keep viewers.
    duration_s: int = Field(default=300, ge=1, le=86_400)
    duration_min_s: int = Field(default=30, ge=1, le=3600)
    duration_max_s: int = Field(default=1800, ge=1, le=86_400)
    # An invitation not answered in this long expires (the creators are LIVE and waiting).
    invite_ttl_s: int = Field(default=120, ge=10, le=3600)
    # A gift is stamped when its batch begins and commits a few milliseconds later: a battle's
    # result is read from the ledger this long after its end, so every gift stamped before the
    # end has committed (a batch answers within gifts.commit_timeout_s, mostly in ~10 ms).
    settle_grace_ms: int = Field(default=1500, ge=0, le=60_000)
    # Top supporters of each side shown in battle events and results.
    supporters_shown: int = Field(default=3, ge=1, le=20)


class GoalSettings(_Group):
    """A LIVE's goals."""

    # Goals a stream may hold at once (the active one and those queued behind it).
    per_stream_max: int = Field(default=10, ge=1, le=100)
    # A goal's deadline may be at most this far ahead.
    deadline_max_s: int = Field(default=7 * 86_400, ge=60, le=90 * 86_400)


class FanClubSettings(_Group):
    """Fan clubs."""

    # Fan club members watching their creator's LIVE are credited this often (whole minutes).
    watch_interval_s: float = Field(default=60.0, ge=1.0, le=3600)


class ModerationSettings(_Group):
    """The host's moderation hook for gift messages."""

    # The host's moderation hook for gift messages: a POST signed like our webhooks (Standard
    # Webhooks: HMAC-SHA256 with this secret), answered {"allow": bool, "reason": str}. It is
    # called before a gift is queued, so it is bounded by a short timeout.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    timeout_s: float = Field(default=2.0, gt=0, le=30)
    # When the hook cannot be asked (timeout, error, a bad answer): closed refuses the gift
    # (503, nothing charged: a message nobody checked is never shown); open lets the message
    # through, for hosts that prefer gifts never fail on their moderation service.
    fail_open: bool = False
    answer_max_bytes: int = Field(default=16 * 1024, ge=256, le=1024 * 1024)


class OverlaySettings(_Group):
    """Overlay credentials: read-only, one creator's LIVE events, for streaming software."""

    # Live credentials per creator: each is a bearer secret pasted somewhere; a bound keeps
    # a leaked studio session from minting without end.
    credentials_per_creator_max: int = Field(default=20, ge=1, le=1000)
    # A credential's last use is written at most this often per credential and process (an
    # overlay reloads its setup on every scene switch; a write per read would cost more).
    last_used_interval_s: int = Field(default=60, ge=1, le=3600)


class PayoutSettings(_Group):
    """Withdrawals and earnings."""

    # Requested withdrawals reach PayPal within this many seconds (when PayPal is configured).
    submit_interval_s: float = Field(default=30.0, gt=0, le=3600)
    # After this many failed submissions (PayPal unreachable) a withdrawal waits for review.
    submit_attempts_max: int = Field(default=10, ge=1, le=100)
    # One run of the payout task / promotion sweeper touches at most this many rows.
    submit_batch_max: int = Field(default=50, ge=1, le=1000)
    # Days of daily earnings an earnings chart shows (bounded: one row per day).
    earnings_chart_days: int = Field(default=30, ge=1, le=366)


class PayPalSettings(_Group):
    """PayPal Payouts, the provider withdrawals are paid through."""

    # PayPal Payouts. Unset client id: withdrawals are still accepted (diamonds held) and wait
    # for the payout task until PayPal is configured.
    client_id: str | None = None
    client_secret: SecretStr = SecretStr("")
    api_base: str = "https://api-m.sandbox.paypal.com"
    # PayPal's id for our webhook: part of every signed message, so it must match exactly.
    webhook_id: str | None = None
    # PEM roots a webhook certificate chain must reach (PayPal's CA); unset: webhooks refused.
    trusted_roots_file: Path | None = None
    timeout_s: float = Field(default=10.0, gt=0, le=60)  # every PayPal call is bounded
    # PayPal's webhook events are a few KB; anything far larger is not PayPal, refuse it unread.
    webhook_body_bytes_max: int = Field(default=64 * 1024, ge=1024, le=1024 * 1024)


class PromotionSettings(_Group):
    """Promotions bought with coins."""

    # Ended promotions return their unspent coins within this many seconds.
    settle_interval_s: float = Field(default=30.0, gt=0, le=3600)
    settle_batch_max: int = Field(default=200, ge=1, le=5000)


class PurchaseSettings(_Group):
    """Coin purchases on every channel: product ids, provider calls, the demo checkout."""

    # Store product ids are this prefix plus the package's coins ("coins.500").
    store_product_id_prefix: str = Field(default="coins.", min_length=1, max_length=32)
    # Blocking provider calls (Apple's checks and API, Google's API) run in a pool of their
    # own, so a slow store never holds the event loop nor the threads the rest needs.
    provider_threads_max: int = Field(default=8, ge=1, le=128)
    # DEMO web checkout: a local page completes the payment by signing a Stripe webhook with a
    # throwaway secret. None = on in development mode when Stripe is not configured (make run);
    # refused in production mode.
    demo_checkout: bool | None = None


class AppleSettings(_Group):
    """The App Store."""

    # Apple. Unset bundle id: the Apple endpoints answer 503 provider-not-configured. Only
    # Production or Sandbox: Apple's LocalTesting/Xcode environments skip signature checks.
    bundle_id: str | None = None
    app_apple_id: int | None = None  # required by Apple's verifier in Production
    environment: str = Field(default="Production", pattern=r"^(Production|Sandbox)$")
    root_certificate_files: tuple[Path, ...] = ()  # Apple's root CA certificates (DER)
    online_checks: bool = True  # OCSP revocation checks on the signing chain
    # Verifying a transaction (with its online checks) and every App Store Server API call is
    # bounded by this; past it the purchase answers 503 and the app retries.
    timeout_s: float = Field(default=10.0, gt=0, le=60)
    # Sandbox purchases are free (testers). Production mode refuses them unless App Review
    # must buy against this server; then they are accepted with no revenue, each one logged.
    accept_sandbox_in_production: bool = False
    # The App Store Server API, to answer Apple's CONSUMPTION_REQUEST (the .p8 key, its id and
    # the issuer id from App Store Connect). Unset: consumption requests are only recorded.
    api_key_file: Path | None = None
    api_key_id: str | None = None
    api_issuer_id: str | None = None
    api_base_url: str | None = None  # None = Apple's; a local fake in tests
    # Answer CONSUMPTION_REQUEST from our records (delivered, how much was spent), which helps
    # Apple refuse refunds of coins already spent. Apple asks that the customer consented to
    # sharing it (sent as customerConsented): switch off where the host's terms do not say so.
    consumption_answers: bool = True


class GoogleSettings(_Group):
    """Google Play."""

    # Google Play. Unset package name: the Google endpoints answer 503.
    package_name: str | None = None
    service_account_file: Path | None = None
    api_endpoint: str | None = None  # None = Google's; a local fake in tests
    rtdn_audience: str | None = None  # the push subscription's OIDC audience
    rtdn_service_account_email: str | None = None  # who may push notifications
    oidc_certs_url: str | None = None  # None = Google's certs; a local fake in tests
    timeout_s: float = Field(default=10.0, gt=0, le=60)  # every Play API call bounded
    # License testers' purchases are free: accepting them in production would mint coins.
    # Accepted ones are booked with no revenue (and logged in production mode).
    accept_test_purchases: bool = False
    # Promo-code and rewarded purchases (purchaseType 1 and 2) are not paid for: refused, or
    # accepted as audited grants of coins with zero revenue (never as paid revenue).
    accept_promo_purchases: bool = False
    # The voided-purchases safety net: how often, and how far back (Google keeps 30 days).
    voided_poll_interval_s: int = Field(default=3600, ge=0, le=86_400)  # 0 = off
    voided_lookback_s: int = Field(default=3 * 86_400, ge=3600, le=30 * 86_400)


class StripeSettings(_Group):
    """Stripe Checkout (web)."""

    # Stripe Checkout (web). Unset secret key: the web endpoints answer 503.
    secret_key: SecretStr | None = None
    webhook_secret: SecretStr | None = None
    api_base: str | None = None  # None = Stripe's; a local fake in tests
    timeout_s: float = Field(default=10.0, gt=0, le=60)
    checkout_success_url: str = "http://127.0.0.1:8000/?checkout=success"
    checkout_cancel_url: str = "http://127.0.0.1:8000/?checkout=cancel"


class WebhookSettings(_Group):
    """Outgoing webhooks: Standard Webhooks, delivered from the transactional outbox."""

    # The delivery worker runs in every API process; several are safe on PostgreSQL (leases
    # taken with SKIP LOCKED). Off for a process that should only serve requests.
    worker: bool = True
    # One attempt's whole exchange (connect, send, answer): a slow endpoint holds one delivery
    # slot this long at most, never a database lock, never the gift path.
    timeout_s: float = Field(default=10.0, gt=0, le=60)
    # A claimed delivery's lease outlasts its attempt's timeout by this much: another worker
    # takes it over only once its first worker is gone (killed mid-send), never while the
    # answer may still be on its way.
    lease_margin_s: float = Field(default=30.0, gt=0, le=3600)
    # Attempts before a delivery is dead-lettered. With the back-off below (5 s, doubling,
    # capped at 6 h, jittered) 15 attempts span about a day.
    attempts_max: int = Field(default=15, ge=1, le=50)
    retry_initial_s: float = Field(default=5.0, gt=0, le=3600)
    retry_max_s: float = Field(default=6 * 3600.0, gt=0, le=7 * 86_400)
    # Sends in flight per process, and per endpoint (one slow endpoint never takes them all).
    concurrency: int = Field(default=32, ge=1, le=1000)
    endpoint_concurrency: int = Field(default=4, ge=1, le=100)
    # A worker round (dispatch the outbox, claim what is due, record answers) runs at most
    # this often: a storm's commits fold into few rounds and full `gift.batch` messages, so
    # delivery costs the gift path a bounded share of the process.
    round_ms: int = Field(default=200, ge=10, le=10_000)
    # With nothing to do the worker looks again this often (other processes' commits, due
    # retries); this process's own commits wake it at once.
    poll_ms: int = Field(default=1000, ge=50, le=60_000)
    # Outbox rows (one per committed unit of work) dispatched per round.
    dispatch_rows_max: int = Field(default=200, ge=1, le=10_000)
    # Gifts per `gift.batch` message (about 400 bytes a gift): bounds one message's size.
    gift_batch_max: int = Field(default=1000, ge=1, le=10_000)
    # An endpoint is disabled after this many failed attempts in a row once it has also been
    # failing this long: a short outage never disables it, a dead endpoint stops costing.
    disable_failures_min: int = Field(default=20, ge=1, le=100_000)
    disable_after_s: int = Field(default=3 * 86_400, ge=0, le=30 * 86_400)
    # Characters of an endpoint's answer kept in the delivery log (the column's width).
    response_snippet_chars: int = Field(default=500, ge=0, le=500)
    # Finished deliveries (delivered or dead-lettered), their attempts and messages are
    # purged after this many days: the log stays bounded.
    retention_days: int = Field(default=30, ge=1, le=365)
    # After a rotation the previous secret keeps signing (a second signature) this long, so
    # the host can deploy the new secret without refusing a message.
    secret_rotation_overlap_s: int = Field(default=86_400, ge=0, le=30 * 86_400)


class FinanceSettings(_Group):
    """Finance reports."""

    # Breakage is revenue a platform books for coins it expects never to be spent. Coins here
    # never expire and no redemption history is kept to estimate it, so none is recognised:
    # unspent coins stay deferred revenue. The report shows this setting as its policy.
    breakage_policy: BreakagePolicy = BreakagePolicy.NONE
    # A report replays every wallet's coin history; past this the API gives up (503) and the
    # operator runs `fancoins report finance` instead, which has no such limit.
    report_timeout_s: float = Field(default=120.0, gt=0, le=3600)


class SafetySettings(_Group):
    """Safety: freezes and bans, refund abuse, velocity holds on purchases."""

    # Lapsed freezes and bans stop applying at their expiry whoever reads them; this job only
    # marks them lifted and announces it (`user.unfrozen`), so the host hears within this.
    restriction_expiry_interval_s: float = Field(default=5.0, gt=0, le=3600)
    restriction_expiry_batch_max: int = Field(default=200, ge=1, le=10_000)  # per job run
    # Refund abuse: a buyer who refunds or charges back purchases keeps what the coins were
    # spent on. This many refunds or chargebacks (each counted once) within the window block
    # buying for the block's length (a "buying" ban the operator can lift). 0 switches it off.
    # Defaults: one refund is ordinary, three in a month is a pattern worth stopping.
    refund_abuse_refunds_max: int = Field(default=3, ge=0, le=1000)
    refund_abuse_window_s: int = Field(default=30 * 86_400, ge=3600, le=365 * 86_400)
    refund_abuse_block_s: int = Field(default=30 * 86_400, ge=3600, le=365 * 86_400)
    # Velocity holds: a paid purchase that would pass one of these per user within the
    # window is not credited at once but held for an operator's review (released: credited;
    # declined: the money goes back), on the channels whose store allows a hold (the web
    # checkout; see `purchases.velocity`). A stolen card is typically used fast and for as
    # much as it will take before its owner notices; an honest buyer rarely buys more than a
    # few times an hour. Every purchase in the window counts, on every channel. 0 switches a
    # rule off.
    velocity_window_s: int = Field(default=3600, ge=60, le=30 * 86_400)
    # Purchases a buyer makes within the window before the next one is held.
    velocity_purchases_max: int = Field(default=5, ge=0, le=100_000)
    # Coins bought within the window (the default is the largest web package twice over).
    velocity_coins_max: int = Field(default=20_000, ge=0, le=10**12)
    # Money paid within the window, in minor units per currency (a currency not named has
    # no money rule; the coin rule still applies): about USD 250 by default.
    velocity_amount_minor_max: dict[str, int] = Field(
        default_factory=lambda: {"USD": 25_000, "EUR": 25_000, "GBP": 20_000})

    @field_validator("velocity_amount_minor_max")
    @classmethod
    def _amounts_per_currency(cls, value: dict[str, int]) -> dict[str, int]:
        for currency, amount in value.items():
            if len(currency) != 3 or not currency.isascii() or not currency.isupper():
                raise ValueError(f"{currency!r} is not an ISO 4217 currency code")
            if amount < 0:
                raise ValueError(f"{currency}: an amount in minor units is not negative")
        return value


class RateLimitSettings(_Group):
    """Rate limits per user, API key and client address."""

    # Rate limits (the `limits` library's moving windows, "N/second;M/minute"): in this
    # process's memory, or shared by every process through Redis when FANCOINS_REDIS_URL is
    # set. Over a limit: 429 with Retry-After, nothing applied. Per user for user tokens, per
    # key for API keys (a host's backend relays many users' requests), per client address for
    # everything that is not an API key.
    enabled: bool = True
    # A viewer taps a gift a few times a second at most (a combo is one send with a count);
    # the gift storm benchmark's viewers each send about one a second.
    gifts_per_user: str = "20/second;600/minute"
    # The host's backend relays every viewer's gifts: a storm's whole rate goes through it.
    gifts_per_key: str = "20000/second"
    # Many viewers can share one address (a carrier's NAT, an office): far above one user.
    gifts_per_address: str = "5000/second"
    # Store receipts: a buyer completes a purchase every few seconds at most; a retry storm
    # of the same receipt is answered from its first answer, but costs a store call each.
    purchases_per_user: str = "10/minute;100/hour"
    purchases_per_key: str = "100/second"
    purchases_per_address: str = "60/minute"
    # Each checkout session is a call to Stripe; a buyer may open and abandon several while
    # choosing a pack, but not dozens a minute.
    checkout_per_user: str = "20/minute;100/hour"
    checkout_per_key: str = "50/second"
    checkout_per_address: str = "30/minute"
    # Withdrawals move money out: a creator asks a few times a day.
    withdrawals_per_user: str = "5/minute;20/day"
    withdrawals_per_key: str = "20/second"
    withdrawals_per_address: str = "30/minute"
    # Failed authentications per address (guessing keys or tokens): past it, every
    # authenticated request from that address is refused until the window moves on.
    auth_failures_per_address: str = "30/minute;300/hour"
    # Identities tracked per process by the in-memory limiter: bounded memory; past it the
    # idle ones are dropped first.
    memory_keys_max: int = Field(default=200_000, ge=1000, le=10_000_000)
    redis_prefix: str = Field(default="fancoins:rate", min_length=1, max_length=64)
    # Every Redis call of the limiter is bounded; an unreachable Redis lets requests through
    # (logged): rate limits protect the service, they must not take it down.
    redis_timeout_s: float = Field(default=0.5, gt=0, le=10)

    @field_validator(*(name for name in (
        "gifts_per_user", "gifts_per_key", "gifts_per_address",
        "purchases_per_user", "purchases_per_key", "purchases_per_address",
        "checkout_per_user", "checkout_per_key", "checkout_per_address",
        "withdrawals_per_user", "withdrawals_per_key", "withdrawals_per_address",
        "auth_failures_per_address")))
    @classmethod
    def _rate_limit(cls, value: str) -> str:
        try:
            parse_many(value)
        except ValueError:
            raise ValueError("must be limits like \"20/second;600/minute\"") from None
        return value


class WebSettings(_Group):
    """The web app's dev sign-in and the operator's economy view."""

    # Dev sign-in tokens (POST /v1/dev/session, never served in production mode) last a demo
    # session: long enough not to expire mid-demo, short enough that a leaked one soon dies.
    dev_session_ttl_s: int = Field(default=8 * 3600, ge=60, le=7 * 86_400)
    # The economy view's gifts-per-minute chart covers this many minutes (one bucket each);
    # bounded because it scans that window's transfers on every console refresh.
    economy_gift_chart_minutes: int = Field(default=60, ge=1, le=24 * 60)
    # Diamonds on hold are worked out per creator who earned within the hold period; at most
    # this many creators per request (the figure is then marked partial) so the view stays cheap.
    economy_hold_creators_max: int = Field(default=1000, ge=1, le=100_000)
    # Platform and store accounts read per request (a few per currency and channel); bounded
    # so a misconfigured chart cannot make the view scan everything.
    economy_platform_accounts_max: int = Field(default=2000, ge=10, le=100_000)
    # Verify findings returned in the economy view (the CLI `fancoins verify` lists them all).
    economy_findings_max: int = Field(default=20, ge=1, le=1000)


# Every setting's old flat name and where it lives now ("group.name"): the one table the
# deprecation path reads (old environment variables and keywords keep working, with a warning).
RENAMED: Final[Mapping[str, str]] = {
    "db_pool_size": "database.pool_size",
    "db_timeout_s": "database.timeout_s",
    "verify_timeout_s": "database.verify_timeout_s",
    "background_jobs": "jobs.enabled",
    "background_job_timeout_s": "jobs.timeout_s",
    "pending_expiry_interval_s": "jobs.pending_expiry_interval_s",
    "jwt_secret": "jwt.secret",
    "jwt_jwks_url": "jwt.jwks_url",
    "jwt_algorithms": "jwt.algorithms",
    "jwt_issuer": "jwt.issuer",
    "jwt_audience": "jwt.audience",
    "jwt_leeway_s": "jwt.leeway_s",
    "api_key_rotation_overlap_s": "api_keys.rotation_overlap_s",
    "api_key_last_used_interval_s": "api_keys.last_used_interval_s",
    "page_size_default": "http.page_size_default",
    "page_size_max": "http.page_size_max",
    "idempotency_key_max_chars": "http.idempotency_key_max_chars",
    "request_body_max_bytes": "http.request_body_max_bytes",
    "webhook_body_max_bytes": "http.webhook_body_max_bytes",
    "statement_csv_rows_max": "http.statement_csv_rows_max",
    "trusted_proxies": "http.trusted_proxies",
    "gift_batch_size_max": "gifts.batch_size_max",
    "gift_batch_wait_ms": "gifts.batch_wait_ms",
    "gift_queue_max": "gifts.queue_max",
    "gift_retry_after_s": "gifts.retry_after_s",
    "gift_commit_timeout_s": "gifts.commit_timeout_s",
    "gift_batch_items_max": "gifts.batch_items_max",
    "gift_account_slots": "gifts.account_slots",
    "gift_image_bytes_max": "gifts.image_bytes_max",
    "gift_artwork_max_age_s": "gifts.artwork_max_age_s",
    "live_tick_ms": "live.tick_ms",
    "live_frame_gift_events_max": "live.frame_gift_events_max",
    "live_inbox_gifts_max": "live.inbox_gifts_max",
    "live_board_interval_ms": "live.board_interval_ms",
    "live_stream_board_size": "live.stream_board_size",
    "live_board_cache_s": "live.board_cache_s",
    "live_board_size_max": "live.board_size_max",
    "live_viewers_interval_ms": "live.viewers_interval_ms",
    "live_viewer_queue_frames_max": "live.viewer_queue_frames_max",
    "live_viewer_close_timeout_s": "live.viewer_close_timeout_s",
    "live_ws_message_bytes_max": "live.ws_message_bytes_max",
    "live_ws_gifts_in_flight_max": "live.ws_gifts_in_flight_max",
    "live_viewers_per_process_max": "live.viewers_per_process_max",
    "live_combo_sweep_max": "live.combo_sweep_max",
    "live_combo_sweep_interval_ms": "live.combo_sweep_interval_ms",
    "live_redis_prefix": "live.redis_prefix",
    "live_presence_ttl_s": "live.presence_ttl_s",
    "live_redis_timeout_s": "live.redis_timeout_s",
    "live_redis_backoff_max_s": "live.redis_backoff_max_s",
    "live_history_events": "live.history_events",
    "live_history_frames_max": "live.history_frames_max",
    "live_reorder_wait_ms": "live.reorder_wait_ms",
    "live_coalesce_ms": "live.coalesce_ms",
    "live_log_check_ms": "live.log_check_ms",
    "live_degraded_poll_ms": "live.degraded_poll_ms",
    "live_log_retention_s": "live.log_retention_s",
    "live_log_prune_interval_s": "live.log_prune_interval_s",
    "live_end_settle_ms": "live.end_settle_ms",
    "live_end_wait_max_s": "live.end_wait_max_s",
    "live_contest_sweep_max": "live.contest_sweep_max",
    "battle_duration_s": "battles.duration_s",
    "battle_duration_min_s": "battles.duration_min_s",
    "battle_duration_max_s": "battles.duration_max_s",
    "battle_invite_ttl_s": "battles.invite_ttl_s",
    "battle_settle_grace_ms": "battles.settle_grace_ms",
    "battle_supporters_shown": "battles.supporters_shown",
    "goals_per_stream_max": "goals.per_stream_max",
    "goal_deadline_max_s": "goals.deadline_max_s",
    "fan_club_watch_interval_s": "fan_clubs.watch_interval_s",
    "moderation_webhook_url": "moderation.webhook_url",
    "moderation_webhook_secret": "moderation.webhook_secret",
    "moderation_timeout_s": "moderation.timeout_s",
    "moderation_fail_open": "moderation.fail_open",
    "moderation_answer_max_bytes": "moderation.answer_max_bytes",
    "overlay_credentials_per_creator_max": "overlay.credentials_per_creator_max",
    "overlay_last_used_interval_s": "overlay.last_used_interval_s",
    "payout_submit_interval_s": "payouts.submit_interval_s",
    "payout_submit_attempts_max": "payouts.submit_attempts_max",
    "payout_submit_batch_max": "payouts.submit_batch_max",
    "earnings_chart_days": "payouts.earnings_chart_days",
    "paypal_client_id": "paypal.client_id",
    "paypal_client_secret": "paypal.client_secret",
    "paypal_api_base": "paypal.api_base",
    "paypal_webhook_id": "paypal.webhook_id",
    "paypal_trusted_roots_file": "paypal.trusted_roots_file",
    "paypal_timeout_s": "paypal.timeout_s",
    "paypal_webhook_body_bytes_max": "paypal.webhook_body_bytes_max",
    "promotion_settle_interval_s": "promotions.settle_interval_s",
    "promotion_settle_batch_max": "promotions.settle_batch_max",
    "store_product_id_prefix": "purchases.store_product_id_prefix",
    "provider_threads_max": "purchases.provider_threads_max",
    "demo_checkout": "purchases.demo_checkout",
    "apple_bundle_id": "apple.bundle_id",
    "apple_app_apple_id": "apple.app_apple_id",
    "apple_environment": "apple.environment",
    "apple_root_certificate_files": "apple.root_certificate_files",
    "apple_online_checks": "apple.online_checks",
    "apple_timeout_s": "apple.timeout_s",
    "apple_accept_sandbox_in_production": "apple.accept_sandbox_in_production",
    "apple_api_key_file": "apple.api_key_file",
    "apple_api_key_id": "apple.api_key_id",
    "apple_api_issuer_id": "apple.api_issuer_id",
    "apple_api_base_url": "apple.api_base_url",
    "apple_consumption_answers": "apple.consumption_answers",
    "google_package_name": "google.package_name",
    "google_service_account_file": "google.service_account_file",
    "google_api_endpoint": "google.api_endpoint",
    "google_rtdn_audience": "google.rtdn_audience",
    "google_rtdn_service_account_email": "google.rtdn_service_account_email",
    "google_oidc_certs_url": "google.oidc_certs_url",
    "google_timeout_s": "google.timeout_s",
    "google_accept_test_purchases": "google.accept_test_purchases",
    "google_accept_promo_purchases": "google.accept_promo_purchases",
    "google_voided_poll_interval_s": "google.voided_poll_interval_s",
    "google_voided_lookback_s": "google.voided_lookback_s",
    "stripe_secret_key": "stripe.secret_key",
    "stripe_webhook_secret": "stripe.webhook_secret",
    "stripe_api_base": "stripe.api_base",
    "stripe_timeout_s": "stripe.timeout_s",
    "checkout_success_url": "stripe.checkout_success_url",
    "checkout_cancel_url": "stripe.checkout_cancel_url",
    "webhook_worker": "webhooks.worker",
    "webhook_timeout_s": "webhooks.timeout_s",
    "webhook_lease_margin_s": "webhooks.lease_margin_s",
    "webhook_attempts_max": "webhooks.attempts_max",
    "webhook_retry_initial_s": "webhooks.retry_initial_s",
    "webhook_retry_max_s": "webhooks.retry_max_s",
    "webhook_concurrency": "webhooks.concurrency",
    "webhook_endpoint_concurrency": "webhooks.endpoint_concurrency",
    "webhook_round_ms": "webhooks.round_ms",
    "webhook_poll_ms": "webhooks.poll_ms",
    "webhook_dispatch_rows_max": "webhooks.dispatch_rows_max",
    "webhook_gift_batch_max": "webhooks.gift_batch_max",
    "webhook_disable_failures_min": "webhooks.disable_failures_min",
    "webhook_disable_after_s": "webhooks.disable_after_s",
    "webhook_response_snippet_chars": "webhooks.response_snippet_chars",
    "webhook_retention_days": "webhooks.retention_days",
    "webhook_secret_rotation_overlap_s": "webhooks.secret_rotation_overlap_s",
    "finance_breakage_policy": "finance.breakage_policy",
    "finance_report_timeout_s": "finance.report_timeout_s",
    "restriction_expiry_interval_s": "safety.restriction_expiry_interval_s",
    "restriction_expiry_batch_max": "safety.restriction_expiry_batch_max",
    "refund_abuse_refunds_max": "safety.refund_abuse_refunds_max",
    "refund_abuse_window_s": "safety.refund_abuse_window_s",
    "refund_abuse_block_s": "safety.refund_abuse_block_s",
    "velocity_window_s": "safety.velocity_window_s",
    "velocity_purchases_max": "safety.velocity_purchases_max",
    "velocity_coins_max": "safety.velocity_coins_max",
    "velocity_amount_minor_max": "safety.velocity_amount_minor_max",
    "rate_limits_enabled": "rate_limits.enabled",
    "rate_limit_gifts_per_user": "rate_limits.gifts_per_user",
    "rate_limit_gifts_per_key": "rate_limits.gifts_per_key",
    "rate_limit_gifts_per_address": "rate_limits.gifts_per_address",
    "rate_limit_purchases_per_user": "rate_limits.purchases_per_user",
    "rate_limit_purchases_per_key": "rate_limits.purchases_per_key",
    "rate_limit_purchases_per_address": "rate_limits.purchases_per_address",
    "rate_limit_checkout_per_user": "rate_limits.checkout_per_user",
    "rate_limit_checkout_per_key": "rate_limits.checkout_per_key",
    "rate_limit_checkout_per_address": "rate_limits.checkout_per_address",
    "rate_limit_withdrawals_per_user": "rate_limits.withdrawals_per_user",
    "rate_limit_withdrawals_per_key": "rate_limits.withdrawals_per_key",
    "rate_limit_withdrawals_per_address": "rate_limits.withdrawals_per_address",
    "rate_limit_auth_failures_per_address": "rate_limits.auth_failures_per_address",
    "rate_limit_memory_keys_max": "rate_limits.memory_keys_max",
    "rate_limit_redis_prefix": "rate_limits.redis_prefix",
    "rate_limit_redis_timeout_s": "rate_limits.redis_timeout_s",
    "dev_session_ttl_s": "web.dev_session_ttl_s",
    "economy_gift_chart_minutes": "web.economy_gift_chart_minutes",
    "economy_hold_creators_max": "web.economy_hold_creators_max",
    "economy_platform_accounts_max": "web.economy_platform_accounts_max",
    "economy_findings_max": "web.economy_findings_max",
}


class Settings(BaseSettings):
    """Global settings at the top (what every process and command needs: its mode, where it
    listens, its database, its Redis, its economy), the rest in one group per concern."""

    model_config = SettingsConfigDict(
        env_prefix="FANCOINS_", env_nested_delimiter="__", extra="forbid", frozen=True
    )

    # production turns on the safety checks (secrets, https, no demo parts); test is the suite's.
    mode: Mode = Mode.DEVELOPMENT
    # The database (sqlite+aiosqlite:// or postgresql+asyncpg://). The connection strings stay
    # top-level: every command and test names the database, and several groups share Redis.
    database_url: str = "sqlite+aiosqlite:///./var/fancoins.db"
    # Redis, needed with several API processes: LIVE fan-out and presence, shared rate limits.
    redis_url: str | None = None
    # Where `fancoins serve` listens (0.0.0.0 in a container); --host/--port override them.
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    # The economy (prices, gifts, fees, limits, payout rules, levels); unset: the shipped one.
    economy_file: Path | None = None

    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    jobs: JobSettings = Field(default_factory=JobSettings)
    jwt: JwtSettings = Field(default_factory=JwtSettings)
    api_keys: ApiKeySettings = Field(default_factory=ApiKeySettings)
    http: HttpSettings = Field(default_factory=HttpSettings)
    gifts: GiftSettings = Field(default_factory=GiftSettings)
    live: LiveSettings = Field(default_factory=LiveSettings)
    battles: BattleSettings = Field(default_factory=BattleSettings)
    goals: GoalSettings = Field(default_factory=GoalSettings)
    fan_clubs: FanClubSettings = Field(default_factory=FanClubSettings)
    moderation: ModerationSettings = Field(default_factory=ModerationSettings)
    overlay: OverlaySettings = Field(default_factory=OverlaySettings)
    payouts: PayoutSettings = Field(default_factory=PayoutSettings)
    paypal: PayPalSettings = Field(default_factory=PayPalSettings)
    promotions: PromotionSettings = Field(default_factory=PromotionSettings)
    purchases: PurchaseSettings = Field(default_factory=PurchaseSettings)
    apple: AppleSettings = Field(default_factory=AppleSettings)
    google: GoogleSettings = Field(default_factory=GoogleSettings)
    stripe: StripeSettings = Field(default_factory=StripeSettings)
    webhooks: WebhookSettings = Field(default_factory=WebhookSettings)
    finance: FinanceSettings = Field(default_factory=FinanceSettings)
    safety: SafetySettings = Field(default_factory=SafetySettings)
    rate_limits: RateLimitSettings = Field(default_factory=RateLimitSettings)
    web: WebSettings = Field(default_factory=WebSettings)


    def __init__(self, **values: Any) -> None:
        old_env = _old_env_names(os.environ)
        values, old_keywords = _nested_keywords(values)
        if old_env or old_keywords:
            _warn_old_names({**old_env, **old_keywords})
        super().__init__(**values)

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, _EnvWithOldNames(settings_cls), dotenv_settings,
                file_secret_settings)

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @model_validator(mode="after")
    def _purchases_safe(self) -> Settings:
        production = self.mode is Mode.PRODUCTION
        if production and self.purchases.demo_checkout:
            raise ValueError("purchases.demo_checkout: the demo checkout cannot run in "
                             "production mode")
        if (production and self.apple.environment == "Sandbox"
                and not self.apple.accept_sandbox_in_production):
            raise ValueError("apple.environment: Sandbox purchases are free; production mode "
                             "refuses them unless apple.accept_sandbox_in_production is set")
        if production:
            overrides = {"google.api_endpoint": self.google.api_endpoint,
                         "google.oidc_certs_url": self.google.oidc_certs_url,
                         "stripe.api_base": self.stripe.api_base,
                         "apple.api_base_url": self.apple.api_base_url}
            for name, value in overrides.items():
                if value is not None and not str(value).startswith("https://"):
                    raise ValueError(f"{name}: must be an https URL in production mode")
        return self

    @model_validator(mode="after")
    def _moderation_signed(self) -> Settings:
        moderation = self.moderation
        if moderation.webhook_url is None:
            return self
        if moderation.webhook_secret is None:
            raise ValueError("moderation.webhook_secret: required with moderation.webhook_url "
                             "(the hook's requests are signed)")
        try:
            Webhook(moderation.webhook_secret.get_secret_value())
        except Exception:
            raise ValueError("moderation.webhook_secret: must be a Standard Webhooks secret "
                             "(whsec_ and base64)") from None
        if self.mode is Mode.PRODUCTION and not moderation.webhook_url.startswith("https://"):
            raise ValueError("moderation.webhook_url: must be an https URL in production mode")
        return self

    @model_validator(mode="after")
    def _no_placeholder_secrets(self) -> Settings:
        jwt = self.jwt
        if self.mode is Mode.PRODUCTION:
            uses_hs = any(alg.startswith("HS") for alg in jwt.algorithms)
            if uses_hs and jwt.secret.get_secret_value() in PLACEHOLDER_SECRETS:
                raise ValueError("jwt.secret: a placeholder secret is refused in production mode")
            if uses_hs and len(jwt.secret.get_secret_value()) < 32:
                raise ValueError("jwt.secret: must be at least 32 characters in production mode")
        if any(alg.startswith("RS") for alg in jwt.algorithms) and not jwt.jwks_url:
            raise ValueError("jwt.jwks_url: required when jwt.algorithms includes RS256")
        return self

    @property
    def demo_checkout_enabled(self) -> bool:
        if self.purchases.demo_checkout is not None:
            return self.purchases.demo_checkout and self.mode is not Mode.PRODUCTION
        return self.mode is Mode.DEVELOPMENT and self.stripe.secret_key is None

    @cached_property
    def economy(self) -> EconomyConfig:
        return load_economy(self.economy_file)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _warn_old_names(renamed: dict[str, str]) -> None:
    """One line per start naming every old name still in use and its new name. Settings are
    read before logging is set up (its format depends on them): until then the line goes to
    stderr, never into a command's output (`fancoins token` prints a token to stdout)."""
    logger = log if structlog.is_configured() else structlog.wrap_logger(
        structlog.PrintLogger(sys.stderr))
    logger.warning("settings_old_names", renamed=renamed)


def setting_paths() -> tuple[str, ...]:
    """Every setting by its path: "mode", ..., "gifts.queue_max", ..."""
    paths: list[str] = []
    for name, field in Settings.model_fields.items():
        group = field.annotation
        if isinstance(group, type) and issubclass(group, _Group):
            paths += [f"{name}.{inner}" for inner in group.model_fields]
        else:
            paths.append(name)
    return tuple(paths)


def env_name(path: str) -> str:
    """The environment variable of a setting: "gifts.queue_max" -> FANCOINS_GIFTS__QUEUE_MAX."""
    return "FANCOINS_" + path.replace(".", "__").upper()


def _old_env_names(environ: Mapping[str, str]) -> dict[str, str]:
    """Old variables set in `environ`, each with its new name; both set apart is an error."""
    upper = {name.upper(): value for name, value in environ.items()}
    renamed: dict[str, str] = {}
    for old, new in RENAMED.items():
        old_name, new_name = env_name(old), env_name(new)
        if old_name not in upper:
            continue
        if new_name in upper and upper[new_name] != upper[old_name]:
            raise ConfigError(f"{new_name}: also set as {old_name}, its old name, to another "
                              f"value; keep {new_name} only")
        renamed[old_name] = new_name
    return renamed


class _EnvWithOldNames(EnvSettingsSource):
    """The environment, with each old variable read as its new one (checked apart first)."""

    def _load_env_vars(self) -> Mapping[str, str | None]:
        env = dict(super()._load_env_vars())
        for old, new in RENAMED.items():
            old_name, new_name = env_name(old).lower(), env_name(new).lower()
            if old_name in env:
                value = env.pop(old_name)
                env.setdefault(new_name, value)
        return env


def _nested_keywords(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """`Settings(gifts__queue_max=5)` and the old `Settings(gift_queue_max=5)` as
    `Settings(gifts={"queue_max": 5})`; returns the values and the old keywords used."""
    nested: dict[str, Any] = {}
    paths: dict[str, tuple[str, Any]] = {}  # "gifts.queue_max" -> (keyword given, value)
    old_keywords: dict[str, str] = {}
    for key, value in values.items():
        if key in RENAMED:
            path = RENAMED[key]
            old_keywords[key] = path.replace(".", "__")
        elif "__" in key and not key.startswith("_"):
            path = key.replace("__", ".", 1)
        else:
            nested[key] = value
            continue
        if path in paths and paths[path][1] != value:
            raise ConfigError(f"{path.replace('.', '__')}: also given as {paths[path][0]} "
                              f"with another value; keep {path.replace('.', '__')} only")
        paths[path] = (key, value)
    for path, (key, value) in paths.items():
        group, name = path.split(".", 1)
        given = nested.get(group, {})
        fields = dict(given.model_dump() if isinstance(given, BaseModel) else given)
        if name in fields and fields[name] != value:
            raise ConfigError(f"{path.replace('.', '__')}: also given as {key} with another "
                              f"value; keep one")
        fields[name] = value
        nested[group] = fields
    return nested, old_keywords


def _one_line(error: ValidationError) -> str:
    first = error.errors()[0]
    message = first["msg"].removeprefix("Value error, ")
    if not first["loc"]:
        # Model-level checks put the key they are about first: "jwt.secret: ...".
        key, _, message = message.partition(": ")
        return f"{env_name(key)}: {message}"
    key = env_name(".".join(str(part) for part in first["loc"]))
    if any(word in key for word in ("SECRET", "PASSWORD", "KEY")):
        return f"{key}: {message}"  # never echo a secret back
    return f"{key}: {message} (got {first.get('input')!r})"


def load_settings(**overrides: Any) -> Settings:
    """Read settings from the environment (and `overrides`), failing with one clear line."""
    try:
        settings = Settings(**overrides)
        settings.economy  # noqa: B018 - validated at start-up, not at first use
    except ValidationError as error:
        raise ConfigError(_one_line(error)) from None
    except EconomyConfigError as error:
        raise ConfigError(f"economy: {error}") from None
    return settings
