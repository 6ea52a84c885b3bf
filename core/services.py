"""Writes to the organisation: each checks access, validates, and saves whole or not at all."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from . import access
from .access import Actor
from .audit import stamp
from .models import Instansi, UnitKerja, child_path, extend_path, ids_from_path

UNIT_FIELDS = ("parent", "code", "name", "kind", "head_title", "is_active")


def _lock_tree(instansi_id: int, parent: UnitKerja | None) -> UnitKerja | None:
    """Serialise writes to one agency's tree and re-read the parent's current path.

    Without the lock, two concurrent moves (A under B, B under A) could both pass the cycle
    check, or a move could build on an ancestor path that another move is rewriting.
    """
    Instansi.objects.select_for_update().filter(pk=instansi_id).first()
    return UnitKerja.objects.get(pk=parent.pk) if parent is not None else None


@transaction.atomic
def unit_create(
    *,
    actor: Actor,
    instansi: Instansi,
    parent: UnitKerja | None,
    code: str,
    name: str,
    kind: str,
    head_title: str = "",
    is_active: bool = True,
) -> UnitKerja:
    access.require(access.can_manage_units(actor, instansi.pk))
    parent = _lock_tree(instansi.pk, parent)
    if parent is not None and parent.instansi_id != instansi.pk:
        raise ValidationError({"parent": _("Unit induk harus berada pada instansi yang sama.")})
    unit = UnitKerja(
        instansi=instansi,
        parent=parent,
        code=code,
        name=name,
        kind=kind,
        head_title=head_title,
        is_active=is_active,
        path="-",
        depth=0,
    )
    stamp(unit, actor)
    unit.full_clean()
    unit.save()
    # The path needs the new id; a second UPDATE keeps it out of the history table's noise.
    path, depth = child_path(parent, unit.pk)
    UnitKerja.objects.filter(pk=unit.pk).update(path=path, depth=depth)
    unit.refresh_from_db(fields=["path", "depth"])
    return unit


@transaction.atomic
def unit_update(*, actor: Actor, unit: UnitKerja, **changes: object) -> UnitKerja:
    """Change a unit's fields; moving it under another parent rewrites its subtree in one UPDATE."""
    access.require(access.can_manage_units(actor, unit.instansi_id))
    unknown = set(changes) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown unit fields: {sorted(unknown)}")
    if "parent" in changes:
        changes["parent"] = _lock_tree(unit.instansi_id, changes["parent"])  # type: ignore[arg-type]
    else:
        _lock_tree(unit.instansi_id, None)
    unit = UnitKerja.objects.select_for_update().get(pk=unit.pk)
    old_parent_id = unit.parent_id
    for name, value in changes.items():
        setattr(unit, name, value)
    new_parent: UnitKerja | None = unit.parent
    if new_parent is not None:
        if new_parent.instansi_id != unit.instansi_id:
            raise ValidationError({"parent": _("Unit induk harus berada pada instansi yang sama.")})
        if unit.pk in ids_from_path(new_parent.path):
            raise ValidationError(
                {"parent": _("Unit tidak dapat dipindahkan ke bawah dirinya sendiri atau unit bawahannya.")}
            )
    stamp(unit, actor)
    unit.full_clean()
    unit.save()
    if unit.parent_id != old_parent_id:
        old_path, old_depth = unit.path, unit.depth
        new_path, depth = child_path(new_parent, unit.pk)
        UnitKerja.objects.subtree_of(old_path).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + (depth - old_depth),
        )
        unit.refresh_from_db(fields=["path", "depth"])
    return unit


def repair_unit_paths(*, instansi_id: int | None = None) -> int:
    """Recompute every stored path from the parent links; return how many rows were wrong.

    One read of (id, parent) for the agency and one bulk UPDATE of the wrong rows, so re-running
    it changes nothing. It guards the tree against edits made outside the services (SQL, admin).
    """
    rows = UnitKerja.objects.all()
    if instansi_id is not None:
        rows = rows.filter(instansi_id=instansi_id)
    nodes = {
        pk: (parent_id, path, depth)
        for pk, parent_id, path, depth in rows.values_list("pk", "parent_id", "path", "depth")
    }
    computed: dict[int, tuple[str, int]] = {}

    def resolve(pk: int) -> tuple[str, int]:
        # Walk up to a resolved ancestor, then down again: no recursion limit on deep trees.
        chain: list[int] = []
        current: int | None = pk
        while current is not None and current not in computed:
            if len(chain) > len(nodes):
                raise ValueError(f"cycle in the unit tree at unit {pk}")
            chain.append(current)
            current = nodes[current][0]  # parents share the agency, so they are in `nodes`
        for node in reversed(chain):
            parent_id = nodes[node][0]
            computed[node] = extend_path(computed[parent_id] if parent_id else None, node)
        return computed[pk]

    wrong = []
    for pk, (_parent, path, depth) in nodes.items():
        new_path, new_depth = resolve(pk)
        if (new_path, new_depth) != (path, depth):
            wrong.append(UnitKerja(pk=pk, path=new_path, depth=new_depth))
    with transaction.atomic():
        UnitKerja.objects.bulk_update(wrong, ["path", "depth"], batch_size=500)
    return len(wrong)
