"""Leave (cuti): the leave types (versioned reference data), the agency's corrections of the
working-day calendar and the units' working weeks, the cuti tahunan ledger, requests with their two
decisions, the PyB rule table, acting officials (Plt) and the yearly opening's runs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import files as core_files
from core.models import Instansi, JobRun, UnitKerja, one_running
from employees.choices import EmployeeKind, Gender, PositionKind
from employees.models import Employee

from .choices import (
    DayOffKind,
    DeciderKind,
    Decision,
    EntryKind,
    LeaveKind,
    LengthUnit,
    RequestState,
    WorkWeek,
    length_text,
)
from .ledger_text import reason_text


class LeaveType(models.Model):
    """A leave type for PNS or PPPK with its rules, valid for a span of dates (regulations change)."""

    kind = models.CharField(_("jenis cuti"), max_length=16, choices=LeaveKind.choices)
    employee_kind = models.CharField(_("untuk"), max_length=4, choices=EmployeeKind.choices)
    name = models.CharField(_("nama"), max_length=120)
    order = models.PositiveSmallIntegerField(_("urutan pada formulir"), default=1)
    service_years_min = models.PositiveSmallIntegerField(_("masa kerja minimal (tahun)"), default=0)
    # A type only open before some years of service (PPPK: up to 6 days in the first year).
    service_years_below = models.PositiveSmallIntegerField(
        _("hanya sebelum masa kerja (tahun)"), null=True, blank=True
    )
    max_length = models.PositiveSmallIntegerField(_("lama paling lama"))
    length_unit = models.CharField(_("satuan lama"), max_length=16, choices=LengthUnit.choices)
    gender = models.CharField(_("khusus jenis kelamin"), max_length=1, choices=Gender.choices, blank=True)
    uses_balance = models.BooleanField(_("mengurangi saldo cuti tahunan"), default=False)
    cancels_tahunan = models.BooleanField(_("menghapus cuti tahunan tahun itu"), default=False)
    # Attachments: required when the request is longer than N calendar days (0: always).
    attachment_over_days = models.PositiveSmallIntegerField(
        _("lampiran wajib bila lebih dari (hari)"), null=True, blank=True
    )
    attachment_label = models.CharField(_("lampiran yang diminta"), max_length=200, blank=True)
    strict_attachment_over_days = models.PositiveSmallIntegerField(
        _("lampiran khusus bila lebih dari (hari)"), null=True, blank=True
    )
    strict_attachment_label = models.CharField(_("lampiran khusus"), max_length=200, blank=True)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    valid_from = models.DateField(_("berlaku mulai"))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    source = models.CharField(_("dasar hukum"), max_length=200)

    class Meta:
        ordering = ["employee_kind", "order", "valid_from"]
        verbose_name = _("jenis cuti")
        verbose_name_plural = _("jenis cuti")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "employee_kind", "valid_from"], name="leave_type_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return str(self.display_name)

    @property
    def display_name(self) -> str:
        """The name in the reader's language: the reference names are msgids (choices.LEAVE_TYPE_NAMES);
        a name HR typed otherwise shows as typed. Documents and letters keep `name` (Indonesian)."""
        return gettext(self.name) if self.name else ""

    @property
    def note_display(self) -> str:
        """The rule text in the reader's language, as display_name (choices.LEAVE_TYPE_NOTES)."""
        return gettext(self.note) if self.note else ""

    @property
    def max_length_text(self) -> str:
        """ "3 bulan" / "3 months", "1 month": the longest leave of the type, plural as the language wants."""
        return length_text(self.max_length, self.length_unit)


class CalendarDay(models.Model):
    """A day HR added to or corrected in the agency's calendar for a year: a regional holiday, a
    national day off the agency works (is_off False), or a name corrected."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("tanggal"))
    is_off = models.BooleanField(_("hari libur"), default=True)
    kind = models.CharField(
        _("jenis"), max_length=16, choices=DayOffKind.choices, default=DayOffKind.LIBUR_DAERAH
    )
    name = models.CharField(_("keterangan"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["day"]
        verbose_name = _("hari kalender instansi")
        verbose_name_plural = _("hari kalender instansi")
        constraints = [models.UniqueConstraint(fields=["instansi", "day"], name="calendar_day_unique")]

    def __str__(self) -> str:
        return f"{self.day}: {self.name}"


class UnitWorkWeek(models.Model):
    """A unit that works six days a week (puskesmas, hospitals: Perpres 21/2023 Pasal 7); the units
    below it follow it unless they have their own setting."""

    unit = models.OneToOneField(
        UnitKerja, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit kerja")
    )
    days = models.PositiveSmallIntegerField(_("hari kerja seminggu"), choices=WorkWeek.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit__path"]
        verbose_name = _("hari kerja unit")
        verbose_name_plural = _("hari kerja unit")

    def __str__(self) -> str:
        return f"{self.unit}: {self.days}"


def attachment_path(instance: LeaveRequest, filename: str) -> str:
    return f"leave/{instance.employee_id}/{uuid.uuid4().hex}"


class LeaveRequest(models.Model):
    """An employee's leave request with the atasan's recommendation and the PyB's decision."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="leave_requests")
    leave_type = models.ForeignKey(
        LeaveType, on_delete=models.PROTECT, related_name="+", verbose_name=_("jenis cuti")
    )
    start = models.DateField(_("mulai tanggal"))
    end = models.DateField(_("sampai dengan"))
    length = models.PositiveSmallIntegerField(_("lamanya"))
    length_unit = models.CharField(max_length=16, choices=LengthUnit.choices)
    working_days = models.PositiveSmallIntegerField(_("hari kerja"))
    reason = models.TextField(_("alasan cuti"))
    address = models.CharField(_("alamat selama menjalankan cuti"), max_length=500)
    phone = models.CharField(_("telepon"), max_length=20)
    attachment = models.FileField(
        storage=core_files.private_storage, upload_to=attachment_path, max_length=200, blank=True
    )
    attachment_name = models.CharField(max_length=255, blank=True)
    state = models.CharField(
        _("status"), max_length=16, choices=RequestState.choices, default=RequestState.ATASAN
    )
    # Named when the request is sent (the unit tree and the PyB table may change afterwards).
    atasan = models.ForeignKey(Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    pyb = models.ForeignKey(Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    pyb_title = models.CharField(_("pejabat yang berwenang"), max_length=200, blank=True)
    recommendation = models.CharField(max_length=16, choices=Decision.choices, blank=True)
    recommendation_reason = models.TextField(blank=True)
    recommended_by = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recommended_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=16, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["attachment"])

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("permintaan cuti")
        verbose_name_plural = _("permintaan cuti")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="leave_request_end_after_start"
            ),
        ]
        indexes = [
            # The overlap check and "Cuti saya": an employee's requests by date.
            models.Index(fields=["employee", "start"], name="leave_request_employee_start"),
            # The approver's queue: requests waiting for a named atasan or PyB.
            models.Index(fields=["atasan", "state"], name="leave_request_atasan_state"),
            models.Index(fields=["pyb", "state"], name="leave_request_pyb_state"),
        ]

    def __str__(self) -> str:
        return f"{self.leave_type} {self.start}–{self.end}"

    def get_absolute_url(self) -> str:
        return reverse("leave:detail", args=[self.pk])

    @property
    def length_text(self) -> str:
        return length_text(self.length, self.length_unit)

    @property
    def working_days_text(self) -> str:
        return length_text(self.working_days, LengthUnit.HARI_KERJA)

    @property
    def is_open(self) -> bool:
        return self.state in (RequestState.ATASAN, RequestState.PYB)

    @property
    def is_decided(self) -> bool:
        return self.state in (
            RequestState.DISETUJUI,
            RequestState.PERUBAHAN,
            RequestState.DITANGGUHKAN,
            RequestState.TIDAK_DISETUJUI,
        )


class LedgerEntry(models.Model):
    """One row of an employee's cuti tahunan ledger: a grant, a use, an expiry, a return, an
    adjustment. `bucket` is the entitlement year the days belong to (N, N-1, N-2); the balance of a
    bucket is the sum of its rows. `key` makes the rows of a job or of a request unique, so that a
    repeated run or a repeated click writes nothing twice."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="leave_entries")
    kind = models.CharField(_("jenis"), max_length=16, choices=EntryKind.choices)
    bucket = models.PositiveSmallIntegerField(_("hak tahun"))
    year = models.PositiveSmallIntegerField(_("tahun"))  # the calendar year the row belongs to
    days = models.SmallIntegerField(_("hari"))
    reason = models.CharField(_("keterangan"), max_length=300)
    request = models.ForeignKey(
        LeaveRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    key = models.CharField(max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["employee", "created_at", "pk"]
        verbose_name = _("mutasi saldo cuti")
        verbose_name_plural = _("mutasi saldo cuti")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "key"], condition=~Q(key=""), name="leave_entry_unique_key"
            ),
        ]
        indexes = [
            # Balances: the sum per (employee, bucket).
            models.Index(fields=["employee", "bucket"], name="leave_entry_employee_bucket"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.bucket} {self.days:+d}"

    @property
    def reason_display(self) -> str:
        """The reason in the reader's language (leave.ledger_text)."""
        return reason_text(self.reason)


class PybRule(models.Model):
    """A row of an agency's table of who decides on leave (PP 11/2017 Pasal 309 delegation, set by
    each region's decree): the first row by priority whose criteria all hold names the official.
    Empty criteria match anything; with no matching row the head of the employee's OPD decides."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    priority = models.PositiveSmallIntegerField(_("urutan"), default=10)
    leave_kind = models.CharField(_("jenis cuti"), max_length=16, choices=LeaveKind.choices, blank=True)
    position_kind = models.CharField(
        _("jenis jabatan"), max_length=16, choices=PositionKind.choices, blank=True
    )
    golongan_from = models.CharField(_("golongan dari"), max_length=10, blank=True)
    golongan_to = models.CharField(_("golongan sampai"), max_length=10, blank=True)
    unit = models.ForeignKey(
        UnitKerja,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit kerja"),
    )
    decider = models.CharField(_("pejabat yang berwenang"), max_length=16, choices=DeciderKind.choices)
    official = models.ForeignKey(
        Employee, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("pejabat")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["instansi", "priority", "pk"]
        verbose_name = _("aturan pejabat yang berwenang")
        verbose_name_plural = _("aturan pejabat yang berwenang")

    def __str__(self) -> str:
        return f"{self.instansi_id} #{self.priority}: {self.decider}"


class ActingOfficial(models.Model):
    """A named acting official (Plt) who acts on leave requests for an absent atasan or PyB between
    two dates."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    absent = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="+", verbose_name=_("pejabat yang berhalangan")
    )
    acting = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+", verbose_name=_("Plt"))
    start = models.DateField(_("mulai tanggal"))
    end = models.DateField(_("sampai dengan"))
    reason = models.CharField(_("keterangan"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start", "pk"]
        verbose_name = _("pelaksana tugas (Plt)")
        verbose_name_plural = _("pelaksana tugas (Plt)")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="acting_official_end_after_start"
            ),
            models.CheckConstraint(condition=~Q(absent=models.F("acting")), name="acting_official_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.acting_id} for {self.absent_id}"


class LeaveYearOpening(models.Model):
    """The opening of a leave year in an agency (the subject of the yearly job's runs)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-year", "instansi"]
        constraints = [models.UniqueConstraint(fields=["instansi", "year"], name="leave_year_opening_unique")]

    def __str__(self) -> str:
        return f"{self.instansi_id} {self.year}"


class YearOpeningRun(JobRun):
    """One run of the yearly opening of an agency's cuti tahunan (grants and carry-over)."""

    opening = models.ForeignKey(LeaveYearOpening, on_delete=models.CASCADE, related_name="runs")
    # JobRun's cursor: the last employee id whose opening rows are written.

    class Meta(JobRun.Meta):
        constraints = [one_running("opening", name="leave_year_opening_one_running")]

    def __str__(self) -> str:
        return f"{self.opening_id}: {self.state} {self.processed}/{self.total}"


class LeaveLetter(models.Model):
    """The decision letter (surat izin cuti) of an approved request: numbered per agency and year with
    the approval (or, approved before that, when first downloaded), recorded once (who, when), with a random verification code (its QR code) and the
    SHA-256 of what it states. The public verification page reads it: the letter is valid while the
    request is still approved and still says what the letter says."""

    request = models.OneToOneField(LeaveRequest, on_delete=models.PROTECT, related_name="letter")
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    sequence = models.PositiveIntegerField(_("nomor urut"))
    number = models.CharField(_("nomor surat"), max_length=100)
    letter_date = models.DateField(_("tanggal surat"))
    # As printed: the verification page shows what the letter said.
    subject_name = models.CharField(_("nama pegawai"), max_length=250)
    subject_nip = models.CharField(_("NIP"), max_length=18)
    type_name = models.CharField(_("jenis cuti"), max_length=120)
    start = models.DateField(_("mulai tanggal"))
    end = models.DateField(_("sampai dengan"))
    code = models.CharField(_("kode verifikasi"), max_length=32, unique=True)
    digest = models.CharField(_("sidik isi (SHA-256)"), max_length=64)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    generated_at = models.DateTimeField(_("dibuat pada"), default=timezone.now)

    class Meta:
        ordering = ["-generated_at", "-pk"]
        verbose_name = _("surat izin cuti")
        verbose_name_plural = _("surat izin cuti")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "year", "sequence"], name="leave_letter_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Balance(models.Model):
    """The ledger summed per employee and year, for HR's balances page and its export: the days left
    in the buckets N-2, N-1 and N of `year` and their total (every bucket from N-2 on), as
    selectors.balances would sum them. Derived data: written only by
    leave.services.balances.refresh_balances, in the transaction of every ledger write, and rebuilt
    from the ledger by `manage.py leave_rebuild_balances`. An employee has a row for every year a
    ledger write or the yearly opening touched; the page treats a missing row as zeros."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="leave_balances")
    year = models.PositiveSmallIntegerField(_("tahun"))
    n2_days = models.SmallIntegerField(_("sisa N-2"), default=0)
    n1_days = models.SmallIntegerField(_("sisa N-1"), default=0)
    n_days = models.SmallIntegerField(_("sisa N"), default=0)
    total_days = models.SmallIntegerField(_("jumlah"), default=0)

    class Meta:
        ordering = ["employee", "year"]
        verbose_name = _("saldo cuti tahunan")
        verbose_name_plural = _("saldo cuti tahunan")
        constraints = [models.UniqueConstraint(fields=["employee", "year"], name="leave_balance_unique")]
        indexes = [
            # The balances page sorted by N or by the total, either way (ties by employee id, as
            # core.sorting orders them): a walk of the year's rows in the page's order.
            models.Index(fields=["year", "n_days", "employee"], name="leave_balance_year_n"),
            models.Index(fields=["year", "-n_days", "employee"], name="leave_balance_year_n_desc"),
            models.Index(fields=["year", "total_days", "employee"], name="leave_balance_year_total"),
            models.Index(fields=["year", "-total_days", "employee"], name="leave_balance_year_total_desc"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.year}: {self.n2_days}/{self.n1_days}/{self.n_days}"
