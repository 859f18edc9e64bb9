"""ffmpeg post-processing: join, trim, two-pass loudness normalisation, encode, measure.

Why two passes: single-pass loudnorm runs in dynamic mode (and defaults to -24 LUFS); measuring
first and applying with ``measured_*`` and ``linear=true`` gives a plain gain at -16 LUFS.
The first pass measures with ``ebur128=peak=true`` (the same BS.1770 meter): loudnorm's own
pass-1 ``input_tp`` reported the sample peak here (-3.0 where the true peak was -2.4 dBTP), so
linear mode was chosen for gains that then broke the true-peak ceiling; ebur128 is also ~3x
faster, which matters because the pass may run more than once.
Synthetic speech has a high peak-to-loudness ratio, so gentle compression and a sample-peak
limiter a few dB below the ceiling run before loudnorm: otherwise linear gain to -16 LUFS would
break the true-peak limit and loudnorm would silently fall back to dynamic mode.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from audio_guides.errors import CorruptRecording, PostProcessFailed, ToolMissing


@dataclass(frozen=True)
class PostProcessSettings:
    """Everything that changes the output audio; part of the cache key."""

    target_i: float = -16.0
    #: -1.5 rather than -1.0: MP3 encoding overshoots true peak by up to ~0.5 dB, and the
    #: delivered file must stay at or below -1 dBTP.
    target_tp: float = -1.5
    target_lra: float = 11.0
    limiter_dbfs: float = -3.0
    sample_rate: int = 48000
    mp3_bitrate: str = "64k"
    opus: bool = False
    opus_bitrate: str = "32k"
    trim_threshold_db: float = -50.0
    #: Silence kept at each end after trimming, so players don't clip the first syllable.
    pad_s: float = 0.15

    def key(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Measurement:
    duration_s: float
    integrated_lufs: float
    true_peak_dbtp: float
    lra: float
    threshold: float = -70.0


@dataclass(frozen=True)
class EncodeStats:
    normalization_type: str
    gain_db: float


class FFmpeg:
    """Thin runner around the ffmpeg binary; typed errors keep ffmpeg's own words in ``detail``."""

    def __init__(self, binary: str = "ffmpeg", timeout: float = 600.0) -> None:
        exe = shutil.which(binary)
        if exe is None:
            raise ToolMissing("ffmpeg not found: install the Debian package ffmpeg.", binary)
        self.exe = exe
        self.timeout = timeout

    def run(self, args: list[str], what: str) -> str:
        cmd = [self.exe, "-hide_banner", "-nostdin", "-nostats", "-y", *args]
        try:
            proc = subprocess.run(
                cmd, capture_output=True, text=True, timeout=self.timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise PostProcessFailed(f"ffmpeg {what} timed out") from exc
        if proc.returncode != 0:
            tail = " | ".join(proc.stderr.strip().splitlines()[-3:])
            raise PostProcessFailed(f"ffmpeg {what} failed.", tail)
        return proc.stderr


_EBUR_I = re.compile(
    r"Integrated loudness:\s*\n\s*I:\s*(-?[\d.]+|-inf)\s*LUFS\s*\n"
    r"\s*Threshold:\s*(-?[\d.]+|-inf)"
)
_EBUR_LRA = re.compile(r"Loudness range:\s*\n\s*LRA:\s*(-?[\d.]+)\s*LU")
_EBUR_TP = re.compile(r"True peak:\s*\n\s*Peak:\s*(-?[\d.]+|-inf)\s*dBFS")
_DURATION = re.compile(r"time=(\d+):(\d+):(\d+(?:\.\d+)?)")


def _num(value: str) -> float:
    return float("-inf") if value == "-inf" else float(value)


def _parse_ebur128(stderr: str) -> Measurement:
    summary = stderr[stderr.rfind("Summary:") :]
    i, tp, lra = _EBUR_I.search(summary), _EBUR_TP.search(summary), _EBUR_LRA.search(summary)
    if not (i and tp and lra):
        raise PostProcessFailed("could not read the ebur128 loudness summary")
    return Measurement(
        duration_s=_duration(stderr),
        integrated_lufs=_num(i.group(1)),
        true_peak_dbtp=_num(tp.group(1)),
        lra=float(lra.group(1)),
        threshold=_num(i.group(2)),
    )


def _parse_loudnorm(stderr: str) -> dict[str, str]:
    start = stderr.rfind("{")
    end = stderr.rfind("}")
    if start < 0 or end < start:
        raise PostProcessFailed("could not read loudnorm's JSON report")
    data: dict[str, str] = json.loads(stderr[start : end + 1])
    return data


def _duration(stderr: str) -> float:
    matches = _DURATION.findall(stderr)
    if not matches:
        return 0.0
    h, m, s = matches[-1]
    return int(h) * 3600 + int(m) * 60 + float(s)


def measure(ff: FFmpeg, path: Path) -> Measurement:
    """EBU R128 integrated loudness and true peak of a file, as a listener's player decodes it."""
    err = ff.run(
        [
            "-i",
            str(path),
            "-map",
            "a:0",
            "-af",
            "ebur128=peak=true:framelog=verbose",
            "-f",
            "null",
            "-",
        ],
        "measure",
    )
    return _parse_ebur128(err)


def validate_recording(ff: FFmpeg, path: Path) -> None:
    """Decode a curator's upload completely: a truncated or non-audio file is refused up front."""
    if not path.is_file() or path.stat().st_size == 0:
        raise CorruptRecording(f"recording {path.name!r} is missing or empty")
    try:
        err = ff.run(
            ["-v", "error", "-xerror", "-i", str(path), "-map", "a:0", "-f", "null", "-"], "decode"
        )
    except PostProcessFailed as exc:
        raise CorruptRecording(
            f"recording {path.name!r} cannot be decoded.", exc.detail or exc.message
        ) from exc
    if err.strip():
        raise CorruptRecording(f"recording {path.name!r} has decoding errors.", err.strip()[:200])


def join_and_trim(
    ff: FFmpeg, inputs: list[Path], out_wav: Path, settings: PostProcessSettings
) -> Measurement:
    """Join chunks, trim silence at both ends, mono at the target rate; measure in the same pass."""
    if not inputs:
        raise PostProcessFailed("no audio to process")
    args: list[str] = []
    if len(inputs) == 1:
        args += ["-i", str(inputs[0])]
    else:
        listing = out_wav.with_suffix(".concat.txt")
        listing.write_text(
            "".join(f"file '{p.resolve().as_posix()}'\n" for p in inputs), encoding="utf-8"
        )
        args += ["-f", "concat", "-safe", "0", "-i", str(listing)]
    thr = f"{settings.trim_threshold_db:g}dB"
    trim = f"silenceremove=start_periods=1:start_threshold={thr}:start_silence=0.05"
    pad_ms = int(settings.pad_s * 1000)
    chain = ",".join(
        [
            "aformat=channel_layouts=mono",
            f"aresample={settings.sample_rate}",
            trim,
            "areverse",
            trim,
            "areverse",
            f"adelay={pad_ms}:all=1",
            f"apad=pad_dur={settings.pad_s}",
            "ebur128=peak=true:framelog=verbose",
        ]
    )
    err = ff.run(
        [*args, "-map", "a:0", "-af", chain, "-c:a", "pcm_f32le", str(out_wav)], "join/trim"
    )
    measured = _parse_ebur128(err)
    if measured.integrated_lufs < -70 or measured.true_peak_dbtp == float("-inf"):
        raise PostProcessFailed("the audio is silent after trimming")
    return measured


def _conditioning(prep: Measurement, gain_db: float, settings: PostProcessSettings) -> str:
    """Level to -20 LUFS, gentle compression, make-up gain and a sample-peak limiter below the
    ceiling, so that the peak-to-loudness ratio fits the target (see module doc)."""
    limit = 10 ** (settings.limiter_dbfs / 20)
    level = -20.0 - prep.integrated_lufs
    return (
        f"volume={level:.2f}dB,"
        "acompressor=threshold=0.1:ratio=4:attack=2:release=60:makeup=1,"
        f"volume={gain_db:.2f}dB,"
        f"alimiter=limit={limit:.4f}:attack=5:release=50:level=false:asc=1"
    )


def choose_gain(
    ff: FFmpeg, wav: Path, prep: Measurement, settings: PostProcessSettings, max_rounds: int = 4
) -> tuple[float, Measurement]:
    """Pass 1: pick the make-up gain and measure the conditioned signal (I, LRA, true peak).

    Linear loudnorm needs ``true_peak + (target_i - I) <= target_tp``; limiting eats loudness,
    so while that fails the gain is raised by the shortfall and the signal measured again. The
    returned measurement always belongs to the returned gain.
    """
    s = settings
    gain = 8.0  # typical make-up for -20 LUFS speech after 4:1 compression above -20 dBFS
    measured = prep
    for round_ in range(max_rounds):
        err = ff.run(
            [
                "-i",
                str(wav),
                "-af",
                f"{_conditioning(prep, gain, s)},ebur128=peak=true:framelog=verbose",
                "-f",
                "null",
                "-",
            ],
            "measure pass 1",
        )
        measured = _parse_ebur128(err)
        # dB by which linear gain to target_i would overshoot target_tp, with 0.2 dB margin
        # (ebur128 prints 0.1 dB steps; loudnorm must agree that linear mode is possible).
        shortfall = (
            measured.true_peak_dbtp + s.target_i - measured.integrated_lufs - s.target_tp + 0.2
        )
        if shortfall <= 0 or round_ == max_rounds - 1:
            break
        gain += 1.5 * shortfall + 0.2  # limiting returns well under 1 dB per dB of gain
    return gain, measured


def normalise_and_encode(
    ff: FFmpeg,
    wav: Path,
    prep: Measurement,
    gain_db: float,
    measured: Measurement,
    mp3: Path,
    opus: Path | None,
    settings: PostProcessSettings,
) -> EncodeStats:
    """Pass 2: linear loudnorm with the pass-1 figures, then MP3 (and Opus) in one decode."""
    s = settings
    norm = (
        f"{_conditioning(prep, gain_db, s)},"
        f"loudnorm=I={s.target_i:g}:TP={s.target_tp:g}:LRA={s.target_lra:g}"
        f":measured_I={measured.integrated_lufs:.2f}"
        f":measured_TP={measured.true_peak_dbtp:.2f}"
        f":measured_LRA={max(measured.lra, 0.1):.2f}"  # loudnorm reads 0 as "not measured"
        f":measured_thresh={measured.threshold:.2f}:linear=true:print_format=json,"
        f"aresample={s.sample_rate}"
    )
    mp3_out = [
        "-map_metadata", "-1", "-c:a", "libmp3lame", "-b:a", s.mp3_bitrate,
        "-ac", "1", "-ar", str(s.sample_rate), "-f", "mp3", str(mp3),
    ]  # fmt: skip
    args = ["-i", str(wav)]
    if opus is None:
        args += ["-af", norm, *mp3_out]
    else:
        opus_out = [
            "-map_metadata", "-1", "-c:a", "libopus", "-b:a", s.opus_bitrate,
            "-ac", "1", "-f", "ogg", str(opus),
        ]  # fmt: skip
        args += [
            "-filter_complex", f"[0:a]{norm},asplit=2[m][o]",
            "-map", "[m]", *mp3_out,
            "-map", "[o]", *opus_out,
        ]  # fmt: skip
    report = _parse_loudnorm(ff.run(args, "loudnorm pass 2/encode"))
    return EncodeStats(
        normalization_type=report.get("normalization_type", "unknown"), gain_db=gain_db
    )
