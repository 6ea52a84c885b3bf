"""Career event rules (domain.md §4-§5) on constructed data with known answers."""

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from employees.models import (
    AwardHistory,
    DisciplineHistory,
    Employee,
    PositionHistory,
    PromotionCalendar,
    RankHistory,
)
from employees.rules import career
from employees.selectors.career import (
    kgb_between,
    next_promotion_period,
    promotion_calendars,
    promotion_candidates,
    retiring_between,
    satyalancana_candidates,
    upcoming_events,
    with_retirement_year,
)
from employees.services.records import refresh_current

from ..factories import make_employee, make_unit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("birth", "bup", "expected"),
    [
        (date(1968, 5, 17), 58, date(2026, 6, 1)),
        (date(1968, 5, 1), 58, date(2026, 6, 1)),
        (date(1967, 12, 10), 58, date(2026, 1, 1)),
        (date(1966, 2, 28), 60, date(2026, 3, 1)),
        (date(1964, 2, 29), 58, date(2022, 3, 1)),  # 29 February: the BUP is reached on 28 February
    ],
)
def test_retirement_takes_effect_on_the_first_of_the_next_month(birth, bup, expected):
    assert career.retirement_date(birth, bup) == expected


@given(st.dates(min_value=date(1940, 1, 1), max_value=date(2005, 12, 31)), st.sampled_from([58, 60, 65, 70]))
def test_retirement_date_is_a_first_within_a_month_after_the_birthday(birth, bup):
    day = career.retirement_date(birth, bup)
    birthday = career.add_years(birth, bup)
    assert day.day == 1
    assert birthday < day <= career.add_months(birthday, 1)


# KGB (domain.md §5): every 2 years of masa kerja golongan (MKG), i.e. on even MKG years; a PNS first
# appointed in II/a gets the first after 1 year (odd MKG years). The MKG is the one stored on the rank
# row for its TMT plus the time since. Every expected date below is counted by hand.
@pytest.mark.parametrize(
    ("tmt", "mkg", "first", "on", "expected"),
    [
        # issue 10 item 11: 1 year already counted at TMT 1 Apr 2024 -> MKG 2 on 1 Apr 2025 (not 2026)
        (date(2024, 4, 1), (1, 0), "III/a", date(2024, 4, 2), date(2025, 4, 1)),
        (date(2024, 4, 1), (1, 0), "III/a", date(2025, 4, 2), date(2027, 4, 1)),  # MKG 4
        (date(2024, 4, 1), (0, 0), "III/a", date(2024, 4, 1), date(2026, 4, 1)),  # MKG 2
        # MKG 2y0m at the TMT: the step is part of the rank's SK, the next KGB is at MKG 4
        (date(2024, 4, 1), (2, 0), "III/a", date(2024, 4, 1), date(2026, 4, 1)),
        (date(2024, 4, 1), (1, 6), "III/a", date(2024, 4, 2), date(2024, 10, 1)),  # MKG 2 after 6 months
        # MKG 3y4m at 1 Jun 2023: MKG 4y0m after 8 months (1 Feb 2024), then 1 Feb 2026 (MKG 6)
        (date(2023, 6, 1), (3, 4), "III/c", date(2024, 1, 31), date(2024, 2, 1)),
        (date(2023, 6, 1), (3, 4), "III/c", date(2024, 2, 2), date(2026, 2, 1)),
        # first appointed in II/a, MKG 0 at 1 Mar 2015: MKG 1, 3, ... -> 1 Mar 2016, ..., 2026, 2028
        (date(2015, 3, 1), (0, 0), "II/a", date(2015, 3, 2), date(2016, 3, 1)),
        (date(2015, 3, 1), (0, 0), "II/a", date(2026, 11, 23), date(2028, 3, 1)),
        # the same person's promotion to II/b on 1 Apr 2019 with MKG 4y1m: MKG 5 on 1 Mar 2020
        (date(2019, 4, 1), (4, 1), "II/a", date(2019, 4, 1), date(2020, 3, 1)),
        # first appointed in III/a, MKG 0 at 1 Mar 2015: MKG 2, 4, ... -> 1 Mar 2017, ..., 2027
        (date(2015, 3, 1), (0, 0), "III/a", date(2017, 3, 1), date(2017, 3, 1)),
        (date(2015, 3, 1), (0, 0), "III/a", date(2026, 11, 23), date(2027, 3, 1)),
    ],
)
def test_kgb_falls_every_two_years_of_the_stored_masa_kerja_golongan(tmt, mkg, first, on, expected):
    assert career.next_kgb_date(tmt, *mkg, first, on) == expected


def test_masa_kerja_golongan_adds_the_time_since_the_rank_tmt_to_the_stored_one():
    tmt = date(2024, 4, 1)
    assert career.mkg_at(tmt, 1, 0, date(2025, 4, 1)) == (2, 0)
    assert career.mkg_at(tmt, 1, 0, date(2025, 3, 31)) == (1, 11)
    assert career.mkg_at(tmt, 3, 4, date(2024, 12, 1)) == (4, 0)
    assert career.mkg_at(tmt, 1, 6, date(2024, 1, 1)) == (1, 6)  # before the TMT: as stored


@given(
    st.dates(min_value=date(1980, 1, 1), max_value=date(2030, 12, 1)).map(
        lambda d: d.replace(day=min(d.day, 28))
    ),
    st.integers(min_value=0, max_value=35),
    st.integers(min_value=0, max_value=11),
    st.sampled_from(["II/a", "III/a", "I/a", "IV/a"]),
)
def test_every_kgb_date_is_a_whole_mkg_year_of_the_cycle_after_the_tmt(tmt, years, months, first):
    dates = list(itertools.islice(career.kgb_dates(tmt, years, months, first), 3))
    parity = 1 if first == "II/a" else 0
    assert tmt < dates[0] <= career.add_months(tmt, 24)
    for day in dates:
        mkg_years, mkg_months = career.mkg_at(tmt, years, months, day)
        assert mkg_months == 0
        assert mkg_years % 2 == parity
    assert [career.add_months(dates[0], 24 * i) for i in range(3)] == dates


def test_promotion_periods_follow_the_calendar_in_force_on_each_date():
    # Seeded by migration 0009: April/October to 2023, six periods from 2024, monthly from Oct 2025.
    assert career.promotion_periods(date(2023, 5, 10), 3, promotion_calendars()) == [
        date(2023, 10, 1),
        date(2024, 2, 1),
        date(2024, 4, 1),
    ]
    assert career.promotion_periods(date(2025, 8, 15), 3, promotion_calendars()) == [
        date(2025, 10, 1),
        date(2025, 11, 1),
        date(2025, 12, 1),
    ]
    assert next_promotion_period(date(2026, 11, 23)) == date(2026, 12, 1)


def test_a_new_calendar_version_changes_the_periods_without_code():
    PromotionCalendar.objects.filter(valid_to__isnull=True).update(valid_to=date(2026, 12, 31))
    PromotionCalendar.objects.create(months="3,9", valid_from=date(2027, 1, 1), source="uji")
    assert career.promotion_periods(date(2026, 12, 15), 2, promotion_calendars()) == [
        date(2027, 3, 1),
        date(2027, 9, 1),
    ]


def test_satyalancana_due_is_the_highest_reached_and_not_held():
    on = date(2026, 12, 31)
    assert career.satyalancana_due(date(2016, 3, 1), on, set()) == "slks_x"
    assert career.satyalancana_due(date(2016, 3, 1), on, {"slks_x"}) is None
    assert career.satyalancana_due(date(2006, 1, 1), on, {"slks_x"}) == "slks_xx"
    assert career.satyalancana_due(date(1996, 1, 1), on, set()) == "slks_xxx"
    assert career.satyalancana_due(date(2017, 1, 2), on, set()) is None


def _move_position(employee, **fields):
    PositionHistory.objects.create(employee=employee, tmt=date(2024, 1, 2), name="Jabatan baru", **fields)
    refresh_current([employee.pk])


def test_retirement_uses_the_bup_table_and_the_position_override(org):
    unit = make_unit(org.sorong, "UJI")
    make_employee(unit, name="Pelaksana", birth_date=date(1968, 6, 10))  # 58 → 1 Jul 2026
    make_employee(unit, name="Kepala", birth_date=date(1966, 8, 3), position_kind="jpt_pratama")  # 60
    guru = make_employee(unit, name="Guru", birth_date=date(1966, 9, 3))
    _move_position(guru, kind="fungsional", level="ahli_muda", retirement_age=60)  # override 58 → 60
    utama = make_employee(unit, name="Utama", birth_date=date(1961, 10, 3))
    _move_position(utama, kind="fungsional", level="ahli_utama")  # 65
    make_employee(unit, name="Muda", birth_date=date(1990, 1, 1))

    found = retiring_between(Employee.objects.filter(unit=unit), date(2026, 1, 1), date(2026, 12, 31))
    assert [(e.name, d) for e, d in found] == [
        ("Pelaksana", date(2026, 7, 1)),
        ("Kepala", date(2026, 9, 1)),
        ("Guru", date(2026, 10, 1)),
        ("Utama", date(2026, 11, 1)),
    ]
    years = dict(
        with_retirement_year(Employee.objects.filter(unit=unit), date(2026, 1, 1)).values_list(
            "name", "retirement_year"
        )
    )
    assert years == {"Pelaksana": 2026, "Kepala": 2026, "Guru": 2026, "Utama": 2026, "Muda": 2048}


def test_promotion_candidates_need_four_years_in_the_pangkat_or_two_in_a_functional_position(org):
    unit = make_unit(org.sorong, "UJI")
    period = date(2026, 12, 1)
    make_employee(unit, name="Empat tahun", tmt_golongan=date(2022, 12, 1))
    make_employee(unit, name="Kurang sehari", tmt_golongan=date(2022, 12, 2))
    make_employee(unit, name="Fungsional", tmt_golongan=date(2024, 10, 1), position_kind="fungsional")
    make_employee(unit, name="Puncak", tmt_golongan=date(2010, 4, 1), golongan="IV/e")
    make_employee(unit, name="Nonaktif", tmt_golongan=date(2010, 4, 1), is_active=False)
    make_employee(unit, name="Tugas belajar", tmt_golongan=date(2010, 4, 1), working_state="tugas_belajar")
    names = set(
        promotion_candidates(Employee.objects.filter(unit=unit), period).values_list("name", flat=True)
    )
    assert names == {"Empat tahun", "Fungsional"}


def with_mkg(employee, years, months):
    """Store a masa kerja golongan on the employee's (only) rank row."""
    RankHistory.objects.filter(pk=employee.current_rank_id).update(mk_years=years, mk_months=months)
    refresh_current([employee.pk])  # as the history services do after any change of a rank row
    return employee


def test_kgb_between_lists_the_dates_in_the_window(org):
    unit = make_unit(org.sorong, "UJI")
    make_employee(unit, name="Maret", tmt_cpns=date(2015, 3, 1), tmt_golongan=date(2015, 3, 1))  # 2027-03-01
    # MKG 0 on 1 Jan 2016: 2026 is MKG 10, so the next is 2028-01-01
    make_employee(unit, name="Januari", tmt_cpns=date(2016, 1, 1), tmt_golongan=date(2016, 1, 1))
    # MKG 0 on 1 Jan 2015: 1 Jan 2027 is MKG 12
    make_employee(unit, name="Januari ganjil", tmt_cpns=date(2015, 1, 1), tmt_golongan=date(2015, 1, 1))
    starter = make_employee(
        unit, name="II/a", tmt_cpns=date(2019, 12, 1), golongan="II/a", tmt_golongan=date(2019, 12, 1)
    )  # MKG 1, 3, 5, 7 -> 1 Dec 2026
    assert starter.golongan == "II/a"
    # issue 10 item 11: CPNS 1 Jan 2016 with 1 year already counted: MKG 12 on 1 Jan 2027 (not 2028)
    with_mkg(
        make_employee(unit, name="Diakui 1 tahun", tmt_cpns=date(2016, 1, 1), tmt_golongan=date(2016, 1, 1)),
        1,
        0,
    )
    # MKG 5y2m on 1 Feb 2020: MKG 6 on 1 Dec 2020, so 1 Dec 2026 is MKG 12 (the month moves too)
    with_mkg(
        make_employee(unit, name="Bulan bergeser", tmt_cpns=date(2014, 3, 1), tmt_golongan=date(2020, 2, 1)),
        5,
        2,
    )
    found = kgb_between(Employee.objects.filter(unit=unit), date(2026, 11, 23), date(2027, 1, 23))
    assert [(e.name, d) for e, d in found] == [
        ("Bulan bergeser", date(2026, 12, 1)),
        ("II/a", date(2026, 12, 1)),
        ("Diakui 1 tahun", date(2027, 1, 1)),
        ("Januari ganjil", date(2027, 1, 1)),
    ]


def test_kgb_between_agrees_with_the_rule_for_every_month_and_stored_mkg(org, django_assert_num_queries):
    """The SQL month filter of kgb_between lets through exactly whom the Python rule dates in the
    window: over 24 one-month windows every active PNS is listed once, on the rule's date."""
    unit = make_unit(org.sorong, "UJI")
    for i in range(24):
        tmt = date(2018 + i % 5, 1 + i % 12, 1 + i % 3)
        e = make_employee(unit, name=f"Pegawai {i:02d}", tmt_cpns=tmt, tmt_golongan=tmt)
        with_mkg(e, i % 7, (i * 5) % 12)
    first = date(2027, 1, 1)
    rule = {
        e.name: career.next_kgb_date(e.current_rank.tmt, e.current_rank.mk_years, e.current_rank.mk_months,
                                     "III/a", first)
        for e in Employee.objects.filter(unit=unit).select_related("current_rank")
    }  # fmt: skip
    listed: dict[str, date] = {}
    for n in range(24):
        start = career.add_months(first, n)
        end = career.add_months(start, 1) - timedelta(days=1)
        with django_assert_num_queries(1):
            found = kgb_between(Employee.objects.filter(unit=unit), start, end)
        assert [d for _e, d in found] == sorted(d for d in rule.values() if start <= d <= end)
        for e, d in found:
            assert e.name not in listed
            listed[e.name] = d
    assert len(rule) == 24
    assert listed == rule


def test_satyalancana_candidates_skip_holders_and_medium_or_heavy_penalties(org):
    unit = make_unit(org.sorong, "UJI")
    make_employee(unit, name="Sepuluh", tmt_cpns=date(2016, 3, 1))
    holder = make_employee(unit, name="Sudah punya", tmt_cpns=date(2016, 3, 1))
    AwardHistory.objects.create(employee=holder, kind="slks_x", year=2026)
    barred = make_employee(unit, name="Hukuman sedang", tmt_cpns=date(2016, 3, 1))
    DisciplineHistory.objects.create(employee=barred, type="potong_6", start_date=date(2020, 1, 1))
    light = make_employee(unit, name="Hukuman ringan", tmt_cpns=date(2016, 3, 1))
    DisciplineHistory.objects.create(employee=light, type="teguran_lisan", start_date=date(2020, 1, 1))
    make_employee(unit, name="Dua puluh", tmt_cpns=date(2005, 3, 1))
    make_employee(unit, name="Baru", tmt_cpns=date(2020, 3, 1))
    found = satyalancana_candidates(Employee.objects.filter(unit=unit), date(2026, 12, 31))
    assert sorted((e.name, kind) for e, kind in found) == [
        ("Dua puluh", "slks_xx"),
        ("Hukuman ringan", "slks_x"),
        ("Sepuluh", "slks_x"),
    ]


def test_upcoming_events_gathers_every_kind_in_a_fixed_number_of_queries(org, django_assert_max_num_queries):
    unit = make_unit(org.sorong, "UJI")
    e = make_employee(
        unit,
        name="Semua",
        birth_date=date(1969, 1, 10),
        tmt_cpns=date(1995, 1, 1),
        tmt_golongan=date(2018, 4, 1),
    )
    # MKG 23y3m at 1 Apr 2018 (from CPNS 1 Jan 1995): MKG 24 on 1 Jan 2019, ..., MKG 32 on 1 Jan 2027
    with_mkg(e, 23, 3)
    with django_assert_max_num_queries(6):
        events = upcoming_events(Employee.objects.filter(unit=unit), date(2026, 11, 23))
    kinds = {ev.kind: ev.date for ev in events[e.pk]}
    assert kinds == {
        "kgb": date(2027, 1, 1),
        "pangkat": date(2026, 12, 1),
        "pensiun": date(2027, 2, 1),
        "satyalancana": date(2026, 12, 31),
    }
    assert [ev.kind for ev in events[e.pk]] == ["pangkat", "satyalancana", "kgb", "pensiun"]


@pytest.mark.parametrize(
    ("start", "on", "expected"),
    [
        (date(2015, 3, 1), date(2026, 11, 23), (11, 8)),
        (date(2015, 3, 1), date(2026, 3, 1), (11, 0)),
        (date(2015, 3, 2), date(2026, 3, 1), (10, 11)),
        (date(1990, 5, 17), date(2026, 5, 16), (35, 11)),
        (date(2026, 5, 17), date(2026, 5, 16), (0, 0)),
    ],
)
def test_years_and_months_counts_whole_months(start, on, expected):
    assert career.years_and_months(start, on) == expected


@given(st.dates(min_value=date(1940, 1, 1)), st.dates(min_value=date(1940, 1, 1)))
def test_years_and_months_agrees_with_service_years(start, on):
    years, months = career.years_and_months(start, on)
    assert 0 <= months < 12
    if on >= start:
        assert years == career.service_years(start, on)
        assert career.add_months(start, 12 * years + months) <= on
    else:
        assert (years, months) == (0, 0)


def test_the_kgb_notice_is_due_two_months_before_the_increase():
    assert career.kgb_notice_date(date(2027, 3, 1)) == date(2027, 1, 1)
    assert career.kgb_notice_date(date(2027, 4, 30)) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("golongan", "expected"),
    [
        ("I/a", "I/b"),
        ("II/d", "III/a"),
        ("III/d", "IV/a"),
        ("IV/d", "IV/e"),
        ("IV/e", None),
        ("PPPK-IX", None),
    ],
)
def test_a_regular_promotion_is_one_step_up(golongan, expected):
    assert career.next_golongan(golongan) == expected


def test_a_stored_date_out_of_range_leaves_that_employee_out_and_breaks_no_list(org):
    """Dates saved before the forms bounded them (9999-12-31): the KGB list, the subordinates page and
    the reminders of the agency still work; that one employee's KGB is not counted."""
    from datetime import date

    from employees.models import Employee, RankHistory
    from employees.selectors.career import kgb_between

    nurse = org.employee_dinkes_sorong
    RankHistory.objects.filter(pk=nurse.current_rank_id).update(
        tmt=date(9999, 12, 31), mk_years=99, mk_months=11
    )
    refresh_current([nurse.pk])
    everyone = Employee.objects.filter(unit__instansi=org.sorong)

    found = kgb_between(everyone, date(2026, 1, 1), date(2027, 12, 31))

    assert nurse not in [employee for employee, _day in found]


# --- The due dates computed in SQL agree with the Python rules (issue 11) --------------------------
AWKWARD_DAYS = [date(2016, 2, 29), date(2015, 1, 31), date(2014, 3, 31), date(2013, 8, 30), date(2012, 2, 29)]


def _random_people(unit, rng, count):
    """PNS with awkward TMTs (month ends, 29 February), random stored MKG, some first appointed in
    II/a and promoted since, some without any rank row (KGB counted from TMT CPNS)."""
    people = []
    for i in range(count):
        tmt = (
            AWKWARD_DAYS[i]
            if i < len(AWKWARD_DAYS)
            else date(2005, 1, 1) + timedelta(days=rng.randrange(7000))
        )
        first = "II/a" if i % 4 == 0 else "III/a"
        e = make_employee(
            unit,
            name=f"Acak {i:03d}",
            tmt_cpns=tmt,
            tmt_golongan=tmt,
            golongan=first,
            birth_date=date(1958, 1, 1) + timedelta(days=rng.randrange(9000)),
        )
        with_mkg(e, rng.randrange(0, 12), rng.randrange(0, 12))
        if i % 4 == 0 and i % 8 == 0:  # promoted from II/a: the parity stays that of the first rank
            RankHistory.objects.create(
                employee=e, golongan="II/b", tmt=career.add_months(tmt, 12 * 4 + rng.randrange(12)),
                mk_years=rng.randrange(0, 9), mk_months=rng.randrange(0, 12),
            )  # fmt: skip
            refresh_current([e.pk])
        if i % 9 == 0:
            RankHistory.objects.filter(employee=e).delete()
            refresh_current([e.pk])
        people.append(e)
    return people


def _windows(rng, count):
    for _ in range(count):
        start = date(2026, 1, 1) + timedelta(days=rng.randrange(800))
        yield start, start + timedelta(days=rng.randrange(0, 800))
    yield date(2027, 2, 28), date(2027, 2, 28)
    yield date(2028, 2, 29), date(2028, 3, 30)
    yield date(2026, 4, 30), date(2026, 5, 31)


def test_the_kgb_dates_computed_in_sql_are_the_rules_dates(org):
    import random

    from employees.selectors.career import next_kgb

    rng = random.Random(11)
    unit = make_unit(org.sorong, "ACAK")
    _random_people(unit, rng, 72)
    everyone = Employee.objects.filter(unit=unit)
    loaded = list(everyone.select_related("current_rank"))
    for e in loaded:  # read from the history itself, not from Employee.first_rank
        first = RankHistory.objects.filter(employee=e).order_by("tmt", "pk").first()
        e.first_golongan = first.golongan if first else None
    assert {e.first_golongan for e in loaded} >= {"II/a", "III/a", None}
    checked = 0
    for start, end in _windows(rng, 40):
        expected = sorted(
            ((due, e.name) for e in loaded if (due := next_kgb(e, start)) is not None and due <= end),
        )
        found = [(due, e.name) for e, due in kgb_between(everyone, start, end)]
        assert found == expected, (start, end)
        checked += len(found)
    assert checked > 200  # the windows did catch people


def test_the_retirement_dates_computed_in_sql_are_the_rules_dates(org):
    import random

    rng = random.Random(12)
    unit = make_unit(org.sorong, "ACAK")
    for i, birth in enumerate([date(1968, 2, 29), date(1968, 12, 31), date(1968, 12, 1), date(1969, 1, 1)]):
        make_employee(unit, name=f"Batas {i}", birth_date=birth)
    _random_people(unit, rng, 40)
    guru = Employee.objects.get(name="Acak 003")
    _move_position(guru, kind="fungsional", level="ahli_muda", retirement_age=60)
    loaded = list(Employee.objects.filter(unit=unit).select_related("current_position"))
    checked = 0
    for start, end in [*_windows(rng, 30), (date(2026, 1, 1), date(2045, 12, 31))]:
        expected = []
        for e in loaded:
            bup = e.current_position.retirement_age or 58
            day = career.retirement_date(e.birth_date, bup)
            if start <= day <= end:
                expected.append((day, e.name))
        found = [(day, e.name) for e, day in retiring_between(Employee.objects.filter(unit=unit), start, end)]
        assert found == sorted(expected), (start, end)
        checked += len(found)
    assert checked > 40


@pytest.mark.parametrize("on", [date(2026, 12, 31), date(2026, 2, 28), date(2028, 2, 29), date(2027, 7, 15)])
def test_the_satyalancana_due_computed_in_sql_is_the_rules(org, on):
    import random

    rng = random.Random(13)
    unit = make_unit(org.sorong, "ACAK")
    people = _random_people(unit, rng, 48)
    for e in people[::5]:
        AwardHistory.objects.create(employee=e, kind="slks_x", year=2020)
    for e in people[1::7]:
        AwardHistory.objects.create(employee=e, kind="slks_xx", year=2020)
    for e in people[2::6]:
        DisciplineHistory.objects.create(
            employee=e, type="potong_6", start_date=e.tmt_cpns + timedelta(days=1)
        )
    for e in people[3::6]:  # before TMT CPNS: does not bar
        DisciplineHistory.objects.create(
            employee=e, type="potong_6", start_date=e.tmt_cpns - timedelta(days=1)
        )
    for i, tmt in enumerate([date(1996, 12, 31), date(1997, 1, 1), date(2016, 2, 29), date(2017, 7, 15)]):
        make_employee(unit, name=f"Ulang tahun {i}", tmt_cpns=tmt)
    loaded = Employee.objects.filter(unit=unit).prefetch_related("award_history", "discipline_history")
    expected = []
    for e in loaded:
        held = {a.kind for a in e.award_history.all()}
        barred = any(d.start_date >= e.tmt_cpns for d in e.discipline_history.all())
        due = career.satyalancana_due(e.tmt_cpns, on, held)
        if due is not None and not barred:
            expected.append((e.tmt_cpns, e.name, due))
    found = [
        (e.tmt_cpns, e.name, kind)
        for e, kind in satyalancana_candidates(Employee.objects.filter(unit=unit), on)
    ]
    assert found == sorted(expected)
    assert len({kind for *_rest, kind in found}) >= 2


def test_kgb_dates_clamped_to_a_short_month_sort_as_the_same_day(org):
    """A KGB counted from the 31st falls on 30 April, and on 29 February in a leap year: the same
    day as a KGB counted from the 30th or the 29th, so the list orders them by name (the database
    sorts the clamped day, not the TMT's)."""
    unit = make_unit(org.sorong, "UJI")

    def person(name, tmt, mkg=(0, 0)):
        with_mkg(make_employee(unit, name=name, tmt_cpns=tmt, tmt_golongan=tmt), *mkg)

    person("A 31 Jan", date(2015, 1, 31), (1, 9))  # MKG 2 on 30 Apr 2015: KGB in April of odd years
    person("B 30 Apr", date(2015, 4, 30))
    person("A 31 Mar", date(2015, 3, 31), (1, 1))  # MKG 2 on 29 Feb 2016: KGB in February of even years
    person("C 29 Feb", date(2016, 2, 29))
    person("D 28 Feb", date(2016, 2, 28))
    found = kgb_between(Employee.objects.filter(unit=unit), date(2027, 1, 1), date(2028, 12, 31))
    assert [(e.name, d) for e, d in found] == [
        ("A 31 Jan", date(2027, 4, 30)),
        ("B 30 Apr", date(2027, 4, 30)),
        ("D 28 Feb", date(2028, 2, 28)),
        ("A 31 Mar", date(2028, 2, 29)),
        ("C 29 Feb", date(2028, 2, 29)),
    ]


@pytest.mark.parametrize(
    ("tmt", "mkg", "expected_kgb", "expected_mkg"),
    [
        (date(2025, 1, 31), (1, 11), date(2027, 2, 28), (4, 0)),  # review of issue 11: showed 3 th 11 bl
        (date(2024, 8, 31), (1, 6), date(2027, 2, 28), (4, 0)),
        (date(2015, 3, 1), (0, 0), date(2027, 3, 1), (12, 0)),
        (date(2020, 2, 1), (5, 2), date(2026, 12, 1), (12, 0)),
    ],
)
def test_the_mkg_shown_on_a_kgb_is_the_whole_year_it_marks(tmt, mkg, expected_kgb, expected_mkg):
    due = career.next_kgb_date(tmt, *mkg, "III/a", expected_kgb - timedelta(days=1))
    assert due == expected_kgb
    assert career.mkg_on_kgb(tmt, *mkg, due) == expected_mkg
