"""The admin login is throttled per username and real client address (django-axes)."""

import pytest
from django.test import Client

from heritage_cms.core.factories import UserFactory
from heritage_cms.core.roles import CURATORS

pytestmark = pytest.mark.django_db

PASSWORD = "Đúng-mật-khẩu-2026"


@pytest.fixture
def curator_with_password(db):
    return UserFactory(username="thu-thu", password=PASSWORD, groups=[CURATORS])


def log_in(client, password: str, **headers):
    return client.post(
        "/admin/login/", {"username": "thu-thu", "password": password}, headers=headers
    )


def is_in_admin(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_the_right_password_logs_in(client, curator_with_password):
    assert log_in(client, PASSWORD).status_code == 302
    assert is_in_admin(client)


def test_thirty_wrong_passwords_lock_the_login_even_for_the_right_one(
    client, curator_with_password
):
    for _attempt in range(30):
        assert log_in(client, "đoán-bừa").status_code in (200, 429)
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    assert not is_in_admin(client)


def test_the_lock_follows_the_client_behind_the_proxy_not_the_proxy(
    settings, curator_with_password
):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker, colleague = Client(), Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(attacker, "đoán-bừa", x_forwarded_for="203.0.113.9")
    assert log_in(attacker, PASSWORD, x_forwarded_for="203.0.113.9").status_code == 429
    # A forged left-hand entry does not get the attacker a fresh count...
    forged = log_in(attacker, PASSWORD, x_forwarded_for="198.51.100.1, 203.0.113.9")
    assert forged.status_code == 429
    # ...and the colleague behind the same proxy, from another address, still logs in.
    assert log_in(colleague, PASSWORD, x_forwarded_for="192.0.2.44").status_code == 302
    assert is_in_admin(colleague)


def test_a_login_without_a_socket_address_still_works(client, curator_with_password):
    """A unix-socket gunicorn has no REMOTE_ADDR; axes must not choke storing it (PostgreSQL)."""
    response = client.post(
        "/admin/login/", {"username": "thu-thu", "password": PASSWORD}, REMOTE_ADDR=""
    )
    assert response.status_code == 302
    client.force_login(curator_with_password)  # records a login with no request address
    assert is_in_admin(client)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", "Thử lại sau {} phút"),
        ("fr", "Réessayez dans {} min"),
        ("zh-hans", "请 {} 分钟后重试"),
        ("ja", "{} 分後にもう一度お試しください"),
        ("ko", "{}분 후에 다시 시도하세요"),
        ("en", "Try again in {} min"),
    ],
)
def test_the_lock_out_says_so_in_the_staff_members_language(
    settings, curator_with_password, language, expected
):
    client = Client(headers={"accept-language": language})
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "đoán-bừa")
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert expected.format(minutes) in response.content.decode()
