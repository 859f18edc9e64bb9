"""What is kept per content generation (the site, the locale roots and the pages on a path in each
worker, the header, footer and home page lists as template fragments) never outlives a change:
the next uncached request after a publish, unpublish, move, delete or new view restriction
shows it. The anonymous whole-page cache is off here, as in the uncached benchmark."""

import pytest
from django.utils import translation
from wagtail.models import Locale, PageViewRestriction

from heritage_cms.collection.factories import RelicPageFactory
from heritage_cms.core import generation
from heritage_cms.core.translation import translate_page
from heritage_cms.sites.factories import MonumentPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.VISITOR_PAGE_CACHE_SECONDS = 0


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_published_monument_shows_at_once_on_the_home_page(client, home, monument):
    assert "Lăng Minh Mạng" in html(client, home.url)
    assert "Chùa Thiên Mụ" not in html(client, home.url)  # the lists are now a kept fragment
    MonumentPageFactory(parent=home, title="Chùa Thiên Mụ", slug="chua-thien-mu")
    assert "Chùa Thiên Mụ" in html(client, home.url)


def test_a_new_title_shows_at_once_in_the_lists_and_on_the_page(client, home, monument, relic):
    html(client, home.url)
    html(client, relic.url)
    monument.title = "Lăng vua Minh Mạng"
    monument.save_revision().publish()
    assert "Lăng vua Minh Mạng" in html(client, home.url)
    assert "Lăng vua Minh Mạng" in html(client, relic.url)  # the breadcrumb, from the path


def test_a_translation_shows_at_once_in_the_language_switcher(client, home, monument):
    page = html(client, monument.url)
    assert 'href="/ja/" lang="ja"' in page  # no Japanese page yet: that language's home
    home_ja = translate_page(home, Locale.objects.get(language_code="ja"), {})
    translated = translate_page(monument, Locale.objects.get(language_code="ja"), {})
    with translation.override("ja"):
        url = translated.url
    assert url != "/ja/" and home_ja.live
    assert f'href="{url}" lang="ja"' in html(client, monument.url)


def test_unpublished_moved_and_deleted_pages_go_at_once(client, home, monument, relic):
    assert client.get(relic.url).status_code == 200
    relic.unpublish()
    assert client.get(relic.url).status_code == 404
    other = RelicPageFactory(parent=monument, title="Chuông đồng", slug="chuong-dong")
    assert client.get(other.url).status_code == 200
    old_url = other.url
    second = MonumentPageFactory(parent=home, title="Điện Hòn Chén", slug="dien-hon-chen")
    other.move(second, pos="last-child")
    other.refresh_from_db()
    moved = client.get(old_url)
    assert moved.status_code == 301 and moved["Location"] == other.url  # Wagtail's redirect
    assert client.get(other.url).status_code == 200
    second.delete()
    assert client.get(other.url).status_code == 404


def test_a_new_view_restriction_applies_at_once(client, home, monument, relic):
    assert "Cửu Đỉnh" in html(client, relic.url)
    PageViewRestriction.objects.create(
        page=monument, restriction_type=PageViewRestriction.PASSWORD, password="ngo-mon"
    )
    page = html(client, relic.url)
    assert "Cửu Đỉnh" not in page and 'type="password"' in page
    assert "Lăng Minh Mạng" not in html(client, home.url)


def test_what_another_worker_read_before_the_commit_is_retired_when_it_commits(
    client, home, monument, django_capture_on_commit_callbacks
):
    """A request between the publish's bump and its commit reads the old content and keeps it
    under the new number: the commit bumps once more, so that number is never served again."""
    with django_capture_on_commit_callbacks(execute=True):
        monument.title = "Lăng vua Minh Mạng"
        monument.save_revision().publish()
        read_before_the_commit = generation.current()
    assert generation.current() != read_before_the_commit
    assert "Lăng vua Minh Mạng" in html(client, home.url)


def test_a_publish_elsewhere_keeps_the_sites_generation_a_root_page_changes_it(home, monument):
    """The site and its roots are looked up again only when what routing starts from changes."""
    before = generation.current(scope=generation.SITES)
    monument.title = "Lăng vua Minh Mạng"
    monument.save_revision().publish()
    assert generation.current(scope=generation.SITES) == before
    home.title = "Trang chủ Huế"
    home.save_revision().publish()
    assert generation.current(scope=generation.SITES) != before


def test_a_new_language_s_home_routes_at_once(client, home, monument):
    """Japanese visitors get the site's own root until a Japanese home exists, then that one."""
    assert client.get("/ja/").status_code == 200
    html(client, monument.url)  # a publish of another page meanwhile keeps the kept roots
    home_ja = translate_page(home, Locale.objects.get(language_code="ja"), {})
    home_ja.title = "フエの遺産"
    home_ja.save_revision().publish()
    assert "フエの遺産" in html(client, "/ja/")
