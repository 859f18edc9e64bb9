"""``python -m audio_guides``."""

import sys

from audio_guides.cli import main

sys.exit(main())
