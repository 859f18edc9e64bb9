"""Benchmark: one gate tap, card present → decision journaled, over the real PC/SC stack; and
one e-ticket scan, QR code received → decision journaled, through the scanner input.

pcscd + vpcd + our card emulator (started here when pcscd is not running), the gate's own
``Gate.process`` (authenticate, read, decide against a snapshot of 10,000 cards, journal in SQLite
WAL with synchronous=FULL) — the same code the daemon runs. The card stays in the field and is
reconnected for every tap, so pcscd's ~0.4 s presence polling (the reader's business, not ours)
is left out; SCardConnect is in.

    .venv/bin/python benchmarks/gate_tap/run.py [--taps 300] [--untuned] [--json]

Prints p50/p95/p99, the share of time in our code vs PC/SC, and the ratio against the goal
(p95 ≤ 100 ms) and the anchors: Calypso transit cards < 200 ms, Oyster 200-300 ms per tap.

The QR scenario has the same budget: each scan is a new ticket's QR text written to a pty (as a
keyboard-wedge scanner's keystrokes reach its tty), read by the daemon's ``Scanner`` thread,
verified (Ed25519) against a snapshot with two ticket keys, 1,000 revoked tickets and 10,000
ticket counts beside the 10,000 cards, decided and journaled; timed from the write to the row.
The scanner's own decoding of the image (its hardware, before the first byte) is not ours.
Exit status 1 when either goal is missed.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat  # noqa: E402

from benchmarks.gate_snapshot import gate_snapshot  # noqa: E402
from cardreader_service import (  # noqa: E402
    VPCD_READER,
    CardInfo,
    Feedback,
    Gate,
    Journal,
    MasterKeyStore,
    Pcscd,
    Scan,
    Scanner,
    SnapshotStore,
    VpcdEmulator,
    missing_pcsc,
    open_source,
    personalise_virtual_card,
    random_uid,
)

GOAL_P95 = 0.100
CALYPSO = 0.200  # "under 200 ms" for a Calypso transaction
OYSTER = (0.200, 0.300)
CARDS_IN_SNAPSHOT = 10_000


@dataclass(frozen=True, slots=True)
class Sample:
    total: float  # card present → decision journaled
    pcsc: float  # SCardConnect + SCardTransmit
    protocol: float  # our card protocol and crypto (tap() minus transmit)
    decide: float
    journal: float


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def snapshot_payload(number: int, uid: bytes) -> dict[str, object]:
    now = datetime.now(UTC)
    cards = [
        {
            "number": str(9704100000000000 + n),
            "uid": f"04{n:012X}",
            "status": "active",
            "key_version": 1,
            "balance": 1_000_000,
        }
        for n in range(CARDS_IN_SNAPSHOT)
    ]
    cards.append(
        {
            "number": str(number),
            "uid": uid.hex().upper(),
            "status": "active",
            "key_version": 1,
            "balance": 10**12,
        }
    )
    # The site's business day is Huế's (UTC+7), whatever the machine's zone.
    return gate_snapshot(
        now=now, gate_name="bench", cards=cards, occupancy_date=(now + timedelta(hours=7)).date()
    )


def measure(reader_name: str, taps: int, workdir: Path, tune_socket: bool = True) -> list[Sample]:
    from cardreader_service import PcscReader

    keys = MasterKeyStore({1: os.urandom(16)})
    number, uid = 9704000000000001, random_uid()
    card = personalise_virtual_card(
        uid, CardInfo(card_number=number, issuer_id=1, issued_on=20260101), keys.current
    )
    store = SnapshotStore(workdir / "snapshot.json", "dai-noi")
    store.apply(snapshot_payload(number, uid))
    samples: list[Sample] = []
    with Journal(workdir / "journal.sqlite") as journal, PcscReader(reader_name) as reader:
        gate = Gate(keys, store, journal, Feedback(reader_name))
        with VpcdEmulator(card, tune_socket=tune_socket).start():
            reader.wait_for_card(timeout=10.0).close()  # pcscd notices the card on its next poll
            for _ in range(taps):
                started = time.perf_counter()
                with reader.wait_for_card(timeout=5.0) as link:
                    connected = time.perf_counter() - started
                    decision, _sequence, timing = gate.process(link)
                if not decision.entered:
                    raise SystemExit(f"the benchmark card was refused: {decision.reason}")
                samples.append(
                    Sample(
                        total=connected + timing.card + timing.decide + timing.journal,
                        pcsc=connected + timing.pcsc,
                        protocol=timing.card - timing.pcsc,
                        decide=timing.decide,
                        journal=timing.journal,
                    )
                )
        reader.wait_for_removal(timeout=5.0)
    return samples


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def qr_text(private: Ed25519PrivateKey, code: str, day: str) -> str:
    """A ticket as docs/tickets.md has the server sign it (the server's signer lives in the CMS)."""
    fields = {"a": day, "b": day, "f": "adult", "k": "k2027", "p": "dai-noi-1", "t": code}
    body = "HT1." + _b64(json.dumps(fields, separators=(",", ":"), sort_keys=True).encode())
    return f"{body}.{_b64(private.sign(body.encode('ascii')))}"


def ticket_snapshot(private: Ed25519PrivateKey, day: str) -> dict[str, object]:
    payload = snapshot_payload(9704000000000001, random_uid())
    retired = Ed25519PrivateKey.generate()  # last year's key, still in the snapshot
    payload["ticket_keys"] = [
        {
            "id": key_id,
            "public_key": _b64(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)),
        }
        for key_id, key in (("k2026", retired), ("k2027", private))
    ]
    payload["revoked_tickets"] = [f"HR{n:010d}" for n in range(1_000)]
    payload["ticket_uses"] = {f"HU{n:010d}": 1 for n in range(CARDS_IN_SNAPSHOT)}
    payload["products"] = [
        {
            "code": "dai-noi-1",
            "name": "Đại Nội ticket",
            "kind": "single_site",
            "site_codes": ["dai-noi"],
            "entries_per_site": 1,
            "valid_days": 1,
        }
    ]
    return payload


def measure_qr(scans: int, workdir: Path) -> list[Sample]:
    """QR text written to the scanner's tty → decision journaled, through the daemon's Scanner."""
    private = Ed25519PrivateKey.generate()
    day = (datetime.now(UTC) + timedelta(hours=7)).date().isoformat()  # Huế's day
    store = SnapshotStore(workdir / "snapshot.json", "dai-noi")
    store.apply(ticket_snapshot(private, day))
    texts = [qr_text(private, f"HT{n:010d}", day) for n in range(scans)]
    samples: list[Sample] = []
    master, slave = os.openpty()
    done = threading.Event()
    with Journal(workdir / "journal.sqlite") as journal:
        gate = Gate(MasterKeyStore({1: os.urandom(16)}), store, journal, Feedback("scanner"))
        results: list[tuple[bool, float, float, float]] = []

        def on_scan(scan: Scan) -> None:
            decision, _sequence, timing = gate.process_ticket(scan.ticket_input())
            results.append((decision.entered, timing.card, timing.decide, timing.journal))
            done.set()

        # No flood limit here: the benchmark sends the next scan as soon as the last is done.
        scanner = Scanner(lambda: open_source(os.ttyname(slave)), on_scan, rate=1e9).start()
        try:
            while scanner.state != "ready":
                time.sleep(0.01)
            for text in texts:
                done.clear()
                started = time.perf_counter()
                os.write(master, text.encode("ascii") + b"\r")
                if not done.wait(5.0):
                    raise SystemExit("the scanner did not deliver a scan within 5 s")
                total = time.perf_counter() - started
                entered, read, decide, journaled = results[-1]
                if not entered:
                    raise SystemExit("a benchmark ticket was refused")
                samples.append(Sample(total, 0.0, read, decide, journaled))
        finally:
            scanner.stop()
            os.close(master)
            os.close(slave)
    return samples


def summary(samples: list[Sample]) -> dict[str, float]:
    totals = [s.total for s in samples]
    whole = sum(totals)
    return {
        "taps": len(samples),
        "p50_ms": statistics.median(totals) * 1000,
        "p95_ms": percentile(totals, 0.95) * 1000,
        "p99_ms": percentile(totals, 0.99) * 1000,
        "max_ms": max(totals) * 1000,
        "share_pcsc": sum(s.pcsc for s in samples) / whole,
        "share_ours": 1 - sum(s.pcsc for s in samples) / whole,
        "share_protocol": sum(s.protocol for s in samples) / whole,
        "share_decide": sum(s.decide for s in samples) / whole,
        "share_journal": sum(s.journal for s in samples) / whole,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/gate_tap/run.py")
    parser.add_argument("--reader", default=VPCD_READER)
    parser.add_argument("--taps", type=int, default=300)
    parser.add_argument("--scans", type=int, default=300, help="QR scans (new tickets)")
    parser.add_argument("--untuned", action="store_true", help="also run with Nagle/delayed ACK")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    parser.add_argument("--workdir", help="where the journal goes (default: a temporary dir)")
    args = parser.parse_args(argv)

    missing = missing_pcsc()
    if missing:
        print(f"cannot run: {missing}", file=sys.stderr)
        return 2
    pcscd = Pcscd(args.reader).ensure()
    try:
        with tempfile.TemporaryDirectory(dir=args.workdir) as workdir:
            result = summary(measure(args.reader, args.taps, Path(workdir)))
            if args.untuned:
                (Path(workdir) / "untuned").mkdir()
                untuned = measure(args.reader, 5, Path(workdir) / "untuned", tune_socket=False)
                result["untuned_p50_ms"] = statistics.median(s.total for s in untuned) * 1000
            (Path(workdir) / "qr").mkdir()
            qr = summary(measure_qr(args.scans, Path(workdir) / "qr"))
            result.update({f"qr_{key}": value for key, value in qr.items()})
    finally:
        pcscd.close()
    met = result["p95_ms"] <= GOAL_P95 * 1000 and result["qr_p95_ms"] <= GOAL_P95 * 1000

    if args.json:
        print(json.dumps(result))
        return 0 if met else 1
    p95 = result["p95_ms"] / 1000
    print(
        f"gate tap, card present → decision journaled, {result['taps']} taps over pcscd+vpcd:\n"
        f"  p50 {result['p50_ms']:.2f} ms   p95 {result['p95_ms']:.2f} ms   "
        f"p99 {result['p99_ms']:.2f} ms   max {result['max_ms']:.2f} ms\n"
        f"  time in our code {result['share_ours']:.0%} "
        f"(protocol+crypto {result['share_protocol']:.0%}, decision {result['share_decide']:.0%}, "
        f"journal fsync {result['share_journal']:.0%}), in PC/SC {result['share_pcsc']:.0%}\n"
        f"  goal p95 ≤ {GOAL_P95 * 1000:.0f} ms: p95/goal = {p95 / GOAL_P95:.3f} "
        f"({'met' if p95 <= GOAL_P95 else 'MISSED'})\n"
        f"  anchors: {CALYPSO / p95:.0f}x faster than Calypso's 200 ms, "
        f"{OYSTER[0] / p95:.0f}-{OYSTER[1] / p95:.0f}x faster than Oyster's 200-300 ms"
    )
    if "untuned_p50_ms" in result:
        print(
            f"  untuned socket (Nagle + delayed ACK): p50 {result['untuned_p50_ms']:.0f} ms, "
            f"{result['untuned_p50_ms'] / result['p50_ms']:.0f}x slower"
        )
    qr_p95 = result["qr_p95_ms"] / 1000
    print(
        f"e-ticket scan, QR text received → decision journaled, {result['qr_taps']} scans "
        "through the scanner's tty:\n"
        f"  p50 {result['qr_p50_ms']:.2f} ms   p95 {result['qr_p95_ms']:.2f} ms   "
        f"p99 {result['qr_p99_ms']:.2f} ms   max {result['qr_max_ms']:.2f} ms\n"
        f"  read {result['qr_share_protocol']:.0%}, verify+decide {result['qr_share_decide']:.0%}, "
        f"journal fsync {result['qr_share_journal']:.0%}\n"
        f"  goal p95 ≤ {GOAL_P95 * 1000:.0f} ms: p95/goal = {qr_p95 / GOAL_P95:.3f} "
        f"({'met' if qr_p95 <= GOAL_P95 else 'MISSED'}); p95 QR/card = {qr_p95 / p95:.2f}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
