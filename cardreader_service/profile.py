"""The heritage card profile: application, files, keys and the card-info layout (docs/cards.md)."""

from __future__ import annotations

import struct
from dataclasses import dataclass

from cardreader_service.crypto import diversify_an10922

# DESFire application id 0x48E501, sent least significant byte first as DESFire requires.
APPLICATION_ID = 0x48E501
AID_BYTES = APPLICATION_ID.to_bytes(3, "little")
# Bound into every diversified key so keys for another scheme on the same UID never coincide.
SYSTEM_IDENTIFIER = b"HUEHERITAGE"
# Keys 0 and 2 come from the issuer master (never on a gate); the key number keeps them apart.
ISSUER_SYSTEM_IDENTIFIER = b"HUEISSUER"
# PICC level (the card itself), where applications are created.
PICC_AID_BYTES = bytes(3)
# A blank card's PICC master key as this station expects it: AES, all zero, key number 0.
DEFAULT_PICC_KEY = bytes(16)
# A new application's keys are all zero (version 0) until ChangeKey.
DEFAULT_APP_KEY = bytes(16)

# Key settings 1: master key changeable, configuration changeable, listing and create/delete
# need key 0, ChangeKey needs key 0 (high nibble 0). Key settings 2: AES keys (0x80), 3 keys.
APPLICATION_KEY_SETTINGS = 0x09
KEY_TYPE_AES = 0x80
APPLICATION_KEY_COUNT = 3

KEY_APP_MASTER = 0x00  # issuer only; never present at a gate
KEY_GATE_READ = 0x01  # authenticates the card at gates and reads card-info
KEY_ISSUER_WRITE = 0x02  # reserved for issuing and re-personalising

FILE_CARD_INFO = 0x01
CARD_INFO_SIZE = 32
CARD_INFO_LAYOUT_VERSION = 1
# Read: key 1, Write: key 2, Read&Write: key 2, Change: key 0 (bits 15..0 as nibbles R W RW C).
CARD_INFO_ACCESS_RIGHTS = 0x1220
# Communication settings of a DESFire file.
COMM_PLAIN = 0x00
COMM_MACED = 0x01
COMM_ENCIPHERED = 0x03
# MACed: the gate's read is byte-for-byte the same as plain under EV1 AES (the card appends a
# CMAC either way), but the issuer's WriteData must carry a CMAC, so the write is protected too.
CARD_INFO_COMM_MODE = COMM_MACED

UID_LENGTH = 7
_INFO = struct.Struct(">BHQIB16s")


def diversification_input(uid: bytes) -> bytes:
    """UID ‖ application id ‖ system identifier: 21 bytes, so AN10922 pads it to 32."""
    if len(uid) != UID_LENGTH:
        raise ValueError("heritage cards have 7-byte UIDs")
    return uid + AID_BYTES + SYSTEM_IDENTIFIER


def card_key(master_key: bytes, uid: bytes) -> bytes:
    """The per-card AES key derived from a master key."""
    return diversify_an10922(master_key, diversification_input(uid))


def issuer_card_key(issuer_master: bytes, uid: bytes, key_no: int) -> bytes:
    """Key 0 or 2 of a card, from the issuer master: UID ‖ AID ‖ "HUEISSUER" ‖ key number."""
    if key_no not in (KEY_APP_MASTER, KEY_ISSUER_WRITE):
        raise ValueError("only keys 0 and 2 come from the issuer master")
    data = diversification_input(uid)[: UID_LENGTH + 3] + ISSUER_SYSTEM_IDENTIFIER
    return diversify_an10922(issuer_master, data + bytes([key_no]))


def application_settings() -> bytes:
    """CreateApplication's data: AID ‖ key settings ‖ key type and count."""
    return AID_BYTES + bytes([APPLICATION_KEY_SETTINGS, KEY_TYPE_AES | APPLICATION_KEY_COUNT])


def card_info_file_settings() -> bytes:
    """CreateStdDataFile's data: file ‖ comm mode ‖ access rights (LE) ‖ size (LE, 3 bytes)."""
    return (
        bytes([FILE_CARD_INFO, CARD_INFO_COMM_MODE])
        + CARD_INFO_ACCESS_RIGHTS.to_bytes(2, "little")
        + CARD_INFO_SIZE.to_bytes(3, "little")
    )


@dataclass(frozen=True, slots=True)
class CardInfo:
    """What the card-info file says about the card; the ledger, not the card, holds value."""

    card_number: int
    issuer_id: int
    issued_on: int  # YYYYMMDD
    card_kind: int = 0  # 0 visitor, 1 staff, 2 guide
    layout_version: int = CARD_INFO_LAYOUT_VERSION

    def to_bytes(self) -> bytes:
        return _INFO.pack(
            self.layout_version,
            self.issuer_id,
            self.card_number,
            self.issued_on,
            self.card_kind,
            bytes(16),
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> CardInfo:
        if len(data) != CARD_INFO_SIZE:
            raise ValueError(f"card-info is {CARD_INFO_SIZE} bytes, got {len(data)}")
        version, issuer, number, issued, kind, _reserved = _INFO.unpack(data)
        if version != CARD_INFO_LAYOUT_VERSION:
            raise ValueError(f"unsupported card-info layout version {version}")
        return cls(
            card_number=number,
            issuer_id=issuer,
            issued_on=issued,
            card_kind=kind,
            layout_version=version,
        )
