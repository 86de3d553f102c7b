"""One gift sent as `POST /v1/gifts/send` sends it, answered as a value: for the gifts of a
batch and the gifts sent on a LIVE socket, each with its own key and its own answer (the same
refusals with the same problem types, the same replays, one key space)."""

from __future__ import annotations

from starlette.requests import HTTPConnection

from fancoins.api.auth import Principal, Scope, acting_for
from fancoins.api.deps import container_of
from fancoins.gifts.errors import GiftOutcomeUnknown, GiftWriteFailed, GiftWriterUnavailable
from fancoins.gifts.schemas import GiftBatchItemIn, GiftBatchResultOut, GiftSentOut
from fancoins.gifts.service import (
    GiftNotSent,
    KeyReused,
    OutcomeUnknown,
    RefusalReplayed,
    SendRequest,
    SentGift,
    WriteFailed,
)
from fancoins.kit.errors import FancoinsError, IdempotencyKeyReused
from fancoins.moderation.service import moderate_gift
from fancoins.safety.rates import RateRefusal


def refusal_of(outcome: GiftNotSent | RefusalReplayed | KeyReused | WriteFailed | OutcomeUnknown,
             retry_s: int) -> FancoinsError:
    """What a gift that was not (or not surely) sent answers, with its problem type."""
    if isinstance(outcome, GiftNotSent | RefusalReplayed):
        return outcome.error()
    if isinstance(outcome, KeyReused):
        return IdempotencyKeyReused()
    if isinstance(outcome, OutcomeUnknown):
        return GiftOutcomeUnknown(
            f"{outcome.error}: the gift may or may not have been sent; retry with the same "
            "Idempotency-Key to learn its outcome", retry_after_s=retry_s)
    return GiftWriteFailed(f"{outcome.error}: nothing was sent; retry with the same "
                           "Idempotency-Key", retry_after_s=retry_s)


async def send_one(connection: HTTPConnection, principal: Principal, item: GiftBatchItemIn,
                   limited: RateRefusal | None) -> GiftBatchResultOut:
    """Send `item` (or answer `limited`, the rate limit's refusal); every refusal, including
    one that stops it before the writer, is its answer, never raised."""
    container = container_of(connection)
    settings = container.settings
    key = item.idempotency_key
    try:
        if limited is not None:
            raise limited.error()
        send = SendRequest(acting_for(principal, item.sender_id, Scope.GIFTS_WRITE),
                           item.gift_id, item.count, key, item.stream_id, item.video_id,
                           item.comment_text, item.message)
        if send.message is not None:
            await moderate_gift(container.engine, container.moderation, send)
        writer = container.gift_writer
        if writer is None:
            raise GiftWriterUnavailable("the writer is not running",
                                        retry_after_s=settings.gifts.retry_after_s)
        outcome = await writer.send(send, settings.gifts.commit_timeout_s)
        if isinstance(outcome, SentGift):
            return GiftBatchResultOut(idempotency_key=key, status=201,
                                      gift=GiftSentOut.of(outcome), replayed=outcome.replayed)
        error = refusal_of(outcome, settings.gifts.retry_after_s)
    except FancoinsError as caught:
        error = caught
    return GiftBatchResultOut(idempotency_key=key, status=error.status_code,
                              problem=error.body())
