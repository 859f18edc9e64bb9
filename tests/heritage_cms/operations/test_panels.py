"""The board's panels from the apps beside it: open visitor reports and the stops visitors hear,
for the monuments the viewer watches only."""

import pytest
from django.urls import reverse
from django.utils import timezone

from heritage_cms.collection.factories import RelicPageFactory
from heritage_cms.core.factories import UserFactory
from heritage_cms.core.roles import OPERATIONS
from heritage_cms.engagement.counting import hour_of
from heritage_cms.engagement.models import StopEngagement
from heritage_cms.fieldreports.models import VisitorReport
from heritage_cms.operations.models import OperatorScope
from heritage_cms.sites.factories import MonumentPageFactory, SiteFactory

pytestmark = pytest.mark.django_db


def test_an_operator_sees_open_reports_and_heard_stops_of_their_monument_only(client, home):
    dai_noi, tu_duc = SiteFactory(code="dai-noi"), SiteFactory(code="lang-tu-duc")
    monument = MonumentPageFactory(parent=home, title="Đại Nội", slug="dai-noi", site=dai_noi)
    other = MonumentPageFactory(parent=home, title="Lăng Tự Đức", slug="tu-duc", site=tu_duc)
    urns = RelicPageFactory(parent=monument, title="Cửu Đỉnh", slug="cuu-dinh")
    stele = RelicPageFactory(parent=other, title="Bia Khiêm Cung Ký", slug="bia")
    for site, text in ((dai_noi, "Rác ở sân Thế Miếu"), (tu_duc, "Biển chỉ dẫn bị gãy")):
        VisitorReport.objects.create(
            reference=f"R{site.pk:019d}", category="litter", text=text, site=site, language="vi"
        )
    hour = hour_of(timezone.now())
    for page, language, kind, count in (
        (urns, "ja", "audio_play", 7),
        (urns, "ko", "audio_play", 2),
        (urns, "ja", "model_open", 1),
        (stele, "en", "audio_play", 5),
    ):
        StopEngagement.objects.create(
            page=page, language=language, kind=kind, hour=hour, count=count
        )
    user = UserFactory(groups=[OPERATIONS])
    OperatorScope.objects.create(user=user).sites.set([dai_noi])
    client.force_login(user)

    html = client.get(reverse("operations:board")).content.decode()
    reports = html[html.index("data-board-reports") : html.index("data-board-stops")]
    assert dai_noi.name in reports and tu_duc.name not in reports
    assert reverse("visitor_reports:index") in reports  # Operations triages
    stops = html[html.index("data-board-stops") :]
    assert "Cửu Đỉnh" in stops and "Bia Khiêm Cung Ký" not in stops
    row = stops[stops.index("Cửu Đỉnh") : stops.index("</tr>", stops.index("Cửu Đỉnh"))]
    assert "<td>9</td><td>1</td>" in row  # plays, 3D openings
    assert row.index('lang="ja"') < row.index('lang="ko"')  # the most heard language first
