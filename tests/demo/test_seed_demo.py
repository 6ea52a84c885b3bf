"""The demo data: the agencies of domain.md §1, valid NIPs, one login per role, idempotent."""

from itertools import pairwise

from django.contrib.auth import get_user_model
from django.core.management import call_command

from core import access
from core.choices import TimeZone
from core.models import Instansi, UnitKerja
from demo import seed as demo_seed
from employees.models import Employee
from employees.rules.nip import NipError, parse_nip


def test_seed_creates_the_four_agencies_with_their_zones_and_trees(db):
    demo_seed.seed(employees=120)
    zones = dict(Instansi.objects.values_list("code", "time_zone"))
    assert zones == {
        "kota-sorong": TimeZone.WIT,
        "kota-palembang": TimeZone.WIB,
        "kota-sawahlunto": TimeZone.WIB,
        "prov-maluku-utara": TimeZone.WIT,
    }
    plaju = UnitKerja.objects.get(name="Kecamatan Plaju")
    assert plaju.instansi.code == "kota-palembang"
    assert plaju.kind == "kecamatan"
    assert Instansi.objects.get(code="prov-maluku-utara").seat == "Sofifi"
    for unit in UnitKerja.objects.select_related("parent"):
        expected = (unit.parent.path if unit.parent else "") + f"{unit.pk:08d}/"
        assert unit.path == expected


def test_every_demo_nip_is_valid_and_agrees_with_birth_date_and_gender(db):
    demo_seed.seed(employees=300)
    employees = list(Employee.objects.all())
    assert len(employees) == 300
    for e in employees:
        try:
            parsed = parse_nip(e.nip)
        except NipError as exc:  # pragma: no cover - the assertion below reports it
            raise AssertionError(f"{e.nip}: {exc}") from exc
        assert parsed.kind == e.kind
        assert (parsed.birth_date, parsed.gender) == (e.birth_date, e.gender)
    assert Employee.objects.filter(kind="PPPK").exists()
    # Every unit with a head position has exactly one head in the demo.
    assert (
        Employee.objects.filter(is_unit_head=True).count() == UnitKerja.objects.exclude(head_title="").count()
    )


def test_running_the_seed_twice_adds_nothing(db):
    first = demo_seed.seed(employees=150)
    snapshot = sorted(Employee.objects.values_list("nip", "name", "unit__code"))
    second = demo_seed.seed(employees=150)
    assert first.employees_created == 150
    assert second.employees_created == 0
    assert sorted(Employee.objects.values_list("nip", "name", "unit__code")) == snapshot
    assert get_user_model().objects.count() == len(demo_seed.LOGINS)


def test_the_same_seed_gives_the_same_people(db):
    rows_a = [(e.nip, e.name) for e in demo_seed.employee_rows(demo_seed.seed_units(), 50)]
    rows_b = [(e.nip, e.name) for e in demo_seed.employee_rows(demo_seed.seed_units(), 50)]
    assert rows_a == rows_b


def test_each_demo_login_has_its_role(db):
    demo_seed.seed(employees=300)
    users = {u.username: access.actor_for(u) for u in get_user_model().objects.all()}
    assert users["admin"].is_superuser
    assert users["hr.sorong"].is_hr and not users["hr.sorong"].is_employee
    assert users["kadinkes.sorong"].is_head
    assert users["camat.plaju"].is_head
    assert users["pegawai.dinkes.sorong"].is_employee and not users["pegawai.dinkes.sorong"].is_head
    head_path = users["kadinkes.sorong"].head_of[0].path
    nurse = Employee.objects.get(user__username="pegawai.dinkes.sorong")
    assert nurse.unit.path.startswith(head_path), "the demo employee works under the demo head"


def test_the_command_prints_the_logins(db, capsys):
    call_command("seed_demo", employees=100)
    out = capsys.readouterr().out
    assert demo_seed.DEMO_PASSWORD in out
    for username, *_ in demo_seed.LOGINS:
        assert username in out


def test_a_rerun_writes_no_history_rows(db):
    demo_seed.seed(employees=120)
    before = Employee.history.count()
    demo_seed.seed(employees=120)
    assert Employee.history.count() == before


def _performance_counts() -> dict[str, int]:
    from performance import models as pm

    tables = (
        pm.PerformanceYear, pm.Period, pm.Skp, pm.SkpTransition, pm.Rhk, pm.Iki, pm.BehaviourExpectation,
        pm.Realisation, pm.Appraisal, pm.BehaviourRating, pm.CoachingPlan, pm.UnitPredikat,
    )  # fmt: skip
    counts = {model.__name__: model.objects.count() for model in tables}
    for model in (pm.PerformanceYear, pm.Appraisal, pm.CoachingPlan, pm.UnitPredikat):
        counts[f"{model.__name__} history"] = model.history.count()
    return counts


def test_the_demo_has_a_performance_year_per_agency_with_skps_realisations_and_appraisals(db):
    from django.db.models import F

    from performance.choices import AppraisalState, Frequency, Predikat, SkpState
    from performance.models import Appraisal, PerformanceYear, Realisation, Rhk, Skp, UnitPredikat

    demo_seed.seed(employees=300)
    years = PerformanceYear.objects.select_related("instansi")
    assert sorted(y.instansi.code for y in years) == sorted(a["code"] for a in demo_seed.AGENCIES)
    for year in years:
        assert (year.year, year.frequency) == (2026, Frequency.MONTHLY)
        assert year.periods.count() == 13
        top_units = UnitKerja.objects.filter(instansi=year.instansi, parent__isnull=True).count()
        assert UnitPredikat.objects.filter(year=year, unit__parent__isnull=True).count() == top_units
    states = {state: Skp.objects.filter(state=state).count() for state in SkpState.values}
    assert states[SkpState.APPROVED] > 0.7 * Employee.objects.count()
    assert states[SkpState.SUBMITTED] and states[SkpState.DRAFT] and states[SkpState.RETURNED]
    # Every RHK with a parent cascades from a RHK of the atasan's own SKP of the same year.
    linked = Rhk.objects.filter(parent__isnull=False)
    assert linked.count() > Rhk.objects.count() / 2
    assert not linked.exclude(parent__skp__employee_id=F("skp__appraiser_id")).exists()
    assert not linked.exclude(parent__skp__year_id=F("skp__year_id")).exists()
    for skp in Skp.objects.prefetch_related("rhks__ikis")[:50]:
        assert 2 <= len(skp.rhks.all()) <= 3
        assert all(1 <= len(rhk.ikis.all()) <= 2 for rhk in skp.rhks.all())
    # Realisations of the months that have ended (January–October), on approved SKPs, a few with links.
    months = set(Realisation.objects.values_list("period__number", flat=True))
    assert months == set(range(1, 11))
    assert not Realisation.objects.exclude(iki__rhk__skp__state=SkpState.APPROVED).exists()
    assert 0 < Realisation.objects.exclude(evidence_link="").count() < Realisation.objects.count() / 10
    # Final appraisals with a spread of predikat; each one calling for coaching has a plan.
    final = Appraisal.objects.filter(state=AppraisalState.FINAL)
    spread = set(final.values_list("predikat", flat=True))
    assert {Predikat.SANGAT_BAIK, Predikat.BAIK, Predikat.BUTUH_PERBAIKAN} <= spread
    needing = final.filter(predikat__in=[Predikat.BUTUH_PERBAIKAN, Predikat.KURANG, Predikat.SANGAT_KURANG])
    assert needing.exists()
    assert not needing.filter(coaching_plan__isnull=True).exists()
    assert (
        not final.exclude(predikat__in=[Predikat.BUTUH_PERBAIKAN, Predikat.KURANG, Predikat.SANGAT_KURANG])
        .filter(coaching_plan__isnull=False)
        .exists()
    )
    assert Appraisal.objects.filter(state=AppraisalState.DRAFT).exists()
    # The demo employee sees a predikat history of the whole year so far.
    nurse = Employee.objects.get(user__username="pegawai.dinkes.sorong")
    assert final.filter(employee=nurse).count() == 10
    assert Skp.objects.get(employee=nurse).state == SkpState.APPROVED


def test_a_rerun_adds_no_performance_data(db):
    first = demo_seed.seed(employees=150)
    before = _performance_counts()
    second = demo_seed.seed(employees=150)
    assert first.skps_created > 0
    assert second.skps_created == 0
    assert _performance_counts() == before


def test_the_demo_heads_find_a_submitted_skp_in_their_queue(db):
    from performance.choices import SkpState
    from performance.models import Skp

    demo_seed.seed(employees=300)
    for username in ("kadinkes.sorong", "camat.plaju"):
        head = Employee.objects.get(user__username=username)
        assert Skp.objects.filter(appraiser=head, state=SkpState.SUBMITTED).exists(), username


def test_the_demo_monitoring_has_unit_scores_for_the_last_reported_month(db):
    from performance.choices import PeriodKind, ScoringState
    from performance.models import PeriodScore, ScoringRun, UnitScore

    demo_seed.seed(employees=150)
    runs = ScoringRun.objects.filter(period__kind=PeriodKind.PERIODIC, period__number=10)
    assert runs.count() == Instansi.objects.count()
    assert set(runs.values_list("state", flat=True)) == {ScoringState.DONE}
    october = UnitScore.objects.filter(period__number=10, period__kind=PeriodKind.PERIODIC)
    assert october.filter(appraised__gt=0).exists()
    assert (
        PeriodScore.objects.filter(period__number=10).count()
        == Employee.objects.filter(is_active=True).count()
    )
    demo_seed.seed(employees=150)
    assert runs.count() == Instansi.objects.count()  # not scored again


def test_every_demo_agency_has_surveyed_service_units_with_computed_ikm_and_open_follow_ups(db):
    from django.db.models import Count

    from core.choices import RunState
    from demo import surveys as demo_surveys
    from surveys.choices import FollowUpState, PeriodState
    from surveys.models import FollowUp, IkmResult, IkmRun, Response, ServiceUnit, SurveyPeriod

    demo_seed.seed(employees=120)
    for instansi in Instansi.objects.all():
        units = ServiceUnit.objects.filter(unit__instansi=instansi)
        assert 2 <= units.count() <= 3, instansi
        for unit in units.annotate(n=Count("services")):
            assert unit.n >= 2
            closed = SurveyPeriod.objects.get(service_unit=unit, state=PeriodState.CLOSED, start__year=2026)
            assert 200 <= closed.responses.count() <= 400
            assert SurveyPeriod.objects.filter(service_unit=unit, state=PeriodState.OPEN).count() == 1
            whole = IkmResult.objects.get(period=closed, service__isnull=True)
            assert whole.respondents == closed.responses.count()
            assert whole.mutu in {"A", "B", "C"} and 70 < whole.konversi < 95
            open_items = FollowUp.objects.filter(service_unit=unit).exclude(state=FollowUpState.CLOSED)
            assert 1 <= open_items.count() <= demo_surveys.OPEN_FOLLOW_UPS
    # Mostly 3s and 4s, some 2s, a rare 1.
    answers = Response.objects.values_list("u3", flat=True)
    share = {v: list(answers).count(v) / len(answers) for v in (1, 2, 3, 4)}
    assert share[3] + share[4] > 0.75 and 0.05 < share[2] < 0.25 and share[1] < 0.03
    # Every suggestion has its follow-up (with a ticket), every period a finished computation.
    assert FollowUp.objects.count() == Response.objects.exclude(suggestion="").count()
    assert not SurveyPeriod.objects.exclude(runs__state=RunState.DONE).exists()
    # Tickets are stored as the public look-up finds them (K7M3-Q9X2), so a citizen finds a demo ticket.
    from surveys.selectors.public import follow_up_by_ticket, normalize_ticket

    tickets = list(FollowUp.objects.values_list("ticket", flat=True))
    assert tickets and all(normalize_ticket(t) == t for t in tickets), tickets[:5]
    assert follow_up_by_ticket(tickets[0].replace("-", "").lower()).ticket == tickets[0]
    runs = IkmRun.objects.count()

    counts = (Response.objects.count(), FollowUp.objects.count(), IkmResult.objects.count())
    demo_seed.seed(employees=120)
    assert (Response.objects.count(), FollowUp.objects.count(), IkmResult.objects.count()) == counts
    assert IkmRun.objects.count() == runs, "a re-run computes nothing again"


def test_the_demo_logins_form_a_full_chain_up_to_the_sekda(db):
    from employees.choices import OfficialKind
    from employees.models import InstansiOfficial
    from employees.selectors.superiors import atasan_langsung
    from performance.models import Skp

    demo_seed.seed(employees=300)
    by_login = {
        e.user.username: e for e in Employee.objects.filter(user__isnull=False).select_related("user", "unit")
    }
    for chain in (
        ["pegawai.dinkes.sorong", "kapus.sorong", "kadinkes.sorong", "sekda.sorong"],
        ["pegawai.dishub.sorong", "kabid.llaj.sorong", "kadishub.sorong", "sekda.sorong"],
    ):
        for employee, superior in pairwise(chain):
            assert atasan_langsung(by_login[employee]) == by_login[superior], (employee, superior)
    sekda = InstansiOfficial.objects.get(instansi__code="kota-sorong", kind=OfficialKind.SEKDA)
    assert sekda.employee == by_login["sekda.sorong"]
    kepala = InstansiOfficial.objects.get(instansi__code="kota-sorong", kind=OfficialKind.KEPALA_DAERAH)
    assert (kepala.title, kepala.employee) == ("Wali Kota Sorong", None) and kepala.holder_name
    # The heads of the OPD are appraised by the Sekda in the seeded SKPs too.
    assert Skp.objects.get(employee=by_login["kadinkes.sorong"]).appraiser == by_login["sekda.sorong"]
    # The story starts from the draft: Dinas Perhubungan Kota Sorong has no SKP yet.
    for login in ("pegawai.dishub.sorong", "kabid.llaj.sorong", "kadishub.sorong"):
        assert not Skp.objects.filter(employee=by_login[login]).exists(), login


def test_demo_records_are_consistent_education_and_masa_kerja(db):
    from employees.models import RankHistory

    demo_seed.seed(employees=300)
    for e in Employee.objects.all():
        titles = f"{e.front_title} {e.back_title}"
        if "M." in e.back_title:
            assert e.education == "S-2", (e.name, titles, e.education)
        elif "A.Md" in e.back_title:
            assert e.education == "D-III", (e.name, titles, e.education)
        elif e.back_title or e.front_title:
            assert e.education == "S-1", (e.name, titles, e.education)
        else:
            assert e.education in ("SLTA", "D-I"), (e.name, titles, e.education)
    later = RankHistory.objects.exclude(employee__kind="PPPK").order_by()
    for row in later.select_related("employee"):
        first = row.employee.tmt_cpns
        if row.tmt > first:
            assert (row.mk_years, row.mk_months) != (0, 0), row
    assert RankHistory.objects.filter(mk_years__gt=0).count() > 100


def test_demo_people_are_plausible_no_one_past_bup_rank_within_education_no_doubled_names(db):
    from datetime import date

    demo_seed.seed(employees=300)
    today = date(2026, 12, 31)
    for e in Employee.objects.select_related("current_rank"):
        age = (
            today.year
            - e.birth_date.year
            - ((today.month, today.day) < (e.birth_date.month, e.birth_date.day))
        )
        assert age < 58, f"{e.name} is {age}, past the BUP of 58"
        words = e.name.split()
        assert all(a != b for a, b in pairwise(words)), e.name
        if e.is_unit_head or e.kind != "PNS" or e.current_rank is None:
            continue
        _start, ceiling = demo_seed.RANK_BY_EDUCATION.get(e.education, (8, 11))
        ladder = [code for code, _label in demo_seed.PNS_RANKS]
        assert ladder.index(e.current_rank.golongan) <= ceiling, (
            e.name,
            e.education,
            e.current_rank.golongan,
        )
