"""Audited bulk writes (kotaku/massal.py): the same rows and the same history events as the ORM, linear."""

from __future__ import annotations

from datetime import date

from django.apps import apps

from kotaku.massal import perbarui_massal, simpan_massal
from ksm.models import Kehadiran, Pertemuan
from tests.ksm.factories import ksm_dengan_anggota

KOLOM_PERISTIWA = ("pgh_label", "pgh_obj_id", "id", "ksm_id", "tanggal", "agenda", "tempat", "kunci")


def _peristiwa(model: str, **saring: object) -> list[tuple[object, ...]]:
    event = apps.get_model("ksm", model)
    return list(event.objects.filter(**saring).order_by("pgh_id").values_list(*KOLOM_PERISTIWA))


def test_bulk_rows_and_their_history_equal_the_orm(lkm_bukur):
    ksm = ksm_dengan_anggota(5, lkm=lkm_bukur)
    biasa = Pertemuan.objects.create(ksm=ksm, tanggal=date(2019, 1, 7), agenda="rapat", tempat="balai")
    massal = simpan_massal(
        [Pertemuan(ksm=ksm, tanggal=date(2019, 1, d), agenda="rapat", tempat="balai") for d in (14, 21)]
    )
    assert [p.pk for p in massal] == sorted(p.pk for p in massal) and all(p.pk > biasa.pk for p in massal)
    assert not massal[0]._state.adding
    dari_db = Pertemuan.objects.filter(pk__in=[p.pk for p in massal]).order_by("pk")
    assert [(p.tanggal, p.agenda, p.dibuat_oleh_id) for p in dari_db] == [
        (date(2019, 1, 14), "rapat", None),
        (date(2019, 1, 21), "rapat", None),
    ]
    # the same insert event as the row trigger writes for an ORM save
    satu = _peristiwa("PertemuanEvent", pgh_obj_id=biasa.pk)
    dua = _peristiwa("PertemuanEvent", pgh_obj_id=massal[0].pk)
    assert len(satu) == len(dua) == 1
    assert satu[0][0] == dua[0][0] == "insert" and dua[0][1] == dua[0][2] == massal[0].pk
    assert satu[0][3:] == (ksm.pk, date(2019, 1, 7), "rapat", "balai", "") and dua[0][4] == date(2019, 1, 14)

    # a related object saved after it was assigned: its id is taken at insert time, as bulk_create does
    pertemuan = Pertemuan(ksm=ksm, tanggal=date(2019, 2, 4))
    hadir = Kehadiran(pertemuan=pertemuan, anggota=ksm.keanggotaan.first().anggota)
    simpan_massal([pertemuan])
    simpan_massal([hadir])
    assert Kehadiran.objects.get(pk=hadir.pk).pertemuan_id == pertemuan.pk


def test_bulk_update_writes_update_events(lkm_bukur):
    ksm = ksm_dengan_anggota(5, lkm=lkm_bukur)
    rapat = simpan_massal([Pertemuan(ksm=ksm, tanggal=date(2019, 3, d), agenda="") for d in (4, 11)])
    for p in rapat:
        p.agenda = "angsuran dan tabungan"
    perbarui_massal(rapat, ["agenda"])
    assert set(Pertemuan.objects.filter(ksm=ksm).values_list("agenda", flat=True)) == {
        "angsuran dan tabungan"
    }
    for p in rapat:
        assert [(e[0], e[5]) for e in _peristiwa("PertemuanEvent", pgh_obj_id=p.pk)] == [
            ("insert", ""),
            ("update", "angsuran dan tabungan"),
        ]
