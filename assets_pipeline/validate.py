"""Inspect a mesh without changing it; topology is judged on positions so UV seams are not holes.

analyse() does the costly work once (weld, one sort of every edge use, components); validate()
reports from it and repair() reuses it, so a 1.3M-face scan is welded and sorted once, not six
times.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import trimesh
from scipy.sparse import coo_matrix  # type: ignore[import-untyped]
from scipy.sparse.csgraph import connected_components  # type: ignore[import-untyped]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]


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
    inverse = weld_ids(np.asarray(mesh.vertices, dtype=np.float64), digits)
    return inverse[np.asarray(mesh.faces, dtype=np.int64)], inverse


def weld_ids(verts: npt.NDArray[np.float64], digits: int = 6) -> IntArray:
    """Vertex -> id shared by every vertex at the same position (to 10**-digits of the size)."""
    finite = np.isfinite(verts).all(axis=1)
    scale = float(np.ptp(verts[finite], axis=0).max()) if finite.any() else 1.0
    quant = np.round(verts / max(scale, 1e-12) * 10**digits)
    bad = ~finite
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
    return np.asarray(inverse).reshape(-1).astype(np.int64)


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


@dataclass
class EdgeUses:
    """Every use of an edge by a face (self-edges of collapsed faces left out), sorted so the
    uses of one undirected edge sit together, and within them those of one direction.

    face/corner say where the use is: the face's edge from corner c to corner c + 1.
    """

    face: IntArray
    corner: npt.NDArray[np.int8]
    key: IntArray
    forward: BoolArray

    @classmethod
    def of(cls, welded: IntArray) -> EdgeUses:
        """Index the edges of welded faces with one sort."""
        n = len(welded)
        a = welded.reshape(-1)
        b = np.roll(welded, -1, axis=1).reshape(-1)
        slot = np.arange(3 * n, dtype=np.int64)
        real = a != b
        if not real.all():
            a, b, slot = a[real], b[real], slot[real]
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        top = int(hi.max()) + 1 if len(hi) else 1
        forward = a < b
        sort_key = (lo * top + hi) * 2 + ~forward
        slot_bits = max(1, int(3 * n).bit_length())
        if len(sort_key) and int(sort_key.max()).bit_length() + slot_bits <= 63:
            # Sorting values is about twice as fast as argsort: carry the slot in the low bits.
            packed = np.sort((sort_key << slot_bits) | slot)
            slot = packed & ((1 << slot_bits) - 1)
            sort_key = packed >> slot_bits
        else:
            order = np.argsort(sort_key)
            slot, sort_key = slot[order], sort_key[order]
        return cls(slot // 3, (slot % 3).astype(np.int8), sort_key >> 1, (sort_key & 1) == 0)

    def subset(self, keep_faces: BoolArray) -> EdgeUses:
        """The uses by kept faces only; filtering keeps the order, so no new sort."""
        mask = keep_faces[self.face]
        return EdgeUses(self.face[mask], self.corner[mask], self.key[mask], self.forward[mask])

    def runs(self) -> tuple[IntArray, IntArray]:
        """(start, length) of each undirected edge's run of uses."""
        if len(self.key) == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        starts = np.flatnonzero(np.concatenate([[True], self.key[1:] != self.key[:-1]]))
        lengths = np.diff(np.append(starts, len(self.key)))
        return starts, lengths

    def stats(self) -> tuple[int, int, int]:
        """(boundary, non-manifold, inconsistently wound) edge counts."""
        _, lengths = self.runs()
        if len(self.key) == 0:
            return 0, 0, 0
        # A directed edge used twice: same key and direction as the previous use, counted once.
        same = (self.key[1:] == self.key[:-1]) & (self.forward[1:] == self.forward[:-1])
        first_repeat = same & np.concatenate([[True], ~same[:-1]])
        return int((lengths == 1).sum()), int((lengths > 2).sum()), int(first_repeat.sum())


def edge_stats(faces: IntArray) -> tuple[int, int, int]:
    """(boundary, non-manifold, inconsistently wound) edge counts on welded faces."""
    return EdgeUses.of(np.asarray(faces, dtype=np.int64).reshape(-1, 3)).stats()


def component_labels(faces: IntArray, vertex_count: int) -> tuple[int, IntArray]:
    """Connected components of faces sharing a welded vertex: (count, label per face).

    Labels are 0..count-1 over faces only (vertices no face uses are not components).
    """
    if len(faces) == 0:
        return 0, np.zeros(0, dtype=np.int64)
    rows = np.concatenate([faces[:, 0], faces[:, 1]])
    cols = np.concatenate([faces[:, 1], faces[:, 2]])
    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(vertex_count, vertex_count))
    _, labels = connected_components(graph, directed=False)
    _, compact = np.unique(np.asarray(labels)[faces[:, 0]], return_inverse=True)
    compact = np.asarray(compact, dtype=np.int64).reshape(-1)
    return int(compact.max()) + 1, compact


def area_vectors(mesh: trimesh.Trimesh) -> FloatArray:
    """Per face (b - a) x (c - a): its normal times twice its area."""
    verts = np.asarray(mesh.vertices, dtype=np.float64)
    faces = np.asarray(mesh.faces, dtype=np.int64)
    a = verts[faces[:, 0]]
    with np.errstate(invalid="ignore", over="ignore"):
        return np.cross(verts[faces[:, 1]] - a, verts[faces[:, 2]] - a)


def degenerate_mask(
    mesh: trimesh.Trimesh, welded: IntArray, normals: FloatArray | None = None
) -> BoolArray:
    """Faces with a repeated (welded) vertex or zero area."""
    repeated = (
        (welded[:, 0] == welded[:, 1])
        | (welded[:, 1] == welded[:, 2])
        | (welded[:, 0] == welded[:, 2])
    )
    cross = area_vectors(mesh) if normals is None else normals
    with np.errstate(invalid="ignore", over="ignore"):
        area2 = np.einsum("ij,ij->i", cross, cross)
    verts = np.asarray(mesh.vertices, dtype=np.float64)
    finite = np.isfinite(verts)
    scale = float(np.abs(verts[finite]).max()) if finite.any() else 1.0
    return np.asarray(repeated | ~(area2 > (scale * 1e-9) ** 4), dtype=np.bool_)


def duplicate_mask(welded: IntArray) -> BoolArray:
    """Faces repeating an earlier face's vertex set (any order)."""
    if len(welded) == 0:
        return np.zeros(0, dtype=np.bool_)
    _, first = np.unique(row_keys(np.sort(welded, axis=1)), return_index=True)
    mask = np.ones(len(welded), dtype=np.bool_)
    mask[first] = False
    return mask


@dataclass
class Analysis:
    """Everything validate reports and repair starts from, computed once per mesh."""

    welded: IntArray
    inverse: IntArray
    non_finite: BoolArray
    normals: FloatArray
    degenerate: BoolArray
    duplicate: BoolArray
    uses: EdgeUses
    components: int
    labels: IntArray

    @property
    def weld_count(self) -> int:
        return int(self.inverse.max()) + 1 if len(self.inverse) else 0


def analyse(mesh: trimesh.Trimesh) -> Analysis:
    """Weld, sort every edge use and find components: the costly part of validate and repair.

    The independent parts run on threads (NumPy's sorts and SciPy's graph code release the GIL).
    """
    verts = np.asarray(mesh.vertices, dtype=np.float64)
    welded, inverse = weld(mesh)
    count = int(inverse.max()) + 1 if len(inverse) else 0
    with ThreadPoolExecutor(max_workers=3) as pool:
        uses = pool.submit(EdgeUses.of, welded)
        components = pool.submit(component_labels, welded, count)
        duplicate = pool.submit(duplicate_mask, welded)
        normals = area_vectors(mesh)
        degenerate = degenerate_mask(mesh, welded, normals)
        return Analysis(
            welded=welded,
            inverse=inverse,
            non_finite=~np.isfinite(verts).all(axis=1),
            normals=normals,
            degenerate=degenerate,
            duplicate=duplicate.result(),
            uses=uses.result(),
            components=components.result()[0],
            labels=components.result()[1],
        )


def validate(mesh: trimesh.Trimesh, analysis: Analysis | None = None) -> ValidationReport:
    """Count problems; never raises, so the report can always be shown."""
    analysis = analysis or analyse(mesh)
    boundary, non_manifold, inconsistent = analysis.uses.stats()
    faces = len(analysis.welded)
    return ValidationReport(
        vertices=len(analysis.inverse),
        faces=faces,
        non_finite_vertices=int(analysis.non_finite.sum()),
        degenerate_faces=int(analysis.degenerate.sum()),
        duplicate_faces=int(analysis.duplicate.sum()),
        boundary_edges=boundary,
        non_manifold_edges=non_manifold,
        inconsistent_edges=inconsistent,
        components=analysis.components,
        watertight=boundary == 0 and non_manifold == 0 and faces > 0,
    )
