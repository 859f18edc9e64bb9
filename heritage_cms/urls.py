from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from heritage_cms.api import api_router
from heritage_cms.cards import urls as card_urls
from heritage_cms.core import frontend, media, metrics, serving
from heritage_cms.core import views as core_views
from heritage_cms.engagement import urls as engagement_urls
from heritage_cms.fieldreports import urls as fieldreport_urls
from heritage_cms.opendata import urls as opendata_urls
from heritage_cms.payments import urls as payment_urls
from heritage_cms.tours import urls as tour_urls
from heritage_cms.tours import views as tour_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("open-data/", include(opendata_urls)),
    path("api/gates/v1/", include(card_urls)),
    path("payments/", include(payment_urls)),
    # The listening beacon: outside the language prefix, one URL for every page and the worker.
    path("engagement/", include(engagement_urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="openapi_schema"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("sitemap.xml", sitemap),
    path("healthz", core_views.health, name="health"),
    path("readyz", core_views.ready, name="ready"),
    path("metrics", metrics.metrics_view, name="metrics"),
    # The service worker must be served from the root to control every page.
    path("sw.js", frontend.service_worker, name="service_worker"),
    re_path(
        r"^stops/(?P<code>[0-9]{1,6})/poster\.(?P<fmt>png|pdf)$",
        tour_views.stop_poster,
        name="stop_poster",
    ),
]

if settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage":
    # Embedded default: Django serves uploaded media itself, with byte ranges (a CDN or S3 does
    # this in production).
    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media.serve_media)]

# Visitor-facing pages live under a language prefix: /vi/, /en/, /fr/, /zh-hans/, /ja/, /ko/.
urlpatterns += i18n_patterns(
    path("search/", core_views.search, name="search"),
    path("offline/", core_views.offline, name="offline"),
    path("card/", include("heritage_cms.cards.visitor_urls")),
    path("tickets/", include("heritage_cms.tickets.urls")),
    path("report/", include(fieldreport_urls)),
    path("manifest.webmanifest", frontend.web_manifest, name="web_manifest"),
    path("", include(tour_urls)),
    # Wagtail's view, routed in fewer queries; its _util/ views stay Wagtail's.
    re_path(serving.SERVE_PATTERN, serving.serve, name="heritage_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
