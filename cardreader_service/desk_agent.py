"""The ticket office's desk agent: issuing on the counter's USB reader, for the admin page.

A browser cannot reach a PC/SC reader, so this small HTTP server runs on the counter PC, bound to
127.0.0.1 only, and the Wagtail admin's ticket-office page drives it with ``fetch``:

* ``GET /v1/status``: the agent and its reader;
* ``POST /v1/personalise`` ``{"card_number": "…", "issued_on": YYYYMMDD}``: wait for a blank card
  on the reader, personalise it as that card number and verify it with the gate's own tap;
  answers the UID and key version the CMS registers.

Every request must come from the one configured admin origin (``Origin``, checked exactly, and
``Host`` must be the loopback address, against DNS rebinding) and carry the pairing token the admin
showed once (``Authorization: Bearer …``, compared in constant time with the stored one's hash).
CORS headers are sent only to that origin. Bodies are bounded; one card operation runs at a time.

Master keys stay on this PC (key files, as the gate daemon's and ``issue_card --reader``'s): the
page never sends keys and the agent never answers with them (docs/cards.md, "The desk agent").
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cardreader_service import __version__
from cardreader_service.card import Transport
from cardreader_service.errors import CardServiceError, ReaderError
from cardreader_service.keys import MasterKeyStore
from cardreader_service.personalise import personalise_card
from cardreader_service.profile import DEFAULT_PICC_KEY, CardInfo

log = logging.getLogger("cardreader_service.desk_agent")

DEFAULT_PORT = 8765
MAX_BODY = 2048  # the largest request is a card number and a date
MAX_WAIT = 60.0  # seconds a personalisation may wait for the card
_DIGITS = re.compile(r"^[0-9]{1,19}$")

# Opens the reader's next card (waiting up to ``timeout`` seconds) as a ``with`` block.
CardSource = Callable[[float], AbstractContextManager[Transport]]


class DeskAgentError(CardServiceError):
    """A request the agent refuses; ``status`` is the HTTP status, ``str()`` the one line."""

    code = "desk_request_refused"

    def __init__(self, status: int, code: str, message: str, detail: str = "") -> None:
        super().__init__(message, detail)
        self.status = status
        self.code = code


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def store_token(path: Path, token: str) -> None:
    """Keep the pairing token the admin showed, readable by this user only."""
    token = token.strip()
    if len(token) < 20 or not token.isascii() or any(c.isspace() for c in token):
        raise DeskAgentError(400, "bad_token", "That is not a pairing token: copy it again.")
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(token + "\n")


def load_token(path: Path) -> str:
    try:
        token = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        token = ""
    if not token:
        raise DeskAgentError(
            500, "not_paired", f"no pairing token in {path}: run 'desk-pair' first"
        )
    return token


@dataclass(frozen=True)
class DeskConfig:
    origin: str  # the admin's origin, e.g. https://cms.example (scheme://host[:port])
    token: str
    keys: MasterKeyStore  # gate masters: key 1
    issuer_keys: MasterKeyStore  # issuer masters: keys 0 and 2
    issuer_id: int = 1
    picc_key: bytes = DEFAULT_PICC_KEY
    reader_name: str = ""


class DeskAgent:
    """The agent's logic, apart from HTTP, so it is tested without a socket too."""

    def __init__(self, config: DeskConfig, cards: CardSource) -> None:
        self.config = config
        self.cards = cards
        self._token_hash = hash_token(config.token)
        self._busy = threading.Lock()

    def check(self, origin: str | None, authorization: str | None) -> None:
        if origin != self.config.origin:
            raise DeskAgentError(403, "bad_origin", "Requests come only from the paired admin.")
        scheme, _, token = (authorization or "").partition(" ")
        offered = hash_token(token.strip()) if scheme.lower() == "bearer" else ""
        if not hmac.compare_digest(offered, self._token_hash):
            raise DeskAgentError(
                401, "bad_token", "The desk agent is paired with another token: pair it again."
            )

    def status(self) -> dict[str, Any]:
        return {
            "agent": "heritage-desk",
            "version": __version__,
            "reader": self.config.reader_name,
            "busy": self._busy.locked(),
            "key_versions": list(self.config.keys.versions),
        }

    def personalise(self, body: dict[str, Any]) -> dict[str, Any]:
        number = body.get("card_number")
        issued_on = body.get("issued_on")
        wait = body.get("wait", 30)
        if not isinstance(number, str) or not _DIGITS.match(number) or int(number) >= 1 << 64:
            raise DeskAgentError(400, "bad_request", "card_number must be a string of digits.")
        if not isinstance(issued_on, int) or not 19_700_101 <= issued_on <= 29_991_231:
            raise DeskAgentError(400, "bad_request", "issued_on must be a date as YYYYMMDD.")
        if not isinstance(wait, int | float) or not 0 < wait <= MAX_WAIT:
            raise DeskAgentError(400, "bad_request", f"wait is 1 to {MAX_WAIT:.0f} seconds.")
        info = CardInfo(
            card_number=int(number), issuer_id=self.config.issuer_id, issued_on=issued_on
        )
        if not self._busy.acquire(blocking=False):
            raise DeskAgentError(409, "busy", "The reader is busy with another card: wait.")
        try:
            with self.cards(float(wait)) as link:
                result = personalise_card(
                    link,
                    self.config.keys,
                    self.config.issuer_keys,
                    info,
                    picc_key=self.config.picc_key,
                )
        except ReaderError as error:
            raise DeskAgentError(
                504 if error.code == "no_card_in_time" else 503,
                error.code,
                str(error),
                error.detail,
            ) from None
        except CardServiceError as error:
            raise DeskAgentError(409, error.code, str(error), error.detail) from None
        finally:
            self._busy.release()
        log.info("personalised card %s (%d APDUs)", number, result.apdus)
        return {
            "card_number": number,
            "uid": result.uid.hex().upper(),
            "key_version": result.key_version,
            "already": result.already,
            "apdus": result.apdus,
        }


class _Handler(BaseHTTPRequestHandler):
    server: DeskServer
    protocol_version = "HTTP/1.1"
    server_version = "heritage-desk"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def _cors(self) -> None:
        origin = self.headers.get("Origin")
        if origin == self.server.agent.config.origin:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Vary", "Origin")

    def _answer(self, status: int, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self._cors()
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _host_ok(self) -> bool:
        port = self.server.server_address[1]
        return self.headers.get("Host") in {f"127.0.0.1:{port}", f"localhost:{port}"}

    def do_OPTIONS(self) -> None:
        """The CORS preflight: only the paired origin is told it may send its token."""
        if not self._host_ok() or self.headers.get("Origin") != self.server.agent.config.origin:
            self._answer(403, {"code": "bad_origin", "error": "Not the paired admin."})
            return
        self.send_response(204)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", "GET, POST")
        self.send_header("Access-Control-Allow-Headers", "Authorization, Content-Type")
        self.send_header("Access-Control-Allow-Private-Network", "true")
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def _serve(self, method: str) -> None:
        agent = self.server.agent
        try:
            if not self._host_ok():
                raise DeskAgentError(403, "bad_host", "Address the agent as 127.0.0.1.")
            agent.check(self.headers.get("Origin"), self.headers.get("Authorization"))
            body = self._body() if method == "POST" else {}
            if (method, self.path) == ("GET", "/v1/status"):
                self._answer(200, agent.status())
            elif (method, self.path) == ("POST", "/v1/personalise"):
                self._answer(200, agent.personalise(body))
            else:
                raise DeskAgentError(404, "not_found", "No such operation.")
        except DeskAgentError as error:
            self.close_connection = True
            self._answer(error.status, {"code": error.code, "error": str(error)})

    def _body(self) -> dict[str, Any]:
        raw_length = self.headers.get("Content-Length")
        if raw_length is None or not raw_length.isdigit():
            raise DeskAgentError(411, "length_required", "Send a Content-Length.")
        length = int(raw_length)
        if length > MAX_BODY:
            raise DeskAgentError(413, "too_large", f"Bodies are at most {MAX_BODY} bytes.")
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise DeskAgentError(400, "bad_json", "The body is not JSON.") from None
        if not isinstance(body, dict):
            raise DeskAgentError(400, "bad_json", "The body is a JSON object.")
        return body


class DeskServer(ThreadingHTTPServer):
    """The agent on 127.0.0.1 (never another address); ``port`` 0 picks a free one."""

    daemon_threads = True

    def __init__(self, agent: DeskAgent, port: int = DEFAULT_PORT) -> None:
        self.agent = agent
        super().__init__(("127.0.0.1", port), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


def pcsc_cards(reader_name: str) -> CardSource:
    """Cards from the PC/SC reader whose name starts with ``reader_name`` (needs pyscard)."""
    from cardreader_service.reader import PcscReader

    reader = PcscReader(reader_name)

    @contextlib.contextmanager
    def next_card(timeout: float) -> Iterator[Transport]:
        with reader.wait_for_card(timeout=timeout) as link:
            yield link

    return next_card
