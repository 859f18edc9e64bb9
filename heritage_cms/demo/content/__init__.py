"""Demo content: five monuments of the Complex of Huế Monuments, their relics and two tours.

The content is data, not code: one YAML file per monument (with its relics), plus the home page,
the tours and ``shared.yaml`` (values every monument names with ``!shared name``). This module
reads them into the dataclasses of ``heritage_cms.demo.schema``, which check every field, in the
order the seed builds them.

The facts are general public knowledge about the Huế monuments (published descriptions by the
Huế Monuments Conservation Centre, the Vietnamese national-treasure records, UNESCO listings and
standard reference works). Where a figure was uncertain it is left out or given qualitatively.
Inventory numbers are a local demo scheme (site code + number), not official numbers.

The descriptive text in this package is released under CC BY 4.0.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter

from ..schema import Home, Monument, Tour

HERE = Path(__file__).parent
MONUMENT_FILES = ("dai_noi", "chua_thien_mu", "lang_minh_mang", "lang_tu_duc", "lang_khai_dinh")


def _read(name: str, shared: dict[str, Any] | None = None) -> Any:
    """One YAML file; ``!shared name`` takes the value of that name in ``shared.yaml``."""

    class Loader(yaml.SafeLoader):
        pass

    def named(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        key = loader.construct_scalar(node)  # type: ignore[arg-type]
        if shared is None or key not in shared:
            raise yaml.constructor.ConstructorError(
                None, None, f"no shared value {key!r}", node.start_mark
            )
        return shared[key]

    Loader.add_constructor("!shared", named)
    with (HERE / f"{name}.yaml").open(encoding="utf-8") as file:
        return yaml.load(file, Loader=Loader)  # a SafeLoader with one more tag


_SHARED = _read("shared")
HOME: Home = TypeAdapter(Home).validate_python(_read("home", _SHARED))
MONUMENTS: list[Monument] = [
    TypeAdapter(Monument).validate_python(_read(name, _SHARED)) for name in MONUMENT_FILES
]
TOURS: list[Tour] = TypeAdapter(list[Tour]).validate_python(_read("tours", _SHARED))

__all__ = ["HOME", "MONUMENTS", "TOURS"]
