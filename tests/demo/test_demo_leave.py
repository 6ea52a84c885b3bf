"""The demo leave data (issue 15 item 10): every agency has balances, a calendar of its own and
requests in every state, Ditangguhkan and Perubahan included; a second run adds nothing."""

from django.db.models import Count

from core.choices import UnitKind
from core.models import Instansi, UnitKerja
from demo import seed as demo_seed
from leave.choices import RequestState
from leave.models import CalendarDay, LeaveRequest, LedgerEntry, UnitWorkWeek


def test_every_demo_agency_has_balances_a_calendar_and_requests_in_every_state(db):
    demo_seed.seed(employees=300)
    for instansi in Instansi.objects.all():
        requests = LeaveRequest.objects.filter(employee__unit__instansi=instansi)
        states = set(requests.values_list("state", flat=True))
        assert states == set(RequestState.values), (instansi.code, states)
        assert LedgerEntry.objects.filter(employee__unit__instansi=instansi, kind="hak").exists()
        assert CalendarDay.objects.filter(instansi=instansi, is_off=True).exists()
        if UnitKerja.objects.filter(instansi=instansi, kind=UnitKind.PUSKESMAS).exists():
            assert UnitWorkWeek.objects.filter(unit__instansi=instansi).exists()  # a puskesmas works 6 days
    before = (
        LeaveRequest.objects.count(),
        LedgerEntry.objects.count(),
        CalendarDay.objects.count(),
        LeaveRequest.history.count(),
    )
    demo_seed.seed(employees=300)
    after = (
        LeaveRequest.objects.count(),
        LedgerEntry.objects.count(),
        CalendarDay.objects.count(),
        LeaveRequest.history.count(),
    )
    assert after == before
    # The demo logins' own requests include a postponed one and one to change.
    logins = LeaveRequest.objects.filter(employee__user__isnull=False).values("state").annotate(n=Count("pk"))
    assert {row["state"] for row in logins} >= {RequestState.DITANGGUHKAN, RequestState.PERUBAHAN}


def test_every_demo_agency_has_a_pyb_rule_table_and_hr_sees_it(db, client):
    """The HR page "Pejabat yang berwenang" is not empty in the demo: each agency has the typical split
    of a regional decree (CLTN and eselon II by the PPK, cuti besar and eselon III by the Sekda, the
    head of the OPD otherwise); a second run adds no rule."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from employees.choices import PositionKind
    from leave.choices import DeciderKind, LeaveKind
    from leave.models import PybRule

    demo_seed.seed(employees=120)
    for instansi in Instansi.objects.all():
        rules = PybRule.objects.filter(instansi=instansi)
        assert rules.count() >= 4, instansi.code
        assert rules.filter(leave_kind=LeaveKind.CLTN, decider=DeciderKind.PPK).exists()
        assert rules.filter(position_kind=PositionKind.JPT_PRATAMA, decider=DeciderKind.PPK).exists()
        assert rules.filter(leave_kind=LeaveKind.BESAR, decider=DeciderKind.SEKDA).exists()
        assert rules.filter(decider=DeciderKind.KEPALA_OPD).exists()
    before = PybRule.objects.count(), PybRule.history.count()
    demo_seed.seed(employees=120)
    assert (PybRule.objects.count(), PybRule.history.count()) == before
    client.force_login(get_user_model().objects.get(username="hr.sorong"))
    html = client.get(reverse("leave:officials")).content.decode()
    assert "Belum ada aturan" not in html
    assert "Sekretaris Daerah" in html and "PPK (keputusan dicatat oleh BKPSDM)" in html
