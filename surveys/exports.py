"""The raw responses of a large period as an export built by a job (core.exports): the period is
read again with the scope of the person who asked."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.access import Actor
from core.exports import Builder, Export

from . import access, excel

KIND = "survei-jawaban"


def responses_export(actor: Actor, params: dict[str, Any]) -> Export:
    access.require(access.can_view_results(actor))
    period = access.get_period(actor, int(params["period"]))
    questions = excel.extra_questions_of(period)
    return Export(
        title=_("Jawaban responden"),
        headers=excel.response_headers(questions),
        rows=excel.response_rows(period, questions),
        widths=excel.response_widths(questions),
    )


BUILDER = Builder(KIND, responses_export)
