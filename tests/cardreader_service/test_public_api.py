"""The library's boundary: the names its __init__ promises, who reaches past them, its errors."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

import cardreader_service
from cardreader_service import (
    CardError,
    CardServiceError,
    KeyStoreError,
    MasterKeyStore,
    SnapshotError,
    SnapshotStore,
)
from cardreader_service.errors import Reason
from tests.library_boundary import CODE, deep_imports, subclasses, unresolved


def test_every_public_name_resolves() -> None:
    """PcscReader too: it is imported on first use (pyscard), so ask for it explicitly."""
    pytest.importorskip("smartcard", reason="pyscard is not installed (the cards extra)")
    assert unresolved("cardreader_service") == []
    assert len(set(cardreader_service.__all__)) == len(cardreader_service.__all__)


def test_the_cms_and_benchmarks_import_only_top_level_names() -> None:
    assert deep_imports("cardreader_service") == []


def test_every_public_error_is_a_card_service_error() -> None:
    errors = [
        getattr(cardreader_service, name)
        for name in cardreader_service.__all__
        if name.endswith("Error") and name != "PcscReader"
    ]
    assert len(errors) >= 8
    assert all(issubclass(error, CardServiceError) for error in errors)
    codes = [cls.code for cls in subclasses(CardServiceError)]
    assert all(CODE.match(code) for code in codes), codes


@pytest.mark.parametrize("reason", get_args(Reason))
def test_a_card_failure_says_a_sentence_and_keeps_the_protocol_detail(reason: Reason) -> None:
    error = CardError(reason, "RndA' mismatch after AuthenticateEV2First (SW 91AE)")
    assert error.code == reason and CODE.match(error.code)
    assert "SW 91AE" not in str(error) and "SW 91AE" in error.detail
    assert str(error)[0].isupper() and str(error).endswith(".") and "\n" not in str(error)


def test_a_malformed_key_file_is_caught_by_the_base(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    path.write_text("{not json")
    with pytest.raises(CardServiceError) as caught:
        MasterKeyStore.from_file(path)
    assert isinstance(caught.value, KeyStoreError) and caught.value.code == "key_store_invalid"


def test_a_snapshot_for_another_site_is_caught_by_the_base(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path / "snapshot.json", "dai-noi")
    payload = {"site": "lang-tu-duc", "generated_at": "2026-01-01T00:00:00+07:00"}
    with pytest.raises(CardServiceError) as caught:
        store.apply(payload)
    assert isinstance(caught.value, SnapshotError) and caught.value.code == "snapshot_invalid"
