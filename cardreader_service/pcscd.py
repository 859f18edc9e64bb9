"""Starting pcscd with the vsmartcard vpcd reader for tests, the benchmark and a developer's bench.

One place knows how to find the driver, which TCP port each vpcd slot listens on, and how to wait
for the reader, so the test fixtures, the end-to-end tests and ``benchmarks/gate_tap`` start (and
stop) pcscd the same way and put their emulated cards on the right port.

vpcd listens on a fixed port (35963 for slot 00, 35964 for slot 01). Anything else on the machine
that happens to hold one of those ports (a server given an ephemeral port, a connection whose
local port it is) makes vpcd fail silently and the reader never appears. So the pcscd started here
reads its own reader.conf.d, with vpcd on the default ports when they are free and on another free
pair when they are not; ``port_of`` reads the port of whichever pcscd is running.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from cardreader_service.closing import stop_process
from cardreader_service.errors import CardServiceError, ReaderError

VPCD_DRIVER_GLOB = "usr/lib/pcsc/drivers/serial/libifdvpcd.so*"
VPCD_READER = "Virtual PCD 00 00"
VPCD_PORT = 35963  # slot 00; slot n listens on VPCD_PORT + n
VPCD_SLOTS = 2
SYSTEM_CONFIG = Path("/etc/reader.conf.d")
_DEVICE_PORT = re.compile(r"^\s*DEVICENAME\s+\S*?:(0[xX][0-9a-fA-F]+|\d+)\s*$", re.MULTILINE)
_SLOT = re.compile(r" \d\d (\d\d)$")


class PcscdError(CardServiceError, RuntimeError):
    """pcscd could not be started, or did not list the vpcd reader in time."""

    code = "pcscd_unavailable"
    sentence = "The PC/SC service (pcscd) could not be started with the virtual reader."


def missing_pcsc() -> str | None:
    """Why the real PC/SC stack cannot run here, or None when pyscard, pcscd and vpcd are all in."""
    try:
        import smartcard  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return "pyscard is not installed (apt-get install libpcsclite-dev swig; make install)"
    if shutil.which("pcscd") is None:
        return "pcscd is not installed (apt-get install pcscd)"
    if _driver() is None:
        return "vsmartcard-vpcd is not installed (apt-get install vsmartcard-vpcd)"
    return None


def _driver() -> Path | None:
    found = sorted(Path("/").glob(VPCD_DRIVER_GLOB))
    return found[0] if found else None


def port_free(port: int) -> bool:
    """Whether vpcd could listen on ``port`` now (it binds with SO_REUSEADDR, as this does)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("", port))
        except OSError:
            return False
    return True


def free_base_port(preferred: int = VPCD_PORT) -> int:
    """``preferred`` when all of vpcd's slot ports from it are free, else a free run elsewhere."""
    if all(port_free(preferred + slot) for slot in range(VPCD_SLOTS)):
        return preferred
    for _ in range(50):
        with socket.socket() as probe:  # the kernel's pick of a free port, then its neighbours
            probe.bind(("127.0.0.1", 0))
            base: int = probe.getsockname()[1]
        if base + VPCD_SLOTS <= 65535 and all(port_free(base + slot) for slot in range(VPCD_SLOTS)):
            return base
    raise PcscdError(detail="no free pair of TCP ports for vpcd's slots")


def slot_of(reader: str) -> int:
    """The vpcd slot a reader name stands for: "Virtual PCD 00 01" is slot 1."""
    match = _SLOT.search(reader)
    return int(match.group(1)) if match else 0


def _config_of_running_pcscd() -> Path:
    """The reader.conf.d the running pcscd read (its ``--config``), else the system's."""
    for comm in Path("/proc").glob("[0-9]*/comm"):
        with contextlib.suppress(OSError):
            if comm.read_text().strip() != "pcscd":
                continue
            argv = (comm.parent / "cmdline").read_bytes().decode(errors="replace").split("\0")
            for i, arg in enumerate(argv):
                if arg in ("-c", "--config") and i + 1 < len(argv):
                    return Path(argv[i + 1])
                if arg.startswith("--config="):
                    return Path(arg.split("=", 1)[1])
            return SYSTEM_CONFIG
    return SYSTEM_CONFIG


def configured_base_port(config: Path) -> int:
    """vpcd's slot-00 port in a reader.conf.d (a directory or one file); vpcd's default if none."""
    files = sorted(config.iterdir()) if config.is_dir() else [config]
    for path in files:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            text = path.read_text()
            if "libifdvpcd" in text and (match := _DEVICE_PORT.search(text)):
                return int(match.group(1), 0)
    return VPCD_PORT


def port_of(reader: str = VPCD_READER) -> int:
    """The TCP port an emulated card connects to for ``reader`` on the pcscd running now."""
    return configured_base_port(_config_of_running_pcscd()) + slot_of(reader)


def reader_listed(name: str = VPCD_READER) -> bool:
    from cardreader_service.reader import PcscReader

    reader = PcscReader(name)
    try:
        reader.reader_name()
        return True
    except ReaderError:
        return False
    finally:
        reader.close()


class Pcscd:
    """The pcscd serving the vpcd reader; ``process`` is None when it was already running.

    ``port`` is where an emulated card for ``reader`` connects, whoever started pcscd."""

    def __init__(self, reader: str = VPCD_READER) -> None:
        self.reader = reader
        self.process: subprocess.Popen[bytes] | None = None
        self.base_port: int | None = None
        self._config: tempfile.TemporaryDirectory[str] | None = None
        self._log: Path | None = None

    @property
    def port(self) -> int:
        if self.base_port is not None:
            return self.base_port + slot_of(self.reader)
        return port_of(self.reader)

    def ensure(self) -> Pcscd:
        """Start pcscd unless one already lists the reader (then leave that one alone)."""
        if not reader_listed(self.reader):
            self.start()
        return self

    def _write_config(self, base: int) -> Path:
        driver = _driver()
        if driver is None:
            raise PcscdError(detail="the vpcd driver (libifdvpcd.so) is not installed")
        if self._config is None:
            self._config = tempfile.TemporaryDirectory(prefix="pcscd-vpcd-")
        folder = Path(self._config.name)
        (folder / "vpcd").write_text(
            f'FRIENDLYNAME "Virtual PCD"\nDEVICENAME   /dev/null:0x{base:X}\n'
            f"LIBPATH      {driver}\nCHANNELID    0x{base:X}\n"
        )
        return folder

    def start(self, timeout: float = 10.0) -> None:
        """Start pcscd with vpcd on free ports (the same ones again after a ``stop``)."""
        if self.base_port is None:
            self.base_port = free_base_port()
        folder = self._write_config(self.base_port)
        self._log = folder / "pcscd.log"
        with self._log.open("wb") as log:
            self.process = subprocess.Popen(
                [shutil.which("pcscd") or "pcscd", "--foreground", "--config", str(folder)],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while not reader_listed(self.reader):
            if self.process.poll() is not None:
                raise PcscdError(
                    "The PC/SC service (pcscd) stopped as soon as it started.",
                    f"pcscd exited with {self.process.returncode}: {self._log_tail()}",
                )
            if time.monotonic() > deadline:
                busy = [
                    self.base_port + slot
                    for slot in range(VPCD_SLOTS)
                    if not port_free(self.base_port + slot)
                ]
                raise PcscdError(
                    f"The PC/SC service did not list the virtual reader within {timeout:.0f} s.",
                    f"pcscd did not list {self.reader!r} within {timeout:.0f} s "
                    f"(vpcd on port {self.base_port}; ports in use: {busy}): {self._log_tail()}",
                )
            time.sleep(0.05)

    def _log_tail(self) -> str:
        with contextlib.suppress(OSError):
            if self._log is not None:
                return self._log.read_bytes()[-500:].decode(errors="replace")
        return ""

    def stop(self) -> None:
        process, self.process = self.process, None
        stop_process(process)

    def close(self) -> None:
        """Stop pcscd if it was started here and remove its configuration."""
        self.stop()
        config, self._config = self._config, None
        if config is not None:
            config.cleanup()

    @property
    def started_here(self) -> bool:
        return self.process is not None

    def restart(self) -> None:
        self.stop()
        self.start()
