"""Allow `python -m assets_pipeline`."""

from .cli import main

raise SystemExit(main())
