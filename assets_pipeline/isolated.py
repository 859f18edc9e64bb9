"""Running the pipeline in a child process with a hard wall-clock and memory limit.

The in-process time limit is checked between steps, so one runaway step (a decimation of a
50M-face file, a pathological OBJ) could still hold a worker for hours or exhaust its memory.
A child process can be killed at the deadline and capped with RLIMIT_AS; whatever happens to it,
the caller gets an ``AssetError`` with a sentence for the curator and keeps running.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

from .errors import (
    AssetError,
    MemoryLimitError,
    TimeLimitError,
    WorkerCrashError,
    error_for_code,
)
from .options import Options
from .report import AssetReport

log = logging.getLogger(__name__)


def process_isolated(
    source: Path,
    output_root: Path,
    options: Options,
    timeout: float,
    memory_mb: int | None = None,
) -> AssetReport:
    """Like ``process``, in a child killed after ``timeout`` seconds or capped at ``memory_mb``."""
    command = [
        sys.executable,
        "-m",
        "assets_pipeline",
        "process",
        str(source),
        "-o",
        str(output_root),
        "--units",
        options.units,
        "--up",
        options.up_axis,
        "--max-faces",
        str(options.limits.max_faces),
        "--max-seconds",
        str(options.limits.max_seconds),
        "--json",
        "--quiet",
        "--debug",
    ]
    limit = memory_mb * 1024 * 1024 if memory_mb else None

    def cap_memory() -> None:  # runs in the child, before the pipeline is imported
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    child = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=cap_memory,
        start_new_session=True,  # the whole group is killed at the deadline
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        stdout, stderr = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        raise TimeLimitError(
            f"Processing was stopped after {timeout:g} s.",
            "Upload a smaller or decimated scan, or ask an administrator to raise the limit.",
        ) from None
    if child.returncode == 0:
        report_text = stdout.rsplit("\noutputs:", 1)[0]
        return AssetReport.from_dict(json.loads(report_text))
    raise _failure(child.returncode, stderr, memory_mb)


# How Python, C++ extensions and OpenBLAS say an allocation failed under the cap.
_OUT_OF_MEMORY = ("MemoryError", "Cannot allocate memory", "Memory allocation", "bad_alloc")


def _failure(returncode: int, stderr: str, memory_mb: int | None) -> AssetError:
    lines = stderr.strip().splitlines()
    last = lines[-1] if lines else ""
    if len(lines) > 1 or not last.startswith("error ["):
        # The child's details (a traceback with server paths) go to the administrators' log.
        log.warning("pipeline child exited %s:\n%s", returncode, stderr[-20_000:])
    if returncode == 2 and last.startswith("error ["):
        code, _, message = last[len("error [") :].partition("]: ")
        return error_for_code(code, message)
    if any(sign in stderr for sign in _OUT_OF_MEMORY) or returncode == -signal.SIGKILL:
        cap = f" (limit {memory_mb} MB)" if memory_mb else ""
        return MemoryLimitError(
            f"Processing ran out of memory{cap}.",
            "Upload a smaller or decimated scan, or ask an administrator to raise the limit.",
            f"exit status {returncode}: {last[-300:]}",
        )
    return WorkerCrashError(
        f"The processing program stopped unexpectedly (exit status {returncode}).",
        "Try again; if it fails again, send the file to the platform's administrators.",
        f"exit status {returncode}: {last[-300:]}",
    )
