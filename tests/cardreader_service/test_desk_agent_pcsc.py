"""The desk agent over the real PC/SC stack: its own process, pcscd, vpcd (slot 01) and a blank
emulated card; the card it writes is read back by a gate's tap."""

from __future__ import annotations

import http.client
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from cardreader_service.card import tap
from cardreader_service.emulator import VpcdEmulator
from cardreader_service.keys import MasterKeyStore
from cardreader_service.pcscd import missing_pcsc, port_of
from cardreader_service.virtual_card import DirectLink, VirtualCard, random_uid

from .conftest import Pcscd
from .desk import DESK_READER, DeskAgentProcess

pytestmark = pytest.mark.pcsc

ORIGIN = "http://localhost:8000"
TOKEN = "a-pairing-token-the-admin-showed-once-000"


@pytest.fixture(scope="module")
def desk_reader() -> Iterator[str]:
    missing = missing_pcsc()
    if missing:
        pytest.skip(missing)
    service = Pcscd(DESK_READER)
    service.ensure()
    yield DESK_READER
    service.close()


@pytest.fixture
def agent(tmp_path: Path, desk_reader: str) -> Iterator[DeskAgentProcess]:
    gate = MasterKeyStore({1: os.urandom(16)})
    issuer = MasterKeyStore({1: os.urandom(16)})
    process = DeskAgentProcess(
        tmp_path, ORIGIN, f"1 {gate.current.key.hex()}\n", f"1 {issuer.current.key.hex()}\n"
    )
    process.gate_keys = gate  # type: ignore[attr-defined]
    process.pair(TOKEN)
    process.start()
    yield process
    process.stop()


def post(agent: DeskAgentProcess, body: dict) -> tuple[int, dict]:
    port = int(agent.url.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(
        "POST",
        "/v1/personalise",
        body=json.dumps(body),
        headers={"Origin": ORIGIN, "Authorization": f"Bearer {TOKEN}"},
    )
    response = connection.getresponse()
    answer = json.loads(response.read())
    connection.close()
    return response.status, answer


def test_the_agent_writes_a_blank_card_on_the_desk_reader(agent: DeskAgentProcess) -> None:
    uid = random_uid()
    card = VirtualCard.blank(uid)
    with VpcdEmulator(card, port=port_of(DESK_READER)):
        status, answer = post(
            agent, {"card_number": "9704180300000077", "issued_on": 20261207, "wait": 20}
        )
    assert status == 200, answer
    assert answer["uid"] == uid.hex().upper() and answer["already"] is False
    read = tap(DirectLink(card), agent.gate_keys)  # type: ignore[attr-defined]
    assert read.info.card_number == 9704180300000077


def test_no_card_on_the_desk_reader_times_out_in_one_line(agent: DeskAgentProcess) -> None:
    status, answer = post(
        agent, {"card_number": "9704180300000078", "issued_on": 20261207, "wait": 1}
    )
    assert (status, answer["code"]) == (504, "no_card_in_time")
