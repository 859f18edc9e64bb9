"""Master keys load from a file or the environment and never show up in text."""

from __future__ import annotations

from pathlib import Path

import pytest

from cardreader_service.errors import KeyStoreError
from cardreader_service.keys import MasterKeyStore

KEY_1 = "00112233445566778899aabbccddeeff"
KEY_2 = "ffeeddccbbaa99887766554433221100"


def test_key_file_with_comments(tmp_path: Path) -> None:
    path = tmp_path / "gate.keys"
    path.write_text(f"# card master keys\n1 {KEY_1}\n2 {KEY_2}  # since 2026-11\n")
    store = MasterKeyStore.from_file(path)
    assert store.versions == (1, 2)
    assert store.current.version == 2
    assert store.current.key == bytes.fromhex(KEY_2)
    assert store.get(1) is not None
    assert store.get(3) is None


def test_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUE_CARD_MASTER_KEYS", f"1:{KEY_1};2:{KEY_2}")
    assert MasterKeyStore.from_env().versions == (1, 2)
    monkeypatch.delenv("HUE_CARD_MASTER_KEYS")
    with pytest.raises(KeyStoreError):
        MasterKeyStore.from_env()


def test_keys_never_appear_in_repr_or_errors() -> None:
    store = MasterKeyStore.parse(f"1 {KEY_1}")
    for text in (repr(store), str(store), repr(store.current), str(store.current)):
        assert KEY_1 not in text.lower()
    assert "redacted" in repr(store.current)
    with pytest.raises(KeyStoreError) as caught:
        MasterKeyStore.parse(f"1 {KEY_1[:-1]}z")
    assert KEY_1[:20] not in str(caught.value)


@pytest.mark.parametrize(
    "text",
    ["", f"1 {KEY_1}\n1 {KEY_2}", f"1 {KEY_1[:30]}", f"300 {KEY_1}", f"1 {KEY_1} extra"],
)
def test_malformed_stores_are_refused(text: str) -> None:
    with pytest.raises(KeyStoreError):
        MasterKeyStore.parse(text)
