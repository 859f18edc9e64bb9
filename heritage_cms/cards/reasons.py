"""The gates' refusal codes (``cardreader_service.decision.REASONS``) named for staff.

Gates report a code with each refused tap; the gate's own sentence is English for its operator
screen, so the admin names the code here, in the staff member's language."""

from django.utils.translation import gettext_lazy as _

REFUSAL_REASONS = {
    "forged_card": _("Forged card"),
    "cloned_card": _("Cloned card"),
    "not_our_card": _("Not a heritage card"),
    "card_removed": _("Card removed too soon"),
    "bad_mac": _("Card answer did not verify"),
    "unknown_key_version": _("Unknown key version"),
    "protocol_error": _("Card protocol error"),
    "no_snapshot": _("Gate had no card data"),
    "unknown_card": _("Card not in the gate's list"),
    "card_blocked": _("Card blocked"),
    "site_closed": _("Monument closed"),
    "passback": _("Anti-passback: entered a moment ago"),
    "site_full": _("Monument full"),
    "no_valid_product": _("No valid ticket"),
    "insufficient_balance": _("Balance too low"),
    "out_of_service": _("Gate out of service"),
}
