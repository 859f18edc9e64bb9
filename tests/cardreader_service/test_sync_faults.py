"""The sync loop against a server behind a fault proxy: it never dies, never waits past its
deadline, says when delivery stalls, and delivers within seconds of the server coming back."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any

import pytest

from cardreader_service.clock import GateClock
from cardreader_service.decision import Decision
from cardreader_service.journal import Journal
from cardreader_service.snapshot import SnapshotStore
from cardreader_service.sync import ApiError, GateApi, Sync, SyncSettings

from .faultproxy import FaultProxy
from .snapshots import NOW, payload
from .test_sync import TOKEN, FakeCms, fill, make_sync, wait_for


@pytest.fixture
def proxy(cms: FakeCms) -> Any:
    proxy = FaultProxy(cms.server_address[1])
    yield proxy
    proxy.close()


def sync_through(
    proxy: FaultProxy, journal: Journal, store: SnapshotStore, **settings: Any
) -> Sync:
    options = SyncSettings(
        snapshot_every=3600, heartbeat_every=3600, backoff_base=0.05, backoff_cap=0.2, **settings
    )
    api = GateApi(proxy.url, TOKEN, timeout=2.0, deadline=settings.get("request_deadline", 3.0))
    return Sync(api, journal, store, options, rng=Random(7))


@pytest.mark.parametrize("fault", ["truncate", "reset", "drop"])
def test_a_broken_answer_is_an_api_error_and_the_taps_stay_pending(
    cms: FakeCms, proxy: FaultProxy, journal: Journal, tmp_path: Path, fault: str
) -> None:
    fill(journal, 3)
    proxy.queue.append(fault)
    sync = sync_through(proxy, journal, SnapshotStore(tmp_path / "s.json"))
    with pytest.raises(ApiError) as caught:
        sync.deliver()
    assert caught.value.status == 0, "no usable answer: the server is as good as unreachable"
    assert journal.pending() == 3
    assert sync.deliver() == 3 and journal.pending() == 0
    assert sorted(cms.stored) == [1, 2, 3], "the server acted once on the lost answer"


def test_the_loop_survives_a_truncated_answer_a_failed_snapshot_write_and_a_malformed_snapshot(
    cms: FakeCms, proxy: FaultProxy, journal: Journal, tmp_path: Path
) -> None:
    fill(journal, 2)
    # The snapshot's folder does not exist: every write is an OSError.
    store = SnapshotStore(tmp_path / "missing" / "snap.json", "dai-noi")
    proxy.queue.extend(["truncate", "truncate"])
    sync = sync_through(proxy, journal, store).start()
    try:
        wait_for(lambda: journal.pending() == 0)
        assert sync.alive(), "an OSError writing the snapshot must not end the thread"
        wait_for(lambda: "snap.json" in sync.error)
        # The journal keeps the error too (the next cycle may already have replaced both).
        wait_for(lambda: "snap.json" in (journal.meta("sync_error") or ""))
        assert store.current is None
        cms.snapshot = {"taken_at": NOW.isoformat(), "gate": {}}  # no site, no cards
        (tmp_path / "missing").mkdir()
        wait_for(lambda: "KeyError" in sync.error)
        assert sync.alive(), "any exception: logged, backed off, retried"
        # A failed snapshot stays due, so the next retry takes the repaired one.
        cms.snapshot = payload(last_sequence=2)
        wait_for(lambda: store.current is not None and sync.error == "")
        assert journal.meta("sync_error") == "" and journal.meta("last_error")
    finally:
        sync.stop()


def test_the_watchdog_restarts_a_dead_sync_thread(
    cms: FakeCms, journal: Journal, tmp_path: Path
) -> None:
    fill(journal, 1)
    sync = make_sync(cms, journal, tmp_path).start()
    wait_for(lambda: journal.pending() == 0)
    sync._stop.set()  # the thread ends as it would on an error nothing caught
    sync._wake.set()
    wait_for(lambda: not sync.alive())
    sync._stop.clear()
    assert sync.ensure_running() and sync.restarts == 1
    fill(journal, 1)
    sync.tap_journaled()
    try:
        wait_for(lambda: journal.pending() == 0)
        assert not sync.ensure_running(), "a live thread is left alone"
    finally:
        sync.stop()


@pytest.mark.parametrize("fault", ["trickle", "blackhole"])
def test_a_trickling_or_silent_server_cannot_hold_a_request_past_its_deadline(
    cms: FakeCms, proxy: FaultProxy, fault: str
) -> None:
    proxy.fault, proxy.delay = fault, 0.3  # 0.3 s a byte: each read well within the timeout
    api = GateApi(proxy.url, TOKEN, timeout=1.0, deadline=1.5)
    started = time.monotonic()
    with pytest.raises(ApiError) as caught:
        api.heartbeat({"journal_pending": 0})
    took = time.monotonic() - started
    assert took < 1.5 + 0.5, took
    assert caught.value.status == 0 and TOKEN not in str(caught.value)
    proxy.fault = "slow"  # slow but within the deadline: fine
    proxy.delay = 0.2
    assert "server_time" in api.heartbeat({"journal_pending": 0})


def test_while_offline_only_cheap_jittered_probes_and_delivery_within_seconds_of_return(
    cms: FakeCms, proxy: FaultProxy, journal: Journal, tmp_path: Path
) -> None:
    proxy.down()
    fill(journal, 3)
    sync = sync_through(
        proxy, journal, SnapshotStore(tmp_path / "s.json"), probe_every=1.0, probe_deadline=1.0
    ).start()
    try:
        wait_for(lambda: sync.unreachable)
        time.sleep(3.0)
        delays = [sync.probe_delay() for _ in range(200)]
        assert min(delays) >= 0.5 and max(delays) <= 1.0 and max(delays) - min(delays) > 0.3
        proxy.up()
        back = time.monotonic()
        wait_for(lambda: journal.pending() == 0)
        recovery = time.monotonic() - back
    finally:
        sync.stop()
    assert recovery < 2.0, f"delivered {recovery:.2f} s after the server came back"
    first = [line for line in proxy.requests(back)][:1]
    assert first and "/heartbeat" in first[0], "the first request back is the cheap probe"
    assert sorted(cms.stored) == [1, 2, 3]


def test_conflicts_are_delivered_and_old_answers_without_them_still_work(
    cms: FakeCms, journal: Journal, tmp_path: Path
) -> None:
    fill(journal, 4)
    api = GateApi(cms.url, TOKEN)
    cms.conflicts = {2, 3}
    held = api.send_taps(journal.undelivered())
    assert sorted(held) == [1, 2, 3, 4]
    cms.conflicts = set()
    Sync(api, journal, SnapshotStore(tmp_path / "s.json")).deliver()
    assert journal.pending() == 0
    assert {tap["journal_id"] for tap in cms.stored.values()} == {journal.journal_id}
    assert len(journal.journal_id) == 32


def test_the_heartbeat_reports_stalls_the_journal_and_the_clock_and_raises_the_floor(
    cms: FakeCms, journal: Journal, tmp_path: Path
) -> None:
    decision = Decision(True, "", "ok", 0, None, "9704000000000001", "04AA", "no_fare")
    journal.append(decision, datetime.now(UTC) - timedelta(minutes=10))
    cms.last_sequence = 4000
    clock = GateClock(journal)
    api = GateApi(cms.url, TOKEN)
    sync = Sync(api, journal, SnapshotStore(tmp_path / "s.json"), clock=clock)
    sync.error = "HTTP 503: down"
    assert sync.delivery_state()["delivery_stalled"]
    sync.heartbeat()
    first = cms.heartbeats[-1]
    assert "clock_offset_ms" not in first, "nothing measured before the first answer"
    assert first["journal_id"] == journal.journal_id and first["journal_ok"] is True
    assert 590 <= first["oldest_undelivered_age_seconds"] <= 700
    assert first["sync_error"] == "HTTP 503: down"
    sync.heartbeat()
    report = cms.heartbeats[-1]
    # The fake server's clock is months behind ours: measured, reported, and not trusted.
    assert report["clock_offset_ms"] < -(10**9) and report["clock_trusted"] is False
    assert journal.high_water() == 4000, "a lost journal's numbers start above the server's"
    kept = int(journal.meta("clock_offset_ms") or 0)
    assert report["clock_offset_ms"] == max(-(10**10), kept), "bounded as the protocol says"
