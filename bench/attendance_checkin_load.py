"""Load test of the morning check-in peak (issue 16, item 8): an agency of 30,000 employees checking in
within half an hour, every employee signed in on their phone and tapping "Presensi masuk" once.
gunicorn on PostgreSQL (and Redis for the cache), check-ins from a bounded asyncio client on loopback.

Usage (from the project root):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/asn_portal_bench_attendance \\
    REDIS_URL=redis://127.0.0.1:6379/11 \\
        .venv/bin/python bench/attendance_checkin_load.py [--rates 200] [--duration 60] [--workers 2 --threads 4]

WARNING: the database named in DATABASE_URL is DROPPED and created again (as bench/seed_100k.py does).
Point it at a throw-away benchmark database. REDIS_URL is optional (without it each gunicorn worker has
its own in-memory cache); production uses Redis, so give it one.

What it does:
  1. recreates and migrates the database, seeds one agency with --employees employees (30,000), each
     with a user account, in ten units, and one work location (a geofence of 150 m). The agency's zone
     is the Indonesian zone (WIT, WITA, WIB) in which the server's clock is now well inside presensi
     hours (06.00–18.00); from 11.00 to 21.00 UTC none is, and the agency gets a fixed-offset zone in
     which it is morning (printed; the check-in reads only the zone's offset);
  2. signs every employee in, in bulk: one session row each, holding what a session holds after the
     sign-in and the first page (the user, the backend, the password hash's HMAC, the second factor
     settled, the agency's zone), and a CSRF secret of its own (its cookie and form field);
  3. starts gunicorn itself on 127.0.0.1 (a free port; DEBUG off, the real settings and middleware;
     2 gthread workers × 4 threads by default, keep-alive; bench/_harness.py);
  4. for each target rate, sends check-ins for --duration seconds, open loop (request i is due at i/rate
     seconds, whatever the answers before it; at most --concurrency in flight, on kept-alive
     connections; every request built as bytes before the step). Each check-in is a
     distinct employee's POST to attendance:record with their session and CSRF cookies, the CSRF
     field, kind "in" and a position inside the fence (a few metres of jitter and an accuracy, as a
     phone reports them). Latency is measured from the moment a request was due (no coordinated
     omission): waiting for a free connection counts;
  5. reports per rate: accepted (a 302 back to the Presensi page carrying the success message "Presensi
     masuk tercatat ..."; the message cookies are decoded after the step, outside the timing), errors
     by kind, the achieved rate, p50/p95/p99 latency, and checks the database: the browser check-ins
     of the day are exactly the accepted employees (none lost, none extra), one IN row each.
A rate is held when its achieved rate is at least 98 % of the target, with no error, p95 < 150 ms and
nothing lost. Every employee checks in once in the whole run: the rates × duration must not exceed
--employees. Everything is bounded: the client gives up on a check-in 10 s after it was due (waiting
for a connection included: an overloaded server gives timeouts, not an endless run; a check-in given
up on after it was sent may still be recorded, an "extra" row), and gunicorn is stopped at the end.
Figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import secrets
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path
from zoneinfo import ZoneInfo

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
    Pool,
    Reply,
    build_request,
    children_of,
    cpu_of,
    free_port,
    load_average,
    open_loop,
    percentile,
    start_gunicorn,
    stop,
    wait_until_up,
)
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.messages import constants as message_levels  # noqa: E402
from django.contrib.messages.storage.cookie import CookieStorage  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpRequest  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402
from seed_100k import (  # noqa: E402
    add_smoke_option,
    check_database,
    cpu_count,
    postgres_version,
    recreate_database,
)

from accounts import middleware as two_factor  # noqa: E402
from accounts.choices import TwoFactorState  # noqa: E402
from attendance.choices import PresenceKind, PresenceSource  # noqa: E402
from attendance.models import Presence, WorkLocation  # noqa: E402
from core.choices import TimeZone  # noqa: E402
from core.models import Instansi, UnitKerja, child_path  # noqa: E402
from employees.models import Employee  # noqa: E402

TARGET_P95_MS = 150
HOLD_SHARE = 0.98  # of the target rate
REQUEST_TIMEOUT = 10.0
BATCH = 2000
WARM_UP = 30  # check-ins of their own employees, before the steps: every worker imports and connects
UNITS = 10
# The office (Kantor Bupati Bench, somewhere in Papua Barat Daya) and its fence.
OFFICE = (Decimal("-0.876200"), Decimal("131.255800"))
RADIUS_M = 150
JITTER_DEG = 0.0004  # about 45 m: every tap is inside the fence
BACKEND = "employees.auth.NipOrUsernameBackend"
ZONE_OFFSETS = {TimeZone.WIT: 9, TimeZone.WITA: 8, TimeZone.WIB: 7}
# The agency-local hours the run must stay inside (presensi is accepted 06.00–18.00).
SAFE_FROM, SAFE_TO = 6.25, 17.0


# --- Seeding ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    employee_id: int
    cookie: str  # the Cookie header: session and CSRF
    csrf: str  # the form's csrfmiddlewaretoken (the unmasked secret, which Django accepts)


@dataclass
class Seeded:
    instansi_id: int
    zone: str
    people: list[Person]


def agency_zone(now: datetime) -> str:
    """The Indonesian zone in which `now` is furthest inside the safe hours; a fixed offset (morning,
    09.00) when none is (11.00–21.00 UTC)."""
    hour = now.hour + now.minute / 60
    best, margin = "", 0.0
    for zone, offset in ZONE_OFFSETS.items():
        local = (hour + offset) % 24
        m = min(local - SAFE_FROM, SAFE_TO - local)
        if m > margin:
            best, margin = str(zone), m
    if best:
        return best
    offset = round(9 - hour)
    offset = offset - 24 if offset > 14 else offset + 24 if offset < -12 else offset
    return f"Etc/GMT{-offset:+d}"  # the POSIX sign: Etc/GMT-9 is UTC+9


def seed(employees: int) -> Seeded:
    zone = agency_zone(timezone.now())
    instansi = Instansi.objects.create(
        code="kab-bench-presensi",
        name="Pemerintah Kabupaten Bench Presensi",
        kind="kabupaten",
        province="Papua Barat Daya",
        seat="Bench",
        time_zone=zone,
        ppk_title="Bupati Bench",
        hr_office_name="BKPSDM Kabupaten Bench",
    )
    units = []
    for i in range(UNITS):
        unit = UnitKerja.objects.create(
            instansi=instansi, code=f"OPD{i:02d}", name=f"Dinas Bench {i}", kind="dinas", path="-"
        )
        unit.path, unit.depth = child_path(None, unit.pk)
        unit.save(update_fields=["path", "depth"])
        units.append(unit)
    WorkLocation.objects.create(
        instansi=instansi,
        name="Kantor Bupati Bench",
        latitude=OFFICE[0],
        longitude=OFFICE[1],
        radius_m=RADIUS_M,
    )
    User = get_user_model()
    password = make_password(secrets.token_urlsafe(16))  # one hash for all: hashing 30,000 would take minutes
    expires = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    encoder = SessionStore()
    people: list[Person] = []
    for start in range(0, employees, BATCH):
        numbers = range(start, min(start + BATCH, employees))
        users = User.objects.bulk_create(
            User(username=f"pegawai{n:05d}", password=password, first_name=f"Pegawai {n}") for n in numbers
        )
        staff = Employee.objects.bulk_create(
            Employee(
                nip=f"19900101202001{n:04d}" if n < 10_000 else f"1991{n:014d}",
                kind="PNS",
                name=f"Pegawai Bench {n}",
                birth_date=datetime(1990, 1, 1).date(),
                gender="L" if n % 2 else "P",
                unit=units[n % UNITS],
                user=user,
            )
            for n, user in zip(numbers, users, strict=True)
        )
        sessions = []
        for user, employee in zip(users, staff, strict=True):
            key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
            data = {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: BACKEND,
                HASH_SESSION_KEY: user.get_session_auth_hash(),
                two_factor.SESSION_KEY: TwoFactorState.OK,
                "agency_tz": zone,
            }
            sessions.append(Session(session_key=key, session_data=encoder.encode(data), expire_date=expires))
            csrf = get_random_string(32)
            people.append(
                Person(
                    employee.pk,
                    f"{settings.SESSION_COOKIE_NAME}={key}; {settings.CSRF_COOKIE_NAME}={csrf}",
                    csrf,
                )
            )
        Session.objects.bulk_create(sessions)
    return Seeded(instansi.pk, zone, people)


# --- The answer of a check-in ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    location: str
    messages: str  # the messages cookie set by the answer, "messages=<value>" ("" when none)


def answer_of(reply: Reply) -> Answer:
    messages = next(
        (c.split(";", 1)[0] for c in reply.headers.get("set-cookie", []) if c.startswith("messages=")), ""
    )
    return Answer(reply.status, reply.header("location"), messages)


# --- One step at one target rate ------------------------------------------------------------------------------


@dataclass
class Step:
    rate: int
    duration: float
    sent: int = 0
    accepted: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    answers: list[tuple[int, Answer]] = field(default_factory=list)  # (employee id, answer)
    accepted_ids: set[int] = field(default_factory=set)
    elapsed: float = 0.0
    handled: int = 0  # check-ins the server recorded during the step (given up on or not)
    cpu: tuple[float, float, float] = (0.0, 0.0, 0.0)  # CPU seconds: gunicorn, PostgreSQL, this client
    connections: int = 0  # connections the client opened

    @property
    def achieved(self) -> float:
        return self.accepted / self.elapsed if self.elapsed else 0.0

    def percentile(self, q: float) -> float:
        return percentile(self.latencies, q)


@dataclass(frozen=True)
class Planned:
    """One check-in, prepared as bytes before the step starts (the client's own work stays out of the
    timing)."""

    person: Person
    request: bytes


def plan(people: list[Person], seed: int, port: int) -> list[Planned]:
    path = reverse("attendance:record")
    rng = random.Random(seed)
    lat0, lon0 = float(OFFICE[0]), float(OFFICE[1])
    planned = []
    for person in people:
        lat = lat0 + rng.uniform(-JITTER_DEG, JITTER_DEG)
        lon = lon0 + rng.uniform(-JITTER_DEG, JITTER_DEG)
        accuracy = rng.uniform(4, 40)
        body = (
            f"kind={PresenceKind.IN}&latitude={lat:.7f}&longitude={lon:.7f}&accuracy={accuracy:.1f}"
            f"&csrfmiddlewaretoken={person.csrf}"
        ).encode()
        planned.append(Planned(person, build_request("POST", path, port, body=body, cookie=person.cookie)))
    return planned


async def run_step(port: int, people: list[Person], step: Step, *, concurrency: int, seed: int) -> None:
    planned = plan(people, seed, port)
    pool = Pool(port, concurrency)

    async def check_in(due: float, item: Planned) -> None:
        # The phone gives up REQUEST_TIMEOUT seconds after the tap, waiting for a connection included:
        # an overloaded server makes timeouts, never an unbounded run.
        sent = False

        def mark_sent() -> None:
            nonlocal sent
            sent = True

        try:
            async with asyncio.timeout(REQUEST_TIMEOUT):
                reply = await pool.send(item.request, mark_sent)
        except TimeoutError:
            # Sent and given up: the server may still record it (an "extra" row, never a lost one).
            step.errors["timeout (sent)" if sent else "timeout (not sent)"] += 1
            return
        except (OSError, asyncio.IncompleteReadError) as exc:
            step.errors[type(exc).__name__] += 1
            return
        finally:
            step.latencies.append((time.perf_counter() - due) * 1000)
        step.answers.append((item.person.employee_id, answer_of(reply)))

    step.sent = len(planned)
    try:
        elapsed = await open_loop(planned, step.rate, check_in)
    finally:
        pool.close()
    step.connections = pool.opened
    step.elapsed = max(elapsed, step.duration)


def judge(step: Step) -> None:
    """After the step (outside the timing): an answer is accepted when it sends the employee back to the
    Presensi page with the success message of a recorded check-in."""
    presence_page = reverse("attendance:presence")
    storage = CookieStorage(HttpRequest())
    for employee_id, answer in step.answers:
        if answer.status != 302 or not answer.location.endswith(presence_page):
            step.errors[f"HTTP {answer.status}"] += 1
            continue
        cookie = SimpleCookie()
        cookie.load(answer.messages)
        decoded = storage._decode(cookie["messages"].value) if "messages" in cookie else None
        levels = [m.level for m in decoded or []]
        texts = " ".join(str(m.message) for m in decoded or [])
        if levels == [message_levels.SUCCESS] and "Presensi masuk tercatat" in texts:
            step.accepted += 1
            step.accepted_ids.add(employee_id)
        else:
            step.errors[f"refused: {texts[:80] or 'no message'}"] += 1
    step.answers.clear()


# --- Checks and report ---------------------------------------------------------------------------------------


def database_check(instansi_id: int, accepted_ids: set[int]) -> tuple[int, int, int, int]:
    """(browser check-ins in the database, accepted but missing, in the database but never accepted,
    employees with more than one check-in row)."""
    connection.close()
    rows = Counter(
        Presence.objects.filter(
            employee__unit__instansi_id=instansi_id, kind=PresenceKind.IN, source=PresenceSource.BROWSER
        ).values_list("employee_id", flat=True)
    )
    stored = set(rows)
    doubled = sum(1 for n in rows.values() if n > 1)
    return sum(rows.values()), len(accepted_ids - stored), len(stored - accepted_ids), doubled


def server_pids(server: subprocess.Popen[bytes]) -> tuple[list[int], list[int]]:
    """(gunicorn's master and workers, the PostgreSQL backends of the bench database but ours)."""
    workers = [server.pid, *children_of(server.pid)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        backends = [row[0] for row in cursor.fetchall()]
    connection.close()
    return workers, backends


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--employees", type=int, default=30_000, help="employees of the agency (default 30,000)"
    )
    parser.add_argument("--rates", default="200", help="target check-ins/s, in turn (default 200)")
    parser.add_argument("--duration", type=float, default=60, help="seconds per rate (default 60)")
    # gthread by default: on 2 cores a worker per core, its threads overlapping the database and
    # Redis round trips, and keep-alive connections (sync workers close every connection, which costs
    # the client and the server a TCP set-up per check-in). docs/benchmarks.md, the check-in section.
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--worker-class",
        choices=["sync", "gthread"],
        default="gthread",
        help="gunicorn worker class (default gthread)",
    )
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker (default 4)")
    parser.add_argument("--concurrency", type=int, default=128, help="requests in flight at most")
    parser.add_argument("--pause", type=float, default=5, help="seconds between rates")
    add_smoke_option(parser)
    args = parser.parse_args()
    if args.smoke:
        args.employees, args.rates, args.duration, args.workers, args.pause = 50, "20", 2.0, 2, 0

    rates = [int(r) for r in args.rates.split(",") if r.strip()]
    needed = sum(int(rate * args.duration) for rate in rates)
    if needed > args.employees:
        sys.exit(f"{needed:,} check-ins need as many employees (each checks in once): raise --employees")
    warm_up = min(WARM_UP, args.employees - needed)
    db = check_database()
    print(f"Recreating database {db['NAME']!r} on {db['HOST']}:{db['PORT']} ...", flush=True)
    connection.close()
    recreate_database(db)
    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    seeded = seed(args.employees)
    warm_up_people, seeded.people = seeded.people[:warm_up], seeded.people[warm_up:]
    seeding = time.perf_counter() - started
    connection.close()
    local = timezone.now().astimezone(ZoneInfo(seeded.zone))
    print(
        f"Seeded {args.employees:,} employees, accounts and sessions in {seeding:.1f} s; agency zone "
        f"{seeded.zone} (now {local:%H.%M} there)",
        flush=True,
    )
    cache = (
        "Redis " + os.environ["REDIS_URL"]
        if os.environ.get("REDIS_URL")
        else "in-memory per worker (no REDIS_URL)"
    )
    if os.environ.get("REDIS_URL"):
        from django.core.cache import cache as django_cache

        django_cache.clear()  # the bench's Redis db: no agency config left from an earlier run
    server_kind = f"{args.workers} {args.worker_class} workers" + (
        f" × {args.threads} threads" if args.worker_class == "gthread" else ""
    )
    port = free_port()
    print(f"Starting gunicorn ({server_kind}) on {HOST}:{port}; cache: {cache}", flush=True)
    server = start_gunicorn(
        port,
        workers=args.workers,
        worker_class=args.worker_class,
        threads=args.threads,
        env={"CONN_MAX_AGE": "600"},
    )
    steps: list[Step] = []
    checks: list[tuple[int, int, int, int]] = []
    load_before = load_average()
    accepted_ids: set[int] = set()
    try:
        wait_until_up(port, server, reverse("core:healthz"))
        if warm_up_people:  # not measured; their check-ins are checked in the database like the others
            warming = Step(rate=warm_up, duration=1)
            asyncio.run(run_step(port, warm_up_people, warming, concurrency=args.workers * 2, seed=99))
            judge(warming)
            accepted_ids |= warming.accepted_ids
            print(
                f"  warm-up: {warming.accepted} of {warming.sent} accepted, errors {dict(warming.errors) or 0}"
            )
        offset = 0
        for number, rate in enumerate(rates):
            if number and args.pause:
                time.sleep(args.pause)
            step = Step(rate=rate, duration=args.duration)
            people = seeded.people[offset : offset + int(rate * args.duration)]
            offset += len(people)
            print(f"  {rate}/s for {args.duration:g} s ({len(people):,} employees) ...", flush=True)
            workers, backends = server_pids(server)
            rows_before = database_check(seeded.instansi_id, accepted_ids)[0]
            cpu_before = cpu_of(workers), cpu_of(backends), time.process_time()
            asyncio.run(run_step(port, people, step, concurrency=args.concurrency, seed=number))
            step.cpu = (
                cpu_of(workers) - cpu_before[0],
                cpu_of(backends) - cpu_before[1],
                time.process_time() - cpu_before[2],
            )
            judge(step)
            accepted_ids |= step.accepted_ids
            steps.append(step)
            checks.append(database_check(seeded.instansi_id, accepted_ids))
            stored, missing, extra, doubled = checks[-1]
            step.handled = stored - rows_before  # what the server recorded in the step
            print(
                f"    accepted {step.accepted} of {step.sent} ({step.achieved:.0f}/s), errors {dict(step.errors) or 0}, "
                f"p50 {step.percentile(0.50):.1f} ms, p95 {step.percentile(0.95):.1f} ms; "
                f"database {stored} check-ins, lost {missing}, extra {extra}, doubled {doubled}",
                flush=True,
            )
    finally:
        stop(server)
    load_after = load_average()

    print()
    print(
        f"Attendance check-in load benchmark ({args.employees:,} employees, one check-in each; "
        f"{len(warm_up_people)} warm-up check-ins before the steps)"
    )
    print(
        f"  {'target':>7} {'sent':>7} {'accepted':>9} {'rate/s':>7} {'errors':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'lost':>5}  held"
    )
    held = []
    for step, (_stored, missing, extra, doubled) in zip(steps, checks, strict=True):
        errors = sum(step.errors.values())
        ok = (
            step.achieved >= HOLD_SHARE * step.rate
            and errors == 0
            and step.percentile(0.95) < TARGET_P95_MS
            and missing == 0
            and extra == 0
            and doubled == 0
        )
        if ok:
            held.append(step.rate)
        print(
            f"  {step.rate:>7} {step.sent:>7} {step.accepted:>9} {step.achieved:>7.0f} {errors:>7} "
            f"{step.percentile(0.50):>7.1f} {step.percentile(0.95):>7.1f} {step.percentile(0.99):>7.1f} {missing:>5}  {'yes' if ok else 'no'}"
        )
    stored, missing, extra, doubled = checks[-1] if checks else (0, 0, 0, 0)
    print(
        f"  check-ins in the database {stored:,} = accepted {len(accepted_ids):,}: lost {missing}, extra {extra}, "
        f"employees with two rows {doubled}"
    )
    if extra:
        print(
            f"  (extra: check-ins the client gave up on after {REQUEST_TIMEOUT:g} s, which the server still recorded)"
        )
    print(
        f"  highest rate held    {max(held) if held else 'none'}/s (achieved ≥ {HOLD_SHARE:.0%} of target, no error, p95 < {TARGET_P95_MS} ms, nothing lost)"
    )
    for step in steps:
        if step.handled:
            web, db, client = (1000 * c / step.handled for c in step.cpu)
            print(
                f"  CPU per check-in     at {step.rate}/s: gunicorn {web:.1f} ms + PostgreSQL {db:.1f} ms "
                f"(+ this client {client:.1f} ms) over {step.handled:,} recorded: two idle cores would serve "
                f"about {2000 / (web + db):.0f}/s without the client, {2000 / (web + db + client):.0f}/s with it"
            )
    print(
        f"  gunicorn             {server_kind}; client concurrency {args.concurrency}, connections opened "
        f"{', '.join(str(step.connections) for step in steps) or 0} (kept alive by gthread workers, one per "
        f"check-in with sync workers); cache {cache}"
    )
    print(f"  agency zone          {seeded.zone}")
    print(f"  load average         before {load_before}, after {load_after}")
    print(f"  PostgreSQL           {postgres_version()}")
    print(f"  Python               {platform.python_version()}; nproc {cpu_count()}")
    gave_up = sum(step.errors["timeout (sent)"] for step in steps)
    if missing or doubled or extra > gave_up:
        sys.exit("LOST OR EXTRA CHECK-INS: the database does not hold exactly the accepted check-ins")


if __name__ == "__main__":
    main()
