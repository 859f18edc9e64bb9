"""DESFire EV1 native commands in ISO 7816-4 wrapping, and the AES secure-messaging state.

Host and card share this module so both sides chain the running IV identically; a mismatch here
is exactly what stops a real card from talking to us.
"""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass, field
from enum import IntEnum

from cardreader_service.crypto import (
    BLOCK,
    ZERO_IV,
    aes_cbc_decrypt,
    aes_cbc_encrypt,
    cmac,
    desfire_crc32,
    pad_zero,
    rotate_left,
)

CLA = 0x90
SW1_DESFIRE = 0x91
MAC_LENGTH = 8
# ISO 14443 "get data: UID" pseudo-APDU (PC/SC part 3), answered by the reader, not the card.
GET_UID_PSEUDO_APDU = bytes.fromhex("FFCA000000")


class Ins(IntEnum):
    SELECT_APPLICATION = 0x5A
    AUTHENTICATE_AES = 0xAA
    ADDITIONAL_FRAME = 0xAF
    READ_DATA = 0xBD
    GET_CARD_UID = 0x51
    GET_KEY_VERSION = 0x64
    GET_KEY_SETTINGS = 0x45
    CREATE_APPLICATION = 0xCA
    DELETE_APPLICATION = 0xDA
    CHANGE_KEY = 0xC4
    CREATE_STD_DATA_FILE = 0xCD
    WRITE_DATA = 0x3D


class Status(IntEnum):
    OK = 0x00
    NO_CHANGES = 0x0C
    OUT_OF_EEPROM = 0x0E
    ILLEGAL_COMMAND = 0x1C
    INTEGRITY_ERROR = 0x1E
    NO_SUCH_KEY = 0x40
    LENGTH_ERROR = 0x7E
    PERMISSION_DENIED = 0x9D
    PARAMETER_ERROR = 0x9E
    APPLICATION_NOT_FOUND = 0xA0
    AUTHENTICATION_ERROR = 0xAE
    ADDITIONAL_FRAME = 0xAF
    BOUNDARY_ERROR = 0xBE
    COMMAND_ABORTED = 0xCA
    DUPLICATE_ERROR = 0xDE
    FILE_NOT_FOUND = 0xF0


def wrap(ins: int, data: bytes = b"") -> bytes:
    """90 ins 00 00 [Lc data] 00: never a bare native command (vpcd reads 1 byte as control)."""
    if len(data) > 0xFF:
        raise ValueError("short APDUs only")
    body = bytes([len(data)]) + data if data else b""
    return bytes([CLA, ins, 0x00, 0x00]) + body + b"\x00"


@dataclass(frozen=True, slots=True)
class Command:
    """A native command as the card sees it: the instruction and its data field."""

    ins: int
    data: bytes

    @property
    def native(self) -> bytes:
        """The bytes the CMAC is computed over: instruction then data."""
        return bytes([self.ins]) + self.data

    @classmethod
    def parse(cls, apdu: bytes) -> Command:
        if len(apdu) < 5 or apdu[0] != CLA or apdu[2:4] != b"\x00\x00":
            raise ValueError("not a wrapped DESFire command")
        if len(apdu) == 5:
            return cls(apdu[1], b"")
        length = apdu[4]
        if len(apdu) != 6 + length:
            raise ValueError("APDU length does not match Lc")
        return cls(apdu[1], apdu[5 : 5 + length])


def response(data: bytes, status: int) -> bytes:
    return data + bytes([SW1_DESFIRE, status])


def split_response(raw: bytes) -> tuple[bytes, int]:
    """Split a response into data and DESFire status; raise if it is not a 91 xx answer."""
    if len(raw) < 2 or raw[-2] != SW1_DESFIRE:
        raise ValueError(f"not a DESFire response: {raw.hex()}")
    return raw[:-2], raw[-1]


@dataclass(slots=True)
class SecureChannel:
    """The EV1 AES session after authentication: session key and running IV.

    Every command (MAC'd on both sides, even when the MAC is not sent) and every response moves
    the IV on; both ends must process exactly the same sequence.
    """

    session_key: bytes
    iv: bytes = field(default=ZERO_IV)

    def _mac(self, message: bytes) -> bytes:
        full = cmac(self.session_key, message, self.iv)
        self.iv = full
        return full[:MAC_LENGTH]

    def command(self, command: Command) -> bytes:
        """Advance the IV over a plain command, as card and host both do; returns the 8-byte MAC.

        In plain mode the MAC is not sent; in MACed mode (WriteData to a MACed file) it is
        appended to the command data.
        """
        return self._mac(command.native)

    def encipher_command(self, plain: bytes) -> bytes:
        """Host side: CBC-encrypt a command's secret part with the running IV (ChangeKey, ...)."""
        cipher = aes_cbc_encrypt(self.session_key, self.iv, plain)
        self.iv = cipher[-BLOCK:]
        return cipher

    def decipher_command(self, cipher: bytes) -> bytes | None:
        """Card side: the inverse of ``encipher_command``; None if not whole blocks."""
        if not cipher or len(cipher) % BLOCK:
            return None
        plain = aes_cbc_decrypt(self.session_key, self.iv, cipher)
        self.iv = cipher[-BLOCK:]
        return plain

    def mac_response(self, data: bytes, status: int) -> bytes:
        """Card side: the 8-byte CMAC over data ‖ status that follows plain data."""
        return self._mac(data + bytes([status]))

    def verify_response(self, payload: bytes, status: int) -> bytes | None:
        """Host side: check the trailing CMAC, return the data, or None if it does not verify."""
        if len(payload) < MAC_LENGTH:
            return None
        data, mac = payload[:-MAC_LENGTH], payload[-MAC_LENGTH:]
        expected = self._mac(data + bytes([status]))
        return data if hmac.compare_digest(mac, expected) else None

    def encipher_response(self, data: bytes, status: int) -> bytes:
        """Card side: ENC(data ‖ CRC32(data ‖ status) ‖ zero padding) with the running IV."""
        plain = pad_zero(data + desfire_crc32(data + bytes([status])))
        cipher = aes_cbc_encrypt(self.session_key, self.iv, plain)
        self.iv = cipher[-BLOCK:]
        return cipher

    def decipher_response(self, cipher: bytes, status: int, length: int) -> bytes | None:
        """Host side: decrypt, check CRC and zero padding; None if either is wrong."""
        if not cipher or len(cipher) % BLOCK:
            return None
        plain = aes_cbc_decrypt(self.session_key, self.iv, cipher)
        self.iv = cipher[-BLOCK:]
        data, crc, padding = plain[:length], plain[length : length + 4], plain[length + 4 :]
        if not hmac.compare_digest(crc, desfire_crc32(data + bytes([status]))):
            return None
        return data if not any(padding) else None


def change_key_plaintext(
    key_no: int, new_key: bytes, version: int, old_key: bytes | None = None
) -> bytes:
    """The EV1 AES ChangeKey (0xC4) plaintext, zero-padded, before CBC with the session key.

    Changing the authenticated key (``old_key`` None):
    ``new ‖ version ‖ CRC32(C4 ‖ key_no ‖ new ‖ version)``; any other key:
    ``(new XOR old) ‖ version ‖ CRC32(C4 ‖ key_no ‖ (new XOR old) ‖ version) ‖ CRC32(new)``,
    so the card can check the host knew the old key.
    """
    if len(new_key) != BLOCK or (old_key is not None and len(old_key) != BLOCK):
        raise ValueError("AES keys are 16 bytes")
    body = (
        new_key if old_key is None else bytes(a ^ b for a, b in zip(new_key, old_key, strict=True))
    )
    body += bytes([version])
    body += desfire_crc32(bytes([Ins.CHANGE_KEY, key_no]) + body)
    if old_key is not None:
        body += desfire_crc32(new_key)
    return pad_zero(body)


def session_key(rnd_a: bytes, rnd_b: bytes) -> bytes:
    """EV1 AES session key: RndA[0:4] ‖ RndB[0:4] ‖ RndA[12:16] ‖ RndB[12:16]."""
    return rnd_a[0:4] + rnd_b[0:4] + rnd_a[12:16] + rnd_b[12:16]


class HostAuthentication:
    """The host's half of AuthenticateAES (0xAA); one instance per attempt."""

    def __init__(self, key: bytes, rnd_a: bytes | None = None) -> None:
        self._key = key
        self._rnd_a = rnd_a if rnd_a is not None else os.urandom(BLOCK)
        self._rnd_b = b""
        self._iv = ZERO_IV

    def challenge_response(self, enc_rnd_b: bytes) -> bytes:
        """From E(K, RndB) build E(K, RndA ‖ RndB'), chaining the IV from the card's block."""
        if len(enc_rnd_b) != BLOCK:
            raise ValueError("E(RndB) must be one block")
        self._rnd_b = aes_cbc_decrypt(self._key, ZERO_IV, enc_rnd_b)
        cryptogram = aes_cbc_encrypt(self._key, enc_rnd_b, self._rnd_a + rotate_left(self._rnd_b))
        self._iv = cryptogram[-BLOCK:]
        return cryptogram

    def finish(self, enc_rnd_a_rotated: bytes) -> SecureChannel | None:
        """Check E(K, RndA'); None means the card does not hold the key."""
        if len(enc_rnd_a_rotated) != BLOCK:
            return None
        rnd_a_rotated = aes_cbc_decrypt(self._key, self._iv, enc_rnd_a_rotated)
        if not hmac.compare_digest(rnd_a_rotated, rotate_left(self._rnd_a)):
            return None
        return SecureChannel(session_key(self._rnd_a, self._rnd_b))


class CardAuthentication:
    """The card's half of AuthenticateAES; the emulator holds one while a handshake is open."""

    def __init__(self, key: bytes, rnd_b: bytes | None = None) -> None:
        self._key = key
        self._rnd_b = rnd_b if rnd_b is not None else os.urandom(BLOCK)
        self._enc_rnd_b = b""

    def challenge(self) -> bytes:
        self._enc_rnd_b = aes_cbc_encrypt(self._key, ZERO_IV, self._rnd_b)
        return self._enc_rnd_b

    def respond(self, cryptogram: bytes) -> tuple[bytes, SecureChannel] | None:
        """Check RndB' and answer E(K, RndA'); None means the host used another key."""
        if len(cryptogram) != 2 * BLOCK:
            return None
        plain = aes_cbc_decrypt(self._key, self._enc_rnd_b, cryptogram)
        rnd_a, rnd_b_rotated = plain[:BLOCK], plain[BLOCK:]
        if not hmac.compare_digest(rnd_b_rotated, rotate_left(self._rnd_b)):
            return None
        answer = aes_cbc_encrypt(self._key, cryptogram[-BLOCK:], rotate_left(rnd_a))
        return answer, SecureChannel(session_key(rnd_a, self._rnd_b))
