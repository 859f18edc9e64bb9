"""What the visitor and the operator see: the reader's LED and buzzer, and the screen message.

ACR122U readers take a PC/SC pseudo-APDU ``FF 00 40 P2 04 T1 T2 reps buzzer`` (LED and buzzer
control, ACR122U API §6.2) sent while the card is connected; other readers have no such command,
so only the operator's screen message is given (a structured log line the screen reads).
"""

from __future__ import annotations

import logging

from cardreader_service.card import Transport
from cardreader_service.decision import Decision
from cardreader_service.errors import CardError

log = logging.getLogger("cardreader_service.screen")

# P2 bits: 0 final red, 1 final green, 2 red mask, 3 green mask, 4 initial red blink,
# 5 initial green blink, 6 red blink mask, 7 green blink mask. T1/T2 in units of 100 ms.
# Buzzer: 0 off, 1 during T1, 2 during T2, 3 both.
GREEN_APDU = bytes.fromhex("FF0040AE0401010101")  # green blink once, short beep
RED_APDU = bytes.fromhex("FF00405D0402010301")  # red blinks three times, beeps


def feedback_apdu(entered: bool) -> bytes:
    return GREEN_APDU if entered else RED_APDU


def has_led_control(reader_name: str) -> bool:
    return "ACR122" in reader_name.upper()


class Feedback:
    """Per reader: LED/buzzer where the reader has them; the screen message always."""

    def __init__(self, reader_name: str) -> None:
        self.reader_name = reader_name
        self.leds = has_led_control(reader_name)

    def show(
        self, decision: Decision, transport: Transport | None, sequence: int | None = None
    ) -> None:
        """``sequence``: the journal row this feedback stands for (None: nothing journaled)."""
        log.info(
            "screen",
            extra={
                "fields": {
                    "sequence": sequence,
                    "decision": decision.outcome,
                    "reason": decision.reason,
                    "message": decision.message,
                    "card_number": decision.card_number,
                }
            },
        )
        if not self.leds or transport is None:
            return
        try:
            answer = transport.transmit(feedback_apdu(decision.entered))
        except CardError:
            return  # the card left: the screen message is enough
        if answer[-2:] != b"\x90\x00":
            log.warning("reader_feedback_refused", extra={"fields": {"answer": answer.hex()}})
