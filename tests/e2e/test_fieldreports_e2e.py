"""A visitor reports a cracked stele from their phone with a photo that knows where it was
taken; a member of the Operations group (and of nothing else) answers in the admin; the visitor
reads the answer on the status page — in Vietnamese, then in English. The stored photo has no
GPS."""

import re

import pytest

from heritage_cms.core.factories import UserFactory
from heritage_cms.fieldreports.models import Status, VisitorReport
from heritage_cms.fieldreports.roles import OPERATIONS
from heritage_cms.sites.models import Site
from tests.heritage_cms.photo_fixtures import exif_of, gps_of, phone_jpeg

from .conftest import ARTIFACTS, check_accessibility

pytestmark = pytest.mark.slow

PASSWORD = "correct horse battery staple"
REPORTS = [
    (
        "vi",
        "Bia đá trước Hiển Lâm Các bị nứt một đường dài, có du khách trèo lên chụp ảnh.",
        "Cảm ơn bạn đã báo. Tổ bảo tồn đã rào tấm bia lại và sẽ gia cố trong tuần này.",
    ),
    (
        "en",
        "The audio point by the Nine Urns is silent; 音声ガイドが聞こえません.",
        "Thank you. The speaker was replaced this morning — 스피커를 교체했습니다.",
    ),
]


@pytest.fixture
def stop(transactional_db, monument):
    from heritage_cms.collection.factories import RelicPageFactory

    site = Site.objects.create(code="LMM", capacity=800)
    monument.site = site
    monument.save_revision().publish()
    relic = RelicPageFactory(parent=monument, title="Cửu Đỉnh", slug="cuu-dinh")
    return relic, site


def test_a_report_goes_from_a_phone_to_the_queue_and_back(browser, live_server, phone, stop):
    relic, site = stop
    staff = UserFactory(groups=[OPERATIONS])
    staff.set_password(PASSWORD)
    staff.save()
    assert list(staff.groups.values_list("name", flat=True)) == [OPERATIONS]
    photo = {"name": "IMG_2041.JPG", "mimeType": "image/jpeg", "buffer": phone_jpeg()}

    desk = browser.new_context(base_url=live_server.url, locale="vi-VN")
    desk.set_default_timeout(20_000)
    admin = desk.new_page()
    admin.goto("/admin/login/")
    admin.locator("input[name=username]").fill(staff.username)
    admin.locator("input[name=password]").fill(PASSWORD)
    admin.locator("form button[type=submit]").first.click()
    admin.wait_for_url(re.compile(r"/admin/$"))

    visitor = phone.new_page()
    for language, text, reply in REPORTS:
        if language == "vi":  # from the relic's page, by the link every page carries
            visitor.goto(relic.url)
            visitor.locator("footer a[href*='/report/']").click()
        else:
            visitor.goto(f"/en/report/?page={relic.pk}")
        visitor.wait_for_url(re.compile(rf"/{language}/report/\?page={relic.pk}$"))
        assert visitor.locator("html").get_attribute("lang") == language
        assert "Cửu Đỉnh" in visitor.locator(".origin").inner_text()
        check_accessibility(visitor, f"report-form-{language}")

        visitor.locator("input[name=category][value=relic_damage]").check()
        visitor.locator("textarea[name=text]").fill(text)
        visitor.locator("input[name=photo]").set_input_files(photo)
        visitor.locator("input[name=contact]").fill("khach@example.vn")
        visitor.locator(".field-report-form button[type=submit]").click()
        visitor.wait_for_url(re.compile(rf"/{language}/report/[A-Z2-9]{{20}}/$"))
        reference = visitor.locator("[data-reference]").inner_text()
        status_url = visitor.url
        assert visitor.locator("[data-status]").inner_text()
        assert text in visitor.locator("main").inner_text()
        assert visitor.locator("[data-staff-reply]").count() == 0

        report = VisitorReport.objects.get(reference=reference)
        assert (report.language, report.page_id, report.site_id) == (language, relic.pk, site.pk)
        with report.photo.open("rb") as stored:
            data = stored.read()
        assert gps_of(data) == {} and exif_of(data) == {}, "the stored photo has no GPS"

        admin.goto("/admin/visitor-reports/")
        admin.locator(f"a[href$='/visitor-reports/edit/{report.pk}/']").first.click()
        admin.wait_for_url(f"**/visitor-reports/edit/{report.pk}/")
        assert text in admin.locator("#w-editor-form").inner_text()
        admin.locator("select[name=status]").select_option("in_progress")
        admin.locator("select[name=assignee]").select_option(str(staff.pk))
        admin.locator("textarea[name=staff_reply]").fill(reply)
        admin.locator("#w-editor-form footer button[type=submit]").first.click()
        admin.wait_for_url(re.compile(r"/admin/visitor-reports/$"))
        report.refresh_from_db()
        assert report.status == Status.IN_PROGRESS and report.first_response_at is not None

        visitor.goto(status_url)
        assert visitor.locator("[data-staff-reply]").inner_text() == reply
        assert visitor.locator("[data-report-status]").get_attribute("data-report-status") == (
            "in_progress"
        )
        check_accessibility(visitor, f"report-status-{language}")
        visitor.screenshot(path=ARTIFACTS / f"report-status-{language}.png", full_page=True)
    desk.close()
