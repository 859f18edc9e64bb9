"""Hostile uploads made on the fly, and a watch on what the pipeline opens while it runs."""

from __future__ import annotations

import base64
import io
import json
import struct
import sys
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import trimesh
from PIL import Image

from assets_pipeline.cli import main

_WATCHED: list[tuple[Path, list[str]]] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event != "open" or not _WATCHED or not isinstance(args[0], (str, Path)):
        return
    opened = str(args[0])
    for folder, seen in _WATCHED:
        if opened.startswith(str(folder)):
            seen.append(opened)


sys.addaudithook(_audit)  # audit hooks cannot be removed: it only records while watching


@contextmanager
def watch_opens(folder: Path) -> Iterator[list[str]]:
    """Every file opened under folder while the block runs (Python-level opens)."""
    seen: list[str] = []
    _WATCHED.append((folder.resolve(), seen))
    try:
        yield seen
    finally:
        _WATCHED.pop()


def secret_file(folder: Path) -> Path:
    """A server file an attacker would like published: float triples, so it would load."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "secret.bin"
    path.write_bytes(np.arange(36, dtype=np.float32).tobytes() * 4)
    return path


def run_cli(source: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run the CLI in process: an uncaught exception (a traceback) fails the test by itself."""
    code = main(["process", str(source), "-o", str(out), "--quiet"])
    return code, capsys.readouterr().err


def assert_one_line_error(code: int, err: str, *forbidden: str) -> None:
    """Exit 2, a single 'error [...]' line, none of the forbidden texts (server paths)."""
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error ["), err
    assert "Traceback" not in err
    for text in forbidden:
        assert text not in err, f"{text!r} leaked into: {err}"


def box_gltf(buffer_uri: str | None = None, image_uri: str | None = None) -> dict[str, Any]:
    """A textured box as a glTF document with its buffer as a data URI unless told otherwise."""
    box = trimesh.creation.box()
    box.visual = trimesh.visual.TextureVisuals(
        uv=np.column_stack([box.vertices[:, 0] + 0.5, box.vertices[:, 1] + 0.5]),
        material=trimesh.visual.material.PBRMaterial(
            baseColorTexture=Image.new("RGB", (8, 8), (200, 30, 30))
        ),
    )
    files = box.export(file_type="gltf", embed_buffers=True)
    doc: dict[str, Any] = json.loads(files["model.gltf"])
    if buffer_uri is not None:
        doc["buffers"][0]["uri"] = buffer_uri
    if image_uri is not None:
        doc["images"] = [{"uri": image_uri}]
    return doc


def glb_with_json(doc: dict[str, Any], blob: bytes = b"", raw_json: bytes | None = None) -> bytes:
    text = raw_json if raw_json is not None else json.dumps(doc).encode()
    text += b" " * (-len(text) % 4)
    blob += b"\0" * (-len(blob) % 4)
    chunks = struct.pack("<II", len(text), 0x4E4F534A) + text
    if blob:
        chunks += struct.pack("<II", len(blob), 0x004E4942) + blob
    return struct.pack("<4sII", b"glTF", 2, 12 + len(chunks)) + chunks


def glb_with_image(image: bytes) -> bytes:
    """A textured box GLB whose embedded image is replaced by the given bytes."""
    box = box_gltf()
    data = trimesh.load(
        io.BytesIO(json.dumps(box).encode()), file_type="gltf", force="mesh"
    ).export(file_type="glb")
    json_len = struct.unpack_from("<I", data, 12)[0]
    doc = json.loads(data[20 : 20 + json_len])
    blob = data[20 + json_len + 8 :]
    view = doc["bufferViews"][doc["images"][0]["bufferView"]]
    blob += b"\0" * (-len(blob) % 4)
    view["byteOffset"] = len(blob)
    view["byteLength"] = len(image)
    blob += image + b"\0" * (-len(image) % 4)
    doc["buffers"][0]["byteLength"] = len(blob)
    return glb_with_json(doc, blob)


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height (the pixel data is a stub): decoding it would
    take width * height * 3 bytes, reading the header takes none."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    idat = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + struct.pack(">I", len(idat))
        + b"IDAT"
        + idat
        + struct.pack(">I", zlib.crc32(b"IDAT" + idat))
        + b"\0\0\0\0IEND\xaeB`\x82"
    )


def png(color: tuple[int, int, int], size: int = 16) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), color).save(out, format="PNG")
    return out.getvalue()


def data_uri(data: bytes, mime: str = "application/octet-stream") -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def textured_obj_zip(path: Path, texture_name: str, mtl_extra: str = "") -> Path:
    """A textured quad as OBJ + MTL + PNG in a zip; the texture file is named texture_name."""
    obj = (
        "mtllib quad.mtl\nv 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\n"
        "vt 0 0\nvt 1 0\nvt 1 1\nvt 0 1\nusemtl paint\nf 1/1 2/2 3/3\nf 1/1 3/3 4/4\n"
    )
    mtl = f"newmtl paint\nKd 1 1 1\nmap_Kd {texture_name}\n{mtl_extra}"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("quad.obj", obj)
        archive.writestr("quad.mtl", mtl)
        if not texture_name.startswith(("/", "..")):
            archive.writestr(texture_name, png((30, 160, 60)))
    return path
