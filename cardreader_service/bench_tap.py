"""Time one full tap (connect → UID → select → authenticate → read → UID check) over PC/SC.

Needs pcscd running with the vpcd reader; prints per-tap percentiles so a regression in the
socket tuning (~44 ms per APDU instead of ~0.2 ms) is visible at a glance.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass

from cardreader_service.card import tap
from cardreader_service.emulator import VpcdEmulator
from cardreader_service.keys import MasterKeyStore
from cardreader_service.profile import CardInfo
from cardreader_service.reader import PcscReader
from cardreader_service.virtual_card import personalise, random_uid

DEFAULT_READER = "Virtual PCD 00 00"


@dataclass(frozen=True, slots=True)
class TapTimes:
    """Seconds per tap; ``apdus`` is per tap, so ``per_apdu`` shows the transport cost."""

    samples: tuple[float, ...]
    apdus: int

    def percentile(self, share: float) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)

    @property
    def per_apdu(self) -> float:
        return self.p50 / self.apdus

    def describe(self) -> str:
        return (
            f"{len(self.samples)} taps, {self.apdus} APDUs each: "
            f"p50 {self.p50 * 1000:.2f} ms, p95 {self.percentile(0.95) * 1000:.2f} ms, "
            f"max {max(self.samples) * 1000:.2f} ms, {self.per_apdu * 1000:.3f} ms per APDU"
        )


def measure(reader_name: str, taps: int = 50, tune_socket: bool = True) -> TapTimes:
    """Insert one genuine card and time ``taps`` taps, each with its own PC/SC connection."""
    keys = MasterKeyStore({1: os.urandom(16)})
    info = CardInfo(card_number=9704000000000001, issuer_id=1, issued_on=20260101)
    card = personalise(random_uid(), info, keys.current)
    samples: list[float] = []
    apdus = 0
    with PcscReader(reader_name) as reader:
        with VpcdEmulator(card, tune_socket=tune_socket).start():
            reader.wait_for_card(timeout=5.0).close()  # pcscd notices the card on its next poll
            for _ in range(taps):
                started = time.perf_counter()
                with reader.wait_for_card(timeout=5.0) as link:
                    result = tap(link, keys)
                samples.append(time.perf_counter() - started)
                apdus = result.apdus
        # Let pcscd see the card leave, so whatever is inserted next raises a fresh event.
        reader.wait_for_removal(timeout=5.0)
    return TapTimes(tuple(samples), apdus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cardreader_service.bench_tap")
    parser.add_argument("--reader", default=DEFAULT_READER)
    parser.add_argument("--taps", type=int, default=50)
    parser.add_argument(
        "--untuned", action="store_true", help="also run without TCP_NODELAY/TCP_QUICKACK"
    )
    args = parser.parse_args(argv)
    try:
        tuned = measure(args.reader, args.taps)
    except ConnectionRefusedError:
        print(
            "No vpcd reader is listening on 127.0.0.1:35963: start pcscd with the "
            "vsmartcard-vpcd driver first (e.g. `pcscd --foreground &`), then run this again.",
            file=sys.stderr,
        )
        return 2
    print(f"tuned socket:   {tuned.describe()}")
    if args.untuned:
        untuned = measure(args.reader, max(3, args.taps // 10), tune_socket=False)
        print(f"untuned socket: {untuned.describe()}")
        print(f"ratio untuned/tuned p50: {untuned.p50 / tuned.p50:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
