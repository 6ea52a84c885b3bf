"""The fixed vocabularies of performance management (PermenPANRB 6/2022), with Indonesian labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import RunState


class Frequency(models.TextChoices):
    """How often an agency evaluates performance during the year (domain §7: the instansi sets it)."""

    MONTHLY = "monthly", _("Bulanan")
    QUARTERLY = "quarterly", _("Triwulanan")
    SEMESTER = "semester", _("Semesteran")


class PeriodKind(models.TextChoices):
    PERIODIC = "periodic", _("Evaluasi periodik")
    ANNUAL = "annual", _("Evaluasi tahunan")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Makin tinggi makin baik")
    LOWER = "lower", _("Makin rendah makin baik")


class BehaviourValue(models.TextChoices):
    """The seven BerAKHLAK core values, in their official order."""

    BERORIENTASI_PELAYANAN = "pelayanan", _("Berorientasi Pelayanan")
    AKUNTABEL = "akuntabel", _("Akuntabel")
    KOMPETEN = "kompeten", _("Kompeten")
    HARMONIS = "harmonis", _("Harmonis")
    LOYAL = "loyal", _("Loyal")
    ADAPTIF = "adaptif", _("Adaptif")
    KOLABORATIF = "kolaboratif", _("Kolaboratif")


class Rating(models.TextChoices):
    """Rating hasil kerja and rating perilaku kerja, given by the superior."""

    ABOVE = "above", _("Di Atas Ekspektasi")
    MEETS = "meets", _("Sesuai Ekspektasi")
    BELOW = "below", _("Di Bawah Ekspektasi")


class Predikat(models.TextChoices):
    """Predikat kinerja pegawai (domain §7 matrix)."""

    SANGAT_BAIK = "sangat_baik", _("Sangat Baik")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang/Misconduct")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


class OrganisationPredikat(models.TextChoices):
    """Predikat kinerja organisasi of a unit for a year."""

    ISTIMEWA = "istimewa", _("Istimewa")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


class DistributionLimitKind(models.TextChoices):
    """How a distribution limit (domain §7) bounds the employees with the named predikat."""

    AT_MOST_PERCENT = "at_most_percent", _("paling banyak (persen)")
    AT_LEAST_PERCENT = "at_least_percent", _("paling sedikit (persen)")
    AT_LEAST_COUNT = "at_least_count", _("paling sedikit (orang)")


class SkpState(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    RETURNED = "returned", _("Dikembalikan")
    APPROVED = "approved", _("Disetujui")
    SUPERSEDED = "superseded", _("Digantikan revisi")


class SkpAction(models.TextChoices):
    """What moves an SKP from one state to another (see rules.TRANSITIONS)."""

    SUBMIT = "submit", _("Ajukan")
    RETURN = "return", _("Kembalikan")
    APPROVE = "approve", _("Setujui")
    SUPERSEDE = "supersede", _("Gantikan dengan revisi")
    # Not a change of state: HR names another appraiser (the transition keeps who, when and why).
    REASSIGN = "reassign", _("Ganti pejabat penilai")


class AppraisalState(models.TextChoices):
    DRAFT = "draft", _("Draf penilaian")
    FINAL = "final", _("Final")
    REOPENED = "reopened", _("Dibuka kembali")


# A scoring run's state is a JobRun's (core.runs claims, advances, finishes and fails it).
ScoringState = RunState


class CoachingState(models.TextChoices):
    OPEN = "open", _("Menunggu diisi atasan")
    FILLED = "filled", _("Rencana diisi")
    DONE = "done", _("Selesai")
