"""The back half's scheduler: priorities, dependencies, failures and cancellation."""

from __future__ import annotations

import threading
from concurrent.futures import CancelledError, Future

import pytest

from assets_pipeline.tasks import LATER, URGENT, PriorityPool, after, timed


def blocked(pool: PriorityPool) -> threading.Event:
    """Occupy the pool's only worker until the returned event is set."""
    release, busy = threading.Event(), threading.Event()

    def hold() -> None:
        busy.set()
        release.wait(5)

    pool.submit(hold)
    assert busy.wait(5)
    return release


def test_urgent_work_runs_before_later_work_queued_earlier() -> None:
    order: list[str] = []
    with PriorityPool(1) as pool:
        release = blocked(pool)
        futures = [
            pool.submit(lambda name=name: order.append(name), priority)
            for name, priority in [("metric-1", LATER), ("glb", URGENT), ("metric-2", LATER)]
        ]
        futures.append(pool.submit(lambda: order.append("poster"), URGENT))
        release.set()
        for future in futures:
            future.result(5)
    assert order == ["glb", "poster", "metric-1", "metric-2"]


def test_after_starts_only_when_every_need_is_done() -> None:
    first, second = Future[int](), Future[int]()
    ran = threading.Event()
    with PriorityPool(2) as pool:
        total = after(pool, [first, second], lambda: ran.set() or first.result() + second.result())
        first.set_result(2)
        assert not ran.wait(0.2) and not total.done()
        second.set_result(3)
        assert total.result(5) == 5


def test_a_failed_need_fails_the_result_without_running_the_work() -> None:
    need, other = Future[int](), Future[int]()
    ran: list[bool] = []
    with PriorityPool(1) as pool:
        result = after(pool, [need, other], lambda: ran.append(True))
        need.set_exception(ValueError("level failed"))
        with pytest.raises(ValueError, match="level failed"):
            result.result(5)
        other.set_result(1)
    assert ran == []


def test_work_that_raises_hands_the_exception_to_the_waiter() -> None:
    def broken() -> None:
        raise RuntimeError("export failed")

    with PriorityPool(2) as pool:
        with pytest.raises(RuntimeError, match="export failed"):
            pool.submit(broken).result(5)
        with pytest.raises(RuntimeError, match="export failed"):
            after(pool, [], broken).result(5)


def test_inline_work_runs_in_the_thread_that_finished_the_last_need() -> None:
    need = Future[int]()
    with PriorityPool(1) as pool:
        result = after(pool, [need], threading.current_thread, inline=True)
        need.set_result(1)
        assert result.result(5) is threading.current_thread()


def test_leaving_on_an_error_cancels_queued_work_and_its_dependants() -> None:
    ran: list[str] = []
    with pytest.raises(KeyError), PriorityPool(1) as pool:
        release = blocked(pool)
        queued = pool.submit(lambda: ran.append("queued"))
        dependant = after(pool, [queued], lambda: ran.append("dependant"))
        waiting = after(pool, [], lambda: ran.append("waiting"), LATER)
        queued.add_done_callback(lambda _: release.set())  # free the worker once cancelled
        raise KeyError("repair failed")
    assert ran == []
    for future in (queued, dependant, waiting):
        with pytest.raises(CancelledError):
            future.result(5)


def test_timed_returns_the_result_with_the_busy_seconds() -> None:
    value, seconds = timed(lambda: sum(range(1000)))()
    assert value == 499500 and 0 <= seconds < 5
