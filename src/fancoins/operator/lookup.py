"""An operator's lookup of one id: the purchase, withdrawal, promotion or ledger transfer it
names, each read through its own domain's service. A purchase and the transfer that booked it
may share an id (transfers of a purchase take ids derived from it), so every kind found is
answered, not only the first."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.accounts.service import Transfer, TransferNotFound, reader
from fancoins.kit.errors import NotFound
from fancoins.payouts.errors import WithdrawalNotFound
from fancoins.payouts.service import Withdrawal, payouts
from fancoins.promotions.errors import PromotionNotFound
from fancoins.promotions.service import Promotion, promotions
from fancoins.purchases.models import Purchase
from fancoins.purchases.service import purchases


class NothingWithId(NotFound):
    slug = "lookup-not-found"
    title = "Nothing has this id"

    def __init__(self, found_id: uuid.UUID) -> None:
        super().__init__(f"no purchase, withdrawal, promotion or transfer {found_id}")


@dataclass(frozen=True, slots=True)
class Found:
    purchase: Purchase | None
    withdrawal: Withdrawal | None
    promotion: Promotion | None
    transfer: Transfer | None


async def look_up(connection: AsyncConnection, found_id: uuid.UUID) -> Found:
    """Everything with this id; raises `NothingWithId` when nothing has it."""
    found = Found(purchase=await purchases.get(connection, found_id),
                  withdrawal=await _withdrawal(connection, found_id),
                  promotion=await _promotion(connection, found_id),
                  transfer=await _transfer(connection, found_id))
    if not any((found.purchase, found.withdrawal, found.promotion, found.transfer)):
        raise NothingWithId(found_id)
    return found


async def _withdrawal(connection: AsyncConnection, found_id: uuid.UUID) -> Withdrawal | None:
    try:
        return await payouts.get(connection, found_id)
    except WithdrawalNotFound:
        return None


async def _promotion(connection: AsyncConnection, found_id: uuid.UUID) -> Promotion | None:
    try:
        return await promotions.get(connection, found_id)
    except PromotionNotFound:
        return None


async def _transfer(connection: AsyncConnection, found_id: uuid.UUID) -> Transfer | None:
    try:
        return await reader.transfer(connection, found_id, viewer=None, admin=True)
    except TransferNotFound:
        return None
