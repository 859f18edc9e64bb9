"""Benchmark: a ~2-minute guide in six languages with the offline engine (espeak-ng + ffmpeg).

Prints, per language, the audio length, the time per step and the cost as a ratio of real time
(goal: <= 0.2x), then re-publishes the unchanged texts and shows that no synthesis runs.

    .venv/bin/python benchmarks/audio_guides/run.py [--opus] [--cache-dir DIR]

Exit status 1 when a goal is missed (ratio above the goal, or synthesis on the re-run).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # the repository root, to run without installing
sys.path.insert(0, str(HERE))

from texts import TEXTS, guide_text  # noqa: E402

from audio_guides import (  # noqa: E402
    EngineSpec,
    EspeakEngine,
    GuideConfig,
    GuideResult,
    PostProcessSettings,
)
from audio_guides import synthesize as synthesize_guide  # noqa: E402

GOAL = 0.2


class BenchEspeak(EspeakEngine):
    """espeak-ng counting real synthesis runs, loaded by dotted path like any engine."""

    calls: ClassVar[int] = 0

    def synthesize(self, chunks: Sequence[str], lang: str, workdir: Path) -> list[Path]:
        type(self).calls += 1
        return super().synthesize(chunks, lang, workdir)


def run_all(config: GuideConfig, cache_dir: Path) -> list[GuideResult]:
    results = []
    for lang in TEXTS:
        result = synthesize_guide(guide_text(lang), lang, config, cache_dir)
        if not result.ok:
            raise SystemExit(f"{lang}: FAILED [{result.reason}] {result.message}")
        results.append(result)
    return results


def table(results: list[GuideResult]) -> float:
    head = (
        f"{'lang':<5}{'audio s':>9}{'synth s':>9}{'ffmpeg s':>10}{'total s':>9}"
        f"{'ratio':>8}{'LUFS':>7}{'dBTP':>7}{'MP3 kB':>8}  voice"
    )
    print(head)
    print("-" * len(head))
    worst = 0.0
    tot_audio = tot_time = 0.0
    for r in results:
        t = r.timings
        total = sum(t.values())
        ffmpeg = sum(
            t.get(k, 0.0) for k in ("join_trim", "measure_pass1", "normalise_encode", "verify")
        )
        audio = r.duration_s or 0.0
        ratio = total / audio if audio else float("inf")
        worst = max(worst, ratio)
        tot_audio += audio
        tot_time += total
        print(
            f"{r.language:<5}{audio:>9.1f}{t.get('synthesis', 0.0):>9.3f}{ffmpeg:>10.3f}"
            f"{total:>9.3f}{ratio:>7.3f}x{r.integrated_lufs:>7.1f}{r.true_peak_dbtp:>7.1f}"
            f"{(r.bytes or 0) / 1000:>8.0f}  {r.voice}"
        )
    print(
        f"{'all':<5}{tot_audio:>9.1f}{'':>9}{'':>10}{tot_time:>9.3f}{tot_time / tot_audio:>7.3f}x"
    )
    return worst


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-dir", type=Path, help="default: a fresh temporary directory")
    parser.add_argument("--opus", action="store_true", help="also encode Ogg Opus")
    args = parser.parse_args(argv)
    config = GuideConfig(
        default=EngineSpec(f"{__name__}.BenchEspeak"),
        fallback=None,
        postprocess=PostProcessSettings(opus=args.opus),
    )
    with tempfile.TemporaryDirectory() as tmp:
        cache_dir = args.cache_dir or Path(tmp)
        print(f"First publish (espeak-ng + ffmpeg, {'MP3 + Opus' if args.opus else 'MP3'}):")
        first = run_all(config, cache_dir)
        worst = table(first)
        synthesized = BenchEspeak.calls
        print(
            f"\nsynthesis runs: {synthesized}; worst ratio {worst:.3f}x real time "
            f"(goal <= {GOAL}x): {'OK' if worst <= GOAL else 'MISSED'}"
        )
        print("\nRe-publish with unchanged text:")
        BenchEspeak.calls = 0
        second = run_all(config, cache_dir)
        hits = sum(r.cache_hit for r in second)
        cost = sum(sum(r.timings.values()) for r in second)
        print(
            f"cache hits {hits}/{len(second)}, synthesis runs {BenchEspeak.calls}, "
            f"total {cost * 1000:.1f} ms"
        )
    ok = worst <= GOAL and BenchEspeak.calls == 0 and hits == len(second)
    print("\nRESULT:", "all goals met" if ok else "a goal was missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
