"""The gate daemon: NFC reader via PC/SC and QR scanner, card authentication and e-ticket
verification, offline decision, journal, sync.

Runs at a monument gate and talks to the CMS only over HTTP with its device token; never imports
Django. Everything a caller outside the package needs is named here (``__all__``); the modules
behind it may change. Every failure is a ``CardServiceError`` with a ``code``.

``PcscReader`` needs pyscard (the ``cards`` extra): it is imported when first asked for, so the
rest of the package works on a machine without PC/SC.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.2.0"

# After __version__: sync.py reads it for its User-Agent.
from cardreader_service.card import CardRead, Transport, read_uid, tap
from cardreader_service.clock import GateClock
from cardreader_service.daemon import Gate
from cardreader_service.decision import Decision, decide, decide_ticket
from cardreader_service.emulator import VpcdEmulator
from cardreader_service.errors import (
    CardError,
    CardServiceError,
    KeyStoreError,
    NoCardInTime,
    ReaderError,
)
from cardreader_service.feedback import Feedback
from cardreader_service.journal import Journal, JournalEntry, JournalError
from cardreader_service.keys import DEFAULT_ENV_VAR, MasterKey, MasterKeyStore
from cardreader_service.pcscd import (
    VPCD_PORT,
    VPCD_READER,
    Pcscd,
    PcscdError,
    missing_pcsc,
    port_of,
)
from cardreader_service.personalise import (
    PersonalisationError,
    Personalised,
    personalise_card,
)
from cardreader_service.profile import DEFAULT_PICC_KEY, CardInfo
from cardreader_service.scanner import LineAssembler, Scan, Scanner, ScannerError, open_source
from cardreader_service.snapshot import SnapshotError, SnapshotStore
from cardreader_service.sync import (
    MAX_BATCH,
    SINCE_OVERLAP,
    ApiError,
    Backoff,
    GateApi,
    Sync,
    SyncSettings,
)
from cardreader_service.ticket import Ticket, TicketError, read_ticket, ticket_verifies
from cardreader_service.virtual_card import (
    DirectLink,
    VirtualCard,
    make_card,
    random_uid,
)
from cardreader_service.virtual_card import (
    personalise as personalise_virtual_card,
)

__all__ = [
    "DEFAULT_ENV_VAR",
    "DEFAULT_PICC_KEY",
    "MAX_BATCH",
    "SINCE_OVERLAP",
    "VPCD_PORT",
    "VPCD_READER",
    "ApiError",
    "Backoff",
    "CardError",
    "CardInfo",
    "CardRead",
    "CardServiceError",
    "Decision",
    "DirectLink",
    "Feedback",
    "Gate",
    "GateApi",
    "GateClock",
    "Journal",
    "JournalEntry",
    "JournalError",
    "KeyStoreError",
    "LineAssembler",
    "MasterKey",
    "MasterKeyStore",
    "NoCardInTime",
    "PcscReader",
    "Pcscd",
    "PcscdError",
    "PersonalisationError",
    "Personalised",
    "ReaderError",
    "Scan",
    "Scanner",
    "ScannerError",
    "SnapshotError",
    "SnapshotStore",
    "Sync",
    "SyncSettings",
    "Ticket",
    "TicketError",
    "Transport",
    "VirtualCard",
    "VpcdEmulator",
    "__version__",
    "decide",
    "decide_ticket",
    "make_card",
    "missing_pcsc",
    "open_source",
    "personalise_card",
    "personalise_virtual_card",
    "port_of",
    "random_uid",
    "read_ticket",
    "read_uid",
    "tap",
    "ticket_verifies",
]


def __getattr__(name: str) -> Any:
    """``PcscReader`` on first use: importing it needs pyscard, which only card readers have."""
    if name == "PcscReader":
        from cardreader_service.reader import PcscReader

        return PcscReader
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
