"""Gifts: the catalog operators edit, the batch the writer applies, and reads for other domains.

A send is decided and written by `apply_batch` inside one transaction per batch (the writer's,
or a single gift's in the one-transaction-per-gift baseline). Services flush; the caller
commits, and only then answers anybody.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.economy.gift_batch import (
    Accepted,
    BatchState,
    Decision,
    GiftAsk,
    GiftRefusal,
    Party,
    Refused,
    Wallet,
    plan_gift_batch,
)
from fancoins.economy.rules import EconomyConfig, GiftSpec
from fancoins.gifts import repository
from fancoins.gifts.repository import GiftRow
from fancoins.identity.service import User
from fancoins.ids import new_id, now_ms
from fancoins.journal import bulk
from fancoins.journal.bulk import Transfers
from fancoins.ledger import COIN, DIAMOND, chart, invariant
from fancoins.realtime.events import GiftCommitted
from fancoins.safety.service import spending
from fancoins.streams.service import NewComment, streams

GIFT_CODE = "gift_sent"
# A batch is decided again when the insert meets keys used meanwhile; each redo answers
# those keys, so a second redo needs yet another concurrent send under a key of this batch.
_ATTEMPTS_MAX = 4
DIAMONDS_CODE = "gift_diamonds"
MS_PER_DAY = 86_400_000


@dataclass(frozen=True, slots=True)
class SendRequest:
    """A viewer's send. Exactly one of `stream_id` / `video_id` (with `comment_text`)."""

    sender_id: str
    gift_id: str
    count: int
    idempotency_key: str
    stream_id: str | None = None
    video_id: str | None = None
    comment_text: str | None = None

    def request_hash(self) -> str:
        raw = "\x1f".join((self.gift_id, str(self.count), self.stream_id or "",
                           self.video_id or "", self.comment_text or ""))
        return hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class SentGift:
    id: uuid.UUID
    sender_id: str
    recipient_id: str
    gift_id: str
    count: int
    coins: int
    diamonds: int
    balance_after_coins: int
    stream_id: str | None
    video_id: str | None
    comment_id: str | None
    created_at_ms: int
    replayed: bool = False


@dataclass(frozen=True, slots=True)
class GiftNotSent:
    refusal: GiftRefusal
    window: str | None = None


@dataclass(frozen=True, slots=True)
class KeyReused:
    """The sender used this idempotency key before for a different send."""


class KeysKeptChanging(Exception):
    """A batch met newly used idempotency keys on every attempt (the writer splits it)."""


@dataclass(frozen=True, slots=True)
class WriteFailed:
    error: str


Outcome = SentGift | GiftNotSent | KeyReused | WriteFailed


@dataclass(slots=True)
class BatchResult:
    outcomes: list[Outcome]  # one per request, in order
    # What committed, for the commit feed: made into events once the commit time is known.
    _kept: list[_Planned] = field(default_factory=list)
    _names: dict[str, str] = field(default_factory=dict)

    @property
    def committed_count(self) -> int:
        return len(self._kept)

    def committed(self, committed_at_ms: int) -> list[GiftCommitted]:
        """The gifts this batch wrote, as commit-feed events (call after the commit)."""
        return [_committed(p, self._names, committed_at_ms) for p in self._kept]


@dataclass(frozen=True, slots=True)
class DayEarnings:
    day: dt.date
    diamonds: int
    gifts: int


@dataclass(frozen=True, slots=True)
class BoardTotal:
    """One line of a top-gifters or top-creators board (fancoins.live)."""

    user_id: str
    display_name: str
    coins: int
    diamonds: int
    gifts: int


def revenue_share_rule(economy: EconomyConfig) -> str:
    """The rule in force, recorded with every gift: diamonds per coin and a diamond's cash."""
    g, p = economy.gifting, economy.payouts
    return (f"dpc={g.diamonds_per_coin_numerator}/{g.diamonds_per_coin_denominator};"
            f"cash={p.cash_minor_per_1000_diamonds}/1000{p.currency}")


def gift_spec(row: Any) -> GiftSpec:
    countries = tuple(row.countries) if row.countries else None
    return GiftSpec(row.id, row.name, row.price_coins, row.streakable, row.image, row.active,
                    countries)


def _is_adult(birth_date: dt.date | None, age_verified: bool, today: dt.date,
              min_age_years: int) -> bool:
    """Identity's rule (`User.is_adult`) for a birth date and verified flag."""
    return User("", "", "", birth_date, age_verified, False, False, 0).is_adult(today,
                                                                                min_age_years)


@dataclass(slots=True)
class _Loaded:
    state: BatchState
    names: dict[str, str]


@dataclass(slots=True)
class _Planned:
    index: int
    request: SendRequest
    decision: Accepted
    row: GiftRow


class GiftsService:
    async def apply_batch(
        self, connection: AsyncConnection, requests: Sequence[SendRequest],
        economy: EconomyConfig, at_ms: int,
    ) -> BatchResult:
        """Decide and write `requests` in arrival order in the caller's transaction.

        Keys used before are answered with their first result. They are not looked up
        first: the gift insert probes the unique index on (sender, key) anyway, so a key
        found there (a retry, or another process's send committed meanwhile) is rare and
        costs only a redo: the batch's gifts are taken back and the batch decided again with
        that key answered from its first result, so a replay never spends and never changes
        a later gift's decision. Nothing else was written yet when the insert runs."""
        hashes = [r.request_hash() for r in requests]
        first_of: dict[tuple[str, str], int] = {}
        for index, request in enumerate(requests):
            first_of.setdefault((request.sender_id, request.idempotency_key), index)
        existing: dict[tuple[str, str], Any] = {}
        for _attempt in range(_ATTEMPTS_MAX):
            outcomes: list[Outcome | None] = [None] * len(requests)
            fresh: list[int] = []
            for key, index in first_of.items():
                row = existing.get(key)
                if row is None:
                    fresh.append(index)
                else:
                    outcomes[index] = _replayed(row, hashes[index])
            result = BatchResult([])
            if not fresh:
                break
            fresh_requests = [requests[i] for i in fresh]
            loaded = await self._load(connection, fresh_requests, economy, at_ms)
            decisions = plan_gift_batch([_ask(r) for r in fresh_requests], loaded.state,
                                        economy.gifting)
            used = await self._write(connection, fresh, requests, decisions, loaded, economy,
                                     at_ms, outcomes, hashes, result)
            if not used:
                break
            existing.update(await repository.gifts_by_keys(connection, used))
        else:
            raise KeysKeptChanging("idempotency keys kept being used concurrently")
        for index, request in enumerate(requests):
            first = first_of[(request.sender_id, request.idempotency_key)]
            if first != index:
                outcomes[index] = _duplicate(outcomes[first], hashes[first] == hashes[index])
        result.outcomes = [o if o is not None else WriteFailed("undecided") for o in outcomes]
        invariant(all(o is not None for o in outcomes), "every gift of a batch gets an answer")
        return result

    async def _load(
        self, connection: AsyncConnection, requests: Sequence[SendRequest],
        economy: EconomyConfig, at_ms: int,
    ) -> _Loaded:
        senders = {r.sender_id for r in requests}
        # Locks first. (A redo after a used key locks the same rows again: a no-op.)
        limits = await spending.load_batch(connection, senders, at_ms)
        stream_targets, video_targets = await streams.targets(
            connection, {r.stream_id for r in requests if r.stream_id},
            {r.video_id for r in requests if r.video_id},
        )
        creators = {t.creator_id for t in (*stream_targets.values(), *video_targets.values())}
        catalog = {
            row.id: gift_spec(row) for row in
            await repository.catalog_rows_by_id(connection, {r.gift_id for r in requests})
        }
        people = await repository.users_by_id(connection, senders | creators)
        balances = await bulk.lock_balances(
            connection,
            {chart.user_coins(s) for s in senders} | {chart.user_diamonds(c) for c in creators}
            | {chart.COINS_SPENT, chart.DIAMONDS_ISSUED},
        )
        today = dt.datetime.fromtimestamp(at_ms / 1000, tz=dt.UTC).date()
        min_age = economy.age.min_age_years
        wallets: dict[str, Wallet] = {}
        user_coins = chart.user_coins
        for sender in senders:
            held = balances.get(user_coins(sender))
            if held is None:
                continue
            own, spent = limits[sender]
            posted = held.credits_posted - held.debits_posted
            wallets[sender] = Wallet(posted, posted - held.debits_pending, own, spent.day_coins,
                                     spent.week_coins, spent.month_coins, spent.lifetime_coins)
        # Many people share a birth date: each (birth date, verified) pair is judged once,
        # by identity's own rule. Frozen flags are read fresh every batch, never cached.
        # A `Party` is an immutable value: people alike share one.
        adult: dict[tuple[Any, bool], bool] = {}
        alike: dict[tuple[bool, bool, str], Party] = {}
        parties: dict[str, Party] = {}
        names: dict[str, str] = {}
        for user_id, name, country, born, verified, frozen in people:
            names[user_id] = name
            if user_id in senders or chart.user_diamonds(user_id) in balances:
                grown = adult.get((born, verified))
                if grown is None:
                    grown = adult[(born, verified)] = _is_adult(born, verified, today, min_age)
                party = alike.get((grown, frozen, country))
                if party is None:
                    party = alike[(grown, frozen, country)] = Party(grown, frozen, country)
                parties[user_id] = party
        state = BatchState(gifts=catalog, parties=parties, streams=stream_targets,
                           videos=video_targets, wallets=wallets)
        return _Loaded(state, names)

    async def _write(
        self, connection: AsyncConnection, fresh: Sequence[int], requests: Sequence[SendRequest],
        decisions: Sequence[Decision], loaded: _Loaded, economy: EconomyConfig, at_ms: int,
        outcomes: list[Outcome | None], hashes: Sequence[str], result: BatchResult,
    ) -> list[tuple[str, str]]:
        """Write the accepted gifts. Returns the keys found already used (none written)."""
        planned: list[_Planned] = []
        for index, decision in zip(fresh, decisions, strict=True):
            if isinstance(decision, Refused):
                outcomes[index] = GiftNotSent(decision.refusal, decision.window)
                continue
            planned.append(_plan_row(index, requests[index], decision, hashes[index]))
        rule = revenue_share_rule(economy)
        kept_ids = await repository.insert_gifts(connection, [p.row for p in planned], rule,
                                                 at_ms)
        if len(kept_ids) < len(planned):  # keys used before: take the batch back, redo
            await repository.delete_gifts(connection, kept_ids)
            return [(p.request.sender_id, p.request.idempotency_key) for p in planned
                    if p.row.id not in kept_ids]
        await self._post(connection, planned, rule, at_ms)
        for p in planned:
            outcomes[p.index] = _sent(p.row, at_ms)
        result._kept = planned
        result._names = loaded.names
        return []

    async def _post(
        self, connection: AsyncConnection, kept: Sequence[_Planned], rule: str, at_ms: int
    ) -> None:
        """The ledger legs (one coin transfer per gift, one diamond transfer per creator),
        the balances, the comments and the spend counters, set-based."""
        if not kept:
            return
        transfers = Transfers()
        deltas: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        diamonds_by_creator: dict[str, int] = defaultdict(int)
        spent: dict[str, int] = defaultdict(int)
        for p in kept:
            row = p.row
            wallet = chart.user_coins(row.sender_id)
            transfers.add(row.id, wallet, chart.COINS_SPENT, COIN, row.coins, GIFT_CODE,
                          orjson.dumps({"gift_id": row.gift_id, "count": row.count,
                                        "stream_id": row.stream_id, "video_id": row.video_id,
                                        "rule": rule}).decode())
            deltas[wallet][0] += row.coins
            deltas[chart.COINS_SPENT][1] += row.coins
            diamonds_by_creator[row.recipient_id] += row.diamonds
            spent[row.sender_id] += row.coins
        batch_id = new_id()
        for creator, diamonds in sorted(diamonds_by_creator.items()):
            if diamonds <= 0:
                continue
            transfers.add(new_id(), chart.DIAMONDS_ISSUED, chart.user_diamonds(creator), DIAMOND,
                          diamonds, DIAMONDS_CODE,
                          orjson.dumps({"batch": str(batch_id), "rule": rule}).decode())
            deltas[chart.DIAMONDS_ISSUED][0] += diamonds
            deltas[chart.user_diamonds(creator)][1] += diamonds
        await streams.record_comments(connection, [
            NewComment(p.row.comment_id, p.row.video_id, p.row.sender_id,
                       p.request.comment_text or "", at_ms)
            for p in kept if p.row.comment_id is not None and p.row.video_id is not None
        ])
        await bulk.insert_transfers(connection, transfers, f"gift-batch:{batch_id}", at_ms)
        await bulk.add_to_balances(
            connection, [(a, d, c) for a, (d, c) in sorted(deltas.items())]
        )
        await spending.count_batch(connection, spent, at_ms)

    # --- the catalog ---------------------------------------------------------------------

    async def seed_catalog(self, connection: AsyncConnection, economy: EconomyConfig) -> bool:
        """Fill an empty catalog from the economy defaults (first use). True if it did."""
        if not await repository.catalog_is_empty(connection):
            return False
        await repository.insert_catalog(
            connection, [_catalog_values(g, new=True) for g in economy.gifts],
            ignore_existing=True,
        )
        return True

    async def catalog(self, connection: AsyncConnection) -> list[GiftSpec]:
        return [gift_spec(row) for row in await repository.catalog_rows(connection)]

    async def get_gift(self, connection: AsyncConnection, gift_id: str) -> GiftSpec | None:
        row = await repository.catalog_row(connection, gift_id)
        return None if row is None else gift_spec(row)

    async def add_gift(self, connection: AsyncConnection, spec: GiftSpec) -> bool:
        """Add a gift; False if the id is taken (the caller compares and answers)."""
        return await repository.insert_catalog(
            connection, [_catalog_values(spec, new=True)], ignore_existing=False
        )

    async def change_gift(self, connection: AsyncConnection, spec: GiftSpec) -> None:
        """Replace a gift's catalog entry. Gifts already sent keep their own price."""
        await repository.update_catalog(connection, spec.id, _catalog_values(spec, new=False))

    # --- reads for other domains (payouts, streams) --------------------------------------

    async def diamonds_earned_since(
        self, connection: AsyncConnection, creator_id: str, since_ms: int
    ) -> int:
        """Diamonds `creator_id` earned from gifts at or after `since_ms` (e.g. still on hold)."""
        return await repository.diamonds_since(connection, creator_id, since_ms)

    async def earnings_by_day(
        self, connection: AsyncConnection, creator_id: str, days: int, at_ms: int | None = None
    ) -> list[DayEarnings]:
        """Diamonds and gifts per UTC day over the last `days` days (today included); days
        without gifts are left out."""
        now = at_ms if at_ms is not None else now_ms()
        since_ms = (now // MS_PER_DAY - max(days, 1) + 1) * MS_PER_DAY
        rows = await repository.diamonds_by_day(connection, creator_id, since_ms)
        epoch = dt.date(1970, 1, 1)
        return [DayEarnings(epoch + dt.timedelta(days=int(r.day)), int(r.diamonds), int(r.gifts))
                for r in rows]

    async def gifts_sent_since(
        self, connection: AsyncConnection, sender_id: str, since_ms: int, limit: int
    ) -> list[SentGift]:
        """What a sender gave from `since_ms` on, oldest first (e.g. after a refunded purchase)."""
        rows = await repository.gifts_sent_since(connection, sender_id, since_ms, limit)
        return [_replayed_sent(row, replayed=False) for row in rows]

    async def stream_totals(self, connection: AsyncConnection, stream_id: str) -> tuple[int, int]:
        """(gifts, diamonds) a stream received."""
        return await repository.stream_totals(connection, stream_id)

    # --- reads for LIVE boards (issue 5: fancoins.live) ----------------------------------

    async def top_gifters(
        self, connection: AsyncConnection, *, stream_id: str | None = None,
        recipient_id: str | None = None, since_ms: int | None = None, limit: int,
    ) -> list[BoardTotal]:
        """Senders by coins given to a stream or a creator (since `since_ms`), most first."""
        rows = await repository.top_senders(connection, stream_id=stream_id,
                                            recipient_id=recipient_id, since_ms=since_ms,
                                            limit=limit)
        return [_board_total(row) for row in rows]

    async def top_creators(
        self, connection: AsyncConnection, *, since_ms: int | None, limit: int
    ) -> list[BoardTotal]:
        """Creators by diamonds received since `since_ms`, most first."""
        return [_board_total(row)
                for row in await repository.top_recipients(connection, since_ms, limit)]


def _board_total(row: Any) -> BoardTotal:
    return BoardTotal(row.user_id, row.display_name or row.user_id, int(row.coins),
                      int(row.diamonds), int(row.gifts))


def _ask(request: SendRequest) -> GiftAsk:
    return GiftAsk(request.sender_id, request.gift_id, request.count, request.stream_id,
                   request.video_id)


def _plan_row(index: int, request: SendRequest, decision: Accepted, digest: str) -> _Planned:
    row = GiftRow(
        id=new_id(), sender_id=request.sender_id, recipient_id=decision.recipient_id,
        stream_id=request.stream_id, video_id=request.video_id,
        comment_id=str(new_id()) if request.video_id is not None else None,
        gift_id=decision.gift.id, price_coins=decision.gift.price_coins, count=request.count,
        coins=decision.coins, diamonds=decision.diamonds,
        sender_balance_after_coins=decision.balance_after_coins,
        idempotency_key=request.idempotency_key, request_hash=digest,
    )
    return _Planned(index, request, decision, row)


def _sent(row: GiftRow, at_ms: int) -> SentGift:
    return SentGift(row.id, row.sender_id, row.recipient_id, row.gift_id, row.count, row.coins,
                    row.diamonds, row.sender_balance_after_coins, row.stream_id, row.video_id,
                    row.comment_id, at_ms)


def _replayed_sent(row: Any, *, replayed: bool = True) -> SentGift:
    return SentGift(row.id, row.sender_id, row.recipient_id, row.gift_id, row.count, row.coins,
                    row.diamonds, row.sender_balance_after_coins, row.stream_id, row.video_id,
                    row.comment_id, row.created_at_ms, replayed=replayed)


def _replayed(row: Any, digest: str) -> Outcome:
    return _replayed_sent(row) if row.request_hash == digest else KeyReused()


def _duplicate(first: Outcome | None, same_request: bool) -> Outcome:
    """A second send under a key used earlier in the same batch: the first one's answer."""
    if not same_request:
        return KeyReused()
    if isinstance(first, SentGift):
        return dataclasses.replace(first, replayed=True)
    return first if first is not None else WriteFailed("undecided")


def _committed(p: _Planned, names: dict[str, str], at_ms: int) -> GiftCommitted:
    row, gift = p.row, p.decision.gift
    return GiftCommitted(
        gift_event_id=row.id, stream_id=row.stream_id, video_id=row.video_id,
        comment_id=row.comment_id, sender_id=row.sender_id,
        sender_display_name=names.get(row.sender_id, row.sender_id),
        recipient_id=row.recipient_id, gift_id=gift.id, gift_name=gift.name,
        gift_price_coins=gift.price_coins, streakable=gift.streakable, count=row.count,
        coins=row.coins, diamonds=row.diamonds,
        sender_lifetime_coins=p.decision.lifetime_after_coins, committed_at_ms=at_ms,
    )


def _catalog_values(spec: GiftSpec, *, new: bool) -> dict[str, Any]:
    at = now_ms()
    values: dict[str, Any] = {
        "id": spec.id, "name": spec.name, "price_coins": spec.price_coins,
        "streakable": spec.streakable, "image": spec.image, "active": spec.active,
        "countries": list(spec.countries) if spec.countries else None, "updated_at_ms": at,
    }
    if new:
        values["created_at_ms"] = at
    return values


gifts_service = GiftsService()
