"""Illustrative 3D models for the demo, generated at seed time (no scan data ships in the repo).

They are stand-ins shaped like the relics — a dynastic urn and a bronze cannon — so a newcomer
sees the whole path a real scan takes: upload → processing task → levels of detail → viewer with
points of interest. Each is built Y-up, in metres, centred and standing on the floor, which is
the space the pipeline normalises to, so hotspot positions computed here stay valid after it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import trimesh
from PIL import Image


@dataclass(frozen=True)
class Hotspot:
    position: str  # "x y z" in metres
    normal: str


def _bronze_texture(seed: int, size: int = 512) -> Image.Image:
    """Dark bronze with green patina streaks: smooth noise from a few octaves of upsampling."""
    rng = np.random.default_rng(seed)
    noise = np.zeros((size, size))
    for octave in (8, 16, 32, 64):
        coarse = rng.random((octave, octave))
        noise += np.kron(coarse, np.ones((size // octave, size // octave))) / octave**0.5
    noise = (noise - noise.min()) / np.ptp(noise)
    bronze = np.array([96, 66, 38], dtype=float)
    patina = np.array([74, 112, 92], dtype=float)
    mix = np.clip((noise - 0.55) * 3, 0, 1)[..., None]
    rgb = bronze * (1 - mix) + patina * mix
    rgb *= (0.8 + 0.4 * noise)[..., None]
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8))


def _revolve(profile: np.ndarray, segments: int) -> trimesh.Trimesh:
    """A surface of revolution around Y from (radius, height) points."""
    return trimesh.creation.revolve(profile, sections=segments)


def _textured(mesh: trimesh.Trimesh, seed: int) -> trimesh.Trimesh:
    """Cylindrical UVs around the long axis, and a bronze texture."""
    centred = mesh.vertices - mesh.bounds.mean(axis=0)
    extent = np.ptp(mesh.vertices, axis=0)
    axis = int(np.argmax(extent))  # the cannon lies along X, the urn stands along Y
    others = [i for i in range(3) if i != axis]
    angle = np.arctan2(centred[:, others[0]], centred[:, others[1]])
    along = (mesh.vertices[:, axis] - mesh.bounds[0, axis]) / extent[axis]
    uv = np.column_stack([(angle + np.pi) / (2 * np.pi), along])
    material = trimesh.visual.material.PBRMaterial(
        baseColorTexture=_bronze_texture(seed), metallicFactor=0.7, roughnessFactor=0.5
    )
    mesh.visual = trimesh.visual.TextureVisuals(uv=uv, material=material)
    return mesh


def _standing(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    low, high = mesh.bounds
    mesh.apply_translation([-(low[0] + high[0]) / 2, -low[1], -(low[2] + high[2]) / 2])
    return mesh


def _ytoz() -> np.ndarray:
    """trimesh revolves around Z; the pipeline's space is Y-up."""
    return trimesh.transformations.rotation_matrix(-np.pi / 2, [1, 0, 0])


def dynastic_urn() -> trimesh.Trimesh:
    """About 2.5 m tall like Cao Đỉnh: a round belly on three legs, two upright handles."""
    heights = np.linspace(0, 1.55, 60)
    radius = 0.62 + 0.26 * np.sin(np.pi * heights / 1.7) - 0.08 * (heights / 1.55) ** 6
    radius[-4:] = np.linspace(radius[-5], 0.70, 4)  # flared lip
    profile = np.column_stack([radius, heights])
    profile = np.vstack([[0.0, 0.0], profile, [0.0, 1.45]])  # closed, with a dished top
    body = _revolve(profile, 160)
    body.apply_transform(_ytoz())
    body.apply_translation([0, 0.55, 0])
    parts = [body]
    for angle in np.radians([90, 210, 330]):
        # Sampled about as densely as the body, as a scan would be, so it is not "debris".
        rings = np.linspace(0, 0.75, 30)
        leg_profile = np.vstack([[0, 0], np.column_stack([0.11 - 0.02 * rings, rings]), [0, 0.75]])
        leg = _revolve(leg_profile, 64)
        leg.apply_transform(_ytoz())
        leg.apply_translation([0.45 * np.cos(angle), 0.0, 0.45 * np.sin(angle)])
        parts.append(leg)
    for side in (-1, 1):
        handle = trimesh.creation.torus(
            major_radius=0.22, minor_radius=0.05, major_sections=48, minor_sections=16
        )
        handle.apply_translation([side * 0.45, 2.25, 0])
        parts.append(handle)
    return _standing(_textured(trimesh.util.concatenate(parts), seed=1835))


def holy_cannon() -> trimesh.Trimesh:
    """About 5.1 m long: a tapering barrel with reinforcing rings, lying on its side."""
    along = np.linspace(0, 5.1, 220)
    radius = 0.36 - 0.12 * along / 5.1
    for ring in (0.35, 1.6, 2.9, 4.3, 4.95):
        radius += 0.035 * np.exp(-(((along - ring) / 0.05) ** 2))
    radius[:6] = np.linspace(0.18, radius[6], 6)  # the cascabel end
    profile = np.column_stack([radius, along])
    profile = np.vstack([[0.0, 0.0], profile, [0.12, 5.1], [0.12, 4.6], [0.0, 4.6]])  # the bore
    barrel = _revolve(profile, 128)
    barrel.apply_transform(trimesh.transformations.rotation_matrix(np.pi / 2, [0, 1, 0]))
    return _standing(_textured(barrel, seed=1803))


def surface_point(mesh: trimesh.Trimesh, near: tuple[float, float, float]) -> Hotspot:
    """The mesh vertex closest to ``near``, with its outward normal (the meshes are dense
    enough that a vertex is on the surface to the millimetre a visitor could see)."""
    index = int(np.argmin(np.linalg.norm(mesh.vertices - np.asarray(near), axis=1)))
    normal = mesh.vertex_normals[index]
    return Hotspot(
        position=" ".join(f"{value:.3f}" for value in mesh.vertices[index]),
        normal=" ".join(f"{value:.3f}" for value in normal),
    )


def glb(mesh: trimesh.Trimesh) -> bytes:
    buffer = io.BytesIO()
    mesh.export(buffer, file_type="glb")
    return buffer.getvalue()
