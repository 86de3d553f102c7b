"""A gift's message checked before the gift is queued: the one step between the gift endpoint
and the writer for gifts that carry a message.

A retry of a send whose key already has its answer is not asked again: the writer answers the
key's first result (a moderation that changed its mind must not turn a sent gift into a
refusal, nor the other way round).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from fancoins.db.engine import read_only
from fancoins.gifts.service import SendRequest, gifts_service
from fancoins.moderation.hook import MessageToCheck, ModerationHook


async def moderate_gift(engine: AsyncEngine, hook: ModerationHook, send: SendRequest) -> None:
    """Raises `GiftMessageRefused` or `ModerationUnavailable`; nothing was queued then."""
    if send.message is None:
        return
    async with read_only(engine) as connection:
        if await gifts_service.key_answered(connection, send):
            return
    await hook.check(MessageToCheck(send.sender_id, send.stream_id, send.gift_id, send.count,
                                    send.message))
