"""Files a model refers to (glTF buffers and images, OBJ material libraries and textures).

Only a ``data:`` URI or a relative path that resolves inside the upload may be read: anything
else could pull a server file into the public GLB. The loaders reach other files only through
``UploadResolver``, which refuses such references, remembers every refusal (some loaders
swallow exceptions) and records references that are missing or unusable as warnings.
"""

from __future__ import annotations

import base64
import io
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from PIL import Image
from trimesh.resolvers import Resolver

from .errors import TextureTooLargeError, UnsafeReferenceError

_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".tga", ".tif", ".tiff", ".webp", ".gif"}

# A scheme ("file:", "http:") or a Windows drive ("C:"): never a path inside the upload.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def shown(reference: str) -> str:
    """A reference as quoted in a message: the uploader's own text, shortened."""
    text = reference if len(reference) <= 80 else reference[:77] + "..."
    return repr(text)


def inside(reference: str, base: Path, root: Path | None) -> Path:
    """The file a relative reference names, or UnsafeReferenceError if it leaves the upload.

    root None means the upload is a single file: nothing beside it belongs to the upload.
    """
    cleaned = reference.strip().replace("\\", "/")
    if not cleaned or _SCHEME.match(cleaned) or PurePosixPath(cleaned).is_absolute():
        raise _unsafe(reference)
    candidate = (base / cleaned).resolve()
    if not candidate.is_relative_to((root or base).resolve()):
        raise _unsafe(reference)
    if root is None:
        raise FileNotFoundError(reference)
    return candidate


def _unsafe(reference: str) -> UnsafeReferenceError:
    return UnsafeReferenceError(
        f"The model refers to {shown(reference)}, which is not a file inside the upload.",
        "Keep buffers, materials and textures next to the model (relative paths) and zip "
        "them together, or embed them.",
    )


@dataclass(frozen=True, slots=True)
class Findings:
    """What a resolver met, shared by its namespaced copies: references refused (outside the
    upload), missing, too large, and unreadable (named like images, no image Pillow can read)."""

    refused: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    too_large: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


class UploadResolver(Resolver):
    """trimesh's way to read referenced files, confined to the upload (see module doc)."""

    def __init__(
        self,
        base: Path,
        root: Path | None,
        max_pixels: int,
        findings: Findings | None = None,
    ) -> None:
        self.base = base
        self.root = root
        self.max_pixels = max_pixels
        self.findings = Findings() if findings is None else findings

    def get(self, name: str) -> bytes:
        reference = name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name)
        tried: list[str] = [reference]
        if unquote(reference) != reference:  # glTF URIs are percent-encoded
            tried.append(unquote(reference))
        for option in tried:
            try:
                path = inside(option, self.base, self.root)
            except UnsafeReferenceError:
                self.findings.refused.append(reference)
                raise
            except FileNotFoundError:
                continue
            if path.is_file():
                data = path.read_bytes()
                self._check_image(reference, data)
                return data
        self.findings.missing.append(reference)
        raise FileNotFoundError(f"{reference} is not in the upload")

    def _check_image(self, reference: str, data: bytes) -> None:
        """Refuse an image over the pixel limit before any loader decodes it."""
        size = image_size(data)
        if size is None and Path(reference).suffix.lower() in _IMAGE_SUFFIXES:
            self.findings.unreadable.append(reference)
        if size == (-1, -1) or (size is not None and size[0] * size[1] > self.max_pixels):
            self.findings.too_large.append(reference)
            raise texture_too_large(reference, size, self.max_pixels)

    def write(self, name: str, data: Any) -> None:
        raise PermissionError("the upload is read-only")

    def namespaced(self, namespace: str) -> UploadResolver:
        base = Path(inside(namespace, self.base, self.root)) if self.root else self.base
        return UploadResolver(base, self.root, self.max_pixels, self.findings)

    def keys(self) -> list[str]:
        if self.root is None:
            return []
        return [str(p.relative_to(self.base)) for p in self.base.rglob("*") if p.is_file()]

    def raise_refused(self) -> None:
        """Raise for the first refused or oversized reference, even if a loader swallowed it."""
        if self.findings.refused:
            raise _unsafe(self.findings.refused[0])
        if self.findings.too_large:
            raise texture_too_large(self.findings.too_large[0], None, self.max_pixels)


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from an image's header, (-1, -1) if it is too large for Pillow to open,
    None if the bytes are not an image Pillow knows."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                return int(image.width), int(image.height)
    except Image.DecompressionBombError:
        return -1, -1
    except Exception:
        return None


def texture_too_large(
    reference: str, size: tuple[int, int] | None, max_pixels: int
) -> TextureTooLargeError:
    """The sentence for an image over the decoded-pixel limit."""
    if size is None or size == (-1, -1):
        measured = "over Pillow's safety limit"
    else:
        measured = f"{size[0]} x {size[1]} ({size[0] * size[1] / 1e6:.0f} megapixels)"
    return TextureTooLargeError(
        f"The texture {shown(reference)} is {measured}, over the "
        f"{max_pixels / 1e6:.0f} megapixel limit.",
        "Resize it to 8192 pixels or less on its longest side and upload again.",
    )


def gltf_image_bytes(
    doc: dict[str, Any], blob: bytes, resolver: UploadResolver
) -> list[tuple[str, bytes | None]]:
    """Every image of a glTF document as (name for messages, bytes or None if unreadable).

    Checks every buffer and image URI first, so an outside reference fails before any read.
    """
    buffers = doc.get("buffers", [])
    images = doc.get("images", [])
    for entry in [*buffers, *images]:
        uri = entry.get("uri") if isinstance(entry, dict) else None
        if not isinstance(uri, str) or uri.startswith("data:"):
            continue
        for option in dict.fromkeys([uri, unquote(uri)]):
            try:
                inside(option, resolver.base, resolver.root)
            except FileNotFoundError:
                pass
            except UnsafeReferenceError:
                resolver.findings.refused.append(uri)
                raise _unsafe(uri) from None
    found: list[tuple[str, bytes | None]] = []
    for index, image in enumerate(images):
        if not isinstance(image, dict):
            continue
        uri = image.get("uri")
        name = uri if isinstance(uri, str) and not uri.startswith("data:") else f"image {index}"
        found.append((name, _image_data(doc, blob, image, resolver)))
    return found


def _image_data(
    doc: dict[str, Any], blob: bytes, image: dict[str, Any], resolver: UploadResolver
) -> bytes | None:
    uri = image.get("uri")
    if isinstance(uri, str):
        return _uri_data(uri, resolver)
    view_index = image.get("bufferView")
    if not isinstance(view_index, int):
        return None
    view = doc["bufferViews"][view_index]
    buffer = doc["buffers"][view.get("buffer", 0)]
    uri = buffer.get("uri")
    data = blob if uri is None else _uri_data(uri, resolver)
    if data is None:
        return None
    start = int(view.get("byteOffset", 0))
    return data[start : start + int(view["byteLength"])]


def _uri_data(uri: str, resolver: UploadResolver) -> bytes | None:
    if uri.startswith("data:"):
        head, _, payload = uri.partition(",")
        if not head.endswith(";base64"):
            return unquote(payload).encode("latin-1", "replace")
        try:
            return base64.b64decode(payload)
        except ValueError:
            return None
    try:
        return bytes(resolver.get(uri))
    except FileNotFoundError:
        return None
