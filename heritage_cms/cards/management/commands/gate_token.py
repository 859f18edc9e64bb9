from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from heritage_cms.cards.issuing import rotate_gate_token
from heritage_cms.cards.models import Gate
from heritage_cms.core.money import VND
from heritage_cms.sites.models import Site


class Command(BaseCommand):
    help = (
        "Create a gate (with --site) or rotate an existing gate's device token; prints the token "
        "once, for the gate's configuration. Only its hash is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--site", help="Site code, to create the gate.")
        parser.add_argument("--fare", type=int, default=0, help="Fare per entry in đồng.")

    def handle(self, *args, name, site, fare, **options):
        gate = Gate.objects.filter(name=name).first()
        if gate is None:
            if not site:
                raise CommandError(f"No gate named {name!r}: give --site to create it.")
            gate = Gate(name=name, site=_site(site), fare=VND(fare))
            token = gate.issue_token()
            gate.save()
        else:
            token = rotate_gate_token(gate)
        self.stdout.write(f"Device token for {gate}: {token}")
        self.stdout.write("Store it in the gate's key file now; it cannot be shown again.")


def _site(code: str) -> Site:
    """The monument with this code, added when the gate is its first (as gates always could)."""
    site = Site.objects.filter(code=code).first()
    if site is None:
        site = Site(code=code)
        try:
            site.full_clean()
        except ValidationError as error:
            raise CommandError(f"--site {code!r}: {' '.join(error.messages)}") from None
        site.save()
    return site
