"""Write one GLB per level: mesh + resized texture, then check the structure with pygltflib."""

from __future__ import annotations

from pathlib import Path

import trimesh
from pygltflib import GLTF2  # type: ignore[import-untyped]

from .compress import compress_glb
from .meshutil import attributes, reorder_for_gpu, smooth_normals
from .textures import TextureReport, base_color_image, encode


def write_glb(
    mesh: trimesh.Trimesh, path: Path, texture_px: int, quality: int, compression: str = "none"
) -> tuple[TextureReport | None, int]:
    """Export a GLB (textured meshes get a PBR material with a resized image), then compress.

    Returns the texture report and the uncompressed GLB size.
    """
    mesh = reorder_for_gpu(mesh)
    attrs = attributes(mesh)
    texture: TextureReport | None = None
    out = mesh.copy()
    image = base_color_image(attrs.material) if attrs.uv is not None else None
    if image is not None and attrs.uv is not None:
        resized, texture = encode(image, texture_px, quality)
        material = trimesh.visual.material.PBRMaterial(  # type: ignore[no-untyped-call]
            baseColorTexture=resized, metallicFactor=0.0, roughnessFactor=1.0, name="surface"
        )
        out.visual = trimesh.visual.TextureVisuals(  # type: ignore[no-untyped-call]
            uv=attrs.uv, material=material
        )
    out.vertex_normals = smooth_normals(out)  # type: ignore[method-assign]
    data = out.export(file_type="glb", include_normals=True)
    if not isinstance(data, bytes):
        raise TypeError("trimesh returned no GLB bytes")
    plain = len(data)
    if compression == "meshopt":
        data, _ = compress_glb(data)
    path.write_bytes(data)
    return texture, plain


def check_glb(path: Path) -> list[str]:
    """Structural problems in a written GLB (empty list when fine); the tests also run Khronos'."""
    problems: list[str] = []
    gltf = GLTF2().load_binary(str(path))
    if gltf.asset.version != "2.0":
        problems.append(f"asset.version is {gltf.asset.version}")
    blob = gltf.binary_blob() or b""
    for index, view in enumerate(gltf.bufferViews):
        limit = len(blob) if view.buffer == 0 else gltf.buffers[view.buffer].byteLength
        if (view.byteOffset or 0) + view.byteLength > limit:
            problems.append(f"bufferView {index} runs past its buffer")
    for index, accessor in enumerate(gltf.accessors):
        if accessor.bufferView is None or accessor.bufferView >= len(gltf.bufferViews):
            problems.append(f"accessor {index} has no valid bufferView")
    if not gltf.meshes:
        problems.append("no meshes")
    return problems
