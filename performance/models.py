"""Performance management (PermenPANRB 6/2022): the year and its periods, the SKP with its RHK,
IKI and behaviour expectations, realisations, the dialog, appraisals, and what the scoring job
computes. The rules live in rules.py, the writes in services.py; models hold fields only."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import Instansi, JobRun, UnitKerja, one_running
from employees.models import Document, Employee

from .choices import (
    AppraisalState,
    BehaviourValue,
    CoachingState,
    Direction,
    DistributionLimitKind,
    Frequency,
    OrganisationPredikat,
    PeriodKind,
    Predikat,
    Rating,
    SkpAction,
    SkpState,
)

# Room for capaian/indeks without rounding them (domain §7: round only for display).
SCORE_MAX_DIGITS = 24
SCORE_DECIMALS = 12
# Targets and realisations (counts, percentages, days, rupiah): 18 digits, 4 decimals.
# What a form may accept for them: 15 significant digits (11 before the comma, 4 after). SQLite keeps
# a decimal column as a binary float, exact to 15 digits; a value with more digits can read back one
# digit longer than the column (99999999999999.9999 became 1E+14), which breaks every page.
NUMBER_MAX = Decimal("99999999999.9999")
NUMBER_MIN_POSITIVE = Decimal("0.0001")  # the smallest target greater than zero (4 decimals)
# IKI weights: 6 digits, 2 decimals, greater than zero.
WEIGHT_MIN = Decimal("0.01")
WEIGHT_MAX = Decimal("9999.99")

QUARTERS = ["I", "II", "III", "IV"]


class PerformanceYear(models.Model):
    """An agency's performance year: evaluation frequency, deadlines and rating thresholds."""

    instansi = models.ForeignKey(
        Instansi, on_delete=models.PROTECT, related_name="performance_years", verbose_name=_("instansi")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    frequency = models.CharField(
        _("frekuensi evaluasi periodik"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    skp_deadline = models.DateField(_("batas persetujuan SKP"))
    realisation_days = models.PositiveSmallIntegerField(
        _("batas lapor realisasi (hari setelah periode)"), default=5
    )
    appraisal_days = models.PositiveSmallIntegerField(_("batas penilaian (hari setelah periode)"), default=10)
    threshold_above = models.DecimalField(
        _("ambang Di Atas Ekspektasi (indeks)"), max_digits=6, decimal_places=2, default=110
    )
    threshold_meets = models.DecimalField(
        _("ambang Sesuai Ekspektasi (indeks)"), max_digits=6, decimal_places=2, default=80
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["instansi", "-year"]
        verbose_name = _("tahun kinerja")
        verbose_name_plural = _("tahun kinerja")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "year"], name="performance_year_unique"),
            models.CheckConstraint(
                condition=Q(threshold_above__gt=F("threshold_meets")), name="performance_year_thresholds"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instansi} {self.year}"


class Period(models.Model):
    """An evaluation period of a performance year: a periodic one, or the annual evaluation."""

    year = models.ForeignKey(PerformanceYear, on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(_("jenis"), max_length=10, choices=PeriodKind.choices)
    number = models.PositiveSmallIntegerField(_("nomor"))  # 1..12/4/2; 0 for the annual evaluation
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"))
    realisation_deadline = models.DateField(_("batas lapor realisasi"))
    appraisal_deadline = models.DateField(_("batas penilaian"))

    class Meta:
        ordering = ["year", "end", "-kind"]
        verbose_name = _("periode penilaian")
        verbose_name_plural = _("periode penilaian")
        constraints = [
            models.UniqueConstraint(fields=["year", "kind", "number"], name="period_unique"),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="period_dates"),
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def is_annual(self) -> bool:
        return self.kind == PeriodKind.ANNUAL

    @property
    def label(self) -> str:
        year = self.start.year
        if self.is_annual:
            return str(_("Tahunan %(year)s") % {"year": year})
        length = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        if length == 1:
            return date_format(self.start, "F Y")
        if length == 3:
            return str(_("Triwulan %(n)s %(year)s") % {"n": QUARTERS[self.number - 1], "year": year})
        return str(_("Semester %(n)s %(year)s") % {"n": "I" * self.number, "year": year})


class Skp(models.Model):
    """An employee's performance plan (SKP) for a year; a revision is a new version of it."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="skps")
    year = models.ForeignKey(PerformanceYear, on_delete=models.PROTECT, related_name="skps")
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    state = models.CharField(_("status"), max_length=12, choices=SkpState.choices, default=SkpState.DRAFT)
    # The atasan langsung who approves and rates it; set when it is drafted and again on submission.
    appraiser = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="skps_to_appraise"
    )
    # Named by HR (performance.services.appraisers): the appraiser stays whoever the unit tree says,
    # until HR names another again; submission and the tree check no longer re-point it.
    appraiser_named = models.BooleanField(default=False, editable=False)
    # The Sekda's SKP: their pejabat penilai is the kepala daerah, who has no account (no employee
    # record); HR officers of the agency record the kepala daerah's decisions. Set on submission.
    kepala_daerah_appraises = models.BooleanField(default=False, editable=False)
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="revisions"
    )
    revision_reason = models.TextField(_("alasan revisi"), blank=True)
    # How many IKI this version has: the scoring job's iki_total without joining RHK and IKI. Set by
    # services.planning.count_ikis when the version is approved (an approved SKP is locked).
    iki_count = models.PositiveIntegerField(default=0, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year__year", "-version"]
        verbose_name = _("SKP")
        verbose_name_plural = _("SKP")
        constraints = [
            models.UniqueConstraint(fields=["employee", "year", "version"], name="skp_version_unique"),
            # One approved version at a time, and at most one version in the works beside it.
            models.UniqueConstraint(
                fields=["employee", "year"], condition=Q(state=SkpState.APPROVED), name="skp_one_approved"
            ),
            models.UniqueConstraint(
                fields=["employee", "year"],
                condition=Q(state__in=[SkpState.DRAFT, SkpState.SUBMITTED, SkpState.RETURNED]),
                name="skp_one_open",
            ),
        ]
        indexes = [
            # The head's queue: SKPs waiting for this appraiser.
            models.Index(fields=["appraiser", "state"], name="skp_appraiser_state_idx"),
            # HR monitoring and scoring: the SKPs of a year by state.
            models.Index(fields=["year", "state"], name="skp_year_state_idx"),
        ]

    def __str__(self) -> str:
        return f"SKP {self.year.year} v{self.version} – {self.employee}"

    def get_absolute_url(self) -> str:
        return reverse("performance:skp_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.state in (SkpState.DRAFT, SkpState.RETURNED)


class SkpTransition(models.Model):
    """One step of an SKP through its workflow: who took it, when and why."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=10, choices=SkpAction.choices)
    from_state = models.CharField(max_length=12, choices=SkpState.choices)
    to_state = models.CharField(max_length=12, choices=SkpState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    comment = models.TextField(_("catatan"), blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("riwayat SKP")
        verbose_name_plural = _("riwayat SKP")

    def __str__(self) -> str:
        return f"{self.skp_id}: {self.from_state} → {self.to_state}"


class Rhk(models.Model):
    """A rencana hasil kerja of an SKP, cascading from a RHK of the superior's SKP."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="rhks")
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)
    text = models.CharField(_("rencana hasil kerja"), max_length=500)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("RHK atasan yang diintervensi"),
    )
    # The RHK this one was copied from: the previous version (revision) or the head's own (copy down).
    origin = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["skp", "order", "pk"]
        verbose_name = _("rencana hasil kerja")
        verbose_name_plural = _("rencana hasil kerja")

    def __str__(self) -> str:
        return self.text


class Iki(models.Model):
    """An indikator kinerja individu of a RHK with its target per period (numeric or qualitative)."""

    rhk = models.ForeignKey(Rhk, on_delete=models.CASCADE, related_name="ikis")
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)
    indicator = models.CharField(_("indikator kinerja individu"), max_length=500)
    # None: a qualitative target (described in target_text), outside the numeric indeks.
    target = models.DecimalField(_("target"), null=True, blank=True, max_digits=18, decimal_places=4)
    target_text = models.CharField(_("keterangan target"), max_length=300, blank=True)
    unit = models.CharField(_("satuan"), max_length=60, blank=True)
    direction = models.CharField(_("arah"), max_length=6, choices=Direction.choices, default=Direction.HIGHER)
    weight = models.DecimalField(_("bobot"), max_digits=6, decimal_places=2, default=1)
    origin = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["rhk", "order", "pk"]
        verbose_name = _("indikator kinerja individu")
        verbose_name_plural = _("indikator kinerja individu")
        constraints = [
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gt=0), name="iki_target_positive"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="iki_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.indicator

    @property
    def is_numeric(self) -> bool:
        return self.target is not None


class BehaviourExpectation(models.Model):
    """The superior's expectation of one BerAKHLAK value in an SKP."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="behaviours")
    value = models.CharField(_("perilaku kerja"), max_length=12, choices=BehaviourValue.choices)
    expectation = models.TextField(_("ekspektasi khusus pimpinan"), blank=True)

    class Meta:
        ordering = ["skp", "pk"]
        verbose_name = _("ekspektasi perilaku")
        verbose_name_plural = _("ekspektasi perilaku")
        constraints = [models.UniqueConstraint(fields=["skp", "value"], name="behaviour_unique")]

    def __str__(self) -> str:
        return self.get_value_display()


class Realisation(models.Model):
    """What an employee reports for one IKI in one period, with evidence and a self-assessment."""

    iki = models.ForeignKey(Iki, on_delete=models.PROTECT, related_name="realisations")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="realisations")
    # Denormalised from iki.rhk.skp.employee so that scoring groups by employee without joins.
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="realisations")
    value = models.DecimalField(_("realisasi"), null=True, blank=True, max_digits=18, decimal_places=4)
    text = models.TextField(_("uraian realisasi"), blank=True)
    note = models.TextField(_("catatan penilaian diri"), blank=True)
    evidence = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("bukti")
    )
    evidence_link = models.URLField(_("tautan bukti"), blank=True, max_length=500)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["period", "iki"]
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        constraints = [
            models.UniqueConstraint(fields=["iki", "period"], name="realisation_unique"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="realisation_value_non_negative"
            ),
        ]
        indexes = [
            # Scoring: the realisations of a period for a batch of employee ids. Covering, so that a
            # batch reads its slice of the index only, not the whole month's rows in the table
            # (bench/skp_scoring.py: 0.50 s -> 0.27 s per batch of 10,000 employees). iki and value
            # are key columns rather than INCLUDE ones: SQLite has no INCLUDE (system check W040 at
            # every migrate), and as trailing keys they cover the same reads on both databases.
            models.Index(fields=["period", "employee", "iki", "value"], name="realisation_scoring_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.iki_id}@{self.period_id}: {self.value}"


# The key of the dialog thread that is about no IKI and no behaviour value.
GENERAL_THREAD = "umum"


class Feedback(models.Model):
    """One message of the dialog kinerja on an SKP: about an IKI, a behaviour value, or in general."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="feedback")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    iki = models.ForeignKey(Iki, on_delete=models.CASCADE, null=True, blank=True, related_name="feedback")
    behaviour = models.CharField(
        _("perilaku kerja"), max_length=12, choices=BehaviourValue.choices, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_employee = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("pesan"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("umpan balik")
        verbose_name_plural = _("umpan balik")
        constraints = [
            models.CheckConstraint(
                condition=Q(iki__isnull=True) | Q(behaviour=""), name="feedback_one_topic"
            ),
        ]
        indexes = [models.Index(fields=["skp", "period", "created_at"], name="feedback_thread_idx")]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        """The dialog of the message's period, opened at its thread."""
        url = reverse("performance:dialog", args=[self.skp_id])
        if self.period_id is not None:
            url = f"{url}?period={self.period_id}"
        return f"{url}#{self.thread}"

    @property
    def thread(self) -> str:
        """The dialog thread the message belongs to: "iki-<pk>", "perilaku-<value>" or GENERAL_THREAD."""
        if self.iki_id:
            return f"iki-{self.iki_id}"
        if self.behaviour:
            return f"perilaku-{self.behaviour}"
        return GENERAL_THREAD


class Appraisal(models.Model):
    """The superior's rating of an employee for a period (periodic or annual) and its predikat."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="appraisals")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="appraisals")
    skp = models.ForeignKey(Skp, on_delete=models.PROTECT, related_name="appraisals")
    # None when the kepala daerah rated (the Sekda's appraisal, recorded by HR: Skp.kepala_daerah_appraises).
    appraiser = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="appraisals_given"
    )
    state = models.CharField(
        _("status"), max_length=10, choices=AppraisalState.choices, default=AppraisalState.DRAFT
    )
    indeks = models.DecimalField(
        _("indeks capaian"), null=True, blank=True, max_digits=SCORE_MAX_DIGITS, decimal_places=SCORE_DECIMALS
    )
    suggested_hasil = models.CharField(
        _("saran rating hasil kerja"), max_length=6, choices=Rating.choices, blank=True
    )
    rating_hasil = models.CharField(_("rating hasil kerja"), max_length=6, choices=Rating.choices, blank=True)
    override_reason = models.TextField(_("alasan berbeda dari saran"), blank=True)
    rating_perilaku = models.CharField(
        _("rating perilaku kerja"), max_length=6, choices=Rating.choices, blank=True
    )
    predikat = models.CharField(_("predikat kinerja"), max_length=16, choices=Predikat.choices, blank=True)
    note = models.TextField(_("catatan atasan"), blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "employee"]
        verbose_name = _("penilaian kinerja")
        verbose_name_plural = _("penilaian kinerja")
        constraints = [models.UniqueConstraint(fields=["employee", "period"], name="appraisal_unique")]
        indexes = [
            # The head's queue and the HR monitoring: appraisals of a period by state.
            models.Index(fields=["period", "state"], name="appraisal_period_state_idx"),
            models.Index(fields=["appraiser", "state"], name="appraisal_appraiser_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} – {self.period}"

    def get_absolute_url(self) -> str:
        """The appraisal page of the period, on the SKP it was rated on."""
        return reverse("performance:appraisal", args=[self.skp_id, self.period_id])


class BehaviourRating(models.Model):
    """The rating of one BerAKHLAK value in an appraisal."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="behaviour_ratings")
    value = models.CharField(_("perilaku kerja"), max_length=12, choices=BehaviourValue.choices)
    rating = models.CharField(_("rating"), max_length=6, choices=Rating.choices)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["appraisal", "pk"]
        verbose_name = _("rating perilaku")
        verbose_name_plural = _("rating perilaku")
        constraints = [models.UniqueConstraint(fields=["appraisal", "value"], name="behaviour_rating_unique")]

    def __str__(self) -> str:
        return f"{self.value}: {self.rating}"


class AppraisalReopening(models.Model):
    """An HR officer reopened a final appraisal, with the reason (the audit trail)."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="reopenings")
    reason = models.TextField(_("alasan"))
    previous_predikat = models.CharField(max_length=16, choices=Predikat.choices, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("pembukaan kembali penilaian")
        verbose_name_plural = _("pembukaan kembali penilaian")

    def __str__(self) -> str:
        return f"{self.appraisal_id} @ {self.at:%Y-%m-%d}"


class UnitPredikat(models.Model):
    """The predikat kinerja organisasi of a unit for a year, set by HR."""

    year = models.ForeignKey(PerformanceYear, on_delete=models.CASCADE, related_name="unit_predikat")
    unit = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, related_name="+")
    predikat = models.CharField(_("predikat organisasi"), max_length=16, choices=OrganisationPredikat.choices)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("predikat kinerja organisasi")
        verbose_name_plural = _("predikat kinerja organisasi")
        constraints = [models.UniqueConstraint(fields=["year", "unit"], name="unit_predikat_unique")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year.year}: {self.predikat}"


class DistributionRuleSet(models.Model):
    """A version of the allowed distribution of employee predikat per organisation predikat (domain
    §7: MenPANRB guidance, exact instrument Unsure), in force from `valid_from` to `valid_to`."""

    version = models.CharField(_("versi"), max_length=60, unique=True)
    source = models.CharField(_("sumber"), max_length=300)
    valid_from = models.DateField(_("berlaku mulai"), unique=True)
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("aturan distribusi predikat")
        verbose_name_plural = _("aturan distribusi predikat")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="distribution_rule_set_dates",
                violation_error_message=_(
                    "Tanggal berlaku sampai tidak boleh sebelum tanggal berlaku mulai."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.version


class DistributionLimit(models.Model):
    """One limit of a version: for an organisation predikat, the share (or number) of employees
    whose predikat is any of `predikat` (comma-separated Predikat values)."""

    rule_set = models.ForeignKey(DistributionRuleSet, on_delete=models.CASCADE, related_name="limits")
    org_predikat = models.CharField(
        _("predikat organisasi"), max_length=16, choices=OrganisationPredikat.choices
    )
    kind = models.CharField(_("jenis batas"), max_length=16, choices=DistributionLimitKind.choices)
    predikat = models.CharField(
        _("predikat pegawai"),
        max_length=100,
        help_text=_("Nilai predikat dipisah koma, mis. butuh_perbaikan,kurang."),
    )
    limit = models.DecimalField(_("batas"), max_digits=5, decimal_places=2)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["rule_set", "org_predikat", "position", "pk"]
        verbose_name = _("batas distribusi predikat")
        verbose_name_plural = _("batas distribusi predikat")
        constraints = [
            models.CheckConstraint(
                condition=Q(limit__gte=0)
                & (Q(kind=DistributionLimitKind.AT_LEAST_COUNT) | Q(limit__lte=100)),
                name="distribution_limit_range",
                violation_error_message=_(
                    "Batas persentase harus antara 0 dan 100; batas jumlah tidak negatif."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_set}: {self.org_predikat} {self.kind} {self.predikat} {self.limit}"

    @property
    def predikat_values(self) -> tuple[str, ...]:
        return tuple(p.strip() for p in self.predikat.split(",") if p.strip())

    def clean(self) -> None:
        values = self.predikat_values
        unknown = [p for p in values if p not in Predikat.values]
        if not values or unknown:
            raise ValidationError(
                {
                    "predikat": _("Isi nilai predikat pegawai yang dikenal: %(values)s.")
                    % {"values": ", ".join(Predikat.values)}
                }
            )


class PeriodScore(models.Model):
    """Computed by the scoring job: one employee in one period (same input, same row)."""

    # A derived table the job rewrites in bulk: the unique (period, employee) and the (period, unit)
    # indexes serve every read; the per-column FK indexes and constraint triggers would only slow
    # the upsert down (issue 4's 3x budget; docs/benchmarks.md). Django still cascades deletes.
    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="scores", db_index=False, db_constraint=False
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="period_scores", db_index=False, db_constraint=False
    )
    unit = models.ForeignKey(
        UnitKerja, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    iki_total = models.PositiveIntegerField(default=0)
    iki_reported = models.PositiveIntegerField(default=0)
    indeks = models.DecimalField(
        null=True, blank=True, max_digits=SCORE_MAX_DIGITS, decimal_places=SCORE_DECIMALS
    )
    skp_state = models.CharField(max_length=12, choices=SkpState.choices, blank=True)  # "": no SKP
    appraisal_state = models.CharField(max_length=10, choices=AppraisalState.choices, blank=True)
    predikat = models.CharField(max_length=16, choices=Predikat.choices, blank=True)  # when final

    class Meta:
        verbose_name = _("skor periode")
        verbose_name_plural = _("skor periode")
        constraints = [models.UniqueConstraint(fields=["period", "employee"], name="period_score_unique")]
        indexes = [
            # HR monitoring: the scores of one unit in a period.
            models.Index(fields=["period", "unit"], name="period_score_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}@{self.period_id}: {self.indeks}"


class UnitScore(models.Model):
    """Computed by the scoring job: a unit with its whole subtree in one period."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="unit_scores")
    unit = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, related_name="+")
    employees = models.PositiveIntegerField(default=0)
    skp_approved = models.PositiveIntegerField(default=0)
    reported = models.PositiveIntegerField(default=0)  # reported at least one IKI
    appraised = models.PositiveIntegerField(default=0)  # final appraisal
    avg_indeks = models.DecimalField(
        null=True, blank=True, max_digits=SCORE_MAX_DIGITS, decimal_places=SCORE_DECIMALS
    )
    sangat_baik = models.PositiveIntegerField(default=0)
    baik = models.PositiveIntegerField(default=0)
    butuh_perbaikan = models.PositiveIntegerField(default=0)
    kurang = models.PositiveIntegerField(default=0)
    sangat_kurang = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("skor unit")
        verbose_name_plural = _("skor unit")
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="unit_score_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id}@{self.period_id}: {self.avg_indeks}"

    @property
    def predikat_counts(self) -> dict[str, int]:
        return {value: getattr(self, value) for value in Predikat.values}


class ScoringRun(JobRun):
    """One run of the scoring job for a period: progress, the cursor to resume from, and the lock."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="scoring_runs")
    # JobRun's cursor: the last employee id whose scores are written.

    class Meta(JobRun.Meta):
        verbose_name = _("proses penghitungan skor")
        verbose_name_plural = _("proses penghitungan skor")
        constraints = [
            # The lock: one running scoring of a period at a time.
            one_running("period", name="scoring_one_running"),
        ]

    def __str__(self) -> str:
        return f"{self.period_id}: {self.state} {self.processed}/{self.total}"


class CoachingPlan(models.Model):
    """Rencana pembinaan for an employee whose predikat calls for it; the superior fills it."""

    appraisal = models.OneToOneField(Appraisal, on_delete=models.CASCADE, related_name="coaching_plan")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="coaching_plans")
    head = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="coaching_plans_led")
    state = models.CharField(
        _("status"), max_length=8, choices=CoachingState.choices, default=CoachingState.OPEN
    )
    problem = models.TextField(_("permasalahan kinerja"), blank=True)
    actions = models.TextField(_("langkah pembinaan"), blank=True)
    training_need = models.CharField(_("kebutuhan pelatihan"), max_length=300, blank=True)
    due_date = models.DateField(_("target selesai"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("rencana pembinaan")
        verbose_name_plural = _("rencana pembinaan")
        indexes = [models.Index(fields=["head", "state"], name="coaching_head_state_idx")]

    def __str__(self) -> str:
        return f"{self.employee} – {self.appraisal.period}"

    def get_absolute_url(self) -> str:
        return reverse("performance:coaching", args=[self.pk])
