"""What the benchmarks and the production smoke (.ci/production_smoke.py) both need to run the
CMS on loopback: a free port, and the production settings' writable directories.

Standard library only: the smoke imports it before any virtual environment exists.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (the kernel's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def writable_dirs(work: Path) -> dict[str, str]:
    """The production settings' directories, all under ``work``, and audio guides spoken by
    espeak-ng alone: a measurement or a smoke run never waits on a network voice."""
    return {
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "PRIVATE_MEDIA_ROOT": str(work / "private-media"),
        "AUDIO_GUIDES_CACHE_DIR": str(work / "audio-cache"),
        "ASSETS_PIPELINE_WORK_DIR": str(work / "asset-work"),
        "AUDIO_GUIDES_CONFIG": json.dumps({"DEFAULT": {"CLASS": "espeak"}, "FALLBACK": None}),
    }
