"""A fleet of gates for a simulated day: 50 gates across the monuments, delivering their journals
and heartbeats through the gate API exactly as the daemon does, in minutes rather than a day.

Reuses the gate API client of ``benchmarks/ledger_ingest`` (batches with the device token, some
resent as a gate does when an acknowledgement is lost) and adds the heartbeat. ``simulate``
returns what the fleet delivered per monument, for the board's figures to be checked against.

    DATABASE_URL=… .venv/bin/python benchmarks/operations_board/fleet.py --url http://127.0.0.1:8000

run as a command, it adds the fleet's gates to the monuments of the database the server uses
(the demo's, after ``seed_demo``), prints their tokens' count and drives them for today.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import threading
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.ledger_ingest.run import GateClient  # noqa: E402

REFUSALS = [  # (reason, share among refusals)
    ("passback", 0.4),
    ("insufficient_balance", 0.25),
    ("card_blocked", 0.15),
    ("forged_card", 0.1),
    ("cloned_card", 0.1),
]


@dataclass
class FleetGate:
    token: str
    site: str
    direction: str  # "entry" or "exit"
    fare: int


@dataclass
class Delivered:
    """What the fleet delivered to one monument."""

    entries: int = 0
    exits: int = 0
    refusals: Counter = field(default_factory=Counter)
    fares: int = 0  # the fares gates reported on entries not on a pass (the server settles)


class HeartbeatingGate(GateClient):
    def heartbeat(self, pending: int = 0, reader: str = "ready") -> dict:
        request = urllib.request.Request(
            f"{self.url}/api/gates/v1/heartbeat",
            data=json.dumps(
                {"journal_pending": pending, "reader": reader, "journal_ok": True}
            ).encode(),
            headers={"Authorization": f"Device {self.token}", "Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())


def day_of_taps(
    gate: FleetGate,
    cards: list[str],
    start: datetime,
    end: datetime,
    count: int,
    rng: random.Random,
    delivered: Delivered,
) -> list[dict]:
    """``count`` taps spread between ``start`` and ``end``, busier around mid-morning."""
    span = (end - start).total_seconds()
    moments = sorted(start + timedelta(seconds=span * rng.betavariate(2, 3)) for _ in range(count))
    taps = []
    for sequence, moment in enumerate(moments, start=1):
        tap = {
            "sequence": sequence,
            "journal_id": "fleet",
            "card_number": rng.choice(cards),
            "occurred_at": moment.astimezone(UTC).isoformat(),
            "decision": "entered",
            "reason": "",
            "fare": 0,
        }
        if gate.direction == "exit":
            delivered.exits += 1
        elif rng.random() < 0.08:
            reason = rng.choices([r for r, _ in REFUSALS], [w for _, w in REFUSALS])[0]
            tap.update(decision="refused", reason=reason)
            delivered.refusals[reason] += 1
        else:
            tap["fare"] = gate.fare
            delivered.entries += 1
            delivered.fares += gate.fare
        taps.append(tap)
    return taps


def simulate(
    url: str,
    gates: list[FleetGate],
    cards: list[str],
    start: datetime,
    end: datetime,
    taps_per_gate: int = 200,
    batch: int = 100,
    concurrency: int = 50,
    seed: int = 7,
) -> dict[str, Delivered]:
    """Every gate delivers a day's journal (concurrently) and a heartbeat; returns per site."""
    rng = random.Random(seed)
    delivered: dict[str, Delivered] = defaultdict(Delivered)
    clients = []
    for gate in gates:
        taps = day_of_taps(gate, cards, start, end, taps_per_gate, rng, delivered[gate.site])
        clients.append(HeartbeatingGate(url, gate.token, taps, batch, resend_share=0.1))
    queue = list(clients)
    lock = threading.Lock()
    errors: list[str] = []

    def work() -> None:
        while True:
            with lock:
                if not queue:
                    return
                client = queue.pop()
            client.run()
            if client.error:
                errors.append(client.error)
                continue
            client.heartbeat()

    threads = [threading.Thread(target=work) for _ in range(min(concurrency, len(clients)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{len(errors)} gates failed to deliver, e.g. {errors[0]}")
    return dict(delivered)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--url", required=True, help="the running platform, e.g. http://127.0.0.1:8000"
    )
    parser.add_argument("--gates", type=int, default=50)
    parser.add_argument("--taps", type=int, default=400, help="taps per gate over the day")
    args = parser.parse_args()

    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heritage_cms.settings.dev")
    import django

    django.setup()
    from django.utils import timezone

    from heritage_cms.cards.models import Card, Gate
    from heritage_cms.core.money import VND
    from heritage_cms.sites.models import Site

    sites = list(Site.objects.order_by("code"))
    if not sites:
        print("No monuments in this database: run seed_demo first.")
        return 1
    fleet = []
    for index in range(args.gates):
        site = sites[index % len(sites)]
        direction = "exit" if index % 5 == 4 else "entry"
        gate = Gate(name=f"Fleet {index + 1:02d}", site=site, fare=VND(40_000), direction=direction)
        token = gate.issue_token()
        gate.save()
        fleet.append(FleetGate(token, site.code, direction, 40_000))
    cards = list(Card.objects.values_list("number", flat=True)[:500]) or ["9704999900000000"]
    now = timezone.now()
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(now), datetime.min.time()))
    delivered = simulate(args.url, fleet, cards, midnight, now - timedelta(minutes=1), args.taps)
    for code, figures in sorted(delivered.items()):
        print(
            f"{code}: {figures.entries} entries, {figures.exits} exits, "
            f"{sum(figures.refusals.values())} refusals {dict(figures.refusals)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
