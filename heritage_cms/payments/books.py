"""The platform's own ledger accounts on the other side of card money.

* ``payments:stripe`` (payments clearing) goes negative by what Stripe collected for us;
* ``sales:passes`` (revenue, deferred) holds what tickets and passes were sold for;
* ``refunds:stripe`` holds what was paid back;
* ``adjustments`` holds corrections and complimentary value;
* ``disputes:stripe`` holds what card networks took back in disputes we lost;
* ``losses:disputes`` (negative) is the part of a lost dispute the card no longer held.

Every movement has two sides, so with the card accounts the sum over all accounts stays zero.
"""

from heritage_cms.cards import ledger, sales
from heritage_cms.cards.models import Account

PAYMENTS = "payments:stripe"
PASS_SALES = sales.PASS_SALES
REFUNDS = "refunds:stripe"
ADJUSTMENTS = "adjustments"
DISPUTES = "disputes:stripe"
LOSSES = "losses:disputes"

_KINDS = {
    PAYMENTS: Account.Kind.PAYMENTS,
    PASS_SALES: Account.Kind.REVENUE,
    REFUNDS: Account.Kind.REFUNDS,
    ADJUSTMENTS: Account.Kind.REVENUE,
    DISPUTES: Account.Kind.REFUNDS,
    LOSSES: Account.Kind.REVENUE,
}


def account(name: str) -> Account:
    return ledger.account(name, _KINDS[name])
