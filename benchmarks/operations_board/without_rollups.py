"""The production WSGI app with the hourly rollups switched off: the peer that
``benchmarks/operations_board/run.py`` measures the rollups' cost against. Never deployed."""

from heritage_cms.cards import rollups
from heritage_cms.wsgi import application

rollups.add_taps = lambda gate, taps: None  # type: ignore[assignment]

__all__ = ["application"]
