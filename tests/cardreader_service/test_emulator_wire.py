"""The emulator's vpcd wire protocol against a plain TCP server standing in for vpcd.

Runs without pcscd, so the framing and control messages are covered on every machine.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterator

import pytest

from cardreader_service.emulator import DESFIRE_ATR, VpcdEmulator
from cardreader_service.keys import MasterKey
from cardreader_service.profile import CardInfo
from cardreader_service.virtual_card import make_card


class FakeVpcd:
    """The server half of vpcd: accepts one card and exchanges length-prefixed messages."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.conn: socket.socket | None = None

    def accept(self) -> None:
        self.listener.settimeout(5)
        self.conn, _ = self.listener.accept()
        self.conn.settimeout(5)

    def send(self, payload: bytes, split: bool = False) -> None:
        assert self.conn is not None
        header = struct.pack(">H", len(payload))
        if split:  # as Debian's vpcd does: length and body in two writes
            self.conn.sendall(header)
            self.conn.sendall(payload)
        else:
            self.conn.sendall(header + payload)

    def receive(self) -> bytes:
        assert self.conn is not None
        header = self._exactly(2)
        return self._exactly(struct.unpack(">H", header)[0]) if header else b""

    def _exactly(self, size: int) -> bytes:
        assert self.conn is not None
        data = b""
        while len(data) < size:
            chunk = self.conn.recv(size - len(data))
            if not chunk:
                return data
            data += chunk
        return data

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.listener.close()


@pytest.fixture
def vpcd() -> Iterator[FakeVpcd]:
    server = FakeVpcd()
    yield server
    server.close()


def test_control_messages_atr_and_apdus(
    vpcd: FakeVpcd, uid: bytes, info: CardInfo, master: MasterKey
) -> None:
    emulator = VpcdEmulator(make_card("genuine", uid, info, master), port=vpcd.port).start()
    try:
        vpcd.accept()
        assert emulator._sock is not None
        assert emulator._sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        vpcd.send(b"\x01")  # power on: not answered
        vpcd.send(b"\x04")  # get ATR: answered
        assert vpcd.receive() == DESFIRE_ATR
        vpcd.send(bytes.fromhex("FFCA000000"), split=True)
        assert vpcd.receive() == uid + b"\x90\x00"
        vpcd.send(bytes.fromhex("905A00000301E54800"), split=True)
        assert vpcd.receive() == b"\x91\x00"
        vpcd.send(b"\x02")  # reset: drops the selection, so key version has no application
        vpcd.send(bytes.fromhex("90640000010100"))
        assert vpcd.receive() == b"\x91\x40"  # no such key at card level
        assert emulator.apdus == 3
    finally:
        emulator.close()
    assert emulator.finished.is_set()


def test_torn_card_closes_the_link(
    vpcd: FakeVpcd, uid: bytes, info: CardInfo, master: MasterKey
) -> None:
    card = make_card("torn", uid, info, master, tear_after=1)
    emulator = VpcdEmulator(card, port=vpcd.port).start()
    try:
        vpcd.accept()
        vpcd.send(bytes.fromhex("FFCA000000"))
        assert vpcd.receive() == uid + b"\x90\x00"
        vpcd.send(bytes.fromhex("905A00000301E54800"))
        assert vpcd.receive() == b""  # the card left: connection closed, no answer
        assert emulator.finished.wait(timeout=5)
    finally:
        emulator.close()


def test_vpcd_closing_ends_the_emulator(
    vpcd: FakeVpcd, uid: bytes, info: CardInfo, master: MasterKey
) -> None:
    emulator = VpcdEmulator(make_card("genuine", uid, info, master), port=vpcd.port).start()
    vpcd.accept()
    assert vpcd.conn is not None
    vpcd.conn.close()
    vpcd.conn = None
    assert emulator.finished.wait(timeout=5)
    emulator.close()
