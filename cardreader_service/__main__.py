"""``python -m cardreader_service``: see ``cli``."""

import sys

from cardreader_service.cli import main

sys.exit(main())
