"""The host's side of one tap: UID → select → key version → authenticate → read → confirm UID.

Works over any ``Transport`` so the same code runs against pyscard readers and, in tests, the
virtual card in-process; the decision layer receives a ``CardRead`` or a ``CardError``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from cardreader_service.desfire import (
    GET_UID_PSEUDO_APDU,
    Command,
    HostAuthentication,
    Ins,
    SecureChannel,
    Status,
    split_response,
    wrap,
)
from cardreader_service.errors import CardError
from cardreader_service.keys import MasterKeyStore
from cardreader_service.profile import (
    AID_BYTES,
    CARD_INFO_SIZE,
    FILE_CARD_INFO,
    KEY_GATE_READ,
    UID_LENGTH,
    CardInfo,
    card_key,
)


class Transport(Protocol):
    """Sends one APDU and returns data ‖ SW1 SW2; raises CardError('card_removed') if gone."""

    def transmit(self, apdu: bytes) -> bytes: ...


@dataclass(frozen=True, slots=True)
class CardRead:
    """A card that proved it holds its diversified key, and what its card-info file says."""

    uid: bytes
    key_version: int
    info: CardInfo
    apdus: int
    seconds: float


class _Counting:
    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        self.count = 0

    def transmit(self, apdu: bytes) -> bytes:
        self.count += 1
        return self.transport.transmit(apdu)


def _exchange(transport: Transport, command: Command, uid: bytes) -> tuple[bytes, int]:
    raw = transport.transmit(wrap(command.ins, command.data))
    try:
        return split_response(raw)
    except ValueError as error:
        raise CardError("protocol_error", str(error), uid) from None


def read_uid(transport: Transport) -> bytes:
    """Anticollision UID from the reader (PC/SC part 3 GET DATA), before any authentication."""
    raw = transport.transmit(GET_UID_PSEUDO_APDU)
    if raw[-2:] != b"\x90\x00" or len(raw) - 2 != UID_LENGTH:
        raise CardError("not_our_card", f"no 7-byte UID (answer {raw.hex()})")
    return raw[:-2]


def tap(
    transport: Transport,
    keys: MasterKeyStore,
    is_issued_uid: Callable[[bytes], bool] | None = None,
) -> CardRead:
    """Run one tap; ``is_issued_uid`` lets the caller tell a clone of our card from a forgery."""
    started = time.perf_counter()
    counting = _Counting(transport)
    uid = read_uid(counting)
    info: CardInfo | None = None
    try:
        _, status = _exchange(counting, Command(Ins.SELECT_APPLICATION, AID_BYTES), uid)
        if status == Status.APPLICATION_NOT_FOUND:
            raise CardError("not_our_card", "no heritage application", uid)
        if status != Status.OK:
            raise CardError("protocol_error", f"select answered {status:02X}", uid)

        command = Command(Ins.GET_KEY_VERSION, bytes([KEY_GATE_READ]))
        data, status = _exchange(counting, command, uid)
        if status != Status.OK or len(data) != 1:
            raise CardError("protocol_error", f"key version answered {status:02X}", uid)
        master = keys.get(data[0])
        if master is None:
            raise CardError("unknown_key_version", f"version {data[0]}", uid)

        channel = _authenticate(counting, card_key(master.key, uid), uid, is_issued_uid)
        info = _read_card_info(counting, channel, uid)
        _confirm_uid(counting, channel, uid)
    except CardError as error:
        # A card torn away mid-tap fails in the reader layer, which knows no UID: keep what was
        # read so the refusal says whose card it was.
        if error.uid is None:
            error.uid = uid
        if info is not None and not error.card_number:
            error.card_number = str(info.card_number)
        raise
    return CardRead(uid, master.version, info, counting.count, time.perf_counter() - started)


def _refused(uid: bytes, is_issued_uid: Callable[[bytes], bool] | None, detail: str) -> CardError:
    if is_issued_uid is not None and is_issued_uid(uid):
        return CardError("cloned_card", detail, uid)
    return CardError("forged_card", detail, uid)


def _authenticate(
    transport: Transport,
    key: bytes,
    uid: bytes,
    is_issued_uid: Callable[[bytes], bool] | None,
) -> SecureChannel:
    auth = HostAuthentication(key)
    data, status = _exchange(transport, Command(Ins.AUTHENTICATE_AES, bytes([KEY_GATE_READ])), uid)
    if status != Status.ADDITIONAL_FRAME or len(data) != 16:
        raise CardError("protocol_error", f"authenticate answered {status:02X}", uid)
    cryptogram = auth.challenge_response(data)
    data, status = _exchange(transport, Command(Ins.ADDITIONAL_FRAME, cryptogram), uid)
    if status == Status.AUTHENTICATION_ERROR:
        raise _refused(uid, is_issued_uid, "card rejected our RndB'")
    if status != Status.OK:
        raise CardError("protocol_error", f"authenticate answered {status:02X}", uid)
    channel = auth.finish(data)
    if channel is None:
        raise _refused(uid, is_issued_uid, "card answered a wrong RndA'")
    return channel


def _read_card_info(transport: Transport, channel: SecureChannel, uid: bytes) -> CardInfo:
    length = CARD_INFO_SIZE.to_bytes(3, "little")
    command = Command(Ins.READ_DATA, bytes([FILE_CARD_INFO]) + bytes(3) + length)
    channel.command(command)
    payload, status = _exchange(transport, command, uid)
    if status != Status.OK:
        raise CardError("protocol_error", f"read answered {status:02X}", uid)
    data = channel.verify_response(payload, status)
    if data is None:
        raise CardError("bad_mac", "card-info CMAC does not verify", uid)
    try:
        return CardInfo.from_bytes(data)
    except ValueError as error:
        raise CardError("protocol_error", str(error), uid) from None


def _confirm_uid(transport: Transport, channel: SecureChannel, uid: bytes) -> None:
    """The enciphered real UID must match the anticollision one the key was derived from."""
    command = Command(Ins.GET_CARD_UID, b"")
    channel.command(command)
    cipher, status = _exchange(transport, command, uid)
    if status != Status.OK:
        raise CardError("protocol_error", f"GetCardUID answered {status:02X}", uid)
    real = channel.decipher_response(cipher, status, UID_LENGTH)
    if real is None:
        raise CardError("bad_mac", "GetCardUID CRC does not verify", uid)
    if real != uid:
        raise CardError("forged_card", "enciphered UID differs from anticollision UID", uid)
