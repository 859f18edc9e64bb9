"""The client address every per-client limit uses, with and without trusted proxies."""

from django.test import RequestFactory, override_settings

from heritage_cms.core.clientip import client_ip

factory = RequestFactory()


def request(remote="10.0.0.9", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return factory.get("/", **extra)


def test_without_proxies_the_header_is_ignored():
    assert client_ip(request(forwarded="203.0.113.7")) == "10.0.0.9"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_one_proxy_gives_the_address_it_saw_not_what_the_client_wrote():
    assert client_ip(request(forwarded="1.2.3.4, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(request(forwarded="203.0.113.7")) == "203.0.113.7"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_two_proxies_count_from_the_right():
    assert client_ip(request(forwarded="6.6.6.6, 198.51.100.4, 172.16.0.2")) == "198.51.100.4"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_a_request_that_went_round_the_proxies_uses_the_socket():
    assert client_ip(request(forwarded="198.51.100.4")) == "10.0.0.9"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_garbage_in_the_header_falls_back_to_the_socket():
    assert client_ip(request(forwarded="not-an-address")) == "10.0.0.9"
    assert client_ip(request(forwarded="")) == "10.0.0.9"
