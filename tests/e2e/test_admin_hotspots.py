"""A curator places a point of interest by clicking the relic's 3D model in the admin."""

import re

import pytest

from heritage_cms.core.factories import UserFactory

from .conftest import check_accessibility
from .content import build

pytestmark = pytest.mark.slow


def test_a_click_on_the_model_fills_the_point_position_and_normal(phone, transactional_db, home):
    visit = build(home)
    UserFactory(username="curator-admin", password="place-it-1", is_superuser=True)
    page = phone.new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", "curator-admin")
    page.fill("#id_password", "place-it-1")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")

    page.goto(f"/admin/pages/{visit.relic.pk}/edit/")
    page.get_by_role("tab", name=re.compile("Audio and 3D")).click()
    viewer = page.locator("[data-hotspot-picker] model-viewer")
    viewer.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => document.querySelector('[data-hotspot-picker] model-viewer')?.loaded === true",
        timeout=60_000,
    )
    check_accessibility(page, "30-admin-hotspot-picker", full_page=False)

    position = page.locator("[name='hotspots-0-position']")
    position.click()  # the point being edited
    box = viewer.bounding_box()
    viewer.click(position={"x": box["width"] / 2, "y": box["height"] / 2})
    page.wait_for_function(
        "() => document.querySelector(\"[name='hotspots-0-position']\").value !== '0 0.4 0.4'"
    )
    x, y, z = (float(v) for v in position.input_value().split())
    normal = page.locator("[name='hotspots-0-normal']").input_value()
    nx, ny, nz = (float(v) for v in normal.split())
    height = visit.model.report["measurements"]["height_cm"] / 100
    assert 0 <= y <= height and abs(x) < height and abs(z) < height  # on the model, in metres
    assert abs((nx * nx + ny * ny + nz * nz) ** 0.5 - 1) < 0.01  # a unit normal
    assert "Point 1 placed" in page.locator("[data-picker-status]").inner_text()
