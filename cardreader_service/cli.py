"""``python -m cardreader_service run|status|replay|desk-agent``: the gate daemon, its operator
tools and the ticket office's desk agent.

Secrets come from files (or the environment), never from the command line, where ``ps`` would
show them; logs are JSON lines on stderr and never carry keys or tokens. A failure prints its
one sentence and exits 1 without a traceback; its raw detail goes to the log (DEBUG) and, with
``--verbose``, to stderr too.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cardreader_service import logs
from cardreader_service.errors import CardServiceError, KeyStoreError
from cardreader_service.journal import Journal, JournalError
from cardreader_service.keys import DEFAULT_ENV_VAR, MasterKeyStore
from cardreader_service.snapshot import SnapshotStore
from cardreader_service.sync import MAX_BATCH, ApiError, GateApi, Sync, SyncSettings

TOKEN_ENV_VAR = "HUE_GATE_TOKEN"
# Keys 0 and 2 of every card (as ``manage.py issue_card``): on issuing stations, never on gates.
ISSUER_KEYS_ENV_VAR = "HUE_CARD_ISSUER_KEYS"
DESK_TOKEN_FILE = "~/.config/heritage-desk/token"
log = logging.getLogger("cardreader_service.cli")


def _token(path: str | None) -> str:
    if path:
        token = Path(path).read_text(encoding="utf-8").strip()
    else:
        token = os.environ.get(TOKEN_ENV_VAR, "").strip()
    if not token:
        raise SystemExit(f"no gate token: give --token-file or set ${TOKEN_ENV_VAR}")
    return token


def _keys(path: str | None, variable: str = DEFAULT_ENV_VAR) -> MasterKeyStore:
    try:
        return MasterKeyStore.from_file(path) if path else MasterKeyStore.from_env(variable)
    except KeyStoreError as error:
        raise SystemExit(f"master keys: {error}") from None
    except OSError as error:
        raise SystemExit(f"master keys: the key file cannot be read ({error.strerror}).") from None


def _run(args: argparse.Namespace) -> int:
    from cardreader_service.daemon import Daemon, GateConfig

    config = GateConfig(
        reader=args.reader,
        site=args.site,
        server=args.server,
        token=_token(args.token_file),
        keys=_keys(args.key_file),
        journal=Path(args.journal),
        status_file=Path(args.status_file) if args.status_file else None,
        sync=SyncSettings(
            snapshot_every=args.snapshot_every,
            heartbeat_every=args.heartbeat_every,
            backoff_cap=args.max_backoff,
            probe_every=args.probe_every,
            request_deadline=args.request_deadline,
            stall_after=args.stall_after,
        ),
        scanner=args.scanner,
        scanner_baud=args.scanner_baud,
        scan_repeat_window=args.scan_repeat_window,
    )
    daemon = Daemon(config)
    daemon.install_signal_handlers()
    return daemon.run()


def _status(args: argparse.Namespace) -> int:
    from cardreader_service.daemon import status_report

    journal = Journal(args.journal)
    try:
        report = status_report(journal, SnapshotStore(Path(f"{args.journal}.snapshot.json")))
    finally:
        journal.close()
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    print(f"journal            {args.journal}")
    if not report["journal_ok"]:
        print(f"JOURNAL UNUSABLE   {report['journal_error']} (the gate is out of service)")
    else:
        print(f"taps               {report['taps']} ({report['pending']} pending delivery)")
        print(f"last sequence      {report['high_water']}")
    print(f"last delivery      {report['last_delivery_at'] or 'never'}")
    print(f"last snapshot pull {report['last_snapshot_at'] or 'never'}")
    age = report["snapshot_age_seconds"]
    print(f"snapshot age       {'none' if age is None else f'{age:.0f} s'}")
    oldest = report["oldest_undelivered_age_seconds"]
    if report["delivery_stalled"]:
        print(f"DELIVERY STALLED   oldest undelivered tap is {oldest} s old")
    elif oldest is not None:
        print(f"oldest undelivered {oldest} s")
    if report["sync_error"]:
        print(f"sync failing       {report['sync_error']}")
    elif report["last_error"]:
        print(f"last sync error    {report['last_error']} (since recovered)")
    if report["clock_offset_ms"] is not None:
        print(f"clock offset       {report['clock_offset_ms'] / 1000:+.1f} s from the server's")
    if report["clock_trouble"]:
        print(f"CLOCK UNTRUSTED    {report['clock_trouble']} (the gate is out of service)")
    return 0


def _replay(args: argparse.Namespace) -> int:
    with Journal(args.journal) as journal:
        if not args.server:
            for entry in journal.entries():
                if args.all or entry.delivered_at is None:
                    print(json.dumps(entry.as_dict(), ensure_ascii=False))
            return 0
        api = GateApi(args.server, _token(args.token_file))
        store = SnapshotStore(Path(f"{args.journal}.snapshot.json"))
        sync = Sync(api, journal, store, SyncSettings(batch_size=args.batch))
        try:
            sent = sync.deliver(everything=args.all)
        except (ApiError, JournalError) as error:
            print(f"replay stopped: {error}; {journal.pending()} still pending", file=sys.stderr)
            return 1
        journal.set_meta("last_delivery_at", datetime.now(UTC).isoformat())
        print(f"sent {sent} taps; {journal.pending()} pending")
    return 0


def _prune(args: argparse.Namespace) -> int:
    with Journal(args.journal) as journal:
        dropped = journal.prune(datetime.now(UTC) - timedelta(days=args.days))
        print(
            f"dropped {dropped} delivered taps older than {args.days} days; {journal.pending()}"
            " pending delivery kept"
        )
    return 0


def _desk_pair(args: argparse.Namespace) -> int:
    from cardreader_service.desk_agent import DeskAgentError, store_token

    print(
        "Paste the pairing token the ticket-office page shows, then press Enter:", file=sys.stderr
    )
    try:
        store_token(Path(args.token_file), sys.stdin.readline())
    except DeskAgentError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"paired: token kept in {args.token_file}; start the agent with desk-agent")
    return 0


def _desk_agent(args: argparse.Namespace) -> int:
    from cardreader_service.desk_agent import (
        DeskAgent,
        DeskAgentError,
        DeskConfig,
        DeskServer,
        load_token,
        pcsc_cards,
    )

    origin = args.origin.rstrip("/")
    if not origin.startswith(("http://", "https://")) or origin.count("/") != 2:
        raise SystemExit("--origin is the admin's scheme://host[:port], e.g. https://cms.example")
    try:
        token = load_token(Path(args.token_file))
    except DeskAgentError as error:
        raise SystemExit(str(error)) from None
    issuer_keys = _keys(args.issuer_key_file, ISSUER_KEYS_ENV_VAR)
    config = DeskConfig(
        origin=origin,
        token=token,
        keys=_keys(args.key_file),
        issuer_keys=issuer_keys,
        issuer_id=args.issuer,
        reader_name=args.reader,
    )
    server = DeskServer(DeskAgent(config, pcsc_cards(args.reader)), args.port)
    log.info("desk agent on %s for %s, reader %r", server.url, origin, args.reader)
    print(f"desk agent listening on {server.url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m cardreader_service", description=__doc__)
    top.add_argument("--log-level", default="INFO")
    top.add_argument(
        "--verbose", action="store_true", help="after a failure's sentence, print its raw detail"
    )
    commands = top.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run the gate: read cards, decide, journal, sync")
    run.add_argument("--reader", required=True, help="PC/SC reader name prefix")
    run.add_argument("--site", required=True, help="site code this gate stands at")
    run.add_argument("--server", required=True, help="CMS base URL, e.g. https://cms.example")
    run.add_argument(
        "--token-file", help=f"file with the gate's device token (or ${TOKEN_ENV_VAR})"
    )
    run.add_argument("--key-file", help=f"master key file (or ${DEFAULT_ENV_VAR})")
    run.add_argument("--journal", required=True, help="SQLite journal path")
    run.add_argument("--status-file", help="JSON status written for monitoring")
    run.add_argument("--snapshot-every", type=float, default=60.0, help="seconds")
    run.add_argument("--heartbeat-every", type=float, default=30.0, help="seconds")
    run.add_argument("--max-backoff", type=float, default=60.0, help="seconds")
    run.add_argument(
        "--probe-every",
        type=float,
        default=2.0,
        help="seconds between heartbeat probes while the server is unreachable (jittered)",
    )
    run.add_argument(
        "--request-deadline", type=float, default=10.0, help="total seconds for one request"
    )
    run.add_argument(
        "--stall-after",
        type=float,
        default=120.0,
        help="seconds an undelivered tap may wait before status says delivery stalled",
    )
    run.add_argument(
        "--scanner",
        help="QR scanner for e-tickets: a tty or pty (keyboard-wedge scanner), a FIFO, '-' for"
        " the standard input, or with --scanner-baud a serial port or pyserial URL",
    )
    run.add_argument(
        "--scanner-baud",
        type=int,
        help="read --scanner as a serial scanner at this speed (pyserial, the cards extra)",
    )
    run.add_argument(
        "--scan-repeat-window",
        type=float,
        default=3.0,
        help="seconds in which the same QR code again is the same presentation (ignored)",
    )
    run.set_defaults(handler=_run)

    status = commands.add_parser("status", help="pending taps, last sync, snapshot age")
    status.add_argument("--journal", required=True)
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=_status)

    replay = commands.add_parser(
        "replay", help="send undelivered taps now (with --server), or print them"
    )
    replay.add_argument("--journal", required=True)
    replay.add_argument("--server")
    replay.add_argument("--token-file")
    replay.add_argument("--all", action="store_true", help="every tap, delivered or not")
    replay.add_argument("--batch", type=int, default=MAX_BATCH)
    replay.set_defaults(handler=_replay)

    prune = commands.add_parser(
        "prune", help="drop delivered taps older than --days (never undelivered ones)"
    )
    prune.add_argument("--journal", required=True)
    prune.add_argument("--days", type=float, default=90.0)
    prune.set_defaults(handler=_prune)

    pair = commands.add_parser(
        "desk-pair", help="keep the pairing token the ticket-office page shows (read from stdin)"
    )
    pair.add_argument("--token-file", default=os.path.expanduser(DESK_TOKEN_FILE))
    pair.set_defaults(handler=_desk_pair)

    desk = commands.add_parser(
        "desk-agent", help="serve issuing on this PC's reader to the ticket-office page"
    )
    desk.add_argument("--origin", required=True, help="the admin's origin, https://cms.example")
    desk.add_argument("--reader", required=True, help="PC/SC reader name prefix")
    desk.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1")
    desk.add_argument("--token-file", default=os.path.expanduser(DESK_TOKEN_FILE))
    desk.add_argument("--key-file", help=f"gate master keys (or ${DEFAULT_ENV_VAR}); key 1")
    desk.add_argument(
        "--issuer-key-file", help=f"issuer master keys (or ${ISSUER_KEYS_ENV_VAR}); keys 0 and 2"
    )
    desk.add_argument("--issuer", type=int, default=1, help="issuer id in the card-info")
    desk.set_defaults(handler=_desk_agent)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logs.configure(args.log_level)
    if getattr(args, "batch", MAX_BATCH) > MAX_BATCH:
        raise SystemExit(f"--batch is at most {MAX_BATCH}")
    try:
        return int(args.handler(args))
    except CardServiceError as error:
        log.debug("failed", extra={"fields": {"code": error.code, "detail": error.detail}})
        print(error, file=sys.stderr)
        if args.verbose and error.detail:
            print(f"detail ({error.code}): {error.detail}", file=sys.stderr)
        return 1
