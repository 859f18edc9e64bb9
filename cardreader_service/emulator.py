"""A heritage card on the vsmartcard vpcd wire, so tests and humans drive the real PC/SC stack.

vpcd (the pcscd driver) listens on TCP; we connect as its card. Each message is a 2-byte
big-endian length and a payload; 1-byte payloads are control (00 off, 01 on, 02 reset, 04 ATR)
and only 04 is answered. Debian's vpcd writes length and body separately, so without
TCP_NODELAY and TCP_QUICKACK re-armed after every recv each APDU waits ~44 ms for delayed ACKs.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import socket
import struct
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Self

from cardreader_service.closing import ClosesOnExit, close_socket, shut_socket
from cardreader_service.errors import KeyStoreError
from cardreader_service.keys import DEFAULT_ENV_VAR, MasterKey, MasterKeyStore
from cardreader_service.pcscd import VPCD_READER, port_of
from cardreader_service.profile import DEFAULT_PICC_KEY, CardInfo
from cardreader_service.virtual_card import (
    BEHAVIOURS,
    Behaviour,
    CardTorn,
    VirtualCard,
    make_card,
    random_uid,
)

VPCD_HOST = "127.0.0.1"
# DESFire EV1 as PC/SC part 3 readers report it (historical bytes 0x75 0x77 0x81 0x02 0x80).
DESFIRE_ATR = bytes.fromhex("3B8180018080")
CONTROL_OFF, CONTROL_ON, CONTROL_RESET, CONTROL_ATR = 0x00, 0x01, 0x02, 0x04
_LENGTH = struct.Struct(">H")
_QUICKACK = getattr(socket, "TCP_QUICKACK", None)

log = logging.getLogger(__name__)


class _Closed(Exception):
    pass


class VpcdEmulator(ClosesOnExit):
    """Serves one virtual card to vpcd; use as a context manager or ``start()``/``close()``.

    vpcd holds one card per port: a second emulator's connection waits until this one closes.
    """

    def __init__(
        self,
        card: VirtualCard,
        host: str = VPCD_HOST,
        port: int | None = None,
        atr: bytes = DESFIRE_ATR,
        tune_socket: bool = True,
    ) -> None:
        """``port`` None: slot 00 of the pcscd running now (``pcscd.port_of``), as a card on a
        reader; ``tune_socket=False`` leaves Nagle and delayed ACKs on, only to measure the
        pitfall."""
        self.card = card
        self.tune_socket = tune_socket
        self.host = host
        self.port = port
        self.atr = atr
        self.apdus = 0
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._closing = False
        self.finished = threading.Event()

    def connect(self, timeout: float = 10.0) -> None:
        """Connect to vpcd, retrying while pcscd is still loading the driver."""
        deadline = time.monotonic() + timeout
        while True:
            port = self.port if self.port is not None else port_of(VPCD_READER)
            try:
                sock = socket.create_connection((self.host, port), timeout=1.0)
                self.port = port
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        sock.settimeout(None)
        if self.tune_socket:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock = sock
        self._quickack()

    def _quickack(self) -> None:
        # Linux clears QUICKACK after it fires, so it must be set again after every recv.
        if self.tune_socket and self._sock is not None and _QUICKACK is not None:
            self._sock.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)

    def _recv_exactly(self, size: int) -> bytes:
        assert self._sock is not None
        chunks = bytearray()
        while len(chunks) < size:
            chunk = self._sock.recv(size - len(chunks))
            self._quickack()
            if not chunk:
                raise _Closed
            chunks += chunk
        return bytes(chunks)

    def _send(self, payload: bytes) -> None:
        assert self._sock is not None
        self._sock.sendall(_LENGTH.pack(len(payload)) + payload)

    def _handle(self, payload: bytes) -> bytes | None:
        if len(payload) == 1:
            control = payload[0]
            if control == CONTROL_ATR:
                return self.atr
            if control in (CONTROL_OFF, CONTROL_ON, CONTROL_RESET):
                self.card.reset()
            return None
        self.apdus += 1
        return self.card.process(payload)

    def serve(self) -> None:
        """Answer vpcd until it or we close the link, or the card is torn away."""
        try:
            while True:
                (length,) = _LENGTH.unpack(self._recv_exactly(_LENGTH.size))
                answer = self._handle(self._recv_exactly(length))
                if answer is not None:
                    self._send(answer)
        except CardTorn:
            log.info("card torn away after %d APDUs", self.apdus)
        except (_Closed, OSError):
            if not self._closing:
                log.info("vpcd closed the link")
        finally:
            self._shutdown()
            self.finished.set()

    def _shutdown(self) -> None:
        sock, self._sock = self._sock, None
        close_socket(sock)

    def start(self, timeout: float = 10.0) -> Self:
        """Connect and serve on a daemon thread (the card is 'inserted' once vpcd polls)."""
        self.connect(timeout)
        self._thread = threading.Thread(target=self.serve, name="vpcd-card", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        """Pull the card away."""
        self._closing = True
        sock = self._sock
        if sock is not None:
            shut_socket(sock)  # serve() wakes and closes it
        if self._thread is not None:
            self._thread.join(timeout=5.0)

    def __enter__(self) -> Self:
        if self._thread is None:
            self.start()
        return self


def _master_key(key_file: str | None, behaviour: Behaviour) -> MasterKey:
    try:
        store = MasterKeyStore.from_file(key_file) if key_file else MasterKeyStore.from_env()
    except (KeyStoreError, OSError):
        if behaviour in ("genuine", "torn"):
            raise
        # Cards that are not ours do not need the real key: any key shows them failing.
        return MasterKey(1, os.urandom(16))
    return store.current


def load_card(path: Path) -> VirtualCard:
    """A card saved by ``save_card`` (the emulator's ``--state`` file)."""
    return VirtualCard.from_state(json.loads(path.read_text(encoding="utf-8")))


def save_card(card: VirtualCard, path: Path) -> None:
    """Write the card's memory (its keys too) to a 0600 file, atomically."""
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(card.to_state(), handle)
    os.replace(temporary, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cardreader_service.emulator",
        description="Insert a virtual heritage card into the vpcd reader until Ctrl-C.",
    )
    parser.add_argument("--uid", help="7-byte UID in hex (default: random 04xxxxxxxxxxxx)")
    parser.add_argument("--behaviour", choices=BEHAVIOURS, default="genuine")
    parser.add_argument("--card-number", type=int, default=9704000000000001)
    parser.add_argument("--issuer", type=int, default=1)
    parser.add_argument("--issued-on", type=int, default=int(date.today().strftime("%Y%m%d")))
    parser.add_argument("--tear-after", type=int, default=3, help="APDUs before a torn card leaves")
    parser.add_argument("--key-file", help=f"master key file (default: ${DEFAULT_ENV_VAR})")
    parser.add_argument(
        "--blank",
        action="store_true",
        help="a blank card (AES PICC master key, no application) to personalise with issue_card",
    )
    parser.add_argument("--picc-key", help="the blank card's AES PICC master key (default zero)")
    parser.add_argument(
        "--state",
        type=Path,
        help="card memory file: loaded if it exists, written back when the card is removed",
    )
    parser.add_argument("--host", default=VPCD_HOST)
    parser.add_argument(
        "--port",
        type=int,
        default=None,
        help="vpcd's TCP port (default: slot 00 of the running pcscd, 35963 as packaged)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    uid = bytes.fromhex(args.uid) if args.uid else random_uid()
    if args.state is not None and args.state.exists():
        card, kind = load_card(args.state), f"saved ({args.state})"
    elif args.blank:
        picc_key = bytes.fromhex(args.picc_key) if args.picc_key else DEFAULT_PICC_KEY
        card, kind = VirtualCard.blank(uid, picc_key), "blank"
    else:
        info = CardInfo(args.card_number, issuer_id=args.issuer, issued_on=args.issued_on)
        try:
            master = _master_key(args.key_file, args.behaviour)
        except (KeyStoreError, OSError) as error:
            parser.error(f"a genuine card needs the master key: {error}")
        card = make_card(args.behaviour, uid, info, master, tear_after=args.tear_after)
        kind = args.behaviour
    emulator = VpcdEmulator(card, args.host, args.port)
    emulator.connect()
    log.info("%s card %s inserted into vpcd %s:%d", kind, card.uid.hex(), args.host, emulator.port)
    try:
        emulator.serve()
    except KeyboardInterrupt:
        emulator.close()
    log.info("card removed after %d APDUs", emulator.apdus)
    if args.state is not None:
        save_card(card, args.state)
        log.info("card memory saved to %s", args.state)
    return 0


if __name__ == "__main__":
    sys.exit(main())
