"""process(): the whole pipeline, content-addressed so the same upload is never processed twice."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import numpy.typing as npt
import trimesh

from .errors import TimeLimitError
from .export import check_glb, write_glb
from .load import has_texture, load, sha256_file
from .lod import LodResult, plan, schedule_lods
from .metrics import Surface, hausdorff_between, measure
from .normalise import normalise
from .options import Options
from .poster import write_poster
from .repair import repair
from .report import PIPELINE_VERSION, AssetReport, LodReport
from .textures import TextureReport
from .validate import analyse, validate

Progress = Callable[[str], None]
FloatArray = npt.NDArray[np.float64]
STEPS = ("load", "validate", "repair", "normalise", "lods", "export", "poster", "metrics")


def output_dir_for(output_root: Path, sha256: str) -> Path:
    """Where an asset's outputs live: keyed by the source's content hash."""
    return Path(output_root) / sha256


def cached_report(output_root: Path, sha256: str, options: Options) -> AssetReport | None:
    """A finished report for this source and these options, if one exists."""
    path = output_dir_for(output_root, sha256) / "report.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text())
    if (
        data.get("pipeline_version") != PIPELINE_VERSION
        or data.get("options_fingerprint") != options.fingerprint()
    ):
        return None
    report = AssetReport.from_dict(data)
    report.cached = True
    return report


def default_workers() -> int:
    """Threads for the levels, exports and metrics: the simplifier and encoders release the GIL."""
    configured = os.environ.get("ASSETS_PIPELINE_WORKERS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1))


def process(
    source: Path,
    output_root: Path,
    options: Options | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> AssetReport:
    """Run every step; raises an AssetError subclass with a curator-facing message on bad input.

    Load, validate, repair and normalise run in order; then the levels, their exports, the
    poster and the error metrics run as tasks on a small thread pool, each starting as soon as
    what it needs is ready. report.seconds gives each step's busy time and the wall-clock total.
    """
    options = options or Options()
    source, output_root = Path(source), Path(output_root)
    if source.is_file() and source.stat().st_size > 0:
        hit = cached_report(output_root, sha256_file(source), options)
        if hit is not None:
            return hit
    started = time.perf_counter()
    seconds: dict[str, float] = {}

    def step(name: str, busy: float) -> None:
        seconds[name] = round(seconds.get(name, 0.0) + busy, 3)
        if progress:
            progress(name)
        if time.perf_counter() - started > options.limits.max_seconds:
            raise TimeLimitError(
                f"Processing passed the {options.limits.max_seconds:.0f} s limit at '{name}'.",
                "Decimate the scan before uploading, or raise the limit for this worker.",
            )

    t0 = time.perf_counter()
    mesh, load_report = load(source, options.limits)
    step("load", time.perf_counter() - t0)
    t0 = time.perf_counter()
    analysis = analyse(mesh)
    validation = validate(mesh, analysis)
    step("validate", time.perf_counter() - t0)
    t0 = time.perf_counter()
    mesh, repair_report = repair(mesh, options, analysis)
    del analysis
    step("repair", time.perf_counter() - t0)
    t0 = time.perf_counter()
    mesh, norm_report = normalise(mesh, load_report.file_type, load_report.declared_units, options)
    step("normalise", time.perf_counter() - t0)

    final = output_dir_for(output_root, load_report.sha256)
    output_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{load_report.sha256[:12]}-", dir=output_root))
    try:
        with ThreadPoolExecutor(max_workers=workers or default_workers()) as pool:
            budgets = plan(options.lods, len(mesh.faces))
            lods = schedule_lods(mesh, budgets, pool)
            exports = {
                b.name: pool.submit(_timed, _export_level, lods[b.name], staging, options)
                for b in budgets
            }
            smallest = min(budgets, key=lambda b: b.faces).name
            poster = pool.submit(
                _timed,
                lambda: write_poster(
                    lods[smallest].result().mesh, staging / "poster.png", options.poster_px
                ),
            )
            surface = pool.submit(_timed, _source_surface, mesh, options.error_samples)
            measured = pool.submit(_timed, measure, mesh)
            errors: dict[int, Future[tuple[tuple[float, float], float]]] = {}
            for budget in budgets:
                lod_future = lods[budget.name]
                key = budget.faces  # levels of one face budget share one mesh
                if key not in errors:
                    errors[key] = pool.submit(_timed, _level_error, mesh, lod_future, surface)
            level_results = [lods[b.name].result() for b in budgets]
            step("lods", sum(r.seconds for r in {id(r.mesh): r for r in level_results}.values()))
            written = [exports[b.name].result() for b in budgets]
            step("export", sum(busy for _, busy in written))
            poster_report, busy = poster.result()
            step("poster", busy)
            measurements, busy = measured.result()
            busy += surface.result()[1] + sum(f.result()[1] for f in errors.values())
            step("metrics", busy)
        diagonal = float(np.linalg.norm(np.ptp(np.asarray(mesh.vertices), axis=0))) or 1.0
        lod_reports = []
        for budget, lod, ((path, texture, plain), _) in zip(
            budgets, level_results, written, strict=True
        ):
            h_max, h_mean = errors[budget.faces].result()[0]
            lod_reports.append(
                LodReport(
                    name=lod.budget.name,
                    file=path.name,
                    target_faces=lod.budget.faces,
                    faces=len(lod.mesh.faces),
                    vertices=len(lod.mesh.vertices),
                    bytes=path.stat().st_size,
                    uncompressed_bytes=plain,
                    compression=options.compression,
                    textured=has_texture(lod.mesh),
                    texture=texture,
                    hausdorff_m=round(h_max, 6),
                    mean_error_m=round(h_mean, 7),
                    hausdorff_relative=round(h_max / diagonal, 6),
                    simplifier_error=round(lod.simplifier_error, 6),
                    seconds=round(lod.seconds, 3),
                )
            )
        seconds["total"] = round(time.perf_counter() - started, 3)
        report = AssetReport(
            sha256=load_report.sha256,
            pipeline_version=PIPELINE_VERSION,
            options_fingerprint=options.fingerprint(),
            load=load_report,
            validation=validation,
            repair=repair_report,
            normalise=norm_report,
            measurements=measurements,
            lods=lod_reports,
            poster=poster_report,
            seconds=seconds,
        )
        (staging / "report.json").write_text(report.to_json())
        if final.exists():
            shutil.rmtree(final)
        staging.rename(final)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return report


def _timed[T](work: Callable[..., T], *args: object) -> tuple[T, float]:
    """Run one task and return its result with the seconds it took."""
    start = time.perf_counter()
    result = work(*args)
    return result, time.perf_counter() - start


def _export_level(
    lod_future: Future[LodResult], staging: Path, options: Options
) -> tuple[Path, TextureReport | None, int]:
    """Write one level's GLB; the thumb trades texture quality for size (Voyager: < 200 KB)."""
    lod = lod_future.result()
    path = staging / f"{lod.budget.name}.glb"
    attempts = [(lod.budget.texture_px, options.jpeg_quality)]
    if lod.budget.name == "thumb":
        px = lod.budget.texture_px
        attempts += [(px, 60), (px, 40), (px // 2, 50), (px // 4, 50)]
    for texture_px, quality in attempts:
        texture, plain = write_glb(lod.mesh, path, texture_px, quality, options.compression)
        if path.stat().st_size <= options.thumb_max_bytes or texture is None:
            break
    problems = check_glb(path)
    if problems:
        raise RuntimeError(f"{path.name} failed structural checks: {problems}")
    return path, texture, plain


def _source_surface(mesh: trimesh.Trimesh, samples: int) -> tuple[Surface, FloatArray]:
    """The repaired mesh indexed once, with its samples, for every level's error."""
    surface = Surface(mesh, samples)
    return surface, surface.points(samples, 0)


def _level_error(
    mesh: trimesh.Trimesh,
    lod_future: Future[LodResult],
    surface: Future[tuple[tuple[Surface, FloatArray], float]],
) -> tuple[float, float]:
    """Symmetric Hausdorff and mean distance of one level against the repaired mesh."""
    lod = lod_future.result()
    if lod.mesh is mesh:
        return 0.0, 0.0
    (source_surface, points), _ = surface.result()
    return hausdorff_between(source_surface, points, lod.mesh, len(points))
