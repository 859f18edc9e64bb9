"""Posting to the double-entry ledger: balanced, idempotent, within floors, all or nothing.

Every movement is one :class:`Transfer` with entries summing to zero, so the sum over all
accounts stays zero whatever happens. Accounts are locked in primary-key order, which keeps
concurrent postings (many gates, webhooks) from deadlocking, and balances are updated in the same
database transaction as the entries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import BigIntegerField, F, Sum

from heritage_cms.core.money import VND

from .models import Account, LedgerEntry, LedgerError, Transfer


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
