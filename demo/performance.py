"""Demo performance data (PermenPANRB 6/2022) for the demo agencies, part of `seed_demo`.

For each agency: the performance year 2026 (monthly) with its periods; SKPs for most employees
(heads first, so that every RHK cascades from a RHK of the atasan's SKP), most approved, some
submitted, draft or returned; realisations for January–October with a few evidence links; final
appraisals of September and October with a spread of predikat (a coaching plan for each Butuh
Perbaikan, Kurang or Sangat Kurang) and the whole year so far for the demo employee; and the
organisation predikat of the top units.

The demo's present is November 2026. Everything is drawn from a seeded generator and inserted in
bulk, level by level of the unit tree; an employee who already has an SKP for the year is skipped,
so a second run adds nothing. Large seeds (benchmarks) get performance data for at most
MAX_EMPLOYEES_PER_AGENCY employees per agency (every head, then staff by id).
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from core.models import HrAssignment, Instansi, UnitKerja, ids_from_path
from employees.choices import OfficialKind
from employees.models import Employee, InstansiOfficial
from performance import rules
from performance.choices import (
    AppraisalState,
    BehaviourValue,
    CoachingState,
    Direction,
    Frequency,
    OrganisationPredikat,
    PeriodKind,
    Predikat,
    Rating,
    ScoringState,
    SkpAction,
    SkpState,
)
from performance.models import (
    Appraisal,
    BehaviourExpectation,
    BehaviourRating,
    CoachingPlan,
    Iki,
    PerformanceYear,
    Period,
    Realisation,
    Rhk,
    ScoringRun,
    Skp,
    SkpTransition,
    UnitPredikat,
)
from performance.services.planning import count_ikis
from performance.services.scoring import score_period_run
from performance.services.years import period_rows

YEAR = 2026
REPORTED_MONTHS = range(1, 11)  # January–October have ended in the demo's present (November 2026)
APPRAISED_MONTHS = (9, 10)
MAX_EMPLOYEES_PER_AGENCY = 400
BATCH = 2000
SEED = 20264

# (RHK text, [(indicator, target, unit, direction)]) — a head's plan, cascaded down with "Mendukung".
HEAD_PLANS = [
    ("Meningkatnya kualitas pelayanan publik unit", [("Indeks kepuasan masyarakat", 85, "indeks", "higher")]),
    (
        "Terlaksananya program dan kegiatan sesuai rencana",
        [("Persentase realisasi kegiatan", 95, "persen", "higher"), ("Temuan audit", 2, "temuan", "lower")],
    ),
    ("Meningkatnya akuntabilitas kinerja unit", [("Nilai evaluasi SAKIP unit", 75, "nilai", "higher")]),
]
STAFF_PLANS = [
    ("Terselesaikannya layanan administrasi tepat waktu", [("Berkas diselesaikan", 40, "berkas", "higher")]),
    (
        "Tersusunnya laporan kegiatan bulanan",
        [("Laporan disampaikan", 1, "laporan", "higher"), ("Waktu penyusunan laporan", 5, "hari", "lower")],
    ),
    ("Terlayaninya masyarakat sesuai standar pelayanan", [("Warga terlayani", 120, "orang", "higher")]),
    ("Terkelolanya data dan arsip unit", [("Data diperbarui", 30, "data", "higher")]),
]
EXPECTATIONS = {
    BehaviourValue.BERORIENTASI_PELAYANAN: "Melayani dengan ramah dan tuntas.",
    BehaviourValue.AKUNTABEL: "Melaporkan realisasi tepat waktu disertai bukti.",
    BehaviourValue.KOMPETEN: "Mengikuti pengembangan kompetensi minimal 20 JP.",
    BehaviourValue.HARMONIS: "Menghargai rekan kerja dan masyarakat.",
    BehaviourValue.LOYAL: "Menjaga nama baik instansi.",
    BehaviourValue.ADAPTIF: "Terbuka terhadap cara kerja baru.",
    BehaviourValue.KOLABORATIF: "Aktif bekerja sama lintas unit.",
}
# SKP states by share: most approved (domain §7: the plan is agreed at the start of the year).
STATE_WEIGHTS = [
    (SkpState.APPROVED, 80),
    (SkpState.SUBMITTED, 7),
    (SkpState.DRAFT, 6),
    (SkpState.RETURNED, 4),
    (None, 3),  # not started
]
# How well someone works this year: (realisation / target factor, rating perilaku weights).
LEVELS = [
    (Decimal("1.16"), 14, {Rating.ABOVE: 7, Rating.MEETS: 3}),
    (Decimal("0.97"), 74, {Rating.MEETS: 88, Rating.ABOVE: 9, Rating.BELOW: 3}),
    (Decimal("0.72"), 10, {Rating.MEETS: 8, Rating.ABOVE: 1, Rating.BELOW: 1}),
    (Decimal("0.55"), 2, {Rating.MEETS: 1, Rating.BELOW: 1}),
]
ORG_PREDIKAT = {
    "DINKES": OrganisationPredikat.ISTIMEWA,
    "DUKCAPIL": OrganisationPredikat.BUTUH_PERBAIKAN,
}
TRAINING_NEEDS = [
    "Pelatihan pelayanan prima",
    "Bimbingan teknis penyusunan laporan kinerja",
    "Pelatihan manajemen waktu",
]


@dataclass
class Person:
    pk: int
    nip: str
    unit: UnitKerja
    heads_unit: bool
    user_id: int | None
    atasan: int | None = None
    state: str | None = None
    level: tuple = LEVELS[1]
    skp: Skp | None = None
    rhks: list[Rhk] = field(default_factory=list)
    is_sekda: bool = False


def _weighted(rng: random.Random, pairs: Iterable[tuple]) -> object:
    items = list(pairs)
    return rng.choices([p[0] for p in items], weights=[p[1] for p in items])[0]


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


# Units whose people get no SKP: the demo's story starts there from the draft (demo.seed.LOGINS).
NOT_STARTED = {"kota-sorong": "DISHUB"}


def _people(instansi: Instansi, login_user_ids: set[int]) -> list[Person]:
    """Every head of the agency, then staff by id up to the cap (demo logins always included)."""
    units = {u.pk: u for u in UnitKerja.objects.filter(instansi=instansi)}
    fields = ("pk", "nip", "unit_id", "is_unit_head", "user_id")
    active = Employee.objects.filter(unit__instansi=instansi, is_active=True).order_by("pk")
    story = next((u for u in units.values() if u.code == NOT_STARTED.get(instansi.code)), None)
    if story is not None:
        active = active.exclude(unit__path__startswith=story.path)
    heads = list(active.filter(is_unit_head=True).values_list(*fields))
    room = max(0, MAX_EMPLOYEES_PER_AGENCY - len(heads))
    staff = list(active.filter(is_unit_head=False).values_list(*fields)[:room])
    chosen = {row[0] for row in staff}
    staff += [
        row
        for row in active.filter(is_unit_head=False, user_id__in=login_user_ids).values_list(*fields)
        if row[0] not in chosen
    ]
    people = [Person(pk, nip, units[unit_id], head, user) for pk, nip, unit_id, head, user in heads + staff]
    # The atasan langsung as employees.selectors.records.atasan_langsung has it, from the unit paths.
    head_by_unit = {p.unit.pk: p.pk for p in people if p.heads_unit}
    # Nobody above in the tree (the heads of the OPD): the Sekda (InstansiOfficial, demo.seed).
    sekda = (
        InstansiOfficial.objects.filter(instansi=instansi, kind=OfficialKind.SEKDA)
        .values_list("employee_id", flat=True)
        .first()
    )
    for p in people:
        ancestry = ids_from_path(p.unit.path)
        if p.heads_unit:
            ancestry = ancestry[:-1]
        p.atasan = next((head_by_unit[u] for u in reversed(ancestry) if u in head_by_unit), None)
        if p.atasan is None and p.pk != sekda:
            p.atasan = sekda
        p.is_sekda = p.pk == sekda
    return people


def _year(instansi: Instansi) -> tuple[PerformanceYear, dict[tuple[str, int], Period]]:
    record = PerformanceYear.objects.filter(instansi=instansi, year=YEAR).first()
    if record is None:
        record = PerformanceYear(
            instansi=instansi, year=YEAR, frequency=Frequency.MONTHLY, skp_deadline=date(YEAR, 1, 31)
        )
        bulk_create_with_history([record], PerformanceYear)
        record = PerformanceYear.objects.get(instansi=instansi, year=YEAR)
    if not record.periods.exists():
        Period.objects.bulk_create(period_rows(record))
    periods = {(p.kind, p.number): p for p in record.periods.all()}
    return record, periods


@transaction.atomic
def seed_agency(instansi: Instansi, login_user_ids: set[int]) -> int:
    """The performance data of one agency; returns how many SKPs were created."""
    rng = random.Random(f"{SEED}-{instansi.code}")
    year, periods = _year(instansi)
    people = _people(instansi, login_user_ids)
    has_skp = set(Skp.objects.filter(year=year).values_list("employee_id", flat=True))
    # Draw for everyone (also those seeded before) so that each person's draw stays the same.
    for p in people:
        p.state = _weighted(rng, STATE_WEIGHTS)  # type: ignore[assignment]
        p.level = _weighted(rng, [(level, level[1]) for level in LEVELS])  # type: ignore[assignment]
        if p.user_id in login_user_ids or p.is_sekda or (p.heads_unit and p.atasan is None):
            p.state = SkpState.APPROVED
    _force_queue_items(people, login_user_ids)
    new = [p for p in people if p.pk not in has_skp and p.state is not None]
    if not new:
        _seed_unit_predikat(year, instansi)
        _score_last_month(periods)
        return 0
    _create_skps(year, new)
    existing_rhks = _existing_rhks(year)
    _create_rhks(rng, new, existing_rhks, {p.pk: p for p in people})
    ikis = _create_ikis(new)
    _create_realisations(rng, new, ikis, periods)
    _create_appraisals(rng, year, new, ikis, periods, login_user_ids)
    _seed_unit_predikat(year, instansi)
    _score_last_month(periods)
    return len(new)


def _score_last_month(periods: dict[tuple[str, int], Period]) -> None:
    """Run the scoring job once for the last reported month, so that the monitoring page has unit
    scores to show (HR runs it again, or the nightly job does, for the other periods)."""
    last = periods[(PeriodKind.PERIODIC, max(REPORTED_MONTHS))]
    if not ScoringRun.objects.filter(period=last, state=ScoringState.DONE).exists():
        score_period_run(period_id=last.pk)


def _force_queue_items(people: list[Person], login_user_ids: set[int]) -> None:
    """Each demo head has one subordinate's SKP waiting for approval."""
    for head in (p for p in people if p.heads_unit and p.user_id in login_user_ids):
        subordinate = next((p for p in people if p.atasan == head.pk and p.user_id is None), None)
        if subordinate is not None:
            subordinate.state = SkpState.SUBMITTED


def _create_skps(year: PerformanceYear, people: list[Person]) -> None:
    submitted_at = _at(date(YEAR, 1, 15))
    approved_at = _at(date(YEAR, 1, 25))
    for p in people:
        p.skp = Skp(
            employee_id=p.pk,
            year=year,
            version=1,
            state=p.state or SkpState.DRAFT,
            appraiser_id=p.atasan,
            # The Sekda answers to the kepala daerah (seeded for every demo agency): HR records it.
            kepala_daerah_appraises=bool(p.is_sekda and p.atasan is None),
            submitted_at=submitted_at if p.state != SkpState.DRAFT else None,
            approved_at=approved_at if p.state == SkpState.APPROVED else None,
        )
    Skp.objects.bulk_create([p.skp for p in people], batch_size=BATCH)  # type: ignore[misc]
    BehaviourExpectation.objects.bulk_create(
        [
            BehaviourExpectation(skp=p.skp, value=v, expectation=t)
            for p in people
            for v, t in EXPECTATIONS.items()
        ],
        batch_size=BATCH,
    )
    transitions = []
    for p in people:
        steps: list[tuple[str, str, str, datetime, str]] = []
        if p.state != SkpState.DRAFT:
            steps.append((SkpAction.SUBMIT, SkpState.DRAFT, SkpState.SUBMITTED, submitted_at, ""))
        if p.state == SkpState.RETURNED:
            note = "Lengkapi target kuantitas dan kaitkan dengan RHK atasan."
            steps.append((SkpAction.RETURN, SkpState.SUBMITTED, SkpState.RETURNED, approved_at, note))
        if p.state == SkpState.APPROVED:
            steps.append((SkpAction.APPROVE, SkpState.SUBMITTED, SkpState.APPROVED, approved_at, ""))
        transitions += [
            SkpTransition(skp=p.skp, action=a, from_state=f, to_state=t, at=at, comment=c)
            for a, f, t, at, c in steps
        ]
    SkpTransition.objects.bulk_create(transitions, batch_size=BATCH)


def _existing_rhks(year: PerformanceYear) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    rows = (
        Rhk.objects.filter(skp__year=year)
        .exclude(skp__state=SkpState.SUPERSEDED)
        .order_by("skp__employee_id", "order", "pk")
        .values_list("skp__employee_id", "pk")
    )
    for employee_id, pk in rows:
        found.setdefault(employee_id, []).append(pk)
    return found


def _create_rhks(
    rng: random.Random, people: list[Person], existing: dict[int, list[int]], everyone: dict[int, Person]
) -> None:
    """RHK level by level down the tree: each cascades from a RHK of the atasan's SKP."""

    def depth(p: Person) -> tuple[int, int]:
        # The Sekda first: the heads of the OPD cascade from the Sekda's RHK.
        return (-1 if p.is_sekda else p.unit.depth if p.heads_unit else 99, p.pk)

    levels: dict[int, list[Person]] = {}
    for p in sorted(people, key=depth):
        levels.setdefault(depth(p)[0], []).append(p)
    for level in levels.values():
        rows = []
        for p in level:
            plans = HEAD_PLANS if p.heads_unit else STAFF_PLANS
            chosen = rng.sample(plans, k=rng.choice([2, 3]))
            parents: list[Rhk | int] = []
            if p.atasan is not None:
                boss = everyone.get(p.atasan)
                if boss is not None and boss.rhks:
                    parents = list(boss.rhks)
                else:
                    parents = list(existing.get(p.atasan, []))
            for order, (text, ikis) in enumerate(chosen, start=1):
                parent = parents[(order - 1) % len(parents)] if parents else None
                rhk = Rhk(skp=p.skp, order=order, text=text)
                if isinstance(parent, Rhk):
                    rhk.parent = parent
                else:
                    rhk.parent_id = parent
                rhk.demo_ikis = ikis[: rng.choice([1, 2])]  # type: ignore[attr-defined]
                p.rhks.append(rhk)
                rows.append(rhk)
        Rhk.objects.bulk_create(rows, batch_size=BATCH)


def _create_ikis(people: list[Person]) -> dict[int, list[Iki]]:
    by_person: dict[int, list[Iki]] = {}
    rows = []
    for p in people:
        for rhk in p.rhks:
            for order, (indicator, target, unit, direction) in enumerate(rhk.demo_ikis, start=1):  # type: ignore[attr-defined]
                iki = Iki(
                    rhk=rhk,
                    order=order,
                    indicator=indicator,
                    target=Decimal(target),
                    unit=unit,
                    direction=direction,
                )
                by_person.setdefault(p.pk, []).append(iki)
                rows.append(iki)
    Iki.objects.bulk_create(rows, batch_size=BATCH)
    count_ikis([p.skp.pk for p in people if p.skp is not None])
    return by_person


def _value(rng: random.Random, iki: Iki, factor: Decimal) -> Decimal:
    noise = Decimal(rng.randint(92, 108)) / 100
    target = Decimal(iki.target)  # type: ignore[arg-type]
    value = target / (factor * noise) if iki.direction == Direction.LOWER else target * factor * noise
    return value.quantize(Decimal("1")) if target >= 10 else value.quantize(Decimal("0.01"))


def _create_realisations(
    rng: random.Random, people: list[Person], ikis: dict[int, list[Iki]], periods: dict
) -> None:
    rows = []
    for p in people:
        if p.state != SkpState.APPROVED:
            continue
        for month in REPORTED_MONTHS:
            if month == REPORTED_MONTHS[-1] and rng.random() < 0.15 and p.user_id is None:
                continue  # a few have not reported October yet (the demo logins have)
            for iki in ikis.get(p.pk, []):
                link = ""
                if rng.random() < 0.02:
                    link = f"https://example.org/bukti-kinerja/{p.nip}/{YEAR}-{month:02d}-{iki.order}.pdf"
                rows.append(
                    Realisation(
                        iki=iki,
                        period=periods[(PeriodKind.PERIODIC, month)],
                        employee_id=p.pk,
                        value=_value(rng, iki, p.level[0]),
                        text="Terlaksana sesuai rencana kerja bulan ini.",
                        note="Target tercapai; kendala kecil sudah ditangani." if p.level[0] >= 1 else "",
                        evidence_link=link,
                        reported_by_id=p.user_id,
                    )
                )
    Realisation.objects.bulk_create(rows, batch_size=BATCH)
    # Keep the values for the appraisals' indeks.
    for row in rows:
        row.iki.demo_values = getattr(row.iki, "demo_values", {})  # type: ignore[attr-defined]
        row.iki.demo_values[row.period_id] = row.value  # type: ignore[attr-defined]


def _indeks(ikis: list[Iki], period: Period) -> Decimal | None:
    items = []
    for iki in ikis:
        value = getattr(iki, "demo_values", {}).get(period.pk)
        if value is not None and iki.target is not None:
            items.append(
                (rules.capaian_exact(Decimal(iki.target), value, iki.direction), Decimal(iki.weight))
            )
    return rules.indeks(items)


def _create_appraisals(
    rng: random.Random,
    year: PerformanceYear,
    people: list[Person],
    ikis: dict[int, list[Iki]],
    periods: dict,
    login_user_ids: set[int],
) -> None:
    appraisals: list[Appraisal] = []
    for p in people:
        if p.state != SkpState.APPROVED or p.atasan is None:
            continue
        months = REPORTED_MONTHS if p.user_id in login_user_ids else APPRAISED_MONTHS
        for month in months:
            period = periods[(PeriodKind.PERIODIC, month)]
            draw = rng.random()
            if p.user_id not in login_user_ids and draw < 0.2:
                continue  # not appraised yet
            indeks = _indeks(ikis.get(p.pk, []), period)
            suggested = rules.suggested_rating(indeks, above=year.threshold_above, meets=year.threshold_meets)
            if suggested is None:
                continue
            hasil = suggested
            perilaku = str(_weighted(rng, p.level[2].items()))
            final = p.user_id in login_user_ids or month != APPRAISED_MONTHS[-1] or draw > 0.45
            end = period.end
            appraisals.append(
                Appraisal(
                    employee_id=p.pk,
                    period=period,
                    skp=p.skp,
                    appraiser_id=p.atasan,
                    state=AppraisalState.FINAL if final else AppraisalState.DRAFT,
                    indeks=indeks,
                    suggested_hasil=suggested,
                    rating_hasil=hasil,
                    rating_perilaku=perilaku,
                    predikat=rules.predikat(hasil, perilaku) if final else "",
                    note="Pertahankan capaian dan lengkapi bukti dukung." if final else "",
                    finalised_at=_at(end + timedelta(days=8), 14) if final else None,
                )
            )
    bulk_create_with_history(appraisals, Appraisal, batch_size=BATCH)
    saved = {
        (a.employee_id, a.period_id): a
        for a in Appraisal.objects.filter(skp__in=[p.skp for p in people if p.skp is not None])
    }
    ratings = []
    plans = []
    for unsaved in appraisals:
        a = saved[(unsaved.employee_id, unsaved.period_id)]
        ratings += [
            BehaviourRating(appraisal=a, value=v, rating=a.rating_perilaku or Rating.MEETS)
            for v in BehaviourValue.values
        ]
        weak = a.predikat in (Predikat.BUTUH_PERBAIKAN, Predikat.KURANG, Predikat.SANGAT_KURANG)
        if weak and a.appraiser_id is not None:
            filled = rng.random() < 0.5
            plans.append(
                CoachingPlan(
                    appraisal=a,
                    employee_id=a.employee_id,
                    head_id=a.appraiser_id,
                    state=CoachingState.FILLED if filled else CoachingState.OPEN,
                    problem="Capaian target di bawah ekspektasi dua bulan terakhir." if filled else "",
                    actions="Pendampingan mingguan oleh atasan langsung." if filled else "",
                    training_need=rng.choice(TRAINING_NEEDS) if filled else "",
                    due_date=date(YEAR, 12, 31) if filled else None,
                )
            )
    BehaviourRating.objects.bulk_create(ratings, batch_size=BATCH)
    bulk_create_with_history(plans, CoachingPlan, batch_size=BATCH)


def _seed_unit_predikat(year: PerformanceYear, instansi: Instansi) -> None:
    """The organisation predikat of every top unit (set by the agency's HR officer, if any)."""
    hr = HrAssignment.objects.filter(instansi=instansi).values_list("user_id", flat=True).first()
    done = set(UnitPredikat.objects.filter(year=year).values_list("unit_id", flat=True))
    rows = [
        UnitPredikat(
            year=year,
            unit=unit,
            predikat=ORG_PREDIKAT.get(unit.code, OrganisationPredikat.BAIK),
            set_by_id=hr,
        )
        for unit in UnitKerja.objects.filter(instansi=instansi, parent__isnull=True).order_by("path")
        if unit.pk not in done
    ]
    bulk_create_with_history(rows, UnitPredikat)


def seed(login_user_ids: set[int]) -> int:
    """Performance data for every demo agency; returns how many SKPs were created."""
    return sum(seed_agency(instansi, login_user_ids) for instansi in Instansi.objects.order_by("code"))
