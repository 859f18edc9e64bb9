"""Names shared by Python, templates and the front end: 3D levels and image renditions."""

import pytest
from django.template import Context, Template
from wagtail_factories import ImageFactory

from assets_pipeline.options import VOYAGER_LODS
from heritage_cms.collection.levels import ALL_LEVELS, LARGE_LEVEL, SMALL_LEVELS, small_level
from heritage_cms.core.renditions import RENDITIONS


def test_the_web_sides_level_names_are_the_pipelines() -> None:
    assert tuple(budget.name for budget in VOYAGER_LODS) == ALL_LEVELS
    assert {*SMALL_LEVELS, LARGE_LEVEL} <= set(ALL_LEVELS)


def test_the_small_level_is_low_else_thumb() -> None:
    assert small_level({"thumb": "t.glb", "low": "l.glb", "high": "h.glb"}) == "low"
    assert small_level({"thumb": "t.glb", "high": "h.glb"}) == "thumb"
    assert small_level({"high": "h.glb", "poster": "p.webp"}) == ""


@pytest.mark.django_db
@pytest.mark.parametrize("use", sorted(RENDITIONS))
def test_image_for_renders_what_wagtails_image_tag_renders(use: str) -> None:
    image = ImageFactory()
    spec = RENDITIONS[use].replace("|", " ")
    wagtails = Template(f'{{% load wagtailimages_tags %}}{{% image image {spec} loading="lazy" %}}')
    ours = Template(f'{{% load media_tags %}}{{% image_for image "{use}" loading="lazy" %}}')
    expected = wagtails.render(Context({"image": image}))
    assert "<img" in expected
    assert ours.render(Context({"image": image})) == expected
    assert ours.render(Context({"image": None})) == ""
