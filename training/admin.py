from django.contrib import admin

from .models import (
    Competency,
    Enrolment,
    JpFactor,
    JpRuleSet,
    PartnerAgreement,
    PartnerInstitution,
    Programme,
    Session,
    StudyAssignment,
)


@admin.register(PartnerInstitution)
class PartnerInstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "instansi", "is_active"]
    list_select_related = ["instansi"]
    search_fields = ["name"]


@admin.register(PartnerAgreement)
class PartnerAgreementAdmin(admin.ModelAdmin):
    list_display = ["number", "partner", "start_date", "end_date"]
    list_select_related = ["partner"]
    search_fields = ["number", "partner__name"]


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "instansi"]
    list_select_related = ["instansi"]
    search_fields = ["code", "name"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "instansi", "form", "jp", "start_date", "state"]
    list_select_related = ["instansi"]
    search_fields = ["title"]
    list_filter = ["state", "kind", "form"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["programme", "date", "start_time", "end_time"]
    list_select_related = ["programme"]
    search_fields = ["programme__title"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["employee", "programme", "state", "result", "certificate_code"]
    list_select_related = ["employee", "programme"]
    search_fields = ["employee__name", "employee__nip", "programme__title", "certificate_code"]
    list_filter = ["state"]
    raw_id_fields = ["employee", "approver", "programme"]


# --- JP compliance ---------------------------------------------------------------------------------------


class JpFactorInline(admin.TabularInline):
    model = JpFactor
    extra = 0


@admin.register(JpRuleSet)
class JpRuleSetAdmin(admin.ModelAdmin):
    """The JP rules of an instansi (targets, conversion factors), versioned by validity dates."""

    list_display = ("instansi", "valid_from", "valid_to", "pns_target", "pppk_target", "pppk_cap")
    list_filter = ("instansi",)
    list_select_related = ("instansi",)
    search_fields = ("instansi__name", "source")
    inlines = [JpFactorInline]


# --- Study assignments -------------------------------------------------------------------------------------


@admin.register(StudyAssignment)
class StudyAssignmentAdmin(admin.ModelAdmin):
    """Tugas belajar and izin belajar (written through training.services.study in the app)."""

    list_display = ("employee", "kind", "level", "institution", "state", "start_date", "obligation_end")
    list_filter = ("state", "kind")
    list_select_related = ("employee",)
    search_fields = ("employee__name", "employee__nip", "institution", "study_programme", "decree_number")
    raw_id_fields = ("employee", "approver")
