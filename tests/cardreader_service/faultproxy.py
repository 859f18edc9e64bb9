"""A small TCP fault proxy between a gate and its server: the network as it is in the field.

One HTTP exchange per connection (the gate sends ``Connection: close``). Each connection takes the
next fault from ``queue`` (or ``fault`` when the queue is empty):

- ``pass``: relayed as is;
- ``refuse``: the listener is closed (``down()``/``up()``): connection refused;
- ``reset``: the request is read, then the connection is reset without an answer;
- ``truncate``: the request reaches the server, which acts on it; the gate gets half the answer;
- ``drop``: the request reaches the server; the gate's connection is reset before any answer;
- ``slow``: the answer is held ``delay`` seconds, then relayed;
- ``trickle``: the answer is relayed one byte every ``delay`` seconds;
- ``blackhole``: the request is read and nothing ever comes back.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections import deque

from cardreader_service.closing import close_socket

FAULTS = ("pass", "reset", "truncate", "drop", "slow", "trickle", "blackhole")


class FaultProxy:
    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self.fault = "pass"
        self.delay = 1.0
        self.queue: deque[str] = deque()
        self.seen: list[tuple[float, str, str]] = []  # (monotonic, first request line, fault)
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.up()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def up(self) -> None:
        if self._listener is not None:
            return
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        """Connection refused from now on; exchanges under way are cut."""
        listener, self._listener = self._listener, None
        close_socket(listener)  # wakes _accept
        with self._lock:
            for sock in list(self._open):
                _reset(sock)
            self._open.clear()

    def close(self) -> None:
        self.down()

    def requests(self, since: float = 0.0) -> list[str]:
        return [line for at, line, _ in self.seen if at >= since]

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            with self._lock:
                fault = self.queue.popleft() if self.queue else self.fault
                self._open.add(client)
            threading.Thread(target=self._exchange, args=(client, fault), daemon=True).start()

    def _exchange(self, client: socket.socket, fault: str) -> None:
        upstream: socket.socket | None = None
        try:
            request = _read_request(client)
            line = request.split(b"\r\n", 1)[0].decode("latin-1")
            self.seen.append((time.monotonic(), line, fault))
            if fault == "reset":
                _reset(client)
                return
            if fault == "blackhole":
                client.recv(1)  # until the gate gives up
                return
            upstream = socket.create_connection(self.target, timeout=60)
            with self._lock:
                self._open.add(upstream)
            upstream.sendall(request)
            answer = _read_all(upstream)
            if fault == "drop":
                _reset(client)
            elif fault == "truncate":
                client.sendall(answer[: max(1, len(answer) // 2)])
            elif fault == "slow":
                time.sleep(self.delay)
                client.sendall(answer)
            elif fault == "trickle":
                for index in range(len(answer)):
                    client.sendall(answer[index : index + 1])
                    time.sleep(self.delay)
            else:
                client.sendall(answer)
        except OSError:
            pass
        finally:
            for sock in (client, upstream):
                if sock is None:
                    continue
                with self._lock:
                    self._open.discard(sock)
                with contextlib.suppress(OSError):
                    sock.close()


def _reset(sock: socket.socket) -> None:
    """Close with RST, not FIN: what a crashing middlebox or a dropped NAT entry looks like."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()


def _read_request(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for header in head.split(b"\r\n")[1:]:
        name, _, value = header.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def _read_all(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)
