"""Inspect a mesh without changing it; topology is judged on positions so UV seams are not holes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import trimesh
from scipy.sparse import coo_matrix  # type: ignore[import-untyped]
from scipy.sparse.csgraph import connected_components  # type: ignore[import-untyped]

IntArray = npt.NDArray[np.int64]


@dataclass
class ValidationReport:
    """Counts of every problem found; repair uses the same checks and reports what it changed."""

    vertices: int
    faces: int
    non_finite_vertices: int
    degenerate_faces: int
    duplicate_faces: int
    boundary_edges: int
    non_manifold_edges: int
    inconsistent_edges: int
    components: int
    watertight: bool


def weld(mesh: trimesh.Trimesh, digits: int = 6) -> tuple[IntArray, IntArray]:
    """Map each vertex to a position-only id: (welded faces, vertex -> welded id)."""
    verts = np.asarray(mesh.vertices, dtype=np.float64)
    scale = (
        float(np.ptp(verts[np.isfinite(verts).all(axis=1)], axis=0).max()) if len(verts) else 1.0
    )
    quant = np.round(verts / max(scale, 1e-12) * 10**digits)
    bad = ~np.isfinite(quant).all(axis=1)
    quant[bad] = 0
    rows = quant.astype(np.int64) - quant.astype(np.int64).min(axis=0) if len(quant) else quant
    if len(rows) and int(rows.max()) < 2**21:
        key = (rows[:, 0] << 42) | (rows[:, 1] << 21) | rows[:, 2]
        key[bad] = -1 - np.flatnonzero(bad)  # non-finite vertices never merge
        _, inverse = np.unique(key, return_inverse=True)
    else:
        rows = rows.astype(np.float64)
        rows[bad] = np.nan
        _, inverse = np.unique(np.nan_to_num(rows, nan=np.inf), axis=0, return_inverse=True)
    inverse = np.asarray(inverse).reshape(-1).astype(np.int64)
    return inverse[np.asarray(mesh.faces, dtype=np.int64)], inverse


def row_keys(rows: IntArray) -> npt.NDArray[np.int64] | npt.NDArray[np.void]:
    """One sortable key per row of non-negative ints (fast 1-D unique instead of axis=0)."""
    rows = np.ascontiguousarray(rows, dtype=np.int64)
    width = rows.shape[1]
    top = int(rows.max()) + 1 if rows.size else 1
    bits = max(1, top.bit_length())
    if bits * width <= 63:
        key = np.zeros(len(rows), dtype=np.int64)
        for col in range(width):
            key = (key << bits) | rows[:, col]
        return key
    return rows.view(np.dtype((np.void, 8 * width))).reshape(-1)


def edge_stats(faces: IntArray, directed: bool = True) -> tuple[int, int, int]:
    """(boundary, non-manifold, inconsistently wound) edge counts on welded faces.

    directed=False skips the winding count (reported as 0): half the work when only openness
    matters.
    """
    if len(faces) == 0:
        return 0, 0, 0
    edges = np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]])
    edges = edges[edges[:, 0] != edges[:, 1]]
    undirected = np.sort(edges, axis=1)
    _, counts = np.unique(row_keys(undirected), return_counts=True)
    inconsistent = 0
    if directed:
        _, dcounts = np.unique(row_keys(edges), return_counts=True)
        inconsistent = int((dcounts > 1).sum())
    return int((counts == 1).sum()), int((counts > 2).sum()), inconsistent


def component_labels(faces: IntArray, vertex_count: int) -> tuple[int, IntArray]:
    """Connected components of faces sharing a welded vertex."""
    if len(faces) == 0:
        return 0, np.zeros(0, dtype=np.int64)
    rows = np.concatenate([faces[:, 0], faces[:, 1]])
    cols = np.concatenate([faces[:, 1], faces[:, 2]])
    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(vertex_count, vertex_count))
    count, labels = connected_components(graph, directed=False)
    return int(count), np.asarray(labels, dtype=np.int64)[faces[:, 0]]


def degenerate_mask(mesh: trimesh.Trimesh, welded: IntArray) -> npt.NDArray[np.bool_]:
    """Faces with a repeated (welded) vertex or zero area."""
    repeated = (
        (welded[:, 0] == welded[:, 1])
        | (welded[:, 1] == welded[:, 2])
        | (welded[:, 0] == welded[:, 2])
    )
    tri = np.asarray(mesh.vertices, dtype=np.float64)[np.asarray(mesh.faces)]
    with np.errstate(invalid="ignore"):
        area = np.linalg.norm(np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), axis=1)
    scale = float(np.nanmax(np.abs(tri))) if tri.size and np.isfinite(tri).any() else 1.0
    return np.asarray(repeated | ~(area > (scale * 1e-9) ** 2), dtype=np.bool_)


def duplicate_mask(welded: IntArray) -> npt.NDArray[np.bool_]:
    """Faces repeating an earlier face's vertex set (any order)."""
    if len(welded) == 0:
        return np.zeros(0, dtype=np.bool_)
    _, first = np.unique(row_keys(np.sort(welded, axis=1)), return_index=True)
    mask = np.ones(len(welded), dtype=np.bool_)
    mask[first] = False
    return mask


def validate(mesh: trimesh.Trimesh) -> ValidationReport:
    """Count problems; never raises, so the report can always be shown."""
    verts = np.asarray(mesh.vertices)
    non_finite = int((~np.isfinite(verts).all(axis=1)).sum())
    welded, inverse = weld(mesh)
    boundary, non_manifold, inconsistent = edge_stats(welded)
    components, _ = component_labels(welded, int(inverse.max()) + 1 if len(inverse) else 0)
    return ValidationReport(
        vertices=len(verts),
        faces=len(welded),
        non_finite_vertices=non_finite,
        degenerate_faces=int(degenerate_mask(mesh, welded).sum()),
        duplicate_faces=int(duplicate_mask(welded).sum()),
        boundary_edges=boundary,
        non_manifold_edges=non_manifold,
        inconsistent_edges=inconsistent,
        components=components,
        watertight=boundary == 0 and non_manifold == 0 and len(welded) > 0,
    )
