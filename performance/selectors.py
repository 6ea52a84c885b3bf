"""Reads of the performance app, scoped through core.access."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from core import access
from core.access import Actor

from .models import Iki, Rhk, Skp


def skp_page(*, actor: Actor, skp: Skp) -> dict[str, Any]:
    """An SKP with its plan, expectations and history, and what the actor may do with it: 4 queries."""
    rhks = list(
        skp.rhks.select_related("parent").prefetch_related(
            Prefetch("ikis", queryset=Iki.objects.order_by("order", "pk"))
        )
    )
    return {
        "skp": skp,
        "employee": skp.employee,
        "rhks": rhks,
        "behaviours": list(skp.behaviours.all()),
        "transitions": list(skp.transitions.select_related("actor")),
        "can_edit": access.can_edit_skp(actor, skp),
        "can_review": access.can_review_skp(actor, skp),
        "can_set_expectations": access.can_set_expectations(actor, skp),
        "is_owner": access.is_skp_owner(actor, skp),
    }


def rhk_parent_label(rhk: Rhk) -> str:
    return rhk.parent.text if rhk.parent_id and rhk.parent else ""
