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


def test_octahedral_normals_and_uv_transform_survive() -> None:
    """Normals go through the OCTAHEDRAL filter, UVs through KHR_texture_transform: both decode."""
    sphere = uv_sphere(64, 32)
    plain = sphere.export(file_type="glb", include_normals=True)
    packed, _ = compress_glb(plain)
    doc, _ = read_glb(packed)
    filters = [
        v["extensions"][EXTENSION].get("filter")
        for v in doc["bufferViews"]
        if EXTENSION in v.get("extensions", {})
    ]
    assert "OCTAHEDRAL" in filters
    info = doc["materials"][0]["pbrMetallicRoughness"]["baseColorTexture"]
    transform = info["extensions"]["KHR_texture_transform"]
    a = trimesh.load(io.BytesIO(plain), file_type="glb", force="mesh", process=False)
    b_doc, b_blob = read_glb(decompress_glb(packed))
    prim = b_doc["meshes"][0]["primitives"][0]
    normal = b_doc["accessors"][prim["attributes"]["NORMAL"]]
    view = b_doc["bufferViews"][normal["bufferView"]]
    raw = np.frombuffer(b_blob, np.int8, normal["count"] * 4, view.get("byteOffset", 0))
    decoded = raw.reshape(-1, 4)[:, :3] / 127.0
    expected = np.asarray(a.vertex_normals)
    unit = np.linalg.norm(expected, axis=1) > 0.5  # trimesh gives pole vertices no normal
    cosine = (decoded * expected).sum(axis=1)[unit] / np.linalg.norm(decoded, axis=1)[unit]
    assert unit.sum() > 0.9 * len(unit)
    assert cosine.min() > np.cos(np.radians(2.0))  # 8-bit octahedral: within 2 degrees
    uv = b_doc["accessors"][prim["attributes"]["TEXCOORD_0"]]
    view = b_doc["bufferViews"][uv["bufferView"]]
    q = np.frombuffer(b_blob, "<u2", uv["count"] * 2, view.get("byteOffset", 0)).reshape(-1, 2)
    restored = np.asarray(transform["offset"]) + q / 65535.0 * np.asarray(transform["scale"])
    stored = np.column_stack([a.visual.uv[:, 0], 1 - a.visual.uv[:, 1]])  # trimesh flips V
    assert np.abs(restored - stored).max() <= 1 / 4095  # 12-bit UVs
