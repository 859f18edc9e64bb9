"""Independent measurement of delivered files (not the pipeline's own figures)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any


def loudness(path: Path) -> dict[str, float]:
    """ffmpeg loudnorm's analysis of the file as a player decodes it."""
    proc = subprocess.run(
        [
            "ffmpeg",
            "-hide_banner",
            "-nostats",
            "-i",
            str(path),
            "-af",
            "loudnorm=I=-16:TP=-1:print_format=json",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    err = proc.stderr
    data = json.loads(err[err.rfind("{") : err.rfind("}") + 1])
    return {"i": float(data["input_i"]), "tp": float(data["input_tp"])}


def probe(path: Path) -> dict[str, Any]:
    proc = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_streams",
            "-show_format",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    data: dict[str, Any] = json.loads(proc.stdout)
    return data
