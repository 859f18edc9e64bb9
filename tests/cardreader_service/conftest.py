"""Fixtures for the card layer; the PC/SC ones start pcscd with the vpcd reader when needed."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from cardreader_service.journal import Journal
from cardreader_service.keys import MasterKey, MasterKeyStore
from cardreader_service.pcscd import Pcscd as _Pcscd
from cardreader_service.pcscd import PcscdError, missing_pcsc
from cardreader_service.profile import CardInfo

from .fakecms import FakeCms


@pytest.fixture
def keys() -> MasterKeyStore:
    return MasterKeyStore({1: bytes.fromhex("00112233445566778899AABBCCDDEEFF"), 2: os.urandom(16)})


@pytest.fixture
def master(keys: MasterKeyStore) -> MasterKey:
    return keys.current


@pytest.fixture
def info() -> CardInfo:
    return CardInfo(card_number=9704000012345678, issuer_id=1, issued_on=20261123, card_kind=0)


@pytest.fixture
def uid() -> bytes:
    return bytes.fromhex("04A1B2C3D4E5F6")


class Pcscd(_Pcscd):
    """pcscd for the tests: a failure to start fails the test; a restart needs our own pcscd."""

    def start(self, timeout: float = 10.0) -> None:
        try:
            super().start(timeout)
        except PcscdError as error:
            pytest.fail(str(error))

    def restart(self) -> None:
        if not self.started_here:
            pytest.skip("pcscd was already running, not started by the tests: not restarting it")
        super().restart()


@pytest.fixture(scope="session")
def pcscd_service() -> Iterator[Pcscd]:
    """pcscd with the vpcd reader, started here (and stopped after) if none serves it."""
    missing = missing_pcsc()
    if missing:
        pytest.skip(missing)
    service = Pcscd()
    service.ensure()
    try:
        yield service
    finally:
        service.close()


@pytest.fixture
def pcscd(pcscd_service: Pcscd) -> str:
    """The vpcd reader's name, with pcscd running."""
    return pcscd_service.reader


@pytest.fixture
def cms() -> Iterator[FakeCms]:
    server = FakeCms()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal(tmp_path / "j.sqlite") as journal:
        yield journal
