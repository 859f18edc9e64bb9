"""Benchmark: taps ingested exactly once into PostgreSQL from many gates at once.

Builds a fresh PostgreSQL database, migrates it, puts gates, cards (with stored value) and
tickets in place, starts gunicorn on the production WSGI app, and lets N gate clients send their
journals as the gate daemon does: batches over HTTP with the device token, some of them resent
(a gate that timed out waiting for the acknowledgement). Then it checks that every tap is stored
once, that the ledger still sums to zero and that each card's balance matches its entries.

    .venv/bin/python benchmarks/ledger_ingest/run.py [--gates 8] [--taps 2500] [--batch 500]

Prints taps/s and batch latency (p50/p95/p99), and the ratio against the goal (2,000 taps/s on
this machine) and the anchor (Octopus: ~174 taps/s averaged over a whole city's day).
Exit status 1 when the goal is missed or a tap was lost or doubled.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import django_run  # noqa: E402

GOAL_TAPS_PER_SECOND = 2000
OCTOPUS_TAPS_PER_SECOND = 174
SITES = ["dai-noi", "lang-minh-mang", "lang-tu-duc", "lang-khai-dinh"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SETUP = r"""
import json, sys
import django
django.setup()
from datetime import timedelta
from django.utils import timezone
from heritage_cms.cards import ledger
from heritage_cms.cards.models import Account, Card, Entitlement, Gate, Product, Transfer
from heritage_cms.core.money import VND
from heritage_cms.sites.models import Site

gates, cards = int(sys.argv[1]), int(sys.argv[2])
sites = [Site.objects.create(code=code) for code in json.loads(sys.argv[3])]
payments = Account.objects.create(kind=Account.Kind.PAYMENTS, name="payments:bench")
tokens = []
for index in range(gates):
    gate = Gate(name=f"Bench gate {index}", site=sites[index % len(sites)], fare=VND(50_000))
    tokens.append(gate.issue_token())
    gate.save()
combo = Product.objects.create(
    code="bench-combo", name="Combo", kind=Product.Kind.COMBO,
    entries_per_site=1000, valid_days=3, price=VND(420_000),
)
combo.sites.set(sites)
# Cards are bulk-registered (issuing one by one hashes an access code for each) and funded by
# one balanced top-up transfer, so the ledger starts consistent.
today = timezone.localdate()
accounts = Account.objects.bulk_create(
    Account(kind=Account.Kind.CARD, name=f"card:9704{index:012d}",
            floor=VND(-Card.OFFLINE_SPENDING_LIMIT))
    for index in range(cards)
)
issued = Card.objects.bulk_create(
    Card(number=f"9704{index:012d}", uid=f"04{index:012X}", account=account)
    for index, account in enumerate(accounts)
)
ledger.post("bench-topup", Transfer.Kind.TOP_UP,
            [(payments, VND(-5_000_000 * cards))]
            + [(account, VND(5_000_000)) for account in accounts])
entitlements = {
    e.card.number: e.pk
    for e in Entitlement.objects.bulk_create(  # a third of the visitors hold a combo ticket
        Entitlement(card=card, product=combo, valid_from=today,
                    valid_until=today + timedelta(days=2))
        for card in issued[::3]
    )
}
numbers = [card.number for card in issued]
print(json.dumps({"tokens": tokens, "cards": numbers, "entitlements": entitlements}))
"""

CHECK = r"""
import json, sys
import django
django.setup()
from django.db.models import Count
from heritage_cms.cards import ledger
from heritage_cms.cards.models import Account, Tap
per_gate = dict(Tap.objects.values_list("gate__name").annotate(n=Count("id")))
mismatched = [a.name for a in Account.objects.all() if ledger.derived_balance(a) != a.balance]
print(json.dumps({
    "taps": Tap.objects.count(),
    "per_gate": per_gate,
    "settlements": dict(Tap.objects.values_list("settlement").annotate(n=Count("id"))),
    "total": ledger.total_of_all_accounts().amount,
    "mismatched": mismatched,
}))
"""


@dataclass
class GateClient:
    """One gate delivering its journal: batches in sequence order, some resent."""

    url: str
    token: str
    taps: list[dict]
    batch: int
    resend_share: float
    latencies: list[float] = field(default_factory=list)
    duplicates: int = 0
    error: str = ""

    def post(self, batch: list[dict]) -> dict:
        request = urllib.request.Request(
            f"{self.url}/api/gates/v1/taps",
            data=json.dumps({"taps": batch}).encode(),
            headers={"Authorization": f"Device {self.token}", "Content-Type": "application/json"},
            method="POST",
        )
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=120) as response:
            body = json.loads(response.read())
        self.latencies.append(time.perf_counter() - started)
        return body

    def run(self) -> None:
        try:
            rng = random.Random(self.token)
            for start in range(0, len(self.taps), self.batch):
                batch = self.taps[start : start + self.batch]
                self.post(batch)
                if rng.random() < self.resend_share:
                    # The acknowledgement was "lost": the gate sends the batch again, reordered.
                    again = list(reversed(batch))
                    body = self.post(again)
                    self.duplicates += len(body["duplicates"])
        except Exception as error:  # reported, and fails the run
            self.error = repr(error)


def make_taps(cards: list[str], entitlements: dict[str, int], count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    start = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    taps = []
    for sequence in range(1, count + 1):
        number = rng.choice(cards)
        entered = rng.random() < 0.95
        tap = {
            "sequence": sequence,
            "card_number": number,
            "occurred_at": (start + timedelta(seconds=sequence * 3)).isoformat(),
            "decision": "entered" if entered else "refused",
            "reason": "" if entered else "passback",
        }
        if entered and number in entitlements:
            tap["entitlement_id"] = entitlements[number]
        elif entered:
            tap["fare"] = 50_000
        taps.append(tap)
    return taps


def wait_for(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited before it served")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 30 s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gates", type=int, default=8, help="concurrent gates (default 8)")
    parser.add_argument("--taps", type=int, default=2500, help="taps journaled per gate")
    parser.add_argument("--batch", type=int, default=500, help="taps per batch (as a gate)")
    parser.add_argument("--cards", type=int, default=2000, help="cards in circulation")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (2 x cores)")
    parser.add_argument("--resend", type=float, default=0.1, help="share of batches resent")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/heritage_bench_ingest"
        ),
    )
    parser.add_argument("--keep-database", action="store_true")
    args = parser.parse_args()
    workers = args.workers or 2 * (os.cpu_count() or 1)

    env = django_run.django_env(args.database_url)
    print(f"database {args.database_url.rsplit('/', 1)[1]}: creating and migrating …", flush=True)
    django_run.fresh_database(args.database_url)
    try:
        for command in (["migrate"], ["collectstatic"]):  # the web app refuses to start without
            subprocess.run(  # the static manifest, as in production
                [sys.executable, "manage.py", *command, "--no-input", "-v", "0"],
                env=env,
                cwd=ROOT,
                check=True,
            )
        state = django_run.run_django(
            SETUP, env, str(args.gates), str(args.cards), json.dumps(SITES)
        )
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
        server = subprocess.Popen(
            [
                gunicorn,
                "heritage_cms.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(workers),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        try:
            wait_for(url, server)
            clients = [
                GateClient(
                    url,
                    token,
                    make_taps(state["cards"], state["entitlements"], args.taps, seed=index),
                    args.batch,
                    args.resend,
                )
                for index, token in enumerate(state["tokens"])
            ]
            threads = [threading.Thread(target=client.run) for client in clients]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
        check = django_run.run_django(CHECK, env)
    finally:
        if not args.keep_database:
            django_run.drop_database(args.database_url)

    errors = [client.error for client in clients if client.error]
    expected = args.gates * args.taps
    latencies = [lat for client in clients for lat in client.latencies]
    rate = expected / elapsed
    resent = sum(client.duplicates for client in clients)
    print(
        f"{args.gates} gates x {args.taps} taps in batches of {args.batch}, "
        f"{len(latencies)} batches ({resent} taps resent), gunicorn x {workers}, "
        f"{os.cpu_count()} cores"
    )
    print(f"  ingested        {expected} taps in {elapsed:.2f} s = {rate:,.0f} taps/s")
    print(
        "  batch latency   "
        f"p50 {django_run.percentile(latencies, 0.5) * 1000:.0f} ms · "
        f"p95 {django_run.percentile(latencies, 0.95) * 1000:.0f} ms · "
        f"p99 {django_run.percentile(latencies, 0.99) * 1000:.0f} ms"
    )
    print(f"  settlements     {check['settlements']}")
    print(
        f"  vs goal         {rate / GOAL_TAPS_PER_SECOND:.2f}x of {GOAL_TAPS_PER_SECOND:,} taps/s"
    )
    print(f"  vs Octopus      {rate / OCTOPUS_TAPS_PER_SECOND:.1f}x its ~174 taps/s city average")
    exact = check["taps"] == expected and all(n == args.taps for n in check["per_gate"].values())
    print(
        f"  exactly once    {'yes' if exact else 'NO'}: {check['taps']} taps stored of {expected}; "
        f"ledger total {check['total']} đ; balances matching entries: "
        f"{'all' if not check['mismatched'] else check['mismatched']}"
    )
    if errors:
        print("  client errors   " + "; ".join(errors[:3]))
    ok = exact and not errors and check["total"] == 0 and not check["mismatched"]
    return 0 if ok and rate >= GOAL_TAPS_PER_SECOND else 1


if __name__ == "__main__":
    sys.exit(main())
