"""process(): the whole pipeline, content-addressed so the same upload is never processed twice."""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from .errors import TimeLimitError
from .export import check_glb, write_glb
from .load import has_texture, load, sha256_file
from .lod import make_lods, plan
from .metrics import Surface, hausdorff_between, measure
from .normalise import normalise
from .options import Options
from .poster import write_poster
from .repair import repair
from .report import PIPELINE_VERSION, AssetReport, LodReport
from .validate import validate

Progress = Callable[[str], None]
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


def process(
    source: Path,
    output_root: Path,
    options: Options | None = None,
    progress: Progress | None = None,
) -> AssetReport:
    """Run every step; raises an AssetError subclass with a curator-facing message on bad input."""
    options = options or Options()
    source, output_root = Path(source), Path(output_root)
    if source.is_file() and source.stat().st_size > 0:
        hit = cached_report(output_root, sha256_file(source), options)
        if hit is not None:
            return hit
    started = time.perf_counter()
    seconds: dict[str, float] = {}

    def step(name: str, t0: float) -> None:
        seconds[name] = round(time.perf_counter() - t0, 3)
        if progress:
            progress(name)
        if time.perf_counter() - started > options.limits.max_seconds:
            raise TimeLimitError(
                f"Processing passed the {options.limits.max_seconds:.0f} s limit at '{name}'.",
                "Decimate the scan before uploading, or raise the limit for this worker.",
            )

    t0 = time.perf_counter()
    mesh, load_report = load(source, options.limits)
    step("load", t0)
    t0 = time.perf_counter()
    validation = validate(mesh)
    step("validate", t0)
    t0 = time.perf_counter()
    mesh, repair_report = repair(mesh, options)
    step("repair", t0)
    t0 = time.perf_counter()
    mesh, norm_report = normalise(mesh, load_report.file_type, load_report.declared_units, options)
    step("normalise", t0)
    t0 = time.perf_counter()
    lods = make_lods(mesh, plan(options.lods, len(mesh.faces)))
    step("lods", t0)

    final = output_dir_for(output_root, load_report.sha256)
    output_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{load_report.sha256[:12]}-", dir=output_root))
    try:
        t0 = time.perf_counter()
        written = []
        for lod in lods:
            path = staging / f"{lod.budget.name}.glb"
            # The thumb must load fast on 3G (Voyager: < 200 KB): trade texture quality for it.
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
            written.append((lod, path, texture, plain))
        step("export", t0)
        t0 = time.perf_counter()
        smallest = min(lods, key=lambda r: len(r.mesh.faces)).mesh
        poster = write_poster(smallest, staging / "poster.png", options.poster_px)
        step("poster", t0)
        t0 = time.perf_counter()
        measurements = measure(mesh)
        diagonal = float(np.linalg.norm(np.ptp(np.asarray(mesh.vertices), axis=0))) or 1.0
        lod_reports = []
        errors: dict[int, tuple[float, float]] = {}
        source_surface: Surface | None = None
        source_points = np.zeros((0, 3))
        for lod, path, texture, plain in written:
            h_max, h_mean = (0.0, 0.0)
            if lod.mesh is not mesh:
                if id(lod.mesh) not in errors:
                    if source_surface is None:  # indexed once for every level
                        source_surface = Surface(mesh, options.error_samples)
                        source_points = source_surface.points(options.error_samples, 0)
                    errors[id(lod.mesh)] = hausdorff_between(
                        source_surface, source_points, lod.mesh, options.error_samples
                    )
                h_max, h_mean = errors[id(lod.mesh)]
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
        step("metrics", t0)
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
            poster=poster,
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
