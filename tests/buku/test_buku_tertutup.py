"""Closed books stay closed in PostgreSQL itself: raw SQL and the admin cannot change what a posted account
means, delete a closed month or reopen it without a record (migration buku 0003)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from kotaku.buku.models import Akun, PeriodeTutup
from kotaku.buku.services import Baris, buka_bulan, posting_jurnal, tutup_bulan
from kotaku.models import Peran


def _jurnal_tabungan(lkm):
    """A posted line on 21020 Tabungan Kelompok (cash in, savings owed to the groups)."""
    return posting_jurnal(
        lkm=lkm,
        tanggal=date(2019, 3, 15),
        uraian="Setoran tabungan",
        baris=[Baris("11010", debit=250_000), Baris("21020", kredit=250_000)],
    )


def _sql(sql, params=()):
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.rowcount


# ---- accounts ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kolom", "nilai"),
    [("jenis", "pendapatan"), ("kode", "41099"), ("kontra", True), ("lkm_id", None)],
)
def test_raw_sql_cannot_change_what_a_posted_account_means(lkm_bukur, lkm_kwangsen, kolom, nilai):
    _jurnal_tabungan(lkm_bukur)
    akun = Akun.objects.get(lkm=lkm_bukur, kode="21020")
    if kolom == "lkm_id":
        Akun.objects.filter(lkm=lkm_kwangsen, kode="21020").delete()  # no clash with Kwangsen's own 21020
        nilai = lkm_kwangsen.pk
    with pytest.raises(IntegrityError, match="Akun 21020 sudah dipakai dalam jurnal"):
        _sql(f"UPDATE buku_akun SET {kolom} = %s WHERE id = %s", [nilai, akun.pk])
    akun.refresh_from_db()
    assert (akun.kode, akun.jenis, akun.kontra, akun.lkm_id) == ("21020", "kewajiban", False, lkm_bukur.pk)


def test_a_posted_account_may_still_be_renamed_or_retired(lkm_bukur):
    _jurnal_tabungan(lkm_bukur)
    akun = Akun.objects.get(lkm=lkm_bukur, kode="21020")
    assert _sql("UPDATE buku_akun SET nama = 'Tabungan KSM', aktif = false WHERE id = %s", [akun.pk]) == 1
    akun.refresh_from_db()
    assert (akun.nama, akun.aktif) == ("Tabungan KSM", False)


def test_an_account_without_postings_may_still_be_corrected(lkm_bukur):
    akun = Akun.objects.create(lkm=lkm_bukur, kode="51099", nama="Biaya salah ketik", jenis="pendapatan")
    assert _sql("UPDATE buku_akun SET kode = '51098', jenis = 'biaya' WHERE id = %s", [akun.pk]) == 1
    akun.refresh_from_db()
    assert (akun.kode, akun.jenis) == ("51098", "biaya")


# ---- closed months -----------------------------------------------------------------------------------------


@pytest.fixture
def maret_tutup(lkm_bukur, buat_pengguna):
    pembuku = buat_pengguna(Peran.PEMBUKU, lkm_bukur)
    return tutup_bulan(lkm=lkm_bukur, tahun=2019, bulan=3, oleh=pembuku)


def test_raw_sql_cannot_delete_a_closed_month(maret_tutup):
    with pytest.raises(IntegrityError, match="Catatan tutup bulan 3/2019 tidak boleh dihapus"):
        _sql("DELETE FROM buku_periodetutup WHERE id = %s", [maret_tutup.pk])
    assert PeriodeTutup.objects.filter(pk=maret_tutup.pk, dibuka_pada__isnull=True).exists()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE buku_periodetutup SET bulan = 4 WHERE id = %s",
        "UPDATE buku_periodetutup SET tahun = 2018 WHERE id = %s",
        "UPDATE buku_periodetutup SET ditutup_pada = now() - interval '1 year' WHERE id = %s",
    ],
)
def test_raw_sql_cannot_move_a_closed_month(maret_tutup, sql):
    with pytest.raises(IntegrityError, match="tidak boleh diubah; hanya pembukaannya yang dicatat"):
        _sql(sql, [maret_tutup.pk])


def test_raw_sql_cannot_reopen_without_who_and_why(maret_tutup):
    with pytest.raises(IntegrityError, match="Membuka bulan 3/2019 mencatat siapa, kapan dan alasannya"):
        _sql(
            "UPDATE buku_periodetutup SET dibuka_pada = now(), alasan_buka = 'x' WHERE id = %s",
            [maret_tutup.pk],
        )
    assert PeriodeTutup.objects.get(pk=maret_tutup.pk).dibuka_pada is None


def test_reopening_is_recorded_once_and_then_fixed(maret_tutup, lkm_bukur, buat_pengguna):
    pengurus = buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur)
    buka_bulan(lkm=lkm_bukur, tahun=2019, bulan=3, alasan="Kuitansi tertinggal", oleh=pengurus)
    p = PeriodeTutup.objects.get(pk=maret_tutup.pk)
    assert (p.dibuka_oleh, p.alasan_buka) == (pengurus, "Kuitansi tertinggal")
    for sql in (
        "UPDATE buku_periodetutup SET dibuka_pada = NULL, dibuka_oleh_id = NULL, alasan_buka = '' "
        "WHERE id = %s",
        "UPDATE buku_periodetutup SET alasan_buka = 'alasan lain' WHERE id = %s",
    ):
        with pytest.raises(IntegrityError, match="sudah dibuka kembali; catatan itu tetap"):
            _sql(sql, [p.pk])
    # closing it again is a new row, and the history keeps both
    tutup_bulan(lkm=lkm_bukur, tahun=2019, bulan=3, oleh=buat_pengguna(Peran.PEMBUKU, lkm_bukur))
    assert PeriodeTutup.objects.filter(lkm=lkm_bukur, tahun=2019, bulan=3).count() == 2


# ---- the admin ---------------------------------------------------------------------------------------------


@pytest.fixture
def admin(buat_pengguna, masuk):
    return masuk(buat_pengguna(Peran.ADMIN))


def _data_akun(akun, **ubah):
    data = {"lkm": akun.lkm_id, "kode": akun.kode, "nama": akun.nama, "jenis": akun.jenis, "aktif": "on"}
    data.update(ubah)
    return data


def test_the_admin_shows_a_posted_accounts_meaning_read_only(admin, lkm_bukur):
    _jurnal_tabungan(lkm_bukur)
    akun = Akun.objects.get(lkm=lkm_bukur, kode="21020")
    halaman = admin.get(f"/admin/buku/akun/{akun.pk}/change/").content.decode()
    assert 'name="nama"' in halaman
    for kolom in ("kode", "jenis", "kontra", "lkm"):
        assert f'name="{kolom}"' not in halaman
    respon = admin.post(
        f"/admin/buku/akun/{akun.pk}/change/",
        _data_akun(akun, kode="41099", jenis="pendapatan", nama="Tabungan Kelompok KSM"),
    )
    assert respon.status_code == 302
    akun.refresh_from_db()
    assert (akun.kode, akun.jenis, akun.nama) == ("21020", "kewajiban", "Tabungan Kelompok KSM")
    assert admin.post(f"/admin/buku/akun/{akun.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Akun.objects.filter(pk=akun.pk).exists()


def test_the_admin_may_correct_an_account_never_posted(admin, lkm_bukur):
    akun = Akun.objects.create(lkm=lkm_bukur, kode="51099", nama="Biaya baru", jenis="pendapatan")
    assert 'name="jenis"' in admin.get(f"/admin/buku/akun/{akun.pk}/change/").content.decode()
    respon = admin.post(f"/admin/buku/akun/{akun.pk}/change/", _data_akun(akun, jenis="biaya"))
    assert respon.status_code == 302
    akun.refresh_from_db()
    assert akun.jenis == "biaya"


def test_the_admin_cannot_delete_change_or_add_a_closed_month(admin, maret_tutup):
    url = f"/admin/buku/periodetutup/{maret_tutup.pk}"
    assert admin.get(f"{url}/delete/").status_code == 403
    assert admin.post(f"{url}/delete/", {"post": "yes"}).status_code == 403
    assert admin.get("/admin/buku/periodetutup/add/").status_code == 403
    halaman = admin.get(f"{url}/change/")
    assert halaman.status_code == 200  # view only: no save button, no delete link
    assert 'name="_save"' not in halaman.content.decode()
    assert "/delete/" not in halaman.content.decode()
    daftar = admin.post(
        "/admin/buku/periodetutup/",
        {"action": "delete_selected", "_selected_action": [maret_tutup.pk], "post": "yes"},
    )
    assert daftar.status_code in (200, 302, 403)
    assert PeriodeTutup.objects.filter(pk=maret_tutup.pk, dibuka_pada__isnull=True).exists()


# ---- the books' life ---------------------------------------------------------------------------------------


def test_no_journal_before_2000_or_before_the_opening_balance(lkm_bukur):
    from kotaku.buku.services import JurnalDitolak, catat_saldo_awal

    modal = [Baris("11010", debit=5_000), Baris("31020", kredit=5_000)]
    with pytest.raises(JurnalDitolak, match="sebelum 1 Januari 2000"):
        posting_jurnal(lkm=lkm_bukur, tanggal=date(1, 1, 1), uraian="x", baris=modal)
    catat_saldo_awal(
        lkm=lkm_bukur, tanggal=date(2015, 12, 31), saldo={"11010": 5_000, "31020": 5_000}, oleh=None
    )
    with pytest.raises(JurnalDitolak, match="dimulai dengan saldo awal 31 Desember 2015"):
        posting_jurnal(lkm=lkm_bukur, tanggal=date(2015, 6, 1), uraian="x", baris=modal)
    posting_jurnal(lkm=lkm_bukur, tanggal=date(2016, 1, 2), uraian="Modal", baris=modal)
