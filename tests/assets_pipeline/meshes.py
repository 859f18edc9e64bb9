"""Generated test inputs: a UV-mapped sphere with a texture, and writers for every format."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import trimesh
from PIL import Image


def texture_image(size: int = 1024) -> Image.Image:
    """A checker-plus-gradient texture, so resizing and UV mistakes are visible."""
    y, x = np.mgrid[0:size, 0:size]
    checker = ((x // (size // 8) + y // (size // 8)) % 2).astype(np.uint8)
    rgb = np.stack(
        [
            120 + 100 * checker,
            (x * 255 // size).astype(np.uint8),
            (y * 255 // size).astype(np.uint8),
        ],
        axis=-1,
    ).astype(np.uint8)
    return Image.fromarray(rgb, "RGB")


def uv_sphere(
    nu: int = 64, nv: int = 32, radius: float = 1.0, textured: bool = True
) -> trimesh.Trimesh:
    """Lat-long sphere with the UV seam split (duplicated positions), like a photogrammetry export.

    Faces = 2 * nu * nv; the pole rows hold degenerate triangles, as real exports often do.
    """
    u = np.linspace(0.0, 1.0, nu + 1)
    v = np.linspace(0.0, 1.0, nv + 1)
    uu, vv = np.meshgrid(u, v)
    theta, phi = uu * 2 * np.pi, vv * np.pi
    verts = np.column_stack(
        [
            (radius * np.sin(phi) * np.cos(theta)).ravel(),
            (radius * -np.cos(phi)).ravel(),
            (radius * np.sin(phi) * np.sin(theta)).ravel(),
        ]
    )
    uv = np.column_stack([uu.ravel(), vv.ravel()])
    idx = np.arange((nv + 1) * (nu + 1)).reshape(nv + 1, nu + 1)
    a, b = idx[:-1, :-1].ravel(), idx[:-1, 1:].ravel()
    c, d = idx[1:, :-1].ravel(), idx[1:, 1:].ravel()
    faces = np.vstack([np.column_stack([a, c, b]), np.column_stack([b, c, d])])
    visual = None
    if textured:
        material = trimesh.visual.material.PBRMaterial(baseColorTexture=texture_image())
        visual = trimesh.visual.TextureVisuals(uv=uv, material=material)
    return trimesh.Trimesh(verts, faces, visual=visual, process=False)


def write_obj_zip(mesh: trimesh.Trimesh, path: Path) -> Path:
    """OBJ + MTL + PNG inside a zip, the usual photogrammetry upload."""
    files = trimesh.exchange.obj.export_obj(
        mesh, include_texture=True, return_texture=True, mtl_name="model.mtl"
    )
    text, extras = files
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("scan/model.obj", text)
        for name, data in extras.items():
            archive.writestr(f"scan/{name}", data)
    return path


def zip_bomb(path: Path, expanded: int = 5 * 1024**3) -> Path:
    """A small zip declaring a huge member (zeros compress ~1000:1)."""
    chunk = b"\0" * (1 << 20)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("bomb.obj", "w", force_zip64=True) as member,
    ):
        for _ in range(expanded // len(chunk)):
            member.write(chunk)
    return path


def glb_bytes(mesh: trimesh.Trimesh) -> bytes:
    data = mesh.export(file_type="glb")
    assert isinstance(data, bytes)
    return data


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
