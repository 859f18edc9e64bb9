"""Published vectors pin the primitives a real card will check us against."""

from __future__ import annotations

import os
import zlib

import pytest
from cryptography.hazmat.primitives.ciphers import algorithms
from cryptography.hazmat.primitives.cmac import CMAC

from cardreader_service.crypto import (
    aes_cbc_decrypt,
    aes_cbc_encrypt,
    cmac,
    cmac_subkeys,
    desfire_crc32,
    diversify_an10922,
    rotate_left,
)

RFC4493_KEY = bytes.fromhex("2b7e151628aed2a6abf7158809cf4f3c")
RFC4493_MESSAGE = bytes.fromhex(
    "6bc1bee22e409f96e93d7e117393172a"
    "ae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52ef"
    "f69f2445df4f9b17ad2b417be66c3710"
)


def test_an10922_published_vector() -> None:
    master = bytes.fromhex("00112233445566778899AABBCCDDEEFF")
    div_input = bytes.fromhex("04782E21801D803042F54E585020416275")
    assert diversify_an10922(master, div_input) == bytes.fromhex("A8DD63A3B89D54B37CA802473FDA9175")


def test_rfc4493_subkeys() -> None:
    k1, k2 = cmac_subkeys(RFC4493_KEY)
    assert k1 == bytes.fromhex("fbeed618357133667c85e08f7236a8de")
    assert k2 == bytes.fromhex("f7ddac306ae266ccf90bc11ee46d513b")


@pytest.mark.parametrize(
    ("length", "expected"),
    [
        (0, "bb1d6929e95937287fa37d129b756746"),
        (16, "070a16b46b4d4144f79bdd9dd04a287c"),
        (40, "dfa66747de9ae63030ca32611497c827"),
        (64, "51f0bebf7e3b9d92fc49741779363cfe"),
    ],
)
def test_rfc4493_cmac(length: int, expected: str) -> None:
    assert cmac(RFC4493_KEY, RFC4493_MESSAGE[:length]) == bytes.fromhex(expected)


@pytest.mark.parametrize("length", [1, 15, 17, 31, 32, 33, 47, 100])
def test_cmac_with_zero_iv_matches_the_cryptography_library(length: int) -> None:
    key, message = os.urandom(16), os.urandom(length)
    reference = CMAC(algorithms.AES(key))
    reference.update(message)
    assert cmac(key, message) == reference.finalize()


def test_running_iv_changes_the_mac() -> None:
    key = os.urandom(16)
    assert cmac(key, b"\xbd", iv=os.urandom(16)) != cmac(key, b"\xbd")


def test_an10922_long_input_equals_plain_cmac_but_short_input_does_not() -> None:
    master = os.urandom(16)
    # 16 < 1 + len(M) <= 32: AN10922 is CMAC over 0x01 ‖ M (already two blocks).
    for length in (16, 21, 31):
        div_input = os.urandom(length)
        assert diversify_an10922(master, div_input) == cmac(master, b"\x01" + div_input)
    # Short input: AN10922 pads to 32 bytes, so a one-block CMAC gives another key.
    short = os.urandom(7)
    assert diversify_an10922(master, short) != cmac(master, b"\x01" + short)


def test_an10922_rejects_inputs_outside_1_to_31_bytes() -> None:
    with pytest.raises(ValueError):
        diversify_an10922(os.urandom(16), b"")
    with pytest.raises(ValueError):
        diversify_an10922(os.urandom(16), bytes(32))


def test_cbc_round_trip_and_rotation() -> None:
    key, iv, data = os.urandom(16), os.urandom(16), os.urandom(32)
    assert aes_cbc_decrypt(key, iv, aes_cbc_encrypt(key, iv, data)) == data
    assert rotate_left(bytes(range(16))) == bytes([*range(1, 16), 0])


def test_desfire_crc32_is_jamcrc_and_leaves_zero_residue() -> None:
    data = os.urandom(11)
    assert desfire_crc32(data) == ((zlib.crc32(data) ^ 0xFFFFFFFF).to_bytes(4, "little"))
    # A CRC without final XOR, appended little-endian, makes the whole frame's CRC zero.
    assert desfire_crc32(data + desfire_crc32(data)) == bytes(4)
    # CRC-32/JAMCRC catalogue check value 0x340BC6D9, little-endian.
    assert desfire_crc32(b"123456789") == bytes.fromhex("d9c60b34")
