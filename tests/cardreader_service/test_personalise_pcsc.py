"""Issuing over the real PC/SC stack: a blank emulator card personalised through pcscd + vpcd."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from cardreader_service.card import tap
from cardreader_service.emulator import VpcdEmulator, load_card
from cardreader_service.keys import MasterKeyStore
from cardreader_service.personalise import PersonalisationError, personalise_card
from cardreader_service.profile import CardInfo
from cardreader_service.virtual_card import DirectLink, VirtualCard, random_uid

if TYPE_CHECKING:
    from cardreader_service.reader import PcscReader

pytestmark = pytest.mark.pcsc

ISSUER = MasterKeyStore({1: os.urandom(16)})
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def reader(pcscd: str) -> Iterator[PcscReader]:
    from cardreader_service.reader import PcscReader

    with PcscReader(pcscd) as reader:
        yield reader


def test_blank_card_personalised_over_pcsc_then_a_gate_reads_it(
    reader: PcscReader, keys: MasterKeyStore, info: CardInfo
) -> None:
    uid = random_uid()
    with VpcdEmulator(VirtualCard.blank(uid)):
        with reader.wait_for_card(timeout=5.0) as link:
            result = personalise_card(link, keys, ISSUER, info)
        assert (result.uid, result.key_version, result.already) == (uid, 2, False)
        with reader.wait_for_card(timeout=5.0) as link:  # a fresh connection, as a gate's
            read = tap(link, keys)
        assert (read.uid, read.info.card_number) == (uid, info.card_number)
    reader.wait_for_removal(timeout=5.0)


def test_torn_over_pcsc_then_rerun_and_refuse_another_number(
    reader: PcscReader, keys: MasterKeyStore, info: CardInfo
) -> None:
    uid = random_uid()
    card = VirtualCard.blank(uid)
    card.apdu_budget = 14  # leaves in the middle, after the application exists
    with (
        VpcdEmulator(card),
        reader.wait_for_card(timeout=5.0) as link,
        pytest.raises(PersonalisationError) as caught,
    ):
        personalise_card(link, keys, ISSUER, info)
    assert caught.value.state == "removed"
    reader.wait_for_removal(timeout=5.0)
    assert card.applications  # half-done: our application with key 0 still the default

    card.apdu_budget = None
    with VpcdEmulator(card):
        with reader.wait_for_card(timeout=5.0) as link:
            result = personalise_card(link, keys, ISSUER, info)
        assert result.restarted
        other = CardInfo(card_number=9704000099999999, issuer_id=1, issued_on=20261124)
        with reader.wait_for_card(timeout=5.0) as link, pytest.raises(PersonalisationError) as no:
            personalise_card(link, keys, ISSUER, other)
        assert no.value.state == "already_issued"
        with reader.wait_for_card(timeout=5.0) as link:
            assert tap(link, keys).info == info
    reader.wait_for_removal(timeout=5.0)


def test_emulator_cli_blank_card_saves_its_personalised_state(
    reader: PcscReader, keys: MasterKeyStore, info: CardInfo, tmp_path: Path
) -> None:
    uid = random_uid()
    state = tmp_path / "card.json"
    command = [sys.executable, "-m", "cardreader_service.emulator", "--blank", "--uid", uid.hex()]
    process = subprocess.Popen([*command, "--state", str(state)], cwd=ROOT)
    try:
        with reader.wait_for_card(timeout=10.0) as link:
            personalise_card(link, keys, ISSUER, info)
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl-C: the card is pulled and saved
        assert process.wait(timeout=10) == 0
    reader.wait_for_removal(timeout=5.0)
    assert tap(DirectLink(load_card(state)), keys).info == info
