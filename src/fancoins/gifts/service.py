"""Gifts: the catalog operators edit, the batch the writer applies, and reads for other domains.

A send is decided and written by `apply_batch` on the caller's unit of work (the writer's
batch, or a single gift's in the one-transaction-per-gift baseline). Services never commit:
the owner of the unit commits, and only then are the gifts announced (`GiftSent`, emitted on
the unit) and anybody answered.

A key's first answer is its answer for good, by the rule of `journal.idempotency`: an
accepted gift keeps its key on its own row (the insert's unique index finds a retry), a
refusal decided from the state of the books is stored with the key in `idempotency_keys`
(the same digest), and both are looked up before a retry is decided again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.uow import UnitOfWork
from fancoins.economy.age import AgeAction
from fancoins.economy.gift_batch import (
    Accepted,
    BatchState,
    Decision,
    GiftAsk,
    GiftRefusal,
    Party,
    Refused,
    Target,
    Wallet,
    plan_gift_batch,
)
from fancoins.economy.limits import SpendLimits
from fancoins.economy.rules import EconomyConfig, EconomyConfigError, GiftSpec
from fancoins.gifts import repository
from fancoins.gifts.errors import GiftExists, GiftInvalid, GiftNotFound, refusal_error
from fancoins.gifts.events import GiftSent
from fancoins.gifts.repository import GiftRow
from fancoins.identity.service import User, audit, users
from fancoins.ids import new_id, now_ms
from fancoins.journal import bulk
from fancoins.journal.bulk import Transfers
from fancoins.journal.idempotency import store_answers, stored_answers
from fancoins.journal.slots import UNSLOTTED, Slot, open_slots, slot_for_batch
from fancoins.kit.clock import MS_PER_DAY
from fancoins.kit.errors import FancoinsError
from fancoins.kit.hashing import request_digest
from fancoins.ledger import COIN, DIAMOND, chart, invariant
from fancoins.safety.eligibility import eligibility
from fancoins.safety.service import Spent, spending
from fancoins.streams.service import NewComment, streams

GIFT_CODE = "gift_sent"
# A batch is decided again when the insert meets keys used meanwhile; each redo answers
# those keys, so a second redo needs yet another concurrent send under a key of this batch.
_ATTEMPTS_MAX = 4
DIAMONDS_CODE = "gift_diamonds"
# Where a refused gift's key keeps its answer (`idempotency_keys`), per sender.
SEND_SCOPE = "gift_send"


# Not frozen (nothing changes it): one is made for every send, and a frozen dataclass's
# __init__ (a call per field) cost several times a plain one's.
@dataclass(slots=True)
class SendRequest:
    """A viewer's send. Exactly one of `stream_id` / `video_id` (with `comment_text`)."""

    sender_id: str
    gift_id: str
    count: int
    idempotency_key: str
    stream_id: str | None = None
    video_id: str | None = None
    comment_text: str | None = None
    message: str | None = None  # a LIVE gift's message (moderated before it is queued)

    def request_hash(self) -> str:
        """The one request digest (`kit.hashing`) of what this send asks for. A message is
        part of it only when there is one, so digests of sends without one never change."""
        asked: dict[str, Any] = {"gift_id": self.gift_id, "count": self.count,
                                 "stream_id": self.stream_id, "video_id": self.video_id,
                                 "comment_text": self.comment_text}
        if self.message is not None:
            asked["message"] = self.message
        return request_digest(asked)

    def legacy_hash(self) -> str:
        """The digest gifts sent before the one digest carry (compared on a replay only)."""
        raw = "\x1f".join((self.gift_id, str(self.count), self.stream_id or "",
                           self.video_id or "", self.comment_text or ""))
        return hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()

    @property
    def scoped_key(self) -> str:
        # Keys are per sender; hashed so sender id + key always fit the key column.
        return hashlib.sha256(f"{self.sender_id}\x00{self.idempotency_key}".encode()).hexdigest()

    @property
    def target_id(self) -> str:
        return self.stream_id or self.video_id or ""


# Not frozen (nothing changes it; a replay is a copy): the writer answers one per gift, and
# a frozen dataclass's __init__ (a call per field) cost several times a plain one's.
@dataclass(slots=True)
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
    message: str | None = None


@dataclass(frozen=True, slots=True)
class GiftNotSent:
    refusal: GiftRefusal
    window: str | None = None
    left_coins: int | None = field(default=None, compare=False)
    target_id: str = field(default="", compare=False)

    def error(self) -> FancoinsError:
        return refusal_error(self.refusal, self.target_id, self.window, self.left_coins)


@dataclass(frozen=True, slots=True)
class RefusalReplayed:
    """The key's stored refusal: its first answer, whatever the books say now."""

    body: dict[str, Any]

    def error(self) -> FancoinsError:
        return FancoinsError.from_body(self.body)


@dataclass(frozen=True, slots=True)
class KeyReused:
    """The sender used this idempotency key before for a different send."""


class KeysKeptChanging(Exception):
    """A batch met newly used idempotency keys on every attempt (the writer splits it)."""


@dataclass(frozen=True, slots=True)
class WriteFailed:
    """The gift's batch is known not to have committed (rolled back): nothing was sent."""

    error: str


@dataclass(frozen=True, slots=True)
class OutcomeUnknown:
    """The gift's batch sent its commit and got no answer: committed or not, only a retry
    with the same key can tell."""

    error: str


Outcome = SentGift | GiftNotSent | RefusalReplayed | KeyReused | WriteFailed | OutcomeUnknown


@dataclass(slots=True)
class BatchResult:
    outcomes: list[Outcome]  # one per request, in order
    committed_count: int = 0  # gifts this batch wrote (announced after its commit)


@dataclass(frozen=True, slots=True)
class DayEarnings:
    day: dt.date
    diamonds: int
    gifts: int


@dataclass(frozen=True, slots=True)
class StreamGiftSums:
    """A stream's gifts: rows (sends), gifts counted, coins and diamonds."""

    sends: int
    count: int
    coins: int
    diamonds: int


@dataclass(frozen=True, slots=True)
class BoardTotal:
    """One line of a top-gifters or top-creators board (fancoins.live)."""

    user_id: str
    display_name: str
    coins: int
    diamonds: int
    gifts: int


@dataclass(frozen=True, slots=True)
class StreamSummary:
    """What one LIVE received: gifts sent, coins, diamonds and its top gifters."""

    sends: int
    coins: int
    diamonds: int
    top_gifters: tuple[BoardTotal, ...]


NO_GIFTS = StreamSummary(0, 0, 0, ())


def revenue_share_rule(economy: EconomyConfig) -> str:
    """The rule in force, recorded with every gift: diamonds per coin and a diamond's cash."""
    g, p = economy.gifting, economy.payouts
    return (f"dpc={g.diamonds_per_coin_numerator}/{g.diamonds_per_coin_denominator};"
            f"cash={p.cash_minor_per_1000_diamonds}/1000{p.currency}")


def gift_spec(row: Any) -> GiftSpec:
    countries = tuple(row.countries) if row.countries else None
    return GiftSpec(row.id, row.name, row.price_coins, row.streakable, row.image, row.active,
                    countries)


@dataclass(slots=True)
class _Loaded:
    state: BatchState
    names: dict[str, str]


@dataclass(slots=True)
class _Context:
    """What a batch names besides wallets: its targets, gifts, people, hot accounts."""

    streams: dict[str, Target]
    videos: dict[str, Target]
    catalog: dict[str, GiftSpec]
    people: list[User]
    hot: set[str]


@dataclass(slots=True)
class _Planned:
    index: int
    request: SendRequest
    decision: Accepted
    row: GiftRow


@dataclass(slots=True)
class _Batch:
    """One batch being decided: its sends, their digests and every key's first answer."""

    requests: Sequence[SendRequest]
    hashes: list[str]
    first_of: dict[tuple[str, str], int]
    sent_before: dict[tuple[str, str], Any] = field(default_factory=dict)  # gift rows
    stored: dict[str, tuple[str, dict[str, Any]]] | None = None  # refusals, by scoped key
    slot: Slot = UNSLOTTED  # where the batch writes the accounts every gift touches

    def answered_before(self, index: int) -> Outcome | None:
        request = self.requests[index]
        row = self.sent_before.get((request.sender_id, request.idempotency_key))
        if row is not None:
            return _replayed(row, request, self.hashes[index])
        if not self.stored:  # the usual case: no key of the batch kept a refusal
            return None
        answer = self.stored.get(request.scoped_key)
        if answer is None:
            return None
        digest, response = answer
        if digest != self.hashes[index]:
            return KeyReused()
        return RefusalReplayed(response["error"])


@dataclass(slots=True)
class Prepared:
    """A batch decided ahead of its locks (`GiftsService.prepare`): on another connection,
    while the batch before it was still being written, against the balances and spending
    that batch leaves its senders. Its decisions stand only if, once the batch holds its
    locks, its senders' wallets are exactly the ones it decided against (`wallets`); else
    the batch is decided again, as one at a time would decide it."""

    at_ms: int
    loaded: _Loaded  # the state read ahead; its wallets are those after the decisions
    wallets: dict[str, Wallet]  # what the decisions were made against
    limits: dict[str, SpendLimits]  # each sender's limits in force, read ahead
    hot: set[str]  # the accounts every gift touches (credited, never decided against)
    decisions: list[Decision]


# Each sender's wallet after a batch's decisions: what the next batch is decided against
# while this one commits.
Projection = dict[str, Wallet]


class GiftsService:
    async def apply_batch(
        self, uow: UnitOfWork, requests: Sequence[SendRequest], economy: EconomyConfig,
        at_ms: int, slots: int = 1, prepared: Prepared | None = None,
        decided: Callable[[Projection], None] | None = None,
    ) -> BatchResult:
        """Decide and write `requests` in arrival order on the caller's unit of work.

        A key's first answer is found before its send is decided again: stored refusals are
        read once the batch holds its locks; gifts the batch would refuse are looked up by
        key (a retry of an accepted gift that finds no coins left is answered its gift); an
        accepted gift's key is probed by the gift insert's unique index anyway, so a key
        found there (a retry, or another process's send committed meanwhile) costs only a
        redo: the batch's gifts are taken back and the batch decided again with that key
        answered from its first result, so a replay never spends and never changes a later
        gift's decision. Nothing else was written yet when the insert runs.

        `prepared` (from `prepare`, for these requests at `at_ms`) spares the reads and the
        decisions when the locked wallets are those it decided against. `decided` is told
        the senders' wallets after the batch's final decisions, once its writes are done.

        With `slots` > 1 the creators' diamonds (and the platform's coins-spent and
        diamonds-issued) are written to one of that many sub-accounts (`journal.slots`)."""
        connection = await uow.connect()
        first_of = _first_of(requests)
        batch = _Batch(requests, _digests(requests), first_of,
                       slot=await slot_for_batch(connection, slots, at_ms))
        for _attempt in range(_ATTEMPTS_MAX):
            outcomes: list[Outcome | None] = [None] * len(requests)
            fresh: list[int] = []
            for index in first_of.values():
                outcomes[index] = batch.answered_before(index)
                if outcomes[index] is None:
                    fresh.append(index)
            result = BatchResult([])
            if not fresh:
                break
            asked = [requests[i] for i in fresh]
            ahead = await self._lock_prepared(connection, asked, prepared, batch.slot, at_ms)
            prepared = None  # a redo reads and decides afresh
            if ahead is None:
                loaded = await self._load(connection, asked, economy, at_ms, batch.slot)
            if batch.stored is None:  # read under the batch's locks, before any decision
                batch.stored = await stored_answers(
                    connection, SEND_SCOPE, {r.scoped_key for r in asked})
                if batch.stored:
                    continue  # decided again without the keys answered before
            if ahead is not None:
                loaded, decisions = ahead.loaded, ahead.decisions
            else:
                decisions = plan_gift_batch([_ask(r) for r in asked], loaded.state,
                                            economy.gifting, economy.gift_tiers)
            used = await self._write(uow, fresh, batch, decisions, loaded, economy, at_ms,
                                     outcomes, result)
            if not used:
                if decided is not None:
                    decided(loaded.state.wallets)
                break
            batch.sent_before.update(await repository.gifts_by_keys(connection, used))
        else:
            raise KeysKeptChanging("idempotency keys kept being used concurrently")
        for index, request in enumerate(requests):
            first = first_of[(request.sender_id, request.idempotency_key)]
            if first != index:
                outcomes[index] = _duplicate(outcomes[first],
                                             batch.hashes[first] == batch.hashes[index])
        result.outcomes = [o if o is not None else WriteFailed("undecided") for o in outcomes]
        invariant(all(o is not None for o in outcomes), "every gift of a batch gets an answer")
        return result

    async def prepare(
        self, connection: AsyncConnection, requests: Sequence[SendRequest],
        economy: EconomyConfig, at_ms: int, before: Awaitable[Projection | None],
    ) -> Prepared:
        """Read and decide a batch ahead of its locks, on a connection of its own (nothing
        locked, nothing written): `before` gives the wallets the batch still being written
        leaves its senders (None: it failed, the books are as read). `apply_batch` then
        locks and checks that the decisions still hold."""
        asked = [requests[i] for i in _first_of(requests).values()]
        senders = {r.sender_id for r in asked}
        spending_now = await spending.load_batch(connection, senders, at_ms, lock=False)
        context = await self._context(connection, asked)
        balances = await bulk.lock_balances(
            connection, {chart.user_coins(s) for s in senders} | context.hot, lock=False)
        loaded = await self._state(connection, context, senders, spending_now, balances,
                                   economy, at_ms, UNSLOTTED)
        wallets = loaded.state.wallets
        for sender, after in (await before or {}).items():
            if sender in wallets:
                wallets[sender] = dataclasses.replace(after, limits=wallets[sender].limits)
        decided_against = {s: dataclasses.replace(w) for s, w in wallets.items()}
        decisions = plan_gift_batch([_ask(r) for r in asked], loaded.state, economy.gifting,
                                    economy.gift_tiers)
        return Prepared(at_ms, loaded, decided_against,
                        {s: limits for s, (limits, _) in spending_now.items()}, context.hot,
                        decisions)

    async def _lock_prepared(
        self, connection: AsyncConnection, asked: Sequence[SendRequest],
        prepared: Prepared | None, slot: Slot, at_ms: int,
    ) -> Prepared | None:
        """Take the locks `_load` takes for a prepared batch; the prepared batch if its
        senders' wallets are still those it decided against, else None (the locks stay:
        `_load` takes them again as a no-op)."""
        if prepared is None or prepared.at_ms != at_ms:
            return None
        senders = {r.sender_id for r in asked}
        if senders != set(prepared.limits):
            return None
        spent = await spending.lock_spent(connection, senders, at_ms)
        await open_slots(connection, prepared.hot, slot, at_ms)  # before they are locked
        balances = await bulk.lock_balances(
            connection, {chart.user_coins(s) for s in senders} | {slot.at(h)
                                                                  for h in prepared.hot})
        now = _wallets(senders, balances, {s: (prepared.limits[s], spent[s]) for s in senders})
        return prepared if now == prepared.wallets else None

    async def _load(
        self, connection: AsyncConnection, requests: Sequence[SendRequest],
        economy: EconomyConfig, at_ms: int, slot: Slot,
    ) -> _Loaded:
        senders = {r.sender_id for r in requests}
        # Locks first. (A redo after a used key locks the same rows again: a no-op.)
        limits = await spending.load_batch(connection, senders, at_ms)
        context = await self._context(connection, requests)
        await open_slots(connection, context.hot, slot, at_ms)  # before they are locked
        balances = await bulk.lock_balances(
            connection, {chart.user_coins(s) for s in senders} | {slot.at(h)
                                                                  for h in context.hot})
        return await self._state(connection, context, senders, limits, balances, economy,
                                 at_ms, slot)

    async def _context(self, connection: AsyncConnection, requests: Sequence[SendRequest]
                       ) -> _Context:
        """The streams, videos, gifts and people a batch names (read, never locked)."""
        stream_targets, video_targets = await streams.targets(
            connection, {r.stream_id for r in requests if r.stream_id},
            {r.video_id for r in requests if r.video_id},
        )
        creators = {t.creator_id for t in (*stream_targets.values(), *video_targets.values())}
        catalog = {
            row.id: gift_spec(row) for row in
            await repository.catalog_rows_by_id(connection, {r.gift_id for r in requests})
        }
        people = await users.get_many(connection, {r.sender_id for r in requests} | creators)
        hot = {chart.user_diamonds(c) for c in creators} | {chart.COINS_SPENT,
                                                           chart.DIAMONDS_ISSUED}
        return _Context(stream_targets, video_targets, catalog, people, hot)

    async def _state(
        self, connection: AsyncConnection, context: _Context, senders: set[str],
        limits: dict[str, tuple[SpendLimits, Spent]], balances: dict[str, bulk.Balances],
        economy: EconomyConfig, at_ms: int, slot: Slot,
    ) -> _Loaded:
        wallets = _wallets(senders, balances, limits)
        people = context.people
        # Ages per action and country, freezes and gifting bans are read fresh every batch
        # (never cached): a ban counts from the next batch on. A `Party` is an immutable
        # value: people alike share one.
        involved = [p for p in people
                    if p.id in senders or slot.at(chart.user_diamonds(p.id)) in balances]
        standing = await eligibility.gift_standing(connection, involved, economy, at_ms)
        alike: dict[tuple[frozenset[AgeAction], bool, str, bool], Party] = {}
        parties: dict[str, Party] = {}
        names: dict[str, str] = {person.id: person.display_name for person in people}
        for person in involved:
            stands = standing[person.id]
            like = (stands.old_enough, stands.frozen, person.country, person.is_creator)
            party = alike.get(like)
            if party is None:
                party = alike[like] = Party(*like)
            parties[person.id] = party
        state = BatchState(gifts=context.catalog, parties=parties,
                           streams=context.streams, videos=context.videos, wallets=wallets)
        return _Loaded(state, names)

    async def _write(
        self, uow: UnitOfWork, fresh: Sequence[int], batch: _Batch,
        decisions: Sequence[Decision], loaded: _Loaded, economy: EconomyConfig, at_ms: int,
        outcomes: list[Outcome | None], result: BatchResult,
    ) -> list[tuple[str, str]]:
        """Write the accepted gifts and store the refusals. Returns the keys found already
        used by a gift (nothing written then)."""
        connection = await uow.connect()
        requests, planned, refused = batch.requests, [], []
        for index, decision in zip(fresh, decisions, strict=True):
            if isinstance(decision, Refused):
                outcomes[index] = GiftNotSent(decision.refusal, decision.window,
                                              decision.left_coins, requests[index].target_id)
                refused.append(index)
                continue
            planned.append(_plan_row(index, requests[index], decision, batch.hashes[index]))
        if refused:  # a retry of an accepted gift may be refused now (no coins left)
            keys = {(requests[i].sender_id, requests[i].idempotency_key) for i in refused}
            batch.sent_before.update(await repository.gifts_by_keys(connection, keys))
            for index in refused:
                outcomes[index] = batch.answered_before(index) or outcomes[index]
        rule = revenue_share_rule(economy)
        kept_ids = await repository.insert_gifts(connection, [p.row for p in planned], rule,
                                                 at_ms)
        if len(kept_ids) < len(planned):  # keys used before: take the batch back, redo
            await repository.delete_gifts(connection, kept_ids)
            return [(p.request.sender_id, p.request.idempotency_key) for p in planned
                    if p.row.id not in kept_ids]
        await self._store_refusals(connection, batch, refused, outcomes)
        await self._post(connection, planned, rule, at_ms, batch.slot)
        for p in planned:
            outcomes[p.index] = _sent(p.row, at_ms)
        uow.emit(*(_announced(p, loaded.names, at_ms) for p in planned))
        result.committed_count = len(planned)
        return []

    async def _store_refusals(
        self, connection: AsyncConnection, batch: _Batch, refused: Sequence[int],
        outcomes: list[Outcome | None],
    ) -> None:
        """Keep each refusal decided from the books as its key's answer (`stored` errors, as
        `journal.idempotency` keeps them); a key stored meanwhile answers what it stored."""
        answers: dict[str, tuple[int, dict[str, Any]]] = {}
        for index in refused:
            outcome = outcomes[index]
            if isinstance(outcome, GiftNotSent):
                error = outcome.error()
                if error.stored:
                    answers[batch.requests[index].scoped_key] = (index, {"error": error.body()})
        if not answers:
            return
        stored = await store_answers(connection, SEND_SCOPE, [
            (key, batch.hashes[index], answer) for key, (index, answer) in answers.items()])
        if len(stored) < len(answers):
            batch.stored = {**(batch.stored or {}), **await stored_answers(
                connection, SEND_SCOPE, set(answers) - stored)}
            for key, (index, _) in answers.items():
                if key not in stored:
                    outcomes[index] = batch.answered_before(index) or outcomes[index]

    async def _post(
        self, connection: AsyncConnection, kept: Sequence[_Planned], rule: str, at_ms: int,
        slot: Slot,
    ) -> None:
        """The ledger legs (one coin transfer per gift, one diamond transfer per creator),
        the balances, the comments and the spend counters, set-based."""
        if not kept:
            return
        coins_spent, diamonds_issued = slot.at(chart.COINS_SPENT), slot.at(chart.DIAMONDS_ISSUED)
        transfers = Transfers()
        deltas: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        diamonds_by_creator: dict[str, int] = defaultdict(int)
        spent: dict[str, int] = defaultdict(int)
        details_made: dict[tuple[str, int, str | None, str | None], str] = {}
        coins_total = 0
        for p in kept:
            row = p.row
            wallet = chart.user_coins(row.sender_id)
            transfers.add(row.id, wallet, coins_spent, COIN, row.coins, GIFT_CODE,
                          _details(row, rule, details_made))
            deltas[wallet][0] += row.coins
            coins_total += row.coins
            diamonds_by_creator[row.recipient_id] += row.diamonds
            spent[row.sender_id] += row.coins
        deltas[coins_spent][1] += coins_total
        batch_id = new_id()
        for creator, diamonds in sorted(diamonds_by_creator.items()):
            if diamonds <= 0:
                continue
            earned = slot.at(chart.user_diamonds(creator))
            transfers.add(new_id(), diamonds_issued, earned, DIAMOND, diamonds, DIAMONDS_CODE,
                          orjson.dumps({"batch": str(batch_id), "rule": rule}).decode())
            deltas[diamonds_issued][0] += diamonds
            deltas[earned][1] += diamonds
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

    async def seed_catalog(self, uow: UnitOfWork, economy: EconomyConfig) -> bool:
        """Fill an empty catalog from the economy defaults (at start-up). True if it did."""
        connection = await uow.connect()
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

    async def add_gift(self, uow: UnitOfWork, spec: GiftSpec, actor: str) -> GiftSpec:
        """Add a gift (audited). The same gift again answers it; a different one under a
        taken id raises `GiftExists`."""
        connection = await uow.connect()
        if not await repository.insert_catalog(
                connection, [_catalog_values(spec, new=True)], ignore_existing=False):
            if await self.get_gift(connection, spec.id) != spec:
                raise GiftExists(f"gift {spec.id} exists")
            return spec
        await audit.record(connection, actor=actor, action="gift.added", target=f"gift:{spec.id}",
                           reason="catalog", data={"price_coins": spec.price_coins})
        return spec

    async def change_gift(self, uow: UnitOfWork, gift_id: str, changes: dict[str, Any],
                          actor: str) -> GiftSpec:
        """Change or retire a gift's catalog entry (audited; raises `GiftNotFound`,
        `GiftInvalid`). Gifts already sent keep their own price."""
        connection = await uow.connect()
        current = await self.get_gift(connection, gift_id)
        if current is None:
            raise GiftNotFound(f"no gift {gift_id}")
        spec = spec_of(gift_id, {**_fields(current), **changes})
        if spec != current:
            await repository.update_catalog(connection, spec.id, _catalog_values(spec, new=False))
            await audit.record(connection, actor=actor, action="gift.changed",
                               target=f"gift:{gift_id}", reason="catalog", data=changes)
        return spec

    # --- reads for other domains (payouts, streams) --------------------------------------

    async def key_answered(self, connection: AsyncConnection, request: SendRequest) -> bool:
        """Whether the send's idempotency key already has its answer (a gift, or a refusal
        kept as the key's answer): a retry is answered from it, not decided again."""
        key = (request.sender_id, request.idempotency_key)
        if await repository.gifts_by_keys(connection, {key}):
            return True
        return bool(await stored_answers(connection, SEND_SCOPE, {request.scoped_key}))

    async def sender_totals(
        self, connection: AsyncConnection, *, stream_ids: Collection[str],
        recipient_ids: Collection[str], since_ms: int, until_ms: int,
    ) -> list[BoardTotal]:
        """Coins given by each sender to these creators in these streams, committed in
        [since_ms, until_ms), most first (a battle side's exact result)."""
        rows = await repository.sender_totals(connection, stream_ids, recipient_ids, since_ms,
                                              until_ms)
        return [_board_total(row) for row in rows]

    async def video_totals(self, connection: AsyncConnection, video_id: str
                           ) -> tuple[int, int, int]:
        """(gifts, coins, diamonds) a video's comments received."""
        return await repository.video_totals(connection, video_id)

    async def gifts_on_comments(
        self, connection: AsyncConnection, video_id: str, comment_ids: Collection[str]
    ) -> dict[str, SentGift]:
        """The gift each of these comments of the video came with, by comment id."""
        rows = await repository.gifts_on_comments(connection, video_id, comment_ids)
        return {row.comment_id: _replayed_sent(row, replayed=False) for row in rows}

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

    async def stream_totals_many(
        self, connection: AsyncConnection, stream_ids: Collection[str]
    ) -> dict[str, tuple[int, int]]:
        """(gifts, diamonds) per stream, (0, 0) for a stream without gifts, in one query."""
        found = await repository.stream_totals_many(connection, stream_ids)
        return {stream_id: found.get(stream_id, (0, 0)) for stream_id in stream_ids}

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

    async def stream_summaries(
        self, connection: AsyncConnection, stream_ids: Collection[str], top_gifters: int
    ) -> dict[str, StreamSummary]:
        """Per stream: its totals and its `top_gifters` senders by coins (two queries for
        any number of streams); a stream without gifts gets zeros and no gifters."""
        tops: dict[str, list[BoardTotal]] = {}
        for row in await repository.top_senders_per_stream(connection, stream_ids, top_gifters):
            tops.setdefault(row.stream_id, []).append(_board_total(row))
        found = {row.stream_id: StreamSummary(
            int(row.sends), int(row.coins), int(row.diamonds),
            tuple(tops.get(row.stream_id, ())))
            for row in await repository.stream_sums_many(connection, stream_ids)}
        return {stream_id: found.get(stream_id, NO_GIFTS) for stream_id in stream_ids}

    async def stream_gift_sums(self, connection: AsyncConnection, stream_id: str
                               ) -> StreamGiftSums:
        """Everything a stream received (LIVE checks its events told all of it)."""
        sends, count, coins, diamonds = await repository.stream_gift_sums(connection, stream_id)
        return StreamGiftSums(sends, count, coins, diamonds)


def _board_total(row: Any) -> BoardTotal:
    return BoardTotal(row.user_id, row.display_name or row.user_id, int(row.coins),
                      int(row.diamonds), int(row.gifts))


def _first_of(requests: Sequence[SendRequest]) -> dict[tuple[str, str], int]:
    """Where each (sender, key) first occurs in a batch: later ones get its answer."""
    first_of: dict[tuple[str, str], int] = {}
    for index, request in enumerate(requests):
        first_of.setdefault((request.sender_id, request.idempotency_key), index)
    return first_of


def _digests(requests: Sequence[SendRequest]) -> list[str]:
    """Each send's request digest. A storm's sends ask alike (one gift, count and stream):
    each distinct ask is hashed once per batch."""
    made: dict[tuple[str, int, str | None, str | None, str | None, str | None], str] = {}
    digests = []
    for request in requests:
        ask = (request.gift_id, request.count, request.stream_id, request.video_id,
               request.comment_text, request.message)
        digest = made.get(ask)
        if digest is None:
            digest = made[ask] = request.request_hash()
        digests.append(digest)
    return digests


def _wallets(senders: Collection[str], balances: dict[str, bulk.Balances],
             limits: dict[str, tuple[SpendLimits, Spent]]) -> dict[str, Wallet]:
    """Each sender's wallet from their coin balance, limits and spend (none without a coin
    account)."""
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
    return wallets


def _ask(request: SendRequest) -> GiftAsk:
    return GiftAsk(request.sender_id, request.gift_id, request.count, request.stream_id,
                   request.video_id, len(request.message or ""))


def _plan_row(index: int, request: SendRequest, decision: Accepted, digest: str) -> _Planned:
    row = GiftRow(
        id=new_id(), sender_id=request.sender_id, recipient_id=decision.recipient_id,
        stream_id=request.stream_id, video_id=request.video_id,
        comment_id=str(new_id()) if request.video_id is not None else None,
        gift_id=decision.gift.id, price_coins=decision.gift.price_coins, count=request.count,
        coins=decision.coins, diamonds=decision.diamonds,
        sender_balance_after_coins=decision.balance_after_coins,
        idempotency_key=request.idempotency_key, request_hash=digest,
        message=request.message,
    )
    return _Planned(index, request, decision, row)


def _details(row: GiftRow, rule: str,
             made: dict[tuple[str, int, str | None, str | None], str]) -> str:
    """A gift's coin transfer's user data (JSON text). A storm's gifts are alike (one gift,
    count and stream): their text is made once per batch; a message makes a gift's its own."""
    kind = (row.gift_id, row.count, row.stream_id, row.video_id)
    if row.message is None and (text := made.get(kind)) is not None:
        return text
    details: dict[str, Any] = {"gift_id": row.gift_id, "count": row.count,
                               "stream_id": row.stream_id, "video_id": row.video_id,
                               "rule": rule}
    if row.message is not None:  # the sender's statement shows what they wrote
        details["message"] = row.message
        return orjson.dumps(details).decode()
    text = made[kind] = orjson.dumps(details).decode()
    return text


def _sent(row: GiftRow, at_ms: int) -> SentGift:
    return SentGift(row.id, row.sender_id, row.recipient_id, row.gift_id, row.count, row.coins,
                    row.diamonds, row.sender_balance_after_coins, row.stream_id, row.video_id,
                    row.comment_id, at_ms, message=row.message)


def _replayed_sent(row: Any, *, replayed: bool = True) -> SentGift:
    return SentGift(row.id, row.sender_id, row.recipient_id, row.gift_id, row.count, row.coins,
                    row.diamonds, row.sender_balance_after_coins, row.stream_id, row.video_id,
                    row.comment_id, row.created_at_ms, replayed=replayed, message=row.message)


def _replayed(row: Any, request: SendRequest, digest: str) -> Outcome:
    if row.request_hash == digest or row.request_hash == request.legacy_hash():
        return _replayed_sent(row)
    return KeyReused()


def _duplicate(first: Outcome | None, same_request: bool) -> Outcome:
    """A second send under a key used earlier in the same batch: the first one's answer."""
    if not same_request:
        return KeyReused()
    if isinstance(first, SentGift):
        return dataclasses.replace(first, replayed=True)
    return first if first is not None else WriteFailed("undecided")


def _announced(p: _Planned, names: dict[str, str], at_ms: int) -> GiftSent:
    row, gift = p.row, p.decision.gift
    return GiftSent(
        gift_event_id=row.id, stream_id=row.stream_id, video_id=row.video_id,
        comment_id=row.comment_id, sender_id=row.sender_id,
        sender_display_name=names.get(row.sender_id, row.sender_id),
        recipient_id=row.recipient_id, gift_id=gift.id, gift_name=gift.name,
        gift_price_coins=gift.price_coins, streakable=gift.streakable, count=row.count,
        coins=row.coins, diamonds=row.diamonds,
        sender_lifetime_coins=p.decision.lifetime_after_coins, committed_at_ms=at_ms,
        message=row.message,
    )


def _fields(spec: GiftSpec) -> dict[str, Any]:
    return {"name": spec.name, "price_coins": spec.price_coins, "streakable": spec.streakable,
            "image": spec.image, "active": spec.active,
            "countries": list(spec.countries) if spec.countries else None}


def spec_of(gift_id: str, fields: dict[str, Any]) -> GiftSpec:
    """A catalog entry from its fields (raises `GiftInvalid`)."""
    countries = fields["countries"]
    try:
        return GiftSpec(gift_id, fields["name"], fields["price_coins"], fields["streakable"],
                        fields["image"], fields["active"], tuple(countries) if countries else None)
    except EconomyConfigError as error:
        raise GiftInvalid(str(error)) from None


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
