"""``python -m audio_guides synthesize --lang vi --engine espeak TEXTFILE -o out.mp3``.

Exit codes: 0 done; 2 bad input (empty/too long text, unknown language, unreadable script,
corrupt recording, bad usage); 3 engine unavailable or failed; 4 a tool (ffmpeg, espeak-ng) is
missing; 1 anything else.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from audio_guides.config import EngineSpec, GuideConfig
from audio_guides.engines import BUILTIN_ENGINES
from audio_guides.pipeline import synthesize
from audio_guides.postprocess import PostProcessSettings
from audio_guides.report import format_report
from audio_guides.tagging import Tags

EXIT_CODES: dict[str, int] = {
    "empty_text": 2,
    "text_too_long": 2,
    "unsupported_language": 2,
    "script_not_supported": 2,
    "corrupt_recording": 2,
    "config_error": 2,
    "engine_unavailable": 3,
    "engine_failed": 3,
    "tool_missing": 4,
    "io_error": 1,
}


def default_cache_dir() -> Path:
    env = os.environ.get("AUDIO_GUIDES_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "audio-guides"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="audio-guides", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    syn = sub.add_parser("synthesize", help="make (or reuse) the audio guide for a text file")
    syn.add_argument("textfile", help="UTF-8 text file, or - for standard input")
    syn.add_argument("--lang", required=True, help="vi, en, fr, zh (pinyin for espeak), ja, ko")
    syn.add_argument(
        "--engine",
        default="gtts",
        help=f"{' or '.join(BUILTIN_ENGINES)}, or a dotted Engine class path",
    )
    syn.add_argument("--voice", help="engine voice for this language (e.g. vi-VN-x-south)")
    syn.add_argument(
        "--fallback",
        default="espeak",
        help="engine used when the first cannot be reached ('none' to disable)",
    )
    syn.add_argument("--recording", type=Path, help="a human recording: overrides synthesis")
    syn.add_argument("-o", "--output", type=Path, help="copy the MP3 here")
    syn.add_argument("--opus", type=Path, help="also encode Ogg Opus and copy it here")
    syn.add_argument("--title", default="", help="tag: title (the relic)")
    syn.add_argument("--site", default="", help="tag: artist/album (the monument or site)")
    syn.add_argument("--comment", default="", help="tag: comment")
    syn.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        help="cache directory (default $AUDIO_GUIDES_CACHE or ~/.cache/audio-guides)",
    )
    syn.add_argument(
        "--ffmpeg", default=os.environ.get("AUDIO_GUIDES_FFMPEG", "ffmpeg"), help="ffmpeg binary"
    )
    syn.add_argument("--json", action="store_true", help="print the report as JSON")
    return parser


def _read_text(arg: str) -> str:
    if arg == "-":
        return sys.stdin.read()
    return Path(arg).read_text(encoding="utf-8")


def cmd_synthesize(args: argparse.Namespace) -> int:
    try:
        text = (
            "" if args.recording is not None and args.textfile == "-" else _read_text(args.textfile)
        )
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {args.textfile}: {exc}", file=sys.stderr)
        return 2
    options: dict[str, object] = {}
    if args.voice:
        options["voices"] = {args.lang.split("-")[0].lower(): args.voice}
    fallback = None if args.fallback.lower() == "none" else EngineSpec(args.fallback)
    config = GuideConfig(
        default=EngineSpec(args.engine, options),
        fallback=fallback,
        postprocess=PostProcessSettings(opus=args.opus is not None),
        ffmpeg=args.ffmpeg,
    )
    result = synthesize(
        text,
        args.lang,
        config,
        args.cache_dir or default_cache_dir(),
        recording=args.recording,
        tags=Tags(title=args.title, site=args.site, comment=args.comment),
    )
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    if not result.ok:
        if not args.json:
            print(f"error: {format_report(result)}", file=sys.stderr)
        return EXIT_CODES.get(str(result.reason), 1)
    if args.output is not None and result.mp3_path is not None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(result.mp3_path, args.output)
    if args.opus is not None and result.opus_path is not None:
        args.opus.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(result.opus_path, args.opus)
    if not args.json:
        print(format_report(result))
        if args.output is not None:
            print(f"written     {args.output}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "synthesize":
        return cmd_synthesize(args)
    return 2  # pragma: no cover - argparse enforces the subcommand


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
