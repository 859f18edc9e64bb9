"""process(): the whole pipeline, content-addressed so the same upload is never processed twice."""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future
from functools import partial
from pathlib import Path

import numpy as np
import numpy.typing as npt
import trimesh

from .errors import AssetError, CorruptFileError, ProcessingError, TimeLimitError
from .export import check_glb, write_level
from .load import has_texture, load, sha256_file
from .lod import LodResult, plan, schedule_lods
from .meshutil import attributes
from .metrics import Surface, measure, sample_points
from .normalise import NormaliseReport, normalise, transform_points
from .options import LodBudget, Options
from .poster import PosterReport, write_poster
from .repair import repair
from .report import PIPELINE_VERSION, AssetReport, LodReport
from .tasks import LATER, PriorityPool, after, timed
from .textures import TextureCache, TextureReport, base_color_image
from .validate import analyse, validate

log = logging.getLogger(__name__)
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
    try:
        return _process(source, output_root, options or Options(), progress, workers)
    except (AssetError, MemoryError):
        raise
    except RecursionError as exc:
        raise CorruptFileError(
            "The model is nested too deeply to process.", "Export it again as a flat mesh."
        ) from exc
    except Exception as exc:
        # The detail stays in the log (and the CLI's --debug); the curator gets a sentence.
        log.exception("processing %s failed", Path(source).name)
        raise ProcessingError(
            "Processing stopped at an unexpected problem in this model.",
            "Export it again from the scanning software; if that fails too, send the file to "
            "the platform's administrators.",
        ) from exc


def _process(
    source: Path,
    output_root: Path,
    options: Options,
    progress: Progress | None,
    workers: int | None,
) -> AssetReport:
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
    uploaded = mesh  # every error is measured against the model as uploaded
    step("load", time.perf_counter() - t0)
    output_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{load_report.sha256[:12]}-", dir=output_root))
    final = output_dir_for(output_root, load_report.sha256)
    try:
        with PriorityPool(workers or default_workers()) as pool:
            # Textures only need the loaded image: encode them while the mesh is repaired.
            textures = TextureCache()
            _encode_textures_early(pool, mesh, options, textures)
            t0 = time.perf_counter()
            analysis = analyse(mesh)
            validation = validate(mesh, analysis)
            step("validate", time.perf_counter() - t0)
            t0 = time.perf_counter()
            mesh, repair_report = repair(mesh, options, analysis)
            del analysis
            step("repair", time.perf_counter() - t0)
            t0 = time.perf_counter()
            mesh, norm_report = normalise(
                mesh, load_report.file_type, load_report.declared_units, options
            )
            step("normalise", time.perf_counter() - t0)

            budgets = plan(options.lods, len(mesh.faces))
            lods = schedule_lods(mesh, budgets, pool)
            samples = options.error_samples
            # The report's error metrics wait for idle cores: the web-ready outputs come first.
            # Only the upload's placed corners are kept (not the loaded mesh and its caches).
            placed = [_placed_upload(uploaded, norm_report)]
            del uploaded
            surface = pool.submit(timed(lambda: _source_surface(placed.pop(), samples)), LATER)
            measured = pool.submit(timed(lambda: measure(mesh, repair_report.watertight)), LATER)
            exports = {
                b.name: after(
                    pool,
                    [lods[b.name]],
                    timed(partial(_export_level, lods[b.name], staging, options, textures)),
                )
                for b in budgets
            }
            smallest = lods[min(budgets, key=lambda b: b.faces).name]
            poster = after(
                pool,
                [smallest],
                timed(partial(_poster, smallest, staging / "poster.png", options.poster_px)),
            )
            # Each level's error in two halves (scan -> level, level -> scan), largest level
            # first, so the last task to finish is a small one. Levels of one face budget
            # share one mesh and one measurement.
            errors: dict[int, list[Future[tuple[tuple[float, float], float]]]] = {}
            for budget in sorted(budgets, key=lambda b: -b.faces):
                if budget.faces in errors:
                    continue
                if budget.faces >= len(mesh.faces):  # unsimplified: the repair's own change
                    continue
                level = lods[budget.name]
                errors[budget.faces] = [
                    after(
                        pool,
                        [surface, level],
                        timed(partial(_half_error, surface, level, half)),
                        LATER,
                    )
                    for half in (True, False)
                ]
            # The repair's own change (upload vs repaired mesh) is measured last: indexing the
            # full repaired mesh beside the levels' indexes would raise the peak memory.
            repaired: Future[LodResult] = Future()
            repaired.set_result(LodResult(LodBudget("repaired", 0, 0), mesh, 0.0, 0.0))
            measured_first = [f for pair in errors.values() for f in pair]
            to_repaired = after(
                pool,
                [surface, *measured_first, *exports.values()],
                timed(partial(_half_error, surface, repaired, True)),
                LATER,
            )
            back = after(
                pool, [to_repaired], timed(partial(_half_error, surface, repaired, False)), LATER
            )
            repair_change = [to_repaired, back]
            for budget in budgets:
                errors.setdefault(budget.faces, repair_change)
            level_results = [lods[b.name].result() for b in budgets]
            step("lods", sum(r.seconds for r in {id(r.mesh): r for r in level_results}.values()))
            written = [exports[b.name].result() for b in budgets]
            step("export", sum(busy for _, busy in written))
            poster_report, busy = poster.result()
            step("poster", busy)
            outputs_ready = time.perf_counter() - started  # every GLB and the poster written
            measurements, busy = measured.result()
            busy += surface.result()[1]
            halves = {id(f): f for pair in [*errors.values(), repair_change] for f in pair}
            busy += sum(f.result()[1] for f in halves.values())
            step("metrics", busy)
        diagonal = float(np.linalg.norm(np.ptp(np.asarray(mesh.vertices), axis=0))) or 1.0
        lod_reports = []
        for budget, lod, ((path, texture, plain), _) in zip(
            budgets, level_results, written, strict=True
        ):
            (to_max, to_mean), (from_max, from_mean) = (f.result()[0] for f in errors[budget.faces])
            h_max, h_mean = max(to_max, from_max), (to_mean + from_mean) / 2
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
        repair_changes = [f.result() for f in repair_change]
        seconds["outputs_ready"] = round(outputs_ready, 3)
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
            repair_hausdorff_m=round(max(change[0][0] for change in repair_changes), 6),
            repair_mean_error_m=round(sum(change[0][1] for change in repair_changes) / 2, 7),
        )
        (staging / "report.json").write_text(report.to_json())
        if final.exists():
            shutil.rmtree(final)
        staging.rename(final)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return report


def _export_level(
    level: Future[LodResult], staging: Path, options: Options, textures: TextureCache
) -> tuple[Path, TextureReport | None, int]:
    """Write one level's GLB; the thumb trades texture quality for size (Voyager: < 200 KB)."""
    lod = level.result()
    path = staging / f"{lod.budget.name}.glb"
    attempts = [(lod.budget.texture_px, options.jpeg_quality)]
    max_bytes = None
    if lod.budget.name == "thumb":
        px = lod.budget.texture_px
        attempts += [(px, 60), (px, 40), (px // 2, 50), (px // 4, 50)]
        max_bytes = options.thumb_max_bytes
    texture, plain = write_level(lod.mesh, path, attempts, options.compression, max_bytes, textures)
    problems = check_glb(path)
    if problems:
        log.error("%s failed structural checks: %s", path.name, problems)
        raise ProcessingError(
            f"The {lod.budget.name} level came out malformed.",
            "Send the file to the platform's administrators.",
        )
    return path, texture, plain


def _encode_textures_early(
    pool: PriorityPool, mesh: trimesh.Trimesh, options: Options, textures: TextureCache
) -> None:
    """Queue each level's first texture encoding; the exports then find them in the cache."""
    attrs = attributes(mesh)
    image = base_color_image(attrs.material) if attrs.uv is not None else None
    if image is None:
        return
    for px in sorted({budget.texture_px for budget in options.lods}, reverse=True):
        pool.submit(partial(textures.get, image, px, options.jpeg_quality))


def _poster(level: Future[LodResult], path: Path, size: int) -> PosterReport:
    """The poster is drawn from the smallest level (fast, and detail is invisible at 512 px)."""
    return write_poster(level.result().mesh, path, size)


def _placed_upload(
    mesh: trimesh.Trimesh, placed: NormaliseReport
) -> tuple[FloatArray, npt.NDArray[np.int32]]:
    """The uploaded mesh's vertices placed as normalise placed the outputs, and its faces
    (those with broken coordinates left out)."""
    verts = transform_points(np.asarray(mesh.vertices, dtype=np.float64), placed)
    faces = np.asarray(mesh.faces)
    faces = faces[np.isfinite(verts[faces]).all(axis=(1, 2))].astype(np.int32)
    return verts, faces


def _source_surface(
    upload: tuple[FloatArray, npt.NDArray[np.int32]], samples: int
) -> tuple[Surface, FloatArray]:
    """The upload indexed once, with its samples, for every level's error."""
    surface = Surface(trimesh.Trimesh(upload[0], upload[1], process=False), samples)
    surface.mesh = None  # only the triangles are needed from here on
    return surface, surface.points(samples, 0)


def _half_error(
    surface: Future[tuple[tuple[Surface, FloatArray], float]],
    level: Future[LodResult],
    to_level: bool,
) -> tuple[float, float]:
    """(max, mean) distance from the uploaded mesh to a level (to_level) or back.

    Together the halves are the symmetric Hausdorff distance.
    """
    lod = level.result()
    (source, points), _ = surface.result()
    if to_level:
        distances = Surface(lod.mesh, len(points)).distances(points)
    else:
        distances = source.distances(sample_points(lod.mesh, len(points), 1))
    return float(distances.max()), float(distances.mean())
