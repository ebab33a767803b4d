import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _settings_value(expr, **env):
    code = f"import django; django.setup(); from django.conf import settings; print({expr})"
    full_env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=60
    )


def test_debug_is_off_and_cookies_secure_by_default():
    out = _settings_value(
        "settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS > 0, sep=' '",
        SECRET_KEY="k",
        SECURE_SSL_REDIRECT="true",
        SECURE_COOKIES="true",
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False True True"


def test_secret_key_is_required_outside_debug():
    out = _settings_value("settings.SECRET_KEY")
    assert out.returncode != 0
    assert "SECRET_KEY" in out.stderr


def test_secrets_can_come_from_files(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("from-a-file\n")
    out = _settings_value("settings.SECRET_KEY", SECRET_KEY_FILE=str(secret))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "from-a-file"


def test_only_postgresql_is_accepted():
    out = _settings_value("1", SECRET_KEY="k", DATABASE_URL="sqlite:///x.db")
    assert out.returncode != 0
    assert "PostgreSQL" in out.stderr


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def test_compose_has_every_service_with_a_healthcheck():
    services = _compose()
    assert set(services) >= {"postgres", "redis", "web", "worker", "beat", "mailpit"}
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no healthcheck"


def test_compose_commands_match_the_app():
    services = _compose()
    assert services["migrate"]["command"] == "python manage.py migrate --no-input"
    assert "gunicorn" in services["web"]["command"] and "migrate" not in services["web"]["command"]
    for name in ("web", "worker", "beat"):  # after the migrations, never beside them
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "celery -A config worker" in services["worker"]["command"]
    assert "celery -A config beat" in services["beat"]["command"]
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])


def test_compose_environment_names_only_settings_the_app_reads():
    settings_source = (ROOT / "config" / "settings.py").read_text()
    for name in ("web", "worker", "beat"):
        env = _compose()[name]["environment"]
        for key in env:
            base = key.removesuffix("_FILE")
            assert f'"{base}"' in settings_source, f"{name} sets {key}, which the settings never read"
        assert {"DATABASE_URL", "REDIS_URL"} <= set(env)
        assert "SECRET_KEY_FILE" in env or "SECRET_KEY" in env


def test_compose_points_the_app_at_its_own_services():
    services = _compose()
    env = services["web"]["environment"]
    assert "@postgres:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"].startswith("redis://redis:6379")
    assert env["EMAIL_HOST"] == "mailpit"
    assert services["web"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_compose_scales_web_and_worker_but_not_beat():
    """`docker compose up --scale web=2 --scale worker=2`: nothing fixes a name or a host port."""
    services = _compose()
    for name in ("web", "worker", "beat"):
        assert "container_name" not in services[name] and "ports" not in services[name]
    worker_health = services["worker"]["healthcheck"]["test"][-1]
    assert "$$HOSTNAME" in worker_health  # each replica pings itself
    compose_text = (ROOT / "docker-compose.yml").read_text()
    assert "Exactly one beat" in compose_text


def test_dockerfile_installs_and_starts_like_make_run():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install" in dockerfile and "requirements.txt" in dockerfile
    assert "npm ci" in dockerfile
    assert "collectstatic" in dockerfile


def test_env_example_documents_every_variable_the_compose_file_sets():
    example = (ROOT / ".env.example").read_text()
    for name in ("web", "worker", "beat"):
        for key in _compose()[name]["environment"]:
            assert key.removesuffix("_FILE") in example, key


def test_compose_is_safe_to_copy():
    """Passwords and secrets from files, two database roles, TLS in front, Mailpit only in dev."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    postgres = services["postgres"]["environment"]
    assert "POSTGRES_HOST_AUTH_METHOD" not in postgres and postgres["POSTGRES_PASSWORD_FILE"].startswith(
        "/run/secrets/"
    )
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["SECURE_COOKIES"] == "true" and env["SECURE_SSL_REDIRECT"] == "true"
        assert env["DATABASE_URL"].startswith("postgres://psd_app@") and env["DATABASE_PASSWORD_FILE"]
        assert env["AUDIT_CHAIN_KEY_FILE"] and env["AUDIT_ANCHOR_DIR"]
        urls = [str(v).split("://", 1)[1] for v in env.values() if "://" in str(v) and "@" in str(v)]
        assert not any(":" in url.split("@", 1)[0] for url in urls), "a password in a URL"
    # Only migrate, a one-shot job, holds the owner's password.
    assert services["migrate"]["environment"]["MIGRATE_DATABASE_URL"].startswith("postgres://psd_owner@")
    assert "db_owner_password" in services["migrate"]["secrets"]
    assert not any("db_owner_password" in services[name]["secrets"] for name in ("web", "worker", "beat"))
    assert all(Path(secret["file"]).parts[:2] == ("var", "secrets") for secret in compose["secrets"].values())
    # Only the TLS proxy is published; Mailpit only in the dev profile, on loopback.
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy", "mailpit"}
    assert services["mailpit"]["profiles"] == ["dev"] and services["mailpit"]["ports"] == ["127.0.0.1:8025:8025"]
    assert "dynamic a web 8000" in (ROOT / "deploy" / "Caddyfile").read_text()  # every web container
    assert "var/" in (ROOT / ".dockerignore").read_text().split()  # secrets never reach the image
    assert "/var/lib/psd/anchors" in (ROOT / "Dockerfile").read_text()


def test_deploy_checks_ask_for_the_chain_key_the_anchors_and_the_owner_role():
    code = (
        "import django; django.setup(); from django.core.checks import run_checks; "
        "print(sorted(e.id for e in run_checks(include_deployment_checks=True) if e.id.startswith('casework')))"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "AUDIT_CHAIN_KEY"}}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "SECRET_KEY": "k"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['casework.W001', 'casework.W002', 'casework.W003']"
