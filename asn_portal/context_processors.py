"""The navigation menu: which entries the actor sees, each asked of its app's access module.

This lives in the project package, which puts the apps together (as urls.py does): core imports no app.
The navbar (templates/includes/_navbar.html) groups the entries into a few dropdowns (Pegawai,
Kinerja, Laporan) so that it fits on one line from 1280 px; what each group holds is decided here.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts import access as accounts_access
from attendance import access as attendance_access
from core import access as core_access
from employees import access as employees_access
from leave import access as leave_access
from performance import access as performance_access
from reports import access as reports_access
from reports.views.index import REPORTS
from surveys import access as surveys_access
from training import access as training_access


def _menu(actor: core_access.Actor) -> dict[str, Any]:
    reports = reports_access.can_view_reports(actor)
    return {
        "employees": employees_access.employee_list_in_menu(actor),
        "search": employees_access.employee_search_in_menu(actor),
        "profile": employees_access.has_own_record(actor),
        "subordinates": employees_access.can_view_subordinates(actor),
        "corrections": employees_access.can_review_corrections(actor),
        "my_skp": performance_access.has_own_skp_pages(actor),
        "queue": performance_access.queue_in_menu(actor),
        "monitoring": performance_access.can_monitor_performance(actor),
        "performance_hr": performance_access.can_manage_any_performance(actor),
        "appraisers": performance_access.appraisers_in_menu(actor),
        "reports": reports,
        # (URL name, title) of each report the actor may open, for the Laporan dropdown.
        "report_links": [
            (url_name, title)
            for key, url_name, title, _description in REPORTS
            if reports and reports_access.can_view_report(actor, key)
        ],
        # Survei (SKM): service units, questionnaires and follow-ups for HR and heads (in the Kinerja dropdown).
        "surveys": surveys_access.surveys_in_menu(actor),
        # Pelatihan (in the Kinerja dropdown): the catalogue and one's own enrolments for employees,
        # the approval queue for heads and HR, the catalogue's management for HR.
        "training": training_access.training_in_menu(actor),
        "training_catalogue": training_access.can_browse_catalogue(actor),
        "training_approvals": training_access.approvals_in_menu(actor),
        "training_hr": training_access.can_manage_any_catalogue(actor),
        # The 20 JP duty (in the Kinerja dropdown): the dashboard for HR and heads, "JP saya" for employees.
        "training_jp": training_access.compliance_in_menu(actor),
        "training_jp_mine": training_access.can_view_own_jp(actor),
        "admin": core_access.has_superuser_role(actor),
        # Akun pengguna (HR: the accounts of their agency) and the HR officer posts (the superuser).
        "accounts": accounts_access.accounts_in_menu(actor),
        "hr_officers": accounts_access.hr_assignments_in_menu(actor),
        # "Unduhan saya" holds the large exports built by a job: for whoever may export.
        "exports": employees_access.can_export_employees(actor),
        # Cuti: the employee's own leave and queue; HR's requests, balances, PyB table and calendar.
        "leave": leave_access.leave_in_menu(actor),
        "leave_hr": leave_access.hr_leave_in_menu(actor),
        # Presensi: the employee's check-in page; HR's work locations and schedules (in the Pegawai dropdown).
        "attendance": attendance_access.attendance_in_menu(actor),
        "attendance_hr": attendance_access.hr_attendance_in_menu(actor),
        "attendance_roster": attendance_access.roster_in_menu(actor),
        # Dinas luar: HR and heads record official travel.
        "attendance_travel": attendance_access.dinas_luar_in_menu(actor),
        # Presensi unit (today and the month) for heads; HR's discipline thresholds sit with attendance_hr.
        "attendance_unit": attendance_access.can_view_unit_attendance(actor),
        # Kerja fleksibel (WFA, PermenPANRB 4/2025): HR and heads record the arrangements.
        "attendance_flexible": attendance_access.flexible_in_menu(actor),
        # Koreksi presensi bawahan: heads and HR (an acting appraiser opens it from the notification).
        "attendance_corrections": attendance_access.correction_queue_in_menu(actor),
    }


def menu(request: HttpRequest) -> dict[str, Any]:
    """`menu.<entry>` for the navbar; nothing is computed until a template asks."""
    actor = getattr(request, "actor", None)
    if actor is None:
        return {"menu": {}}
    return {"menu": SimpleLazyObject(lambda: _menu(actor))}
