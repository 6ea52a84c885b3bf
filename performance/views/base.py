"""What the performance views share: the period of an SKP's year and the zone of its agency (the
realisation and appraisal pages), a service's errors split by field, and the agency HR manages
from ?instansi= (the years, rewards and coaching pages)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404

from core.choices import TimeZone
from core.http import ActorRequest, query_int
from core.models import Instansi

from .. import access
from ..choices import PeriodKind
from ..models import Period, Skp


def period_of(skp: Skp, pk: int | str | None, *, periodic_only: bool = False) -> Period:
    """A period of the SKP's year, or 404."""
    periods = Period.objects.filter(year_id=skp.year_id)
    if periodic_only:
        periods = periods.filter(kind=PeriodKind.PERIODIC)
    try:
        return periods.get(pk=int(pk))  # type: ignore[arg-type]
    except (Period.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def agency_zone(skp: Skp) -> tuple[ZoneInfo, str]:
    """The SKP agency's zone and its short name (WIB/WITA/WIT), for times shown on its pages."""
    name = skp.year.instansi.time_zone
    return ZoneInfo(name), str(TimeZone(name).label).split(" ")[0]


def errors_on(form: Form, errors: list[str], field: str) -> None:
    """Errors on the form's field of that name, else on the form as a whole."""
    form.add_error(field if field in form.fields else None, errors)


def split_errors(exc: ValidationError) -> tuple[dict[str, list[str]], list[str]]:
    """A service's errors keyed by field, and those that belong to the page as a whole."""
    if not hasattr(exc, "error_dict"):
        return {}, list(exc.messages)
    fields, page = {}, []
    for name, errors in exc.message_dict.items():
        if name == "__all__":
            page += errors
        else:
            fields[name] = errors
    return fields, page


def pick(choices: list[Instansi], pk: int) -> Instansi | None:
    """The agency `pk` among those the page offers, if it is one of them."""
    return next((i for i in choices if i.pk == pk), None)


def managed_instansi(request: ActorRequest) -> tuple[Instansi, list[Instansi]]:
    """The agency whose performance years HR manages: ?instansi= (another agency: 404; one the
    actor belongs to without being its HR: 403), else the first the actor manages."""
    actor = request.actor
    choices = list(access.instansi_managed_by(actor).order_by("name"))
    pk = query_int(request, "instansi")
    if pk is not None:
        instansi = pick(choices, pk) or access.get_instansi(actor, pk)
        access.require(access.can_manage_performance(actor, instansi.pk))
        return instansi, choices
    access.require(bool(choices))
    return choices[0], choices
