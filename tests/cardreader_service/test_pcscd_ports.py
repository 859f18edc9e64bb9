"""vpcd's ports: read from the running pcscd's reader.conf.d, and moved off a port something else
on the machine holds, so the virtual reader still appears and the emulated card still finds it."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from cardreader_service.card import tap
from cardreader_service.emulator import VpcdEmulator
from cardreader_service.keys import MasterKeyStore
from cardreader_service.pcscd import (
    VPCD_PORT,
    VPCD_SLOTS,
    configured_base_port,
    free_base_port,
    port_free,
    port_of,
    slot_of,
)
from cardreader_service.profile import CardInfo
from cardreader_service.virtual_card import make_card

from .conftest import Pcscd

if TYPE_CHECKING:
    from cardreader_service.reader import PcscReader

# vsmartcard's packaged /etc/reader.conf.d/vpcd, and a libccid serial reader beside it.
PACKAGED = """FRIENDLYNAME "Virtual PCD"
DEVICENAME   /dev/null:0x8C7B
LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so
CHANNELID    0x8C7B"""
OTHER_READER = """# Gemalto reader with serial communication
FRIENDLYNAME      "GemPCTwin serial"
DEVICENAME        /dev/ttyS0:7
LIBPATH           /usr/lib/pcsc/drivers/serial/libccidtwin.so"""


def held(port: int) -> socket.socket:
    """A listening socket on ``port``, as a server given that port by the kernel would be."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("", port))
    sock.listen()
    return sock


def test_the_port_is_read_from_the_vpcd_entry_of_a_reader_conf_d(tmp_path: Path) -> None:
    (tmp_path / "libccidtwin").write_text(OTHER_READER)
    (tmp_path / "vpcd").write_text(PACKAGED)
    assert configured_base_port(tmp_path) == 0x8C7B == VPCD_PORT
    (tmp_path / "vpcd").write_text(PACKAGED.replace("0x8C7B", "40001"))
    assert configured_base_port(tmp_path / "vpcd") == 40001
    (tmp_path / "vpcd").unlink()
    assert configured_base_port(tmp_path) == VPCD_PORT  # vpcd's own default


def test_a_reader_name_gives_its_slot() -> None:
    assert slot_of("Virtual PCD 00 00") == 0
    assert slot_of("Virtual PCD 00 01") == 1
    assert slot_of("ACS ACR122U PICC Interface 00 00") == 0


def test_a_held_port_moves_the_slots_to_a_free_pair() -> None:
    # A free pair the kernel offers stands in for vpcd's default (which pcscd may be serving).
    preferred = free_base_port(preferred=VPCD_PORT + 1000)
    with held(preferred):
        base = free_base_port(preferred)
        assert base != preferred
        assert all(port_free(base + slot) for slot in range(VPCD_SLOTS))
    assert free_base_port(preferred) == preferred


@pytest.fixture
def own_pcscd(pcscd_service: Pcscd) -> Iterator[Pcscd]:
    """The session's pcscd stopped, its vpcd port held by another program, a new pcscd started;
    the session's pcscd comes back after."""
    if not pcscd_service.started_here:
        pytest.skip("pcscd was already running, not started by the tests: not stopping it")
    assert pcscd_service.base_port is not None
    pcscd_service.stop()
    service = Pcscd()
    try:
        with held(pcscd_service.base_port):
            service.start()
            yield service
    finally:
        service.close()
        pcscd_service.start()


@pytest.mark.pcsc
def test_a_program_holding_vpcd_s_port_does_not_keep_the_reader_away(
    own_pcscd: Pcscd, keys: MasterKeyStore, info: CardInfo, uid: bytes
) -> None:
    from cardreader_service.reader import PcscReader

    assert own_pcscd.port == port_of(own_pcscd.reader)  # what any process reads from /proc
    card = make_card("genuine", uid, info, keys.current)
    with VpcdEmulator(card) as emulator:  # no port given: it finds the running pcscd's
        assert emulator.port == own_pcscd.port
        reader: PcscReader
        with PcscReader(own_pcscd.reader) as reader, reader.wait_for_card(timeout=5.0) as link:
            assert tap(link, keys).uid == uid
