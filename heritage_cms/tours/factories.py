import factory

from heritage_cms.core.factories import SourceLocalePageFactory

from .models import TourPage, TourStop


class TourPageFactory(SourceLocalePageFactory):
    title = factory.Sequence(lambda n: f"Hành trình {n}")
    slug = factory.Sequence(lambda n: f"hanh-trinh-{n}")
    summary = "Một buổi sáng trong Đại Nội."
    duration_minutes = 120

    class Meta:
        model = TourPage


class TourStopFactory(factory.django.DjangoModelFactory):
    tour = factory.SubFactory(TourPageFactory)
    stop_code = factory.Sequence(lambda n: f"{100 + n}")
    note = "Hãy nhìn lên mái ngói."
    locale = factory.SelfAttribute("tour.locale")

    class Meta:
        model = TourStop
