"""Formula injection: text typed as `=HYPERLINK(...)` (or starting with `+`, `-`, `@`) in any text
field stays text in every download.

The exports are found from the URL conf (a view that writes a workbook or a CSV file); each one must
have a row in EXPORTS, so a new export without coverage fails here. The text is planted in every
free-text column of every model of the project, then every export is downloaded through its real
view and every cell of it is read back.
"""

from __future__ import annotations

import csv
import inspect
import io
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from core.access import actor_for
from employees.models import AwardHistory, DisciplineHistory, EducationHistory, TrainingHistory
from performance.choices import BehaviourValue
from performance.services import appraisal as appraisal_services
from tests.factories import make_employee
from tests.performance.factories import make_year, period
from tests.performance.matrix import nurse_skp
from tests.reports.helpers import pin_localdate

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What in a view's source makes it a download of a workbook or a CSV file.
EXPORT_MARKERS = (
    "xlsx_response",
    "workbook_bytes",
    "workbook_file",
    "csv_lines",
    "XLSX_CONTENT_TYPE",
    "text/csv",
)
# Text columns whose content is checked when saved (digits, a path, a rule's months), not free text.
NOT_FREE_TEXT = {
    ("employees", "employee", "nip"),
    ("employees", "employee", "nip_lama"),
    ("employees", "employee", "nik"),
    ("employees", "employee", "phone"),
    ("employees", "familymember", "nik"),
    ("employees", "promotioncalendar", "months"),
    ("core", "unitkerja", "path"),
    ("surveys", "unsurwording", "code"),  # U1 … U9, the fixed codes of the unsur
    ("surveys", "accesstoken", "code"),  # a generated one-time code
    ("surveys", "followup", "ticket"),  # a generated ticket code
}


# The report pages download their workbook with ?unduh=xlsx (with the report's own choices).
REPORTS = {"duk": {}, "rekap": {}, "kgb": {"bulan": 12}, "kenaikan_pangkat": {}, "pensiun": {"tahun": 1},
           "satyalancana": {}}  # fmt: skip


def _report(extra: dict[str, Any]) -> Callable[[Any], list[dict[str, Any]]]:
    """The whole agency and one unit (its name in the heading)."""
    return lambda ctx: [
        {"instansi": ctx.org.sorong.pk, "unduh": "xlsx", **extra},
        {"unit": ctx.org.dinkes_sorong.pk, "unduh": "xlsx", **extra},
    ]


# URL name -> the query strings to download it with (one download each).
EXPORTS: dict[str, Callable[[Any], list[dict[str, Any]]]] = {
    **{f"reports:{name}": _report(extra) for name, extra in REPORTS.items()},
    "employees:export_csv": lambda ctx: [{}, {"unit": ctx.org.dinkes_sorong.pk}],
    "employees:export_xlsx": lambda ctx: [{}, {"unit": ctx.org.dinkes_sorong.pk}],
    "performance:monitoring_export": lambda ctx: [
        {"instansi": ctx.org.sorong.pk, "year": 2026, "period": ctx.january.pk},
        {"unit": ctx.org.dinkes_sorong.pk, "year": 2026, "period": ctx.january.pk},
    ],
    "performance:rewards_export": lambda ctx: [{"instansi": ctx.org.sorong.pk, "period": ctx.january.pk}],
    "surveys:result_responses": lambda ctx: [{}],
    "surveys:result_report_xlsx": lambda ctx: [{}],
    # The 20 JP export reads the nightly summary: computed first (tests.training.compliance_helpers).
    "training:compliance_export": lambda ctx: [_jp_computed(ctx)],
    "leave:hr_requests_export": lambda ctx: [{"instansi": ctx.org.sorong.pk}],
    # HR's list of study assignments (one is made by the `context` fixture).
    "training:study_export": lambda ctx: [{}],
    # Training needs and budget: a need, a budget line and a programme's spending made first.
    "training:need_export": lambda ctx: [_training_needs(ctx)],
    "training:budget_export": lambda ctx: [_training_budget(ctx)],
    "leave:balances_export": lambda ctx: [{"instansi": ctx.org.sorong.pk}],
    # The attendance recap reads the month's daily statuses: written first for every employee.
    "attendance:recap_export": lambda ctx: [
        _attendance_month(ctx),
        {**_attendance_month(ctx), "unit": ctx.org.dinkes_sorong.pk},
    ],
    # The discipline thresholds: the nurse (her planted name and unit) flagged first.
    "attendance:discipline_export": lambda ctx: [_discipline_flags(ctx)],
}


def _attendance_month(ctx: Any) -> dict[str, Any]:
    from attendance.choices import DayStatus
    from attendance.models import DailyStatus
    from employees.models import Employee
    from tests.attendance.recap_factories import band_table

    if not DailyStatus.objects.exists():
        band_table(ctx.org.sorong, date(2026, 1, 1))
        DailyStatus.objects.bulk_create(
            DailyStatus(
                employee=e, date=date(2026, 11, 2), status=DayStatus.TERLAMBAT, minutes_late=5, tl_band="TL1"
            )
            for e in Employee.objects.all()
        )
    return {"instansi": ctx.org.sorong.pk, "bulan": "2026-11"}


def _discipline_flags(ctx: Any) -> dict[str, Any]:
    from attendance.services import discipline
    from tests.attendance.discipline_helpers import build_days, working_days

    absent = working_days(date(TODAY.year, 1, 5), 3)
    build_days(ctx.org.employee_dinkes_sorong, date(TODAY.year, 1, 1), date(TODAY.year, 1, 31), tk=absent)
    discipline.check_thresholds(year=TODAY.year, instansi_id=ctx.org.sorong.pk)
    return {"instansi": ctx.org.sorong.pk, "year": TODAY.year}


def _training_needs(ctx: Any) -> dict[str, Any]:
    from tests.training.needs_helpers import YEAR, competency, make_need

    # Made after the planting: the text typed is planted here by hand.
    typed = competency(ctx.org.sorong, code="T.99", name='=HYPERLINK("http://x")')
    make_need(ctx.org.employee_dinkes_sorong, competency=typed)
    return {"instansi": ctx.org.sorong.pk, "year": YEAR}


def _training_budget(ctx: Any) -> dict[str, Any]:
    from tests.training.factories import make_programme
    from tests.training.needs_helpers import budget_line, spend

    budget_line(ctx.org.sorong, year=TODAY.year)
    # Made after the planting: the text typed is planted here by hand.
    programme = make_programme(ctx.org.sorong, title='=HYPERLINK("http://x")', budget_line="@HYPERLINK")
    spend(programme, 1_000_000)
    return {"instansi": ctx.org.sorong.pk, "year": TODAY.year}


# Downloads that hold no stored data (fixed text): checked for formulas, not for the planted text.
def _jp_computed(ctx: Any) -> dict[str, Any]:
    from tests.training.compliance_helpers import recompute

    recompute(ctx.org.sorong, year=TODAY.year)
    return {"instansi": ctx.org.sorong.pk, "year": TODAY.year}


STATIC_EXPORTS = {"employees:import_template": lambda ctx: [{}]}
URL_ARGS: dict[str, Any] = {
    "employees:import_template": [["pegawai"], ["riwayat-pangkat"], ["riwayat-jabatan"]],
    # The survey downloads are of one period (made by the `context` fixture).
    "surveys:result_responses": lambda ctx: [[ctx.survey_period.pk]],
    "surveys:result_report_xlsx": lambda ctx: [[ctx.survey_period.pk]],
}


# --- The exports of the URL conf --------------------------------------------------------------------
def _patterns(resolver: URLResolver, namespace: str = "") -> Iterator[tuple[str, Callable]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.callback


def export_urls() -> set[str]:
    found = set()
    for name, view in _patterns(get_resolver()):
        try:
            source = inspect.getsource(inspect.unwrap(view))
        except (OSError, TypeError):  # Django's own views (admin, static)
            continue
        if any(marker in source for marker in EXPORT_MARKERS):
            found.add(name)
    return found


def test_every_export_of_the_url_conf_is_covered():
    found = export_urls()
    assert {"reports:duk", "employees:export_csv", "performance:monitoring_export"} <= found
    assert found == set(EXPORTS) | set(STATIC_EXPORTS), (
        "an export without a row in EXPORTS (or a row for a URL that no longer exports)"
    )


# --- The data, with formulas planted in every text column ---------------------------------------------
class Context:
    def __init__(self, org: Any, january: Any, survey_period: Any) -> None:
        self.org = org
        self.january = january
        self.survey_period = survey_period


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    """The reports run on `timezone.localdate()`: pin it to TODAY."""
    pin_localdate(monkeypatch, TODAY)


@pytest.fixture
def context(org) -> Context:
    """Someone in every report (KGB, promotion, retirement, Satyalancana), every kind of history row,
    an SKP with a final Sangat Baik appraisal (monitoring, rewards)."""
    unit = org.pkm_sorong
    make_employee(
        unit, name="KGB", tmt_cpns=date(2019, 12, 1), golongan="II/a", tmt_golongan=date(2019, 12, 1)
    )
    make_employee(unit, name="Naik pangkat", golongan="III/a", tmt_golongan=date(2022, 12, 1))
    make_employee(unit, name="Pensiun", birth_date=date(1969, 1, 10))
    veteran = make_employee(unit, name="Satyalancana", tmt_cpns=date(2016, 3, 1))
    EducationHistory.objects.create(
        employee=veteran,
        level="S-1",
        institution="Universitas",
        major="Hukum",
        graduation_date=date(2012, 8, 1),
    )
    TrainingHistory.objects.create(
        employee=veteran,
        name="Latsar",
        category="struktural",
        organiser="BPSDM",
        start_date=date(2017, 1, 9),
        end_date=date(2017, 2, 9),
    )
    other = make_employee(unit, name="Riwayat", tmt_cpns=date(2010, 1, 1))
    AwardHistory.objects.create(employee=other, kind="slks_x", year=2020, name="Satyalancana")
    DisciplineHistory.objects.create(
        employee=other, type="teguran_lisan", start_date=date(2021, 1, 1), reason="Terlambat"
    )
    skp = nurse_skp(org)
    january = period(make_year(org.sorong), 1)
    appraisal_services.appraisal_save(
        actor=actor_for(org.users["head_dinkes_sorong"]),
        skp=skp,
        period=january,
        rating_hasil="above",
        rating_perilaku="above",
        behaviour_ratings={v: "above" for v in BehaviourValue.values},
        note="Pertahankan",
        finalise=True,
    )
    study_assignment(org)
    return Context(org, january, survey_period(org))


def study_assignment(org):
    """A finished tugas belajar of the nurse (every text column of it reaches the study export)."""
    from tests.training.study_helpers import make_study

    make_study(org.employee_dinkes_sorong, state="selesai", decree_number="800/1/2025", country_name="Indonesia",
               funding_note="APBD 2025", graduation_date=date(2026, 6, 1))  # fmt: skip


def survey_period(org):
    """A survey period of the Puskesmas with services, responses (suggestions, an extra question with
    a text answer, a follow-up) and its IKM computed."""
    from surveys.models import ExtraAnswer, ExtraQuestion, FollowUp, Questionnaire
    from surveys.services import ikm
    from tests.surveys.factories import make_responses, make_service, make_service_unit, semester_period

    unit = make_service_unit(org.pkm_sorong, "pkm-sorong", name="Puskesmas Sorong Kota")
    questionnaire = Questionnaire.objects.create(instansi=org.sorong, name="Kuesioner Sorong")
    question = ExtraQuestion.objects.create(
        questionnaire=questionnaire, kind="text", text="Dari mana Anda tahu?"
    )
    period = semester_period(unit, questionnaire=questionnaire)
    responses = make_responses(
        period, 3, services=[make_service(unit, "Rawat jalan"), None], suggestion="Antrean lama"
    )
    ExtraAnswer.objects.create(response=responses[0], question=question, text="Tetangga")
    FollowUp.objects.create(response=responses[0], service_unit=unit, ticket="TIKET001")
    ikm.compute_period(period.pk)
    return period


def free_text_fields() -> Iterator[tuple[type[models.Model], models.CharField | models.TextField]]:
    root = str(settings.BASE_DIR)
    for config in apps.get_app_configs():
        if not config.path.startswith(root):
            continue
        for model in config.get_models():
            if model._meta.proxy:
                continue
            for field in model._meta.concrete_fields:
                if (
                    isinstance(field, models.CharField | models.TextField)
                    and not isinstance(field, models.SlugField | models.EmailField | models.URLField)
                    and not field.choices
                    and not field.primary_key
                    and field.name != "password"  # the personas stay logged in
                    and (model._meta.app_label, model._meta.model_name, field.name) not in NOT_FREE_TEXT
                ):
                    yield model, field


def plant(start: str) -> int:
    """`start`HYPERLINK("http://evil","x") in every free-text column of every row (cut to the
    column's length; with the row's id where the column is unique). Returns the cells planted."""
    planted = 0
    for model, field in free_text_fields():
        value = f'{start}HYPERLINK("http://evil","x")'
        for pk in model._default_manager.values_list("pk", flat=True):
            text = value[: field.max_length] if field.max_length else value
            try:
                with transaction.atomic():
                    model._default_manager.filter(pk=pk).update(**{field.name: text})
            except IntegrityError:  # a unique column: one value per row
                text = f'{start}HYPERLINK("http://evil","{pk}")'[: field.max_length or None]
                model._default_manager.filter(pk=pk).update(**{field.name: text})
            planted += 1
    return planted


# --- Reading a download back -----------------------------------------------------------------------
def cells(response) -> Iterator[tuple[str, Any, str]]:
    """(where, value, data type) of every cell of an .xlsx or .csv download."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("text/csv"):
        text = content.decode("utf-8-sig")
        for r, row in enumerate(csv.reader(io.StringIO(text)), start=1):
            for c, value in enumerate(row, start=1):
                yield f"row {r} col {c}", value, "s"
        return
    assert response["Content-Type"].startswith("application/vnd.openxmlformats"), response["Content-Type"]
    book = load_workbook(io.BytesIO(content))
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield f"{ws.title}!{cell.coordinate}", cell.value, cell.data_type


def download(client, name: str, params: dict[str, Any], args: list[str] | None = None):
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200, f"{name} {params}: {response.status_code}"
    assert response["Content-Disposition"].startswith("attachment;"), name
    return response


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_no_export_holds_a_live_formula_whatever_was_typed(as_persona, context, start):
    assert plant(start) > 50
    client = as_persona("hr_sorong")
    downloads = 0
    for name, specs in {**EXPORTS, **STATIC_EXPORTS}.items():
        for params in specs(context):
            arg_lists = URL_ARGS.get(name, [None])
            for args in arg_lists(context) if callable(arg_lists) else arg_lists:
                response = download(client, name, params, args)
                downloads += 1
                planted_seen = 0
                for where, value, data_type in cells(response):
                    assert data_type != "f", f"{name} {params} {where}: a formula {value!r}"
                    if isinstance(value, str):
                        assert not value.startswith(FORMULA_STARTS), (
                            f"{name} {params} {where}: {value!r} would run as a formula"
                        )
                        planted_seen += "HYPERLINK" in value
                if name in EXPORTS:
                    assert planted_seen > 0, f"{name} {params}: the planted text never reached the download"
    assert downloads >= len(EXPORTS) + len(STATIC_EXPORTS)
