"""Typed ctypes binding to meshoptimizer's simplifyWithAttributes.

The PyPI `meshoptimizer` wrapper (0.2.30a0) ships the C library but declares no argtypes for this
function, so its own call fails; we bind the same shared library with a private CDLL handle.
"""

from __future__ import annotations

import ctypes
import glob
import os

import meshoptimizer  # type: ignore[import-untyped]
import numpy as np
import numpy.typing as npt

_DIR = os.path.dirname(os.path.abspath(meshoptimizer.__file__))
_LIB = ctypes.CDLL(sorted(glob.glob(os.path.join(_DIR, "_meshoptimizer*")))[0])
_U32 = ctypes.POINTER(ctypes.c_uint)
_F32 = ctypes.POINTER(ctypes.c_float)
_U8 = ctypes.POINTER(ctypes.c_ubyte)
_SIZE = ctypes.c_size_t

_WITH_ATTRIBUTES = _LIB.meshopt_simplifyWithAttributes
_WITH_ATTRIBUTES.argtypes = [
    _U32,
    _U32,
    _SIZE,
    _F32,
    _SIZE,
    _SIZE,
    _F32,
    _SIZE,
    _F32,
    _SIZE,
    _U8,
    _SIZE,
    ctypes.c_float,
    ctypes.c_uint,
    _F32,
]
_WITH_ATTRIBUTES.restype = _SIZE

SIMPLIFY_LOCK_BORDER = 1
SIMPLIFY_SPARSE = 2
SIMPLIFY_ERROR_ABSOLUTE = 4
SIMPLIFY_PRUNE = 8


def simplify_with_attributes(
    indices: npt.NDArray[np.uint32],
    positions: npt.NDArray[np.float32],
    attributes: npt.NDArray[np.float32],
    weights: npt.NDArray[np.float32],
    target_index_count: int,
    target_error: float = 1.0,
    options: int = 0,
) -> tuple[npt.NDArray[np.uint32], float]:
    """Return (new index buffer, relative error) keeping attribute seams."""
    indices = np.ascontiguousarray(indices, dtype=np.uint32).reshape(-1)
    positions = np.ascontiguousarray(positions, dtype=np.float32).reshape(-1, 3)
    attributes = np.ascontiguousarray(attributes, dtype=np.float32).reshape(len(positions), -1)
    weights = np.ascontiguousarray(weights, dtype=np.float32).reshape(-1)
    if attributes.shape[1] != len(weights):
        raise ValueError("one weight per attribute component is required")
    destination = np.zeros(len(indices), dtype=np.uint32)
    error = ctypes.c_float(0.0)
    count = _WITH_ATTRIBUTES(
        destination.ctypes.data_as(_U32),
        indices.ctypes.data_as(_U32),
        len(indices),
        positions.ctypes.data_as(_F32),
        len(positions),
        12,
        attributes.ctypes.data_as(_F32),
        attributes.shape[1] * 4,
        weights.ctypes.data_as(_F32),
        len(weights),
        None,
        target_index_count,
        target_error,
        options,
        ctypes.byref(error),
    )
    return destination[:count].copy(), float(error.value)


_DECODE_VERTEX = _LIB.meshopt_decodeVertexBuffer
_DECODE_VERTEX.argtypes = [ctypes.c_void_p, _SIZE, _SIZE, _U8, _SIZE]
_DECODE_VERTEX.restype = ctypes.c_int
_DECODE_INDEX = _LIB.meshopt_decodeIndexBuffer
_DECODE_INDEX.argtypes = [ctypes.c_void_p, _SIZE, _SIZE, _U8, _SIZE]
_DECODE_INDEX.restype = ctypes.c_int


def decode(mode: str, count: int, stride: int, encoded: bytes) -> bytes:
    """Decode one EXT_meshopt_compression stream (ATTRIBUTES or TRIANGLES) to raw bytes."""
    source = np.frombuffer(encoded, dtype=np.uint8).copy()
    out = np.zeros(count * stride, dtype=np.uint8)
    decoder = _DECODE_INDEX if mode == "TRIANGLES" else _DECODE_VERTEX
    status = decoder(out.ctypes.data, count, stride, source.ctypes.data_as(_U8), len(source))
    if status != 0:
        raise ValueError(f"meshopt {mode} stream does not decode (status {status})")
    return out.tobytes()


_CACHE = _LIB.meshopt_optimizeVertexCache
_CACHE.argtypes = [_U32, _U32, _SIZE, _SIZE]
_CACHE.restype = None
_FETCH_REMAP = _LIB.meshopt_optimizeVertexFetchRemap
_FETCH_REMAP.argtypes = [_U32, _U32, _SIZE, _SIZE]
_FETCH_REMAP.restype = _SIZE


def optimise_order(
    indices: npt.NDArray[np.uint32], vertex_count: int
) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]:
    """Vertex-cache order for triangles, then fetch order for vertices: (remapped indices, remap).

    remap[old] is the new vertex index (0xFFFFFFFF for unused vertices). Besides GPU efficiency,
    this ordering is what makes meshopt's index and vertex codecs compress well.
    """
    source = np.ascontiguousarray(indices, dtype=np.uint32).reshape(-1)
    ordered = np.zeros_like(source)
    _CACHE(ordered.ctypes.data_as(_U32), source.ctypes.data_as(_U32), len(source), vertex_count)
    remap = np.zeros(vertex_count, dtype=np.uint32)
    _FETCH_REMAP(
        remap.ctypes.data_as(_U32), ordered.ctypes.data_as(_U32), len(ordered), vertex_count
    )
    return remap[ordered], remap
