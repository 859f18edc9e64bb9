"""Repair: each fix is counted, and topology is judged on positions so UV seams stay split."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import trimesh
from scipy.sparse import coo_matrix  # type: ignore[import-untyped]
from scipy.sparse.csgraph import (  # type: ignore[import-untyped]
    breadth_first_order,
    connected_components,
)

from .errors import EmptyMeshError
from .meshutil import attributes, build, face_colors_of
from .options import Options
from .validate import component_labels, degenerate_mask, duplicate_mask, row_keys, weld

IntArray = npt.NDArray[np.int64]


@dataclass
class RepairReport:
    """What repair changed; holes it left open are listed so a curator knows."""

    non_finite_faces_removed: int = 0
    vertices_merged: int = 0
    degenerate_faces_removed: int = 0
    duplicate_faces_removed: int = 0
    debris_components_removed: int = 0
    debris_faces_removed: int = 0
    faces_flipped: int = 0
    components_inverted: int = 0
    winding_skipped: bool = False
    holes_found: int = 0
    holes_filled: int = 0
    holes_left_open: list[int] = field(default_factory=list)
    faces_after: int = 0
    seconds: float = 0.0


def _keep(mesh: trimesh.Trimesh, mask: npt.NDArray[np.bool_]) -> trimesh.Trimesh:
    colors = face_colors_of(mesh)
    return build(
        np.asarray(mesh.vertices),
        np.asarray(mesh.faces)[mask],
        attributes(mesh),
        None if colors is None else colors[mask],
    )


def _orient(welded: IntArray) -> tuple[npt.NDArray[np.bool_], IntArray]:
    """Flip bits making winding consistent across manifold edges (BFS over the face graph)."""
    n = len(welded)
    directed = np.concatenate([welded[:, [0, 1]], welded[:, [1, 2]], welded[:, [2, 0]]])
    face_ids = np.tile(np.arange(n), 3)
    forward = directed[:, 0] < directed[:, 1]
    key = np.sort(directed, axis=1)
    order = np.lexsort((key[:, 1], key[:, 0]))
    key, face_ids, forward = key[order], face_ids[order], forward[order]
    same = (key[1:] == key[:-1]).all(axis=1)
    # manifold pairs: exactly two uses of the edge (no equal neighbour before or after the pair)
    before = np.concatenate([[False], same[:-1]])
    after = np.concatenate([same[1:], [False]])
    first = np.flatnonzero(same & ~before & ~after)
    a, b = face_ids[first], face_ids[first + 1]
    flip_rel = forward[first] == forward[first + 1]  # same direction -> inconsistent
    keep = a != b
    a, b, flip_rel = a[keep], b[keep], flip_rel[keep]
    rel = coo_matrix(
        (np.ones(2 * len(a), dtype=np.int8), (np.concatenate([a, b]), np.concatenate([b, a]))),
        shape=(n, n),
    ).tocsr()
    # Relative flip of a face pair, looked up by a sorted (low, high) key.
    pair_key = np.minimum(a, b) * n + np.maximum(a, b)
    by_key = np.argsort(pair_key)
    pair_key, pair_flip = pair_key[by_key], flip_rel[by_key]
    # A spanning forest (one BFS tree per component), then each face's flip is the XOR of the
    # relative flips along its path to the root, computed by pointer jumping in O(log depth).
    parent = np.arange(n, dtype=np.int64)
    bit = np.zeros(n, dtype=bool)
    comp = np.full(n, -1, dtype=np.int64)
    count, labels = connected_components(rel, directed=False)
    first_face = np.full(count, -1, dtype=np.int64)
    first_face[labels[::-1]] = np.arange(n)[::-1]
    for label, root in enumerate(first_face.tolist()):
        bfs, pred = breadth_first_order(rel, root, directed=False, return_predecessors=True)
        comp[bfs] = label
        rest = bfs[1:]
        if len(rest):
            parent[rest] = pred[rest]
            child, above = rest.astype(np.int64), pred[rest].astype(np.int64)  # int32 overflows
            lookup = np.minimum(child, above) * n + np.maximum(child, above)
            bit[rest] = pair_flip[np.searchsorted(pair_key, lookup)]
    while True:
        grand = parent[parent]
        if np.array_equal(grand, parent):
            break
        bit = bit ^ bit[parent]
        parent = grand
    bit = bit ^ bit[parent]  # roots carry no flip, so this is a no-op safeguard
    return bit, comp


def _fix_winding(mesh: trimesh.Trimesh, report: RepairReport) -> trimesh.Trimesh:
    welded, _ = weld(mesh)
    flips, comp = _orient(welded)
    faces = np.asarray(mesh.faces).copy()
    verts = np.asarray(mesh.vertices, dtype=np.float64)
    oriented = faces.copy()
    oriented[flips] = oriented[flips][:, ::-1]
    # Point each component outward: negative signed volume means inside-out.
    tri = verts[oriented]
    centre = verts.mean(axis=0)
    vol = np.einsum(
        "ij,ij->i", tri[:, 0] - centre, np.cross(tri[:, 1] - centre, tri[:, 2] - centre)
    )
    comp_vol = np.bincount(comp, weights=vol, minlength=int(comp.max()) + 1)
    inverted = comp_vol < 0
    final_flip = flips ^ inverted[comp]
    faces[final_flip] = faces[final_flip][:, ::-1]
    report.faces_flipped = int(final_flip.sum())
    report.components_inverted = int(inverted.sum())
    attrs = attributes(mesh)
    return build(verts, faces, attrs, face_colors_of(mesh))


def _boundary_loops(welded: IntArray, faces: IntArray) -> list[list[tuple[int, int, int, int]]]:
    """Loops of boundary edges as (welded a, welded b, original a, original b), in face order."""
    directed = np.concatenate([welded[:, [0, 1]], welded[:, [1, 2]], welded[:, [2, 0]]])
    original = np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]])
    _, inverse, counts = np.unique(
        row_keys(np.sort(directed, axis=1)), return_inverse=True, return_counts=True
    )
    boundary = counts[inverse.reshape(-1)] == 1
    edges = [
        (int(a), int(b), int(oa), int(ob))
        for (a, b), (oa, ob) in zip(directed[boundary], original[boundary], strict=True)
    ]
    outgoing: dict[int, list[tuple[int, int, int, int]]] = {}
    for edge in edges:
        outgoing.setdefault(edge[0], []).append(edge)
    loops: list[list[tuple[int, int, int, int]]] = []
    for edge in edges:
        if edge not in outgoing.get(edge[0], []):
            continue
        loop = []
        current = edge
        while True:
            outgoing[current[0]].remove(current)
            loop.append(current)
            nxt = outgoing.get(current[1])
            if not nxt:
                break
            current = nxt[0]
            if current[0] == loop[0][0] and current is loop[0]:
                break
        loops.extend(_split_at_repeats(loop))
    return loops


Edge = tuple[int, int, int, int]


def _split_at_repeats(loop: list[Edge]) -> list[list[Edge]]:
    """Cut a figure-eight chain (holes touching at a vertex) into simple loops."""
    result: list[list[Edge]] = []
    stack: list[Edge] = []
    position: dict[int, int] = {}
    for edge in loop:
        start = edge[0]
        if start in position:
            cut = position[start]
            result.append(stack[cut:])
            for removed in stack[cut:]:
                position.pop(removed[0], None)
            stack = stack[:cut]
        position[start] = len(stack)
        stack.append(edge)
    if stack:
        result.append(stack)
    return result


def _fill_holes(mesh: trimesh.Trimesh, options: Options, report: RepairReport) -> trimesh.Trimesh:
    """Close small boundary loops with a fan around the centroid; report the large ones.

    Large openings are often real (a vase's mouth) or need a curator's decision (an unscanned
    base), so they are listed in holes_left_open (edge counts) rather than capped.
    """
    faces = np.asarray(mesh.faces, dtype=np.int64)
    welded, _ = weld(mesh)
    loops = _boundary_loops(welded, faces)
    report.holes_found = len(loops)
    verts = np.asarray(mesh.vertices, dtype=np.float64)
    max_span = options.max_hole_fraction * float(np.linalg.norm(np.ptp(verts, axis=0)))
    attrs = attributes(mesh)
    new_verts: list[npt.NDArray[np.float64]] = []
    new_uv: list[npt.NDArray[np.float64]] = []
    new_col: list[npt.NDArray[np.uint8]] = []
    new_faces: list[list[int]] = []
    for loop in loops:
        closed = len(loop) >= 3 and loop[-1][1] == loop[0][0]
        ring_points = verts[[e[2] for e in loop]]
        span = float(np.ptp(ring_points, axis=0).max()) if len(loop) else 0.0
        if not closed or len(loop) > options.max_hole_edges or span > max_span:
            report.holes_left_open.append(len(loop))
            continue
        ring = np.array([e[2] for e in loop], dtype=np.int64)
        centre_index = len(verts) + len(new_verts)
        new_verts.append(verts[ring].mean(axis=0))
        if attrs.uv is not None:
            new_uv.append(attrs.uv[ring].mean(axis=0))
        if attrs.colors is not None:
            new_col.append(attrs.colors[ring].mean(axis=0).astype(np.uint8))
        new_faces.extend([e[3], e[2], centre_index] for e in loop)
        report.holes_filled += 1
    if not new_faces:
        return mesh
    all_verts = np.vstack([verts, np.array(new_verts)])
    if attrs.uv is not None:
        attrs.uv = np.vstack([attrs.uv, np.array(new_uv)])
    if attrs.colors is not None:
        attrs.colors = np.vstack([attrs.colors, np.array(new_col)])
    all_faces = np.vstack([faces, np.array(new_faces, dtype=np.int64)])
    colors = face_colors_of(mesh)
    if colors is not None:
        colors = np.vstack([colors, np.repeat(colors[:1], len(new_faces), axis=0)])
    return build(all_verts, all_faces, attrs, colors)


def repair(mesh: trimesh.Trimesh, options: Options) -> tuple[trimesh.Trimesh, RepairReport]:
    """Return a cleaned copy and a report; raises EmptyMeshError if nothing usable remains."""
    start = time.perf_counter()
    report = RepairReport()
    verts = np.asarray(mesh.vertices)
    finite = np.isfinite(verts).all(axis=1)
    if not finite.all():
        ok = finite[np.asarray(mesh.faces)].all(axis=1)
        report.non_finite_faces_removed = int((~ok).sum())
        mesh = _keep(mesh, ok)
    if len(mesh.faces) == 0:
        raise EmptyMeshError(
            "No faces are left after removing vertices with NaN/infinite coordinates.",
            "The export is broken: export the scan again from the scanning software.",
        )
    before = len(mesh.vertices)
    mesh = mesh.copy()
    mesh.merge_vertices(merge_tex=False, merge_norm=True)
    report.vertices_merged = before - len(mesh.vertices)

    welded, _ = weld(mesh)
    bad = degenerate_mask(mesh, welded)
    report.degenerate_faces_removed = int(bad.sum())
    dup = duplicate_mask(welded) & ~bad
    report.duplicate_faces_removed = int(dup.sum())
    if bad.any() or dup.any():
        mesh = _keep(mesh, ~(bad | dup))
    if len(mesh.faces) == 0:
        raise EmptyMeshError(
            "Every face is degenerate (zero area).",
            "Export the mesh again; it may be a point cloud.",
        )

    welded, inverse = weld(mesh)
    count, labels = component_labels(welded, int(inverse.max()) + 1)
    if count > 1:
        sizes = np.bincount(labels)
        small = (sizes < options.debris_fraction * len(welded)) & (sizes < sizes.max())
        drop = small[labels]
        report.debris_components_removed = int(small.sum())
        report.debris_faces_removed = int(drop.sum())
        if drop.any():
            mesh = _keep(mesh, ~drop)

    if len(mesh.faces) <= options.fix_winding_max_faces:
        mesh = _fix_winding(mesh, report)
    else:
        report.winding_skipped = True
    mesh = _fill_holes(mesh, options, report)
    report.faces_after = len(mesh.faces)
    report.seconds = round(time.perf_counter() - start, 3)
    return mesh, report
