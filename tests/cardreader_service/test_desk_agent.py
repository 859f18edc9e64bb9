"""The ticket office's desk agent: only the paired admin origin with the paired token gets in,
bodies are bounded, a blank card is personalised (in process here; through pcscd + vpcd in
test_desk_agent_pcsc), and the agent never imports Django."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from cardreader_service.card import tap
from cardreader_service.desk_agent import (
    MAX_BODY,
    DeskAgent,
    DeskConfig,
    DeskServer,
    load_token,
    store_token,
)
from cardreader_service.errors import NoCardInTime
from cardreader_service.keys import MasterKeyStore
from cardreader_service.virtual_card import DirectLink, VirtualCard, random_uid

ORIGIN = "https://cms.heritage.example"
TOKEN = "pairing-token-for-the-counter-1234567890"
ISSUER = MasterKeyStore({1: os.urandom(16)})
ROOT = Path(__file__).resolve().parents[2]


class Desk:
    """A blank card (or none) on the counter's reader, as the agent's card source."""

    def __init__(self) -> None:
        self.card: VirtualCard | None = None

    @contextlib.contextmanager
    def next_card(self, timeout: float) -> Iterator[DirectLink]:
        if self.card is None:
            raise NoCardInTime(f"no card present on 'desk' within {timeout:.1f} s")
        yield DirectLink(self.card)


@pytest.fixture
def desk() -> Desk:
    return Desk()


@pytest.fixture
def agent(keys: MasterKeyStore, desk: Desk) -> Iterator[DeskServer]:
    config = DeskConfig(
        origin=ORIGIN, token=TOKEN, keys=keys, issuer_keys=ISSUER, reader_name="desk"
    )
    server = DeskServer(DeskAgent(config, desk.next_card), port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def call(
    server: DeskServer,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], dict]:
    port = server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    sent = {"Origin": ORIGIN, "Authorization": f"Bearer {TOKEN}", **(headers or {})}
    sent = {name: value for name, value in sent.items() if value is not None}
    connection.request(method, path, body=body, headers=sent)
    response = connection.getresponse()
    raw = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), json.loads(raw) if raw else {}


def personalise_body(number: str = "9704180300000042") -> bytes:
    return json.dumps({"card_number": number, "issued_on": 20261207, "wait": 2}).encode()


def test_a_blank_card_is_personalised_and_a_gate_reads_it(
    agent: DeskServer, desk: Desk, keys: MasterKeyStore
) -> None:
    uid = random_uid()
    desk.card = VirtualCard.blank(uid)
    status, headers, answer = call(agent, "POST", "/v1/personalise", personalise_body())
    assert status == 200, answer
    assert answer["uid"] == uid.hex().upper() and answer["key_version"] == keys.current.version
    assert headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "key" not in json.dumps(answer).replace("key_version", "")  # no key ever leaves
    assert tap(DirectLink(desk.card), keys).info.card_number == 9704180300000042
    # A retry (the answer was lost) finds the card already made as that number.
    status, _headers, again = call(agent, "POST", "/v1/personalise", personalise_body())
    assert status == 200 and again["already"] is True
    # Another number on the same card is refused: one chip, one card.
    status, _headers, refused = call(
        agent, "POST", "/v1/personalise", personalise_body("9704180300000043")
    )
    assert (status, refused["code"]) == (409, "already_issued")


def test_no_card_on_the_reader_is_one_clear_line(agent: DeskServer) -> None:
    status, _headers, answer = call(agent, "POST", "/v1/personalise", personalise_body())
    assert (status, answer["code"]) == (504, "no_card_in_time")
    assert "\n" not in answer["error"]


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": None},
        {"Origin": ORIGIN + ".evil.example"},
        {"Origin": "http://cms.heritage.example"},  # scheme counts
    ],
)
def test_another_origin_is_refused_without_cors_headers(
    agent: DeskServer, desk: Desk, headers: dict[str, str]
) -> None:
    desk.card = VirtualCard.blank(random_uid())
    status, answer_headers, answer = call(
        agent, "POST", "/v1/personalise", personalise_body(), headers
    )
    assert (status, answer["code"]) == (403, "bad_origin")
    assert "Access-Control-Allow-Origin" not in answer_headers
    assert not desk.card.applications  # nothing was written
    status, answer_headers, _ = call(agent, "OPTIONS", "/v1/personalise", None, headers)
    assert status == 403 and "Access-Control-Allow-Origin" not in answer_headers


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer ", "Bearer wrong-token-of-some-length-0000000", f"Basic {TOKEN}", TOKEN],
)
def test_a_missing_or_wrong_token_is_refused(
    agent: DeskServer, desk: Desk, authorization: str | None
) -> None:
    desk.card = VirtualCard.blank(random_uid())
    status, _headers, answer = call(
        agent, "POST", "/v1/personalise", personalise_body(), {"Authorization": authorization}
    )
    assert (status, answer["code"]) == (401, "bad_token")
    assert not desk.card.applications
    status, _headers, answer = call(
        agent, "GET", "/v1/status", None, {"Authorization": authorization}
    )
    assert status == 401


def test_the_preflight_tells_only_the_paired_origin(agent: DeskServer) -> None:
    status, headers, _ = call(
        agent,
        "OPTIONS",
        "/v1/personalise",
        None,
        {"Authorization": None, "Access-Control-Request-Method": "POST"},
    )
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "Authorization" in headers["Access-Control-Allow-Headers"]


def test_a_rebound_host_name_is_refused(agent: DeskServer) -> None:
    status, _headers, answer = call(agent, "GET", "/v1/status", None, {"Host": "attacker.example"})
    assert (status, answer["code"]) == (403, "bad_host")


def test_bodies_are_bounded_and_checked(agent: DeskServer, desk: Desk) -> None:
    desk.card = VirtualCard.blank(random_uid())
    too_big = b'{"card_number": "1", "pad": "' + b"x" * MAX_BODY + b'"}'
    status, _headers, answer = call(agent, "POST", "/v1/personalise", too_big)
    assert (status, answer["code"]) == (413, "too_large")
    for body, code in [
        (b"not json", "bad_json"),
        (b"[1, 2]", "bad_json"),
        (json.dumps({"card_number": 9704, "issued_on": 20261207}).encode(), "bad_request"),
        (json.dumps({"card_number": "97x4", "issued_on": 20261207}).encode(), "bad_request"),
        (json.dumps({"card_number": "1" * 20, "issued_on": 20261207}).encode(), "bad_request"),
        (json.dumps({"card_number": "9704", "issued_on": "today"}).encode(), "bad_request"),
        (
            json.dumps({"card_number": "9704", "issued_on": 20261207, "wait": 3600}).encode(),
            "bad_request",
        ),
    ]:
        status, _headers, answer = call(agent, "POST", "/v1/personalise", body)
        assert (status, answer["code"]) == (400, code), body
    assert not desk.card.applications


def test_status_names_the_reader_and_no_keys(agent: DeskServer) -> None:
    status, _headers, answer = call(agent, "GET", "/v1/status")
    assert status == 200
    assert answer["reader"] == "desk" and answer["busy"] is False
    assert set(answer) == {"agent", "version", "reader", "busy", "key_versions"}
    status, _headers, answer = call(agent, "GET", "/v1/keys")
    assert status == 404


def test_the_token_file_is_private_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "desk" / "token"
    store_token(path, f"  {TOKEN}\n")
    assert load_token(path) == TOKEN
    assert path.stat().st_mode & 0o777 == 0o600
    with pytest.raises(Exception, match="not a pairing token"):
        store_token(path, "short")
    with pytest.raises(Exception, match="desk-pair"):
        load_token(tmp_path / "missing")


def test_desk_pair_and_agent_commands_never_import_django(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    code = (
        "import sys, runpy\n"
        "sys.argv = ['heritage-gate', 'desk-pair', '--token-file', sys.argv[1]]\n"
        "try:\n"
        "    runpy.run_module('cardreader_service', run_name='__main__')\n"
        "except SystemExit as done:\n"
        "    assert done.code == 0, done.code\n"
        "import cardreader_service.desk_agent\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django'\n"
        "assert not [m for m in sys.modules if m.startswith('heritage_cms')], 'heritage_cms'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(token_file)],
        input=TOKEN + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert token_file.read_text().strip() == TOKEN
    refused = subprocess.run(
        [
            sys.executable,
            "-m",
            "cardreader_service",
            "desk-agent",
            "--origin",
            "not-a-url",
            "--reader",
            "x",
            "--token-file",
            str(token_file),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert refused.returncode != 0 and "--origin" in refused.stderr
    assert "Traceback" not in refused.stderr
