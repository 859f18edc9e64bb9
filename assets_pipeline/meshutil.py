"""Rebuild meshes from index arrays while carrying UVs, material and vertex colours along."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import trimesh

FloatArray = npt.NDArray[np.float64]


@dataclass
class Attributes:
    """Per-vertex data that must survive every edit: UVs (+ material) or colours."""

    uv: FloatArray | None
    colors: npt.NDArray[np.uint8] | None
    material: Any


def attributes(mesh: trimesh.Trimesh) -> Attributes:
    """Read UVs/material or vertex colours from a mesh's visual."""
    visual: Any = mesh.visual
    kind = getattr(visual, "kind", None)
    uv = getattr(visual, "uv", None) if kind == "texture" else None
    if uv is not None and len(uv) != len(mesh.vertices):
        uv = None
    colors = None
    if kind == "vertex":
        colors = np.asarray(visual.vertex_colors, dtype=np.uint8)
    material = getattr(visual, "material", None)
    return Attributes(
        uv=None if uv is None else np.asarray(uv, dtype=np.float64),
        colors=colors,
        material=material,
    )


def build(
    vertices: FloatArray,
    faces: npt.NDArray[np.int64],
    attrs: Attributes,
    face_colors: npt.NDArray[np.uint8] | None = None,
) -> trimesh.Trimesh:
    """Make a mesh, dropping unreferenced vertices and keeping the attribute arrays aligned."""
    faces = np.asarray(faces, dtype=np.int64).reshape(-1, 3)
    mask = np.zeros(len(vertices), dtype=bool)
    mask[faces.reshape(-1)] = True
    used = np.flatnonzero(mask)
    remap = np.full(len(vertices), -1, dtype=np.int64)
    remap[used] = np.arange(len(used))
    new_faces = remap[faces]
    verts = np.asarray(vertices, dtype=np.float64)[used]
    visual: Any = None
    if attrs.uv is not None:
        visual = trimesh.visual.TextureVisuals(  # type: ignore[no-untyped-call]
            uv=attrs.uv[used], material=attrs.material
        )
    elif attrs.colors is not None:
        visual = trimesh.visual.ColorVisuals(vertex_colors=attrs.colors[used])
    elif face_colors is not None:
        visual = trimesh.visual.ColorVisuals(face_colors=face_colors)
    return trimesh.Trimesh(vertices=verts, faces=new_faces, visual=visual, process=False)


def face_colors_of(mesh: trimesh.Trimesh) -> npt.NDArray[np.uint8] | None:
    """Explicit per-face colours, if the mesh has them (STL/PLY exports sometimes do)."""
    visual: Any = mesh.visual
    if getattr(visual, "kind", None) == "face":
        return np.asarray(visual.face_colors, dtype=np.uint8)
    return None


def smooth_normals(mesh: trimesh.Trimesh) -> FloatArray:
    """Unit vertex normals averaged across UV seams (by position), never zero-length.

    Vertices touched only by zero-area faces would otherwise get (0, 0, 0), which glTF forbids.
    """
    from .validate import weld

    verts = np.asarray(mesh.vertices, dtype=np.float64)
    faces = np.asarray(mesh.faces, dtype=np.int64)
    tri = verts[faces]
    area_normals = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    _, inverse = weld(mesh)
    accum = np.zeros((int(inverse.max()) + 1 if len(inverse) else 0, 3))
    for corner in range(3):
        np.add.at(accum, inverse[faces[:, corner]], area_normals)
    normals = accum[inverse]
    length = np.linalg.norm(normals, axis=1, keepdims=True)
    fallback = np.tile([0.0, 1.0, 0.0], (len(normals), 1))
    ok = length[:, 0] > 1e-30
    normals[ok] = normals[ok] / length[ok]
    normals[~ok] = fallback[~ok]
    return normals


def reorder_for_gpu(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    """Triangles in vertex-cache order and vertices in first-use order (meshoptimizer)."""
    from ._meshopt import optimise_order

    faces = np.asarray(mesh.faces, dtype=np.uint32)
    indices, remap = optimise_order(faces.reshape(-1), len(mesh.vertices))
    used = remap != np.uint32(0xFFFFFFFF)
    order = np.empty(int(used.sum()), dtype=np.int64)
    order[remap[used].astype(np.int64)] = np.flatnonzero(used)
    attrs = attributes(mesh)
    attrs.uv = None if attrs.uv is None else attrs.uv[order]
    attrs.colors = None if attrs.colors is None else attrs.colors[order]
    colors = face_colors_of(mesh)
    if colors is not None:  # per-face colours follow their faces: keep the original order
        return mesh
    return build(np.asarray(mesh.vertices)[order], indices.reshape(-1, 3).astype(np.int64), attrs)
