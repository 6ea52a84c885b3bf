"""Reads of attendance and completion: a session's attendance sheet, the participants to complete,
and the data printed on a certificate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from ..choices import EnrolmentState
from ..models import Attendance, Enrolment, Programme, Session

ON_THE_LIST = [EnrolmentState.CONFIRMED, EnrolmentState.COMPLETED]


def attendees(programme: Programme) -> QuerySet[Enrolment]:
    """The participants holding a place (confirmed or completed), by name."""
    return (
        programme.enrolments.filter(state__in=ON_THE_LIST)
        .select_related("employee__unit")
        .order_by("employee__name", "pk")
    )


def attendance_sheet(session: Session) -> list[tuple[Enrolment, Attendance | None]]:
    """Each participant with their attendance row for the session (two queries)."""
    rows = list(attendees(session.programme))
    marked = {a.enrolment_id: a for a in Attendance.objects.filter(session=session)}
    return [(e, marked.get(e.pk)) for e in rows]


def completion_sheet(programme: Programme) -> QuerySet[Enrolment]:
    """The participants with the number of sessions they attended (one query)."""
    return attendees(programme).annotate(
        attended=Count("attendance", filter=Q(attendance__present=True), distinct=True)
    )


@dataclass(frozen=True)
class CertificateData:
    """What a certificate says (and what the public check shows): nothing else about the person."""

    code: str
    name: str
    nip: str
    programme: str
    organiser: str
    instansi: str
    start_date: date
    end_date: date
    jp: int
    result: str
    score: str


def certificate_data(enrolment: Enrolment) -> CertificateData:
    programme = enrolment.programme
    employee = enrolment.employee
    return CertificateData(
        code=enrolment.certificate_code or "",
        name=employee.name,
        nip=employee.nip,
        programme=programme.title,
        organiser=programme.organiser_label,
        instansi=programme.instansi.name,
        start_date=programme.start_date,
        end_date=programme.end_date,
        jp=programme.jp,
        result=str(enrolment.get_result_display()),
        score="" if enrolment.score is None else f"{enrolment.score:.2f}".replace(".", ","),
    )
