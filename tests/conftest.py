import time
from collections.abc import Iterator

import pytest
from django.db import connection
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from cardreader_service.pcscd import Pcscd, PcscdError, missing_pcsc
from heritage_cms.collection.factories import RelicPageFactory
from heritage_cms.core import generation
from heritage_cms.core.factories import UserFactory, default_site_home
from heritage_cms.core.roles import CURATORS, MODERATORS, TRANSLATORS
from heritage_cms.sites.factories import MonumentPageFactory


@pytest.fixture(autouse=True)
def _fresh_content_generation() -> None:
    """Each test's database is rolled back without a signal: a new content generation, so no
    test sees what was kept for another's pages (sites, locale roots, template fragments)."""
    generation.bump_now(sites=True)


# What another connection is doing when it still holds (or waits for) a table lock.
_BUSY_ELSEWHERE = """
    SELECT count(*) FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid()
      AND backend_type = 'client backend'
      AND state IN ('active', 'idle in transaction', 'idle in transaction (aborted)')
"""


@pytest.fixture(autouse=True)
def _live_server_idle_before_flush(request: pytest.FixtureRequest) -> Iterator[None]:
    """A closed browser tab's last request can still be running in the live server when the
    test ends; flushing the tables under it deadlocks on PostgreSQL. So the flush waits (up to
    30 s) until no other connection to the test database is inside a statement or transaction.

    Set up after ``transactional_db`` and before the browser fixtures, it is torn down after the
    tabs are closed and before the flush."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(_BUSY_ELSEWHERE)
            if cursor.fetchone()[0] == 0:
                return
        time.sleep(0.05)


@pytest.fixture
def vi(db) -> Locale:
    return Locale.objects.get(language_code="vi")


@pytest.fixture
def en(db) -> Locale:
    return Locale.objects.get(language_code="en")


@pytest.fixture
def home(db, vi):
    """A Vietnamese home page as the default site's root, replacing Wagtail's placeholder."""
    return default_site_home(vi)


@pytest.fixture
def monument(home):
    return MonumentPageFactory(parent=home, title="Lăng Minh Mạng", slug="lang-minh-mang")


@pytest.fixture
def relic(monument):
    return RelicPageFactory(parent=monument, title="Cửu Đỉnh", slug="cuu-dinh")


@pytest.fixture
def superuser(db):
    """A superuser who reads the admin in English (the staff default is Vietnamese)."""
    user = UserFactory(is_superuser=True, is_staff=True)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def curator(db):
    return UserFactory(groups=[CURATORS])


@pytest.fixture
def translator(db):
    return UserFactory(groups=[TRANSLATORS])


@pytest.fixture
def moderator(db):
    return UserFactory(groups=[MODERATORS])


@pytest.fixture(scope="module")
def vpcd_reader() -> Iterator[str]:
    """pcscd with the vpcd reader (started here unless one already serves it)."""
    missing = missing_pcsc()
    if missing:
        pytest.skip(missing)
    service = Pcscd()
    try:
        service.ensure()
    except PcscdError as error:
        pytest.fail(str(error))
    yield service.reader
    service.close()
