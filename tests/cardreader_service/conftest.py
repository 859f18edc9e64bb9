"""Fixtures for the card layer; the PC/SC ones start pcscd with the vpcd reader when needed."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cardreader_service.keys import MasterKey, MasterKeyStore
from cardreader_service.profile import CardInfo

VPCD_DRIVER_GLOB = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so*"
VPCD_READER = "Virtual PCD 00 00"


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


def _missing_pcsc() -> str | None:
    try:
        import smartcard  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return "pyscard is not installed (apt-get install libpcsclite-dev swig; make install)"
    if shutil.which("pcscd") is None:
        return "pcscd is not installed (apt-get install pcscd)"
    if not list(Path("/").glob(VPCD_DRIVER_GLOB.lstrip("/"))):
        return "vsmartcard-vpcd is not installed (apt-get install vsmartcard-vpcd)"
    return None


def _vpcd_reader_listed() -> bool:
    from cardreader_service.reader import PcscReader, ReaderError

    reader = PcscReader(VPCD_READER)
    try:
        reader.reader_name()
        return True
    except ReaderError:
        return False
    finally:
        reader.close()


class Pcscd:
    """The pcscd serving the vpcd reader; ``process`` is None when it was already running."""

    def __init__(self) -> None:
        self.reader = VPCD_READER
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [shutil.which("pcscd") or "pcscd", "--foreground"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 10
        while not _vpcd_reader_listed():
            if self.process.poll() is not None:
                stderr = self.process.stderr.read().decode() if self.process.stderr else ""
                pytest.fail(f"pcscd exited with {self.process.returncode}: {stderr[-500:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"pcscd did not list {VPCD_READER!r} within 10 s")
            time.sleep(0.05)

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()

    def restart(self) -> None:
        if self.process is None:
            pytest.skip("pcscd was already running, not started by the tests: not restarting it")
        self.stop()
        self.start()


@pytest.fixture(scope="session")
def pcscd_service() -> Iterator[Pcscd]:
    """pcscd with the vpcd reader, started here (and stopped after) if none serves it."""
    missing = _missing_pcsc()
    if missing:
        pytest.skip(missing)
    service = Pcscd()
    if not _vpcd_reader_listed():
        service.start()
    try:
        yield service
    finally:
        service.stop()


@pytest.fixture
def pcscd(pcscd_service: Pcscd) -> str:
    """The vpcd reader's name, with pcscd running."""
    return pcscd_service.reader
