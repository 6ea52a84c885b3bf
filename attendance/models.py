"""Attendance (presensi): the agencies' schedules (with their weekdays), work locations (geofences),
the presensi records, the daily status of each employee and working day, and the TL/PSW band tables
(versioned reference data). How the two big tables are indexed and partitioned:
docs/attendance.md."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import files as core_files
from core.models import Instansi, JobRun, UnitKerja, one_running
from employees.models import Employee

from .choices import (
    FLEXIBLE_HOURS,
    FLEXIBLE_LOCATION,
    BandKind,
    CorrectionKind,
    CorrectionState,
    DayStatus,
    DisciplineKind,
    FlexibleMode,
    PresenceKind,
    PresenceSource,
    Sanction,
    ScheduleKind,
)
from .querysets import PresenceQuerySet, ScheduleQuerySet

WEEKDAYS = [
    (0, _("Senin")),
    (1, _("Selasa")),
    (2, _("Rabu")),
    (3, _("Kamis")),
    (4, _("Jumat")),
    (5, _("Sabtu")),
    (6, _("Minggu")),
]


class Schedule(models.Model):
    """A working-hours pattern of an agency (or of one unit and the units below it) for a span of dates."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        UnitKerja,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit kerja"),
        help_text=_("Kosongkan untuk seluruh instansi. Berlaku juga untuk unit di bawahnya."),
    )
    name = models.CharField(_("nama"), max_length=120)
    kind = models.CharField(
        _("jenis"), max_length=12, choices=ScheduleKind.choices, default=ScheduleKind.NORMAL
    )
    valid_from = models.DateField(_("berlaku mulai"))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ScheduleQuerySet.as_manager()

    class Meta:
        ordering = ["instansi", "valid_from", "pk"]
        verbose_name = _("jadwal kerja")
        verbose_name_plural = _("jadwal kerja")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="schedule_valid_range",
            ),
        ]
        indexes = [
            # Resolving a day's schedule: the agency's schedules in force on a date.
            models.Index(fields=["instansi", "valid_from"], name="schedule_instansi_from"),
        ]

    def __str__(self) -> str:
        return self.name


class ScheduleDay(models.Model):
    """The hours of one weekday under a schedule; a weekday without a row is not a working day."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="days")
    weekday = models.PositiveSmallIntegerField(_("hari"), choices=WEEKDAYS)
    start = models.TimeField(_("jam masuk"))
    end = models.TimeField(_("jam pulang"))
    break_start = models.TimeField(_("istirahat mulai"), null=True, blank=True)
    break_end = models.TimeField(_("istirahat selesai"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["schedule", "weekday"]
        verbose_name = _("hari jadwal")
        verbose_name_plural = _("hari jadwal")
        constraints = [
            models.UniqueConstraint(fields=["schedule", "weekday"], name="schedule_day_unique"),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="schedule_day_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(break_start__isnull=True, break_end__isnull=True)
                | Q(
                    break_start__gte=models.F("start"),
                    break_end__gt=models.F("break_start"),
                    break_end__lte=models.F("end"),
                ),
                name="schedule_day_break_inside",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H.%M}–{self.end:%H.%M}"


class WorkLocation(models.Model):
    """A place where presensi from the browser is accepted: a point and a radius (a geofence)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("nama lokasi"), max_length=200)
    latitude = models.DecimalField(
        _("lintang"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("bujur"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    radius_m = models.PositiveIntegerField(
        _("radius (meter)"), validators=[MinValueValidator(10), MaxValueValidator(5000)], default=100
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["instansi", "name"]
        verbose_name = _("lokasi kerja")
        verbose_name_plural = _("lokasi kerja")
        indexes = [
            # The check-in reads the active locations of the employee's agency (then caches them).
            models.Index(fields=["instansi", "is_active"], name="worklocation_instansi_active"),
        ]

    def __str__(self) -> str:
        return self.name


class Presence(models.Model):
    """One presensi record: a check-in or check-out at the server's clock, from the browser, a
    device or an imported device file. `work_date` is the agency-local date of `at`."""

    id = models.BigAutoField(primary_key=True)
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    work_date = models.DateField(_("tanggal"))
    at = models.DateTimeField(_("waktu"))
    kind = models.CharField(_("jenis"), max_length=3, choices=PresenceKind.choices)
    source = models.CharField(_("sumber"), max_length=8, choices=PresenceSource.choices)
    device = models.CharField(_("mesin"), max_length=64, blank=True)
    latitude = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True, blank=True)
    accuracy_m = models.PositiveIntegerField(_("akurasi (meter)"), null=True, blank=True)
    distance_m = models.PositiveIntegerField(_("jarak ke lokasi (meter)"), null=True, blank=True)
    work_location = models.ForeignKey(
        WorkLocation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PresenceQuerySet.as_manager()

    class Meta:
        ordering = ["at"]
        verbose_name = _("presensi")
        verbose_name_plural = _("presensi")
        constraints = [
            # One browser check-in and one browser check-out per employee and day: a double tap (or
            # two requests racing) gives one row; the check-out is moved, never duplicated. This
            # index also serves "today's records of this employee" (employee, work_date).
            models.UniqueConstraint(
                fields=["employee", "work_date", "kind"],
                condition=Q(source=PresenceSource.BROWSER),
                name="presence_one_browser_record_per_day",
            ),
            # A device log read twice (the same file imported again) is ignored, not doubled.
            # `work_date` (the local date of `at`) is in it because the table is partitioned on it.
            models.UniqueConstraint(
                fields=["employee", "work_date", "at", "kind", "device"],
                condition=~Q(source=PresenceSource.BROWSER),
                name="presence_device_log_unique",
            ),
        ]
        indexes = [
            # The nightly build reads one day of every employee (work_date = d); on PostgreSQL the
            # table is partitioned by month on this column (migration 0010, docs/attendance.md).
            models.Index(fields=["work_date", "employee"], name="presence_date_employee"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.kind} {self.at:%Y-%m-%d %H:%M:%S}"


class DailyStatus(models.Model):
    """The status of one employee on one day (built by the nightly job from records, schedule,
    leave, travel and training). Partitioned by month on `date` on PostgreSQL (docs/attendance.md)."""

    id = models.BigAutoField(primary_key=True)
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("tanggal"))
    status = models.CharField(_("status"), max_length=12, choices=DayStatus.choices)
    check_in = models.DateTimeField(_("masuk"), null=True, blank=True)
    check_out = models.DateTimeField(_("pulang"), null=True, blank=True)
    minutes_late = models.PositiveSmallIntegerField(_("menit terlambat"), default=0)
    minutes_early = models.PositiveSmallIntegerField(_("menit pulang cepat"), default=0)
    tl_band = models.CharField(_("kategori TL"), max_length=8, blank=True)
    psw_band = models.CharField(_("kategori PSW"), max_length=8, blank=True)
    computed_at = models.DateTimeField(_("dihitung"), auto_now=True)

    class Meta:
        ordering = ["date", "employee"]
        verbose_name = _("status harian")
        verbose_name_plural = _("status harian")
        constraints = [
            # One row per employee and day: the nightly job upserts on it (idempotent), and it
            # serves an employee's month (employee, date range). It holds the partition key.
            models.UniqueConstraint(fields=["employee", "date"], name="daily_status_unique"),
        ]
        indexes = [
            # The recap of an agency's month and the head's "today": one date range, every employee.
            models.Index(fields=["date", "status"], name="daily_status_date_status"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.date}: {self.status}"


class BandTable(models.Model):
    """An agency's TL/PSW band table from its Perkada, valid for a span of dates (regions change it)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("nama"), max_length=200, help_text=_("Mis. Perwali Nomor 12 Tahun 2025"))
    valid_from = models.DateField(_("berlaku mulai"))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    absence_cut_percent = models.DecimalField(
        _("potongan tanpa keterangan (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    attendance_share_percent = models.DecimalField(
        _("porsi disiplin/kehadiran dari TPP (%)"),
        max_digits=5,
        decimal_places=2,
        default=40,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Bagian TPP yang dipotong menurut presensi; sisanya bagian kinerja (umumnya 60/40)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["instansi", "-valid_from"]
        verbose_name = _("tabel potongan TL/PSW")
        verbose_name_plural = _("tabel potongan TL/PSW")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "valid_from"], name="band_table_unique_version"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="band_table_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Band(models.Model):
    """One band of a table: TL or PSW, from–to minutes (no upper limit on the last), the TPP cut."""

    table = models.ForeignKey(BandTable, on_delete=models.CASCADE, related_name="bands")
    kind = models.CharField(_("jenis"), max_length=3, choices=BandKind.choices)
    code = models.CharField(_("kode"), max_length=8)
    min_minutes = models.PositiveSmallIntegerField(_("dari menit"), validators=[MinValueValidator(1)])
    max_minutes = models.PositiveSmallIntegerField(_("sampai menit"), null=True, blank=True)
    cut_percent = models.DecimalField(
        _("potongan (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["table", "kind", "min_minutes"]
        verbose_name = _("kategori TL/PSW")
        verbose_name_plural = _("kategori TL/PSW")
        constraints = [
            models.UniqueConstraint(fields=["table", "code"], name="band_code_unique"),
            models.CheckConstraint(
                condition=Q(max_minutes__isnull=True) | Q(max_minutes__gte=models.F("min_minutes")),
                name="band_range",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Device(models.Model):
    """An office presensi device (fingerprint or face reader) of an agency. It sends its logs to the
    device endpoint with its own token; only a hash of the token is stored (the plain token is shown
    once, when made). `code` is what the device calls itself (its serial number or a name) and what
    the presensi records it sends or a device file names carry in `Presence.device`."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(
        _("kode/nomor seri"),
        max_length=64,
        help_text=_("Nomor seri atau nama mesin seperti tertulis pada log mesin."),
    )
    name = models.CharField(_("nama mesin"), max_length=200)
    work_location = models.ForeignKey(
        WorkLocation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lokasi kerja"),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    # The first characters of the token (not secret): find the device, then compare the hash.
    token_prefix = models.CharField(max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)
    last_seen = models.DateTimeField(_("terakhir terhubung"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["last_seen", "token_hash"])

    class Meta:
        ordering = ["instansi", "name"]
        verbose_name = _("mesin presensi")
        verbose_name_plural = _("mesin presensi")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "code"], name="device_code_unique"),
        ]
        indexes = [
            models.Index(fields=["token_prefix"], name="device_token_prefix"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Shift(models.Model):
    """A shift of a unit that works in shifts (a puskesmas, a hospital, a counter; Perpres 21/2023
    Pasal 7): its hours on the day it is worked. A shift ends on the day it starts (no night shift
    across midnight yet: docs/domain-notes.md)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        UnitKerja,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit kerja"),
        help_text=_("Kosongkan untuk seluruh instansi. Berlaku juga untuk unit di bawahnya."),
    )
    code = models.CharField(_("kode"), max_length=4, help_text=_("Mis. P (pagi), S (siang)."))
    name = models.CharField(_("nama"), max_length=60)
    start = models.TimeField(_("jam masuk"))
    end = models.TimeField(_("jam pulang"))
    break_start = models.TimeField(_("istirahat mulai"), null=True, blank=True)
    break_end = models.TimeField(_("istirahat selesai"), null=True, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["instansi", "start", "code"]
        verbose_name = _("shift")
        verbose_name_plural = _("shift")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "code"], name="shift_code_unique"),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="shift_end_after_start"),
            models.CheckConstraint(
                condition=Q(break_start__isnull=True, break_end__isnull=True)
                | Q(
                    break_start__gte=models.F("start"),
                    break_end__gt=models.F("break_start"),
                    break_end__lte=models.F("end"),
                ),
                name="shift_break_inside",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name} ({self.start:%H.%M}–{self.end:%H.%M})"


class ShiftAssignment(models.Model):
    """Who works which shift on a day (the roster). A row without a shift is a day off on the roster.
    A day without a row follows the unit's schedule."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("tanggal"))
    shift = models.ForeignKey(
        Shift, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("shift")
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    set_at = models.DateTimeField(_("diatur"), auto_now=True)

    class Meta:
        ordering = ["date", "employee"]
        verbose_name = _("jadwal shift pegawai")
        verbose_name_plural = _("jadwal shift pegawai")
        constraints = [
            # One roster entry per employee and day; it serves one employee's days too.
            models.UniqueConstraint(fields=["employee", "date"], name="shift_assignment_unique"),
        ]
        indexes = [
            # The nightly build and the roster page read a date range for many employees.
            models.Index(fields=["date", "employee"], name="shift_assignment_date_emp"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.date}: {self.shift_id or '-'}"


def travel_letter_path(instance: models.Model, filename: str) -> str:
    """Where an SPT scan is stored: private storage, a random name (the original name is kept apart)."""
    return f"attendance/dinas-luar/{uuid.uuid4().hex}"


class DinasLuar(models.Model):
    """Official travel (dinas luar) of an employee between two dates, on its letter (Surat Perintah
    Tugas): recorded by HR of the agency or the employee's head; its days are not absences."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="+", verbose_name=_("pegawai")
    )
    start = models.DateField(_("mulai tanggal"))
    end = models.DateField(_("sampai dengan"))
    letter_number = models.CharField(_("nomor SPT"), max_length=100)
    letter_date = models.DateField(_("tanggal SPT"))
    purpose = models.CharField(_("keperluan"), max_length=300, blank=True)
    letter_file = models.FileField(
        storage=core_files.private_storage, upload_to=travel_letter_path, max_length=200, blank=True
    )
    letter_file_name = models.CharField(max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["letter_file"])

    class Meta:
        ordering = ["-start", "pk"]
        verbose_name = _("dinas luar")
        verbose_name_plural = _("dinas luar")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="dinas_luar_range"),
        ]
        indexes = [
            # The nightly build: the travels of a batch of employees overlapping a span of dates.
            models.Index(fields=["employee", "start"], name="dinas_luar_employee_start"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.start}–{self.end} ({self.letter_number})"


class AttendanceRun(JobRun):
    """One run of the build of an agency's daily statuses over a span of dates (core.runs: one at a
    time per agency, resumed from its cursor, the last employee id whose days are written)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)

    class Meta(JobRun.Meta):
        constraints = [one_running("instansi", name="attendance_run_one_running")]

    def __str__(self) -> str:
        return f"{self.instansi_id} {self.start}–{self.end}: {self.state} {self.processed}/{self.total}"


class AttendanceSettings(models.Model):
    """An agency's attendance switches (domain.md §10): whether accumulated late minutes convert into
    days of unexcused absence for the PP 94/2021 count (off by default: Unsure), and at how many
    minutes a day. An agency without a row has the defaults."""

    instansi = models.OneToOneField(Instansi, on_delete=models.CASCADE, related_name="+")
    convert_late_minutes = models.BooleanField(
        _("konversi menit terlambat ke hari"),
        default=False,
        help_text=_(
            "Bila aktif, akumulasi menit terlambat setahun dihitung sebagai hari tidak masuk kerja "
            "tanpa keterangan (ketentuan lama PP 53/2010: 7,5 jam = 1 hari)."
        ),
    )
    minutes_per_day = models.PositiveSmallIntegerField(
        _("menit per hari"),
        default=450,
        validators=[MinValueValidator(60), MaxValueValidator(1440)],
        help_text=_("Jumlah menit terlambat yang setara dengan satu hari (450 menit = 7,5 jam)."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pengaturan presensi")
        verbose_name_plural = _("pengaturan presensi")
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes_per_day__gte=60, minutes_per_day__lte=1440),
                name="attendance_settings_minutes_per_day_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.instansi)


class DisciplineFlag(models.Model):
    """A PP 94/2021 threshold of unexcused absence an employee reached in a calendar year: a flag for
    HR to review, never a sanction (domain.md §10). One row per (employee, year, kind, days), so a
    rerun of the nightly check never flags or notifies twice. When a recomputation (a correction
    approved) brings the count back under the threshold, the row stays and `reconsidered_at` says it
    no longer holds ("tidak berlaku lagi"); reaching it again reinstates it (`round` + 1)."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    kind = models.CharField(_("jenis"), max_length=10, choices=DisciplineKind.choices)
    days = models.PositiveSmallIntegerField(_("ambang (hari)"))
    sanction = models.CharField(_("hukuman disiplin"), max_length=20, choices=Sanction.choices)
    reached_on = models.DateField(_("tercapai pada"))
    count = models.PositiveSmallIntegerField(_("jumlah hari saat tercapai"))
    late_minutes = models.PositiveIntegerField(_("menit terlambat dikonversi"), default=0)
    # The days that count, in order: [{"date": "2026-03-02", "status": "tk"}, …], and, when the
    # agency converts late minutes, the late days up to the threshold with their minutes.
    dates = models.JSONField(_("hari yang dihitung"), default=list)
    reconsidered_at = models.DateTimeField(_("tidak berlaku lagi sejak"), null=True, blank=True)
    round = models.PositiveSmallIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "-reached_on", "pk"]
        verbose_name = _("ambang disiplin")
        verbose_name_plural = _("ambang disiplin")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year", "kind", "days"], name="discipline_flag_once_per_threshold"
            ),
        ]
        indexes = [
            # HR's list: an agency's year, newest first.
            models.Index(fields=["instansi", "year", "reached_on"], name="discipline_flag_agency_year"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.year} {self.kind} {self.days}"

    @property
    def in_force(self) -> bool:
        return self.reconsidered_at is None


def correction_evidence_path(instance: Correction, filename: str) -> str:
    return f"attendance/koreksi/{instance.employee_id}/{uuid.uuid4().hex}"


class Correction(models.Model):
    """An employee's request to correct a day's presensi (forgot to check in or out, a broken
    device, official travel), decided by the atasan langsung named when it was sent. On approval the
    corrected times become Presence rows of source "koreksi" and the day is built again."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("tanggal"))
    kind = models.CharField(_("jenis koreksi"), max_length=12, choices=CorrectionKind.choices)
    # Local times of the agency's zone on `date` (the corrected check-in and/or check-out).
    check_in = models.TimeField(_("jam masuk"), null=True, blank=True)
    check_out = models.TimeField(_("jam pulang"), null=True, blank=True)
    reason = models.TextField(_("alasan"))
    evidence = models.FileField(
        storage=core_files.private_storage, upload_to=correction_evidence_path, max_length=200, blank=True
    )
    evidence_name = models.CharField(max_length=255, blank=True)
    state = models.CharField(
        _("status"), max_length=12, choices=CorrectionState.choices, default=CorrectionState.DIAJUKAN
    )
    # Named when the request is sent (the unit tree may change afterwards).
    atasan = models.ForeignKey(Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)
    created_at = models.DateTimeField(_("diajukan"), default=timezone.now)
    history = HistoricalRecords(excluded_fields=["evidence"])

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("koreksi presensi")
        verbose_name_plural = _("koreksi presensi")
        constraints = [
            # One open request per employee and day (two submits racing: one row).
            models.UniqueConstraint(
                fields=["employee", "date"],
                condition=Q(state=CorrectionState.DIAJUKAN),
                name="correction_one_open_per_day",
            ),
            models.CheckConstraint(
                condition=Q(check_in__isnull=True)
                | Q(check_out__isnull=True)
                | Q(check_out__gt=models.F("check_in")),
                name="correction_out_after_in",
            ),
        ]
        indexes = [
            # The employee's list and month (employee, date range).
            models.Index(fields=["employee", "date"], name="correction_employee_date"),
            # The atasan's queue (atasan, state).
            models.Index(fields=["atasan", "state"], name="correction_atasan_state"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.date}: {self.kind} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state == CorrectionState.DIAJUKAN


class FlexibleWork(models.Model):
    """A flexible-work arrangement of an employee between two dates (PermenPANRB 4/2025), on its
    decision letter: flexible location (WFA: the check-in's geofence is not required), flexible hours
    (the day's hours still count, its start and end are not enforced), or both. The employee still
    records presensi; a working day under it with presensi is "WFA/fleksibel" (docs/domain-notes.md).
    Recorded by HR of the agency or the employee's head; one arrangement at a time per employee."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="+", verbose_name=_("pegawai")
    )
    start = models.DateField(_("mulai tanggal"))
    end = models.DateField(_("sampai dengan"))
    mode = models.CharField(_("jenis fleksibilitas"), max_length=12, choices=FlexibleMode.choices)
    letter_number = models.CharField(_("nomor surat keputusan"), max_length=100)
    letter_date = models.DateField(_("tanggal surat keputusan"))
    note = models.CharField(_("keterangan"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start", "pk"]
        verbose_name = _("kerja fleksibel")
        verbose_name_plural = _("kerja fleksibel")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="flexible_work_range"),
        ]
        indexes = [
            # The nightly build (a batch's arrangements over a span) and the check-in's "today".
            models.Index(fields=["employee", "start"], name="flexible_work_employee_start"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.start}–{self.end} {self.mode} ({self.letter_number})"

    @property
    def frees_location(self) -> bool:
        return self.mode in FLEXIBLE_LOCATION

    @property
    def frees_hours(self) -> bool:
        return self.mode in FLEXIBLE_HOURS
