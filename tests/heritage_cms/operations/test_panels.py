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


@pytest.fixture
def two_monuments(home):
    """Đại Nội and Lăng Tự Đức, each with an open report and a heard stop."""
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
    return dai_noi, tu_duc


def operator_of(*sites):
    """An Operations member (and nothing else) who watches these monuments."""
    user = UserFactory(groups=[OPERATIONS])
    OperatorScope.objects.create(user=user).sites.set(sites)
    return user


def test_an_operator_sees_open_reports_and_heard_stops_of_their_monument_only(
    client, two_monuments
):
    dai_noi, tu_duc = two_monuments
    client.force_login(operator_of(dai_noi))

    html = client.get(reverse("operations:board")).content.decode()
    reports = html[html.index("data-board-reports") : html.index("data-board-stops")]
    assert dai_noi.name in reports and tu_duc.name not in reports
    assert reverse("visitor_reports:index") in reports  # Operations triages
    stops = html[html.index("data-board-stops") :]
    assert "Cửu Đỉnh" in stops and "Bia Khiêm Cung Ký" not in stops
    row = stops[stops.index("Cửu Đỉnh") : stops.index("</tr>", stops.index("Cửu Đỉnh"))]
    assert "<td>9</td><td>1</td>" in row  # plays, 3D openings
    assert row.index('lang="ja"') < row.index('lang="ko"')  # the most heard language first


def test_the_polled_data_carries_the_panels_cut_to_the_viewers_monuments(client, two_monuments):
    dai_noi, tu_duc = two_monuments
    client.force_login(operator_of(dai_noi))
    panels = client.get(reverse("operations:board_data")).json()["panels"]
    reports, stops = panels
    assert "data-board-reports" in reports and "data-board-stops" in stops
    assert dai_noi.name in reports and tu_duc.name not in reports
    assert "Cửu Đỉnh" in stops and "<td>9</td><td>1</td>" in stops
    assert "Bia Khiêm Cung Ký" not in stops and "<td>5</td>" not in stops

    # A new report and more plays show at the next poll, without reloading the page.
    VisitorReport.objects.create(
        reference="R" + "9" * 19, category="litter", text="Cỏ mọc", site=dai_noi, language="vi"
    )
    StopEngagement.objects.filter(page__title="Cửu Đỉnh", language="ja", kind="audio_play").update(
        count=17
    )
    reports, stops = client.get(reverse("operations:board_data")).json()["panels"]
    assert "<td>2</td>" in reports  # two new reports at Đại Nội
    assert "<td>19</td><td>1</td>" in stops


def test_the_polled_panels_of_another_operator_show_only_their_monument(client, two_monuments):
    dai_noi, tu_duc = two_monuments
    client.force_login(operator_of(tu_duc))
    reports, stops = client.get(reverse("operations:board_data")).json()["panels"]
    assert tu_duc.name in reports and dai_noi.name not in reports
    assert "Bia Khiêm Cung Ký" in stops and "Cửu Đỉnh" not in stops


def test_an_operator_without_monuments_is_polled_no_ones_figures(client, two_monuments):
    client.force_login(operator_of())
    reports, stops = client.get(reverse("operations:board_data")).json()["panels"]
    for site in two_monuments:
        assert site.name not in reports
    assert "Cửu Đỉnh" not in stops and "Bia Khiêm Cung Ký" not in stops
