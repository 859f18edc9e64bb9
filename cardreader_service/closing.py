"""The `with` protocol shared by every resource of the service that ends in close(), the one way
a socket another thread may be blocked on is cut, and the one way a child process the service
starts is stopped."""

from __future__ import annotations

import socket
import subprocess
from contextlib import suppress
from types import TracebackType
from typing import Any, Self


class ClosesOnExit:
    """Base for objects whose `with` block must end in close(), so no class restates it."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def shut_socket(sock: socket.socket) -> None:
    """Cut both directions of a socket, so a thread blocked on it (recv, accept) returns now; a
    socket already shut or never connected is left as it is."""
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def close_socket(sock: socket.socket | None) -> None:
    """Shut a socket (waking whoever waits on it), then close it."""
    if sock is not None:
        shut_socket(sock)
        sock.close()


def stop_process(process: subprocess.Popen[Any] | None, timeout: float = 5.0) -> None:
    """Ask a child process to end, kill it after ``timeout`` seconds, reap it and close the pipes
    it was given: the one way pcscd, and the agents the tests start, are stopped."""
    if process is None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    for pipe in (process.stdin, process.stdout, process.stderr):
        if pipe is not None:
            pipe.close()
