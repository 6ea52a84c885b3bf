"""The unit tree: subtree queries, services, moves, and the path repair job."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core import access, services
from core.choices import UnitKind
from core.models import UnitKerja
from core.tasks import repair_unit_paths
from employees import access as employees_access

from ..factories import make_unit


def actor(org, persona):
    return access.actor_for(org.users[persona])


def test_a_subtree_is_one_prefix_query(org, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = set(UnitKerja.objects.subtree_of(org.dinkes_sorong.path).values_list("name", flat=True))
    assert names == {"Dinas Kesehatan", "Puskesmas Sorong Kota"}


def test_unit_ids_are_padded_so_unit_1_is_not_a_prefix_of_unit_12(org):
    unit_ids = [int(part) for part in org.pkm_sorong.path.split("/") if part]
    assert unit_ids == [org.dinkes_sorong.pk, org.pkm_sorong.pk]
    assert org.pkm_sorong.ancestor_ids == [org.dinkes_sorong.pk]


def test_hr_creates_a_unit_under_a_parent_with_its_path(org):
    unit = services.unit_create(
        actor=actor(org, "hr_sorong"),
        instansi=org.sorong,
        parent=org.pkm_sorong,
        code="DINKES.PKM1.POSYANDU",
        name="Pustu Klademak",
        kind=UnitKind.UPT,
    )
    assert unit.path == org.pkm_sorong.path + f"{unit.pk:08d}/"
    assert unit.depth == 2
    assert unit.history.count() == 1
    assert unit.history.first().history_user == org.users["hr_sorong"]


def test_hr_of_another_agency_cannot_create_units_here(org):
    with pytest.raises(PermissionDenied):
        services.unit_create(
            actor=actor(org, "hr_palembang"),
            instansi=org.sorong,
            parent=None,
            code="X",
            name="X",
            kind=UnitKind.DINAS,
        )


def test_a_duplicate_code_is_refused_in_indonesian_and_nothing_is_saved(org):
    before = UnitKerja.objects.count()
    with pytest.raises(ValidationError, match="Kode unit ini sudah dipakai"):
        services.unit_create(
            actor=actor(org, "hr_sorong"),
            instansi=org.sorong,
            parent=None,
            code="DINKES",
            name="Lagi",
            kind=UnitKind.DINAS,
        )
    assert UnitKerja.objects.count() == before


def test_a_parent_from_another_agency_is_refused(org):
    with pytest.raises(ValidationError, match="instansi yang sama"):
        services.unit_create(
            actor=actor(org, "hr_sorong"),
            instansi=org.sorong,
            parent=org.dishub_palembang,
            code="Y",
            name="Y",
            kind=UnitKind.BIDANG,
        )


def test_moving_a_unit_rewrites_its_whole_subtree(org):
    seksi = make_unit(org.sorong, "DINKES.PKM1.S", parent=org.pkm_sorong, kind=UnitKind.SEKSI)
    services.unit_update(actor=actor(org, "hr_sorong"), unit=org.pkm_sorong, parent=org.dishub_sorong)
    org.pkm_sorong.refresh_from_db()
    seksi.refresh_from_db()
    assert org.pkm_sorong.path.startswith(org.dishub_sorong.path)
    assert seksi.path == org.pkm_sorong.path + f"{seksi.pk:08d}/"
    assert (org.pkm_sorong.depth, seksi.depth) == (1, 2)
    # the employee in the Puskesmas is now outside the head of Dinkes's subtree
    head = actor(org, "head_dinkes_sorong")
    assert not employees_access.employees_visible_to(head).filter(pk=org.employee_dinkes_sorong.pk).exists()


def test_a_unit_cannot_move_under_its_own_descendant(org):
    with pytest.raises(ValidationError, match="bawah dirinya sendiri"):
        services.unit_update(actor=actor(org, "hr_sorong"), unit=org.dinkes_sorong, parent=org.pkm_sorong)
    org.dinkes_sorong.refresh_from_db()
    assert org.dinkes_sorong.parent is None


def test_the_repair_job_fixes_broken_paths_and_a_second_run_changes_nothing(org):
    good = dict(UnitKerja.objects.values_list("pk", "path"))
    UnitKerja.objects.filter(pk=org.pkm_sorong.pk).update(path="broken/", depth=7)
    assert repair_unit_paths.delay(instansi_id=org.sorong.pk).get() == 1
    assert dict(UnitKerja.objects.values_list("pk", "path")) == good
    assert repair_unit_paths.delay().get() == 0


def unit_form(org, **overrides):
    data = {
        "parent": "",
        "code": "BARU",
        "name": "Badan Baru",
        "kind": "badan",
        "head_title": "",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_the_unit_form_refuses_a_duplicate_code_in_indonesian(org, as_persona):
    from django.urls import reverse

    before = UnitKerja.objects.count()
    response = as_persona("hr_sorong").post(
        reverse("core:unit_create", args=[org.sorong.pk]), unit_form(org, code="DINKES")
    )
    assert response.status_code == 200
    assert "Kode unit ini sudah dipakai" in response.content.decode()
    assert UnitKerja.objects.count() == before


def test_the_unit_form_does_not_offer_the_units_own_subtree_as_parent(org, as_persona):
    from django.urls import reverse

    url = reverse("core:unit_update", args=[org.dinkes_sorong.pk])
    response = as_persona("hr_sorong").post(
        url, unit_form(org, code="DINKES", name="Dinas Kesehatan", parent=org.pkm_sorong.pk)
    )
    assert response.status_code == 200
    assert "Masukkan pilihan yang valid" in response.content.decode()
    org.dinkes_sorong.refresh_from_db()
    assert org.dinkes_sorong.parent is None


def test_the_unit_tree_page_lists_the_agency_units_in_tree_order_and_searches(org, as_persona):
    from django.urls import reverse

    client = as_persona("employee_dinkes_sorong")
    url = reverse("core:unit_tree", args=[org.sorong.pk])
    units = list(client.get(url).context["page"])
    assert [u.name for u in units] == ["Dinas Kesehatan", "Puskesmas Sorong Kota", "Dinas Perhubungan"]
    assert [u.employee_count for u in units] == [1, 1, 1]
    found = client.get(url, {"q": "puskesmas"}).context["page"]
    assert [u.name for u in found] == ["Puskesmas Sorong Kota"]


def test_the_agency_list_shows_only_the_users_agencies(org, as_persona):
    from django.urls import reverse

    page = as_persona("hr_palembang").get(reverse("core:instansi_list")).context["page"]
    assert [a.code for a in page] == ["kota-palembang"]


@pytest.mark.parametrize("code", ["=HYPERLINK(1)", "12/31/2026", "<script>", "📦", "-DINKES", "+62-812"])
def test_a_unit_code_is_letters_digits_dots_underscores_and_dashes(org, code):
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(org.users["hr_sorong"])
    unit = org.dinkes_sorong
    before = UnitKerja.objects.get(pk=unit.pk).code

    response = client.post(
        reverse("core:unit_update", args=[unit.pk]),
        {
            "code": code,
            "name": unit.name,
            "kind": unit.kind,
            "head_title": unit.head_title,
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    assert "Kode unit hanya boleh berisi huruf, angka" in response.content.decode()
    assert UnitKerja.objects.get(pk=unit.pk).code == before
