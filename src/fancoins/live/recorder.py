"""Combo recording: within a tick's transaction, the tick's gifts extend, start and end
combos; lapsed combos and a stream's combos are ended (each once: see `combos.py`)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.economy.rules import Gifting
from fancoins.gifts.events import GiftSent
from fancoins.live.combos import Combo, ComboOutcome, combos


class ComboRecorder:
    """Records committed gifts into combos, and ends lapsed combos and a stream's combos."""

    def __init__(self, gifting: Gifting, sweep_max: int, grace_ms: int) -> None:
        self._gifting = gifting
        self._sweep_max = sweep_max
        self._grace_ms = grace_ms

    async def record(self, connection: AsyncConnection, gifts: Sequence[GiftSent], at_ms: int,
                     sweep: bool) -> tuple[ComboOutcome, list[Combo]]:
        """The combos the gifts joined (and ended), and the lapsed combos ended by the sweep.
        Raises `IntegrityError` when another process started one of the combos meanwhile
        (the caller retries its transaction)."""
        # The gifts first: a gift is judged by its commit time, and a tick that runs late (a
        # loaded machine) must not end, at its own later time, a combo this gift continues.
        outcome = (await combos.apply(connection, gifts, self._gifting, at_ms)
                   if gifts else ComboOutcome())
        swept = (await combos.end_lapsed(connection, at_ms, self._gifting, self._sweep_max,
                                         self._grace_ms) if sweep else [])
        return outcome, swept

    async def end_stream(self, connection: AsyncConnection, stream_id: str, at_ms: int
                         ) -> list[Combo]:
        return await combos.end_stream(connection, stream_id, at_ms, self._sweep_max)
