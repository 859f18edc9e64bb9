"""Write one GLB per level straight from the arrays (no exporter round trip), then compress.

The geometry is prepared once per level (GPU order, smooth normals); only the texture changes
between the thumb's size attempts. pygltflib then checks the structure of what was written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import trimesh
from PIL import Image
from pygltflib import GLTF2  # type: ignore[import-untyped]

from .compress import compress_glb, write_glb
from .meshutil import attributes, reorder_for_gpu, smooth_normals
from .textures import TextureCache, TextureReport, base_color_image

GENERATOR = "heritage assets_pipeline"
ARRAY_BUFFER, ELEMENT_ARRAY_BUFFER = 34962, 34963
FLOAT, UNSIGNED_BYTE, UNSIGNED_SHORT, UNSIGNED_INT = 5126, 5121, 5123, 5125


@dataclass
class Prepared:
    """A level's vertex and index arrays in GPU order, ready to write with any texture."""

    positions: npt.NDArray[np.float32]
    normals: npt.NDArray[np.float32]
    uv: npt.NDArray[np.float32] | None
    colors: npt.NDArray[np.uint8] | None
    indices: npt.NDArray[np.uint32]
    image: Image.Image | None


def prepare(mesh: trimesh.Trimesh) -> Prepared:
    """Reorder for the vertex cache, compute smooth normals, flip V to glTF's top-left origin."""
    mesh = reorder_for_gpu(mesh)
    attrs = attributes(mesh)
    image = base_color_image(attrs.material) if attrs.uv is not None else None
    uv = None
    if attrs.uv is not None and image is not None:
        uv = np.column_stack([attrs.uv[:, 0], 1.0 - attrs.uv[:, 1]]).astype(np.float32)
    colors = None
    visual: Any = mesh.visual
    if uv is None and getattr(visual, "kind", None) in ("vertex", "face"):
        colors = np.asarray(visual.vertex_colors, dtype=np.uint8)  # face colours: averaged
    return Prepared(
        positions=np.ascontiguousarray(mesh.vertices, dtype=np.float32),
        normals=np.ascontiguousarray(smooth_normals(mesh), dtype=np.float32),
        uv=uv,
        colors=colors,
        indices=np.ascontiguousarray(mesh.faces, dtype=np.uint32).reshape(-1),
        image=image if uv is not None else None,
    )


def glb_bytes(prepared: Prepared, image: tuple[bytes, str] | None) -> bytes:
    """A plain glTF 2.0 binary: one mesh, one node, a matte PBR material (textured or not).

    glTF's default material is fully metallic, which renders dark in an environment-lit viewer;
    a scan is a diffuse surface, so every level gets metallic 0, roughness 1.
    """
    blob = bytearray()
    views: list[dict[str, Any]] = []
    accessors: list[dict[str, Any]] = []

    def view(data: bytes, target: int | None) -> int:
        blob.extend(b"\0" * (-len(blob) % 4))
        entry: dict[str, Any] = {"buffer": 0, "byteOffset": len(blob), "byteLength": len(data)}
        if target is not None:
            entry["target"] = target
        blob.extend(data)
        views.append(entry)
        return len(views) - 1

    def accessor(array: npt.NDArray[Any], component: int, kind: str, **extra: Any) -> int:
        target = ELEMENT_ARRAY_BUFFER if kind == "SCALAR" else ARRAY_BUFFER
        entry = {
            "bufferView": view(np.ascontiguousarray(array).tobytes(), target),
            "componentType": component,
            "count": len(array),
            "type": kind,
            **extra,
        }
        accessors.append(entry)
        return len(accessors) - 1

    pos = prepared.positions
    attributes_: dict[str, int] = {
        "POSITION": accessor(
            pos, FLOAT, "VEC3", min=pos.min(axis=0).tolist(), max=pos.max(axis=0).tolist()
        ),
        "NORMAL": accessor(prepared.normals, FLOAT, "VEC3"),
    }
    pbr: dict[str, Any] = {"metallicFactor": 0.0, "roughnessFactor": 1.0}
    doc: dict[str, Any] = {
        "asset": {"version": "2.0", "generator": GENERATOR},
        "scene": 0,
        "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0}],
        "materials": [{"name": "surface", "pbrMetallicRoughness": pbr}],
    }
    if prepared.uv is not None and image is not None:
        attributes_["TEXCOORD_0"] = accessor(prepared.uv, FLOAT, "VEC2")
        doc["images"] = [{"bufferView": view(image[0], None), "mimeType": image[1]}]
        doc["samplers"] = [{"magFilter": 9729, "minFilter": 9987, "wrapS": 10497, "wrapT": 10497}]
        doc["textures"] = [{"source": 0, "sampler": 0}]
        pbr["baseColorTexture"] = {"index": 0}
    elif prepared.colors is not None:
        attributes_["COLOR_0"] = accessor(
            prepared.colors[:, :4], UNSIGNED_BYTE, "VEC4", normalized=True
        )
    small = len(pos) < 65535
    indices = prepared.indices.astype(np.uint16) if small else prepared.indices
    index = accessor(indices, UNSIGNED_SHORT if small else UNSIGNED_INT, "SCALAR")
    doc["meshes"] = [
        {"primitives": [{"attributes": attributes_, "indices": index, "material": 0, "mode": 4}]}
    ]
    doc["accessors"] = accessors
    doc["bufferViews"] = views
    doc["buffers"] = [{"byteLength": len(blob) + (-len(blob) % 4)}]
    return write_glb(doc, bytes(blob))


def write_level(
    mesh: trimesh.Trimesh,
    path: Path,
    attempts: list[tuple[int, int]],
    compression: str = "none",
    max_bytes: int | None = None,
    textures: TextureCache | None = None,
) -> tuple[TextureReport | None, int]:
    """Write the GLB, trying (texture px, JPEG quality) attempts until it fits max_bytes.

    Returns the texture report and the uncompressed GLB size.
    """
    prepared = prepare(mesh)
    textures = textures or TextureCache()
    texture: TextureReport | None = None
    plain = 0
    for texture_px, quality in attempts:
        image = None
        if prepared.image is not None:
            encoded = textures.get(prepared.image, texture_px, quality)
            image, texture = (encoded.data, encoded.mime), encoded.report
        data = glb_bytes(prepared, image)
        plain = len(data)
        if compression == "meshopt":
            data, _ = compress_glb(data)
        path.write_bytes(data)
        if texture is None or max_bytes is None or len(data) <= max_bytes:
            break
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
