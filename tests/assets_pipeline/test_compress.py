"""EXT_meshopt_compression round-trips losslessly (up to triangle rotation) and shrinks files."""

from __future__ import annotations

import io

import numpy as np
import trimesh

from assets_pipeline.compress import (
    EXTENSION,
    QUANTIZATION,
    compress_glb,
    decompress_glb,
    read_glb,
)

from .meshes import uv_sphere


def canonical(faces: np.ndarray) -> np.ndarray:
    """Rotate each triangle to start at its smallest index (the codec may rotate, never flip)."""
    shift = np.argmin(faces, axis=1)
    return np.stack([np.roll(face, -int(k)) for face, k in zip(faces, shift, strict=True)])


def test_round_trip_and_size() -> None:
    sphere = uv_sphere(96, 48)
    plain = sphere.export(file_type="glb")
    packed, report = compress_glb(plain)
    assert report.views_compressed >= 3
    assert report.bytes_after < report.bytes_before
    doc, _ = read_glb(packed)
    assert EXTENSION in doc["extensionsRequired"]
    assert any(b.get("extensions", {}).get(EXTENSION, {}).get("fallback") for b in doc["buffers"])
    a = trimesh.load(io.BytesIO(plain), file_type="glb", force="mesh", process=False)
    b = trimesh.load(
        io.BytesIO(decompress_glb(packed)), file_type="glb", force="mesh", process=False
    )
    # quantised to 14 bits: positions within one step of 1/16383 of the box
    step = np.ptp(a.vertices, axis=0).max() / 16383
    assert np.abs(a.vertices - b.vertices).max() <= step
    assert EXTENSION in doc["extensionsRequired"] and QUANTIZATION in doc["extensionsRequired"]
    assert np.array_equal(canonical(a.faces), canonical(b.faces))
    assert b.visual.material.baseColorTexture is not None


def test_plain_glb_passes_through_decompress() -> None:
    plain = trimesh.creation.box().export(file_type="glb")
    assert decompress_glb(plain) == plain


def test_unquantised_round_trip_is_exact() -> None:
    sphere = uv_sphere(32, 16)
    plain = sphere.export(file_type="glb")
    packed, _ = compress_glb(plain, quantise=False)
    a = trimesh.load(io.BytesIO(plain), file_type="glb", force="mesh", process=False)
    b = trimesh.load(
        io.BytesIO(decompress_glb(packed)), file_type="glb", force="mesh", process=False
    )
    assert np.array_equal(a.vertices, b.vertices)
    assert np.array_equal(a.visual.uv, b.visual.uv)
    assert np.array_equal(canonical(a.faces), canonical(b.faces))
