import datetime as dt

import factory

from heritage_cms.core.factories import SourceLocalePageFactory

from .models import MonumentFare, MonumentOpeningHours, MonumentPage, Site


class SiteFactory(factory.django.DjangoModelFactory):
    """``SiteFactory(code="dai-noi")`` twice gives the same row, as gates and products expect."""

    code = factory.Sequence(lambda n: f"site-{n}")

    class Meta:
        model = Site
        django_get_or_create = ("code",)


class MonumentPageFactory(SourceLocalePageFactory):
    title = factory.Sequence(lambda n: f"Lăng vua số {n}")
    slug = factory.Sequence(lambda n: f"lang-vua-{n}")
    summary = "Một công trình kiến trúc thời Nguyễn."
    description = "<p>Lăng nằm bên bờ sông Hương.</p>"
    dynasty = "Nhà Nguyễn"
    period = "1840–1843"
    address = "Hương Thọ, Huế"
    latitude = "16.388000"
    longitude = "107.569000"

    class Meta:
        model = MonumentPage


class MonumentOpeningHoursFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(MonumentPageFactory)
    first_day = 0
    last_day = 6
    opens = dt.time(7, 0)
    closes = dt.time(17, 30)

    class Meta:
        model = MonumentOpeningHours


class MonumentFareFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(MonumentPageFactory)
    visitor = "Người lớn"
    price_vnd = 150_000
    locale = factory.SelfAttribute("page.locale")

    class Meta:
        model = MonumentFare
