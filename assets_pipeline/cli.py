"""Command line: `python -m assets_pipeline process INPUT -o DIR` prints the report."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from tqdm import tqdm  # type: ignore[import-untyped]

from .errors import AssetError
from .options import Limits, Options
from .pipeline import STEPS, process


def build_parser() -> argparse.ArgumentParser:
    """Arguments mirror Options, so the CMS and the CLI share one vocabulary."""
    parser = argparse.ArgumentParser(prog="assets-pipeline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("process", help="turn a scan into web-ready GLB levels, poster, report")
    run.add_argument("input", type=Path)
    run.add_argument("-o", "--output", type=Path, required=True, help="output root directory")
    run.add_argument("--units", choices=["auto", "m", "cm", "mm", "in", "ft"], default="auto")
    run.add_argument("--up", choices=["auto", "y", "z", "x"], default="auto")
    run.add_argument("--max-faces", type=int, default=Limits().max_faces)
    run.add_argument("--max-seconds", type=float, default=Limits().max_seconds)
    run.add_argument("--json", action="store_true", help="print the full JSON report")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.add_argument(
        "--debug", action="store_true", help="also print the details of an unexpected failure"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Exit 0 on success, 2 on a bad input (message on stderr)."""
    args = build_parser().parse_args(argv)
    # Curators see one sentence; the traceback of an unexpected failure is for --debug only.
    library_log = logging.getLogger("assets_pipeline")
    if args.debug:
        logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    elif not library_log.handlers:
        library_log.addHandler(logging.NullHandler())
    options = Options(
        limits=Limits(max_faces=args.max_faces, max_seconds=args.max_seconds),
        units=args.units,
        up_axis=args.up,
    )
    bar = tqdm(
        total=len(STEPS), desc="processing", unit="step", file=sys.stderr, disable=args.quiet
    )

    def advance(name: str) -> None:
        bar.set_postfix_str(name)
        bar.update(1)

    try:
        report = process(args.input, args.output, options, progress=advance)
    except AssetError as exc:
        bar.close()
        print(f"error [{exc.code}]: {exc}", file=sys.stderr)
        return 2
    bar.close()
    print(report.to_json() if args.json else report.summary())
    print(f"outputs: {Path(args.output) / report.sha256}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
