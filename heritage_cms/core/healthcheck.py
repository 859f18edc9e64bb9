"""The container's health check: ``python -m heritage_cms.core.healthcheck`` exits 0 when gunicorn
answers ``/healthz`` with 200.

It calls gunicorn directly over HTTP, past the TLS proxy, so it names one of ALLOWED_HOSTS as
its Host (the production settings refuse any other) and relies on ``/healthz`` being exempt from
the HTTPS redirect (``SECURE_REDIRECT_EXEMPT``). It does not import Django: it runs every 30 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import urllib.error
import urllib.request

DEFAULT_URL = "http://127.0.0.1:8000/healthz"


def host_header(allowed_hosts: str) -> str:
    """A host name ALLOWED_HOSTS accepts: its first entry, with a leading-dot wildcard dropped."""
    first = next((h.strip() for h in allowed_hosts.split(",") if h.strip()), "localhost")
    return "localhost" if first == "*" else first.lstrip(".")


def check(url: str, host: str, timeout: float = 5.0) -> str | None:
    """None when healthy, otherwise why not in one line."""
    request = urllib.request.Request(url, headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except (OSError, ValueError) as error:
        return f"{url} did not answer: {error}"
    return None if status == 200 else f"{url} answered {status}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect (to HTTPS, say) is a failed check, not something to follow."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=DEFAULT_URL)
    args = parser.parse_args(argv)
    urllib.request.install_opener(urllib.request.build_opener(_NoRedirect))
    problem = check(args.url, host_header(os.environ.get("ALLOWED_HOSTS", "")))
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
