"""Demo survey data (SKM, PermenPANRB 14/2017) for the demo agencies, part of `seed_demo`.

For each agency: two or three service units (a Puskesmas, the Dukcapil counter, a kecamatan office;
in the province the RSUD and the transport office) with their services; per unit three periods: the
second semester of 2025 and the first of 2026, closed, and the second of 2026, open (the demo's
present is November 2026), with a few hundred realistic responses in the closed ones (mostly 3 and
4, some 2, a rare 1; each unit has its own weak unsur, so the priorities differ) and a few dozen in
the open one; every suggestion has a follow-up with a ticket, the older ones answered and closed, the
latest few still open. The IKM of every period is computed by the job (surveys.services.ikm).

Drawn from a generator seeded per service unit and inserted in bulk; keyed by the service unit's
code and the period's dates, so a second run finds what the first made and adds nothing (a period
that has responses gets none, a period with a finished computation is not computed again).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from core.choices import RunState
from core.models import Instansi, UnitKerja
from employees.models import Employee
from surveys.choices import FollowUpState, PeriodKind, PeriodState, ServiceUnitKind, Weighting
from surveys.models import (
    BandTable,
    FollowUp,
    IkmRun,
    Questionnaire,
    Response,
    Service,
    ServiceUnit,
    SurveyPeriod,
)
from surveys.services import ikm

SEED = 202612
BATCH = 2000
TICKET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at a counter
OPEN_FOLLOW_UPS = 3  # per service unit: the latest suggestions of the open period are still handled


@dataclass(frozen=True)
class UnitSpec:
    """A demo service unit: its code suffix, name, the unit code it belongs to, kind, services,
    yearly population, and its weak unsur (answered lower: the improvement priorities)."""

    code: str
    name: str
    unit: str
    kind: str
    services: tuple[str, ...]
    population: int
    weak: tuple[int, ...]


def _city_units(city: str, kecamatan: str) -> list[UnitSpec]:
    return [
        UnitSpec(
            "puskesmas",
            f"Puskesmas {city} Kota",
            "DINKES.PKM1",
            ServiceUnitKind.PUSKESMAS,
            ("Pemeriksaan umum", "Kesehatan ibu dan anak", "Pelayanan gigi"),
            6000,
            (3, 9),
        ),
        UnitSpec(
            "dukcapil",
            f"Layanan Adminduk Disdukcapil {city}",
            "DUKCAPIL",
            ServiceUnitKind.DINAS,
            ("KTP elektronik", "Kartu keluarga", "Akta kelahiran"),
            20000,
            (2, 3),
        ),
        UnitSpec(
            "kecamatan",
            f"Kantor Kecamatan {kecamatan}",
            "KEC1",
            ServiceUnitKind.KECAMATAN,
            ("Surat keterangan", "Rekomendasi perizinan"),
            3000,
            (8, 5),
        ),
    ]


UNITS: dict[str, list[UnitSpec]] = {
    "kota-sorong": _city_units("Sorong", "Sorong Manoi"),
    "kota-palembang": _city_units("Palembang", "Plaju"),
    "kota-sawahlunto": _city_units("Sawahlunto", "Lembah Segar"),
    "prov-maluku-utara": [
        UnitSpec(
            "rsud",
            "RSUD Dr. H. Chasan Boesoirie",
            "DINKES.RSUD",
            ServiceUnitKind.PUSKESMAS,
            ("Rawat jalan", "Instalasi gawat darurat", "Farmasi"),
            30000,
            (3, 4),
        ),
        UnitSpec(
            "dishub",
            "Layanan Perizinan Angkutan Dishub Maluku Utara",
            "DISHUB",
            ServiceUnitKind.DINAS,
            ("Izin trayek", "Uji berkala kendaraan"),
            1500,
            (2, 8),
        ),
    ],
}

# (first day, last day, state, responses: lowest and highest)
PERIODS = (
    (date(2025, 7, 1), date(2025, 12, 31), PeriodState.CLOSED, (140, 200)),
    (date(2026, 1, 1), date(2026, 6, 30), PeriodState.CLOSED, (220, 360)),
    (date(2026, 7, 1), date(2026, 12, 31), PeriodState.OPEN, (25, 45)),
)
DEMO_TODAY = date(2026, 11, 20)  # the last day responses of the open period come in

EDUCATION = (("SD", 6), ("SMP", 10), ("SMA/SMK", 38), ("D3", 10), ("S1", 30), ("S2", 6))
OCCUPATION = (
    ("PNS/TNI/Polri", 12),
    ("Pegawai swasta", 22),
    ("Wiraswasta", 24),
    ("Pelajar/Mahasiswa", 12),
    ("Ibu rumah tangga", 16),
    ("Petani/Nelayan", 8),
    ("Lainnya", 6),
)
SUGGESTIONS = (
    "Antrean pagi terlalu lama, mohon ditambah petugas loket.",
    "Ruang tunggu panas, kipas angin sering mati.",
    "Petugas ramah dan cepat, terima kasih.",
    "Mohon informasi persyaratan dipasang di papan depan.",
    "Nomor pengaduan tidak pernah diangkat.",
    "Toilet kurang bersih.",
    "Jam buka loket mohon dipatuhi, sering terlambat buka.",
    "Pelayanan sudah baik, pertahankan.",
    "Tempat parkir sempit dan tidak ada peneduh.",
    "Mohon disediakan layanan daring agar tidak perlu datang dua kali.",
)
ANSWERS = (
    "Terima kasih atas masukannya. Kami sudah menambah satu petugas pada jam sibuk.",
    "Masukan sudah kami teruskan ke bagian umum dan telah ditindaklanjuti.",
    "Terima kasih. Informasi persyaratan kini terpasang di papan pengumuman dan di situs web.",
)
# Answer values 1–4: a strong unsur, and a weak one (the unit's improvement priorities).
STRONG = ((1, 1), (2, 7), (3, 52), (4, 40))
WEAK = ((1, 3), (2, 24), (3, 58), (4, 15))


T = TypeVar("T")


def _weighted(rng: random.Random, options: Sequence[tuple[T, int]]) -> T:
    values = [value for value, _weight in options]
    return rng.choices(values, weights=[weight for _value, weight in options])[0]


def _ticket(rng: random.Random, taken: set[str]) -> str:
    while True:
        letters = "".join(rng.choice(TICKET_ALPHABET) for _ in range(8))
        code = f"{letters[:4]}-{letters[4:]}"  # as services.public.new_ticket writes it (K7M3-Q9X2)
        if code not in taken:
            taken.add(code)
            return code


def _service_unit(instansi: Instansi, spec: UnitSpec, units: dict[str, UnitKerja]) -> ServiceUnit | None:
    unit = units.get(spec.unit)
    if unit is None:
        return None
    code = f"{instansi.code.split('-', 1)[1]}-{spec.code}"
    service_unit, _created = ServiceUnit.objects.get_or_create(
        code=code,
        defaults={"unit": unit, "name": spec.name, "kind": spec.kind, "population": spec.population},
    )
    existing = set(Service.objects.filter(service_unit=service_unit).values_list("name", flat=True))
    Service.objects.bulk_create(
        [Service(service_unit=service_unit, name=name) for name in spec.services if name not in existing]
    )
    return service_unit


def _period(service_unit: ServiceUnit, start: date, end: date, state: str, zone: ZoneInfo) -> SurveyPeriod:
    questionnaire = Questionnaire.objects.filter(instansi__isnull=True).order_by("version").first()
    band_table = BandTable.objects.filter(valid_from__lte=start).order_by("-valid_from").first()
    opened = datetime.combine(start, time(8), tzinfo=zone)
    period, _created = SurveyPeriod.objects.get_or_create(
        service_unit=service_unit,
        start=start,
        end=end,
        defaults={
            "questionnaire": questionnaire,
            "kind": PeriodKind.SEMESTER,
            "state": state,
            "weighting": Weighting.EXACT,
            "band_table": band_table,
            "opened_at": opened,
            "closed_at": datetime.combine(end + timedelta(days=1), time(9), tzinfo=zone)
            if state == PeriodState.CLOSED
            else None,
        },
    )
    return period


def _responses(
    rng: random.Random,
    period: SurveyPeriod,
    services: list[Service],
    weak: tuple[int, ...],
    count: int,
    zone: ZoneInfo,
) -> list[Response]:
    last = min(period.end, DEMO_TODAY)
    days = (last - period.start).days
    rows = []
    for _ in range(count):
        day = period.start + timedelta(days=rng.randint(0, days))
        moment = datetime.combine(day, time(rng.randint(8, 14), rng.randint(0, 59)), tzinfo=zone)
        answers = {f"u{n}": _weighted(rng, WEAK if n in weak else STRONG) for n in range(1, 10)}
        suggestion = rng.choice(SUGGESTIONS) if rng.random() < 0.12 else ""
        rows.append(
            Response(
                period=period,
                service=rng.choice(services) if services else None,
                submitted_at=moment,
                submission_key=uuid.UUID(int=rng.getrandbits(128)),
                age=max(17, min(75, int(rng.triangular(17, 75, 34)))),
                sex=rng.choice("LP"),
                education=_weighted(rng, EDUCATION),
                occupation=_weighted(rng, OCCUPATION),
                suggestion=suggestion,
                **answers,
            )
        )
    rows.sort(key=lambda r: r.submitted_at)
    return rows


def _follow_ups(
    rng: random.Random,
    service_unit: ServiceUnit,
    responses: list[Response],
    taken: set[str],
    *,
    still_open: int,
) -> list[FollowUp]:
    """A follow-up for every suggestion: the latest `still_open` still open (new or assigned to the
    unit's head), the others answered and closed within days."""
    with_text = [r for r in responses if r.suggestion]
    head = Employee.objects.filter(unit=service_unit.unit, is_unit_head=True, is_active=True).first()
    rows = []
    for i, response in enumerate(with_text):
        is_open = i >= len(with_text) - still_open
        follow_up = FollowUp(
            response=response,
            service_unit=service_unit,
            ticket=_ticket(rng, taken),
            created_at=response.submitted_at,
        )
        if is_open:
            follow_up.state = FollowUpState.ASSIGNED if head is not None and i % 2 else FollowUpState.NEW
            follow_up.assigned_to = head if follow_up.state == FollowUpState.ASSIGNED else None
        else:
            answered = min(response.submitted_at + timedelta(days=rng.randint(2, 9)), timezone.now())
            follow_up.state = FollowUpState.CLOSED
            follow_up.assigned_to = head
            follow_up.answer = rng.choice(ANSWERS)
            follow_up.answered_at = answered
            follow_up.closed_at = answered
        rows.append(follow_up)
    return rows


def seed_agency(instansi: Instansi, taken: set[str]) -> int:
    """The survey data of one agency; returns how many responses were created."""
    zone = ZoneInfo(instansi.time_zone)
    units = {u.code: u for u in UnitKerja.objects.filter(instansi=instansi)}
    created = 0
    for spec in UNITS.get(instansi.code, []):
        service_unit = _service_unit(instansi, spec, units)
        if service_unit is None:
            continue
        services = list(Service.objects.filter(service_unit=service_unit).order_by("name"))
        periods = []
        for start, end, state, (low, high) in PERIODS:
            period = _period(service_unit, start, end, state, zone)
            periods.append(period)
            if period.responses.exists():
                continue
            rng = random.Random(f"{SEED}-{service_unit.code}-{start.isoformat()}")
            rows = _responses(rng, period, services, spec.weak, rng.randint(low, high), zone)
            with transaction.atomic():
                saved = Response.objects.bulk_create(rows, batch_size=BATCH)
                still_open = OPEN_FOLLOW_UPS if state == PeriodState.OPEN else 0
                follow_ups = _follow_ups(rng, service_unit, saved, taken, still_open=still_open)
                FollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)
            created += len(saved)
        done = set(
            IkmRun.objects.filter(period__in=periods, state=RunState.DONE).values_list("period_id", flat=True)
        )
        for period in periods:
            if period.pk not in done:
                ikm.compute_period(period.pk)
    return created


def seed() -> int:
    """Survey data for every demo agency; returns how many responses were created."""
    taken = set(FollowUp.objects.values_list("ticket", flat=True))
    return sum(seed_agency(instansi, taken) for instansi in Instansi.objects.order_by("code"))
