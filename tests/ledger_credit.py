"""Value put on a card in a test as a ticket office would: one adjustment transfer from the
adjustments account, posted through the ledger (the only writer of entries)."""

from heritage_cms.cards import ledger
from heritage_cms.cards.models import Account, Transfer
from heritage_cms.core.money import VND


def credit(card, amount: int) -> None:
    """``amount`` đồng onto ``card`` (once: the same card and amount again is a replay)."""
    other = ledger.account("adjustments", Account.Kind.REVENUE)
    ledger.post(
        f"test-credit:{card.pk}:{amount}",
        Transfer.Kind.ADJUSTMENT,
        [(other, VND(-amount)), (card.account, VND(amount))],
    )
