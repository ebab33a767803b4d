"""The client's address (casework.audit.client_address): only our own proxies' hops are
believed, so rotating X-Forwarded-For neither resets a rate limit nor forges a logged address."""

import pytest
from django.test import RequestFactory

from casework.audit import client_address
from casework.models import Consultation

pytestmark = pytest.mark.django_db


def address(settings, proxies, forwarded=None, remote="203.0.113.7"):
    settings.TRUSTED_PROXY_COUNT = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "203.0.113.7"),  # no proxy: the header is the client's own claim
        (0, None, "203.0.113.7"),
        (1, "1.1.1.1, 198.51.100.4", "198.51.100.4"),  # our proxy appended the last entry
        (1, "198.51.100.4", "198.51.100.4"),
        (2, "1.1.1.1, 198.51.100.4, 10.0.0.2", "198.51.100.4"),  # the second from the right
        (2, "10.0.0.2", "203.0.113.7"),  # fewer hops than proxies: not through our proxies
        (1, "", "203.0.113.7"),
        (1, "1.1.1.1, not-an-address", "203.0.113.7"),  # a broken hop never reaches the log
        (1, "1.1.1.1, 198.51.100.4:5123", "198.51.100.4"),  # some proxies append the port
        (1, "1.1.1.1, [2001:db8::1]:5123", "2001:db8::1"),
        (1, "2001:db8::2", "2001:db8::2"),
    ],
)
def test_only_the_trusted_hops_are_believed(settings, proxies, forwarded, expected):
    assert address(settings, proxies, forwarded) == expected


def test_a_socket_address_that_is_not_an_ip_is_not_logged(settings):
    assert address(settings, 0, remote="unix-socket") is None


def test_rotating_x_forwarded_for_does_not_change_the_logged_address(client, personas, case, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client.force_login(personas.investigator)
    for forged in ("1.2.3.4", "5.6.7.8"):
        response = client.get(case.get_absolute_url(), HTTP_X_FORWARDED_FOR=f"{forged}, 198.51.100.4")
        assert response.status_code == 200
    assert set(Consultation.objects.values_list("client_address", flat=True)) == {"198.51.100.4"}


def test_without_a_trusted_proxy_the_header_is_ignored_in_the_log(client, personas, case):
    client.force_login(personas.investigator)
    client.get(case.get_absolute_url(), HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="10.1.2.3")
    assert Consultation.objects.get().client_address == "10.1.2.3"
