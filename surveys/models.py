"""The citizens' satisfaction survey (SKM, PermenPANRB 14/2017): service units and their services,
versioned questionnaires, survey periods, the responses citizens submit, the IKM the job computes,
follow-ups of suggestions, and the reference tables (mutu bands, minimum sample). The rules live in
rules.py, the writes in services.py; models hold fields only."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Instansi, JobRun, UnitKerja, one_running
from employees.models import Employee

from .choices import (
    FollowUpState,
    Mutu,
    PeriodKind,
    PeriodState,
    QuestionKind,
    ServiceUnitKind,
    Sex,
    Unsur,
    Weighting,
)
from .options import education_options, label_of, occupation_options
from .rules import ANSWER_MAX, ANSWER_MIN

ANSWER_RANGE = [MinValueValidator(ANSWER_MIN), MaxValueValidator(ANSWER_MAX)]


# --- Reference data (versioned, read by the selectors and passed to the rules) -----------------------
class BandTable(models.Model):
    """A table of mutu bands in force from a date (PermenPANRB 14/2017; older surveys keep theirs)."""

    name = models.CharField(_("nama"), max_length=200)
    valid_from = models.DateField(_("berlaku mulai"))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("tabel mutu pelayanan")
        verbose_name_plural = _("tabel mutu pelayanan")

    def __str__(self) -> str:
        return self.name


class MutuBand(models.Model):
    """One grade of a band table: the lowest konversi (rounded to 2 decimals) that earns it."""

    table = models.ForeignKey(BandTable, on_delete=models.CASCADE, related_name="bands")
    grade = models.CharField(_("mutu"), max_length=1, choices=Mutu.choices)
    label = models.CharField(_("kinerja unit pelayanan"), max_length=50)
    minimum = models.DecimalField(_("nilai konversi terendah"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["table", "-minimum"]
        constraints = [models.UniqueConstraint(fields=["table", "grade"], name="mutu_band_one_per_grade")]

    def __str__(self) -> str:
        return f"{self.grade} ≥ {self.minimum}"


class SampleSize(models.Model):
    """A row of the Krejcie–Morgan table: population of service users → minimum respondents."""

    population = models.PositiveIntegerField(_("populasi"), unique=True)
    sample = models.PositiveIntegerField(_("sampel minimum"))

    class Meta:
        ordering = ["population"]

    def __str__(self) -> str:
        return f"{self.population} → {self.sample}"


# --- Service units ------------------------------------------------------------------------------------
class ServiceUnit(models.Model):
    """A unit that serves the public (a dinas counter, a puskesmas, a kecamatan office, an MPP),
    linked to a Unit Kerja; citizens reach its form at /s/<code>/."""

    unit = models.ForeignKey(UnitKerja, on_delete=models.PROTECT, related_name="service_units")
    code = models.SlugField(
        _("kode survei"),
        max_length=40,
        unique=True,
        help_text=_("Bagian alamat formulir untuk masyarakat, mis. dukcapil-sorong."),
    )
    name = models.CharField(_("nama unit layanan"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=12, choices=ServiceUnitKind.choices)
    address = models.CharField(_("alamat"), max_length=500, blank=True)
    population = models.PositiveIntegerField(
        _("jumlah pengguna layanan per tahun"),
        default=0,
        help_text=_("Populasi untuk menghitung sampel minimum (tabel Krejcie–Morgan)."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit layanan")
        verbose_name_plural = _("unit layanan")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("surveys:service_unit", args=[self.pk])


class Service(models.Model):
    """A service (jenis layanan) a service unit provides; a response names the one received."""

    service_unit = models.ForeignKey(ServiceUnit, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(_("jenis layanan"), max_length=200)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["service_unit", "name"]
        constraints = [
            models.UniqueConstraint(fields=["service_unit", "name"], name="service_name_unique_in_unit")
        ]

    def __str__(self) -> str:
        return self.name


# --- Questionnaires ----------------------------------------------------------------------------------
class Questionnaire(models.Model):
    """A version of a questionnaire: the 9 standard unsur (always) plus an instansi's extra questions.

    Changing a questionnaire that has responses makes a new version (services.questionnaire_edit);
    a period keeps the version it opened with. `instansi` empty: the national standard template.
    """

    instansi = models.ForeignKey(
        Instansi, on_delete=models.PROTECT, null=True, blank=True, related_name="questionnaires"
    )
    name = models.CharField(_("nama kuesioner"), max_length=200)
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["instansi", "name", "-version"]
        verbose_name = _("kuesioner")
        verbose_name_plural = _("kuesioner")

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class UnsurWording(models.Model):
    """The wording of one unsur in a questionnaire version: the question and a label per answer 1–4."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="unsur")
    code = models.CharField(_("kode unsur"), max_length=2, choices=Unsur.choices)
    question = models.CharField(_("pertanyaan"), max_length=300)
    label_1 = models.CharField(max_length=60)
    label_2 = models.CharField(max_length=60)
    label_3 = models.CharField(max_length=60)
    label_4 = models.CharField(max_length=60)

    class Meta:
        ordering = ["questionnaire", "code"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="unsur_once_per_questionnaire")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.question}"

    @property
    def labels(self) -> list[tuple[int, str]]:
        return [(1, self.label_1), (2, self.label_2), (3, self.label_3), (4, self.label_4)]


class ExtraQuestion(models.Model):
    """An instansi's own question in a questionnaire version; never part of the IKM."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="extra_questions")
    position = models.PositiveSmallIntegerField(_("urutan"), default=1)
    kind = models.CharField(_("jenis"), max_length=8, choices=QuestionKind.choices)
    text = models.CharField(_("pertanyaan"), max_length=300)
    options = models.JSONField(_("pilihan"), default=list, blank=True)  # for a choice question
    required = models.BooleanField(_("wajib"), default=False)

    class Meta:
        ordering = ["questionnaire", "position", "pk"]

    def __str__(self) -> str:
        return self.text


# --- Periods and responses -----------------------------------------------------------------------------
class SurveyPeriod(models.Model):
    """A survey of a service unit over dates, with the questionnaire version, the weighting and the
    band table fixed when it opens (domain §9: graded with the table in force on the survey date)."""

    service_unit = models.ForeignKey(ServiceUnit, on_delete=models.PROTECT, related_name="periods")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="periods")
    kind = models.CharField(_("jenis periode"), max_length=8, choices=PeriodKind.choices)
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"))
    state = models.CharField(
        _("status"), max_length=6, choices=PeriodState.choices, default=PeriodState.DRAFT
    )
    weighting = models.CharField(
        _("bobot unsur"), max_length=5, choices=Weighting.choices, default=Weighting.EXACT
    )
    band_table = models.ForeignKey(
        BandTable, on_delete=models.PROTECT, null=True, blank=True, related_name="periods"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["service_unit", "-start"]
        verbose_name = _("periode survei")
        verbose_name_plural = _("periode survei")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="survey_period_ends_after_start"
            ),
            # The public form finds the one open period of its service unit.
            models.UniqueConstraint(
                fields=["service_unit"], condition=Q(state="open"), name="one_open_period_per_service_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_unit} {self.start:%d-%m-%Y}–{self.end:%d-%m-%Y}"


class AccessToken(models.Model):
    """A one-time code a counter prints for one service visit; a response may use it once."""

    service_unit = models.ForeignKey(ServiceUnit, on_delete=models.CASCADE, related_name="tokens")
    code = models.CharField(max_length=12, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.code


class Response(models.Model):
    """One citizen's answers. The 9 unsur are columns (u1 … u9, each 1–4), so that the IKM of a
    period is one aggregate over its rows; the extra questions are ExtraAnswer rows."""

    period = models.ForeignKey(SurveyPeriod, on_delete=models.PROTECT, related_name="responses")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    # A key the form carries from render to submit: a second POST of the same form (double click,
    # back and resubmit) finds it taken and is not saved twice.
    submission_key = models.UUIDField(unique=True, default=uuid.uuid4)
    token = models.OneToOneField(
        AccessToken, on_delete=models.PROTECT, null=True, blank=True, related_name="response"
    )
    age = models.PositiveSmallIntegerField(
        _("usia"), validators=[MinValueValidator(10), MaxValueValidator(120)]
    )
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    education = models.CharField(_("pendidikan"), max_length=20)
    occupation = models.CharField(_("pekerjaan"), max_length=40)
    u1 = models.PositiveSmallIntegerField(validators=ANSWER_RANGE)
    u2 = models.PositiveSmallIntegerField(validators=ANSWER_RANGE)
    u3 = models.PositiveSmallIntegerField(validators=ANSWER_RANGE)
    u4 = models.PositiveSmallIntegerField(validators=ANSWER_RANGE)
    u5 = models.PositiveSmallIntegerField(validators=ANSWER_RANGE)
    u6 = models.PositiveSmallIntegerField(validators=ANSWER_RANGE)
    u7 = models.PositiveSmallIntegerField(validators=ANSWER_RANGE)
    u8 = models.PositiveSmallIntegerField(validators=ANSWER_RANGE)
    u9 = models.PositiveSmallIntegerField(validators=ANSWER_RANGE)
    suggestion = models.TextField(_("saran dan masukan"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    u1__range=(ANSWER_MIN, ANSWER_MAX),
                    u2__range=(ANSWER_MIN, ANSWER_MAX),
                    u3__range=(ANSWER_MIN, ANSWER_MAX),
                    u4__range=(ANSWER_MIN, ANSWER_MAX),
                    u5__range=(ANSWER_MIN, ANSWER_MAX),
                    u6__range=(ANSWER_MIN, ANSWER_MAX),
                    u7__range=(ANSWER_MIN, ANSWER_MAX),
                    u8__range=(ANSWER_MIN, ANSWER_MAX),
                    u9__range=(ANSWER_MIN, ANSWER_MAX),
                ),
                name="response_answers_1_to_4",
            ),
        ]
        indexes = [
            # The IKM job aggregates a period's responses per service (services.ikm).
            models.Index(fields=["period", "service"], name="response_period_service_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.period} #{self.pk}"

    @property
    def education_label(self) -> str:
        """The education's label in the interface language (as stored when the list changed)."""
        return label_of(education_options(), self.education)

    @property
    def occupation_label(self) -> str:
        return label_of(occupation_options(), self.occupation)


class ExtraAnswer(models.Model):
    """The answer to an extra question: a value 1–4, an option or a text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="extra_answers")
    question = models.ForeignKey(ExtraQuestion, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(null=True, blank=True, validators=ANSWER_RANGE)
    text = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="extra_answer_once_per_response")
        ]

    def __str__(self) -> str:
        return self.text or str(self.value)


# --- What the job computes -----------------------------------------------------------------------------
class IkmRun(JobRun):
    """A computation of a period's IKM (core.runs): one at a time per period."""

    period = models.ForeignKey(SurveyPeriod, on_delete=models.CASCADE, related_name="runs")

    class Meta:
        constraints = [one_running("period", name="one_running_ikm_run_per_period")]


class IkmResult(models.Model):
    """The totals of a period's responses, per service and for the whole period (service empty):
    sums and counts per unsur, so that results pool across services, units and the instansi by
    adding them up (rules.pool). NRR, IKM, konversi and mutu are derived by rules.compute_ikm."""

    period = models.ForeignKey(SurveyPeriod, on_delete=models.CASCADE, related_name="results")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    respondents = models.PositiveIntegerField(default=0)
    sum_u1 = models.PositiveBigIntegerField(default=0)
    sum_u2 = models.PositiveBigIntegerField(default=0)
    sum_u3 = models.PositiveBigIntegerField(default=0)
    sum_u4 = models.PositiveBigIntegerField(default=0)
    sum_u5 = models.PositiveBigIntegerField(default=0)
    sum_u6 = models.PositiveBigIntegerField(default=0)
    sum_u7 = models.PositiveBigIntegerField(default=0)
    sum_u8 = models.PositiveBigIntegerField(default=0)
    sum_u9 = models.PositiveBigIntegerField(default=0)
    # Cached for lists and the public page (derived from the sums by the job, exact rounding).
    konversi = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    mutu = models.CharField(max_length=1, choices=Mutu.choices, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period", "service"],
                condition=Q(service__isnull=False),
                name="ikm_result_one_per_service",
            ),
            models.UniqueConstraint(
                fields=["period"], condition=Q(service__isnull=True), name="ikm_result_one_for_the_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.konversi} {self.mutu}"


# --- Follow-up ------------------------------------------------------------------------------------------
class FollowUp(models.Model):
    """Tindak lanjut of a suggestion or complaint: the head assigns, answers and closes it; the
    citizen follows it with the ticket code shown on the thank-you page."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="follow_up")
    service_unit = models.ForeignKey(ServiceUnit, on_delete=models.PROTECT, related_name="follow_ups")
    ticket = models.CharField(_("kode tiket"), max_length=12, unique=True)
    state = models.CharField(
        _("status"), max_length=8, choices=FollowUpState.choices, default=FollowUpState.NEW
    )
    assigned_to = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("petugas"),
    )
    answer = models.TextField(_("jawaban"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        indexes = [models.Index(fields=["service_unit", "state"], name="follow_up_unit_state_idx")]

    def __str__(self) -> str:
        return self.ticket

    def get_absolute_url(self) -> str:
        return reverse("surveys:follow_up", args=[self.pk])
