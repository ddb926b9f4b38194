"""Rules the database itself enforces on KSM records: raw SQL around Python must fail."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import IntegrityError, ProgrammingError, connection, transaction

from ksm.models import Anggota, Keanggotaan, TransaksiTabungan
from tests.ksm.factories import KSMFactory, tambah


def _sql(sql: str, params: list[Any]) -> None:
    with connection.cursor() as cur:
        cur.execute(sql, params)


def test_nik_unique_among_active_members_of_an_lkm(db: Any) -> None:
    k = tambah(KSMFactory(), "Sumiati", nik="3519105705800001")
    with pytest.raises(IntegrityError), transaction.atomic():
        _sql(
            "INSERT INTO ksm_anggota (lkm_id, nik, nama, jenis_kelamin, alamat, nomor_kk, telepon, "
            "jenis_usaha,"
            " pendapatan_sebelum, satuan_pendapatan, terdaftar_ps2, aktif)"
            " VALUES (%s, %s, 'Kembar', 'P', '', '', '', '', 0, 'bulan', false, true)",
            [k.ksm.lkm_id, "3519105705800001"],
        )
    # an inactive record with the same NIK is history, and allowed
    _sql(
        "INSERT INTO ksm_anggota (lkm_id, nik, nama, jenis_kelamin, alamat, nomor_kk, telepon, jenis_usaha,"
        " pendapatan_sebelum, satuan_pendapatan, terdaftar_ps2, aktif)"
        " VALUES (%s, %s, 'Lama', 'P', '', '', '', '', 0, 'bulan', false, false)",
        [k.ksm.lkm_id, "3519105705800001"],
    )
    assert Anggota.objects.filter(nik="3519105705800001").count() == 2


def test_nik_must_be_sixteen_digits_in_the_database(db: Any, lkm_bukur: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        _sql(
            "INSERT INTO ksm_anggota (lkm_id, nik, nama, jenis_kelamin, alamat, nomor_kk, telepon, "
            "jenis_usaha,"
            " pendapatan_sebelum, satuan_pendapatan, terdaftar_ps2, aktif)"
            " VALUES (%s, '35191057058A0001', 'X', 'P', '', '', '', '', 0, 'bulan', false, false)",
            [lkm_bukur.pk],
        )


def test_one_active_pinjaman_bergulir_membership_per_person(db: Any) -> None:
    k = tambah(KSMFactory(), "Sumiati")
    lain = KSMFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        _sql(
            "INSERT INTO ksm_keanggotaan (ksm_id, anggota_id, peran, tanggal_bergabung, alasan_keluar,"
            " pinjaman_bergulir) VALUES (%s, %s, 'anggota', '2019-01-01', '', true)",
            [lain.pk, k.anggota_id],
        )
    # after leaving, the old membership is history and a new one may start
    _sql("UPDATE ksm_keanggotaan SET tanggal_keluar = '2019-06-30' WHERE id = %s", [k.pk])
    _sql(
        "INSERT INTO ksm_keanggotaan (ksm_id, anggota_id, peran, tanggal_bergabung, alasan_keluar,"
        " pinjaman_bergulir) VALUES (%s, %s, 'anggota', '2019-07-01', '', true)",
        [lain.pk, k.anggota_id],
    )
    assert Keanggotaan.objects.filter(anggota_id=k.anggota_id).count() == 2


def test_savings_amount_never_zero_and_key_unique_per_ksm(db: Any) -> None:
    k = tambah(KSMFactory(), "Sumiati")
    TransaksiTabungan.objects.create(
        ksm=k.ksm, anggota=k.anggota, tanggal=date(2019, 10, 1), jumlah=5_000, kunci="a"
    )
    sql = (
        "INSERT INTO ksm_transaksitabungan (ksm_id, anggota_id, tanggal, jumlah, melalui, kunci, dibuat_pada)"
        " VALUES (%s, %s, '2019-10-01', %s, 'kas', %s, now())"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        _sql(sql, [k.ksm_id, k.anggota_id, 0, "b"])
    with pytest.raises(IntegrityError), transaction.atomic():
        _sql(sql, [k.ksm_id, k.anggota_id, 1_000, "a"])


def test_posted_savings_cannot_be_changed_or_deleted(db: Any) -> None:
    k = tambah(KSMFactory(), "Sumiati")
    t = TransaksiTabungan.objects.create(
        ksm=k.ksm, anggota=k.anggota, tanggal=date(2019, 10, 1), jumlah=5_000, kunci="a"
    )
    with pytest.raises(ProgrammingError, match="pgtrigger"), transaction.atomic():
        _sql("UPDATE ksm_transaksitabungan SET jumlah = 50000 WHERE id = %s", [t.pk])
    with pytest.raises(ProgrammingError, match="pgtrigger"), transaction.atomic():
        _sql("DELETE FROM ksm_transaksitabungan WHERE id = %s", [t.pk])
    # the journal id is filled once ...
    _sql("UPDATE ksm_transaksitabungan SET jurnal_id = 77 WHERE id = %s", [t.pk])
    # ... and then stays
    with pytest.raises(ProgrammingError, match="pgtrigger"), transaction.atomic():
        _sql("UPDATE ksm_transaksitabungan SET jurnal_id = 78 WHERE id = %s", [t.pk])
    t.refresh_from_db()
    assert (t.jumlah, t.jurnal_id) == (5_000, 77)
