"""The 3D level names the web side uses are the ones the pipeline makes."""

from assets_pipeline.options import VOYAGER_LODS
from heritage_cms.collection.levels import ALL_LEVELS, LARGE_LEVEL, SMALL_LEVELS, small_level


def test_the_web_sides_level_names_are_the_pipelines() -> None:
    assert tuple(budget.name for budget in VOYAGER_LODS) == ALL_LEVELS
    assert {*SMALL_LEVELS, LARGE_LEVEL} <= set(ALL_LEVELS)


def test_the_small_level_is_low_else_thumb() -> None:
    assert small_level({"thumb": "t.glb", "low": "l.glb", "high": "h.glb"}) == "low"
    assert small_level({"thumb": "t.glb", "high": "h.glb"}) == "thumb"
    assert small_level({"high": "h.glb", "poster": "p.webp"}) == ""
