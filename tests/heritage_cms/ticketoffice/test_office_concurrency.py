"""Double submits that really overlap: two requests with the same key at the same moment sell once,
and a cash-up racing a sale either takes the sale into its count or refuses it. Only PostgreSQL
has the row locks to show it."""

import threading
import uuid

import pytest
from django.db import connection

from heritage_cms.cards import ledger
from heritage_cms.cards.models import Transfer
from heritage_cms.core.money import VND
from heritage_cms.ticketoffice import services
from heritage_cms.ticketoffice.models import Sale, Shift

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def at_once(*calls):
    """Run the calls in threads released together; their results or exceptions, in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            results[index] = call()
        except Exception as error:  # the test looks at what each got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency: run with DATABASE_URL=postgres://…")


def test_the_same_top_up_submitted_twice_at_once_sells_once(shift_a, clerk_a, card):
    request = services.SaleRequest(
        kind="top_up",
        method="cash",
        idempotency_key=uuid.uuid4().hex,
        language="vi",
        card_number=card.number,
        top_up=400_000,
    )
    for _round in range(5):
        results = at_once(*[lambda: services.sell(shift_a, clerk_a, request)] * 4)
        assert all(isinstance(r, tuple) for r in results), results
        assert len({sale.pk for sale, _created in results}) == 1
    assert sum(created for _sale, created in results) <= 1
    card.account.refresh_from_db()
    assert card.balance == VND(400_000)
    assert Sale.objects.count() == 1
    assert Transfer.objects.filter(kind="top_up").count() == 1
    assert ledger.total_of_all_accounts() == VND(0)


def test_a_cash_up_racing_sales_counts_each_sale_or_refuses_it(shift_a, clerk_a, card):
    def top_up():
        request = services.SaleRequest(
            kind="top_up",
            method="cash",
            idempotency_key=uuid.uuid4().hex,
            language="vi",
            card_number=card.number,
            top_up=100_000,
        )
        return services.sell(shift_a, clerk_a, request)

    results = at_once(
        top_up, top_up, top_up, lambda: services.close_shift(shift_a, clerk_a, VND(500_000))
    )
    sold = [r for r in results[:3] if isinstance(r, tuple)]
    refused = [r for r in results[:3] if isinstance(r, services.ShiftClosed)]
    assert len(sold) + len(refused) == 3
    shift = Shift.objects.get(pk=shift_a.pk)
    # The count saw exactly the sales made before it: expected = float + those sales.
    assert shift.expected == VND(500_000 + 100_000 * len(sold))
    shift.drawer.refresh_from_db()
    assert shift.drawer.balance == VND(0)
    assert ledger.total_of_all_accounts() == VND(0)
