"""Claims against purchases: recorded by their store ids first, settled on the purchase's
state machine when they can be (`purchases.states` has the rule).

Each step that changes anything is one `purchase_refunds` row with its ledger legs
(`purchases.legs`). A claw-back also takes back the diamonds its coins had already become
(`payouts.refund_clawbacks`); a restore gives back exactly the diamonds that the claim's
claw-backs took.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import structlog
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db import outbox
from fancoins.economy.refunds import NOTHING
from fancoins.identity.service import wallet_accounts
from fancoins.ids import new_id, now_ms
from fancoins.journal.service import journal
from fancoins.ledger import InvariantViolation
from fancoins.payouts.service import refund_clawbacks
from fancoins.purchases import legs, repository
from fancoins.purchases.events import PurchaseRefunded, PurchaseRefundReversed, told
from fancoins.purchases.models import ClaimRow, Purchase
from fancoins.purchases.states import Claim, Step, merge_claim, plan_settlement
from fancoins.safety.refund_abuse import RefundAbusePolicy, refund_abuse

log = structlog.get_logger(__name__)

PURCHASES_SCOPE = "purchases"
REVERSAL_KIND = "reversal"


@dataclass(frozen=True, slots=True)
class ClaimEvent:
    """What one store event says about a claim, and which purchase it is against."""

    provider: str
    purchase_ref: str  # the store's id of the purchase the claim is against
    alt_ref: str | None  # another id the purchase may be found by
    claim: Claim


@dataclass(frozen=True, slots=True)
class Recorded:
    claim: ClaimRow
    changed: bool  # the event added something to what was known of the claim


@dataclass(frozen=True, slots=True)
class Settled:
    purchase: Purchase
    steps: tuple[Step, ...]

    def outcome_for(self, claim_ref: str) -> str | None:
        """What settling did about one claim: clawed_back, restored, nothing_to_claw_back,
        or None when it applied nothing of it."""
        own = [s for s in self.steps if s.claim_ref == claim_ref]
        if not own:
            return None
        if any(s.share != NOTHING and s.reversal for s in own):
            return "restored"
        if any(s.share != NOTHING for s in own):
            return "clawed_back"
        return "nothing_to_claw_back"


class ClaimService:
    async def record(self, connection: AsyncConnection, event: ClaimEvent) -> Recorded:
        """Record the claim (or what this event adds to it) and attach it to its purchase
        when that is known. Nothing is applied here; `settle` does."""
        await repository.lock_refs(connection, event.provider,
                                   [r for r in (event.purchase_ref, event.alt_ref) if r])
        existing = await repository.find_claim(
            connection, event.provider, event.purchase_ref, event.claim.ref)
        if existing is None and await repository.insert_claim(connection,
                                                              _new_claim(event)):
            existing = await repository.find_claim(
                connection, event.provider, event.purchase_ref, event.claim.ref)
            return Recorded(await self._attach(connection, _found(existing), event), True)
        existing = _found(existing or await repository.find_claim(
            connection, event.provider, event.purchase_ref, event.claim.ref))
        merged = merge_claim(existing.claim, event.claim)
        changed = merged != existing.claim
        if changed:
            await repository.update_claim(connection, existing.id, {
                "amount_minor": merged.amount_minor, "claimed": merged.claimed,
                "reversal_seen": merged.reversal_seen, "updated_at_ms": now_ms(),
                "alt_ref": existing.alt_ref or (
                    repository.stored_ref(event.alt_ref) if event.alt_ref else None),
            })
        return Recorded(await self._attach(connection, existing, event), changed)

    async def _attach(self, connection: AsyncConnection, claim: ClaimRow,
                      event: ClaimEvent) -> ClaimRow:
        if claim.purchase_id is None:
            refs = [r for r in (event.purchase_ref, event.alt_ref) if r]
            purchase = await repository.find_by_refs(connection, event.provider, refs)
            if purchase is not None:
                await repository.update_claim(connection, claim.id,
                                              {"purchase_id": purchase.id})
        return _found(await repository.find_claim(
            connection, claim.provider, claim.purchase_ref, claim.claim_ref))

    async def attach_waiting(self, connection: AsyncConnection, purchase: Purchase) -> None:
        """Claims recorded before this purchase was: they are against it from now on."""
        refs = {r for r in (purchase.provider_ref, purchase.payment_ref) if r}
        refs.add(repository.our_ref(purchase.id))
        await repository.lock_refs(connection, purchase.provider, refs)
        await repository.match_claims(connection, purchase.provider, refs, purchase.id)

    async def waiting_for(self, connection: AsyncConnection, rows: Sequence[Purchase]
                          ) -> list[Purchase]:
        """Those of `rows` (just fulfilled) that claims recorded before them name: only
        they have anything for `attach_waiting` and `settle` to do (one read per provider)."""
        refs_of = {row.id: {r for r in (row.provider_ref, row.payment_ref) if r}
                   | {repository.our_ref(row.id)} for row in rows}
        named: set[str] = set()
        for provider in sorted({row.provider for row in rows}):
            named |= await repository.waiting_claim_refs(connection, provider, {
                ref for row in rows if row.provider == provider for ref in refs_of[row.id]})
        return [row for row in rows
                if named & {repository.stored_ref(r) for r in refs_of[row.id]}]

    async def settle(self, connection: AsyncConnection, purchase_id: uuid.UUID,
                     policy: RefundAbusePolicy) -> Settled:
        """Apply what the purchase's claims call for now (nothing while it is open); each
        refund or chargeback applied counts against the buyer (`policy`)."""
        purchase = _purchase(await repository.get_purchase(connection, purchase_id, lock=True))
        rows = await repository.claims_of(connection, purchase_id)
        plan = plan_settlement(purchase.state, purchase.parts, purchase.refunded,
                               [row.claim for row in rows],
                               fee_returned=purchase.channel != "web")
        if not plan.steps:
            return Settled(purchase, ())
        by_ref = {row.claim_ref: row for row in rows}
        for step in plan.steps:
            await self._apply(connection, purchase, step, by_ref[step.claim_ref], policy)
        for row, after in zip(rows, plan.claims, strict=True):
            if after != row.claim:
                await repository.update_claim(connection, row.id, {
                    "applied": after.applied, "applied_minor": after.applied_minor,
                    "reversal_applied": after.reversal_applied, "updated_at_ms": now_ms()})
        totals = plan.refunded
        await repository.update_purchase(connection, purchase.id, {
            "status": plan.status.value, "coins_clawed_back": totals.coins,
            "gross_refunded_minor": totals.gross_minor,
            "fee_refunded_minor": totals.store_fee_minor,
            "tax_refunded_minor": totals.tax_minor, "net_refunded_minor": totals.net_minor,
        })
        settled = _purchase(await repository.get_purchase(connection, purchase.id))
        # The host hears of each applied step, in the transaction that applied it.
        await outbox.record(connection, [
            told(PurchaseRefundReversed if step.reversal else PurchaseRefunded, settled,
                 coins_changed=abs(step.share.coins))
            for step in plan.steps if step.share != NOTHING])
        return Settled(settled, plan.steps)

    async def _apply(self, connection: AsyncConnection, purchase: Purchase, step: Step,
                     claim: ClaimRow, policy: RefundAbusePolicy) -> None:
        if step.share == NOTHING:
            return
        step_id, share = new_id(), step.share
        kind = REVERSAL_KIND if step.reversal else claim.kind
        await repository.insert_step(connection, {
            "id": step_id, "purchase_id": purchase.id, "user_id": purchase.user_id,
            "provider": purchase.provider,
            "refund_ref": f"{claim.claim_ref}:{step_id.hex}"[-255:], "kind": kind,
            "coins_clawed_back": share.coins, "gross_minor": share.gross_minor,
            "store_fee_minor": share.store_fee_minor, "tax_minor": share.tax_minor,
            "net_minor": share.net_minor, "currency": purchase.currency,
            "created_at_ms": now_ms(), "claim_id": claim.id,
        })
        await journal.open_accounts(connection, [
            *wallet_accounts(purchase.user_id),
            *legs.currency_accounts(purchase.channel, purchase.currency)])
        await journal.record(connection, legs.step_transfers(purchase, share, step_id, kind),
                             idempotency_key=f"refund:{step_id}", scope=PURCHASES_SCOPE)
        if step.reversal:
            await self._restore_diamonds(connection, claim, step_id)
        else:
            await refund_clawbacks.clawback_diamonds_for_refund(
                connection, user_id=purchase.user_id, coins_clawed=share.coins,
                refund_id=step_id, since_ms=purchase.fulfilled_at_ms or purchase.created_at_ms)
            await refund_abuse.count(connection, policy, claim_id=claim.id,
                                     user_id=purchase.user_id, purchase_id=str(purchase.id),
                                     kind=claim.kind)
        log.info("purchase.refund_step", purchase_id=str(purchase.id), kind=kind,
                 coins=share.coins, status=step.status.value)

    async def _restore_diamonds(self, connection: AsyncConnection, claim: ClaimRow,
                                restore_id: uuid.UUID) -> None:
        for taken in await repository.steps_of_claim(connection, claim.id):
            if taken.kind != REVERSAL_KIND and taken.coins_clawed_back > 0:
                await refund_clawbacks.restore_diamonds_for_refund(
                    connection, refund_id=taken.id,
                    restore_id=uuid.uuid5(restore_id, taken.id.hex))


def _new_claim(event: ClaimEvent) -> dict[str, object]:
    claim, at_ms = event.claim, now_ms()
    return {
        "id": new_id(), "provider": event.provider,
        "purchase_ref": repository.stored_ref(event.purchase_ref),
        "alt_ref": repository.stored_ref(event.alt_ref) if event.alt_ref else None,
        "claim_ref": repository.stored_ref(claim.ref), "kind": claim.kind.value,
        "amount_minor": claim.amount_minor, "claimed": claim.claimed,
        "reversal_seen": claim.reversal_seen, "applied": False, "applied_minor": None,
        "reversal_applied": False, "purchase_id": None, "created_at_ms": at_ms,
        "updated_at_ms": at_ms,
    }


def _found(claim: ClaimRow | None) -> ClaimRow:
    if claim is None:
        raise InvariantViolation("a claim read back in its own transaction is missing")
    return claim


def _purchase(purchase: Purchase | None) -> Purchase:
    if purchase is None:
        raise InvariantViolation("a purchase read back in its own transaction is missing")
    return purchase


claims = ClaimService()
