"""Human-readable report of a run (CLI and benchmark share it)."""

from __future__ import annotations

from audio_guides.result import GuideResult


def format_report(result: GuideResult) -> str:
    if not result.ok:
        return f"FAILED [{result.reason}] ({result.language}): {result.message}"
    lines = [
        f"status      done ({'cache hit' if result.cache_hit else 'cache miss'})",
        f"language    {result.language}",
        f"engine      {result.engine} (voice {result.voice})",
    ]
    if result.fallback_from:
        lines.append(f"fallback    from {result.fallback_from}: {result.fallback_reason}")
    lines += [
        f"duration    {result.duration_s:.2f} s",
        f"loudness    {result.integrated_lufs:.1f} LUFS integrated, "
        f"true peak {result.true_peak_dbtp:.1f} dBTP ({result.normalization_type})",
        f"size        {result.bytes} bytes MP3"
        + (f", {result.opus_bytes} bytes Opus" if result.opus_bytes else ""),
        f"chunks      {result.chunks}",
        "time        "
        + ", ".join(f"{k} {v:.3f} s" for k, v in result.timings.items())
        + f" (total {sum(result.timings.values()):.3f} s)",
        f"file        {result.mp3_path}",
    ]
    return "\n".join(lines)
