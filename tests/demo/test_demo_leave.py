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
