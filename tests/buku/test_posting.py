"""The posting service and the rules PostgreSQL enforces itself."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from kotaku.buku.models import BarisJurnal, Jurnal
from kotaku.buku.selectors import saldo_akun, saldo_semua_akun
from kotaku.buku.services import Baris, JurnalDitolak, balik_jurnal, posting_jurnal, tutup_bulan
from kotaku.models import Peran

T = date(2019, 3, 15)


def _modal(lkm, jumlah=10_000_000, tanggal=T, **kw):
    return posting_jurnal(
        lkm=lkm,
        tanggal=tanggal,
        uraian="Modal APBN",
        baris=[Baris("11010", debit=jumlah), Baris("31020", kredit=jumlah)],
        **kw,
    )


def test_a_balanced_journal_is_posted_and_numbered(lkm_bukur):
    j1 = _modal(lkm_bukur)
    j2 = _modal(lkm_bukur, 500_000)
    assert (j1.nomor, j2.nomor) == ("2019/000001", "2019/000002")
    assert saldo_akun(lkm=lkm_bukur, kode="11010", per=T) == 10_500_000
    assert saldo_akun(lkm=lkm_bukur, kode="31020", per=T) == 10_500_000
    assert saldo_akun(lkm=lkm_bukur, kode="11010", per=date(2019, 3, 14)) == 0


def test_numbers_restart_each_year_and_per_lkm(lkm_bukur, lkm_kwangsen):
    _modal(lkm_bukur, tanggal=date(2018, 12, 31))
    assert _modal(lkm_bukur).nomor == "2019/000001"
    assert _modal(lkm_kwangsen).nomor == "2019/000001"


def test_the_same_key_posts_once(lkm_bukur):
    a = _modal(lkm_bukur, kunci="voucher-1")
    b = _modal(lkm_bukur, kunci="voucher-1")
    assert a.pk == b.pk
    assert Jurnal.objects.filter(lkm=lkm_bukur).count() == 1
    assert saldo_akun(lkm=lkm_bukur, kode="11010", per=T) == 10_000_000


@pytest.mark.parametrize(
    ("baris", "pesan"),
    [
        (
            [Baris("11010", debit=100), Baris("31020", kredit=90)],
            "Jurnal tidak seimbang: debit Rp 100, kredit Rp 90.",
        ),
        (
            [Baris("11010", debit=0), Baris("31020", kredit=0)],
            "Setiap baris harus berisi debit atau kredit lebih dari nol",
        ),
        ([Baris("11010", debit=-5), Baris("31020", kredit=-5)], "Jumlah tidak boleh negatif (akun 11010)."),
        (
            [Baris("11010", debit=5, kredit=5), Baris("31020", kredit=0)],
            "Setiap baris harus berisi debit atau kredit",
        ),
        ([Baris("11010", debit=100)], "Jurnal harus punya minimal dua baris"),
        ([Baris("11010", debit=100), Baris("99999", kredit=100)], "Akun 99999 tidak dikenal di LKM Barokah."),
    ],
)
def test_bad_journals_are_refused_and_nothing_posted(lkm_bukur, baris, pesan):
    with pytest.raises(JurnalDitolak) as info:
        posting_jurnal(lkm=lkm_bukur, tanggal=T, uraian="x", baris=baris)
    assert pesan in info.value.pesan
    assert Jurnal.objects.count() == 0 and BarisJurnal.objects.count() == 0


def test_a_future_date_is_refused(lkm_bukur):
    with pytest.raises(JurnalDitolak, match="belum terjadi"):
        _modal(lkm_bukur, tanggal=date(2099, 1, 1))
    assert Jurnal.objects.count() == 0


def test_another_lkms_account_does_not_exist_here(lkm_bukur, lkm_kwangsen):
    from kotaku.buku.models import Akun

    Akun.objects.create(lkm=lkm_kwangsen, kode="51099", nama="Biaya khusus Kwangsen", jenis="biaya")
    with pytest.raises(JurnalDitolak, match="Akun 51099 tidak dikenal di LKM Barokah."):
        posting_jurnal(
            lkm=lkm_bukur, tanggal=T, uraian="x", baris=[Baris("51099", debit=5), Baris("11010", kredit=5)]
        )


def test_a_closed_month_refuses_postings(lkm_bukur, buat_pengguna):
    pembuku = buat_pengguna(Peran.PEMBUKU, lkm_bukur)
    tutup_bulan(lkm=lkm_bukur, tahun=2019, bulan=3, oleh=pembuku)
    with pytest.raises(JurnalDitolak, match="Bulan Maret 2019 sudah ditutup"):
        _modal(lkm_bukur)
    assert Jurnal.objects.count() == 0
    _modal(lkm_bukur, tanggal=date(2019, 4, 1))  # the next month is open


def test_reversal_restores_balances_and_keeps_both(lkm_bukur, buat_pengguna):
    pembuku = buat_pengguna(Peran.PEMBUKU, lkm_bukur)
    asli = _modal(lkm_bukur, 2_000_000)
    balik = balik_jurnal(jurnal=asli, tanggal=date(2019, 3, 20), alasan="salah nominal", oleh=pembuku)
    assert balik.membalik_id == asli.pk and balik.jenis == "pembalik"
    assert saldo_akun(lkm=lkm_bukur, kode="11010", per=date(2019, 3, 20)) == 0
    assert saldo_akun(lkm=lkm_bukur, kode="11010", per=date(2019, 3, 19)) == 2_000_000
    with pytest.raises(Exception, match="sudah dibalik"):
        balik_jurnal(jurnal=asli, tanggal=date(2019, 3, 20), alasan="lagi", oleh=pembuku)
    with pytest.raises(JurnalDitolak, match="Alasan pembalikan wajib diisi."):
        balik_jurnal(jurnal=_modal(lkm_bukur, 1), tanggal=T, alasan=" ", oleh=pembuku)


# ---- the database itself -----------------------------------------------------------------------------------


def test_raw_update_or_delete_of_a_posted_line_is_refused(lkm_bukur):
    j = _modal(lkm_bukur)
    baris = j.baris.first()
    for sql in (
        f"UPDATE buku_barisjurnal SET debit = 1 WHERE id = {baris.pk}",
        f"DELETE FROM buku_barisjurnal WHERE id = {baris.pk}",
        f"UPDATE buku_jurnal SET uraian = 'ubah' WHERE id = {j.pk}",
        f"DELETE FROM buku_jurnal WHERE id = {j.pk}",
    ):
        with (
            pytest.raises(DatabaseError, match="Cannot update or delete"),
            transaction.atomic(),
            connection.cursor() as cur,
        ):
            cur.execute(sql)
    baris.refresh_from_db()
    assert baris.debit == 10_000_000


@pytest.mark.django_db(transaction=True)
def test_raw_unbalanced_insert_is_refused_at_commit(lkm_bukur):
    from kotaku.buku.models import Akun

    kas = Akun.objects.get(lkm=lkm_bukur, kode="11010")
    modal = Akun.objects.get(lkm=lkm_bukur, kode="31020")
    with (
        pytest.raises(IntegrityError, match="tidak seimbang"),
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.execute(
            "INSERT INTO buku_jurnal (lkm_id, tahun, urut, tanggal, jenis, uraian, alasan, dibuat_pada) "
            "VALUES (%s, 2019, 99, '2019-03-15', 'umum', 'curang', '', now()) RETURNING id",
            [lkm_bukur.pk],
        )
        jid = cur.fetchone()[0]
        cur.execute(
            "INSERT INTO buku_barisjurnal (jurnal_id, lkm_id, akun_id, tanggal, debit, kredit) VALUES "
            "(%s, %s, %s, '2019-03-15', 100, 0), (%s, %s, %s, '2019-03-15', 0, 90)",
            [jid, lkm_bukur.pk, kas.pk, jid, lkm_bukur.pk, modal.pk],
        )
    assert Jurnal.objects.filter(uraian="curang").count() == 0


@pytest.mark.django_db(transaction=True)
def test_raw_journal_without_lines_is_refused_at_commit(lkm_bukur):
    with (
        pytest.raises(IntegrityError, match="minimal dua baris"),
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.execute(
            "INSERT INTO buku_jurnal (lkm_id, tahun, urut, tanggal, jenis, uraian, alasan, dibuat_pada) "
            "VALUES (%s, 2019, 98, '2019-03-15', 'umum', 'kosong', '', now())",
            [lkm_bukur.pk],
        )
    assert Jurnal.objects.filter(uraian="kosong").count() == 0


def test_raw_insert_in_a_closed_month_is_refused(lkm_bukur, buat_pengguna):
    from kotaku.buku.models import Akun

    j = _modal(lkm_bukur, tanggal=date(2019, 2, 10))
    tutup_bulan(lkm=lkm_bukur, tahun=2019, bulan=2, oleh=buat_pengguna(Peran.PEMBUKU, lkm_bukur))
    kas = Akun.objects.get(lkm=lkm_bukur, kode="11010")
    with (
        pytest.raises(IntegrityError, match="sudah ditutup"),
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.execute(
            "INSERT INTO buku_barisjurnal (jurnal_id, lkm_id, akun_id, tanggal, debit, kredit) "
            "VALUES (%s, %s, %s, '2019-02-11', 5, 0)",
            [j.pk, lkm_bukur.pk, kas.pk],
        )


def test_the_trial_balance_is_zero(lkm_bukur):
    _modal(lkm_bukur)
    posting_jurnal(
        lkm=lkm_bukur,
        tanggal=T,
        uraian="ATK",
        baris=[Baris("51030", debit=75_000), Baris("11010", kredit=75_000)],
    )
    saldo = saldo_semua_akun(lkm=lkm_bukur, per=T)
    assert saldo["11010"] == 9_925_000 and saldo["51030"] == 75_000 and saldo["31020"] == 10_000_000
