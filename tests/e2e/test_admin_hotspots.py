"""A curator places, sees, drags and deletes points of interest on the relic's 3D model in the
admin, logged in as a user who is only in the Curators group."""

import re

import pytest
from wagtail.users.models import UserProfile

from heritage_cms.collection.models import RelicHotspot
from heritage_cms.core.factories import UserFactory
from heritage_cms.core.roles import CURATORS

from .conftest import check_accessibility
from .content import build

pytestmark = pytest.mark.slow


def _open_the_picker(phone, relic):
    """A Curators-only user (English admin) opens the relic's 3D tab and waits for the model."""
    curator = UserFactory(username="curator-admin", password="place-it-1", groups=[CURATORS])
    profile = UserProfile.get_for_user(curator)
    profile.preferred_language = "en"
    profile.save()
    page = phone.new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", "curator-admin")
    page.fill("#id_password", "place-it-1")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")

    page.goto(f"/admin/pages/{relic.pk}/edit/")
    page.get_by_role("tab", name=re.compile("Audio and 3D")).click(timeout=60_000)  # heavy admin JS
    viewer = page.locator("[data-hotspot-picker] model-viewer")
    page.wait_for_function(
        "() => document.querySelector('[data-hotspot-picker] model-viewer')?.loaded === true",
        timeout=60_000,
    )
    # Scrolled by the page itself: Playwright's own scrolling waits for two calm animation frames,
    # which a WebGL canvas rendering in software may not give it while the machine is busy.
    viewer.evaluate("element => element.scrollIntoView({block: 'center'})")
    return page, viewer


def test_a_click_on_the_model_fills_the_point_position_and_normal(
    phone, transactional_db, home, staff_roles
):
    visit = build(home)
    page, viewer = _open_the_picker(phone, visit.relic)
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


def test_points_are_drawn_on_the_model_and_a_curator_drags_and_deletes_them(
    phone, transactional_db, home, staff_roles
):
    visit = build(home)
    visit.relic.hotspots.add(
        RelicHotspot(label="Chữ Hán", note="Khắc chìm.", position="0 0.2 0.4", normal="0 0 1")
    )
    visit.relic.save_revision().publish()
    page, viewer = _open_the_picker(phone, visit.relic)

    pins = page.locator("[data-hotspot-picker] .hotspot-pin__handle")
    assert pins.count() == 2
    assert [pins.nth(i).inner_text() for i in range(2)] == ["1", "2"]
    assert "Chữ Hán" in pins.nth(1).get_attribute("aria-label")

    # Drag point 1 across the model: its row gets the new position, on the surface.
    before = page.locator("[name='hotspots-0-position']").input_value()
    handle, frame = pins.nth(0).bounding_box(), viewer.bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(frame["x"] + frame["width"] / 2 + 8, frame["y"] + frame["height"] / 2, steps=8)
    page.mouse.up()
    page.wait_for_function(
        f"() => document.querySelector(\"[name='hotspots-0-position']\").value !== '{before}'"
    )
    moved = page.locator("[name='hotspots-0-position']").input_value()
    assert "Point 1 moved" in page.locator("[data-picker-status]").inner_text()

    # Delete point 2 from the model: Wagtail's row is deleted with it, and the pin goes.
    page.locator("[data-hotspot-picker] .hotspot-pin__delete").nth(1).click()
    page.wait_for_function(
        "() => document.querySelectorAll('[data-hotspot-picker] .hotspot-pin').length === 1"
    )
    assert page.locator("[name='hotspots-1-DELETE']").input_value() == "1"

    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(rf"/admin/pages/{visit.relic.pk}/edit/"))
    draft = visit.relic.specific_class.objects.get(pk=visit.relic.pk)
    draft = draft.get_latest_revision_as_object()
    assert [(h.label, h.position) for h in draft.hotspots.all()] == [("Hình rồng", moved)]
