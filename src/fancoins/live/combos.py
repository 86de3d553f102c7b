"""Combos: the same sender sending the same streakable gift within the combo window.

The decision is the economy's pure `plan_combo`; the state is the `live_combos` table, so
every API process extends the same combo and a combo survives a restart. A combo ends once:
the conditional update that ends it returns its id to one caller only, and only that caller
announces `combo.ended`; the same transaction writes its `ComboEnded` to the outbox (the
host's webhooks), so the host hears of each ended combo once, whichever process ended it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db import outbox
from fancoins.economy.gifts import ComboState, plan_combo
from fancoins.economy.rules import Gifting, GiftSpec
from fancoins.gifts.events import GiftSent
from fancoins.ids import new_id
from fancoins.ledger import invariant
from fancoins.live import repository
from fancoins.live.events import ComboEnded

MS_PER_S = 1000


@dataclass(frozen=True, slots=True)
class Combo:
    id: uuid.UUID
    stream_id: str
    sender_id: str
    sender_display_name: str
    sender_lifetime_coins: int
    gift_id: str
    gift_name: str
    gift_price_coins: int
    count: int
    coins: int
    diamonds: int
    started_at_ms: int
    last_at_ms: int
    ended_at_ms: int | None = None


@dataclass(slots=True)
class ComboOutcome:
    # For each gift, in order: the combo it joined as it stood right after it (None: the
    # gift is not streakable).
    per_gift: list[Combo | None] = field(default_factory=list)
    # Combos ended by this call (a new gift replaced them), with their final totals.
    ended: list[Combo] = field(default_factory=list)


def open_key(stream_id: str, sender_id: str) -> str:
    return f"{stream_id}/{sender_id}"


def _combo(row: Any) -> Combo:
    return Combo(row.id, row.stream_id, row.sender_id, row.sender_display_name,
                 row.sender_lifetime_coins, row.gift_id, row.gift_name, row.gift_price_coins,
                 row.count, row.coins, row.diamonds, row.started_at_ms, row.last_at_ms,
                 row.ended_at_ms)


def _state(combo: Combo | None) -> ComboState | None:
    if combo is None:
        return None
    return ComboState(str(combo.id), combo.sender_id, combo.gift_id, combo.count,
                      combo.started_at_ms, combo.last_at_ms)


def _spec(gift: GiftSent) -> GiftSpec:
    # Only id and streakable matter to the combo rule; the writer already validated the gift.
    return GiftSpec(gift.gift_id, gift.gift_name, gift.gift_price_coins, gift.streakable,
                    image="-", active=True, countries=None)


def _started(gift: GiftSent, stream_id: str, combo_id: uuid.UUID) -> Combo:
    return Combo(combo_id, stream_id, gift.sender_id, gift.sender_display_name,
                 gift.sender_lifetime_coins, gift.gift_id, gift.gift_name, gift.gift_price_coins,
                 gift.count, gift.coins, gift.diamonds, gift.committed_at_ms,
                 gift.committed_at_ms)


def _extended(combo: Combo, gift: GiftSent) -> Combo:
    return replace(combo, count=combo.count + gift.count, coins=combo.coins + gift.coins,
                   diamonds=combo.diamonds + gift.diamonds,
                   last_at_ms=max(combo.last_at_ms, gift.committed_at_ms),
                   sender_display_name=gift.sender_display_name,
                   sender_lifetime_coins=gift.sender_lifetime_coins)


class ComboService:
    async def apply(self, connection: AsyncConnection, gifts: Sequence[GiftSent],
                    gifting: Gifting, at_ms: int) -> ComboOutcome:
        """Extend, start and end combos for committed stream gifts, in commit order."""
        keys = {open_key(g.stream_id, g.sender_id) for g in gifts if g.stream_id}
        loaded = {key: _combo(row)
                  for key, row in (await repository.open_combos(connection, keys)).items()}
        in_db = {combo.id for combo in loaded.values()}
        current: dict[str, Combo | None] = dict(loaded)
        final: dict[uuid.UUID, Combo] = {}
        outcome = ComboOutcome()
        ended_ids: list[uuid.UUID] = []
        for gift in gifts:
            invariant(gift.stream_id is not None, "combos are for LIVE gifts only")
            stream_id = gift.stream_id or ""
            key = open_key(stream_id, gift.sender_id)
            previous = current.get(key)
            decision = plan_combo(_state(previous), gift.sender_id, _spec(gift), gift.count,
                                  gift.committed_at_ms, gifting, new_combo_id="")
            if decision.ended is not None and previous is not None:
                ended_ids.append(previous.id)
                final.setdefault(previous.id, previous)
            if decision.state is None:
                combo = None
            elif decision.extends and previous is not None:
                combo = _extended(previous, gift)
            else:
                combo = _started(gift, stream_id, new_id())
            current[key] = combo
            if combo is not None:
                final[combo.id] = combo
            outcome.per_gift.append(combo)
        await self._write(connection, final, in_db, ended_ids, at_ms, outcome)
        return outcome

    async def _write(self, connection: AsyncConnection, final: dict[uuid.UUID, Combo],
                     in_db: set[uuid.UUID], ended_ids: list[uuid.UUID], at_ms: int,
                     outcome: ComboOutcome) -> None:
        # Order matters: totals of stored combos first, then ends (which free their open key),
        # then new combos (which may take the key a combo just freed).
        await repository.extend_combos(connection, [
            {"combo_id": c.id, "n": c.count, "c": c.coins, "d": c.diamonds, "last": c.last_at_ms,
             "name": c.sender_display_name, "lifetime": c.sender_lifetime_coins}
            for c in final.values() if c.id in in_db
        ])
        stored_ended = {i for i in ended_ids if i in in_db}
        done = await repository.end_combos(connection, stored_ended, at_ms)
        invariant(done == stored_ended, "an open combo we hold locked was ended elsewhere")
        ended_now = set(ended_ids)
        await repository.insert_combos(connection, [
            _row(c, at_ms if c.id in ended_now else None)
            for c in final.values() if c.id not in in_db
        ])
        outcome.ended = [replace(final[i], ended_at_ms=at_ms) for i in ended_ids]
        await outbox.record(connection, [_ended(c) for c in outcome.ended])

    async def end_lapsed(self, connection: AsyncConnection, now_ms: int, gifting: Gifting,
                         limit: int, grace_ms: int = 0) -> list[Combo]:
        """End combos whose window lapsed `grace_ms` ago (their sender stopped, left, or we
        restarted)."""
        cutoff_ms = now_ms - gifting.combo_window_s * MS_PER_S - grace_ms
        return await self._end(connection, await repository.lapsed_combos(
            connection, cutoff_ms, limit), now_ms)

    async def end_stream(self, connection: AsyncConnection, stream_id: str, now_ms: int,
                         limit: int) -> list[Combo]:
        """End a stream's open combos (the stream ended)."""
        rows = await repository.stream_open_combos(connection, stream_id, limit)
        return await self._end(connection, rows, now_ms)

    async def _end(self, connection: AsyncConnection, rows: Sequence[Any], now_ms: int
                   ) -> list[Combo]:
        candidates = {row.id: _combo(row) for row in rows}
        done = await repository.end_combos(connection, set(candidates), now_ms)
        ended = [replace(candidates[i], ended_at_ms=now_ms)
                 for i in sorted(done, key=lambda i: candidates[i].last_at_ms)]
        await outbox.record(connection, [_ended(c) for c in ended])
        return ended

    async def get(self, connection: AsyncConnection, combo_id: uuid.UUID) -> Combo | None:
        row = await repository.get_combo(connection, combo_id)
        return None if row is None else _combo(row)

    async def of_stream(self, connection: AsyncConnection, stream_id: str, limit: int
                        ) -> list[Combo]:
        return [_combo(r) for r in await repository.combos_of_stream(connection, stream_id,
                                                                    limit)]


def _ended(combo: Combo) -> ComboEnded:
    return ComboEnded(combo.id, combo.stream_id, combo.sender_id, combo.sender_display_name,
                      combo.gift_id, combo.gift_name, combo.gift_price_coins, combo.count,
                      combo.coins, combo.diamonds, combo.started_at_ms, combo.last_at_ms,
                      combo.ended_at_ms or combo.last_at_ms)


def _row(combo: Combo, ended_at_ms: int | None) -> dict[str, Any]:
    return {
        "id": combo.id, "stream_id": combo.stream_id, "sender_id": combo.sender_id,
        "sender_display_name": combo.sender_display_name,
        "sender_lifetime_coins": combo.sender_lifetime_coins, "gift_id": combo.gift_id,
        "gift_name": combo.gift_name, "gift_price_coins": combo.gift_price_coins,
        "count": combo.count, "coins": combo.coins, "diamonds": combo.diamonds,
        "started_at_ms": combo.started_at_ms, "last_at_ms": combo.last_at_ms,
        "ended_at_ms": ended_at_ms,
        "open_key": None if ended_at_ms is not None else open_key(combo.stream_id,
                                                                  combo.sender_id),
    }


combos = ComboService()
