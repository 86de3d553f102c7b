"""The journal against a plain reference model, step by step, on a real database.

The model below is written from the rules in DESIGN.md §2, not from `fancoins.ledger.decide`.
After every step the stored balances and pending statuses of the model's accounts must equal
the model's, and `verify` must pass for the whole database.

Every example gets fresh account ids and keys, since the database outlives examples. Timed
pendings are created and resolved with `apply_groups(now=...)` on a fake clock the model
controls; untimed ones, transfers and groups go through `record` (its real clock is then
irrelevant). The fake clock only moves forward, across examples too, and each example first
sweeps what earlier examples left pending, so `expire_pending` counts only the model's pendings.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.db.engine import create_engine
from fancoins.db.tables.ledger import ledger_transfers
from fancoins.ids import new_id, now_ms
from fancoins.journal.idempotency import IdempotencyConflict
from fancoins.journal.service import AccountSpec, Recorded, journal
from fancoins.journal.verify import verify
from fancoins.ledger import COIN, AccountFlags, GroupRejected, Plan, TransferFlags, TransferRequest
from tests.journal.helpers import NO_OVERDRAFT, stored_totals

MAX_TIMEOUT_S = 60
TIMEOUTS_S = st.sampled_from([1, 5, 30, MAX_TIMEOUT_S])
ACCOUNT_INDEX = st.integers(0, 9)
AMOUNT = st.integers(1, 120)

# The fake clock, shared by all examples so that it never goes back (see the module docstring).
_clock_floor_ms = [now_ms()]

Refusal = tuple[int, str]  # index of the failing transfer, error value


# --- the reference model ------------------------------------------------------------------------


@dataclass
class ModelAccount:
    no_overdraft: bool
    debits_pending: int = 0
    debits_posted: int = 0
    credits_pending: int = 0
    credits_posted: int = 0

    def totals(self) -> tuple[int, int, int, int]:
        return (self.debits_pending, self.debits_posted, self.credits_pending,
                self.credits_posted)


@dataclass
class ModelPending:
    debit: str
    credit: str
    amount: int
    expires_at_ms: int | None
    status: str = "pending"


@dataclass(frozen=True)
class New:
    debit: str
    credit: str
    amount: int
    pending: bool = False
    timeout_s: int = 0
    claw_back: bool = False
    id: uuid.UUID = field(default_factory=new_id)


@dataclass(frozen=True)
class Resolve:
    pending_id: uuid.UUID
    post: bool
    amount: int | None = None
    id: uuid.UUID = field(default_factory=new_id)


Op = New | Resolve


@dataclass
class Model:
    accounts: dict[str, ModelAccount] = field(default_factory=dict)
    pendings: dict[uuid.UUID, ModelPending] = field(default_factory=dict)

    def apply(self, ops: list[Op], now: int) -> Refusal | None:
        """Apply all of `ops` or, naming the first that fails, none of them."""
        trial = copy.deepcopy(self)
        for index, op in enumerate(ops):
            error = trial._new(op, now) if isinstance(op, New) else trial._resolve(op, now)
            if error is not None:
                return index, error
        self.accounts, self.pendings = trial.accounts, trial.pendings
        return None

    def _new(self, op: New, now: int) -> str | None:
        if op.amount <= 0:
            return "amount_not_positive"
        if op.debit == op.credit:
            return "accounts_must_be_different"
        debit, credit = self.accounts[op.debit], self.accounts[op.credit]
        if op.pending:
            debit.debits_pending += op.amount
            credit.credits_pending += op.amount
        else:
            debit.debits_posted += op.amount
            credit.credits_posted += op.amount
        spent = debit.debits_posted + debit.debits_pending
        if debit.no_overdraft and not op.claw_back and spent > debit.credits_posted:
            return "exceeds_credits"
        if op.pending:
            expires = now + op.timeout_s * 1000 if op.timeout_s else None
            self.pendings[op.id] = ModelPending(op.debit, op.credit, op.amount, expires)
        return None

    def _resolve(self, op: Resolve, now: int) -> str | None:
        pending = self.pendings[op.pending_id]
        if pending.status != "pending":
            return {"posted": "pending_transfer_already_posted",
                    "voided": "pending_transfer_already_voided",
                    "expired": "pending_transfer_expired"}[pending.status]
        due = pending.expires_at_ms is not None and now >= pending.expires_at_ms
        if op.post and due:
            return "pending_transfer_expired"
        amount = pending.amount if op.amount is None else op.amount
        if op.post and not 0 < amount <= pending.amount:
            return "exceeds_pending_transfer_amount"
        debit, credit = self.accounts[pending.debit], self.accounts[pending.credit]
        debit.debits_pending -= pending.amount
        credit.credits_pending -= pending.amount
        if op.post:
            debit.debits_posted += amount
            credit.credits_posted += amount
            pending.status = "posted"
        else:
            pending.status = "expired" if due else "voided"
        return None

    def expire(self, now: int) -> int:
        due = [p for p in self.pendings.values() if p.status == "pending"
               and p.expires_at_ms is not None and p.expires_at_ms <= now]
        for pending in due:
            self.accounts[pending.debit].debits_pending -= pending.amount
            self.accounts[pending.credit].credits_pending -= pending.amount
            pending.status = "expired"
        return len(due)


def _request(op: Op) -> TransferRequest:
    if isinstance(op, Resolve):
        flags = TransferFlags.POST_PENDING if op.post else TransferFlags.VOID_PENDING
        return TransferRequest(id=op.id, code="post" if op.post else "void", amount=op.amount,
                               flags=flags, pending_id=op.pending_id)
    flags = (TransferFlags.PENDING if op.pending else TransferFlags.NONE) | (
        TransferFlags.ALLOW_OVERDRAFT if op.claw_back else TransferFlags.NONE)
    return TransferRequest(id=op.id, code="model", debit_account_id=op.debit,
                           credit_account_id=op.credit, asset=COIN, amount=op.amount,
                           flags=flags, timeout_s=op.timeout_s)


# --- the machine --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Keyed:
    key: str
    requests: list[TransferRequest]
    answer: Recorded | Refusal


class JournalMachine(RuleBasedStateMachine):
    def __init__(self, database_url: str) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.engine = create_engine(database_url)
        self.prefix = uuid.uuid4().hex[:10]
        self.model = Model()
        self.wallets: list[str] = []
        self.keyed: list[Keyed] = []
        self.counter = 0
        # Past every expiry earlier examples can have left behind.
        self.clock_ms = _clock_floor_ms[0] + MAX_TIMEOUT_S * 1000 + 1
        self._advance(0)

    def teardown(self) -> None:
        self.loop.run_until_complete(self.engine.dispose())
        self.loop.close()

    # -- plumbing --

    def _run(self, coroutine: Any) -> Any:
        return self.loop.run_until_complete(coroutine)

    def _advance(self, ms: int) -> None:
        self.clock_ms += ms
        _clock_floor_ms[0] = max(_clock_floor_ms[0], self.clock_ms)

    def _name(self, kind: str) -> str:
        self.counter += 1
        return f"{self.prefix}:{kind}{self.counter}"

    def _account(self, index: int) -> str:
        names = [self.issuer, *self.wallets]
        return names[index % len(names)]

    def _pair(self, first: int, offset: int) -> tuple[str, str]:
        """Two different accounts."""
        names = [self.issuer, *self.wallets]
        debit = first % len(names)
        return names[debit], names[(debit + 1 + offset % (len(names) - 1)) % len(names)]

    async def _record(self, requests: list[TransferRequest], key: str) -> Recorded | Refusal:
        async with self.engine.begin() as conn:
            try:
                return await journal.record(conn, requests, idempotency_key=key)
            except GroupRejected as rejected:
                # Committing the unit of work keeps the refusal as the key's answer.
                return rejected.index, rejected.error.value

    async def _apply(self, requests: list[TransferRequest]) -> Plan | Refusal:
        async with self.engine.begin() as conn:
            [outcome] = await journal.apply_groups(
                conn, [requests], operation_id=self._name("op"), now=self.clock_ms
            )
        if isinstance(outcome, GroupRejected):
            return outcome.index, outcome.error.value
        return outcome

    def _submit(self, ops: list[Op], *, timed: bool = False) -> None:
        """Send `ops` as one group (keyed through `record`, or on the fake clock when `timed`)
        and check the journal decides as the model does."""
        requests = [_request(op) for op in ops]
        expected = self.model.apply(ops, self.clock_ms)
        if timed:
            outcome = self._run(self._apply(requests))
            refusal = outcome if isinstance(outcome, tuple) else None
        else:
            key = self._name("key")
            answer = self._run(self._record(requests, key))
            self.keyed.append(Keyed(key, requests, answer))
            refusal = answer if isinstance(answer, tuple) else None
            if refusal is None:
                assert answer.transfer_ids == tuple(r.id for r in requests)
                assert not answer.replayed
        assert refusal == expected, (ops, refusal, expected)

    # -- rules --

    @initialize(no_overdraft=st.lists(st.booleans(), min_size=1, max_size=3))
    def open_ledger(self, no_overdraft: list[bool]) -> None:
        self.issuer = self._name("issuer")

        async def sweep_and_open(conn: AsyncConnection) -> None:
            await journal.expire_pending(conn, now=self.clock_ms)
            await journal.open_accounts(conn, [AccountSpec(self.issuer, COIN, "platform")])

        self._run(self._in_transaction(sweep_and_open))
        self.model.accounts[self.issuer] = ModelAccount(no_overdraft=False)
        self.open_wallets(no_overdraft)
        for index in range(len(self.wallets)):
            self.buy(index, 100)

    async def _in_transaction(self, work: Any) -> Any:
        async with self.engine.begin() as conn:
            return await work(conn)

    @rule(no_overdraft=st.lists(st.booleans(), min_size=1, max_size=2))
    def open_wallets(self, no_overdraft: list[bool]) -> None:
        names = [self._name("w") for _ in no_overdraft]
        specs = [AccountSpec(n, COIN, "user_coins", NO_OVERDRAFT if flag else AccountFlags.NONE)
                 for n, flag in zip(names, no_overdraft, strict=True)]
        self._run(self._in_transaction(lambda conn: journal.open_accounts(conn, specs)))
        for name, flag in zip(names, no_overdraft, strict=True):
            self.model.accounts[name] = ModelAccount(no_overdraft=flag)
            self.wallets.append(name)

    @rule(wallet=ACCOUNT_INDEX, amount=AMOUNT)
    def buy(self, wallet: int, amount: int) -> None:
        target = self.wallets[wallet % len(self.wallets)]
        self._submit([New(self.issuer, target, amount)])

    @rule(first=ACCOUNT_INDEX, offset=ACCOUNT_INDEX, amount=st.integers(-1, 120),
          kind=st.sampled_from(["plain"] * 6 + ["claw_back", "same_account"]))
    def transfer(self, first: int, offset: int, amount: int, kind: str) -> None:
        debit, credit = self._pair(first, offset)
        if kind == "same_account":
            credit = debit
        self._submit([New(debit, credit, amount, claw_back=kind == "claw_back")])

    @rule(legs=st.lists(st.tuples(ACCOUNT_INDEX, ACCOUNT_INDEX, AMOUNT), min_size=2, max_size=3))
    def linked_group(self, legs: list[tuple[int, int, int]]) -> None:
        self._submit([New(*self._pair(first, offset), n) for first, offset, n in legs])

    @rule(wallet=ACCOUNT_INDEX, credit=ACCOUNT_INDEX, extra=st.integers(1, 20))
    def overdraft(self, wallet: int, credit: int, extra: int) -> None:
        """Spend more than a protected wallet has: always refused."""
        protected = [w for w in self.wallets if self.model.accounts[w].no_overdraft]
        if not protected:
            return
        debit = protected[wallet % len(protected)]
        account = self.model.accounts[debit]
        amount = max(account.credits_posted - account.debits_posted - account.debits_pending, 0)
        target = self._account(credit)
        if target == debit:
            target = self.issuer
        ops: list[Op] = [New(debit, target, amount + extra)]
        assert self.model.apply(ops, self.clock_ms) == (0, "exceeds_credits")
        self._submit(ops)

    @rule(first=ACCOUNT_INDEX, offset=ACCOUNT_INDEX, amount=st.integers(1, 60),
          timeout_s=st.one_of(st.just(0), TIMEOUTS_S))
    def hold(self, first: int, offset: int, amount: int, timeout_s: int) -> None:
        op = New(*self._pair(first, offset), amount, pending=True, timeout_s=timeout_s)
        self._submit([op], timed=bool(timeout_s))

    @precondition(lambda self: self.model.pendings)
    @rule(which=st.integers(0, 50), how=st.sampled_from(["post", "post", "post", "void"]),
          portion=st.sampled_from(["implicit", "all", "part", "too_much"]),
          open_only=st.sampled_from([True, True, True, False]))
    def resolve(self, which: int, how: str, portion: str, open_only: bool) -> None:
        pending_ids = [k for k, p in self.model.pendings.items() if p.status == "pending"]
        if not (open_only and pending_ids):
            pending_ids = list(self.model.pendings)  # closed ones too: must be refused
        pending_id = pending_ids[which % len(pending_ids)]
        pending = self.model.pendings[pending_id]
        amount = {"implicit": None, "all": pending.amount, "part": pending.amount // 2 or 1,
                  "too_much": pending.amount + 1}[portion]
        op = Resolve(pending_id, how == "post", amount if how == "post" else None)
        self._submit([op], timed=pending.expires_at_ms is not None)

    def _open_timed(self) -> bool:
        return any(p.status == "pending" and p.expires_at_ms is not None
                   for p in self.model.pendings.values())

    @precondition(lambda self: self._open_timed())
    @rule(ms=st.sampled_from([0, 999, 1000, 4000, 30_000, 61_000]))
    def expire(self, ms: int) -> None:
        self._advance(ms)
        expected = self.model.expire(self.clock_ms)
        expired = self._run(self._in_transaction(
            lambda conn: journal.expire_pending(conn, now=self.clock_ms)))
        assert expired == expected

    @precondition(lambda self: self.keyed)
    @rule(which=st.integers(0, 100), fresh_ids=st.booleans())
    def replay(self, which: int, fresh_ids: bool) -> None:
        """The same request again; a retry may come with fresh transfer ids and is still the
        same request (the first ids are kept)."""
        earlier = self.keyed[which % len(self.keyed)]
        requests = earlier.requests
        if fresh_ids:
            requests = [dataclasses.replace(r, id=new_id()) for r in requests]
        answer = self._run(self._record(requests, earlier.key))
        if isinstance(earlier.answer, Recorded):
            assert isinstance(answer, Recorded)
            assert answer.replayed
            assert (answer.transfer_ids, answer.created_at_ms) == (
                earlier.answer.transfer_ids, earlier.answer.created_at_ms)
        else:
            assert answer == earlier.answer

    @precondition(lambda self: self.keyed)
    @rule(which=st.integers(0, 100), change=st.sampled_from(["code", "amount", "drop"]))
    def reuse_key(self, which: int, change: str) -> None:
        earlier = self.keyed[which % len(self.keyed)]
        first = earlier.requests[0]
        if change == "code":
            different = [dataclasses.replace(first, code="other"), *earlier.requests[1:]]
        elif change == "amount":
            different = [dataclasses.replace(first, amount=(first.amount or 0) + 1),
                         *earlier.requests[1:]]
        else:
            different = earlier.requests[:-1]
        with pytest.raises(IdempotencyConflict):
            self._run(self._record(different, earlier.key))

    # -- invariants --

    @invariant()
    def ledger_matches_model(self) -> None:
        async def read(conn: AsyncConnection) -> tuple[Any, Any, Any]:
            totals = await stored_totals(conn, self.model.accounts)
            t = ledger_transfers.c
            statuses = dict((await conn.execute(
                select(t.id, t.pending_status).where(t.id.in_(list(self.model.pendings)))
            )).all()) if self.model.pendings else {}
            return totals, statuses, await verify(conn)

        totals, statuses, report = self._run(self._in_transaction(read))
        assert totals == {k: a.totals() for k, a in self.model.accounts.items()}
        assert statuses == {k: p.status for k, p in self.model.pendings.items()}
        assert report.ok, report.findings
        assert set(report.asset_sums.values()) <= {(0, 0)}


def test_journal_matches_reference_model(database_url: str) -> None:
    run_state_machine_as_test(
        lambda: JournalMachine(database_url),
        settings=settings(
            max_examples=25, stateful_step_count=20, deadline=None, database=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
