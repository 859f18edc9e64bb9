"""EXT_meshopt_compression for GLB files: vertex and index buffer views encoded with meshoptimizer.

Works on the GLB's own JSON and binary chunks (no re-export), so it applies to any GLB we write.
Compressed views live in buffer 0 (the GLB chunk); buffer 1 is the uri-less fallback buffer the
extension requires. Vertex codec version 0 and index codec version 1, as EXT_meshopt_compression
specifies (newer codec versions belong to KHR_meshopt_compression).
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from typing import Any

import meshoptimizer  # type: ignore[import-untyped]
import numpy as np

from ._meshopt import decode

EXTENSION = "EXT_meshopt_compression"
_COMPONENT_BYTES = {5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4}
_TYPE_COUNT = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4, "MAT4": 16}


@dataclass
class CompressReport:
    """Byte counts before and after, for the level's report."""

    bytes_before: int
    bytes_after: int
    views_compressed: int


def read_glb(data: bytes) -> tuple[dict[str, Any], bytes]:
    """Split a GLB into its JSON document and binary chunk."""
    magic, version, length = struct.unpack_from("<4sII", data, 0)
    if magic != b"glTF" or version != 2 or length > len(data):
        raise ValueError("not a complete glTF 2.0 binary")
    json_len, _json_type = struct.unpack_from("<II", data, 12)
    doc = json.loads(data[20 : 20 + json_len])
    offset = 20 + json_len
    blob = b""
    if offset + 8 <= length:
        bin_len, _ = struct.unpack_from("<II", data, offset)
        blob = data[offset + 8 : offset + 8 + bin_len]
    return doc, blob


def write_glb(doc: dict[str, Any], blob: bytes) -> bytes:
    """Assemble a GLB with 4-byte aligned chunks."""
    text = json.dumps(doc, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 4)
    blob += b"\0" * (-len(blob) % 4)
    total = 12 + 8 + len(text) + (8 + len(blob) if blob else 0)
    out = struct.pack("<4sII", b"glTF", 2, total) + struct.pack("<II", len(text), 0x4E4F534A)
    out += text
    if blob:
        out += struct.pack("<II", len(blob), 0x004E4942) + blob
    return out


QUANTIZATION = "KHR_mesh_quantization"
TEXTURE_TRANSFORM = "KHR_texture_transform"


def _accessor_array(doc: dict[str, Any], blob: bytes, index: int) -> np.ndarray[Any, Any] | None:
    """A float accessor as a (count, n) array, or None unless it is tightly packed float."""
    acc = doc["accessors"][index]
    if acc.get("componentType") != 5126 or "bufferView" not in acc or acc.get("sparse"):
        return None
    view = doc["bufferViews"][acc["bufferView"]]
    width = _TYPE_COUNT[acc["type"]]
    if view.get("byteStride", 4 * width) != 4 * width:
        return None
    start = view.get("byteOffset", 0) + acc.get("byteOffset", 0)
    data = np.frombuffer(blob, dtype="<f4", count=acc["count"] * width, offset=start)
    return data.reshape(acc["count"], width)


def quantise_glb(data: bytes, position_bits: int = 14, uv_bits: int = 12) -> bytes:
    """KHR_mesh_quantization: positions uint16 (+ node scale/offset), normals int8, UVs unorm16.

    Halves vertex bytes before meshopt, and fewer significant bits compress far better. The
    defaults match gltfpack's: 14-bit positions (37 micrometres on a 60 cm vase) and 12-bit UVs
    (1/4096: a texel at 4k) stored in 16-bit integers.
    """
    top = float(2**position_bits - 1)
    uv_top = float(2**uv_bits - 1)
    doc, blob = read_glb(data)
    new_views: dict[int, bytes] = {}
    done_uv: set[int] = set()
    transformed = False
    mesh_dequant: dict[int, np.ndarray[Any, Any]] = {}
    for mesh_index, mesh in enumerate(doc.get("meshes", [])):
        prims = mesh.get("primitives", [])
        pos_ids = {p["attributes"].get("POSITION") for p in prims} - {None}
        positions = [_accessor_array(doc, blob, i) for i in pos_ids]
        if not positions or any(p is None for p in positions):
            continue
        stacked = np.vstack([p for p in positions if p is not None]).astype(np.float64)
        lo, hi = stacked.min(axis=0), stacked.max(axis=0)
        step = np.maximum(hi - lo, 1e-12) / top
        for acc_index, pos in zip(pos_ids, positions, strict=True):
            assert pos is not None
            q = np.clip(np.round((pos - lo) / step), 0, top).astype("<u2")
            padded = np.zeros((len(q), 4), dtype="<u2")
            padded[:, :3] = q
            _requantise(doc, acc_index, padded.tobytes(), 5123, False, 8, q)
            new_views[doc["accessors"][acc_index]["bufferView"]] = padded.tobytes()
        for prim in prims:
            attrs = prim["attributes"]
            normal = attrs.get("NORMAL")
            arr = _accessor_array(doc, blob, normal) if normal is not None else None
            if arr is not None and normal is not None:
                q8 = np.clip(np.round(arr * 127), -127, 127).astype("i1")
                packed = np.zeros((len(q8), 4), dtype="i1")
                packed[:, :3] = q8
                _requantise(doc, normal, packed.tobytes(), 5120, True, 4, q8)
                new_views[doc["accessors"][normal]["bufferView"]] = packed.tobytes()
            uv_index = attrs.get("TEXCOORD_0")
            uv = _accessor_array(doc, blob, uv_index) if uv_index is not None else None
            if uv is None or uv_index is None or uv_index in done_uv:
                continue
            material = _transformable_material(doc, prim, uv_index)
            if material is not None and np.isfinite(uv).all():
                # The integers themselves (small deltas, compress well) + KHR_texture_transform
                # mapping them back: uv = lo + q * (hi - lo) / uv_top, as gltfpack does.
                uv_lo = uv.min(axis=0).astype(np.float64)
                uv_span = np.maximum(uv.max(axis=0) - uv_lo, 1e-12)
                q16 = np.round((uv - uv_lo) / uv_span * uv_top).astype("<u2")
                _requantise(doc, uv_index, q16.tobytes(), 5123, True, 4, q16)
                info = material["pbrMetallicRoughness"]["baseColorTexture"]
                info.setdefault("extensions", {})[TEXTURE_TRANSFORM] = {
                    "offset": [float(uv_lo[0]), float(uv_lo[1])],
                    "scale": [float(v) * 65535.0 / uv_top for v in uv_span],
                }
                transformed = True
            elif uv.min() >= 0 and uv.max() <= 1:
                q16 = np.round(np.round(uv * uv_top) / uv_top * 65535).astype("<u2")
                _requantise(doc, uv_index, q16.tobytes(), 5123, True, 4, q16)
            else:
                continue
            done_uv.add(uv_index)
            new_views[doc["accessors"][uv_index]["bufferView"]] = q16.tobytes()
        matrix = np.eye(4)
        matrix[:3, :3] = np.diag(step)
        matrix[:3, 3] = lo
        mesh_dequant[mesh_index] = matrix
    if not mesh_dequant:
        return data
    for node in doc.get("nodes", []):
        if node.get("mesh") in mesh_dequant:
            local = _node_matrix(node)
            node.pop("translation", None)
            node.pop("rotation", None)
            node.pop("scale", None)
            node["matrix"] = (local @ mesh_dequant[node["mesh"]]).T.reshape(-1).tolist()
    out = bytearray()
    for index, view in enumerate(doc["bufferViews"]):
        payload = new_views.get(index)
        if payload is None:
            start = view.get("byteOffset", 0)
            payload = blob[start : start + view["byteLength"]]
        out += b"\0" * (-len(out) % 4)
        view["byteOffset"] = len(out)
        view["byteLength"] = len(payload)
        out += payload
    doc["buffers"] = [{"byteLength": len(out) + (-len(out) % 4)}]
    added = {QUANTIZATION, TEXTURE_TRANSFORM} if transformed else {QUANTIZATION}
    for key in ("extensionsUsed", "extensionsRequired"):
        doc[key] = sorted({*doc.get(key, []), *added})
    return write_glb(doc, bytes(out))


def _transformable_material(
    doc: dict[str, Any], prim: dict[str, Any], uv_index: int
) -> dict[str, Any] | None:
    """The primitive's material if TEXCOORD_0 feeds only its base colour texture, and only here.

    Then a KHR_texture_transform on that texture can carry the UV quantisation range.
    """
    materials = doc.get("materials", [])
    index = prim.get("material")
    if index is None or index >= len(materials):
        return None
    material: dict[str, Any] = materials[index]
    pbr = material.get("pbrMetallicRoughness", {})
    info = pbr.get("baseColorTexture")
    others = ("normalTexture", "occlusionTexture", "emissiveTexture")
    if (
        info is None
        or info.get("texCoord", 0) != 0
        or TEXTURE_TRANSFORM in info.get("extensions", {})
        or "metallicRoughnessTexture" in pbr
        or any(key in material for key in others)
    ):
        return None
    users = [
        p
        for mesh in doc.get("meshes", [])
        for p in mesh.get("primitives", [])
        if p.get("material") == index or p["attributes"].get("TEXCOORD_0") == uv_index
    ]
    if any(
        p.get("material") != index or p["attributes"].get("TEXCOORD_0") != uv_index for p in users
    ):
        return None
    return material


def _requantise(
    doc: dict[str, Any],
    index: int,
    payload: bytes,
    component: int,
    normalized: bool,
    stride: int,
    values: np.ndarray[Any, Any],
) -> None:
    acc = doc["accessors"][index]
    acc["componentType"] = component
    acc["byteOffset"] = 0
    if normalized:
        acc["normalized"] = True
    else:
        acc.pop("normalized", None)
    acc["min"] = values.min(axis=0).astype(int).tolist()
    acc["max"] = values.max(axis=0).astype(int).tolist()
    view = doc["bufferViews"][acc["bufferView"]]
    view["byteStride"] = stride
    view["byteLength"] = len(payload)
    view["target"] = 34962


def _node_matrix(node: dict[str, Any]) -> np.ndarray[Any, Any]:
    """A node's local transform as a 4x4 matrix (glTF stores column-major)."""
    if "matrix" in node:
        return np.asarray(node["matrix"], dtype=np.float64).reshape(4, 4).T
    matrix = np.eye(4)
    x, y, z, w = node.get("rotation", [0.0, 0.0, 0.0, 1.0])
    rotation = np.array(
        [
            [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
            [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
            [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
        ]
    )
    matrix[:3, :3] = rotation @ np.diag(node.get("scale", [1.0, 1.0, 1.0]))
    matrix[:3, 3] = node.get("translation", [0.0, 0.0, 0.0])
    return matrix


def _view_roles(doc: dict[str, Any]) -> dict[int, tuple[str, int, int]]:
    """bufferView -> (mode, count, element bytes) for views holding exactly one accessor."""
    index_accessors = {
        prim["indices"]
        for mesh in doc.get("meshes", [])
        for prim in mesh.get("primitives", [])
        if "indices" in prim and prim.get("mode", 4) == 4
    }
    uses: dict[int, list[int]] = {}
    for i, acc in enumerate(doc.get("accessors", [])):
        if "bufferView" in acc:
            uses.setdefault(acc["bufferView"], []).append(i)
    roles: dict[int, tuple[str, int, int]] = {}
    for view_index, accessors in uses.items():
        if len(accessors) != 1:
            continue
        acc = doc["accessors"][accessors[0]]
        if acc.get("byteOffset", 0) != 0 or acc.get("sparse"):
            continue
        size = _COMPONENT_BYTES[acc["componentType"]] * _TYPE_COUNT[acc["type"]]
        view = doc["bufferViews"][view_index]
        size = view.get("byteStride", size)
        if view["byteLength"] != size * acc["count"]:
            continue
        if accessors[0] in index_accessors and acc["componentType"] in (5123, 5125):
            roles[view_index] = ("TRIANGLES", int(acc["count"]), size)
        elif size % 4 == 0 and size <= 256 and accessors[0] not in index_accessors:
            roles[view_index] = ("ATTRIBUTES", int(acc["count"]), size)
    return roles


def _is_int8x4(doc: dict[str, Any], index: int | None) -> bool:
    """A quantised NORMAL accessor: normalised int8 VEC3 in a 4-byte stride, view to itself."""
    if index is None:
        return False
    acc = doc["accessors"][index]
    view = doc["bufferViews"][acc.get("bufferView", -1)] if "bufferView" in acc else {}
    return bool(
        acc.get("componentType") == 5120
        and acc.get("normalized")
        and acc["type"] == "VEC3"
        and view.get("byteStride") == 4
    )


def oct_encode(normals: np.ndarray[Any, Any], bits: int = 8) -> np.ndarray[Any, Any]:
    """meshopt_encodeFilterOct for 4-byte normals: (u, v) octahedral snorm, then 1.0, then w.

    The OCTAHEDRAL filter decodes it back to a unit int8 normal; two varying bytes instead of
    three make the vertex codec's job easier (gltfpack does the same).
    """
    n = normals[:, :3].astype(np.float64)
    length = np.abs(n).sum(axis=1)
    n = n / np.where(length > 0, length, 1.0)[:, None]
    x, y, z = n[:, 0], n[:, 1], n[:, 2]
    sign_x, sign_y = np.where(x >= 0, 1.0, -1.0), np.where(y >= 0, 1.0, -1.0)
    u = np.where(z >= 0, x, (1 - np.abs(y)) * sign_x)
    v = np.where(z >= 0, y, (1 - np.abs(x)) * sign_y)
    top = float(2 ** (bits - 1) - 1)

    def snorm(value: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        value = np.clip(value, -1.0, 1.0) * top
        return np.trunc(value + np.where(value >= 0, 0.5, -0.5))

    out = np.zeros((len(n), 4), dtype=np.int8)
    out[:, 0], out[:, 1] = snorm(u), snorm(v)
    out[:, 2] = int(top)
    out[:, 3] = normals[:, 3]
    return out


def compress_glb(data: bytes, quantise: bool = True) -> tuple[bytes, CompressReport]:
    """Return the GLB quantised and with its vertex/index views meshopt-encoded (both required)."""
    before = len(data)
    if quantise:
        data = quantise_glb(data)
    doc, blob = read_glb(data)
    roles = _view_roles(doc)
    if not roles or len(doc.get("buffers", [])) != 1:
        return data, CompressReport(before, len(data), 0)
    normal_views = {
        doc["accessors"][prim["attributes"]["NORMAL"]]["bufferView"]
        for mesh in doc.get("meshes", [])
        for prim in mesh.get("primitives", [])
        if _is_int8x4(doc, prim["attributes"].get("NORMAL"))
    } & {view for view, role in roles.items() if role[0] == "ATTRIBUTES"}
    meshoptimizer.encode_vertex_version(0)
    meshoptimizer.encode_index_version(1)
    new_blob = bytearray()
    fallback_length = len(blob)
    for index, view in enumerate(doc["bufferViews"]):
        start, length = view.get("byteOffset", 0), view["byteLength"]
        raw = blob[start : start + length]
        role = roles.get(index)
        new_blob += b"\0" * (-len(new_blob) % 4)
        if role is None:
            view["byteOffset"] = len(new_blob)
            new_blob += raw
            continue
        mode, count, size = role
        if mode == "TRIANGLES":
            dtype = np.uint16 if size == 2 else np.uint32
            indices = np.frombuffer(raw, dtype=dtype).astype(np.uint32)
            encoded = meshoptimizer.encode_index_buffer(
                indices, len(indices), int(indices.max()) + 1
            )
        elif index in normal_views:
            raw = oct_encode(np.frombuffer(raw, dtype=np.int8).reshape(count, 4)).tobytes()
            encoded = meshoptimizer.encode_vertex_buffer(
                np.frombuffer(raw, dtype=np.uint8).reshape(count, size), count, size
            )
        else:
            encoded = meshoptimizer.encode_vertex_buffer(
                np.frombuffer(raw, dtype=np.uint8).reshape(count, size), count, size
            )
        ext = {
            "buffer": 0,
            "byteOffset": len(new_blob),
            "byteLength": len(encoded),
            "byteStride": size,
            "count": count,
            "mode": mode,
        }
        if index in normal_views:
            ext["filter"] = "OCTAHEDRAL"
        new_blob += encoded
        view["buffer"] = 1
        view["byteOffset"] = start
        if mode == "ATTRIBUTES":
            view["byteStride"] = size
        view.setdefault("extensions", {})[EXTENSION] = ext
    doc["buffers"] = [
        {"byteLength": len(new_blob) + (-len(new_blob) % 4)},
        {"byteLength": fallback_length, "extensions": {EXTENSION: {"fallback": True}}},
    ]
    for key in ("extensionsUsed", "extensionsRequired"):
        doc[key] = sorted({*doc.get(key, []), EXTENSION})
    out = write_glb(doc, bytes(new_blob))
    return out, CompressReport(before, len(out), len(roles))


def decompress_glb(data: bytes) -> bytes:
    """Inverse of compress_glb: a plain GLB any loader reads (used by tests and as a fallback)."""
    doc, blob = read_glb(data)
    if EXTENSION not in doc.get("extensionsUsed", []):
        return data
    fallback = next(
        i for i, b in enumerate(doc["buffers"]) if b.get("extensions", {}).get(EXTENSION)
    )
    out = bytearray(doc["buffers"][fallback]["byteLength"])
    for view in doc["bufferViews"]:
        ext = view.get("extensions", {}).pop(EXTENSION, None)
        if ext is None:
            src = blob[view.get("byteOffset", 0) : view.get("byteOffset", 0) + view["byteLength"]]
            view["byteOffset"] = len(out) + (-len(out) % 4)
            out += b"\0" * (-len(out) % 4) + src
            view["buffer"] = 0
            continue
        encoded = blob[ext["byteOffset"] : ext["byteOffset"] + ext["byteLength"]]
        payload = decode(ext["mode"], ext["count"], ext["byteStride"], encoded)
        if ext.get("filter") == "OCTAHEDRAL":
            payload = meshoptimizer.decode_filter_oct(
                np.frombuffer(payload, dtype=np.uint8), ext["count"], ext["byteStride"]
            ).tobytes()
        elif ext.get("filter", "NONE") != "NONE":
            raise ValueError(f"meshopt filter {ext['filter']} is not supported here")
        start = view.get("byteOffset", 0)
        out[start : start + len(payload)] = payload
        view["buffer"] = 0
        if not view.get("extensions"):
            view.pop("extensions", None)
    doc["buffers"] = [{"byteLength": len(out) + (-len(out) % 4)}]
    for key in ("extensionsUsed", "extensionsRequired"):
        rest = [e for e in doc.get(key, []) if e != EXTENSION]
        if rest:
            doc[key] = rest
        else:
            doc.pop(key, None)
    return write_glb(doc, bytes(out))
