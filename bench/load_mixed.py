"""Load test: a mixed HR workload on PostgreSQL through a real HTTP server (gunicorn).

Usage (from the project root):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/asn_portal_bench_load \\
        .venv/bin/python bench/load_mixed.py [--seed] [--employees 100000] [--sessions 20] \\
        [--duration 60] [--workers 3]

With --seed (or when the database does not hold exactly --employees employees) the database
named in DATABASE_URL is DROPPED and created again, migrated and filled by `seed_demo` (as
bench/seed_100k.py does). Point it at a throw-away benchmark database.

What it does:
  - starts gunicorn itself on 127.0.0.1 (a free port), production-like (DEBUG off, no debug
    toolbar or query log; plain HTTP, so HTTPS=False), and stops it at the end;
  - opens --sessions sessions, each logged in as the demo HR officer of Kota Sorong by a real
    POST to the login page (its CSRF token and cookie; a successful login counts towards no
    lockout: django-axes counts failures only);
  - each session then requests pages back to back (no think time: a closed loop, so the
    throughput is what the server gives at that concurrency), drawn at random (seeded) from the
    mix below, during --warmup seconds (not counted) and then --duration seconds or
    --max-requests requests, whichever comes first;
  - reports pages/s, p50/p95/max latency and errors (any status but 200, a redirect, a timeout or
    a connection error), per page type and overall, with the CPU time gunicorn took, the client's,
    and the whole machine's.

Only 127.0.0.1 is requested; the run is bounded in time and in requests and stops by itself.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import platform
import random
import re
import secrets
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_portal.settings")
# Production-like: no query log, no debug templates. Plain HTTP on 127.0.0.1 (HTTPS=False, the
# setting of a plain-HTTP intranet). The same environment is handed to gunicorn.
os.environ.setdefault("DEBUG", "False")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(60))
os.environ.setdefault("HTTPS", "False")
os.environ.setdefault("STATIC_MANIFEST", "False")
os.environ.setdefault("REDIS_URL", "")
os.environ.setdefault("WHITENOISE_USE_FINDERS", "True")

import django  # noqa: E402

django.setup()

from _harness import (  # noqa: E402
    HOST,
    children_of,
    cpu_of,
    free_port,
    load_average,
    process_cpu,
    start_gunicorn,
    stop,
)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from seed_100k import (  # noqa: E402
    add_smoke_option,
    apply_smoke,
    check_database,
    cpu_count,
    postgres_version,
    recreate_database,
)

from core.models import HrAssignment, UnitKerja  # noqa: E402
from demo.seed import DEMO_PASSWORD, FAMILY, FEMALE, MALE  # noqa: E402
from employees.choices import GOLONGAN_CHOICES, Education, EmployeeKind, PositionKind  # noqa: E402
from employees.forms.records import AGE_BANDS  # noqa: E402
from employees.models import Employee  # noqa: E402

HR_LOGIN = "hr.sorong"  # demo login (demo/seed.py): the HR officer of Kota Sorong, the largest agency
PAGE_SIZE = 50
DEEP_PAGE_FROM = 100
TARGET_PAGES_PER_S = 60
TARGET_P95_MS = 500
REQUEST_TIMEOUT_S = 30
# Page types and their weights in the mix (per 100 pages).
MIX = {"detail": 40, "search": 25, "filter": 20, "deep": 15}


def prepare(total: int, reseed: bool) -> None:
    db = check_database()
    have = None
    if not reseed:
        try:
            have = Employee.objects.count()
        except Exception:  # no tables yet
            connection.close()
    if reseed or have != total:
        print(f"Recreating {db['NAME']!r} and seeding {total:,} employees ...", flush=True)
        connection.close()
        recreate_database(db)
        call_command("migrate", interactive=False, verbosity=0)
        started = time.perf_counter()
        call_command("seed_demo", employees=total, quiet_logins=True, verbosity=0)
        print(f"  seeded in {time.perf_counter() - started:.1f} s", flush=True)
    else:
        call_command("migrate", interactive=False, verbosity=0)  # new indexes, if any
    # Statistics and the visibility map, as autovacuum keeps them on a database in service (a
    # freshly loaded table has neither, and the index-only counts of the list need the latter).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


@dataclass
class Workload:
    """What the HR officer may see: the ids, units and page count the random pages are drawn from."""

    agency: str
    employee_ids: list[int]
    unit_ids: list[int]
    pages: int

    @classmethod
    def load(cls) -> Workload:
        assignment = HrAssignment.objects.select_related("instansi").get(user__username=HR_LOGIN)
        instansi = assignment.instansi
        active = Employee.objects.filter(unit__instansi=instansi, is_active=True)
        ids = list(active.values_list("pk", flat=True))
        units = list(UnitKerja.objects.filter(instansi=instansi).values_list("pk", flat=True))
        return cls(instansi.name, ids, units, (len(ids) + PAGE_SIZE - 1) // PAGE_SIZE)


# Given names and family names of the demo data, and a few fragments of them.
SEARCH_TERMS = sorted({name.lower() for name in (*FEMALE, *MALE, *FAMILY)} | {"wati", "agus", "nur", "rah"})
SORTS = ["nama", "nip", "golongan", "jabatan", "unit"]
# Deep pages are read in the orders that an index serves (the list's default, by name, and NIP and
# unit). By golongan or jabatan the whole agency is joined to its current rank or position and sorted
# at any page (50-65 ms of SQL, page 1 as much as page 500); those orders come in the filter pages.
DEEP_SORTS = ["nama", "nip", "unit"]


def parse_mix(text: str) -> dict[str, int]:
    mix = {}
    for part in text.split(","):
        kind, _, weight = part.partition("=")
        if kind.strip() not in MIX or not weight.strip().isdigit():
            raise argparse.ArgumentTypeError(f"expected KIND=WEIGHT with KIND one of {', '.join(MIX)}")
        mix[kind.strip()] = int(weight)
    return mix


def list_url(params: dict[str, object]) -> str:
    return "/pegawai/?" + urllib.parse.urlencode(params)


def make_pages(work: Workload) -> dict[str, Callable[[random.Random], str]]:
    """One URL maker per page type: each draws its page at random from the agency's data."""

    def detail(rng: random.Random) -> str:
        return f"/pegawai/{rng.choice(work.employee_ids)}/"

    def search(rng: random.Random) -> str:
        return list_url({"q": rng.choice(SEARCH_TERMS)})

    def filtered(rng: random.Random) -> str:
        # One or two filters of the list form, as an HR officer combines them.
        choices: list[tuple[str, object]] = [
            ("unit", rng.choice(work.unit_ids)),
            ("golongan", rng.choice(GOLONGAN_CHOICES)[0]),
            ("kind", rng.choice(EmployeeKind.values)),
            ("position_kind", rng.choice(PositionKind.values)),
            ("education", rng.choice(Education.values)),
            ("age", rng.choice(AGE_BANDS).code),
        ]
        params = dict(rng.sample(choices, rng.choice((1, 2))))
        if rng.random() < 0.3:
            params["sort"] = rng.choice(SORTS)
        return list_url(params)

    def deep(rng: random.Random) -> str:
        first = min(DEEP_PAGE_FROM, work.pages)
        return list_url({"page": rng.randint(first, work.pages), "sort": rng.choice(DEEP_SORTS)})

    return {"detail": detail, "search": search, "filter": filtered, "deep": deep}


# --- gunicorn --------------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is returned, not followed: a page that redirects to the login page is an error."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Server:
    """gunicorn serving the project on 127.0.0.1, started and stopped by this script."""

    def __init__(self, workers: int, threads: int, log: Path) -> None:
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.log = log
        self._log_file = log.open("wb")
        # Each worker keeps its database connection for the whole run, so that the CPU of its
        # PostgreSQL backend can be read from /proc at the start and at the end (the default of
        # 60 s only adds one reconnection per worker per minute). The environment is this script's
        # (DEBUG off, REDIS_URL as given).
        self.process = start_gunicorn(
            self.port,
            workers=workers,
            worker_class="gthread" if threads > 1 else "sync",
            threads=threads,
            env={"CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "3600")},
            output=self._log_file,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}):\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=5) as response:
                    if response.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def cpu_seconds(self) -> float:
        """CPU time (user + system) of the master and its workers so far."""
        return cpu_of([self.process.pid, *children_of(self.process.pid)])

    def stop(self) -> None:
        stop(self.process)  # graceful: workers finish their request
        self._log_file.close()

    def log_tail(self, lines: int = 40) -> str:
        self._log_file.flush()
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def database_cpu(name: str) -> tuple[float, float]:
    """CPU time so far of the PostgreSQL backends connected to database `name` (their process
    title is "postgres: <cluster>: <user> <database> ..."; gunicorn keeps its connections open, so
    the same backends serve the whole run), and that of the PostgreSQL processes which have ended
    (the server's own account of its children: parallel workers, which live for one query,
    autovacuum workers, other clients' connections)."""
    total, ended, server = 0.0, 0.0, None
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if title.startswith("postgres:") and f" {name} " in title:
            total += process_cpu(int(entry.name))
            server = server or parent_pid(int(entry.name))
    if server:
        ended = process_cpu(server, children=True)
    return total, ended


def parent_pid(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(values[:8]) - idle) / tick, sum(values[:8]) / tick


# --- sessions --------------------------------------------------------------------------------

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Sample:
    kind: str
    ms: float
    error: str | None


@dataclass
class Session:
    base: str
    rng: random.Random
    samples: list[Sample] = field(default_factory=list)
    opener: urllib.request.OpenerDirector = field(init=False)

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def login(self) -> None:
        """A real login: the form's CSRF token and cookie, then the POST, which redirects."""
        with self.opener.open(self.base + "/masuk/", timeout=REQUEST_TIMEOUT_S) as response:
            match = CSRF_INPUT.search(response.read().decode())
        assert match, "no CSRF token on the login page"
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": match.group(1), "username": HR_LOGIN, "password": DEMO_PASSWORD}
        ).encode()
        try:
            self.opener.open(self.base + "/masuk/", data=data, timeout=REQUEST_TIMEOUT_S)
            raise AssertionError("the login did not redirect (wrong password, or locked out?)")
        except urllib.error.HTTPError as exc:
            assert exc.code == 302, f"login answered {exc.code}"

    def get(self, path: str) -> str | None:
        """Request one page and read it whole; the error, if any."""
        try:
            with self.opener.open(self.base + path, timeout=REQUEST_TIMEOUT_S) as response:
                body = response.read()
                if response.status != 200:
                    return f"HTTP {response.status}"
                if b"</html>" not in body:
                    return "truncated page"
                return None
        except urllib.error.HTTPError as exc:
            return f"HTTP {exc.code}"
        except (OSError, urllib.error.URLError) as exc:
            return type(exc).__name__


def run_session(
    session: Session,
    pages: dict[str, Callable[[random.Random], str]],
    start: threading.Barrier,
    clock: dict[str, float],
    budget: threading.Semaphore,
    mix: dict[str, int],
) -> None:
    kinds = list(mix)
    weights = [mix[kind] for kind in kinds]
    session.login()
    start.wait()
    while True:
        now = time.monotonic()
        if now >= clock["end"]:
            return
        kind = session.rng.choices(kinds, weights)[0]
        path = pages[kind](session.rng)
        measured = now >= clock["measure_from"]
        if measured and not budget.acquire(blocking=False):
            return  # --max-requests reached
        started = time.perf_counter()
        error = session.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        if measured:
            session.samples.append(Sample(kind, elapsed, f"{error} {path}" if error else None))


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return max(values, default=0.0)
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def report_line(label: str, samples: list[Sample], seconds: float) -> str:
    times = [s.ms for s in samples]
    errors = sum(1 for s in samples if s.error)
    if not times:
        return f"  {label:<11} {0:>7} {0:>8.1f}"
    return (
        f"  {label:<11} {len(times):>7,} {len(times) / seconds:>8.1f} {statistics.median(times):>8.0f} "
        f"{p95(times):>8.0f} {max(times):>8.0f} {errors:>7}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--seed", action="store_true", help="drop, recreate and seed the database first")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent logged-in sessions (20)")
    parser.add_argument("--duration", type=float, default=60, help="measured seconds (60)")
    parser.add_argument("--warmup", type=float, default=10, help="seconds of load before measuring (10)")
    parser.add_argument("--max-requests", type=int, default=20_000, help="measured requests at most")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes (3)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread above 1)")
    parser.add_argument("--random-seed", type=int, default=11, help="seed of the page draw")
    parser.add_argument(
        "--mix",
        type=parse_mix,
        default=MIX,
        help="page types and weights, e.g. 'detail=1' for details only (default: "
        + ",".join(f"{kind}={weight}" for kind, weight in MIX.items())
        + ")",
    )
    add_smoke_option(parser)
    args = parser.parse_args()
    apply_smoke(args)
    if args.smoke:
        args.sessions, args.duration, args.warmup = 4, 2.0, 0.5

    db_name = str(check_database()["NAME"])
    prepare(args.employees, args.seed)
    work = Workload.load()
    connection.close()
    pages = make_pages(work)

    log = Path(tempfile.mkstemp(prefix="load_mixed_gunicorn_", suffix=".log")[1])
    server = Server(args.workers, args.threads, log)
    try:
        server.wait_ready()
        sessions = [
            Session(server.base, random.Random(args.random_seed * 1000 + i)) for i in range(args.sessions)
        ]
        start = threading.Barrier(args.sessions + 1)
        clock = {"measure_from": float("inf"), "end": float("inf")}
        budget = threading.Semaphore(args.max_requests)
        threads = [
            threading.Thread(target=run_session, args=(s, pages, start, clock, budget, args.mix), daemon=True)
            for s in sessions
        ]
        for thread in threads:
            thread.start()
        start.wait(timeout=300)  # every session logged in
        now = time.monotonic()
        clock["measure_from"] = now + args.warmup
        clock["end"] = now + args.warmup + args.duration
        time.sleep(args.warmup)
        load_before = load_average()
        server_cpu = server.cpu_seconds()
        db_cpu, db_ended = database_cpu(db_name)
        client_cpu = sum(os.times()[:2])
        busy, total = machine_cpu()
        measured_from = time.monotonic()
        for thread in threads:
            thread.join(timeout=args.duration + REQUEST_TIMEOUT_S + 10)
        seconds = time.monotonic() - measured_from
        server_cpu = server.cpu_seconds() - server_cpu
        db_cpu_after, db_ended_after = database_cpu(db_name)
        db_cpu, db_ended = db_cpu_after - db_cpu, db_ended_after - db_ended
        client_cpu = sum(os.times()[:2]) - client_cpu
        busy_after, total_after = machine_cpu()
        busy, total = busy_after - busy, total_after - total
        load_after = load_average()
        stuck = sum(1 for thread in threads if thread.is_alive())
    finally:
        server.stop()

    samples = [sample for session in sessions for sample in session.samples]
    errors = [s for s in samples if s.error]
    overall = [s.ms for s in samples]
    rate = len(samples) / seconds
    mix = ", ".join(f"{kind} {weight}" for kind, weight in args.mix.items())
    print()
    print(f"Mixed HR workload ({Employee.objects.count():,} employees; agency {work.agency}, ", end="")
    print(f"{len(work.employee_ids):,} active, {work.pages} list pages)")
    threads_note = f" x {args.threads} threads (gthread)" if args.threads > 1 else " (sync)"
    print(
        f"  gunicorn {args.workers} workers{threads_note} on 127.0.0.1; {args.sessions} sessions, "
        f"no think time; {args.warmup:g} s warm-up, then {seconds:.1f} s measured"
    )
    print(f"  mix: {mix}")
    print(
        f"  {'page type':<11} {'pages':>7} {'pages/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'errors':>7}"
    )
    for kind in args.mix:
        print(report_line(kind, [s for s in samples if s.kind == kind], seconds))
    print(report_line("all", samples, seconds))
    ok = (
        rate >= TARGET_PAGES_PER_S and p95(overall) < TARGET_P95_MS and not errors and not stuck
        if overall
        else False
    )
    print(
        f"  target: >= {TARGET_PAGES_PER_S} pages/s, p95 < {TARGET_P95_MS} ms, 0 errors: "
        f"{'met' if ok else 'NOT met'}"
    )
    for sample in errors[:10]:
        print(f"  error: {sample.kind}: {sample.error}")
    if stuck:
        print(f"  {stuck} sessions did not stop in time")
    other = busy - server_cpu - db_cpu - db_ended - client_cpu
    print(
        f"  CPU during the measured time: gunicorn {server_cpu:.1f} s, its PostgreSQL backends "
        f"{db_cpu:.1f} s, PostgreSQL processes that ended {db_ended:.1f} s (parallel workers; "
        f"other clients' too), this client {client_cpu:.1f} s, everything else {other:.1f} s (other "
        f"work on the machine, PostgreSQL's writers); busy {busy:.1f} s of {total:.1f} s"
    )
    if samples:
        print(
            f"  CPU per page: gunicorn {server_cpu / len(samples) * 1000:.1f} ms, "
            f"PostgreSQL backends {db_cpu / len(samples) * 1000:.1f} ms"
        )
    print(f"  load average: before {load_before}; after {load_after}")
    print(f"  {postgres_version()}; Python {platform.python_version()}; nproc {cpu_count()}")
    if errors or stuck:
        print(server.log_tail())
        log.unlink(missing_ok=True)
        sys.exit(1)
    log.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
