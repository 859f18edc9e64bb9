"""The gate's second input: a 2D scanner that reads e-tickets' QR codes (docs/cards.md, "QR").

Two kinds of scanner, both as a stream of bytes ending each code with CR and/or LF:

- a keyboard-wedge (HID) scanner whose keystrokes reach a tty, or any tty, pty, FIFO or the
  standard input (``--scanner /dev/ttyX``, ``--scanner -``): read with ``os.read`` after
  ``select``, a tty put in raw mode so no line discipline cuts or edits a long line;
- a serial (USB-CDC or RS-232) scanner through pyserial (``--scanner-baud``, the ``cards``
  extra), which also takes pyserial's URLs (``rfc2217://``, ``socket://``, ``loop://``).

Whatever the scanner sends, memory and time stay bounded: a line longer than ``MAX_TEXT`` is
dropped as it arrives and refused once, a line cut short (no end within ``PARTIAL_AFTER``) is
refused once, the same code seen again within the repeat window (a scanner in continuous mode
still looking at the ticket) is ignored, and a flood past ``rate`` codes a second is dropped
with one log line per burst.
"""

from __future__ import annotations

import logging
import os
import select
import stat
import termios
import threading
import time
import tty
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, Final, Protocol

from cardreader_service.errors import CardServiceError, log_text
from cardreader_service.ticket import MAX_TEXT, TicketError

log = logging.getLogger("cardreader_service.scanner")

PARTIAL_AFTER: Final = 0.3  # seconds of silence that end a line the scanner never finished
REPEAT_WINDOW: Final = 3.0  # seconds in which the same code again is the same presentation
RATE: Final = 5.0  # codes a second a scanner may send, on average (a burst of as many)
READ_CHUNK: Final = 4096
REOPEN_EVERY: Final = 1.0


class ScannerError(CardServiceError):
    """The scanner cannot be opened or read (unplugged, no such device, pyserial missing)."""

    code = "scanner_unavailable"


@dataclass(frozen=True, slots=True)
class Scan:
    """One code from the scanner: its text, or why it is refused unread (``problem``)."""

    text: str
    problem: str = ""

    def ticket_input(self) -> str | TicketError:
        return TicketError(self.problem) if self.problem else self.text


class LineAssembler:
    """Bytes in, whole lines out; never holds more than ``limit`` bytes of a line."""

    def __init__(self, limit: int = MAX_TEXT) -> None:
        self.limit = limit
        self._line = bytearray()
        self._overflowed = 0  # bytes of the current line dropped past the limit

    @property
    def pending(self) -> bool:
        return bool(self._line) or self._overflowed > 0

    def feed(self, data: bytes) -> list[Scan]:
        scans: list[Scan] = []
        start = 0
        while start < len(data):
            ends = [i for i in (data.find(b"\r", start), data.find(b"\n", start)) if i >= 0]
            end = min(ends) if ends else len(data)
            self._take(data[start:end])
            if ends:
                scans.extend(self._finish())
                start = end + 1
            else:
                break
        return scans

    def cut(self) -> list[Scan]:
        """The scanner went quiet in the middle of a line: refuse what it sent, once."""
        if not self.pending:
            return []
        size = len(self._line) + self._overflowed
        self._line.clear()
        self._overflowed = 0
        return [Scan("", f"scan cut short after {size} bytes")]

    def _take(self, chunk: bytes) -> None:
        room = self.limit - len(self._line)
        if self._overflowed or len(chunk) > room:
            self._overflowed += len(self._line) + len(chunk)
            self._line.clear()  # the line is refused whole: keep nothing of it
            return
        self._line += chunk

    def _finish(self) -> list[Scan]:
        if self._overflowed:
            size, self._overflowed = self._overflowed, 0
            return [Scan("", f"scan of {size} bytes, the most is {self.limit}")]
        if not self._line:
            return []  # CR LF, or an empty line
        text = self._line.decode("ascii", errors="replace")
        self._line.clear()
        return [Scan(text)]


class ByteSource(Protocol):
    def read(self, timeout: float) -> bytes:
        """Bytes now available (b"" after ``timeout`` seconds with none); ``ScannerError`` when
        the device is gone."""

    def close(self) -> None: ...


class FdSource:
    """A tty, pty, FIFO or the standard input (``-``), read without blocking the gate."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._owned = path != "-"
        self._saved: list[Any] | None = None
        self.fd: int | None = None
        try:
            # A FIFO is opened for writing too, so a writer that comes and goes is not an end.
            fifo = self._owned and stat.S_ISFIFO(os.stat(path).st_mode)
            mode = os.O_RDWR if fifo else os.O_RDONLY
            fd = os.open(path, mode | os.O_NOCTTY | os.O_NONBLOCK) if self._owned else 0
            self.fd = fd
            if os.isatty(fd):
                self._saved = termios.tcgetattr(fd)
                tty.setraw(fd)  # no echo, no line editing, no 4 KiB canonical line cut
        except (OSError, termios.error) as error:
            self.close()
            raise _cannot_open(path, error) from None

    def read(self, timeout: float) -> bytes:
        if self.fd is None:
            raise _closed(self.path)
        try:
            ready, _, _ = select.select([self.fd], [], [], timeout)
            if not ready:
                return b""
            data = os.read(self.fd, READ_CHUNK)
        except BlockingIOError:
            return b""
        except OSError as error:
            raise _stopped(self.path, error) from None
        if not data:
            raise _closed(self.path)
        return data

    def close(self) -> None:
        fd, self.fd = self.fd, None
        if fd is None:
            return
        if self._saved is not None:
            with suppress(termios.error):
                termios.tcsetattr(fd, termios.TCSANOW, self._saved)
        if self._owned:
            with suppress(OSError):
                os.close(fd)


class SerialSource:
    """A serial scanner through pyserial (a port name or one of pyserial's URLs)."""

    def __init__(self, port: str, baudrate: int) -> None:
        try:
            import serial  # type: ignore[import-untyped]
        except ImportError:
            raise ScannerError(
                "A serial scanner needs pyserial: install the 'cards' extra.", "import serial"
            ) from None
        self.port = port
        self._serial_error: type[Exception] = serial.SerialException
        try:
            self._serial = serial.serial_for_url(port, baudrate=baudrate, timeout=0)
        except (serial.SerialException, ValueError, OSError) as error:
            raise _cannot_open(port, error) from None

    def read(self, timeout: float) -> bytes:
        try:
            self._serial.timeout = timeout
            first: bytes = self._serial.read(1)  # waits for the first byte only
            if not first:
                return b""
            self._serial.timeout = 0
            rest: bytes = self._serial.read(min(self._serial.in_waiting, READ_CHUNK))
            return first + rest
        except (self._serial_error, OSError) as error:
            raise _stopped(self.port, error) from None

    def close(self) -> None:
        with suppress(self._serial_error, OSError):
            self._serial.close()


def _why(error: BaseException) -> str:
    """One short line: the OS's words without the path (which the caller already names)."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error).split("\n")[0][:120] or type(error).__name__


def _cannot_open(device: str, error: BaseException) -> ScannerError:
    return ScannerError(f"The QR scanner cannot be opened ({_why(error)}).", f"{device}: {error!r}")


def _stopped(device: str, error: BaseException) -> ScannerError:
    return ScannerError(
        f"The QR scanner stopped answering ({_why(error)}).", f"{device}: {error!r}"
    )


def _closed(device: str) -> ScannerError:
    return ScannerError("The QR scanner was disconnected.", f"{device}: closed")


def open_source(path: str, baudrate: int | None = None) -> ByteSource:
    return SerialSource(path, baudrate) if baudrate else FdSource(path)


@dataclass(eq=False, repr=False)
class Scanner:
    """The scanner thread: assembles codes and hands each one to ``on_scan`` (the gate's
    ``process_ticket``), reopening the device while it is away; never dies."""

    open_device: Callable[[], ByteSource]
    on_scan: Callable[[Scan], object]
    repeat_window: float = REPEAT_WINDOW
    rate: float = RATE
    partial_after: float = PARTIAL_AFTER
    state: str = field(init=False, default="starting")
    dropped: int = field(init=False, default=0)
    _stop: threading.Event = field(init=False, default_factory=threading.Event)
    _thread: threading.Thread | None = field(init=False, default=None)
    _tokens: float = field(init=False)
    _refilled: float = field(init=False, default_factory=time.monotonic)
    _last: tuple[str, float] = field(init=False, default=("", 0.0))

    def __post_init__(self) -> None:
        self._tokens = self.rate  # a full bucket: a burst of ``rate`` codes at once

    def start(self) -> Scanner:
        self._thread = threading.Thread(target=self.run, name="scanner", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                device = self.open_device()
            except ScannerError as error:
                self._set_state("unavailable", log_text(error))
                self._stop.wait(REOPEN_EVERY)
                continue
            self._set_state("ready")
            try:
                self._read_from(device)
            except ScannerError as error:
                self._set_state("unavailable", log_text(error))
                self._stop.wait(REOPEN_EVERY)
            except Exception:  # a bug in a decision must not silence the scanner for good
                log.exception("scanner_failed")
                self._stop.wait(REOPEN_EVERY)
            finally:
                device.close()

    def _read_from(self, device: ByteSource) -> None:
        lines = LineAssembler()
        while not self._stop.is_set():
            data = device.read(self.partial_after if lines.pending else 0.5)
            scans = lines.feed(data) if data else lines.cut()
            for scan in scans:
                self._offer(scan)

    def _offer(self, scan: Scan) -> None:
        now = time.monotonic()
        text, seen = self._last
        if scan.text and scan.text == text and now - seen < self.repeat_window:
            self._last = (text, now)  # still in view: the window runs from the last sighting
            return
        self._tokens = min(self.rate, self._tokens + (now - self._refilled) * self.rate)
        self._refilled = now
        if self._tokens < 1:
            if self.dropped == 0:
                log.warning("scanner_flood", extra={"fields": {"rate": self.rate}})
            self.dropped += 1
            return
        if self.dropped:
            log.warning("scanner_flood_ended", extra={"fields": {"dropped": self.dropped}})
            self.dropped = 0
        self._tokens -= 1
        if scan.problem:
            log.warning("scan_refused", extra={"fields": {"why": scan.problem}})
        self._last = (scan.text, now)
        self.on_scan(scan)

    def _set_state(self, state: str, error: str = "") -> None:
        if state != self.state:
            level = logging.WARNING if state == "unavailable" else logging.INFO
            fields = {"state": state, **({"error": error} if error else {})}
            log.log(level, "scanner_state", extra={"fields": fields})
        self.state = state
