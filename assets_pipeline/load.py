"""Load a scan within limits: sniff the real format, unpack zips safely, count faces before parsing.

Cheap header checks run before trimesh parses anything, so a 50M-face file or a zip bomb is
rejected without the worker's memory growing.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import struct
import tempfile
import time
import warnings as warnings_module
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import trimesh

from .atlas import merge_parts
from .errors import (
    AssetError,
    CorruptFileError,
    EmptyFileError,
    EmptyMeshError,
    FileTooLargeError,
    FormatMismatchError,
    MissingFileError,
    TimeLimitError,
    TooManyFacesError,
    UnsafeArchiveError,
    UnsupportedFormatError,
    ZipBombError,
)
from .options import Limits
from .references import UploadResolver, gltf_image_bytes, image_size, shown, texture_too_large

MESH_FORMATS = ("glb", "gltf", "obj", "ply", "stl", "3mf")
_PRIORITY = {fmt: i for i, fmt in enumerate(MESH_FORMATS)}


@dataclass
class LoadReport:
    """What was read: identity, real format, declared units if the file has any, counts."""

    source_name: str
    sha256: str
    source_bytes: int
    file_type: str
    archive_member: str | None
    unzipped_bytes: int
    declared_units: str | None
    vertices: int
    faces: int
    textured: bool
    seconds: float
    warnings: list[str] = field(default_factory=list)


def sha256_file(path: Path) -> str:
    """Content hash used as the asset's identity and cache key."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sniff(path: Path) -> str:
    """Return the format the bytes really are, independent of the file name."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(512)
    if head.startswith(b"glTF"):
        return "glb"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, ValueError, EOFError):
            return "zip"  # damaged: _safe_unzip reports it
        return "3mf" if any(n.lower().endswith(".model") for n in names) else "zip"
    if head.startswith(b"ply"):
        return "ply"
    if len(head) >= 84:
        (count,) = struct.unpack_from("<I", head, 80)
        if 84 + 50 * count == size:
            return "stl"
    text = head.decode("latin-1").lstrip()
    if text.startswith("solid") and "facet" in head.decode("latin-1"):
        return "stl"
    if text.startswith("{") and '"asset"' in head.decode("latin-1"):
        return "gltf"
    if re.search(r"^(v|vt|vn|f|o|g|mtllib|usemtl)\s", text, re.MULTILINE) or text.startswith("#"):
        return "obj"
    return "unknown"


def _check_file(path: Path, limits: Limits) -> int:
    if not path.is_file():
        raise EmptyFileError(f"{path.name} does not exist.", "Upload the file again.")
    size = path.stat().st_size
    if size == 0:
        raise EmptyFileError(f"{path.name} is empty (0 bytes).", "Upload the exported file again.")
    if size > limits.max_file_bytes:
        raise FileTooLargeError(
            f"{path.name} is {size / 1e6:.0f} MB, over the "
            f"{limits.max_file_bytes / 1e6:.0f} MB limit.",
            "Decimate the scan in the scanning software or zip it, then upload again.",
        )
    return size


def _check_zip_sizes(archive: zipfile.ZipFile, limits: Limits) -> list[zipfile.ZipInfo]:
    """Refuse archives whose declared sizes or ratios look like a bomb (before reading any)."""
    infos = archive.infolist()
    if len(infos) > limits.max_zip_members:
        raise ZipBombError(
            f"The zip holds {len(infos)} files (limit {limits.max_zip_members}).",
            "Zip only the model, its MTL and its textures.",
        )
    declared = sum(i.file_size for i in infos)
    compressed = max(1, sum(i.compress_size for i in infos))
    if declared > limits.max_unzipped_bytes or declared / compressed > limits.max_zip_ratio:
        raise ZipBombError(
            f"The zip would expand to {declared / 1e6:.0f} MB from {compressed / 1e6:.1f} MB.",
            "This looks like a zip bomb; upload the model files zipped normally.",
        )
    return infos


def _safe_unzip(path: Path, dest: Path, limits: Limits) -> int:
    """Extract while counting real bytes, refusing traversal and bombs; return bytes written."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise CorruptFileError(
            f"{path.name} is not a readable zip.", "Re-create the zip.", repr(exc)
        ) from exc
    with archive:
        infos = _check_zip_sizes(archive, limits)
        written = 0
        for info in infos:
            name = PurePosixPath(info.filename.replace("\\", "/"))
            if name.is_absolute() or ".." in name.parts or re.match(r"^[A-Za-z]:", str(name)):
                raise UnsafeArchiveError(
                    f"The zip entry {info.filename!r} points outside the archive.",
                    "Re-create the zip with relative paths only.",
                )
            target = dest.joinpath(*name.parts)
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(info) as src, target.open("wb") as out:
                    for chunk in iter(lambda: src.read(1 << 20), b""):
                        written += len(chunk)
                        if written > limits.max_unzipped_bytes:
                            raise ZipBombError(
                                "The zip expands beyond its declared size.",
                                "This looks like a zip bomb; upload the model files zipped "
                                "normally.",
                            )
                        out.write(chunk)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
                raise CorruptFileError(
                    f"The zip entry {info.filename!r} is damaged (its data does not match its "
                    "checksum or cannot be decompressed).",
                    "Re-create the zip from the original files and upload it again.",
                ) from exc
    return written


def _pick_member(root: Path) -> Path:
    candidates = [
        p
        for p in root.rglob("*")
        if p.is_file()
        and p.suffix.lower().lstrip(".") in _PRIORITY
        and not p.name.startswith(".")
        and "__MACOSX" not in p.parts
    ]
    if not candidates:
        raise UnsupportedFormatError(
            "The zip holds no OBJ, PLY, STL, GLB, glTF or 3MF file.",
            "Zip the model file together with its MTL and textures.",
        )
    candidates.sort(key=lambda p: (_PRIORITY[p.suffix.lower().lstrip(".")], -p.stat().st_size))
    return candidates[0]


def _count_faces(path: Path, fmt: str) -> int | None:
    """Face count from headers (or a streaming scan for OBJ) before any full parse."""
    if fmt == "stl":
        with path.open("rb") as handle:
            head = handle.read(84)
        if (
            len(head) == 84
            and 84 + 50 * struct.unpack_from("<I", head, 80)[0] == path.stat().st_size
        ):
            return int(struct.unpack_from("<I", head, 80)[0])
        return None
    if fmt == "ply":
        with path.open("rb") as handle:
            for raw in iter(handle.readline, b""):
                line = raw.decode("latin-1").strip()
                if line.startswith("element face"):
                    return int(line.split()[-1])
                if line == "end_header":
                    break
        return None
    if fmt == "glb":
        with path.open("rb") as handle:
            header = handle.read(20)
            if len(header) < 20:
                raise CorruptFileError(f"{path.name} is a truncated GLB.", "Export the GLB again.")
            json_len = struct.unpack_from("<I", header, 12)[0]
            doc = _parse_json(handle.read(json_len), path.name, fmt)
        accessors = doc.get("accessors", [])
        total = 0
        for mesh in doc.get("meshes", []):
            for prim in mesh.get("primitives", []):
                if "indices" in prim and prim["indices"] < len(accessors):
                    total += int(accessors[prim["indices"]].get("count", 0)) // 3
        return total
    if fmt == "obj":
        faces = 0
        with path.open("rb") as handle:
            for raw in handle:
                if raw.startswith(b"f "):
                    faces += max(1, len(raw.split()) - 3)
        return faces
    return None


# 3MF's unit attribute (millimetre when absent, by the specification) as our unit codes.
_THREE_MF_UNITS = {
    "micron": "um",
    "millimeter": "mm",
    "centimeter": "cm",
    "inch": "in",
    "foot": "ft",
    "meter": "m",
}


def _three_mf_units(archive: zipfile.ZipFile) -> str:
    """The unit the 3MF's model part declares on its root element."""
    models = sorted(
        (i for i in archive.infolist() if i.filename.lower().endswith(".model")),
        key=lambda i: (not i.filename.lower().startswith("3d/3dmodel"), i.filename),
    )
    if not models:
        return "mm"
    with archive.open(models[0]) as handle:
        head = handle.read(65536).decode("utf-8", "replace")
    found = re.search(r"<(?:[\w.-]+:)?model\b[^>]*?\bunit\s*=\s*[\"'](\w+)[\"']", head)
    return _THREE_MF_UNITS.get(found.group(1).lower(), "mm") if found else "mm"


def _damaged(name: str, fmt: str) -> CorruptFileError:
    return CorruptFileError(
        f"{name} could not be read as {fmt.upper()}.",
        "The file is probably truncated or damaged: export it again and re-upload.",
    )


def _parse_json(data: bytes, name: str, fmt: str) -> dict[str, Any]:
    """A glTF JSON document, or CorruptFileError (also for pathological nesting)."""
    advice = f"Export the {'GLB' if fmt == 'glb' else 'glTF'} again."
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise CorruptFileError(
            f"{name} is damaged: its JSON does not parse.", advice, repr(exc)
        ) from exc
    if not isinstance(doc, dict):
        raise CorruptFileError(f"{name} is damaged: its JSON is not an object.", advice)
    return doc


def _check_gltf(path: Path, fmt: str, resolver: UploadResolver, warnings: list[str]) -> None:
    """Refuse outside references and oversized images before trimesh reads anything."""
    data = path.read_bytes()
    blob = b""
    if fmt == "glb":
        if len(data) < 20:
            raise CorruptFileError(f"{path.name} is a truncated GLB.", "Export the GLB again.")
        json_len = struct.unpack_from("<I", data, 12)[0]
        doc = _parse_json(data[20 : 20 + json_len], path.name, fmt)
        offset = 20 + json_len + (-json_len % 4)
        if offset + 8 <= len(data):
            (bin_len,) = struct.unpack_from("<I", data, offset)
            blob = data[offset + 8 : offset + 8 + bin_len]
    else:
        doc = _parse_json(data, path.name, fmt)
    try:
        images = gltf_image_bytes(doc, blob, resolver)
    except (TypeError, KeyError, IndexError, ValueError, AttributeError) as exc:
        raise _damaged(path.name, fmt) from exc
    for name, image in images:
        size = image_size(image) if image is not None else None
        if size == (-1, -1) or (size and size[0] * size[1] > resolver.max_pixels):
            raise texture_too_large(name, size, resolver.max_pixels)
        if size is None and image is not None:
            warnings.append(f"{shown(name)} is not an image that can be read: left out")


def _check_indices(mesh: trimesh.Trimesh, name: str, fmt: str) -> None:
    """Faces must refer to vertices that exist (hostile files point anywhere)."""
    faces = np.asarray(mesh.faces)
    if len(faces) and (int(faces.min()) < 0 or int(faces.max()) >= len(mesh.vertices)):
        raise CorruptFileError(
            f"{name} is damaged: its faces refer to vertices it does not have.",
            f"Export the {fmt.upper()} again.",
        )


# No heritage object is a million kilometres across, in any unit; past this, float32 overflows
# and distances turn infinite.
ABSURD_COORDINATE = 1e9


def _drop_absurd_coordinates(mesh: trimesh.Trimesh) -> list[str]:
    """Mark vertices with absurd coordinates as non-finite: repair then drops their faces."""
    verts = np.asarray(mesh.vertices, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        absurd = np.isfinite(verts).all(axis=1) & (np.abs(verts) > ABSURD_COORDINATE).any(axis=1)
    if not absurd.any():
        return []
    verts = verts.copy()
    verts[absurd] = np.nan
    mesh.vertices = verts
    return [
        f"{int(absurd.sum())} vertices have coordinates beyond {ABSURD_COORDINATE:g}: "
        "treated as broken, their faces are removed"
    ]


def _to_mesh(loaded: Any, name: str, max_side: int, warnings: list[str]) -> trimesh.Trimesh:
    if isinstance(loaded, trimesh.Scene):
        geoms = [g for g in loaded.dump() if isinstance(g, trimesh.Trimesh) and len(g.faces)]
        if not geoms:
            raise EmptyMeshError(f"{name} contains no triangles.", "Export the mesh (not points).")
        if len(geoms) == 1:
            mesh = geoms[0]
        else:
            mesh, merged = merge_parts(geoms, max_side)
            warnings.extend(merged)
    elif isinstance(loaded, trimesh.Trimesh):
        mesh = loaded
    else:
        raise EmptyMeshError(f"{name} contains no triangle mesh.", "Export a triangle mesh.")
    if len(mesh.faces) == 0:
        raise EmptyMeshError(
            f"{name} contains no triangles.", "Export the mesh, not a point cloud."
        )
    return mesh


def load(path: Path, limits: Limits) -> tuple[trimesh.Trimesh, LoadReport]:
    """Read one upload (file or zip) into a single triangle mesh, keeping UV seams split."""
    start = time.perf_counter()
    path = Path(path)
    size = _check_file(path, limits)
    warnings: list[str] = []
    ext = path.suffix.lower().lstrip(".")
    real = sniff(path)
    if ext not in (*MESH_FORMATS, "zip"):
        raise UnsupportedFormatError(
            f"{path.name}: .{ext} files are not supported.",
            "Upload OBJ (zipped with MTL and textures), PLY, STL, GLB, glTF or 3MF.",
        )
    if real == "unknown":
        raise FormatMismatchError(
            f"{path.name} does not look like a {ext.upper()} file (the content is unrecognised).",
            "Export the model again from the scanning software.",
        )
    if (
        real != ext
        and not (ext == "zip" and real == "3mf")
        and not (ext == "3mf" and real == "zip")
    ):
        raise FormatMismatchError(
            f"{path.name} is named .{ext} but its content is {real.upper()}.",
            f"Rename it to .{real if real != 'zip' else 'zip'} and upload again.",
        )
    workdir = Path(tempfile.mkdtemp(prefix="assets_load_"))
    try:
        member: str | None = None
        unzipped = 0
        target = path
        fmt = real
        if real == "zip":
            unzipped = _safe_unzip(path, workdir, limits)
            target = _pick_member(workdir)
            member = str(target.relative_to(workdir))
            fmt = sniff(target)
            ext_member = target.suffix.lower().lstrip(".")
            if fmt != ext_member:
                raise FormatMismatchError(
                    f"{member} inside the zip is named .{ext_member} but its content is {fmt}.",
                    "Export the model again and re-create the zip.",
                )
        three_mf_units = None
        if fmt == "3mf":  # a 3MF is a zip too: same bomb checks before trimesh opens it
            try:
                with zipfile.ZipFile(target) as archive:
                    _check_zip_sizes(archive, limits)
                    three_mf_units = _three_mf_units(archive)
            except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
                raise _damaged(member or path.name, fmt) from exc
        name = member or path.name
        # A single-file upload has nothing beside it: its references may only be data: URIs.
        resolver = UploadResolver(
            target.parent, workdir if real == "zip" else None, limits.max_texture_pixels
        )
        if fmt in ("glb", "gltf"):
            _check_gltf(target, fmt, resolver, warnings)
        try:
            counted = _count_faces(target, fmt)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
            raise _damaged(name, fmt) from exc
        if counted is not None and counted > limits.max_faces:
            raise TooManyFacesError(
                f"The model has {counted:,} faces, over the {limits.max_faces:,} limit.",
                "Decimate it in the scanning software first (a few million faces is plenty).",
            )
        try:
            with warnings_module.catch_warnings():
                warnings_module.simplefilter("ignore")
                loaded = trimesh.load(
                    str(target),
                    file_type=fmt,
                    process=False,
                    # OBJ: keep vertices split where UVs differ (texture seams).
                    maintain_order=fmt != "obj",
                    force=None,
                    resolver=resolver,
                )
            resolver.raise_refused()
            max_side = int(limits.max_texture_pixels**0.5)
            mesh = _to_mesh(loaded, name, max_side, warnings)
            _check_indices(mesh, name, fmt)
            # Bind the texture image into memory before the temporary files disappear.
            material = getattr(mesh.visual, "material", None)
            image = getattr(material, "baseColorTexture", None) or getattr(material, "image", None)
            if image is not None:
                if image.width * image.height > limits.max_texture_pixels:
                    raise texture_too_large(
                        "base colour", (image.width, image.height), limits.max_texture_pixels
                    )
                image.load()
        except AssetError:
            raise
        except MemoryError:
            raise
        except Exception as exc:  # trimesh raises many types for damaged files
            resolver.raise_refused()
            if resolver.findings.missing:
                raise MissingFileError(
                    f"{name} needs {shown(resolver.findings.missing[0])}, which is missing from "
                    "the upload.",
                    "Zip the model together with its buffers and textures and upload the zip.",
                ) from exc
            raise _damaged(name, fmt) from exc
        for reference in dict.fromkeys(resolver.findings.unreadable):
            warnings.append(f"{shown(reference)} is not an image that can be read: left out")
        for reference in dict.fromkeys(resolver.findings.missing):
            if reference != "model.gltf":
                warnings.append(
                    f"the model refers to {shown(reference)}, which is missing from the "
                    "upload: loaded without it"
                )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    warnings.extend(_drop_absurd_coordinates(mesh))
    if len(mesh.faces) > limits.max_faces:
        raise TooManyFacesError(
            f"The model has {len(mesh.faces):,} faces, over the {limits.max_faces:,} limit.",
            "Decimate it in the scanning software first.",
        )
    digest = sha256_file(path)
    elapsed = time.perf_counter() - start
    if elapsed > limits.max_seconds:
        raise TimeLimitError(
            f"Reading the model took {elapsed:.0f} s (limit {limits.max_seconds:.0f} s).",
            "Convert it to GLB or decimate it before uploading.",
        )
    units = getattr(mesh, "units", None)
    if fmt in ("glb", "gltf"):
        units = "m"  # glTF 2.0 is metres by specification
    if fmt == "3mf":
        units = three_mf_units
    report = LoadReport(
        source_name=path.name,
        sha256=digest,
        source_bytes=size,
        file_type=fmt,
        archive_member=member,
        unzipped_bytes=unzipped,
        declared_units=str(units) if units else None,
        vertices=len(mesh.vertices),
        faces=len(mesh.faces),
        textured=has_texture(mesh),
        seconds=round(elapsed, 3),
        warnings=warnings,
    )
    if not np.issubdtype(mesh.vertices.dtype, np.floating):
        mesh.vertices = mesh.vertices.astype(np.float64)
    return mesh, report


def has_texture(mesh: trimesh.Trimesh) -> bool:
    """True when the mesh has UVs and a base colour image."""
    visual: Any = mesh.visual
    if getattr(visual, "kind", None) != "texture" or getattr(visual, "uv", None) is None:
        return False
    material = getattr(visual, "material", None)
    image = getattr(material, "baseColorTexture", None) or getattr(material, "image", None)
    return image is not None and len(visual.uv) == len(mesh.vertices)
