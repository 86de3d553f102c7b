"""Recording transfers: idempotent groups and batches of groups, each in the caller's transaction.

The service never commits: the caller's unit of work does, so nothing is reported before the
commit that makes it true.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.ids import new_id, now_ms
from fancoins.journal import bulk, chain, idempotency, repository
from fancoins.ledger import (
    AccountFlags,
    GroupRejected,
    InvariantViolation,
    LedgerState,
    Plan,
    Transfer,
    TransferError,
    TransferFlags,
    TransferRequest,
    plan_batch,
)
from fancoins.ledger.chain import LEDGER, body_digest, json_text, transfer_record

LEDGER_SCOPE = "ledger"
# Expiry runs in bounded sweeps so one run never holds the write lock for long.
EXPIRY_SWEEP_MAX = 500


@dataclass(frozen=True, slots=True)
class AccountSpec:
    id: str
    asset: str
    kind: str
    flags: AccountFlags = AccountFlags.NONE
    owner_user_id: str | None = None


@dataclass(frozen=True, slots=True)
class Recorded:
    transfer_ids: tuple[uuid.UUID, ...]
    created_at_ms: int
    replayed: bool = False

    def as_response(self) -> dict[str, Any]:
        return {
            "ok": True,
            "transfer_ids": [str(i) for i in self.transfer_ids],
            "created_at_ms": self.created_at_ms,
        }


def _describe(requests: Sequence[TransferRequest]) -> list[dict[str, Any]]:
    """What a request asks for. Transfer ids are left out: a retry may come with fresh ids
    (made server-side) and is still the same request."""
    return [
        {
            "code": r.code, "debit": r.debit_account_id,
            "credit": r.credit_account_id, "asset": r.asset, "amount": r.amount,
            "flags": int(r.flags), "pending_id": str(r.pending_id) if r.pending_id else None,
            "timeout_s": r.timeout_s, "user_data": dict(r.user_data),
        }
        for r in requests
    ]


def _from_response(response: dict[str, Any]) -> Recorded:
    answer = _replayed(response)
    if isinstance(answer, GroupRejected):
        raise answer
    return answer


def _replayed(response: dict[str, Any]) -> Recorded | GroupRejected:
    if not response.get("ok"):
        return GroupRejected(int(response["index"]), TransferError(response["error"]))
    return Recorded(
        tuple(uuid.UUID(i) for i in response["transfer_ids"]),
        int(response["created_at_ms"]),
        replayed=True,
    )


class Journal:
    """The ledger's writer. Stateless; the connection (and its transaction) is passed in."""

    async def open_accounts(
        self, connection: AsyncConnection, specs: Sequence[AccountSpec]
    ) -> None:
        """Create accounts that do not exist yet; existing ones are left as they are."""
        await repository.insert_accounts(
            connection,
            [
                {
                    "id": s.id, "asset": s.asset, "kind": s.kind, "flags": int(s.flags),
                    "owner_user_id": s.owner_user_id, "debits_pending": 0, "debits_posted": 0,
                    "credits_pending": 0, "credits_posted": 0, "created_at_ms": now_ms(),
                }
                for s in specs
            ],
        )

    async def record(
        self,
        connection: AsyncConnection,
        requests: Sequence[TransferRequest],
        *,
        idempotency_key: str,
        scope: str = LEDGER_SCOPE,
    ) -> Recorded:
        """Apply `requests` together or not at all, once per idempotency key.

        Raises `GroupRejected` (also on replay of a refused group) or `IdempotencyConflict`.
        A refusal is kept as the key's answer only if the caller commits after catching it;
        a caller that lets it roll the transaction back lets a retry be decided afresh.
        """
        digest = idempotency.request_hash(_describe(requests))
        replay = await idempotency.claim(connection, scope, idempotency_key, digest)
        if replay is not None:
            return _from_response(replay.response)
        outcome = (await self.apply_groups(connection, [requests], operation_id=idempotency_key))[0]
        if isinstance(outcome, GroupRejected):
            await idempotency.complete(
                connection, scope, idempotency_key,
                {"ok": False, "index": outcome.index, "error": outcome.error.value},
            )
            raise outcome
        recorded = Recorded(
            tuple(t.id for t in outcome.transfers),
            outcome.transfers[0].created_at_ms if outcome.transfers else now_ms(),
        )
        await idempotency.complete(connection, scope, idempotency_key, recorded.as_response())
        return recorded

    async def record_many(
        self,
        connection: AsyncConnection,
        keyed: Sequence[tuple[str, Sequence[TransferRequest]]],
        *,
        scope: str = LEDGER_SCOPE,
    ) -> list[Recorded | GroupRejected]:
        """`record` for many groups of plain transfers at once, each once per its key: a key
        answered before is answered again, the others are decided together by the ledger's
        rules against balances locked once (`plan_batch`, in order: a later group sees the
        earlier ones) and written in bulk as one link of the chain, each transfer under its
        own key as its operation (as `record` writes it). Every key's answer is stored, a
        refusal too (raised by `record`, returned here: the caller decides). Raises
        `IdempotencyConflict` for a key used for another request."""
        digests = [idempotency.request_hash(_describe(requests)) for _, requests in keyed]
        stored = await idempotency.stored_answers(connection, scope, {k for k, _ in keyed})
        answers: list[Recorded | GroupRejected | None] = [None] * len(keyed)
        fresh: list[int] = []
        for index, (key, _) in enumerate(keyed):
            found = stored.get(key)
            if found is None:
                fresh.append(index)
            elif found[0] != digests[index]:
                raise idempotency.IdempotencyConflict(scope, key)
            else:
                answers[index] = _replayed(found[1])
        if len(fresh) != len({keyed[i][0] for i in fresh}):
            raise ValueError("a key named twice in one call")
        groups = [keyed[i][1] for i in fresh]
        if any(r.flags != TransferFlags.NONE for group in groups for r in group):
            raise ValueError("record_many takes plain transfers only")
        at_ms = now_ms()
        state = await self._load_state(connection, groups)
        outcomes = plan_batch(groups, state, at_ms)
        transfers = bulk.Transfers()
        touched: set[str] = set()
        responses = []
        for index, outcome in zip(fresh, outcomes, strict=True):
            key = keyed[index][0]
            if isinstance(outcome, GroupRejected):
                answers[index] = outcome
                responses.append((key, digests[index], {
                    "ok": False, "index": outcome.index, "error": outcome.error.value}))
                continue
            for t in outcome.transfers:
                transfers.add(t.id, t.debit_account_id, t.credit_account_id, t.asset, t.amount,
                              t.code, json_text(t.user_data), key)
            touched.update(outcome.accounts)
            answers[index] = done = Recorded(tuple(t.id for t in outcome.transfers), at_ms)
            responses.append((key, digests[index], done.as_response()))
        if len(await idempotency.store_answers(connection, scope, responses)) < len(responses):
            raise InvariantViolation("a key claimed in this transaction was answered meanwhile")
        await bulk.insert_transfers(connection, transfers, scope, at_ms)
        await repository.write_balances(connection, (state.accounts[a] for a in sorted(touched)))
        return [a for a in answers if a is not None]

    async def apply_groups(
        self,
        connection: AsyncConnection,
        groups: Sequence[Sequence[TransferRequest]],
        *,
        operation_id: str | None = None,
        now: int | None = None,
    ) -> list[Plan | GroupRejected]:
        """Decide groups in order against locked balances and write the accepted ones."""
        state = await self._load_state(connection, groups)
        outcomes = plan_batch(groups, state, now if now is not None else now_ms())
        accepted = [o for o in outcomes if isinstance(o, Plan)]
        touched = {a.id: a for plan in accepted for a in plan.accounts.values()}
        statuses = {k: v for plan in accepted for k, v in plan.pending_status.items()}
        transfers = [t for plan in accepted for t in plan.transfers]
        await _commit_transfers(connection, transfers, operation_id)
        # Later groups saw earlier groups' balances: write each account's final state once.
        await repository.write_balances(
            connection, (state.accounts[account_id] for account_id in touched)
        )
        await repository.write_pending_status(connection, statuses)
        return outcomes

    async def _load_state(
        self, connection: AsyncConnection, groups: Sequence[Sequence[TransferRequest]]
    ) -> LedgerState:
        requests = [r for group in groups for r in group]
        pending_ids = {r.pending_id for r in requests if r.pending_id is not None}
        pendings = await repository.lock_pendings(connection, pending_ids)
        account_ids = {a for r in requests for a in (r.debit_account_id, r.credit_account_id) if a}
        for pending in pendings.values():
            account_ids.update((pending.transfer.debit_account_id,
                                pending.transfer.credit_account_id))
        accounts = await repository.lock_accounts(connection, account_ids)
        known = await repository.existing_transfer_ids(connection, {r.id for r in requests})
        return LedgerState(accounts=accounts, pendings=pendings, known_transfer_ids=known)

    async def expire_pending(self, connection: AsyncConnection, now: int | None = None) -> int:
        """Void pending transfers whose timeout has passed. Returns how many were expired."""
        at_ms = now if now is not None else now_ms()
        expired = await repository.expired_pending_ids(connection, at_ms, EXPIRY_SWEEP_MAX)
        groups = [
            [TransferRequest(id=new_id(), code="pending_expired",
                             flags=TransferFlags.VOID_PENDING, pending_id=pending_id)]
            for pending_id in expired
        ]
        outcomes = await self.apply_groups(connection, groups, operation_id="expiry", now=at_ms)
        return sum(1 for o in outcomes if isinstance(o, Plan))


async def _commit_transfers(
    connection: AsyncConnection, transfers: Sequence[Transfer], operation_id: str | None
) -> None:
    """Insert `transfers` as one link of the ledger's chain."""
    if not transfers:
        return
    lane = await chain.take_lane(connection, LEDGER)
    user_data = [json_text(t.user_data) for t in transfers]
    body = body_digest(
        transfer_record(t.id, t.debit_account_id, t.credit_account_id, t.asset, t.amount, t.code,
                      text, int(t.flags), t.pending_id, t.timeout_s, t.expires_at_ms,
                      operation_id, t.created_at_ms)
        for t, text in sorted(zip(transfers, user_data, strict=True), key=lambda p: p[0].id.int)
    )
    await repository.insert_transfers(connection, transfers, operation_id, lane, user_data)
    await chain.close_link(connection, lane, len(transfers), body, now_ms())


journal = Journal()
