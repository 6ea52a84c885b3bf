"""The daily career reminders (issue 3 item 8): due KGB, promotion eligibility, retirement and
Satyalancana become in-app notifications (with e-mail copies) for the employee and HR.

Set-based: per agency, employees.selectors.career evaluates each rule in one query; notifications are
inserted in bulk by notifications.services.notify_many, idempotent by key. Running the job twice
on the same day (or again after an interruption) creates nothing new.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy

from core.models import Instansi
from notifications.services import NotificationItem, notify_many
from notifications.texts import Message

from ..selectors.career import agency_events, hr_officers_by_agency

# The employee hears about each event once (key: kind + event date); HR officers get one digest per
# agency, kind and month with the count and a link to the list, not one message per employee.
REPORT_URLS = {
    "kgb": "reports:kgb",
    "pangkat": "reports:kenaikan_pangkat",
    "pensiun": "reports:pensiun",
    "satyalancana": "reports:satyalancana",
}
EMPLOYEE_TITLES = {
    "kgb": gettext_lazy("Kenaikan gaji berkala Anda jatuh pada %(date)s."),
    "pangkat": gettext_lazy("Anda memenuhi syarat masa kerja kenaikan pangkat periode %(date)s."),
    "pensiun": gettext_lazy("TMT pensiun Anda: %(date)s."),
    "satyalancana": gettext_lazy("Anda calon penerima Satyalancana Karya Satya tahun ini."),
}
HR_TITLES = {
    "kgb": gettext_lazy("%(count)d pegawai akan naik gaji berkala dalam 2 bulan."),
    "pangkat": gettext_lazy(
        "%(count)d pegawai memenuhi syarat masa kerja kenaikan pangkat periode %(date)s."
    ),
    "pensiun": gettext_lazy("%(count)d pegawai mencapai BUP dalam 12 bulan."),
    "satyalancana": gettext_lazy("%(count)d pegawai calon penerima Satyalancana Karya Satya tahun ini."),
}


@dataclass
class ReminderResult:
    agencies: int = 0
    events: int = 0
    created: int = 0


def agency_today(instansi: Instansi, now: datetime | None = None) -> date:
    """Today's date in the agency's own zone (WIB/WITA/WIT)."""
    now = now or datetime.now(tz=ZoneInfo("UTC"))
    return now.astimezone(ZoneInfo(instansi.time_zone)).date()


def _url(kind: str) -> str:
    return reverse(REPORT_URLS[kind])


def career_reminders_send(*, now: datetime | None = None) -> ReminderResult:
    """Notify every agency's employees of their own events and its HR officers of the counts."""
    result = ReminderResult()
    hr_by_agency = hr_officers_by_agency()
    # Stored as message ids (notifications.texts): each reader sees them in their own language.
    for instansi in Instansi.objects.order_by("pk"):
        today = agency_today(instansi, now)
        events, users = agency_events(instansi, today)
        items: list[NotificationItem] = []
        counts: Counter[str] = Counter()
        dates: dict[str, date] = {}
        for employee_id, found in events.items():
            for event in found:
                counts[event.kind] += 1
                dates.setdefault(event.kind, event.date)
                if employee_id in users:
                    items.append(
                        NotificationItem(
                            recipient_id=users[employee_id],
                            kind=f"career.{event.kind}",
                            title=Message(EMPLOYEE_TITLES[event.kind], {"date": event.date}),
                            key=f"career:{event.kind}:{employee_id}:{event.date.isoformat()}",
                            url=reverse("employees:detail", args=[employee_id]),
                        )
                    )
        for kind, count in counts.items():
            for user_id in hr_by_agency.get(instansi.pk, []):
                items.append(
                    NotificationItem(
                        recipient_id=user_id,
                        kind=f"career.{kind}.digest",
                        title=Message(HR_TITLES[kind], {"count": count, "date": dates[kind]}),
                        key=f"career-digest:{kind}:{instansi.pk}:{today:%Y-%m}",
                        url=f"{_url(kind)}?instansi={instansi.pk}",
                    )
                )
        with transaction.atomic():
            result.created += len(notify_many(items))
        result.agencies += 1
        result.events += sum(counts.values())
    return result
