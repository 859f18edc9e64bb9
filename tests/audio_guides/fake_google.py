"""A local server that answers like Google Translate's batchexecute TTS endpoint.

It parses the request exactly as gTTS sends it (form field ``f.req`` holding the jQ1olc RPC) and
answers with Google's framing: an anti-XSSI prefix, a length line and a ``wrb.fr`` envelope whose
payload is the base64 MP3. Modes per request: "ok", an HTTP status (429, 503...), "hang", or
"noaudio" (a 200 answer without an audio payload, as after an upstream API change).
"""

from __future__ import annotations

import base64
import json
import ssl
import threading
import urllib.parse
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PATH = "/_/TranslateWebserverUi/data/batchexecute"


@dataclass
class FakeGoogle:
    mp3: bytes
    modes: deque[str | int] = field(default_factory=deque)
    default_mode: str | int = "ok"
    requests: list[tuple[str, str]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    server: ThreadingHTTPServer | None = None
    scheme: str = "http"

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"{self.scheme}://{host!s}:{port}{PATH}"

    def next_mode(self) -> str | int:
        return self.modes.popleft() if self.modes else self.default_mode

    def answer(self, text: str) -> bytes:
        payload = json.dumps([base64.b64encode(self.mp3).decode("ascii")])
        envelope = json.dumps(
            [
                ["wrb.fr", "jQ1olc", payload, None, None, None, "generic"],
                ["di", 42],
                ["af.httprm", 41, "-1234567890", 7],
            ],
            separators=(",", ":"),
        )
        del text
        return f')]}}\'\n\n{len(envelope)}\n{envelope}\n25\n[["e",4,null,null,123]]\n'.encode()


def make_handler(fake: FakeGoogle) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode()
            form = urllib.parse.parse_qs(body)
            rpc = json.loads(form["f.req"][0])
            assert rpc[0][0][0] == "jQ1olc"
            text, lang = json.loads(rpc[0][0][1])[:2]
            fake.requests.append((text, lang))
            mode = fake.next_mode()
            if mode == "hang":
                fake.release.wait(10)
                return
            if isinstance(mode, int):
                self.send_response(mode)
                self.send_header("Content-Length", "0")
                if mode == 429:
                    self.send_header("Retry-After", "0")
                self.end_headers()
                return
            data = (
                fake.answer(text)
                if mode == "ok"
                else b')]}\'\n\n30\n[["wrb.fr","jQ1olc",null,null]]\n'
            )  # "noaudio"
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def start(fake: FakeGoogle, cert: tuple[Path, Path] | None = None) -> FakeGoogle:
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(fake))
    server.daemon_threads = True
    if cert is not None:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(str(cert[0]), str(cert[1]))
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
        fake.scheme = "https"
    fake.server = server
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return fake


def stop(fake: FakeGoogle) -> None:
    fake.release.set()
    if fake.server is not None:
        fake.server.shutdown()
        fake.server.server_close()
