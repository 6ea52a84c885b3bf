"""Settings for ASN Portal: one module, configured through the environment (django-environ).

Every variable is listed in README.md. The embedded default (no variables at all, DEBUG on) is a
SQLite file under var/ and Celery running tasks in-process; production sets DATABASE_URL and
REDIS_URL.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# The test run sets READ_DOT_ENV=False so that a developer's .env cannot redirect it.
if env.bool("READ_DOT_ENV", default=True):
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (see README.md, 'Configuration')."
        )
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and (SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("SECRET_KEY is too short or the development key: use 50+ random characters.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A stale or missing CSRF token: the portal's own page in the user's language (core.views.errors).
CSRF_FAILURE_VIEW = "core.views.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",  # Bootstrap 5 CSS/JS shipped by django-bootstrap-static: no CDN
    "django_htmx",
    "axes",
    "simple_history",
    "core",
    "employees",
    "performance",
    "training",
    "leave",
    "attendance",
    "surveys",
    "reports",
    "notifications",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.CleanQueryMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's, saving an unchanged session only when its expiry is old (core.sessions).
    "core.middleware.SessionMiddleware",
    # Indonesian unless the user switched (the cookie of /i18n/setlang/), whatever the browser asks.
    "core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.ActorMiddleware",
    "core.middleware.AgencyTimezoneMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "asn_portal.urls"
WSGI_APPLICATION = "asn_portal.wsgi.application"
ASGI_APPLICATION = "asn_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
                "asn_portal.context_processors.menu",
                "notifications.context_processors.bell",
            ],
        },
    },
]

# --- Data stores -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'asn_portal.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A persistent connection is tested before each request reuses it: after a PostgreSQL restart the
# first request of every worker gets a fresh connection instead of a 500.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner's cost of a random page read: PostgreSQL's default (4) assumes spinning disks; on
    # the SSDs of today's servers 1.1 is the usual value, and with it the planner uses the name
    # search's trigram index (docs/benchmarks.md, "Name search"). Per connection, so that no server
    # setting is needed; PG_RANDOM_PAGE_COST overrides it.
    # No parallel workers for one query (PostgreSQL's default is 2 per Gather): the web pages run
    # many short queries at once, and a count that starts two more processes to scan the employees
    # takes three times the CPU to save a few ms when the server is idle; under load it slowed the
    # pages down (bench/load_mixed.py: 30 pages/s with them, 46 without, on 2 cores;
    # docs/benchmarks.md, "Mixed HR workload"). PG_MAX_PARALLEL_WORKERS_PER_GATHER=2 restores them.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "options",
        f"-c random_page_cost={env.float('PG_RANDOM_PAGE_COST', default=1.1)}"
        f" -c max_parallel_workers_per_gather={env.int('PG_MAX_PARALLEL_WORKERS_PER_GATHER', default=0)}",
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})
    # A write transaction takes SQLite's write lock at BEGIN (Django 5.1+): two simultaneous
    # approvals then queue (up to `timeout` seconds) instead of one failing at once with
    # "database is locked"; the second one sees the first's result and gets the friendly message.
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# A slow or frozen Redis must not hang a request until the WSGI server kills its worker: every
# connection to it (cache, broker, result backend, health check) gives up after these seconds.
REDIS_CONNECT_TIMEOUT = env.float("REDIS_CONNECT_TIMEOUT", default=0.5)
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=1.0)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="asn"),
            "OPTIONS": {
                "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery ----------------------------------------------------------------------------------
# Without REDIS_URL there is no broker: tasks run in-process, eagerly (the embedded default).
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"  # a host: kombu warns without one
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Batches the SKP scoring job runs at once on PostgreSQL (one connection each; see performance.services.scoring).
SCORING_WORKERS = env.int("SCORING_WORKERS", default=2)
# Employees scored per batch (one statement, one commit, one heartbeat each).
SCORING_BATCH_SIZE = env.int("SCORING_BATCH_SIZE", default=25_000)
# A list export of more rows than this is built by a job into private storage and offered once
# complete (core.exports); smaller ones stream.
EXPORT_STREAM_MAX_ROWS = env.int("EXPORT_STREAM_MAX_ROWS", default=20_000)
# The longest period of one Plt (acting official) for leave decisions, in months (Unsure: BKN's
# circulars on Plt/Plh say at most 3 months, extendable; an extension is a new period). docs/domain-notes.md.
LEAVE_ACTING_MAX_MONTHS = env.int("LEAVE_ACTING_MAX_MONTHS", default=3)
# How far back a Plt period may start, in days (a late record of a past absence; not years back).
LEAVE_ACTING_BACKDATE_DAYS = env.int("LEAVE_ACTING_BACKDATE_DAYS", default=365)
# How many calendar days back cuti sakit may start (it is often requested after the illness); other
# types cannot start in the past (Policy, domain.md silent: docs/domain-notes.md).
LEAVE_SICK_BACKDATE_DAYS = env.int("LEAVE_SICK_BACKDATE_DAYS", default=30)
# How many days back an employee may ask for a correction of their presensi (Unsure: regional rules
# vary; docs/domain-notes.md).
ATTENDANCE_CORRECTION_WINDOW_DAYS = env.int("ATTENDANCE_CORRECTION_WINDOW_DAYS", default=30)
# PostgreSQL: how many months after the current one the daily job keeps partitioned ahead
# (attendance.services.partitions, docs/attendance.md).
ATTENDANCE_PARTITION_MONTHS_AHEAD = env.int("ATTENDANCE_PARTITION_MONTHS_AHEAD", default=3)
# A run of a long job whose heartbeat is older than this is stalled and is taken over (core.runs).
RUN_STALE_AFTER_SECONDS = env.int("RUN_STALE_AFTER_SECONDS", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=25 * 60)
# Broker and result backend give up on a frozen Redis quickly. The broker's read timeout stays above
# the worker's 1 s blocking poll (BRPOP); publishing is retried once. An unacknowledged message goes
# back to the queue after the task's hard limit plus a margin (not the 1 hour default), so a job
# whose worker host died is picked up again within that time.
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_CONNECT_TIMEOUT
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    "socket_timeout": max(REDIS_SOCKET_TIMEOUT, 2.0),
    "visibility_timeout": CELERY_TASK_TIME_LIMIT + 5 * 60,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_CONNECT_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = timedelta(days=7)
CELERY_TIMEZONE = "UTC"
# Periodic jobs; later apps add theirs here. Times are UTC.
CELERY_BEAT_SCHEDULE = {
    # Stalled runs of long jobs (worker killed, database restarted, task never queued) are queued again.
    "core-sweep-stalled-runs": {
        "task": "core.tasks.sweep_stalled_runs",
        "schedule": timedelta(minutes=1),
        "kwargs": {},
    },
    "core-repair-unit-paths": {
        "task": "core.tasks.repair_unit_paths",
        "schedule": timedelta(hours=24),
        "kwargs": {},
    },
    # Daily career reminders (KGB, promotion, retirement, Satyalancana); idempotent by key.
    "employees-career-reminders": {
        "task": "employees.tasks.career_reminders",
        "schedule": timedelta(hours=24),
        "kwargs": {},
    },
    # Daily SKP scoring of the periods that ended and are not finally scored (performance.services.scoring.due_periods).
    "performance-score-ended-periods": {
        "task": "performance.tasks.score_ended_periods",
        "schedule": timedelta(hours=24),
        "kwargs": {},
    },
    # Nightly IKM of the open survey periods and of those closed since their last computation
    # (surveys.services.ikm.due_periods).
    "surveys-compute-due-ikm": {
        "task": "surveys.tasks.compute_due_ikm",
        "schedule": timedelta(hours=24),
        "kwargs": {},
    },
    # Daily: open the current year's cuti tahunan (grants, carry-over) of every agency not yet opened;
    # idempotent (leave.services.balances).
    "leave-open-due-years": {
        "task": "leave.tasks.open_due_years",
        "schedule": timedelta(hours=24),
        "kwargs": {},
    },
    # Daily: the working state follows approved CLTN (cltn on its first day, aktif after its last);
    # idempotent (leave.services.working).
    "leave-sync-cltn": {
        "task": "leave.tasks.sync_cltn",
        "schedule": timedelta(hours=24),
        "kwargs": {},
    },
    # Nightly JP recompute of every agency's year (the 20 JP duty) and, from 1 July, the monthly
    # reminders (training.services.compliance); idempotent.
    "training-jp-compliance": {
        "task": "training.tasks.nightly_jp_compliance",
        "schedule": timedelta(hours=24),
        "kwargs": {},
    },
    # Daily: an approved tugas belajar puts the employee on *tugas belajar* on its first day;
    # idempotent (training.services.study).
    "training-sync-study-states": {
        "task": "training.tasks.sync_study_states",
        "schedule": timedelta(hours=24),
        "kwargs": {},
    },
    # Nightly at 17:30 UTC (00.30 WIB, 01.30 WITA, 02.30 WIT: every agency's day is over): each agency's
    # daily attendance statuses of yesterday and the month so far (the previous month too in a month's
    # first five days); set-based, idempotent (attendance.services.daily).
    "attendance-build-daily-statuses": {
        "task": "attendance.tasks.build_daily_statuses",
        "schedule": crontab(hour=17, minute=30),
        "kwargs": {},
    },
    # An hour after the daily build has written the statuses of the day before: the PP 94/2021
    # thresholds of unexcused absence newly reached (and those no longer reached after a correction);
    # idempotent (attendance.services.discipline).
    "attendance-check-discipline": {
        "task": "attendance.tasks.check_discipline",
        "schedule": crontab(hour=18, minute=30),
        "kwargs": {},
    },
    # PostgreSQL: the monthly partitions of presensi and daily statuses for the months ahead, and
    # any month whose rows sit in the DEFAULT partition; idempotent (attendance.services.partitions).
    "attendance-maintain-partitions": {
        "task": "attendance.tasks.maintain_partitions",
        "schedule": crontab(hour=16, minute=45),
        "kwargs": {},
    },
}

# --- Authentication --------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "employees.auth.NipOrUsernameBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
# Builds the Actor of a signed-in user for core.access (core imports no app: the loader lives with
# the employee record it reads).
ACTOR_LOADER = "employees.access.load_actor"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:login"

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Idle sessions expire, active ones stay: an unchanged session is written back (its expiry pushed
# SESSION_COOKIE_AGE ahead) when its stored expiry is SESSION_REFRESH_SECONDS old, not on every request
# (core.sessions: one committed write fewer per request; an idle session ends SESSION_COOKIE_AGE after
# the last request at the latest, up to SESSION_REFRESH_SECONDS earlier).
SESSION_ENGINE = "core.sessions"
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=5 * 60)

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# An account (however its NIP or username is typed: AXES_USERNAME_CALLABLE) locks after
# AXES_FAILURE_LIMIT failures from one address; one address is throttled after LOGIN_IP_FAILURE_LIMIT
# failures across all accounts (employees.auth.AccountAndAddressHandler), kept well above the
# per-account limit so that an office behind one NAT address is not shut out by a few typos.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "employees.auth.AccountAndAddressHandler"
LOGIN_IP_FAILURE_LIMIT = env.int("LOGIN_IP_FAILURE_LIMIT", default=40)
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "employees.auth.axes_username"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)

# The public survey form (surveys.views.public): one address may send SURVEY_SUBMIT_LIMIT submissions
# (valid or not) per SURVEY_SUBMIT_WINDOW seconds, and look up SURVEY_LOOKUP_LIMIT tickets, counted in
# the cache (Redis in production). The address is the one the login lockout uses (django-axes, behind
# AXES_PROXY_COUNT proxies). A counter's kiosk or a puskesmas's Wi-Fi shares one address: keep the limit
# above a busy counter's pace.
SURVEY_SUBMIT_LIMIT = env.int("SURVEY_SUBMIT_LIMIT", default=30)
SURVEY_SUBMIT_WINDOW = env.int("SURVEY_SUBMIT_WINDOW", default=600)
SURVEY_LOOKUP_LIMIT = env.int("SURVEY_LOOKUP_LIMIT", default=60)
# Seconds each worker keeps the definition of an open survey (its questions and services) instead of
# reading it for every request of the form; a submission still checks that the period is open.
SURVEY_FORM_CACHE_SECONDS = env.int("SURVEY_FORM_CACHE_SECONDS", default=30)

# --- Security --------------------------------------------------------------------------------
# HTTPS is on by default outside DEBUG. An intranet behind a TLS-terminating proxy keeps HTTPS on
# and sets BEHIND_TLS_PROXY; a plain-HTTP intranet sets HTTPS=False.
HTTPS = env.bool("HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=HTTPS)
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy on every response (django-csp): scripts and styles only from our own
# static files, so no inline <script>, no on*= handler and no style="" attribute (data-dependent
# sizes are set by static/js/portal.js). data: images are Bootstrap's SVG icons inside its CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SILENCED_SYSTEM_CHECKS: list[str] = []

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="id")
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Jakarta")
FORMAT_MODULE_PATH = ["asn_portal.formats"]
USE_THOUSAND_SEPARATOR = True

# --- Static and media ------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files for production (after collectstatic); plain files in DEBUG/tests.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env.bool("STATIC_MANIFEST", default=not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)
# Private uploads (documents) live outside any public URL; they are served through access checks.
MEDIA_ROOT = BASE_DIR / env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))  # absolute wins
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_MB", default=5) * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Mail ------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ASN Portal <noreply@asn-portal.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute links in notification e-mails, e.g. https://asn.sorongkota.go.id (empty: paths only).
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="")

# --- Forms -----------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- History (audit trail) --------------------------------------------------------------------
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"quiet_permission_denied": {"()": "core.logging.QuietPermissionDenied"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # Every 403 is one warning line, without a traceback (core.logging).
        "django.request": {"filters": ["quiet_permission_denied"]},
    },
}

# --- Accounts (accounts/) ---------------------------------------------------------------------
INSTALLED_APPS.append("accounts")
# An invitation's set-password link works once, for this many hours (then HR sends a new one).
ACCOUNT_INVITATION_HOURS = env.int("ACCOUNT_INVITATION_HOURS", default=72)
# A self-service password-reset link works once, for this long (Django's PASSWORD_RESET_TIMEOUT).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_HOURS", default=2) * 3600
# Reset requests one address may send per hour (accounts.views.public; an office behind one NAT address
# shares it).
PASSWORD_RESET_LIMIT = env.int("PASSWORD_RESET_LIMIT", default=10)

# --- Letters HR sends (reports.views.letters) ------------------------------------------------------
# The public verification page of a letter (its QR code points there, under PORTAL_BASE_URL): one address
# may check LETTER_VERIFY_LIMIT codes per LETTER_VERIFY_WINDOW seconds (core.ratelimit), so that codes
# cannot be guessed in bulk; a finance office checking a pile of letters stays well below it.
LETTER_VERIFY_LIMIT = env.int("LETTER_VERIFY_LIMIT", default=60)
LETTER_VERIFY_WINDOW = env.int("LETTER_VERIFY_WINDOW", default=600)
# The same limits serve the surat izin cuti's verification page (leave.views.public).

# --- Leave: the head's team calendar (leave.views.team) --------------------------------------------
# A day is a clash for a unit when more than LEAVE_CLASH_THRESHOLD of its people are away (granted or
# waiting requests): with the default 2, a third person of one unit away the same day is highlighted
# on the calendar and counted in the head's queue. A small unit (a puskesmas) may want 1.
LEAVE_CLASH_THRESHOLD = env.int("LEAVE_CLASH_THRESHOLD", default=2)
# --- Two-factor sign-in (accounts/, django-otp) --------------------------------------------------
# TOTP from an authenticator app, with single-use recovery codes (docs/architecture.md, "Two-factor
# sign-in"). Required for the HR officers of an agency whose policy says so (accounts.TwoFactorPolicy,
# set by a superuser) and for superusers when TWO_FACTOR_REQUIRED_FOR_SUPERUSERS; optional for anyone.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
# After the actor is attached: a session that still owes its second factor reaches only the
# two-factor pages and logout (accounts.middleware).
MIDDLEWARE.insert(
    MIDDLEWARE.index("core.middleware.ActorMiddleware") + 1, "accounts.middleware.TwoFactorMiddleware"
)
# On in production (DEBUG off); `make demo` (DEBUG on) and the test run (pyproject's pytest_env) leave it off.
TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = env.bool("TWO_FACTOR_REQUIRED_FOR_SUPERUSERS", default=not DEBUG)
# Codes one account may try per TWO_FACTOR_ATTEMPT_WINDOW seconds at the sign-in step (core.ratelimit),
# on top of django-otp's own growing delay after each wrong code.
TWO_FACTOR_ATTEMPT_LIMIT = env.int("TWO_FACTOR_ATTEMPT_LIMIT", default=5)
TWO_FACTOR_ATTEMPT_WINDOW = env.int("TWO_FACTOR_ATTEMPT_WINDOW", default=15 * 60)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="ASN Portal")
# The public certificate check (training.views.public): one address may look up CERTIFICATE_CHECK_LIMIT
# codes per CERTIFICATE_CHECK_WINDOW seconds (guessing codes is the abuse it stops), counted in the cache.
CERTIFICATE_CHECK_LIMIT = env.int("CERTIFICATE_CHECK_LIMIT", default=60)
CERTIFICATE_CHECK_WINDOW = env.int("CERTIFICATE_CHECK_WINDOW", default=600)
