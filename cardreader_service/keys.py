"""Versioned master keys for card key diversification.

Keys live outside the repository (a key file or an environment variable on the gate); the store
never logs them and its ``repr`` shows only versions, so a stray debug print cannot leak a key.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from cardreader_service.errors import KeyStoreError

DEFAULT_ENV_VAR = "HUE_CARD_MASTER_KEYS"


class MasterKey:
    """One AES-128 master key and its version; the bytes are deliberately not in ``repr``."""

    __slots__ = ("_key", "version")

    def __init__(self, version: int, key: bytes) -> None:
        if not 0 <= version <= 0xFF:
            raise KeyStoreError("A master key version must fit in one byte (0 to 255).")
        if len(key) != 16:
            raise KeyStoreError(f"Master key version {version} is not an AES-128 key (16 bytes).")
        self.version = version
        self._key = key

    @property
    def key(self) -> bytes:
        return self._key

    def __repr__(self) -> str:
        return f"MasterKey(version={self.version}, key=<redacted>)"

    __str__ = __repr__


class MasterKeyStore:
    """Master keys by version; the highest version is the one new cards are issued with."""

    def __init__(self, keys: Mapping[int, bytes]) -> None:
        if not keys:
            raise KeyStoreError("No master keys were given.")
        self._keys = {version: MasterKey(version, key) for version, key in keys.items()}

    @classmethod
    def parse(cls, text: str) -> MasterKeyStore:
        """Parse ``<version> <32 hex digits>`` entries, one per line or separated by ``;``/``,``.

        ``version:hex`` is accepted too, so the whole store fits in one environment variable.
        """
        keys: dict[int, bytes] = {}
        for number, raw in enumerate(text.replace(";", "\n").replace(",", "\n").splitlines(), 1):
            entry = raw.split("#", 1)[0].strip().replace(":", " ")
            if not entry:
                continue
            parts = entry.split()
            if len(parts) != 2:
                raise KeyStoreError(f"Key entry {number} is not written as '<version> <hex key>'.")
            try:
                version, key = int(parts[0]), bytes.fromhex(parts[1])
            except ValueError:
                # The message names the entry, never its content: it may hold a key.
                raise KeyStoreError(
                    f"Key entry {number} is not a version and a hexadecimal key."
                ) from None
            if version in keys:
                raise KeyStoreError(f"Key version {version} is given twice.")
            keys[version] = key
        return cls(keys)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> MasterKeyStore:
        return cls.parse(Path(path).read_text(encoding="ascii"))

    @classmethod
    def from_env(cls, variable: str = DEFAULT_ENV_VAR) -> MasterKeyStore:
        value = os.environ.get(variable)
        if not value:
            raise KeyStoreError(f"The environment variable {variable} is not set.")
        return cls.parse(value)

    @property
    def versions(self) -> tuple[int, ...]:
        return tuple(sorted(self._keys))

    @property
    def current(self) -> MasterKey:
        return self._keys[max(self._keys)]

    def get(self, version: int) -> MasterKey | None:
        return self._keys.get(version)

    def __repr__(self) -> str:
        return f"MasterKeyStore(versions={list(self.versions)})"

    __str__ = __repr__
