"""Posting to the double-entry ledger: balanced, idempotent, within floors, all or nothing.

Every movement is one :class:`Transfer` with entries summing to zero, so the sum over all
accounts stays zero whatever happens. Accounts are locked in primary-key order, which keeps
concurrent postings (many gates, webhooks) from deadlocking, and balances are updated in the same
database transaction as the entries.

This module is the only writer of :class:`LedgerEntry` and the only opener of accounts, so those
rules hold by construction (a test checks the source for other writers).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import BigIntegerField, F, Sum

from heritage_cms.core.money import VND
from heritage_cms.sites.models import Site

from .bulk import db_datetime, insert_rows, update_rows
from .models import Account, LedgerEntry, LedgerError, Transfer

# One transfer of a batch: (idempotency key, memo, legs as (account id, amount in đồng)).
BatchPosting = tuple[str, str, Sequence[tuple[int, int]]]


class UnbalancedTransfer(LedgerError):
    pass


class InsufficientFunds(LedgerError):
    def __init__(self, account: Account, balance: VND, needed: VND):
        super().__init__(
            f"{account} holds {balance}; this movement needs {needed}. "
            "Top up the card or choose a smaller amount."
        )
        self.account = account


class IdempotencyConflict(LedgerError):
    pass


def post(
    idempotency_key: str,
    kind: str,
    movements: Iterable[tuple[Account, VND]],
    memo: str = "",
) -> tuple[Transfer, bool]:
    """Apply ``movements`` once. Returns (transfer, created); a replay returns the original."""
    wanted: dict[int, VND] = defaultdict(VND.zero)
    for account, amount in movements:
        wanted[account.pk] = wanted[account.pk] + amount
    wanted = {pk: amount for pk, amount in wanted.items() if amount.amount}
    if not wanted:
        raise UnbalancedTransfer("A transfer must move some money.")
    if sum(amount.amount for amount in wanted.values()) != 0:
        raise UnbalancedTransfer("Every movement needs two sides: the amounts must sum to zero.")

    existing = _replay(idempotency_key, wanted)
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            rows = Account.objects.select_for_update().filter(pk__in=wanted).order_by("pk")
            locked = {account.pk: account for account in rows}
            for pk, amount in wanted.items():
                account = locked[pk]
                if account.floor is not None and account.balance + amount < account.floor:
                    raise InsufficientFunds(account, account.balance, -amount)
            transfer = Transfer.objects.create(
                idempotency_key=idempotency_key, kind=kind, memo=memo
            )
            LedgerEntry.objects.bulk_create(
                LedgerEntry(transfer=transfer, account_id=pk, amount=amount)
                for pk, amount in wanted.items()
            )
            for pk, amount in wanted.items():
                Account.objects.filter(pk=pk).update(balance=F("balance") + amount.amount)
    except IntegrityError:
        # Another worker posted the same key between our check and our insert.
        existing = _replay(idempotency_key, wanted)
        if existing is None:
            raise
        return existing, False
    return transfer, True


def post_batch(kind: str, postings: Sequence[BatchPosting], at: datetime) -> dict[str, int]:
    """Post many new transfers with one statement per table; returns each key's transfer id.

    The fast path of a gate's batch of taps (:mod:`heritage_cms.cards.ingest`), where the
    per-transfer :func:`post` would cost several queries per tap. What :func:`post` checks itself
    is the caller's part here: it runs inside the caller's transaction, after the caller locked
    every account involved (``select_for_update``, in primary-key order) and checked their floors,
    with keys it knows to be new (a repeated key fails on the unique index and rolls back the
    whole batch). Each transfer must still balance.
    """
    if not postings:
        return {}
    changes: dict[int, int] = defaultdict(int)
    for key, _memo, legs in postings:
        if sum(amount for _account, amount in legs) != 0:
            raise UnbalancedTransfer(f"Transfer {key}: the amounts must sum to zero.")
        for account_id, amount in legs:
            changes[account_id] += amount
    created_at = db_datetime(at)
    transfer_ids = dict(
        insert_rows(
            Transfer,
            ["idempotency_key", "kind", "memo", "created_at"],
            [(key, str(kind), memo, created_at) for key, memo, _legs in postings],
            returning=["idempotency_key", "id"],
        )
    )
    insert_rows(
        LedgerEntry,
        ["transfer_id", "account_id", "amount"],
        [
            (transfer_ids[key], account_id, amount)
            for key, _memo, legs in postings
            for account_id, amount in legs
        ],
    )
    update_rows(
        Account,
        "balance = balance + v.column1",
        [(change, pk) for pk, change in sorted(changes.items()) if change],
    )
    return transfer_ids


def account(
    name: str,
    kind: str,
    *,
    site: Site | None = None,
    floor: VND | None = None,
    new: bool = False,
) -> Account:
    """The ledger account called ``name``, opened with this kind, site and floor on first use.

    Every account is opened here. ``new``: it must not exist yet (a card's own account, which
    must never take over an older account's balance); otherwise an existing one is returned.
    """
    fields = {"kind": kind, "site": site, "floor": floor}
    if new:
        found, created = Account.objects.create(name=name, **fields), True
    else:
        found, created = Account.objects.get_or_create(name=name, defaults=fields)
    if created:
        found.refresh_from_db()  # balance read back as VND, like every other account
    return found


def _replay(idempotency_key: str, wanted: dict[int, VND]) -> Transfer | None:
    transfer = Transfer.objects.filter(idempotency_key=idempotency_key).first()
    if transfer is None:
        return None
    recorded = {entry.account_id: entry.amount for entry in transfer.entries.all()}
    if recorded != wanted:
        raise IdempotencyConflict(
            f"Key {idempotency_key} was already used for a different movement; "
            "a retry must repeat the original request exactly."
        )
    return transfer


def total_of_all_accounts() -> VND:
    """Zero, always: the ledger's conservation invariant."""
    total = Account.objects.aggregate(total=Sum("balance", output_field=BigIntegerField()))
    return VND(total["total"] or 0)


def derived_balance(account: Account) -> VND:
    """The balance recomputed from the entries, to check the stored one against."""
    total = account.entries.aggregate(total=Sum("amount", output_field=BigIntegerField()))
    return VND(total["total"] or 0)
