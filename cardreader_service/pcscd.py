"""Starting pcscd with the vsmartcard vpcd reader for tests, the benchmark and a developer's bench.

One place knows how to find the driver and wait for the reader, so the test fixtures, the
end-to-end test and ``benchmarks/gate_tap`` start (and stop) pcscd the same way.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from cardreader_service.closing import stop_process
from cardreader_service.errors import CardServiceError, ReaderError

VPCD_DRIVER_GLOB = "usr/lib/pcsc/drivers/serial/libifdvpcd.so*"
VPCD_READER = "Virtual PCD 00 00"


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
    if not list(Path("/").glob(VPCD_DRIVER_GLOB)):
        return "vsmartcard-vpcd is not installed (apt-get install vsmartcard-vpcd)"
    return None


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
    """The pcscd serving the vpcd reader; ``process`` is None when it was already running."""

    def __init__(self, reader: str = VPCD_READER) -> None:
        self.reader = reader
        self.process: subprocess.Popen[bytes] | None = None

    def ensure(self) -> Pcscd:
        """Start pcscd unless one already lists the reader (then leave that one alone)."""
        if not reader_listed(self.reader):
            self.start()
        return self

    def start(self, timeout: float = 10.0) -> None:
        self.process = subprocess.Popen(
            [shutil.which("pcscd") or "pcscd", "--foreground"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout
        while not reader_listed(self.reader):
            if self.process.poll() is not None:
                stderr = self.process.stderr.read().decode() if self.process.stderr else ""
                raise PcscdError(
                    "The PC/SC service (pcscd) stopped as soon as it started.",
                    f"pcscd exited with {self.process.returncode}: {stderr[-500:]}",
                )
            if time.monotonic() > deadline:
                raise PcscdError(
                    f"The PC/SC service did not list the virtual reader within {timeout:.0f} s.",
                    f"pcscd did not list {self.reader!r} within {timeout:.0f} s",
                )
            time.sleep(0.05)

    def stop(self) -> None:
        process, self.process = self.process, None
        stop_process(process)

    @property
    def started_here(self) -> bool:
        return self.process is not None

    def restart(self) -> None:
        self.stop()
        self.start()
