"""The nightly JP recompute (training.services.compliance, training.tasks): per employee and unit,
set-based, idempotent, one run at a time; and the monthly reminders from the third quarter on."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from asn_portal.celery import app
from core import runs
from employees.models import Employee, TrainingHistory
from notifications.models import Notification
from tests.factories import make_employee, make_employees_bulk, make_user
from training import tasks
from training.models import ComplianceRun, JpFactor, JpRuleSet, JpSummary, JpUnitSummary, JpYear
from training.rules.compliance import Activity, jp_earned
from training.services import compliance

from .compliance_helpers import YEAR, add_training, jp_year, recompute


def summary(year: JpYear) -> dict[int, tuple]:
    return {s.employee_id: (s.kind, s.jp, s.target, s.met) for s in JpSummary.objects.filter(jp_year=year)}


def units(year: JpYear) -> dict[int, tuple]:
    return {
        u.unit_id: (u.pns, u.pns_met, u.pppk, u.pppk_met, u.jp_total)
        for u in JpUnitSummary.objects.filter(jp_year=year)
    }


def test_the_tasks_have_time_limits_late_acks_and_a_nightly_beat():
    for task in (tasks.recompute_jp, tasks.nightly_jp_compliance):
        assert task.name in app.tasks
        assert task.acks_late
        assert 0 < task.soft_time_limit < task.time_limit
    entries = [
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == tasks.nightly_jp_compliance.name
    ]
    assert len(entries) == 1 and entries[0]["schedule"] == timedelta(hours=24)
    assert "training.compliance" in runs.JOBS


def test_jp_is_the_sum_of_the_years_riwayat_diklat_by_the_year_it_ends(org):
    nurse, head = org.employee_dinkes_sorong, org.head_dinkes_sorong
    add_training(nurse, 12)
    add_training(nurse, 10, end=date(YEAR, 1, 5), category="seminar")  # started in December: counts now
    add_training(nurse, 30, end=date(YEAR - 1, 12, 20))  # last year
    add_training(nurse, 30, end=date(YEAR + 1, 1, 2))  # next year
    add_training(head, 25)

    year = recompute(org.sorong)

    rows = summary(year)
    assert rows[nurse.pk] == ("PNS", Decimal("22.00"), 20, True)
    assert rows[head.pk] == ("PNS", Decimal("25.00"), 20, True)
    assert rows[org.employee_dishub_sorong.pk] == ("PNS", Decimal("0.00"), 20, False)
    assert org.employee_dishub_palembang.pk not in rows  # another agency's year
    assert year.computed_at is not None


def test_the_unit_rows_cover_their_subtree_per_kind(org):
    pppk = make_employee(org.pkm_sorong, name="Bidan PPPK", kind="PPPK")
    add_training(org.employee_dinkes_sorong, 20)
    add_training(pppk, 5)

    year = recompute(org.sorong)

    rows = units(year)
    # Dinkes: its head (0 JP) + the Puskesmas below it (the nurse, 20 JP; the PPPK midwife, 5 JP).
    assert rows[org.dinkes_sorong.pk] == (2, 1, 1, 0, Decimal("25.00"))
    assert rows[org.pkm_sorong.pk] == (1, 1, 1, 0, Decimal("25.00"))
    assert rows[org.dishub_sorong.pk] == (1, 0, 0, 0, Decimal("0.00"))
    assert org.dishub_palembang.pk not in rows


def test_a_second_run_writes_the_same_rows_and_rewrites_none(org):
    add_training(org.employee_dinkes_sorong, 21)
    year = recompute(org.sorong)
    before, before_units = summary(year), units(year)
    ids = sorted(JpSummary.objects.filter(jp_year=year).values_list("pk", flat=True))

    with CaptureQueriesContext(connection):
        again = recompute(org.sorong)

    assert summary(again) == before and units(again) == before_units
    assert sorted(JpSummary.objects.filter(jp_year=year).values_list("pk", flat=True)) == ids
    assert ComplianceRun.objects.filter(jp_year=year, state="done").count() == 2


def test_a_changed_or_new_history_row_is_recomputed(org):
    nurse = org.employee_dinkes_sorong
    row = add_training(nurse, 21)
    year = recompute(org.sorong)
    assert summary(year)[nurse.pk][3] is True

    TrainingHistory.objects.filter(pk=row.pk).update(hours=8)
    assert summary(recompute(org.sorong))[nurse.pk] == ("PNS", Decimal("8.00"), 20, False)
    add_training(nurse, 12, end=date(YEAR, 11, 30))
    assert summary(recompute(org.sorong))[nurse.pk] == ("PNS", Decimal("20.00"), 20, True)


def test_the_rule_set_in_force_sets_factors_and_targets(org):
    rules = JpRuleSet.objects.create(
        instansi=org.sorong, valid_from=date(YEAR, 1, 1), pns_target=24, pppk_target=16, pppk_cap=24
    )
    JpFactor.objects.create(rule_set=rules, category="lainnya", factor=Decimal("0.50"))
    JpRuleSet.objects.create(instansi=org.sorong, valid_from=date(YEAR + 1, 1, 1), pns_target=99)  # not yet
    pppk = make_employee(org.pkm_sorong, name="Bidan PPPK", kind="PPPK")
    add_training(org.employee_dinkes_sorong, 30, category="lainnya")  # e-learning: 15 JP
    add_training(pppk, 16)

    rows = summary(recompute(org.sorong))

    assert rows[org.employee_dinkes_sorong.pk] == ("PNS", Decimal("15.00"), 24, False)
    assert rows[pppk.pk] == ("PPPK", Decimal("16.00"), 16, True)


def test_only_active_employees_in_service_are_measured(org):
    year = recompute(org.sorong)
    assert org.employee_dishub_sorong.pk in summary(year)
    Employee.objects.filter(pk=org.employee_dishub_sorong.pk).update(is_active=False)
    Employee.objects.filter(pk=org.employee_dinkes_sorong.pk).update(working_state="cltn")

    rows = summary(recompute(org.sorong))

    assert org.employee_dishub_sorong.pk not in rows
    assert org.employee_dinkes_sorong.pk not in rows
    assert units(year)[org.dinkes_sorong.pk][0] == 1  # the head only


def test_the_sql_gives_what_the_rule_gives_on_random_data(org):
    rng = random.Random(14)
    rules = JpRuleSet.objects.create(instansi=org.sorong, valid_from=date(2020, 1, 1))
    factors = {"lainnya": Decimal("0.75"), "seminar": Decimal("0.33"), "fungsional": Decimal("1.25")}
    for category, factor in factors.items():
        JpFactor.objects.create(rule_set=rules, category=category, factor=factor)
    people = make_employees_bulk(org.dishub_sorong, 30)
    history = []
    for e in people:
        for _ in range(rng.randint(0, 6)):
            end = date(YEAR + rng.choice([-1, 0, 0, 0, 1]), rng.randint(1, 12), rng.randint(1, 28))
            history.append(
                TrainingHistory(
                    employee=e, name="x", category=rng.choice(["struktural", "fungsional", "teknis", "seminar", "lainnya"]),
                    start_date=end - timedelta(days=rng.randint(0, 40)), end_date=end, hours=rng.randint(0, 40),
                )
            )  # fmt: skip
    TrainingHistory.objects.bulk_create(history)

    rows = summary(recompute(org.sorong, batch_size=7))  # several batches

    for e in people:
        activities = [Activity(h.category, h.end_date, h.hours) for h in history if h.employee is e]
        expected = jp_earned(activities, YEAR, factors)
        assert rows[e.pk][1] == expected, e
        assert rows[e.pk][3] is (expected >= 20)


def test_an_active_run_is_the_lock(org):
    year = jp_year(org.sorong)
    run, owned = compliance.start_run(jp_year_id=year.pk)
    assert owned

    other = compliance.recompute(jp_year_id=year.pk)

    assert other.pk == run.pk and other.state == "running"
    assert not JpSummary.objects.filter(jp_year=year).exists()


def test_a_failed_run_resumes_from_its_cursor(org):
    make_employees_bulk(org.dishub_sorong, 5)
    year = jp_year(org.sorong)
    run, _ = compliance.start_run(jp_year_id=year.pk)
    compliance.RUNS.fail(run, RuntimeError("worker lost"))

    resumed = compliance.recompute(jp_year_id=year.pk, batch_size=2)

    assert resumed.pk == run.pk and resumed.state == "done"
    assert (
        JpSummary.objects.filter(jp_year=year).count()
        == Employee.objects.filter(unit__instansi=org.sorong).count()
    )


def test_the_nightly_job_recomputes_every_agencys_year_in_its_own_time_zone(org):
    result = tasks.nightly_jp_compliance.delay().get()

    assert result == {"queued": 2}
    years = {(y.instansi_id, y.year) for y in JpYear.objects.exclude(computed_at=None)}
    assert years == {(org.sorong.pk, 2026), (org.palembang.pk, 2026)}


@pytest.mark.clock("2026-02-10T03:00:00Z")
def test_in_the_first_quarter_last_year_is_recomputed_too(org):
    assert tasks.nightly_jp_compliance.delay().get() == {"queued": 4}


# --- Reminders ---------------------------------------------------------------------------------------------


def at(day: date) -> datetime:
    """Noon of `day` in Sorong (WIT, UTC+9)."""
    return datetime(day.year, day.month, day.day, 3, 0, tzinfo=UTC)


def reminded() -> dict[int, str]:
    return dict(Notification.objects.filter(kind="training.jp_reminder").values_list("recipient_id", "key"))


def test_no_reminder_before_the_third_quarter(org):
    year = recompute(org.sorong)
    assert compliance.reminders_send(jp_year_id=year.pk, now=at(date(YEAR, 6, 30))) == 0
    assert reminded() == {}


def test_from_july_those_below_target_and_their_heads_are_reminded_once_a_month(org):
    nurse_user = org.users["employee_dinkes_sorong"]
    head_user = org.users["head_dinkes_sorong"]
    add_training(org.head_dinkes_sorong, 20)  # the head met the target: only their staff count
    dishub_user = make_user("staf.dishub.sorong")
    Employee.objects.filter(pk=org.employee_dishub_sorong.pk).update(user=dishub_user)
    year = recompute(org.sorong)

    created = compliance.reminders_send(jp_year_id=year.pk, now=at(date(YEAR, 7, 1)))

    assert reminded() == {
        nurse_user.pk: "training.jp:2026-07",
        head_user.pk: "training.jp:2026-07",
        dishub_user.pk: "training.jp:2026-07",
    }
    assert created == 3
    nurse_note = Notification.objects.get(recipient=nurse_user)
    assert "0 dari target 20 JP" in nurse_note.title
    head_note = Notification.objects.get(recipient=head_user)
    assert head_note.title.startswith("1 pegawai yang Anda bina")  # the nurse; Dishub has no head
    # Twice in July: nothing new. In August: again, once.
    assert compliance.reminders_send(jp_year_id=year.pk, now=at(date(YEAR, 7, 28))) == 0
    assert compliance.reminders_send(jp_year_id=year.pk, now=at(date(YEAR, 8, 1))) == 3
    assert Notification.objects.filter(recipient=nurse_user, kind="training.jp_reminder").count() == 2


def test_a_head_below_target_gets_one_notification_with_both(org):
    year = recompute(org.sorong)
    compliance.reminders_send(jp_year_id=year.pk, now=at(date(YEAR, 9, 3)))
    notes = Notification.objects.filter(recipient=org.users["head_dinkes_sorong"])
    assert notes.count() == 1
    note = notes.get()
    assert "JP pengembangan kompetensi Anda" in note.title
    assert "1 pegawai yang Anda bina" in note.body


def test_those_who_met_the_target_are_not_reminded(org):
    add_training(org.employee_dinkes_sorong, 20)
    year = recompute(org.sorong)
    compliance.reminders_send(jp_year_id=year.pk, now=at(date(YEAR, 7, 2)))
    assert org.users["employee_dinkes_sorong"].pk not in reminded()
    assert org.users["head_dinkes_sorong"].pk in reminded()  # for their own JP only
    assert (
        "pegawai yang Anda bina"
        not in Notification.objects.get(recipient=org.users["head_dinkes_sorong"]).body
    )


def test_last_years_recompute_reminds_nobody(org):
    year = recompute(org.sorong, year=YEAR - 1)
    assert compliance.reminders_send(jp_year_id=year.pk, now=at(date(YEAR, 7, 2))) == 0


def test_the_task_recomputes_then_reminds(org):
    year = jp_year(org.sorong)
    result = tasks.recompute_jp.delay(jp_year_id=year.pk).get()  # the default clock: 15 July 2026
    assert result["state"] == "done"
    assert result["reminded"] == 2  # the nurse and the head (Dishub Sorong's employee has no account)
