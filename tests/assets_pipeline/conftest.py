"""Fixtures: generated meshes written in every supported format (no binary test data shipped)."""

from __future__ import annotations

from pathlib import Path

import pytest
import trimesh

from .meshes import uv_sphere, write_obj_zip


@pytest.fixture(scope="session")
def sphere() -> trimesh.Trimesh:
    """Small textured sphere: 2 * 48 * 24 = 2304 faces."""
    return uv_sphere(48, 24)


@pytest.fixture(scope="session")
def big_sphere() -> trimesh.Trimesh:
    """Textured sphere of 2 * 400 * 250 = 200k faces, enough to exercise every LOD."""
    return uv_sphere(400, 250)


@pytest.fixture
def glb_path(tmp_path: Path, sphere: trimesh.Trimesh) -> Path:
    path = tmp_path / "sphere.glb"
    path.write_bytes(sphere.export(file_type="glb"))
    return path


@pytest.fixture
def obj_zip_path(tmp_path: Path, sphere: trimesh.Trimesh) -> Path:
    return write_obj_zip(sphere, tmp_path / "scan.zip")
