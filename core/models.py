"""Organisation: the agency (instansi), its tree of work units, and who is an HR officer where; and
JobRun, the abstract run of a long job (its claim, progress and resume are core.runs)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import files
from .choices import InstansiKind, RunState, TimeZone, UnitKind
from .querysets import UnitKerjaQuerySet

# Each path segment is a unit's id, zero-padded, followed by a separator, so that a prefix match
# ("path starts with X") never confuses unit 12 with unit 123.
PATH_SEGMENT_WIDTH = 8
PATH_SEPARATOR = "/"


def path_segment(unit_id: int) -> str:
    return f"{unit_id:0{PATH_SEGMENT_WIDTH}d}{PATH_SEPARATOR}"


def extend_path(parent: tuple[str, int] | None, unit_id: int) -> tuple[str, int]:
    """Path and depth of unit `unit_id` under a parent given as (path, depth); None: a root."""
    if parent is None:
        return path_segment(unit_id), 0
    return parent[0] + path_segment(unit_id), parent[1] + 1


def child_path(parent: "UnitKerja | None", unit_id: int) -> tuple[str, int]:
    """The stored path and depth of unit `unit_id` placed under `parent` (None: a root unit)."""
    return extend_path((parent.path, parent.depth) if parent is not None else None, unit_id)


def ids_from_path(path: str) -> list[int]:
    """The ids of a unit and its ancestors, root first, read from a stored path."""
    return [int(part) for part in path.split(PATH_SEPARATOR) if part]


class Instansi(models.Model):
    """A local government (agency) with its own time zone and HR office."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=12, choices=InstansiKind.choices)
    province = models.CharField(_("provinsi"), max_length=100)
    seat = models.CharField(_("kedudukan"), max_length=100)
    time_zone = models.CharField(_("zona waktu"), max_length=40, choices=TimeZone.choices)
    ppk_title = models.CharField(_("jabatan PPK"), max_length=120, help_text=_("Mis. Wali Kota Sorong"))
    hr_office_name = models.CharField(_("nama BKPSDM/BKD"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:unit_tree", args=[self.pk])

    @property
    def zone_label(self) -> str:
        return str(TimeZone(self.time_zone).label)


class UnitKerja(models.Model):
    """A work unit in an agency's tree; `path` holds the ids from the root down to this unit."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("unit induk"),
    )
    code = models.CharField(_("kode unit"), max_length=40)
    name = models.CharField(_("nama unit"), max_length=200)
    kind = models.CharField(_("jenis unit"), max_length=20, choices=UnitKind.choices)
    head_title = models.CharField(
        _("jabatan kepala unit"),
        max_length=200,
        blank=True,
        help_text=_("Mis. Kepala Dinas Kesehatan. Kosongkan bila unit tidak memiliki kepala."),
    )
    # Indexed for the subtree query "path LIKE 'x%'" (PostgreSQL adds a pattern-ops index).
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords(excluded_fields=["path", "depth"])

    objects = UnitKerjaQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "code"],
                name="unit_code_unique_per_instansi",
                violation_error_message=_("Kode unit ini sudah dipakai di instansi yang sama."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:unit_detail", args=[self.pk])

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to the parent, read from the path: no query."""
        return ids_from_path(self.path)[:-1]


class HrAssignment(models.Model):
    """Makes a user an HR officer (BKPSDM/BKD) of one agency."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="hr_assignments",
        verbose_name=_("pengguna"),
    )
    instansi = models.ForeignKey(
        Instansi, on_delete=models.CASCADE, related_name="hr_assignments", verbose_name=_("instansi")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("petugas kepegawaian")
        verbose_name_plural = _("petugas kepegawaian")
        constraints = [
            models.UniqueConstraint(fields=["user", "instansi"], name="hr_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.instansi}"


# --- Runs of long jobs ---------------------------------------------------------------------------------


class JobRun(models.Model):
    """One run of a long job over a subject (a period, a survey…): the lock, the progress and the cursor.

    A concrete run adds the foreign key to its subject and, in its Meta, `one_running(subject, name)`:
    the partial unique constraint that makes a RUNNING run the lock on its subject. core.runs claims,
    advances, finishes and fails runs.
    """

    state = models.CharField(max_length=8, choices=RunState.choices, default=RunState.RUNNING)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    cursor = models.BigIntegerField(default=0)  # the last id whose work is written: the resume point
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    heartbeat_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["-started_at", "-pk"]

    # The reason a run that never reached a worker is stalled (core.runs.enqueue_on_commit): a code,
    # shown translated (`error_display`).
    QUEUE_UNAVAILABLE = "queue-unavailable"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.processed * 100 // self.total)

    def is_stalled(self, *, now: datetime | None = None, limit: timedelta | None = None) -> bool:
        """RUNNING with a heartbeat older than the limit (settings.RUN_STALE_AFTER_SECONDS): nobody
        is working on it; core.runs.sweep queues it again."""
        limit = limit if limit is not None else timedelta(seconds=settings.RUN_STALE_AFTER_SECONDS)
        return self.state == RunState.RUNNING and self.heartbeat_at < (now or timezone.now()) - limit

    @property
    def stalled(self) -> bool:
        return self.is_stalled()

    @property
    def error_display(self) -> str:
        if self.error == self.QUEUE_UNAVAILABLE:
            return str(
                _(
                    "Antrean tugas (Redis) tidak dapat dihubungi. Penghitungan dimulai otomatis setelah antrean pulih."
                )
            )
        return self.error


def one_running(subject: str, *, name: str) -> models.UniqueConstraint:
    """The lock of a JobRun model: at most one RUNNING run per `subject`."""
    return models.UniqueConstraint(fields=[subject], condition=Q(state=RunState.RUNNING), name=name)


class ExportFile(models.Model):
    """A large export built by a job into private storage (core.exports): offered for download once
    complete, with its row count. Only the person who asked sees it."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=50)  # the registered builder (core.exports.BUILDERS)
    fmt = models.CharField(max_length=4)  # csv | xlsx
    params = models.JSONField(default=dict, blank=True)  # the list's filter as it was asked
    title = models.CharField(max_length=200)
    state = models.CharField(max_length=8, choices=RunState.choices, default=RunState.RUNNING)
    rows = models.PositiveIntegerField(null=True, blank=True)  # written rows, once complete
    file = models.FileField(storage=files.private_storage, upload_to="exports/", max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    QUEUE_UNAVAILABLE = "queue-unavailable"  # the error while its job waits for the broker

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="export_owner_recent")]

    def __str__(self) -> str:
        return self.title

    @property
    def ready(self) -> bool:
        return self.state == RunState.DONE and bool(self.file)

    @property
    def filename(self) -> str:
        return f"{self.kind}-{timezone.localtime(self.created_at):%Y%m%d-%H%M}.{self.fmt}"
