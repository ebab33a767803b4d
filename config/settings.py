"""One settings module, driven by the environment (twelve-factor).

Every value comes from an environment variable parsed strictly by django-environ; a secret
may instead be given as a file path in ``<NAME>_FILE`` (Docker/Kubernetes secrets). Defaults
are production-safe: DEBUG is off unless asked for, cookies are secure, HSTS is on.
"""

from pathlib import Path
from urllib.parse import unquote

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def secret(name, default=environ.Env.NOTSET):
    """Read a secret from ``NAME`` or from the file named by ``NAME_FILE``."""
    path = env.str(f"{name}_FILE", default="")
    if path:
        return Path(path).read_text().strip()
    return env.str(name, default=default)


DEBUG = env.bool("DEBUG", default=False)
# A key is mandatory outside DEBUG; in DEBUG a fixed development key keeps sessions across restarts.
SECRET_KEY = secret("SECRET_KEY", default="dev-only-insecure-key" if DEBUG else environ.Env.NOTSET)
# Rotating SECRET_KEY (docs/operations.md): the previous key(s), space-separated, keep sessions and
# password-reset links valid until they expire; officers' response links are not covered.
SECRET_KEY_FALLBACKS = secret("SECRET_KEY_FALLBACKS", default="").split()
# With DEBUG on, Django's technical 404 page instead of the service's (for a developer).
TECHNICAL_ERROR_PAGES = env.bool("TECHNICAL_ERROR_PAGES", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SERVICE_NAME = "PSD casework"

INSTALLED_APPS = [
    # Django's admin on a site that also requires the second factor (casework/second_factor).
    "casework.second_factor.apps.VerifiedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "guardian",
    "pgtrigger",
    "pghistory",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "casework",
    "conduct",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # /healthz is answered here, before the session is read (from the database, which may be
    # the part that is down): it must answer within 2 s whatever cookie the prober sends.
    "notifications.views.health.HealthzMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "casework.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Attaches the signed-in user and URL to every change history row written in the request.
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A session ends SESSION_ABSOLUTE_SECONDS after sign-in; sign-in forms are rate-limited.
    "casework.signin.AbsoluteSessionLifetimeMiddleware",
    "casework.signin.SignInRateLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After the password, the one-time code: everything but the code pages waits for it.
    "casework.second_factor.gate.SecondFactorMiddleware",
    # A record opened without a purpose (s.62): the redirect to the page that asks why.
    "casework.middleware.PurposeMiddleware",
    # The styled 404 page with DEBUG on too, unless TECHNICAL_ERROR_PAGES asks for Django's.
    "casework.middleware.FriendlyErrorPagesMiddleware",
    # Axes must be last: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "casework.context_processors.service",
            ],
        },
    }
]

# PostgreSQL only (DESIGN.md): psycopg 3 with its connection pool.
DATABASES = {"default": env.db_url("DATABASE_URL")}
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise environ.ImproperlyConfigured("DATABASE_URL must point at PostgreSQL")
DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"
# A Unix-socket host is given percent-encoded in the URL (postgres://user@%2Fpath%2Fdir/name).
DATABASES["default"]["HOST"] = unquote(DATABASES["default"]["HOST"])
# The app connects as a role that owns no table (DESIGN.md); `manage.py migrate` connects as the
# owner given by MIGRATE_DATABASE_URL, when set, and grants the app role its rights
# (casework/db_roles.py). Passwords may come from files instead of the URLs.
DATABASES["default"]["PASSWORD"] = secret("DATABASE_PASSWORD", default=DATABASES["default"].get("PASSWORD", ""))
MIGRATE_DATABASE = env.db_url("MIGRATE_DATABASE_URL") if env.str("MIGRATE_DATABASE_URL", default="") else None
if MIGRATE_DATABASE:
    MIGRATE_DATABASE["HOST"] = unquote(MIGRATE_DATABASE["HOST"])
    MIGRATE_DATABASE["PASSWORD"] = secret("MIGRATE_DATABASE_PASSWORD", default=MIGRATE_DATABASE.get("PASSWORD", ""))
# With PostgreSQL down a request waits at most DB_POOL_TIMEOUT for a connection, then answers
# the 503 page (casework/views/common.py server_error); the health check of each pooled
# connection (CONN_HEALTH_CHECKS: psycopg_pool's check_connection on every checkout) drops the
# ones that died with the server, so service resumes as soon as it is back (docs/operations.md).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["OPTIONS"] = {
    "pool": {
        "min_size": env.int("DB_POOL_MIN", default=1),
        "max_size": env.int("DB_POOL_MAX", default=10),
        "timeout": env.float("DB_POOL_TIMEOUT", default=2.0),
    },
    "connect_timeout": env.int("DB_CONNECT_TIMEOUT", default=5),
    # JIT compilation costs tens of milliseconds on the pages' small queries and gains nothing on
    # them; random_page_cost 1.1 (the working set is in memory or on SSD) lets the planner probe
    # the cases' primary key for a narrow list instead of hashing every visible case
    # (measured: docs/performance.md). A server's own settings file may say the same.
    "options": "-c jit=off -c random_page_cost=1.1",
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "casework.User"

REDIS_URL = env.str("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="psd"),
        # A Redis that is down or hung fails a cache call within a second, not a request's whole
        # life (casework/ratelimit.py decides what a failure means).
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}

# Authentication -------------------------------------------------------------------------
# Single sign-on through the force's OpenID Connect identity provider (casework/sso,
# docs/security.md "Single sign-on"). Off unless OIDC_ISSUER is set. The OIDC_RP_* / OIDC_OP_*
# names are mozilla-django-oidc's own; the endpoints are discovered from the issuer's
# /.well-known/openid-configuration unless given here.
OIDC_OP_ISSUER = env.str("OIDC_ISSUER", default="")
SSO_ENABLED = bool(OIDC_OP_ISSUER)
OIDC_OP_DISCOVERY_URL = env.str(
    "OIDC_DISCOVERY_URL",
    default=f"{OIDC_OP_ISSUER.rstrip('/')}/.well-known/openid-configuration" if SSO_ENABLED else "",
)
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_USERINFO_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_JWKS_URI", default="")
OIDC_RP_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = secret("OIDC_CLIENT_SECRET", default="")
OIDC_RP_SCOPES = env.str("OIDC_SCOPES", default="openid email profile")
OIDC_RP_SIGN_ALGO = env.str("OIDC_SIGN_ALGO", default="RS256")
# The claim that lists the person's groups (Entra ID: "groups", object ids unless the app
# registration emits names), and which group gives which role: "group=role,group=role" with the
# role's value from casework.roles.Role (investigator, appropriate_authority, head_of_psd,
# auditor, administrator).
OIDC_GROUPS_CLAIM = env.str("OIDC_GROUPS_CLAIM", default="groups")
OIDC_GROUP_ROLES = env.dict("OIDC_GROUP_ROLES", default={})
# Create an account at a person's first sign-in (their roles come from their groups); when off,
# only accounts already linked to a subject may sign in.
OIDC_CREATE_USER = env.bool("OIDC_CREATE_USERS", default=True)
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
# A force whose provider (ADFS, say) has a certificate from its own CA names the CA file here.
OIDC_VERIFY_SSL = env.str("OIDC_CA_BUNDLE", default="") or True
OIDC_AUTHENTICATION_CALLBACK_URL = "sso-callback"
LOGIN_REDIRECT_URL_FAILURE = "login"
# Signing in with a local password: off (false) once a force uses single sign-on; then the login
# page offers only the force account, and only a superuser made with `createsuperuser` may still
# sign in with a password (break glass, at /accounts/login/?local=1).
LOCAL_PASSWORDS = env.bool("LOCAL_PASSWORDS", default=True)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "casework.sso.passwords.LocalPasswordBackend",
    "casework.sso.backend.ForceAccountBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Inactivity expiry: the cookie's age is renewed on every request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Absolute lifetime: a session ends this long after signing in, however active
# (casework.signin.AbsoluteSessionLifetimeMiddleware).
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 60 * 60)
# How long a password-reset link an administrator sends works.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT_SECONDS", default=24 * 60 * 60)
# The second factor (casework/second_factor): a one-time code from an authenticator app (TOTP,
# django-otp) after the password, for every account and for /admin/. It may be switched off
# only with DEBUG on, for a developer without an authenticator; production refuses to start.
SECOND_FACTOR_REQUIRED = env.bool("SECOND_FACTOR_REQUIRED", default=True)
if not SECOND_FACTOR_REQUIRED and not DEBUG:
    raise environ.ImproperlyConfigured("SECOND_FACTOR_REQUIRED may be false only with DEBUG on")
# Authenticator apps show this beside the account name.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="PSD casework")
# django-otp's own admin pages for devices would show the secrets: they are not registered
# (casework/second_factor/admin_site.py), and hidden here should one ever be.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
# Lock a username from the address that failed it, not everywhere: locking the username alone
# would let anyone lock the head of PSD out by failing their username on purpose; locking the
# address alone would lock out a whole station behind one address. One address trying many
# usernames meets the sign-in rate limit below (docs/security.md).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "casework.signin.axes_client_address"
# Sign-in attempts (POSTs to the sign-in forms) per client address per window.
SIGN_IN_RATE_LIMIT = env.int("SIGN_IN_RATE_LIMIT", default=60)
SIGN_IN_RATE_LIMIT_WINDOW = env.int("SIGN_IN_RATE_LIMIT_WINDOW", default=300)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# How long the head of PSD's break-glass access to a restricted case lasts (force policy).
BREAK_GLASS_HOURS = env.int("BREAK_GLASS_HOURS", default=8)

# Change history (django-pghistory): event tables reject UPDATE and DELETE.
PGHISTORY_APPEND_ONLY = True

# The audit chains (casework/audit.py) are HMAC-SHA256 keyed with this secret, kept outside the
# database; without it nobody can recompute a chain after an edit. `make run` generates one
# under var/; in production give AUDIT_CHAIN_KEY_FILE (a deploy check insists).
AUDIT_CHAIN_KEY = secret("AUDIT_CHAIN_KEY", default="")
# Where the beat writes each chain's head (last id, hash, count) every AUDIT_ANCHOR_SECONDS;
# `manage.py verify_audit` checks the chains against these anchors (casework/anchors.py). Put
# it on storage the database's administrators cannot rewrite (docs/operations.md).
AUDIT_ANCHOR_DIR = env.str("AUDIT_ANCHOR_DIR", default=str(BASE_DIR / "var" / "anchors") if DEBUG else "")
AUDIT_ANCHOR_SECONDS = env.float("AUDIT_ANCHOR_SECONDS", default=300.0)

GUARDIAN_RENDER_403 = False
GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

# Security -------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies in front of the app append to X-Forwarded-For (casework.audit
# .client_address). 0: the header is ignored and the socket's address is the client's. Set it
# to exactly the number of proxies you run: one too many lets any client choose its address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
    }
}

# Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files: GOV.UK Frontend and MoJ Frontend come from npm (node_modules), never committed.
# Their compiled CSS refers to /assets/fonts and /assets/images, so static lives at /assets/.
STATIC_URL = "/assets/"
STATIC_ROOT = BASE_DIR / "var" / "static"
_govuk = BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"
_moj = BASE_DIR / "node_modules" / "@ministryofjustice" / "frontend" / "moj"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", _govuk),
    ("fonts", _govuk / "assets" / "fonts"),
    ("images", _govuk / "assets" / "images"),
    ("images", _moj / "assets" / "images"),
    ("moj", _moj),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env.bool("STATIC_MANIFEST", default=not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Email -----------------------------------------------------------------------------------
# Either one EMAIL_URL (smtp://user:password@host:587/?tls=True, or smtp+ssl://...) or the
# separate variables below. `make run` points at a local sink that writes to ./var/mail/.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="127.0.0.1")
EMAIL_PORT = env.int("EMAIL_PORT", default=1025)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = secret("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
if env.str("EMAIL_URL", default=""):
    _email = env.email_url("EMAIL_URL")
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST, EMAIL_PORT = _email["EMAIL_HOST"], _email["EMAIL_PORT"]
    EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_USER"], _email["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_TLS, EMAIL_USE_SSL = _email.get("EMAIL_USE_TLS", False), _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="psd-casework@police.example")
# Message-IDs are <hash-of-idempotency-key@this domain>: stable across resends of one letter.
EMAIL_MESSAGE_ID_DOMAIN = env.str("EMAIL_MESSAGE_ID_DOMAIN", default=DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1])
# Where the Barred and Advisory List reports go (Police Act 1996 Part 4A; conduct/lists): the College
# of Policing's address for them. The example default delivers nowhere real: set it in production.
COLLEGE_LISTS_EMAIL = env.str("COLLEGE_LISTS_EMAIL", default="barred-advisory-lists@college.example")
COLLEGE_LISTS_NAME = env.str("COLLEGE_LISTS_NAME", default="College of Policing, Barred and Advisory Lists")
# Where officers' response links and staff email links point.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000")

# The outbox (notifications/outbox.py): attempts, backoff, and when the sweep steps in.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=6)
OUTBOX_RETRY_BASE_SECONDS = env.float("OUTBOX_RETRY_BASE_SECONDS", default=60.0)
# Recovery after a broker loss (issue 23, point 4): a queued letter (or a letter without its PDF)
# is "lost" once it has waited longer than its staleness with no message naming it in the broker
# (notifications/broker_queue.py); the sweep queues it again on its next tick, so a letter is
# back on the queue at most STALE + SWEEP seconds (25 s) after its message was lost.
OUTBOX_STALE_SECONDS = env.float("OUTBOX_STALE_SECONDS", default=15.0)
# A letter claimed this long ago without "sent" has lost its worker: the sweep marks it
# "delivery uncertain" for a person, never re-sends it. Far above a send's SMTP timeouts; a slow
# worker that records "sent" after the mark still wins (notifications/uncertain.py). A message a
# worker has held unacknowledged this long (past its ETA) no longer counts as live either.
OUTBOX_SENDING_LEASE_SECONDS = env.float("OUTBOX_SENDING_LEASE_SECONDS", default=120.0)
OUTBOX_SWEEP_SECONDS = env.float("OUTBOX_SWEEP_SECONDS", default=10.0)
# Case-file PDFs (notifications/pdf_sweep.py): letters still without one this long after they
# were written (or last asked for), and with no render message in the broker, are queued again,
# at most PDF_SWEEP_LIMIT per tick.
PDF_SWEEP_SECONDS = env.float("PDF_SWEEP_SECONDS", default=10.0)
PDF_STALE_SECONDS = env.float("PDF_STALE_SECONDS", default=15.0)
PDF_SWEEP_LIMIT = env.int("PDF_SWEEP_LIMIT", default=200)
# The sweeps read at most this many messages of a queue to know what is live; above it the
# workers are behind and the sweep queues nothing until they catch up (nothing is lost: the rows
# stay queued).
BROKER_SCAN_LIMIT = env.int("BROKER_SCAN_LIMIT", default=10_000)

# Deadline reminders (notifications/reminders.py): rungs fire at this local hour of their day.
REMINDER_HOUR = env.int("REMINDER_HOUR", default=8)
# Each tick is one indexed query when nothing is due; a tick lost with the broker is the next one.
REMINDER_SWEEP_SECONDS = env.float("REMINDER_SWEEP_SECONDS", default=10.0)
# A deadline whose reminder raised is looked at again after this long.
REMINDER_ERROR_RETRY_SECONDS = env.int("REMINDER_ERROR_RETRY_SECONDS", default=900)

# Letter templates (notifications/template_engine.py): what one rendering may spend.
LETTER_MAX_LOOP_REPETITIONS = env.int("LETTER_MAX_LOOP_REPETITIONS", default=10_000)
LETTER_MAX_OUTPUT_CHARS = env.int("LETTER_MAX_OUTPUT_CHARS", default=200_000)
LETTER_RENDER_SECONDS = env.float("LETTER_RENDER_SECONDS", default=2.0)

# Officers' response links (notifications/responses.py).
RESPONSE_LINK_DAYS = env.int("RESPONSE_LINK_DAYS", default=28)
RESPONSE_LINK_GRACE_DAYS = env.int("RESPONSE_LINK_GRACE_DAYS", default=7)
RESPONSE_RATE_LIMIT = env.int("RESPONSE_RATE_LIMIT", default=20)
RESPONSE_RATE_LIMIT_WINDOW = env.int("RESPONSE_RATE_LIMIT_WINDOW", default=600)
# Wrong collar/staff numbers a link accepts per RESPONSE_RATE_LIMIT_WINDOW before it refuses
# to confirm anyone until the window ends (notifications/response_access.py).
RESPONSE_CONFIRM_MAX_FAILURES = env.int("RESPONSE_CONFIRM_MAX_FAILURES", default=5)
RESPONSE_MAX_FILE_BYTES = env.int("RESPONSE_MAX_FILE_BYTES", default=10 * 1024 * 1024)
RESPONSE_MAX_FILES = env.int("RESPONSE_MAX_FILES", default=5)
# Uploads above this size stream to a temporary file rather than memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Celery ----------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=180)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing to a broker that is down fails in about a second (then casework.tasks logs it and
# the sweeps queue the row later), so a web action never waits long on Redis.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
# A message not acknowledged within this window is redelivered (Redis visibility timeout).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = TIME_ZONE
# PDFs are slow to render and never urgent: their own queue, so a burst of letters to render
# never delays a letter to send. `make run`'s worker consumes both.
CELERY_TASK_ROUTES = {"notifications.tasks.render_letter_pdf": {"queue": "documents"}}
CELERY_BEAT_HEARTBEAT_SECONDS = env.float("BEAT_HEARTBEAT_SECONDS", default=60.0)
# How often the beat replaces viewers' section figures before their minute is up
# (casework.figures.refresh, which recomputes those with less than half a minute left).
FIGURES_REFRESH_SECONDS = env.float("FIGURES_REFRESH_SECONDS", default=20.0)
# /healthz reports the beat as down once its last tick is older than this.
BEAT_STALE_AFTER_SECONDS = env.int("BEAT_STALE_AFTER_SECONDS", default=300)
# /healthz waits at most this long for a database connection and for the broker.
HEALTH_CHECK_TIMEOUT_SECONDS = env.float("HEALTH_CHECK_TIMEOUT_SECONDS", default=0.8)

# Backups (casework/backups.py, `manage.py backup`/`restore`): where dumps go by default, and
# the directory of pg_dump/pg_restore when those on PATH are older than the server.
BACKUP_DIR = env.str("BACKUP_DIR", default=str(BASE_DIR / "var" / "backups"))
PG_BIN_DIR = env.str("PG_BIN_DIR", default="")

# Logging: to stdout, one line per event.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Response-link tokens never reach a log line (notifications/log_redaction.py, which also
    # filters runserver's and gunicorn's own loggers).
    "filters": {"redact_response_tokens": {"()": "notifications.log_redaction.RedactResponseTokens"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_response_tokens"]}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint and fontTools log every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
