"""What staff read in the admin listings, in their own admin language.

Headers are the fields' human names, codes show as their labels, monuments by name, amounts in
đồng, dates in words and flags as icons; and the labels Wagtail would freeze in the language of
the process's first request (the snippet breadcrumbs) follow each staff member's preference.
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from wagtail.users.models import UserProfile

from heritage_cms.core.factories import UserFactory
from heritage_cms.core.roles import FINANCE, MODERATORS

from .admin_world import build_admin_world

pytestmark = pytest.mark.django_db


def gate_keepers() -> str:
    """No role of core.roles reads gates and products yet (an operations role will); a group
    with exactly those two view permissions stands in for it."""
    group, _created = Group.objects.get_or_create(name="Gate keepers (test)")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="cards", codename__in=["view_gate", "view_product"]
        )
    )
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return group.name


def staff(group: str, language: str):
    user = UserFactory(groups=[group])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def world(home):
    return build_admin_world(home)


def table(client, url: str) -> tuple[list[str], list[list[str]], BeautifulSoup]:
    response = client.get(url)
    assert response.status_code == 200, url
    soup = BeautifulSoup(response.content, "lxml")
    listing = soup.select_one("table.listing")
    assert listing is not None, f"no listing at {url}"
    headers = [" ".join(th.get_text(" ", strip=True).split()) for th in listing.select("thead th")]
    rows = [
        [" ".join(td.get_text(" ", strip=True).split()) for td in tr.select("td")]
        for tr in listing.select("tbody tr")
    ]
    return [h for h in headers if h], rows, soup


def cell(headers, row, name):
    # The first header cell (bulk-action checkbox) has no text; rows keep it.
    offset = len(row) - len(headers)
    return row[headers.index(name) + offset]


def test_finance_reads_taps_with_labels_names_and_amounts(client, world):
    client.force_login(staff(FINANCE, "en"))
    headers, rows, soup = table(client, "/admin/snippets/cards/tap/")
    assert headers[:8] == [
        "Occurred at",
        "Gate",
        "Monument",
        "Card number",
        "Decision",
        "Reason",
        "Fare charged",
        "Settlement",
    ]
    (row,) = rows
    assert cell(headers, row, "Gate") == "Ngọ Môn 1"
    assert cell(headers, row, "Monument") == "Đại Nội"  # the page's name, not "dai-noi"
    assert cell(headers, row, "Decision") == "Refused"
    assert cell(headers, row, "Reason") == "Anti-passback: entered a moment ago"
    assert "passback" not in cell(headers, row, "Reason").split()
    assert cell(headers, row, "Fare charged") == "0 ₫"
    assert cell(headers, row, "Settlement") == "Nothing to charge"
    assert "ago" in cell(headers, row, "Occurred at")  # a date in words, with the full date
    assert soup.select_one("table.listing tbody time[datetime]") is not None


def test_staff_read_gates_and_products_with_names_amounts_and_icons(client, world):
    client.force_login(staff(gate_keepers(), "en"))
    headers, (row,), soup = table(client, "/admin/snippets/cards/gate/")
    assert cell(headers, row, "Monument") == "Đại Nội"
    assert cell(headers, row, "Fare") == "200.000 ₫"
    assert cell(headers, row, "Direction") == "Entry"
    assert "True" not in row and "False" not in row
    ticks = soup.select("table.listing tbody svg.icon-check")
    assert len(ticks) == 2  # online and active, each named in words for screen readers
    assert cell(headers, row, "Online") == "Yes" and cell(headers, row, "Active") == "Yes"

    headers, (row,), _soup = table(client, "/admin/snippets/cards/product/")
    assert headers[:6] == ["Name", "Code", "Kind", "Price", "Valid for (days)", "On sale"]
    assert cell(headers, row, "Kind") == "Single-site ticket"
    assert cell(headers, row, "Price") == "200.000 ₫"
    assert "True" not in row


def test_finance_reads_entitlements_cards_and_anomalies(client, world):
    client.force_login(staff(FINANCE, "en"))
    headers, (row,), _soup = table(client, "/admin/snippets/cards/entitlement/")
    assert "Revoked" in headers and "False" not in row and "True" not in row

    headers, (row,), _soup = table(client, "/admin/snippets/cards/card/")
    assert headers[:5] == ["Card number", "Chip UID (hex)", "Status", "Balance", "Issued"]
    # Topped up by 100.000 ₫ at the ticket office's counter.
    assert cell(headers, row, "Balance") == "100.000 ₫" and cell(headers, row, "Status") == "Active"

    headers, (row,), _soup = table(client, "/admin/snippets/cards/gateanomaly/")
    assert cell(headers, row, "Kind") == "Gate clock off"
    assert cell(headers, row, "Monument") == "Đại Nội"


def test_finance_reads_payments_and_refunds_in_dong(client, world):
    client.force_login(staff(FINANCE, "en"))
    headers, rows, _soup = table(client, "/admin/finance/payments/")
    assert headers[:7] == ["Created", "Card", "Kind", "Product", "Amount", "Refunded", "Status"]
    assert sorted(cell(headers, row, "Kind") for row in rows) == ["E-tickets", "Ticket or pass"]
    (row,) = [row for row in rows if cell(headers, row, "Kind") == "Ticket or pass"]
    assert cell(headers, row, "Amount") == "1.250.000 ₫"
    assert cell(headers, row, "Refunded") == "0 ₫"
    assert cell(headers, row, "Kind") == "Ticket or pass"
    assert cell(headers, row, "Status") == "Paid"

    headers, (row,), _soup = table(client, "/admin/finance/refunds/")
    assert headers[:4] == ["Requested", "Card", "Amount", "Reason"]
    assert cell(headers, row, "Amount") == "150.000 ₫"
    assert cell(headers, row, "Card") == "9704180200000001"


def test_a_vietnamese_reader_gets_the_same_listing_in_vietnamese(client, world):
    client.force_login(staff(FINANCE, "vi"))
    headers, (row,), _soup = table(client, "/admin/snippets/cards/tap/")
    assert "Occurred at" not in headers and "Monument" not in headers
    assert cell(headers, row, "Cổng") == "Ngọ Môn 1"
    assert cell(headers, row, "Di tích") == "Đại Nội"
    assert cell(headers, row, "Quyết định") == "Bị từ chối"
    headers, rows, _soup = table(client, "/admin/finance/payments/")
    assert any("1.250.000 ₫" in row for row in rows)


def test_moderators_read_monuments_models_and_guides(client, world):
    client.force_login(staff(MODERATORS, "en"))
    headers, (row,), _soup = table(client, "/admin/snippets/heritage_sites/site/")
    assert headers[:3] == ["Name", "Code", "Capacity"]
    assert cell(headers, row, "Name").startswith("Đại Nội")  # the page's title, linked
    assert cell(headers, row, "Code") == "dai-noi"
    headers, (row,), _soup = table(client, "/admin/snippets/collection/model3d/")
    assert headers[:4] == ["Title", "Status", "Reason", "Processed"]
    headers, (row,), _soup = table(client, "/admin/snippets/guides/audioguide/")
    assert cell(headers, row, "Language") == "Vietnamese"


def test_snippet_breadcrumbs_follow_each_readers_language(client, world):
    """Wagtail computes them once per process: a Vietnamese reader first must not fix them."""
    from django.test import Client

    first = Client()
    first.force_login(staff(MODERATORS, "vi"))
    vietnamese = first.get("/admin/snippets/heritage_sites/site/").content.decode()
    assert "trang chủ" in vietnamese.lower()  # "Home": ours, else Wagtail's catalogue
    client.force_login(staff(MODERATORS, "en"))
    html = client.get("/admin/snippets/heritage_sites/site/").content.decode()
    assert "trang chủ" not in html.lower()
    soup = BeautifulSoup(html, "lxml")
    crumbs = [a.get_text(strip=True) for a in soup.select("nav[aria-label] ol li a")]
    assert "Home" in crumbs, crumbs
