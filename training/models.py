"""Models of the training app (domain.md §8)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import Instansi, JobRun, UnitKerja, one_running
from employees.choices import EmployeeKind, TrainingCategory
from employees.models import Employee

# --- JP compliance ---------------------------------------------------------------------------------------
# The 20 JP duty (issue 14 items 6 and 10): the rules in force per instansi (targets and conversion
# factors, versioned with validity dates), the yearly summary per employee and per unit written by the
# nightly recompute (training.services.compliance), and the runs of that job (core.runs).


class JpRuleSet(models.Model):
    """The JP rules of an instansi from a date: the yearly targets and, in JpFactor rows, how the
    hours of each category of riwayat diklat convert to JP. Without one the built-in defaults apply
    (training.rules.compliance.DEFAULT_RULES: 20 JP, factor 1.00)."""

    instansi = models.ForeignKey(
        Instansi, on_delete=models.CASCADE, related_name="jp_rule_sets", verbose_name=_("instansi")
    )
    valid_from = models.DateField(_("berlaku mulai"))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    pns_target = models.PositiveSmallIntegerField(_("target JP PNS per tahun"), default=20)
    pppk_target = models.PositiveSmallIntegerField(
        _("target JP PPPK per tahun"),
        default=20,
        help_text=_(
            "Aturan hanya menyebut batas paling banyak 24 JP per tahun kontrak bagi PPPK; targetnya ditetapkan instansi."
        ),
    )
    pppk_cap = models.PositiveSmallIntegerField(
        _("batas JP PPPK per tahun kontrak"), null=True, blank=True, default=24
    )
    source = models.CharField(_("dasar hukum"), max_length=200, blank=True)

    class Meta:
        ordering = ["instansi", "-valid_from"]
        verbose_name = _("aturan JP")
        verbose_name_plural = _("aturan JP")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "valid_from"],
                name="jp_rule_set_one_per_start",
                violation_error_message=_("Sudah ada aturan JP instansi ini yang berlaku mulai tanggal itu."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="jp_rule_set_dates_in_order",
                violation_error_message=_("Tanggal berakhir tidak boleh sebelum tanggal mulai."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instansi_id}: {self.valid_from:%d-%m-%Y}"


class JpFactor(models.Model):
    """How many JP one hour of a category of riwayat diklat counts for (Unsure: configuration of the
    instansi; a category without a row counts 1.00)."""

    rule_set = models.ForeignKey(JpRuleSet, on_delete=models.CASCADE, related_name="factors")
    category = models.CharField(_("jenis diklat"), max_length=12, choices=TrainingCategory.choices)
    factor = models.DecimalField(_("faktor konversi"), max_digits=4, decimal_places=2)

    class Meta:
        ordering = ["rule_set", "category"]
        verbose_name = _("faktor konversi JP")
        verbose_name_plural = _("faktor konversi JP")
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "category"], name="jp_factor_one_per_category"),
            models.CheckConstraint(
                condition=Q(factor__gte=0) & Q(factor__lte=10),
                name="jp_factor_in_range",
                violation_error_message=_("Faktor konversi harus antara 0 dan 10."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} × {self.factor}"


class JpYear(models.Model):
    """The JP compliance of one instansi in one year: what its recompute runs work on, and when the
    last one finished."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="jp_years")
    year = models.PositiveSmallIntegerField(_("tahun"))
    computed_at = models.DateTimeField(_("dihitung pada"), null=True, blank=True)

    class Meta:
        ordering = ["instansi", "-year"]
        verbose_name = _("kepatuhan JP tahunan")
        verbose_name_plural = _("kepatuhan JP tahunan")
        constraints = [models.UniqueConstraint(fields=["instansi", "year"], name="jp_year_unique")]

    def __str__(self) -> str:
        return f"{self.instansi_id}: {self.year}"

    def get_absolute_url(self) -> str:
        return f"{reverse('training:compliance')}?instansi={self.instansi_id}&year={self.year}"


class ComplianceRun(JobRun):
    """One run of the JP recompute of an agency's year: the lock, the progress and the cursor (the
    last employee id written)."""

    jp_year = models.ForeignKey(JpYear, on_delete=models.CASCADE, related_name="runs")

    class Meta(JobRun.Meta):
        verbose_name = _("proses penghitungan JP")
        verbose_name_plural = _("proses penghitungan JP")
        constraints = [one_running("jp_year", name="jp_compliance_one_running")]

    def __str__(self) -> str:
        return f"{self.jp_year_id}: {self.state} {self.processed}/{self.total}"


class JpSummary(models.Model):
    """An employee's JP of a year, as the last recompute found it (derived data: the job rewrites it)."""

    jp_year = models.ForeignKey(JpYear, on_delete=models.CASCADE, related_name="summaries")
    # No index of its own: the unique (jp_year, employee) serves every read by employee and year.
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+", db_index=False)
    kind = models.CharField(_("jenis ASN"), max_length=4, choices=EmployeeKind.choices)
    jp = models.DecimalField(_("JP"), max_digits=7, decimal_places=2)
    target = models.PositiveSmallIntegerField(_("target JP"))
    met = models.BooleanField(_("memenuhi target"))

    class Meta:
        ordering = ["jp_year", "employee"]
        verbose_name = _("ringkasan JP pegawai")
        verbose_name_plural = _("ringkasan JP pegawai")
        constraints = [
            models.UniqueConstraint(fields=["jp_year", "employee"], name="jp_summary_one_per_employee"),
        ]
        indexes = [
            # The list of those below target, lowest JP first (selectors.compliance.below_target).
            models.Index(fields=["jp_year", "jp", "id"], condition=Q(met=False), name="jp_summary_below_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.jp_year_id}: {self.jp}/{self.target}"


class JpUnitSummary(models.Model):
    """A unit's JP compliance of a year over its whole subtree, per kind (written by the recompute)."""

    jp_year = models.ForeignKey(JpYear, on_delete=models.CASCADE, related_name="unit_summaries")
    unit = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, related_name="+")
    pns = models.PositiveIntegerField(default=0)
    pns_met = models.PositiveIntegerField(default=0)
    pppk = models.PositiveIntegerField(default=0)
    pppk_met = models.PositiveIntegerField(default=0)
    jp_total = models.DecimalField(max_digits=12, decimal_places=2, default=0)

    class Meta:
        ordering = ["jp_year", "unit"]
        verbose_name = _("ringkasan JP unit")
        verbose_name_plural = _("ringkasan JP unit")
        constraints = [
            models.UniqueConstraint(fields=["jp_year", "unit"], name="jp_unit_summary_one_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.jp_year_id}"
