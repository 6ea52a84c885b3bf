"""Writes of service units (unit layanan) and their services (jenis layanan), by HR of the agency.

Each write checks access, validates, and saves whole or not at all; errors are ValidationErrors in
Indonesian that the view shows on its form.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.access import Actor
from core.models import Instansi, UnitKerja

from .. import access
from ..choices import PeriodState
from ..models import Service, ServiceUnit

UNIT_FIELDS = ("unit", "code", "name", "kind", "address", "population")


def _code_taken(code: str) -> ValidationError:
    return ValidationError(
        {
            "code": _(
                "Kode survei %(code)s sudah dipakai unit layanan lain. Pilih kode lain, mis. dengan "
                "menambahkan nama kota atau kecamatan."
            )
            % {"code": code}
        }
    )


def _check_unit(actor: Actor, instansi_id: int, unit: UnitKerja) -> None:
    if not access.units_for_new_service_units(actor, instansi_id).filter(pk=unit.pk).exists():
        raise ValidationError(
            {"unit": _("Pilih unit kerja yang aktif pada instansi ini.")},
        )


def _check_code_free(code: str, *, exclude_pk: int | None = None) -> None:
    taken = ServiceUnit.objects.filter(code__iexact=code)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise _code_taken(code)


def _save(service_unit: ServiceUnit) -> ServiceUnit:
    """full_clean, then save; the unique code is guarded by the database against a race."""
    service_unit.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            service_unit.save()
    except IntegrityError as exc:
        raise _code_taken(service_unit.code) from exc
    return service_unit


@transaction.atomic
def service_unit_create(
    *,
    actor: Actor,
    instansi: Instansi,
    unit: UnitKerja,
    code: str,
    name: str,
    kind: str,
    address: str = "",
    population: int = 0,
) -> ServiceUnit:
    """A new service unit of the agency, active, without services yet."""
    access.require(access.can_create_service_units(actor, instansi.pk))
    _check_unit(actor, instansi.pk, unit)
    code = code.strip().lower()
    _check_code_free(code)
    return _save(
        ServiceUnit(
            unit=unit, code=code, name=name, kind=kind, address=address, population=population, is_active=True
        )
    )


@transaction.atomic
def service_unit_update(*, actor: Actor, service_unit: ServiceUnit, **changes: object) -> ServiceUnit:
    """Change a unit's fields. Its code is the address of the public form and of the printed QR
    posters: once a period has been opened it no longer changes."""
    access.require(access.can_manage_service_unit(actor, service_unit))
    unknown = set(changes) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown service unit fields: {sorted(unknown)}")
    service_unit = ServiceUnit.objects.select_for_update().select_related("unit").get(pk=service_unit.pk)
    instansi_id = access.instansi_of(service_unit)
    if "code" in changes:
        changes["code"] = str(changes["code"]).strip().lower()
        if changes["code"] != service_unit.code:
            if service_unit.periods.exclude(state=PeriodState.DRAFT).exists():
                raise ValidationError(
                    {
                        "code": _(
                            "Kode survei tidak dapat diubah setelah periode survei dibuka: alamat formulir "
                            "dan poster QR yang sudah dicetak memakai kode ini."
                        )
                    }
                )
            _check_code_free(str(changes["code"]), exclude_pk=service_unit.pk)
    if "unit" in changes and changes["unit"] != service_unit.unit:
        unit = changes["unit"]
        assert isinstance(unit, UnitKerja)
        _check_unit(actor, instansi_id, unit)
    for name, value in changes.items():
        setattr(service_unit, name, value)
    return _save(service_unit)


@transaction.atomic
def service_unit_set_active(*, actor: Actor, service_unit: ServiceUnit, active: bool) -> ServiceUnit:
    """Deactivate (or reactivate) a unit: it keeps its periods, results and follow-ups. A unit with
    an open period is not deactivated: close the period first."""
    access.require(access.can_manage_service_unit(actor, service_unit))
    service_unit = ServiceUnit.objects.select_for_update().select_related("unit").get(pk=service_unit.pk)
    if not active and service_unit.periods.filter(state=PeriodState.OPEN).exists():
        raise ValidationError(
            _(
                "Unit layanan ini masih memiliki periode survei yang dibuka. Tutup periode itu terlebih dahulu."
            )
        )
    if service_unit.is_active != active:
        service_unit.is_active = active
        service_unit.save(update_fields=["is_active"])
    return service_unit


# --- Services (jenis layanan) ------------------------------------------------------------------------------
def _name_taken(name: str) -> ValidationError:
    return ValidationError(
        {"name": _("Jenis layanan %(name)s sudah ada di unit layanan ini.") % {"name": name}}
    )


def _save_service(service: Service) -> Service:
    if (
        Service.objects.filter(service_unit_id=service.service_unit_id, name__iexact=service.name)
        .exclude(pk=service.pk)
        .exists()
    ):
        raise _name_taken(service.name)
    service.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            service.save()
    except IntegrityError as exc:
        raise _name_taken(service.name) from exc
    return service


@transaction.atomic
def service_add(*, actor: Actor, service_unit: ServiceUnit, name: str) -> Service:
    """A new service (jenis layanan) of the unit; citizens pick it on the form."""
    access.require(access.can_manage_service_unit(actor, service_unit))
    return _save_service(Service(service_unit=service_unit, name=" ".join(name.split()), is_active=True))


@transaction.atomic
def service_rename(*, actor: Actor, service: Service, name: str) -> Service:
    """Rename a service; the responses that named it keep pointing at it."""
    access.require(access.can_manage_service_unit(actor, service.service_unit))
    service = Service.objects.select_for_update().get(pk=service.pk)
    service.name = " ".join(name.split())
    return _save_service(service)


@transaction.atomic
def service_set_active(*, actor: Actor, service: Service, active: bool) -> Service:
    """Deactivate a service (the form no longer offers it; its responses and results stay), or
    offer it again."""
    access.require(access.can_manage_service_unit(actor, service.service_unit))
    service = Service.objects.select_for_update().get(pk=service.pk)
    if service.is_active != active:
        service.is_active = active
        service.save(update_fields=["is_active"])
    return service
