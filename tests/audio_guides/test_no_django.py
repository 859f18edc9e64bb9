"""The library must stay importable (and usable) without Django."""

from __future__ import annotations

import subprocess
import sys


def test_library_never_imports_django() -> None:
    code = (
        "import sys, audio_guides, audio_guides.cli, audio_guides.engines.espeak, "
        "audio_guides.engines.google; "
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
