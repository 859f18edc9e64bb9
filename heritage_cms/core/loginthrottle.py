"""The address django-axes counts admin login attempts against.

Axes stores it in an IP address column: ``client_ip()`` answers "unknown" when the socket has no
address (a unix-socket gunicorn, the test client's force_login), which PostgreSQL refuses, so
such a request is counted under no address instead of failing the login.
"""

import ipaddress

from .clientip import client_ip


def axes_client_ip(request) -> str | None:
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
