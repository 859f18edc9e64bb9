"""AES-128 primitives for the DESFire EV1 scheme.

CMAC is computed here rather than with ``cryptography``'s CMAC because DESFire chains a running IV
through every MAC after authentication, and AN10922 needs control over padding.
"""

from __future__ import annotations

import zlib

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK = 16
ZERO_IV = bytes(BLOCK)
_RB = 0x87


def _check_key(key: bytes) -> None:
    if len(key) != 16:
        raise ValueError("AES-128 keys are 16 bytes")


def aes_ecb_encrypt(key: bytes, block: bytes) -> bytes:
    _check_key(key)
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return encryptor.update(block) + encryptor.finalize()


def _aes_cbc(key: bytes, iv: bytes, data: bytes) -> Cipher[modes.CBC]:
    """Checks what both directions require: DESFire frames are padded before CBC, never after."""
    _check_key(key)
    if len(data) % BLOCK:
        raise ValueError("CBC data must be a whole number of blocks")
    return Cipher(algorithms.AES(key), modes.CBC(iv))


def aes_cbc_encrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    encryptor = _aes_cbc(key, iv, data).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def aes_cbc_decrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    decryptor = _aes_cbc(key, iv, data).decryptor()
    return decryptor.update(data) + decryptor.finalize()


def _shift_left(block: bytes) -> bytes:
    value = int.from_bytes(block, "big") << 1
    return (value & ((1 << 128) - 1)).to_bytes(BLOCK, "big")


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def cmac_subkeys(key: bytes) -> tuple[bytes, bytes]:
    """K1 and K2 of RFC 4493, shared by CMAC and AN10922."""
    lvalue = aes_ecb_encrypt(key, ZERO_IV)
    k1 = _shift_left(lvalue)
    if lvalue[0] & 0x80:
        k1 = k1[:-1] + bytes([k1[-1] ^ _RB])
    k2 = _shift_left(k1)
    if k1[0] & 0x80:
        k2 = k2[:-1] + bytes([k2[-1] ^ _RB])
    return k1, k2


def _pad(data: bytes, size: int) -> bytes:
    return data + b"\x80" + bytes(size - len(data) - 1)


def _cbc_mac_last(key: bytes, iv: bytes, data: bytes) -> bytes:
    return aes_cbc_encrypt(key, iv, data)[-BLOCK:]


def cmac(key: bytes, message: bytes, iv: bytes = ZERO_IV) -> bytes:
    """Full 16-byte AES-CMAC; ``iv`` is DESFire's running IV (zero gives plain RFC 4493)."""
    k1, k2 = cmac_subkeys(key)
    if message and len(message) % BLOCK == 0:
        last = _xor(message[-BLOCK:], k1)
        body = message[:-BLOCK]
    else:
        whole = len(message) // BLOCK * BLOCK
        last = _xor(_pad(message[whole:], BLOCK), k2)
        body = message[:whole]
    return _cbc_mac_last(key, iv, body + last)


def diversify_an10922(master_key: bytes, diversification_input: bytes) -> bytes:
    """AES-128 key diversification per NXP AN10922 section 2.2.

    The input is always treated as two blocks: 0x01 ‖ M padded to 32 bytes (last block XOR K2),
    or exactly 32 bytes (last block XOR K1). A plain CMAC of a short input gives another key.
    """
    if not 1 <= len(diversification_input) <= 31:
        raise ValueError("AN10922 diversification input is 1..31 bytes")
    k1, k2 = cmac_subkeys(master_key)
    data = b"\x01" + diversification_input
    if len(data) == 2 * BLOCK:
        padded, subkey = data, k1
    else:
        padded, subkey = _pad(data, 2 * BLOCK), k2
    padded = padded[:BLOCK] + _xor(padded[BLOCK:], subkey)
    return _cbc_mac_last(master_key, ZERO_IV, padded)


def rotate_left(data: bytes) -> bytes:
    """RndA' / RndB' of the DESFire three-pass authentication."""
    return data[1:] + data[:1]


def desfire_crc32(data: bytes) -> bytes:
    """DESFire CRC32: IEEE polynomial, preset 0xFFFFFFFF, no final XOR, little-endian."""
    return (zlib.crc32(data) ^ 0xFFFFFFFF).to_bytes(4, "little")


def pad_zero(data: bytes) -> bytes:
    """Pad with zero bytes to a whole block, as enciphered DESFire responses are."""
    remainder = len(data) % BLOCK
    return data if remainder == 0 else data + bytes(BLOCK - remainder)
