"""The licences a record can carry, with the URL open-data consumers need to check reuse."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Licence:
    key: str
    label: str | Promise  # lazy where translated, so it follows the visitor's language
    url: str
    open: bool  # may the record be republished freely (with attribution where required)?


LICENCES = {
    licence.key: licence
    for licence in [
        Licence("cc0-1.0", "CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/", True),
        Licence("cc-by-4.0", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/", True),
        Licence(
            "cc-by-sa-4.0", "CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/", True
        ),
        Licence(
            "cc-by-nc-4.0", "CC BY-NC 4.0", "https://creativecommons.org/licenses/by-nc/4.0/", False
        ),
        Licence(
            "public-domain-mark",
            "Public Domain Mark 1.0",
            "https://creativecommons.org/publicdomain/mark/1.0/",
            True,
        ),
        Licence("all-rights-reserved", _("All rights reserved"), "", False),
    ]
}

LICENCE_CHOICES = [(licence.key, licence.label) for licence in LICENCES.values()]
DEFAULT_LICENCE = "cc-by-4.0"
