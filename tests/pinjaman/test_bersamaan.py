"""Concurrency on real PostgreSQL connections: the same key twice, and two payments on one loan at once."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection

from kotaku.buku.models import Jurnal
from kotaku.buku.selectors import saldo_akun
from kotaku.models import LKM, Pengguna, Peran
from pinjaman import services
from pinjaman.models import Pembayaran
from tests.ksm.factories import ksm_dengan_anggota
from tests.pinjaman.conftest import cair

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pinjaman_cair(orang):
    """A disbursed loan of five members x Rp 1.000.000 over 10 months (committed: these tests use threads)."""
    ksm = ksm_dengan_anggota(5, lkm=LKM.objects.get(desa__nama="Bukur"))
    return cair(ksm, orang, pokok=1_000_000), orang[Peran.KASIR]


def _bersamaan(fungsi_fungsi):
    hasil, galat = [], []
    mulai = threading.Barrier(len(fungsi_fungsi))

    def jalan(f):
        try:
            mulai.wait()
            hasil.append(f())
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            galat.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=jalan, args=(f,)) for f in fungsi_fungsi]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return hasil, galat


def test_two_processes_posting_the_same_key_post_once(pinjaman_cair):
    p, kasir = pinjaman_cair
    kasir = Pengguna.objects.get(pk=kasir.pk)

    def bayar():
        return services.catat_pembayaran(
            pinjaman=p, tanggal=date(2019, 2, 10), jumlah=575_000, kunci="kunci-sama", oleh=kasir
        )

    hasil, galat = _bersamaan([bayar, bayar])
    assert galat == []
    assert {h.pk for h in hasil} == {Pembayaran.objects.get().pk}
    assert Jurnal.objects.filter(uraian__startswith="Angsuran").count() == 1
    assert saldo_akun(lkm=p.lkm, kode="11030", per=date(2019, 2, 10)) == 5_000_000 - 500_000


def test_two_different_payments_at_the_same_moment(pinjaman_cair):
    p, kasir = pinjaman_cair
    hasil, galat = _bersamaan(
        [
            lambda: services.catat_pembayaran(
                pinjaman=p, tanggal=date(2019, 2, 10), jumlah=575_000, kunci="a", oleh=kasir
            ),
            lambda: services.catat_pembayaran(
                pinjaman=p, tanggal=date(2019, 2, 10), jumlah=575_000, kunci="b", oleh=kasir
            ),
        ]
    )
    assert galat == [] and len(hasil) == 2
    # the second, serialised by the row lock, found instalment 1 paid: it pays instalment 2 (due 10 Mar,
    # within
    # one month of 10 Feb, so due at this meeting: DOMAIN.md §4), jasa 75.000 then pokok 500.000
    assert sorted((h.jasa, h.pokok) for h in hasil) == [(75_000, 500_000), (75_000, 500_000)]
    assert saldo_akun(lkm=p.lkm, kode="11030", per=date(2019, 2, 10)) == 5_000_000 - 500_000 - 500_000
    assert saldo_akun(lkm=p.lkm, kode="41010", per=date(2019, 2, 10)) == 150_000
