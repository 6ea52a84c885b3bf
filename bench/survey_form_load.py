"""Load test of the public survey form (/s/<code>/): gunicorn on PostgreSQL (and Redis for the cache),
submissions from a bounded asyncio client on loopback at increasing target rates.

Usage (from the project root):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/asn_portal_bench_survey \\
    REDIS_URL=redis://127.0.0.1:6379/12 \\
        .venv/bin/python bench/survey_form_load.py [--rates 100,200,300,400] [--duration 60] [--workers 3]

WARNING: the database named in DATABASE_URL is DROPPED and created again (as bench/seed_100k.py does).
Point it at a throw-away benchmark database. REDIS_URL is optional (without it each gunicorn worker has
its own in-memory cache); production uses Redis, so give it one.

What it does:
  1. recreates and migrates the database, seeds one service unit with three services and an open period
     whose questionnaire has two extra questions (a scale and a choice);
  2. starts gunicorn itself on 127.0.0.1 (a free port; DEBUG off, the real settings) with the per-address
     rate limit raised by its own setting (SURVEY_SUBMIT_LIMIT): every request comes from 127.0.0.1 and
     the app trusts no forwarded header, so the bench does not pretend to be many addresses;
  3. fetches the form once (its CSRF cookie and token, which stay valid for every POST of the run) and
     measures the page's weight (HTML + stylesheet, raw and gzip);
  4. for each target rate, sends valid submissions for --duration seconds, open loop (request i is due at
     i/rate seconds, whatever the answers before it; at most --concurrency in flight). Each submission
     carries its own submission key, made by the client (uuid4, as the form would carry one; the server
     takes any key it has not seen). With --flow full each submission GETs the form first and posts the
     key and token from that page (twice the requests). Latency is measured from the moment a request
     was due (no coordinated omission): waiting for a free connection counts;
  5. reports per rate: accepted (302 to the thank-you page of that key), errors by kind, the achieved
     rate, p50/p95/p99 latency, and checks the database: the responses of the period are exactly the
     accepted keys (none lost, none extra), and every accepted submission with a suggestion has its
     follow-up ticket.
A rate is held when its achieved rate is at least 98 % of the target, with no error, p95 < 150 ms and
nothing lost. Everything is bounded: requests per step (rate × duration), a 10 s timeout per request,
and gunicorn is stopped at the end. Figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import os
import platform
import random
import re
import secrets
import sys
import time
import urllib.parse
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_portal.settings")
os.environ.setdefault("DEBUG", "False")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(60))
os.environ.setdefault("HTTPS", "False")
os.environ.setdefault("STATIC_MANIFEST", "False")
os.environ.setdefault("WHITENOISE_USE_FINDERS", "True")

import django  # noqa: E402

django.setup()

from _harness import (  # noqa: E402
    HOST,
    Reply,
    free_port,
    load_average,
    open_loop,
    percentile,
    request,
    start_gunicorn,
    stop,
    wait_until_up,
)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from seed_100k import (  # noqa: E402
    add_smoke_option,
    check_database,
    cpu_count,
    postgres_version,
    recreate_database,
)

from core.models import Instansi, UnitKerja, child_path  # noqa: E402
from surveys.choices import PeriodKind, PeriodState, QuestionKind  # noqa: E402
from surveys.models import (  # noqa: E402
    BandTable,
    ExtraQuestion,
    FollowUp,
    Questionnaire,
    Response,
    Service,
    ServiceUnit,
    SurveyPeriod,
)

CODE = "bench-loket"
TARGET_P95_MS = 150
HOLD_SHARE = 0.98  # of the target rate
REQUEST_TIMEOUT = 10.0
SUGGESTION_SHARE = 0.3  # submissions with a suggestion (a follow-up and its ticket)
SUGGESTIONS = [
    "Antrean pagi terlalu panjang, mohon tambah loket.",
    "Petugas ramah, tetapi ruang tunggu panas.",
    "Informasi persyaratan di papan pengumuman kurang jelas.",
]


# --- Seeding ---------------------------------------------------------------------------------------


@dataclass
class Seeded:
    period_id: int
    services: list[int]
    extra_scale: int
    extra_choice: int


def seed() -> Seeded:
    instansi = Instansi.objects.create(
        code="kota-bench",
        name="Pemerintah Kota Bench",
        kind="kota",
        province="Papua Barat Daya",
        seat="Kota Bench",
        time_zone="Asia/Jayapura",
        ppk_title="Wali Kota Bench",
        hr_office_name="BKPSDM Kota Bench",
    )
    unit = UnitKerja.objects.create(
        instansi=instansi,
        code="DINKES",
        name="Dinas Kesehatan",
        kind="dinas",
        head_title="Kepala Dinas",
        path="-",
    )
    unit.path, unit.depth = child_path(None, unit.pk)
    unit.save(update_fields=["path", "depth"])
    service_unit = ServiceUnit.objects.create(
        unit=unit, code=CODE, name="Loket Puskesmas Bench", kind="puskesmas", population=100_000
    )
    services = [Service.objects.create(service_unit=service_unit, name=n).pk for n in ("Umum", "Gigi", "KIA")]
    standard = Questionnaire.objects.get(instansi=None, version=1)
    own = Questionnaire.objects.create(instansi=instansi, name="Kuesioner Kota Bench", version=1)
    for wording in standard.unsur.all():
        wording.pk = None
        wording.questionnaire = own
        wording.save()
    scale = ExtraQuestion.objects.create(
        questionnaire=own, position=1, kind=QuestionKind.SCALE, text="Kebersihan toilet?", required=True
    )
    choice = ExtraQuestion.objects.create(
        questionnaire=own,
        position=2,
        kind=QuestionKind.CHOICE,
        text="Dari mana Anda tahu layanan ini?",
        options=["Media sosial", "Teman", "Spanduk"],
    )
    today = timezone.localdate()
    period = SurveyPeriod.objects.create(
        service_unit=service_unit,
        questionnaire=own,
        kind=PeriodKind.RANGE,
        start=today - timedelta(days=30),
        end=today + timedelta(days=30),
        state=PeriodState.OPEN,
        band_table=BandTable.objects.order_by("-valid_from").first(),
        opened_at=timezone.now(),
    )
    return Seeded(period.pk, services, scale.pk, choice.pk)


def csrf_of(reply: Reply) -> tuple[str, str]:
    """(the Cookie header value, the form's csrfmiddlewaretoken) of a form page."""
    cookies = [c.split(";")[0] for c in reply.headers.get("set-cookie", []) if c.startswith("csrftoken=")]
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', reply.body)
    assert cookies and match, "the form page sets its CSRF cookie and token"
    return cookies[0], match[1].decode()


# --- One step at one target rate ------------------------------------------------------------------------------


@dataclass
class Step:
    rate: int
    duration: float
    sent: int = 0
    accepted: int = 0
    with_suggestion: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    elapsed: float = 0.0

    @property
    def achieved(self) -> float:
        return self.accepted / self.elapsed if self.elapsed else 0.0

    def percentile(self, q: float) -> float:
        return percentile(self.latencies, q)


def answers(seeded: Seeded, rng: random.Random) -> dict[str, str]:
    data = {
        "age": str(rng.randint(17, 80)),
        "sex": rng.choice("LP"),
        "education": rng.choice(["sd", "smp", "sma", "d1-d3", "d4-s1", "s2"]),
        "occupation": rng.choice(["asn", "swasta", "wirausaha", "pelajar", "lainnya"]),
        "service": str(rng.choice(seeded.services)),
        f"extra_{seeded.extra_scale}": str(rng.randint(1, 4)),
        f"extra_{seeded.extra_choice}": rng.choice(["Media sosial", "Teman", "Spanduk"]),
        "suggestion": rng.choice(SUGGESTIONS) if rng.random() < SUGGESTION_SHARE else "",
        "website": "",
        "token": "",
    }
    data.update({f"u{i}": str(rng.choices([1, 2, 3, 4], weights=[1, 3, 10, 6])[0]) for i in range(1, 10)})
    return data


@dataclass(frozen=True)
class Planned:
    """One submission, prepared before the step starts (the client's own work stays out of the timing)."""

    key: str
    fields: str  # the form's fields, url-encoded, without the key and the CSRF token
    suggestion: bool


def plan(seeded: Seeded, total: int, seed: int) -> list[Planned]:
    rng = random.Random(seed)
    planned = []
    for _ in range(total):
        data = answers(seeded, rng)
        planned.append(
            Planned(
                str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                urllib.parse.urlencode(data),
                bool(data["suggestion"]),
            )
        )
    return planned


async def run_step(
    port: int, seeded: Seeded, step: Step, *, concurrency: int, flow: str, cookie: str, token: str, seed: int
) -> None:
    path = f"/s/{CODE}/"
    planned = plan(seeded, int(step.rate * step.duration), seed)
    slots = asyncio.Semaphore(concurrency)
    thanks_prefix = f"/s/{CODE}/terima-kasih/"
    quoted_token = urllib.parse.quote(token)

    async def submit(due: float, item: Planned) -> None:
        async with slots:
            try:
                async with asyncio.timeout(REQUEST_TIMEOUT):
                    page_cookie, page_token, key = cookie, quoted_token, item.key
                    if flow == "full":  # the form first, as a citizen's phone loads it
                        page = await request(port, "GET", path)
                        if page.status != 200:
                            step.errors[f"GET {page.status}"] += 1
                            return
                        page_cookie, raw_token = csrf_of(page)
                        page_token = urllib.parse.quote(raw_token)
                        found = re.search(rb'name="submission_key" value="([^"]+)"', page.body)
                        key = found[1].decode() if found else key
                    body = f"{item.fields}&submission_key={key}&csrfmiddlewaretoken={page_token}".encode()
                    reply = await request(port, "POST", path, body=body, cookie=page_cookie)
                    status, location = reply.status, reply.header("location")
            except TimeoutError:
                step.errors["timeout"] += 1
                return
            except OSError as exc:
                step.errors[type(exc).__name__] += 1
                return
            finally:
                step.latencies.append((time.perf_counter() - due) * 1000)
        # Accepted: the redirect to the thank-you page of this very key.
        if status == 302 and location.endswith(f"{thanks_prefix}{key}/"):
            step.accepted += 1
            step.keys.add(key)
            step.with_suggestion += item.suggestion
        else:
            step.errors[f"HTTP {status}"] += 1

    step.sent = len(planned)
    step.elapsed = max(await open_loop(planned, step.rate, submit), step.duration)


# --- Checks and report ---------------------------------------------------------------------------------------


def database_check(
    seeded: Seeded, accepted_keys: set[str], with_suggestion: int
) -> tuple[int, int, int, int]:
    """(responses in the database, accepted but missing, in the database but never accepted, follow-ups)."""
    connection.close()
    stored = {
        str(k)
        for k in Response.objects.filter(period_id=seeded.period_id).values_list("submission_key", flat=True)
    }
    follow_ups = FollowUp.objects.filter(response__period_id=seeded.period_id).count()
    return len(stored), len(accepted_keys - stored), len(stored - accepted_keys), follow_ups


def page_weight(port: int) -> tuple[int, int, int, int]:
    """(HTML bytes, stylesheet bytes, both gzip-compressed) of the form page."""
    page = asyncio.run(request(port, "GET", f"/s/{CODE}/"))
    assert page.status == 200, page.status
    html = page.body
    css_paths = re.findall(rb'<link rel="stylesheet" href="([^"]+)"', html)
    css = b"".join(asyncio.run(request(port, "GET", p.decode())).body for p in css_paths)
    return len(html), len(css), len(gzip.compress(html)), len(gzip.compress(css))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rates", default="100,200,300,400", help="target submissions/s, in turn")
    parser.add_argument("--duration", type=float, default=60, help="seconds per rate (default 60)")
    parser.add_argument(
        "--workers", type=int, default=3, help="gunicorn sync workers (default 3: on 2 cores, 4 queued more)"
    )
    parser.add_argument("--concurrency", type=int, default=128, help="requests in flight at most")
    parser.add_argument(
        "--flow",
        choices=["post", "full"],
        default="post",
        help="post: a pre-fetched CSRF token; full: GET the form before each POST",
    )
    parser.add_argument("--pause", type=float, default=5, help="seconds between rates")
    add_smoke_option(parser)
    args = parser.parse_args()
    if args.smoke:
        args.rates, args.duration, args.workers, args.pause = "20", 3.0, 2, 0

    rates = [int(r) for r in args.rates.split(",") if r.strip()]
    db = check_database()
    print(f"Recreating database {db['NAME']!r} on {db['HOST']}:{db['PORT']} ...", flush=True)
    connection.close()
    recreate_database(db)
    call_command("migrate", interactive=False, verbosity=0)
    seeded = seed()
    connection.close()
    cache = (
        "Redis " + os.environ["REDIS_URL"]
        if os.environ.get("REDIS_URL")
        else "in-memory per worker (no REDIS_URL)"
    )
    port = free_port()
    print(f"Starting gunicorn ({args.workers} sync workers) on {HOST}:{port}; cache: {cache}", flush=True)
    # The bench sends everything from 127.0.0.1: the per-address limit is raised for it here, and no
    # forwarded header is trusted (AXES_PROXY_COUNT stays 0).
    server = start_gunicorn(
        port, workers=args.workers, env={"SURVEY_SUBMIT_LIMIT": str(10**9), "CONN_MAX_AGE": "600"}
    )
    steps: list[Step] = []
    checks: list[tuple[int, int, int, int]] = []
    load_before = load_average()
    try:
        wait_until_up(port, server, f"/s/{CODE}/")
        html, css, html_gz, css_gz = page_weight(port)
        cookie, token = csrf_of(asyncio.run(request(port, "GET", f"/s/{CODE}/")))
        accepted_keys: set[str] = set()
        with_suggestion = 0
        for number, rate in enumerate(rates):
            if number and args.pause:
                time.sleep(args.pause)
            step = Step(rate=rate, duration=args.duration)
            print(f"  {rate}/s for {args.duration:g} s ...", flush=True)
            asyncio.run(
                run_step(
                    port,
                    seeded,
                    step,
                    concurrency=args.concurrency,
                    flow=args.flow,
                    cookie=cookie,
                    token=token,
                    seed=number,
                )
            )
            accepted_keys |= step.keys
            with_suggestion += step.with_suggestion
            steps.append(step)
            checks.append(database_check(seeded, accepted_keys, with_suggestion))
            stored, missing, extra, follow_ups = checks[-1]
            print(
                f"    accepted {step.accepted} of {step.sent} ({step.achieved:.0f}/s), errors {dict(step.errors) or 0}, "
                f"p50 {step.percentile(0.50):.1f} ms, p95 {step.percentile(0.95):.1f} ms; "
                f"database {stored} responses, lost {missing}, extra {extra}, follow-ups {follow_ups}/{with_suggestion}",
                flush=True,
            )
    finally:
        stop(server)
    load_after = load_average()

    print()
    print(
        f"Survey form load benchmark ({args.flow}: {'GET + POST' if args.flow == 'full' else 'POST, pre-fetched CSRF token'})"
    )
    print(
        f"  form page            {html:,} B HTML + {css:,} B CSS = {html + css:,} B ({html_gz + css_gz:,} B gzip)"
    )
    print(
        f"  {'target':>7} {'sent':>7} {'accepted':>9} {'rate/s':>7} {'errors':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'lost':>5}  held"
    )
    held = []
    for step, (_stored, missing, extra, _follow_ups) in zip(steps, checks, strict=True):
        errors = sum(step.errors.values())
        ok = (
            step.achieved >= HOLD_SHARE * step.rate
            and errors == 0
            and step.percentile(0.95) < TARGET_P95_MS
            and missing == 0
            and extra == 0
        )
        if ok:
            held.append(step.rate)
        print(
            f"  {step.rate:>7} {step.sent:>7} {step.accepted:>9} {step.achieved:>7.0f} {errors:>7} "
            f"{step.percentile(0.50):>7.1f} {step.percentile(0.95):>7.1f} {step.percentile(0.99):>7.1f} {missing:>5}  {'yes' if ok else 'no'}"
        )
    stored, missing, extra, follow_ups = checks[-1]
    print(
        f"  responses in the database {stored:,} = accepted {len(accepted_keys):,}: lost {missing}, extra {extra}"
    )
    print(f"  follow-ups {follow_ups:,} for {with_suggestion:,} accepted submissions with a suggestion")
    print(
        f"  highest rate held    {max(held) if held else 'none'}/s (achieved ≥ {HOLD_SHARE:.0%} of target, no error, p95 < {TARGET_P95_MS} ms, nothing lost)"
    )
    print(
        f"  gunicorn             {args.workers} sync workers; client concurrency {args.concurrency}; cache {cache}"
    )
    print(f"  load average         before {load_before}, after {load_after}")
    print(f"  PostgreSQL           {postgres_version()}")
    print(f"  Python               {platform.python_version()}; nproc {cpu_count()}")
    if missing or extra:
        sys.exit("LOST OR EXTRA RESPONSES: the database does not hold exactly the accepted submissions")


if __name__ == "__main__":
    main()
