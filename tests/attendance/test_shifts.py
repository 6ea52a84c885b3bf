"""Shifts and the roster (issue 16 item 1): the hours a rostered day follows, the presensi window of a
shift, HR's shift form, the roster saved all-or-nothing by HR or the unit's head, copying a week, the
check-in of an afternoon shift after 18.00, and the roster page's query count."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from attendance import rules
from attendance.models import Presence, Shift, ShiftAssignment
from attendance.selectors import presence as presence_selectors
from attendance.selectors import shifts as selectors
from attendance.services import presence as presence_services
from attendance.services import shifts as services
from tests.factories import make_employee

from .factories import INSIDE, actor, fence

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 7, 13)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def make_shift(instansi, code="S", start=time(14, 0), end=time(21, 0), **kw) -> Shift:
    return Shift.objects.create(instansi=instansi, code=code, name=kw.pop("name", f"Shift {code}"), start=start,
                                end=end, **kw)  # fmt: skip


# --- Rules ------------------------------------------------------------------------------------------
def test_a_rostered_day_follows_its_shift_and_a_day_off_on_the_roster_is_not_a_working_day():
    scheduled = rules.NORMAL_WEEKDAY
    evening = rules.DayHours(time(14, 0), time(21, 0))
    assert rules.day_hours(scheduled, None) == scheduled
    assert rules.day_hours(scheduled, rules.RosterDay(evening)) == evening
    assert rules.day_hours(scheduled, rules.RosterDay(None)) is None
    assert rules.day_hours(None, rules.RosterDay(evening)) == evening  # a shift on a Sunday


def test_the_window_of_a_shift_opens_two_hours_before_and_closes_two_hours_after_within_the_day():
    assert rules.window_of(None) == (time(6, 0), time(18, 0))
    assert rules.window_of(rules.RosterDay(None)) == (time(6, 0), time(18, 0))
    assert rules.window_of(rules.RosterDay(rules.DayHours(time(14, 0), time(21, 0)))) == (
        time(12, 0),
        time(23, 0),
    )
    assert rules.window_of(rules.RosterDay(rules.DayHours(time(1, 0), time(22, 30)))) == (
        time(0, 0),
        time(23, 59),
    )
    window = rules.window_of(rules.RosterDay(rules.DayHours(time(14, 0), time(21, 0))))
    records = [(time(11, 59, 59), "in"), (time(13, 55), "in"), (time(21, 5), "out"), (time(23, 1), "out")]
    assert rules.counted_records(records, window) == (time(13, 55), time(21, 5))
    assert rules.counted_records(records) == (time(11, 59, 59), None)  # 06–18 would lose the check-out


# --- HR's shifts --------------------------------------------------------------------------------------
def test_hr_saves_a_shift_and_bad_hours_or_a_taken_code_are_refused_with_a_message(org):
    hr = actor(org.users["hr_sorong"])
    shift = services.shift_save(actor=hr, instansi=org.sorong, code=" p ", name="Pagi", start=time(7), end=time(14),
                                unit=org.pkm_sorong)  # fmt: skip
    assert (shift.code, shift.unit_id) == ("P", org.pkm_sorong.pk)
    with pytest.raises(ValidationError, match="Jam pulang harus setelah jam masuk"):
        services.shift_save(
            actor=hr, instansi=org.sorong, code="M", name="Malam", start=time(21), end=time(7)
        )
    with pytest.raises(ValidationError, match="Istirahat harus berada"):
        services.shift_save(actor=hr, instansi=org.sorong, code="S", name="Siang", start=time(14), end=time(21),
                            break_start=time(13), break_end=time(13, 30))  # fmt: skip
    with pytest.raises(ValidationError, match="sudah dipakai"):
        services.shift_save(
            actor=hr, instansi=org.sorong, code="P", name="Pagi 2", start=time(7), end=time(14)
        )
    with pytest.raises(ValidationError, match="instansi lain"):
        services.shift_save(actor=hr, instansi=org.sorong, code="X", name="X", start=time(7), end=time(14),
                            unit=org.dishub_palembang)  # fmt: skip
    with pytest.raises(Http404):  # another agency's: not even there
        services.shift_save(actor=actor(org.users["hr_palembang"]), instansi=org.sorong, code="Y", name="Y",
                            start=time(7), end=time(14))  # fmt: skip
    assert list(Shift.objects.values_list("code", flat=True)) == ["P"]


def test_a_shift_in_a_roster_cannot_be_deleted_only_set_inactive(org):
    hr = actor(org.users["hr_sorong"])
    used, unused = make_shift(org.sorong, "S"), make_shift(org.sorong, "P", time(7), time(14))
    ShiftAssignment.objects.create(employee=org.employee_dinkes_sorong, date=MONDAY, shift=used)
    with pytest.raises(ValidationError, match="Nonaktifkan"):
        services.shift_delete(actor=hr, shift=used)
    services.shift_delete(actor=hr, shift=unused)
    assert list(Shift.objects.values_list("code", flat=True)) == ["S"]


# --- The roster ---------------------------------------------------------------------------------------
def test_the_head_sets_the_roster_of_their_subtree_and_follow_clears_a_day(org):
    head = actor(org.users["head_dinkes_sorong"])
    evening = make_shift(org.sorong, "S")
    nurse = org.employee_dinkes_sorong.pk
    tuesday, wednesday = date(2026, 7, 14), date(2026, 7, 15)
    written = services.roster_save(actor=head, unit=org.dinkes_sorong, start=MONDAY, days=7, cells={
        (nurse, MONDAY): str(evening.pk), (nurse, tuesday): services.OFF, (nurse, wednesday): services.FOLLOW,
    })  # fmt: skip
    assert written == 3
    assert selectors.roster_days([nurse], MONDAY, wednesday) == {
        nurse: {MONDAY: rules.RosterDay(rules.DayHours(time(14), time(21))), tuesday: rules.RosterDay(None)}
    }
    services.roster_save(actor=head, unit=org.dinkes_sorong, start=MONDAY, days=7,
                         cells={(nurse, MONDAY): services.FOLLOW})  # fmt: skip
    assert list(ShiftAssignment.objects.values_list("date", "shift")) == [(tuesday, None)]


def test_a_roster_with_one_bad_cell_saves_nothing(org):
    head = actor(org.users["head_dinkes_sorong"])
    evening = make_shift(org.sorong, "S")
    other_agency = make_shift(org.palembang, "Q")
    nurse, outsider = org.employee_dinkes_sorong.pk, org.employee_dishub_sorong.pk
    good = {(nurse, MONDAY): str(evening.pk)}
    for bad in (
        {(nurse, date(2026, 7, 20)): str(evening.pk)},  # the next week
        {(outsider, MONDAY): str(evening.pk)},  # outside the head's subtree
        {(nurse, date(2026, 7, 14)): str(other_agency.pk)},  # another agency's shift
        {(nurse, date(2026, 7, 14)): "abc"},
    ):
        with pytest.raises(ValidationError):
            services.roster_save(actor=head, unit=org.dinkes_sorong, start=MONDAY, days=7, cells=good | bad)
    assert not ShiftAssignment.objects.exists()


def test_nobody_outside_the_unit_sets_its_roster(org):
    evening = make_shift(org.sorong, "S")
    cells = {(org.employee_dinkes_sorong.pk, MONDAY): str(evening.pk)}
    for persona, refusal in (("employee_dinkes_sorong", PermissionDenied), ("hr_palembang", Http404)):
        with pytest.raises(refusal):
            services.roster_save(actor=actor(org.users[persona]), unit=org.dinkes_sorong, start=MONDAY, days=7,
                                 cells=cells)  # fmt: skip
    assert not ShiftAssignment.objects.exists()


def test_copying_the_previous_week_moves_each_entry_seven_days_and_needs_one(org):
    hr = actor(org.users["hr_sorong"])
    evening = make_shift(org.sorong, "S")
    nurse = org.employee_dinkes_sorong.pk
    with pytest.raises(ValidationError, match="tidak ada yang disalin"):
        services.roster_copy_week(actor=hr, unit=org.dinkes_sorong, start=date(2026, 7, 20))
    ShiftAssignment.objects.create(employee_id=nurse, date=MONDAY, shift=evening)
    ShiftAssignment.objects.create(employee_id=nurse, date=date(2026, 7, 19), shift=None)
    ShiftAssignment.objects.create(employee_id=nurse, date=date(2026, 7, 20), shift=None)  # replaced
    assert services.roster_copy_week(actor=hr, unit=org.dinkes_sorong, start=date(2026, 7, 20)) == 2
    assert set(ShiftAssignment.objects.filter(date__gte=date(2026, 7, 20)).values_list("date", "shift")) == {
        (date(2026, 7, 20), evening.pk), (date(2026, 7, 26), None)
    }  # fmt: skip


# --- The check-in and today's status follow the roster --------------------------------------------------
@pytest.mark.clock("2026-07-15T10:30:00Z")  # Wed 15 July 2026, 19.30 WIT
def test_an_afternoon_shift_checks_out_after_18_but_a_day_worker_cannot(org, clock):
    fence(org.sorong)
    employee = actor(org.users["employee_dinkes_sorong"])
    with pytest.raises(ValidationError, match=r"06\.00–18\.00"):
        presence_services.presence_record(actor=employee, kind="out", latitude=INSIDE[0], longitude=INSIDE[1])
    ShiftAssignment.objects.create(employee=org.employee_dinkes_sorong, date=date(2026, 7, 15),
                                   shift=make_shift(org.sorong, "S"))  # fmt: skip
    presence_services.presence_record(actor=employee, kind="out", latitude=INSIDE[0], longitude=INSIDE[1])
    assert Presence.objects.get().kind == "out"


@pytest.mark.clock("2026-07-15T05:40:00Z")  # 14.40 WIT
def test_today_is_judged_against_the_shift_not_the_office_hours(org, clock):
    fence(org.sorong)
    ShiftAssignment.objects.create(employee=org.employee_dinkes_sorong, date=date(2026, 7, 15),
                                   shift=make_shift(org.sorong, "S"))  # fmt: skip
    presence_services.presence_record(
        actor=actor(org.users["employee_dinkes_sorong"]), kind="in", latitude=INSIDE[0], longitude=INSIDE[1]
    )
    today = presence_selectors.today_of(
        employee_id=org.employee_dinkes_sorong.pk, unit=org.pkm_sorong, now=clock
    )
    assert today.hours == rules.DayHours(time(14), time(21))
    assert today.result.minutes_late == 40  # 14.40 against 14.00, not 07.30


# --- Pages ----------------------------------------------------------------------------------------------
def test_the_roster_page_shows_the_grid_and_saves_it(org, client):
    evening = make_shift(org.sorong, "S")
    client.force_login(org.users["head_dinkes_sorong"])
    url = reverse("attendance:roster") + f"?unit={org.pkm_sorong.pk}&minggu=2026-07-15"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'name="c-{org.employee_dinkes_sorong.pk}-2026-07-13"' in html  # the week starts on Monday
    assert "S 14.00–21.00" in html
    response = client.post(url, {f"c-{org.employee_dinkes_sorong.pk}-2026-07-16": str(evening.pk)})
    assert response.status_code == 302
    assert ShiftAssignment.objects.get().date == date(2026, 7, 16)
    bad = client.post(url, {"c-x-2026-07-16": str(evening.pk)}, follow=True)
    assert "Isian jadwal tidak dikenali" in bad.content.decode()
    assert ShiftAssignment.objects.count() == 1


def test_the_roster_page_reads_a_constant_number_of_queries(org, client, django_assert_max_num_queries):
    evening = make_shift(org.sorong, "S")
    client.force_login(org.users["hr_sorong"])
    url = reverse("attendance:roster") + f"?unit={org.dinkes_sorong.pk}&minggu=2026-07-13"

    def grow(n):
        for i in range(n):
            e = make_employee(org.pkm_sorong, name=f"Perawat {i}")
            ShiftAssignment.objects.create(employee=e, date=MONDAY, shift=evening)

    grow(3)
    client.get(url)
    with django_assert_max_num_queries(14) as small:
        assert client.get(url).status_code == 200
    grow(25)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


# --- The nightly build follows the roster -----------------------------------------------------------------
def test_the_daily_build_judges_a_rostered_day_by_its_shift_on_a_holiday_too(org):
    from attendance.choices import DayStatus
    from attendance.models import DailyStatus
    from attendance.services import daily

    from .test_daily import AFTER_AUGUST, record

    nurse = org.employee_dinkes_sorong
    evening = make_shift(org.sorong, "S")
    independence, tuesday, wednesday = date(2026, 8, 17), date(2026, 8, 18), date(2026, 8, 19)
    ShiftAssignment.objects.create(employee=nurse, date=independence, shift=evening)  # a national holiday
    ShiftAssignment.objects.create(employee=nurse, date=tuesday, shift=None)  # a day off on the roster
    record(nurse, independence, "in", 14, 5, 59)
    record(nurse, independence, "out", 21, 0)  # after 18.00: inside the shift's window
    daily.build_days(start=independence, end=wednesday, employee_ids=[nurse.pk], now=AFTER_AUGUST)
    rows = {r.date: r for r in DailyStatus.objects.filter(employee=nurse)}
    assert set(rows) == {independence, wednesday}  # the roster's day off has no row
    assert (rows[independence].status, rows[independence].minutes_late) == (DayStatus.TERLAMBAT, 5)
    assert rows[independence].minutes_early == 0 and rows[independence].check_out is not None
    assert rows[wednesday].status == DayStatus.TANPA_KETERANGAN  # no roster entry: the office schedule
