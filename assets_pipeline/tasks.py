"""Tasks on a thread pool that start only when what they need is ready, most urgent first.

The pipeline's back half (levels, exports, poster, error metrics) is a small dependency graph.
Submitting a task only once its inputs exist keeps every worker busy with runnable work instead
of blocked on a future, and priorities let the web-ready outputs finish before the report's
error metrics take the cores, which matters on a two-core machine.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from functools import partial
from typing import Any

URGENT, LATER = 0, 1


class PriorityPool:
    """A fixed set of worker threads taking the most urgent queued task (then the oldest)."""

    def __init__(self, workers: int) -> None:
        self._queue: list[tuple[int, int, Callable[[], None], Future[Any]]] = []
        self._order = itertools.count()
        self._ready = threading.Condition()
        self._closing = False
        self._threads = [
            threading.Thread(target=self._work, name=f"assets-pipeline-{i}", daemon=True)
            for i in range(max(1, workers))
        ]
        for thread in self._threads:
            thread.start()

    def submit[T](self, work: Callable[[], T], priority: int = URGENT) -> Future[T]:
        """Queue work; its future resolves with the result or the exception."""
        result: Future[T] = Future()

        def run() -> None:
            if result.set_running_or_notify_cancel():
                _settle(result, work)

        with self._ready:
            heapq.heappush(self._queue, (priority, next(self._order), run, result))
            self._ready.notify()
        return result

    def _work(self) -> None:
        while True:
            with self._ready:
                while not self._queue and not self._closing:
                    self._ready.wait()
                if not self._queue:
                    return
                _, _, run, _ = heapq.heappop(self._queue)
            run()

    def shutdown(self, cancel: bool = False) -> None:
        """Stop once the queue is empty (or cancel what is still queued)."""
        with self._ready:
            if cancel:
                for *_, queued in self._queue:
                    queued.cancel()
                self._queue.clear()
            self._closing = True
            self._ready.notify_all()
        for thread in self._threads:
            thread.join()

    def __enter__(self) -> PriorityPool:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self.shutdown(cancel=error is not None)


def after[T](
    pool: PriorityPool,
    needs: list[Future[Any]],
    work: Callable[[], T],
    priority: int = URGENT,
    inline: bool = False,
) -> Future[T]:
    """A future of work(), queued on the pool once every future it needs is done.

    The first failure among the needs fails the result with that exception, and a cancelled
    need or a cancelled queue entry cancels it. inline=True runs trivial work in the thread that
    completed the last need instead of queueing it.
    """
    result: Future[T] = Future()
    lock = threading.Lock()
    state = {"waiting": len(needs), "settled": False}

    def start() -> None:
        if inline:
            _settle(result, work)
        else:
            pool.submit(work, priority).add_done_callback(partial(_forward, result))

    def ready(done: Future[Any]) -> None:
        with lock:
            state["waiting"] -= 1
            failed = done.cancelled() or done.exception() is not None
            if state["settled"] or (not failed and state["waiting"] > 0):
                return
            state["settled"] = True
        if not failed:
            start()
        elif done.cancelled():
            result.cancel()
        else:
            result.set_exception(done.exception())

    if not needs:
        state["settled"] = True
        start()
    for need in needs:
        need.add_done_callback(ready)
    return result


def _settle[T](result: Future[T], work: Callable[[], T]) -> None:
    try:
        value = work()
    except BaseException as exc:  # handed to whoever waits on the result
        result.set_exception(exc)
    else:
        result.set_result(value)


def _forward[T](result: Future[T], done: Future[T]) -> None:
    if done.cancelled():
        result.cancel()
    elif (error := done.exception()) is not None:
        result.set_exception(error)
    else:
        result.set_result(done.result())


def timed[T](work: Callable[[], T]) -> Callable[[], tuple[T, float]]:
    """work wrapped to return its result with the seconds it took (a step's busy time)."""

    def run() -> tuple[T, float]:
        start = time.perf_counter()
        value = work()
        return value, time.perf_counter() - start

    return run
