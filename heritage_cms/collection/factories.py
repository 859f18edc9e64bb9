import factory

from heritage_cms.core.factories import SourceLocalePageFactory

from .models import RelicPage


class RelicPageFactory(SourceLocalePageFactory):
    title = factory.Sequence(lambda n: f"Bảo vật số {n}")
    slug = factory.Sequence(lambda n: f"bao-vat-{n}")
    summary = "Một hiện vật bằng đồng thời Nguyễn."
    inventory_number = factory.Sequence(lambda n: f"HUE-TEST-{n:04d}")
    dynasty = "Nhà Nguyễn"
    reign = "Minh Mạng"
    date_made = "1835–1837"
    material = "Đồng"
    height_cm = "250.0"
    licence = "cc-by-4.0"
    rights_holder = "Trung tâm Bảo tồn Di tích Cố đô Huế"
    description = "<p>Đúc bằng đồng.</p>"

    class Meta:
        model = RelicPage
