"""End to end over the real stack: pyscard → pcscd → vpcd → our emulator on TCP."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from cardreader_service.card import tap
from cardreader_service.emulator import VpcdEmulator
from cardreader_service.errors import CardError
from cardreader_service.keys import MasterKeyStore
from cardreader_service.profile import CardInfo
from cardreader_service.virtual_card import Behaviour, make_card, random_uid

if TYPE_CHECKING:
    # pyscard is imported only once the pcscd fixture has found pcscd and vpcd installed.
    from cardreader_service.reader import PcscReader

    from .conftest import Pcscd

pytestmark = pytest.mark.pcsc

Insert = Callable[..., VpcdEmulator]


@pytest.fixture
def reader(pcscd: str) -> Iterator[PcscReader]:
    from cardreader_service.reader import PcscReader

    with PcscReader(pcscd) as reader:
        yield reader


@pytest.fixture
def insert(
    reader: PcscReader, keys: MasterKeyStore, info: CardInfo
) -> Iterator[Callable[..., VpcdEmulator]]:
    """Put a card on the vpcd reader; every card is pulled away and seen gone at teardown."""
    inserted: list[VpcdEmulator] = []

    def _insert(behaviour: Behaviour, uid: bytes, tear_after: int = 3) -> VpcdEmulator:
        card = make_card(behaviour, uid, info, keys.current, tear_after=tear_after)
        emulator = VpcdEmulator(card).start()
        inserted.append(emulator)
        return emulator

    yield _insert
    for emulator in inserted:
        emulator.close()
    reader.wait_for_removal(timeout=5.0)


def _tap_reason(
    reader: PcscReader,
    keys: MasterKeyStore,
    is_issued_uid: Callable[[bytes], bool] | None = None,
) -> str:
    with reader.wait_for_card(timeout=5.0) as link, pytest.raises(CardError) as caught:
        tap(link, keys, is_issued_uid)
    return caught.value.reason


def test_genuine_card_authenticates_and_reads(
    reader: PcscReader, insert: Insert, keys: MasterKeyStore, uid: bytes, info: CardInfo
) -> None:
    insert("genuine", uid)
    with reader.wait_for_card(timeout=5.0) as link:
        result = tap(link, keys)
    assert (result.uid, result.info) == (uid, info)
    assert result.seconds < 0.1


def test_forged_card_is_refused(reader: PcscReader, insert: Insert, keys: MasterKeyStore) -> None:
    insert("forged", random_uid())
    assert _tap_reason(reader, keys) == "forged_card"


def test_clone_is_refused(
    reader: PcscReader, insert: Insert, keys: MasterKeyStore, uid: bytes
) -> None:
    insert("clone", uid)
    assert _tap_reason(reader, keys, is_issued_uid=lambda seen: seen == uid) == "cloned_card"


def test_foreign_card_is_not_ours(
    reader: PcscReader, insert: Insert, keys: MasterKeyStore, uid: bytes
) -> None:
    insert("foreign", uid)
    assert _tap_reason(reader, keys) == "not_our_card"


@pytest.mark.parametrize("tear_after", [2, 4, 6])
def test_torn_card_then_the_next_card_reads(
    reader: PcscReader,
    insert: Insert,
    keys: MasterKeyStore,
    uid: bytes,
    info: CardInfo,
    tear_after: int,
) -> None:
    torn = insert("torn", uid, tear_after=tear_after)
    assert _tap_reason(reader, keys) == "card_removed"
    assert torn.finished.wait(timeout=5.0)
    reader.wait_for_removal(timeout=5.0)

    next_uid = random_uid()
    insert("genuine", next_uid)
    with reader.wait_for_card(timeout=5.0) as link:
        assert tap(link, keys).uid == next_uid


def test_emulator_command_line(reader: PcscReader, uid: bytes) -> None:
    """The way a human inserts a card: ``python -m cardreader_service.emulator``."""
    key_hex = os.urandom(16).hex()
    keys = MasterKeyStore.parse(f"3 {key_hex}")
    env = dict(os.environ, HUE_CARD_MASTER_KEYS=f"3:{key_hex}")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cardreader_service.emulator",
            "--uid",
            uid.hex(),
            "--card-number",
            "42",
        ],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        with reader.wait_for_card(timeout=10.0) as link:
            result = tap(link, keys)
        assert (result.uid, result.info.card_number) == (uid, 42)
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=10)
    assert process.returncode == 0, stderr
    assert key_hex not in stderr
    assert "genuine card" in stderr
    reader.wait_for_removal(timeout=5.0)


def test_reader_survives_a_pcscd_restart(
    pcscd_service: Pcscd, reader: PcscReader, insert: Insert, keys: MasterKeyStore
) -> None:
    insert("genuine", random_uid())
    with reader.wait_for_card(timeout=5.0) as link:
        tap(link, keys)
    pcscd_service.restart()
    # Same PcscReader object, stale PC/SC context: it must reconnect by itself.
    second = random_uid()
    insert("genuine", second)
    with reader.wait_for_card(timeout=10.0) as link:
        assert tap(link, keys).uid == second


def test_missing_reader_times_out_clearly(pcscd: str) -> None:
    from cardreader_service.reader import PcscReader, ReaderError

    started = time.monotonic()
    with PcscReader("No Such Reader") as reader, pytest.raises(ReaderError, match="No Such") as no:
        reader.wait_for_card(timeout=0.6)
    assert time.monotonic() - started < 2.0
    # The readers pcscd lists are for the log, not the sentence.
    assert "[" not in str(no.value) and "'" not in str(no.value) and "have [" in no.value.detail


def test_no_card_in_time_is_its_own_code_not_a_reader_fault(reader: PcscReader) -> None:
    """The daemon tells a quiet moment from a lost reader by the error's type, not its words."""
    from cardreader_service import NoCardInTime, ReaderError

    with pytest.raises(NoCardInTime) as waited:
        reader.wait_for_card(timeout=0.5)
    assert isinstance(waited.value, ReaderError) and waited.value.code == "no_card_in_time"


def test_gate_tap_benchmark_over_vpcd(pcscd: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The benchmark's own command, briefly: a regression in socket tuning (~44 ms per APDU) or
    in the journal would blow the 100 ms goal; so would one in the QR scanner path."""
    root = Path(__file__).resolve().parents[2]
    command = [sys.executable, str(root / "benchmarks/gate_tap/run.py"), "--taps", "40"]
    run = subprocess.run(
        [*command, "--scans", "40", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    result = json.loads(run.stdout)
    with capsys.disabled():
        print(f"\n[pcsc] gate tap over pcscd+vpcd: {result}")
    assert run.returncode == 0, run.stderr
    assert result["taps"] == 40 and result["p95_ms"] < 100
    assert 0 < result["share_pcsc"] < 1
    assert result["qr_taps"] == 40 and result["qr_p95_ms"] < 100
