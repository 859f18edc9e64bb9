"""PC/SC access through pyscard's thin ``scard`` layer: find a reader, wait for cards, transmit.

The raw layer is used rather than CardMonitor so waits are event-driven (SCardGetStatusChange)
with explicit timeouts, and every PC/SC failure mid-tap maps to one reason: ``card_removed``.
"""

from __future__ import annotations

import time
from typing import Any

from smartcard import scard  # type: ignore[import-untyped]

from cardreader_service.closing import ClosesOnExit
from cardreader_service.errors import CardError, NoCardInTime, ReaderError

__all__ = ["CardLink", "PcscReader", "ReaderError"]

_POLL_MS = 250  # slice of each blocking wait, so a pcscd restart is noticed promptly


def _message(hresult: int) -> str:
    return str(scard.SCardGetErrorMessage(hresult)).strip()


class CardLink(ClosesOnExit):
    """One connected card; a ``Transport`` for ``card.tap``. Disconnect powers the card down."""

    def __init__(self, hcard: Any, protocol: int, reader: str) -> None:
        self._hcard = hcard
        self._protocol = protocol
        self.reader = reader

    def transmit(self, apdu: bytes) -> bytes:
        if self._hcard is None:
            raise CardError("card_removed", "link already closed")
        hresult, answer = scard.SCardTransmit(self._hcard, self._protocol, list(apdu))
        if hresult != scard.SCARD_S_SUCCESS:
            raise CardError("card_removed", _message(hresult))
        if len(answer) < 2:
            # vpcd reports a vanished card as a successful transmit with no status word at all.
            raise CardError("card_removed", "no status word from the card")
        return bytes(answer)

    def close(self) -> None:
        hcard, self._hcard = self._hcard, None
        if hcard is not None:
            scard.SCardDisconnect(hcard, scard.SCARD_UNPOWER_CARD)


class PcscReader(ClosesOnExit):
    """A reader chosen by name prefix (e.g. "Virtual PCD 00 00" or "ACS ACR122U")."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._context: Any = None
        # pcscd's event counter (high word of the reader state) when we last saw a card.
        self._present_count = 0

    def _ensure_context(self) -> Any:
        if self._context is None:
            hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if hresult != scard.SCARD_S_SUCCESS:
                raise ReaderError(
                    "The PC/SC service (pcscd) is not running: the card reader cannot be used.",
                    f"SCardEstablishContext: {_message(hresult)}",
                )
            self._context = context
        return self._context

    def _drop_context(self) -> None:
        context, self._context = self._context, None
        if context is not None:
            scard.SCardReleaseContext(context)

    def close(self) -> None:
        self._drop_context()

    def reader_name(self) -> str:
        """The full PC/SC name of the first reader whose name starts with ``self.name``."""
        context = self._ensure_context()
        hresult, readers = scard.SCardListReaders(context, [])
        if hresult == scard.SCARD_E_NO_READERS_AVAILABLE:
            readers = []
        elif hresult != scard.SCARD_S_SUCCESS:
            self._drop_context()
            raise ReaderError(
                "The PC/SC service cannot list the card readers.",
                f"SCardListReaders: {_message(hresult)}",
            )
        for reader in readers:
            if str(reader).startswith(self.name):
                return str(reader)
        raise ReaderError(
            f"No card reader whose name starts with {self.name} is connected.",
            f"wanted {self.name!r}, have {list(readers)}",
        )

    def _state(self, known: int) -> tuple[str, int] | None:
        """One bounded SCardGetStatusChange; None on timeout or a PC/SC service hiccup."""
        reader = self.reader_name()
        hresult, states = scard.SCardGetStatusChange(
            self._ensure_context(), _POLL_MS, [(reader, known)]
        )
        if hresult == scard.SCARD_S_SUCCESS:
            return reader, int(states[0][1])
        if hresult != scard.SCARD_E_TIMEOUT:
            # pcscd restarted or the reader went away: start over with a fresh context.
            self._drop_context()
        return None

    def _wait_state(self, want_present: bool, timeout: float) -> tuple[str, int]:
        deadline = time.monotonic() + timeout
        known = scard.SCARD_STATE_UNAWARE
        while True:
            try:
                observed = self._state(known)
            except ReaderError:
                # No pcscd or no such reader (unplugged, or pcscd restarting): keep trying.
                if time.monotonic() >= deadline:
                    raise
                self._drop_context()
                known = scard.SCARD_STATE_UNAWARE
                time.sleep(_POLL_MS / 1000)
                continue
            if observed is not None:
                reader, event = observed
                present = bool(event & scard.SCARD_STATE_PRESENT)
                mute = bool(event & scard.SCARD_STATE_MUTE)
                count = event >> 16 & 0xFFFF
                if want_present:
                    if present and not mute:
                        self._present_count = count
                        return reader, event
                # Empty counts only once pcscd's own poll has seen the removal (its event
                # counter moved): after a failed power-down pcscd shows EMPTY early, and a card
                # inserted before that poll would never raise an insertion event.
                elif not present and (count == 0 or count != self._present_count):
                    return reader, event
                known = event & ~scard.SCARD_STATE_CHANGED
            else:
                known = scard.SCARD_STATE_UNAWARE if self._context is None else known
            if time.monotonic() >= deadline:
                state = "present" if want_present else "removed"
                raise NoCardInTime(
                    f"No card was {state} within {timeout:.1f} s.",
                    f"reader {self.name!r}, waited {timeout:.1f} s for {state}",
                )

    def wait_for_card(self, timeout: float = 5.0) -> CardLink:
        """Block until a card is in the field and connected (pcscd sees it 0.2-0.6 s late)."""
        deadline = time.monotonic() + timeout
        while True:
            reader, _ = self._wait_state(True, max(0.0, deadline - time.monotonic()))
            hresult, hcard, protocol = scard.SCardConnect(
                self._ensure_context(),
                reader,
                scard.SCARD_SHARE_SHARED,
                scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
            )
            if hresult == scard.SCARD_S_SUCCESS:
                return CardLink(hcard, protocol, reader)
            # The card left between the event and the connect: wait for the next one.
            if time.monotonic() >= deadline:
                raise ReaderError(
                    "The reader could not connect to the card: present it again.",
                    f"SCardConnect on {reader!r}: {_message(hresult)}",
                )

    def wait_for_removal(self, timeout: float = 5.0) -> None:
        """Block until the field is empty, so the next tap is a new card."""
        self._wait_state(False, timeout)
