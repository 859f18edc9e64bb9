"""Sync against a real local HTTP server: batches, exactly-once delivery, backoff with jitter."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path
from random import Random
from typing import Any

import pytest

from cardreader_service.decision import Decision
from cardreader_service.journal import Journal
from cardreader_service.snapshot import SnapshotStore
from cardreader_service.sync import ApiError, Backoff, GateApi, Sync, SyncSettings

from .fakecms import TOKEN, FakeCms
from .snapshots import NOW, payload


def fill(journal: Journal, count: int) -> None:
    decision = Decision(True, "", "ok", 1000, None, "9704000000000001", "04AA", "stored_value")
    for n in range(count):
        journal.append(decision, NOW + timedelta(seconds=n))


def make_sync(cms: FakeCms, journal: Journal, tmp_path: Path, **settings: float) -> Sync:
    options = SyncSettings(snapshot_every=3600, heartbeat_every=3600, **settings)  # type: ignore[arg-type]
    store = SnapshotStore(tmp_path / "snap.json", "dai-noi")
    return Sync(GateApi(cms.url, TOKEN, timeout=2.0), journal, store, options)


def wait_for(condition: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_taps_go_in_order_in_batches_of_at_most_500(
    cms: FakeCms, journal: Journal, tmp_path: Path
) -> None:
    fill(journal, 1201)
    sync = make_sync(cms, journal, tmp_path)
    assert sync.deliver() == 1201
    assert [len(batch) for batch in cms.batches] == [500, 500, 201]
    assert [n for batch in cms.batches for n in batch] == list(range(1, 1202))
    assert journal.pending() == 0
    assert sync.deliver() == 0 and len(cms.batches) == 3


def test_a_lost_acknowledgement_means_a_resend_which_the_server_recognises(
    cms: FakeCms, journal: Journal, tmp_path: Path
) -> None:
    fill(journal, 3)
    cms.drop_answers = 1
    sync = make_sync(cms, journal, tmp_path)
    with pytest.raises(ApiError, match="500"):
        sync.deliver()
    assert journal.pending() == 3, "not acknowledged: still ours to deliver"
    assert sync.deliver() == 3
    assert journal.pending() == 0 and sorted(cms.stored) == [1, 2, 3]
    assert cms.batches == [[1, 2, 3], [1, 2, 3]]


def test_the_sync_thread_backs_off_exponentially_with_jitter_then_delivers_everything(
    cms: FakeCms, journal: Journal, tmp_path: Path
) -> None:
    fill(journal, 7)
    cms.fail_next = 5
    sync = make_sync(cms, journal, tmp_path, backoff_base=0.08, backoff_cap=10.0).start()
    try:
        wait_for(lambda: journal.pending() == 0)
        wait_for(lambda: sync.store.current is not None)
    finally:
        sync.stop()
    gaps = [b[0] - a[0] for a, b in zip(cms.arrivals[:5], cms.arrivals[1:6], strict=True)]
    for failure, gap in enumerate(gaps, 1):
        ceiling = 0.08 * 2 ** (failure - 1)
        assert ceiling / 2 - 0.01 <= gap <= ceiling + 0.25, (failure, gaps)
    assert gaps[-1] > 2 * gaps[0], "exponential, not constant"
    assert sorted(cms.stored) == list(range(1, 8)), "every tap once"
    assert journal.meta("last_delivery_at") and journal.meta("last_snapshot_at")


def test_a_snapshot_raises_the_journals_floor_to_what_the_server_holds(
    cms: FakeCms, journal: Journal, tmp_path: Path
) -> None:
    cms.snapshot = payload(last_sequence=120)
    sync = make_sync(cms, journal, tmp_path)
    sync.pull_snapshot(full=True)
    fill(journal, 1)
    assert [entry.sequence for entry in journal.entries()] == [121]


def test_a_wrong_token_is_an_error_and_the_token_is_never_shown(
    cms: FakeCms, journal: Journal
) -> None:
    api = GateApi(cms.url, "not-the-token")
    with pytest.raises(ApiError) as caught:
        api.heartbeat({"journal_pending": 0})
    assert caught.value.status == 401
    assert "not-the-token" not in repr(api) + str(caught.value)


def test_an_unreachable_server_is_status_zero() -> None:
    with pytest.raises(ApiError) as caught:
        GateApi("http://127.0.0.1:9", TOKEN, timeout=1.0).snapshot()
    assert caught.value.status == 0


def test_backoff_stays_within_half_and_full_ceiling_and_is_capped() -> None:
    backoff = Backoff(base=1.0, cap=8.0, rng=Random(7))
    delays = [backoff.failed() for _ in range(8)]
    ceilings = [1, 2, 4, 8, 8, 8, 8, 8]
    assert all(c / 2 <= d <= c for d, c in zip(delays, ceilings, strict=True))
    assert len(set(delays)) == len(delays), "jittered"
    backoff.succeeded()
    assert backoff.failed() <= 1.0


def test_a_qr_taps_ticket_code_reaches_the_server_and_card_taps_send_an_empty_one(
    cms: FakeCms, journal: Journal, tmp_path: Path
) -> None:
    fill(journal, 1)
    qr_tap = Decision(True, "", "ok", 0, None, "", "", "ticket", "entry", "HT7Q2M9KD4XA")
    journal.append(qr_tap, NOW)
    sync = make_sync(cms, journal, tmp_path)
    assert sync.deliver() == 2
    assert [cms.stored[n]["ticket"] for n in (1, 2)] == ["", "HT7Q2M9KD4XA"]
    assert (cms.stored[2]["card_number"], cms.stored[2]["fare"]) == ("", 0)
    assert cms.stored[2]["entitlement_id"] is None


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for ``localhost`` and its key, as a site's own CA would issue."""
    from datetime import UTC, datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=1))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cms.pem", folder / "cms.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def test_over_https_one_tls_context_serves_every_call(
    cms: FakeCms, journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The gate trusts the CMS's certificate (here through SSL_CERT_FILE) and reads its CA
    bundle once, not for every heartbeat, batch and snapshot."""
    import ssl

    cert_file, key_file = _self_signed(tmp_path)
    server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_tls.load_cert_chain(cert_file, key_file)
    cms.socket = server_tls.wrap_socket(cms.socket, server_side=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))
    loads = []
    load = ssl.SSLContext.load_default_certs
    monkeypatch.setattr(
        ssl.SSLContext,
        "load_default_certs",
        lambda context, *a, **k: loads.append(1) or load(context, *a, **k),
    )

    fill(journal, 3)
    api = GateApi(f"https://localhost:{cms.server_address[1]}", TOKEN, timeout=5.0)
    assert sorted(api.send_taps(journal.undelivered(10))) == [1, 2, 3]
    api.heartbeat({"journal_pending": 0})
    api.snapshot()
    assert len(loads) == 1  # not one for each of the three calls
    untrusted = GateApi(f"https://localhost:{cms.server_address[1]}", TOKEN, timeout=5.0)
    monkeypatch.delenv("SSL_CERT_FILE")
    with pytest.raises(ApiError) as caught:
        untrusted.heartbeat({"journal_pending": 0})
    assert caught.value.status == 0 and "CERTIFICATE_VERIFY_FAILED" in caught.value.detail
