"""The pure ledger core: every refusal reachable, groups atomic, batches independent."""

from __future__ import annotations

import uuid
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fancoins.ledger import (
    COIN,
    DIAMOND,
    Account,
    AccountFlags,
    GroupRejected,
    LedgerState,
    PendingStatus,
    PendingTransfer,
    Plan,
    TransferError,
    TransferFlags,
    TransferRequest,
    apply_plan,
    plan_batch,
    plan_group,
)

NOW_MS = 1_700_000_000_000
NO_OVERDRAFT = AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS
CAPPED = AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS


def _state(*accounts: Account) -> LedgerState:
    return LedgerState(accounts={a.id: a for a in accounts}, pendings={})


def _ledger() -> LedgerState:
    """A platform issuer, two wallets (alice holds 100 coins) and a diamond account."""
    return _state(
        Account("platform", COIN, debits_posted=100),
        Account("alice", COIN, NO_OVERDRAFT, credits_posted=100),
        Account("bob", COIN, NO_OVERDRAFT),
        Account("creator:diamonds", DIAMOND),
    )


def _move(
    debit: str, credit: str, amount: int | None, *, asset: str = COIN,
    flags: TransferFlags = TransferFlags.NONE, timeout_s: int = 0,
    transfer_id: uuid.UUID | None = None,
) -> TransferRequest:
    return TransferRequest(
        id=transfer_id or uuid.uuid4(), code="test", debit_account_id=debit,
        credit_account_id=credit, asset=asset, amount=amount, flags=flags, timeout_s=timeout_s,
    )


def _post(pending_id: uuid.UUID, amount: int | None = None) -> TransferRequest:
    return TransferRequest(id=uuid.uuid4(), code="post", amount=amount,
                           flags=TransferFlags.POST_PENDING, pending_id=pending_id)


def _void(pending_id: uuid.UUID) -> TransferRequest:
    return TransferRequest(id=uuid.uuid4(), code="void", flags=TransferFlags.VOID_PENDING,
                           pending_id=pending_id)


def _accept(state: LedgerState, requests: list[TransferRequest], now_ms: int = NOW_MS) -> Plan:
    plan = plan_group(requests, state, now_ms)
    apply_plan(state, plan)
    return plan


def _refusal(
    state: LedgerState, requests: list[TransferRequest], now_ms: int = NOW_MS
) -> GroupRejected:
    with pytest.raises(GroupRejected) as caught:
        plan_group(requests, state, now_ms)
    return caught.value


def _totals(account: Account) -> tuple[int, int, int, int]:
    return (account.debits_pending, account.debits_posted,
            account.credits_pending, account.credits_posted)


# --- refusals of a new transfer -----------------------------------------------------------------


@pytest.mark.parametrize("amount", [0, -1])
def test_amount_must_be_positive(amount: int) -> None:
    rejected = _refusal(_ledger(), [_move("alice", "bob", amount)])
    assert (rejected.index, rejected.error) == (0, TransferError.AMOUNT_NOT_POSITIVE)


def test_amount_is_required_for_a_new_transfer() -> None:
    rejected = _refusal(_ledger(), [_move("alice", "bob", None)])
    assert rejected.error is TransferError.AMOUNT_REQUIRED


def test_accounts_must_differ() -> None:
    rejected = _refusal(_ledger(), [_move("alice", "alice", 1)])
    assert rejected.error is TransferError.ACCOUNTS_MUST_BE_DIFFERENT


@pytest.mark.parametrize(("debit", "credit"), [("ghost", "bob"), ("alice", "ghost")])
def test_unknown_account(debit: str, credit: str) -> None:
    rejected = _refusal(_ledger(), [_move(debit, credit, 1)])
    assert rejected.error is TransferError.ACCOUNT_NOT_FOUND


def test_asset_of_both_accounts_must_match_the_transfer() -> None:
    state = _ledger()
    assert _refusal(state, [_move("alice", "creator:diamonds", 1)]).error is (
        TransferError.ASSET_MISMATCH
    )
    assert _refusal(state, [_move("alice", "bob", 1, asset=DIAMOND)]).error is (
        TransferError.ASSET_MISMATCH
    )


def test_timeout_only_on_pending() -> None:
    rejected = _refusal(_ledger(), [_move("alice", "bob", 1, timeout_s=5)])
    assert rejected.error is TransferError.TIMEOUT_RESERVED_FOR_PENDING


def test_phase_flags_are_mutually_exclusive() -> None:
    flags = TransferFlags.PENDING | TransferFlags.POST_PENDING
    rejected = _refusal(_ledger(), [_move("alice", "bob", 1, flags=flags)])
    assert rejected.error is TransferError.FLAGS_ARE_MUTUALLY_EXCLUSIVE


def test_pending_id_is_not_allowed_on_a_new_transfer() -> None:
    request = TransferRequest(id=uuid.uuid4(), code="x", debit_account_id="alice",
                              credit_account_id="bob", asset=COIN, amount=1,
                              pending_id=uuid.uuid4())
    assert _refusal(_ledger(), [request]).error is TransferError.PENDING_ID_MUST_BE_ABSENT


def test_debits_must_not_exceed_credits() -> None:
    state = _ledger()
    _accept(state, [_move("alice", "bob", 100)])  # exactly the balance is fine
    assert state.accounts["alice"].balance == 0
    rejected = _refusal(state, [_move("alice", "bob", 1)])
    assert rejected.error is TransferError.EXCEEDS_CREDITS
    assert state.accounts["alice"].balance == 0


def test_credits_must_not_exceed_debits() -> None:
    # What a store owes us: it may never be credited beyond what it was debited.
    state = _state(Account("store", COIN, CAPPED, debits_posted=50),
                   Account("wallet", COIN, credits_posted=50))
    _accept(state, [_move("wallet", "store", 50)])
    rejected = _refusal(state, [_move("wallet", "store", 1)])
    assert rejected.error is TransferError.EXCEEDS_DEBITS


def test_pending_credit_counts_against_a_credit_cap() -> None:
    state = _state(Account("store", COIN, CAPPED, debits_posted=50),
                   Account("wallet", COIN, credits_posted=80))
    _accept(state, [_move("wallet", "store", 30, flags=TransferFlags.PENDING)])
    assert _refusal(state, [_move("wallet", "store", 21)]).error is TransferError.EXCEEDS_DEBITS


def test_allow_overdraft_lets_a_claw_back_go_negative() -> None:
    state = _ledger()
    _accept(state, [_move("alice", "platform", 150, flags=TransferFlags.ALLOW_OVERDRAFT)])
    alice = state.accounts["alice"]
    assert alice.balance == -50
    assert alice.flag_broken()
    # Without the claw-back flag, the restricted wallet may not spend further.
    assert _refusal(state, [_move("alice", "bob", 1)]).error is TransferError.EXCEEDS_CREDITS


def test_duplicate_id_within_a_group_and_against_known_ids() -> None:
    state = _ledger()
    same = uuid.uuid4()
    rejected = _refusal(state, [_move("alice", "bob", 1, transfer_id=same),
                                _move("alice", "bob", 1, transfer_id=same)])
    assert (rejected.index, rejected.error) == (1, TransferError.DUPLICATE_ID)
    _accept(state, [_move("alice", "bob", 1, transfer_id=same)])
    assert same in state.known_transfer_ids
    assert _refusal(state, [_move("alice", "bob", 1, transfer_id=same)]).error is (
        TransferError.DUPLICATE_ID
    )


def test_planning_does_not_change_the_state() -> None:
    state = _ledger()
    before = {k: _totals(v) for k, v in state.accounts.items()}
    plan = plan_group([_move("alice", "bob", 40)], state, NOW_MS)
    assert {k: _totals(v) for k, v in state.accounts.items()} == before
    assert _totals(plan.accounts["alice"]) == (0, 40, 0, 100)
    assert _totals(plan.accounts["bob"]) == (0, 0, 0, 40)
    [transfer] = plan.transfers
    assert (transfer.amount, transfer.created_at_ms, transfer.expires_at_ms) == (40, NOW_MS, None)


# --- two-phase transfers ------------------------------------------------------------------------


def _pending(state: LedgerState, amount: int, timeout_s: int = 0) -> uuid.UUID:
    request = _move("alice", "bob", amount, flags=TransferFlags.PENDING, timeout_s=timeout_s)
    _accept(state, [request])
    return request.id


def test_pending_holds_then_post_partial_releases_the_rest() -> None:
    state = _ledger()
    pending_id = _pending(state, 60)
    assert _totals(state.accounts["alice"]) == (60, 0, 0, 100)
    assert _totals(state.accounts["bob"]) == (0, 0, 60, 0)
    assert state.accounts["alice"].available == 40
    # The hold counts against the no-overdraft flag.
    assert _refusal(state, [_move("alice", "bob", 41)]).error is TransferError.EXCEEDS_CREDITS

    plan = _accept(state, [_post(pending_id, 25)])
    assert plan.pending_status == {pending_id: PendingStatus.POSTED}
    assert plan.transfers[0].amount == 25
    assert _totals(state.accounts["alice"]) == (0, 25, 0, 100)
    assert _totals(state.accounts["bob"]) == (0, 0, 0, 25)
    assert state.pendings[pending_id].status is PendingStatus.POSTED


def test_post_full_by_default() -> None:
    state = _ledger()
    pending_id = _pending(state, 60)
    plan = _accept(state, [_post(pending_id)])
    assert plan.transfers[0].amount == 60
    assert _totals(state.accounts["alice"]) == (0, 60, 0, 100)
    assert _totals(state.accounts["bob"]) == (0, 0, 0, 60)


def test_void_releases_the_hold() -> None:
    state = _ledger()
    pending_id = _pending(state, 60)
    plan = _accept(state, [_void(pending_id)])
    assert plan.pending_status == {pending_id: PendingStatus.VOIDED}
    assert _totals(state.accounts["alice"]) == (0, 0, 0, 100)
    assert _totals(state.accounts["bob"]) == (0, 0, 0, 0)


def test_void_with_a_different_amount_is_refused() -> None:
    state = _ledger()
    pending_id = _pending(state, 60)
    request = TransferRequest(id=uuid.uuid4(), code="void", amount=10,
                              flags=TransferFlags.VOID_PENDING, pending_id=pending_id)
    assert _refusal(state, [request]).error is TransferError.EXCEEDS_PENDING_TRANSFER_AMOUNT


def test_post_twice_is_refused() -> None:
    state = _ledger()
    pending_id = _pending(state, 60)
    _accept(state, [_post(pending_id, 10)])
    assert _refusal(state, [_post(pending_id)]).error is (
        TransferError.PENDING_TRANSFER_ALREADY_POSTED
    )
    # Twice inside one group, too.
    other = _pending(state, 5)
    rejected = _refusal(state, [_post(other), _post(other)])
    assert (rejected.index, rejected.error) == (1, TransferError.PENDING_TRANSFER_ALREADY_POSTED)


def test_void_after_post_and_post_after_void_are_refused() -> None:
    state = _ledger()
    posted = _pending(state, 10)
    _accept(state, [_post(posted)])
    assert _refusal(state, [_void(posted)]).error is TransferError.PENDING_TRANSFER_ALREADY_POSTED
    voided = _pending(state, 10)
    _accept(state, [_void(voided)])
    assert _refusal(state, [_post(voided)]).error is (
        TransferError.PENDING_TRANSFER_ALREADY_VOIDED
    )


def test_post_after_expiry_is_refused_and_void_marks_it_expired() -> None:
    state = _ledger()
    pending_id = _pending(state, 10, timeout_s=60)
    assert state.pendings[pending_id].transfer.expires_at_ms == NOW_MS + 60_000
    # One millisecond before the deadline a post still succeeds (checked on a copy).
    assert plan_group([_post(pending_id)], state, NOW_MS + 59_999).transfers
    at_deadline = NOW_MS + 60_000
    assert _refusal(state, [_post(pending_id)], at_deadline).error is (
        TransferError.PENDING_TRANSFER_EXPIRED
    )
    plan = _accept(state, [_void(pending_id)], at_deadline)
    assert plan.pending_status == {pending_id: PendingStatus.EXPIRED}
    assert _refusal(state, [_void(pending_id)], at_deadline).error is (
        TransferError.PENDING_TRANSFER_EXPIRED
    )
    assert _totals(state.accounts["alice"]) == (0, 0, 0, 100)


@pytest.mark.parametrize("amount", [61, 0])
def test_post_must_be_positive_and_within_the_pending_amount(amount: int) -> None:
    state = _ledger()
    pending_id = _pending(state, 60)
    assert _refusal(state, [_post(pending_id, amount)]).error is (
        TransferError.EXCEEDS_PENDING_TRANSFER_AMOUNT
    )


def test_resolution_errors() -> None:
    state = _ledger()
    assert _refusal(state, [_post(uuid.uuid4())]).error is (
        TransferError.PENDING_TRANSFER_NOT_FOUND
    )
    no_pending_id = TransferRequest(id=uuid.uuid4(), code="p", flags=TransferFlags.POST_PENDING)
    assert _refusal(state, [no_pending_id]).error is TransferError.PENDING_ID_REQUIRED
    plain = _move("alice", "bob", 5)
    [recorded] = _accept(state, [plain]).transfers
    # Within a batch only pending transfers are known as such...
    assert _refusal(state, [_post(plain.id)]).error is TransferError.PENDING_TRANSFER_NOT_FOUND
    # ...while storage loads whatever transfer `pending_id` names (see the journal).
    state.pendings[plain.id] = PendingTransfer(recorded, PendingStatus.PENDING)
    assert _refusal(state, [_post(plain.id)]).error is TransferError.PENDING_TRANSFER_NOT_PENDING
    pending_id = _pending(state, 5)
    wrong_accounts = TransferRequest(id=uuid.uuid4(), code="p", debit_account_id="platform",
                                     flags=TransferFlags.POST_PENDING, pending_id=pending_id)
    assert _refusal(state, [wrong_accounts]).error is (
        TransferError.PENDING_TRANSFER_HAS_DIFFERENT_ACCOUNTS
    )
    wrong_asset = TransferRequest(id=uuid.uuid4(), code="p", asset=DIAMOND,
                                  flags=TransferFlags.POST_PENDING, pending_id=pending_id)
    assert _refusal(state, [wrong_asset]).error is TransferError.ASSET_MISMATCH


def test_pending_created_and_posted_in_one_group() -> None:
    state = _ledger()
    hold = _move("alice", "bob", 30, flags=TransferFlags.PENDING)
    _accept(state, [hold, _post(hold.id, 20)])
    assert state.pendings[hold.id].status is PendingStatus.POSTED
    assert _totals(state.accounts["alice"]) == (0, 20, 0, 100)


# --- groups and batches -------------------------------------------------------------------------


def test_linked_group_is_atomic() -> None:
    state = _ledger()
    group = [_move("alice", "bob", 60), _move("alice", "bob", 60)]
    rejected = _refusal(state, group)
    assert (rejected.index, rejected.error) == (1, TransferError.EXCEEDS_CREDITS)
    # The first transfer's change never reached the state.
    assert _totals(state.accounts["alice"]) == (0, 0, 0, 100)
    assert _totals(state.accounts["bob"]) == (0, 0, 0, 0)
    assert not state.known_transfer_ids


def test_linked_group_sees_its_own_earlier_transfers() -> None:
    state = _ledger()
    # Bob has nothing, but the group first gives him 30 and then he spends 30.
    _accept(state, [_move("alice", "bob", 30), _move("bob", "platform", 30)])
    assert state.accounts["bob"].balance == 0
    assert state.accounts["alice"].balance == 70


def test_batch_decides_in_arrival_order() -> None:
    state = _ledger()
    first, second = [_move("alice", "bob", 70)], [_move("alice", "bob", 70)]
    outcomes = plan_batch([first, second], state, NOW_MS)
    assert isinstance(outcomes[0], Plan)
    assert isinstance(outcomes[1], GroupRejected)
    assert outcomes[1].error is TransferError.EXCEEDS_CREDITS
    assert state.accounts["alice"].balance == 30
    assert state.accounts["bob"].balance == 70


def test_refused_group_never_affects_another() -> None:
    state = _ledger()
    groups = [
        [_move("alice", "bob", 10)],
        [_move("alice", "bob", 50), _move("alice", "ghost", 1)],  # refused: second fails
        [_move("alice", "bob", 90)],  # fits only because the refused 50 never happened
        [_move("platform", "bob", 5, transfer_id=uuid.UUID(int=7))],
        [_move("platform", "bob", 5, transfer_id=uuid.UUID(int=7))],  # duplicate of accepted
    ]
    outcomes = plan_batch(groups, state, NOW_MS)
    assert [type(o).__name__ for o in outcomes] == [
        "Plan", "GroupRejected", "Plan", "Plan", "GroupRejected"
    ]
    assert isinstance(outcomes[1], GroupRejected)
    assert (outcomes[1].index, outcomes[1].error) == (1, TransferError.ACCOUNT_NOT_FOUND)
    assert isinstance(outcomes[4], GroupRejected)
    assert outcomes[4].error is TransferError.DUPLICATE_ID
    assert state.accounts["alice"].balance == 0
    assert state.accounts["bob"].balance == 105


def test_batch_resolves_a_pending_from_an_earlier_group() -> None:
    state = _ledger()
    hold = _move("alice", "bob", 30, flags=TransferFlags.PENDING)
    outcomes = plan_batch([[hold], [_void(hold.id)], [_post(hold.id)]], state, NOW_MS)
    assert isinstance(outcomes[2], GroupRejected)
    assert outcomes[2].error is TransferError.PENDING_TRANSFER_ALREADY_VOIDED
    assert state.pendings[hold.id].status is PendingStatus.VOIDED
    assert _totals(state.accounts["alice"]) == (0, 0, 0, 100)


# --- property: every asset sums to zero ---------------------------------------------------------

_WALLETS = ("w0", "w1", "w2")
_ACCOUNT_IDS = ("issuer", *_WALLETS, "diamonds:issuer", "diamonds:creator")
_ASSET_OF = {a: (DIAMOND if a.startswith("diamonds") else COIN) for a in _ACCOUNT_IDS}

_new_transfer = st.builds(
    lambda debit, credit, asset_from, amount, pending, overdraft, timeout_s: (
        "new", debit, credit, _ASSET_OF[debit] if asset_from else COIN, amount,
        (TransferFlags.PENDING if pending else TransferFlags.NONE)
        | (TransferFlags.ALLOW_OVERDRAFT if overdraft else TransferFlags.NONE),
        timeout_s if pending else 0,
    ),
    st.sampled_from(_ACCOUNT_IDS), st.sampled_from(_ACCOUNT_IDS), st.booleans(),
    st.integers(-1, 80), st.booleans(), st.booleans(), st.sampled_from([0, 0, 1, 30]),
)
_resolution = st.tuples(
    st.sampled_from(["post", "void"]), st.integers(0, 50), st.one_of(st.none(), st.integers(0, 60))
)
_step = st.tuples(
    st.lists(st.one_of(_new_transfer, _resolution), min_size=1, max_size=3),
    st.integers(0, 40_000),  # clock advance, ms
)


def _request(op: tuple, pending_ids: list[uuid.UUID]) -> TransferRequest:
    if op[0] == "new":
        _, debit, credit, asset, amount, flags, timeout_s = op
        return _move(debit, credit, amount, asset=asset, flags=flags, timeout_s=timeout_s)
    kind, which, amount = op
    pending_id = pending_ids[which % len(pending_ids)] if pending_ids else uuid.uuid4()
    if kind == "post":
        return _post(pending_id, amount)
    return _void(pending_id)


@settings(max_examples=200, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_step, min_size=1, max_size=30))
def test_every_asset_sums_to_zero(steps: list) -> None:
    state = _state(
        Account("issuer", COIN),
        *(Account(w, COIN, NO_OVERDRAFT) for w in _WALLETS),
        Account("diamonds:issuer", DIAMOND),
        Account("diamonds:creator", DIAMOND, CAPPED),
    )
    pending_ids: list[uuid.UUID] = []
    now = NOW_MS
    for ops, advance_ms in steps:
        now += advance_ms
        group = [_request(op, pending_ids) for op in ops]
        for outcome in plan_batch([group], state, now):
            if isinstance(outcome, Plan):
                pending_ids += [t.id for t in outcome.transfers
                                if TransferFlags.PENDING in t.flags]
        sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for account in state.accounts.values():
            sums[account.asset][0] += account.debits_posted - account.credits_posted
            sums[account.asset][1] += account.debits_pending - account.credits_pending
            assert min(_totals(account)) >= 0
            flagged_ok = not account.flag_broken()
            assert flagged_ok or account.id in _WALLETS  # only a claw-back may break a flag
        assert all(s == [0, 0] for s in sums.values()), dict(sums)
        open_pending = sum(
            p.transfer.amount for p in state.pendings.values() if p.is_open
        )
        assert open_pending == sum(a.debits_pending for a in state.accounts.values())


def test_limits_of_64_bit_balances_and_timeouts() -> None:
    from fancoins.ledger.decide import AMOUNT_MAX

    state = LedgerState(accounts={"a": Account("a", "COIN"), "b": Account("b", "COIN")},
                        pendings={})
    too_large = TransferRequest(uuid.uuid4(), "t", "a", "b", "COIN", AMOUNT_MAX + 1)
    with pytest.raises(GroupRejected) as caught:
        plan_group([too_large], state, 0)
    assert caught.value.error is TransferError.AMOUNT_TOO_LARGE
    overflow = [TransferRequest(uuid.uuid4(), "t", "a", "b", "COIN", AMOUNT_MAX),
                TransferRequest(uuid.uuid4(), "t", "a", "b", "COIN", 1)]
    with pytest.raises(GroupRejected) as caught:
        plan_group(overflow, state, 0)
    assert (caught.value.index, caught.value.error) == (1, TransferError.OVERFLOWS_ACCOUNT)
    negative = TransferRequest(uuid.uuid4(), "t", "a", "b", "COIN", 1, TransferFlags.PENDING,
                               timeout_s=-1)
    with pytest.raises(GroupRejected) as caught:
        plan_group([negative], state, 0)
    assert caught.value.error is TransferError.TIMEOUT_NEGATIVE
