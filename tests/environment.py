"""A pytest plugin (-p tests.environment): the suite's environment, set before pytest-django
reads the settings (a conftest would be too late).

The services themselves (DATABASE_URL, REDIS_URL) come from the environment: the machine's
own in CI, the embedded ones started by `make test` (bin/devstack.py) otherwise.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
# The audit chains' HMAC key (casework/audit.py); tests of the anchors set AUDIT_ANCHOR_DIR themselves.
os.environ.setdefault("AUDIT_CHAIN_KEY", "test-only-audit-chain-key")
# Tests talk plain HTTP to the test client and the live server.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
# No collectstatic in tests: serve files from the finders.
os.environ.setdefault("STATIC_MANIFEST", "false")

if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
    raise SystemExit(
        "DATABASE_URL and REDIS_URL must be set: run the suite with `make test`, which starts "
        "embedded PostgreSQL and Redis when they are not."
    )
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright sync API runs an event loop
