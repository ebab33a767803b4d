"""`make run`'s demo users have a second factor from DEMO_TOTP_SECRET, or a generated one that
seed_demo prints beside the password, so a newcomer can still sign in."""

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from casework.models import User
from casework.second_factor import services
from tests.second_factor import code_from_secret

pytestmark = pytest.mark.django_db

DEMO_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
ROOT = Path(__file__).resolve().parents[3]


def test_seed_demo_enrols_the_demo_users_with_the_given_secret(monkeypatch, capsys):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    monkeypatch.setenv("DEMO_TOTP_SECRET", DEMO_SECRET)
    call_command("seed_demo", force=True)
    out = capsys.readouterr().out
    assert f"Second factor for all (TOTP secret, base32): {DEMO_SECRET}" in out
    assert f"oathtool --totp -b {DEMO_SECRET}" in out
    for username in ["investigator", "head", "admin"]:
        assert services.base32_secret(services.authenticator(User.objects.get(username=username))) == DEMO_SECRET

    client = Client()
    client.post("/accounts/login/", {"username": "head", "password": "demo-password-for-tests"})
    response = client.post("/accounts/second-factor/", {"code": code_from_secret(DEMO_SECRET)}, follow=True)
    assert response.request["PATH_INFO"] == "/" and "My work" in response.content.decode()


def test_without_a_secret_one_is_generated_printed_and_kept_on_the_next_run(monkeypatch, capsys):
    monkeypatch.delenv("DEMO_TOTP_SECRET", raising=False)
    call_command("seed_demo", force=True)
    first = re.search(r"TOTP secret, base32\): ([A-Z2-7]+)", capsys.readouterr().out).group(1)
    code_now = re.compile(r"code now: (\d{6})")
    call_command("seed_demo", force=True)
    out = capsys.readouterr().out
    assert re.search(r"TOTP secret, base32\): ([A-Z2-7]+)", out).group(1) == first
    now = time.time()
    assert code_now.search(out).group(1) in {code_from_secret(first, now), code_from_secret(first, now - 30)}
    assert services.base32_secret(services.authenticator(User.objects.get(username="auditor"))) == first


def test_a_secret_that_is_not_base32_is_refused(monkeypatch):
    monkeypatch.setenv("DEMO_TOTP_SECRET", "not base32 at all!")
    with pytest.raises(CommandError, match="DEMO_TOTP_SECRET: The secret is not base32"):
        call_command("seed_demo", force=True)


def test_bin_totp_prints_what_an_authenticator_app_shows():
    script = str(ROOT / "bin" / "totp.py")
    result = subprocess.run([sys.executable, script, DEMO_SECRET], capture_output=True, text=True, check=True)
    now = time.time()
    assert result.stdout.strip() in {code_from_secret(DEMO_SECRET, now), code_from_secret(DEMO_SECRET, now - 30)}
