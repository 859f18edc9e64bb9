"""Every page type can be built, created where it belongs, and rendered for a visitor."""

import pytest
from django.urls import reverse
from wagtail.models import Locale, get_page_models
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtail.users.models import UserProfile
from wagtail_localize.models import LocaleSynchronization

from heritage_cms.collection.factories import RelicPageFactory
from heritage_cms.collection.models import RelicPage
from heritage_cms.core.factories import HomePageFactory, UserFactory, default_site_home
from heritage_cms.core.models import HomePage
from heritage_cms.core.money import VND
from heritage_cms.core.roles import CURATORS, ensure_roles
from heritage_cms.sites.factories import (
    MonumentFareFactory,
    MonumentOpeningHoursFactory,
    MonumentPageFactory,
)
from heritage_cms.sites.models import MonumentPage
from heritage_cms.tours.factories import TourPageFactory, TourStopFactory
from heritage_cms.tours.models import TourPage

FACTORIES = {
    HomePage: HomePageFactory,
    MonumentPage: MonumentPageFactory,
    RelicPage: RelicPageFactory,
    TourPage: TourPageFactory,
}


def test_every_page_type_of_ours_has_a_factory():
    ours = {
        model
        for model in get_page_models()
        if model._meta.app_config.name.startswith("heritage_cms.")
    }
    assert ours == set(FACTORIES), "add a factory for each new page type"


@pytest.mark.django_db
def test_page_tree_rules(home):
    assert MonumentPage.can_create_at(home)
    assert TourPage.can_create_at(home)
    assert not RelicPage.can_create_at(home), "a relic belongs to a monument"
    monument = MonumentPageFactory(parent=home)
    assert RelicPage.can_create_at(monument)
    assert not MonumentPage.can_create_at(monument)


class TestCreateInAdmin(WagtailPageTestCase):
    """Creating each page type through the Wagtail admin, as a curator would: a draft, since
    curators submit for moderation and do not publish."""

    def setUp(self):
        self.home = default_site_home(Locale.objects.get(language_code="vi"))
        ensure_roles()  # the Curators' page permissions hang on the root page
        # wagtail-localize would add the other languages' mirrors of each new page at once, and
        # assertCanCreate takes the newest page for the one created; the mirrors have their own
        # tests (test_translation_workflow).
        LocaleSynchronization.objects.all().delete()
        curator = UserFactory(groups=[CURATORS])
        profile = UserProfile.get_for_user(curator)
        profile.preferred_language = "en"  # the error messages below are English
        profile.save()
        self.client.force_login(curator)

    def create(self, parent, model, data):
        self.assertCanCreate(parent, model, nested_form_data(data), publish=False)
        return model.objects.child_of(parent).get(slug=data["slug"])

    def post_add(self, parent, model, data):
        url = reverse(
            "wagtailadmin_pages:add",
            args=[model._meta.app_label, model._meta.model_name, parent.pk],
        )
        return self.client.post(url, nested_form_data(data))

    def monument_and_relic(self):
        monument = MonumentPageFactory(parent=self.home, title="Lăng Minh Mạng")
        return monument, RelicPageFactory(parent=monument, title="Cửu Đỉnh")

    def test_monument(self):
        data = {
            "title": "Lăng Tự Đức",
            "slug": "lang-tu-duc",
            "summary": "Khiêm Lăng.",
            "description": rich_text("<p>Lăng vua Tự Đức.</p>"),
            "history": streamfield([]),
            "dynasty": "Nhà Nguyễn",
            "period": "1864–1867",
            "latitude": "16.433",
            "longitude": "107.567",
            "opening_hours": inline_formset(
                [{"first_day": 0, "last_day": 6, "opens": "07:00", "closes": "17:30"}]
            ),
            "fares": inline_formset([{"visitor": "Người lớn", "price_vnd": 150000}]),
            "gallery_images": inline_formset([]),
        }
        page = self.create(self.home, MonumentPage, data)
        assert page.fares.get().price_vnd == VND(150_000)
        assert str(page.opening_hours.get()).endswith("07:00–17:30")

    def test_monument_rejects_closing_before_opening(self):
        data = {
            "title": "Lăng Tự Đức",
            "slug": "lang-tu-duc",
            "description": rich_text(""),
            "history": streamfield([]),
            "opening_hours": inline_formset(
                [{"first_day": 0, "last_day": 6, "opens": "17:00", "closes": "07:00"}]
            ),
            "fares": inline_formset([]),
            "gallery_images": inline_formset([]),
        }
        response = self.post_add(self.home, MonumentPage, data)
        assert response.status_code == 200
        assert "Closing time must be after opening time" in response.content.decode()
        assert not MonumentPage.objects.exists()

    def test_relic(self):
        monument, _relic = self.monument_and_relic()
        data = {
            "title": "Cao Đỉnh",
            "slug": "cao-dinh",
            "summary": "Đỉnh lớn nhất trong Cửu Đỉnh.",
            "description": rich_text("<p>Đúc năm 1836.</p>"),
            "inventory_number": "HUE-DN-0001",
            "material": "Đồng",
            "height_cm": "250",
            "condition": "good",
            "licence": "cc-by-4.0",
            "images": inline_formset([]),
            "hotspots": inline_formset([]),
        }
        page = self.create(monument, RelicPage, data)
        assert page.inventory_number == "HUE-DN-0001"

    def test_tour_with_stops(self):
        monument, relic = self.monument_and_relic()
        data = {
            "title": "Buổi sáng ở Huế",
            "slug": "buoi-sang",
            "description": rich_text(""),
            "duration_minutes": 90,
            "stops": inline_formset(
                [
                    {"target": monument.pk, "stop_code": "101", "note": "Cổng chính."},
                    {"target": relic.pk, "stop_code": "102", "note": "Cửu Đỉnh."},
                ]
            ),
        }
        page = self.create(self.home, TourPage, data)
        assert [stop.stop_code for stop in page.stops.all()] == ["101", "102"]

    def test_tour_rejects_two_stops_with_one_code(self):
        monument, relic = self.monument_and_relic()
        data = {
            "title": "Buổi sáng ở Huế",
            "slug": "buoi-sang",
            "description": rich_text(""),
            "stops": inline_formset(
                [
                    {"target": monument.pk, "stop_code": "101"},
                    {"target": relic.pk, "stop_code": "101"},
                ]
            ),
        }
        response = self.post_add(self.home, TourPage, data)
        assert response.status_code == 200
        assert "cannot share the code 101" in response.content.decode()
        assert not TourPage.objects.exists()


@pytest.mark.django_db
def test_stop_code_is_unique_across_tours(home, monument):
    from django.core.exceptions import ValidationError

    TourStopFactory(
        tour=TourPageFactory(parent=home, title="Tour A"), target=monument, stop_code="300"
    )
    other = TourStopFactory.build(
        tour=TourPageFactory(parent=home), target=monument, stop_code="300"
    )
    with pytest.raises(ValidationError, match="Tour A"):
        other.full_clean()


@pytest.mark.django_db
def test_visitor_pages_render(client, home, monument, relic):
    MonumentOpeningHoursFactory(page=monument)
    MonumentFareFactory(page=monument, price_vnd=150_000)
    tour = TourPageFactory(parent=home)
    TourStopFactory(tour=tour, target=relic, stop_code="205")
    for page, expected in [
        (home, monument.title),
        (monument, "150.000 ₫"),
        (relic, "HUE-TEST"),
        (tour, "205"),
    ]:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert expected in response.content.decode(), (page.url, expected)


@pytest.mark.django_db
def test_admin_edit_views_render_for_every_page_type(client, superuser, home, monument, relic):
    client.force_login(superuser)
    tour = TourPageFactory(parent=home)
    TourStopFactory(tour=tour, target=relic)
    for page, tab in [(home, None), (monument, "Visit"), (relic, "Catalogue record"), (tour, None)]:
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page
        if tab:
            assert tab in response.content.decode()


@pytest.mark.django_db
def test_image_upload_keeps_credit_and_licence(client, superuser, home):
    import io

    from PIL import Image as PILImage

    from heritage_cms.core.models import HeritageImage

    client.force_login(superuser)
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), (122, 31, 31)).save(buffer, "JPEG")
    buffer.name = "ngo-mon.jpg"
    buffer.seek(0)
    response = client.post(
        "/admin/images/add/",
        {
            "title": "Ngọ Môn",
            "file": buffer,
            "caption": "Cổng chính phía nam của Hoàng thành.",
            "credit": "Trung tâm Bảo tồn Di tích Cố đô Huế",
            "licence": "cc-by-sa-4.0",
            "collection": 1,
            "tags": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    image = HeritageImage.objects.get(title="Ngọ Môn")
    assert (image.width, image.height) == (64, 48)
    assert image.licence == "cc-by-sa-4.0" and image.credit.startswith("Trung tâm")


@pytest.mark.django_db
def test_the_admin_speaks_vietnamese_to_museum_staff_by_default(client, monument):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    html = client.get(f"/admin/pages/{monument.pk}/edit/").content.decode()
    assert '<html lang="vi"' in html
    assert "Thông tin tham quan" in html  # the "Visit" tab
