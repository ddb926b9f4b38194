"""The payment path's database work is fixed: the same statements for the first and the last instalment,
however many payments the loan already has (what `make bench` measures, pinned so it cannot creep back)."""

from __future__ import annotations

from datetime import date

import pgtrigger
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kotaku.buku.models import Jurnal
from kotaku.buku.services import Baris, posting_jurnal
from kotaku.models import Peran
from pinjaman import services
from pinjaman.models import Pembayaran
from tests.ksm.factories import ksm_dengan_anggota
from tests.pinjaman.conftest import cair

# Inside the test's transaction the service's atomic block is a savepoint: savepoint, lock the loan, look for
# the key and read the KSM's members on the date (who may cover whom; one query), read every unpaid
# instalment with what was paid of it (one query), insert the payment with its split (one statement), read
# the books' state (existing journal, accounts, closed month and year: one query), number + insert the
# journal with its lines (one statement; the payment is new, so no savepoint guards a race on its source),
# link the payment to it, release. (Alone: BEGIN ... COMMIT.)
PERNYATAAN_PER_PEMBAYARAN = 9


@pytest.fixture
def pinjaman_lima(orang, lkm_bukur):
    return cair(ksm_dengan_anggota(5, lkm=lkm_bukur), orang, pokok=1_000_000)


def _bayar(pinjaman, kasir, ke, anggota):
    return services.catat_pembayaran(
        pinjaman=pinjaman,
        tanggal=date(2019, 1 + ke, 10),
        jumlah=575_000,
        kunci=f"angsuran-{ke}",
        oleh=kasir,
        rincian=[services.BayarAnggota(a, 115_000) for a in anggota],
    )


def test_every_payment_costs_the_same_statements(pinjaman_lima, orang):
    kasir = orang[Peran.KASIR]
    anggota = list(pinjaman_lima.bagian.values_list("anggota_id", flat=True))
    _bayar(pinjaman_lima, kasir, 1, anggota)  # warms the ContentType cache, as every running process has it
    hitungan = []
    for ke in range(2, 6):
        with CaptureQueriesContext(connection) as q:
            _bayar(pinjaman_lima, kasir, ke, anggota)
        hitungan.append(len(q.captured_queries))
    assert hitungan == [PERNYATAAN_PER_PEMBAYARAN] * 4, [x["sql"][:60] for x in q.captured_queries]
    bayar = Pembayaran.objects.get(pinjaman=pinjaman_lima, kunci="angsuran-5")
    jurnal = Jurnal.objects.get(pk=bayar.jurnal_id)
    assert (jurnal.sumber_id, bayar.pokok, bayar.jasa) == (bayar.pk, 500_000, 75_000)
    assert sorted((b.akun.kode, b.debit, b.kredit) for b in jurnal.baris.select_related("akun")) == [
        ("11010", 575_000, 0),
        ("11030", 0, 500_000),
        ("41010", 0, 75_000),
    ]


def test_a_retry_reads_and_writes_nothing_more(pinjaman_lima, orang):
    kasir = orang[Peran.KASIR]
    anggota = list(pinjaman_lima.bagian.values_list("anggota_id", flat=True))
    pertama = _bayar(pinjaman_lima, kasir, 1, anggota)
    with CaptureQueriesContext(connection) as q:
        assert _bayar(pinjaman_lima, kasir, 1, anggota).pk == pertama.pk
    assert not [x for x in q.captured_queries if x["sql"].startswith(("INSERT", "UPDATE"))]


def test_posting_works_with_a_trigger_set_aside(lkm_bukur):
    """pgtrigger.ignore prepends a positional parameter to every statement: the posting's own SQL passes its
    parameters by position too, so it runs inside such a block (as the test helpers do)."""
    with pgtrigger.ignore("kotaku.Kebijakan:kebijakan_tetap"):
        j = posting_jurnal(
            lkm=lkm_bukur,
            tanggal=date(2019, 3, 1),
            uraian="Modal",
            baris=[Baris("11010", debit=5_000), Baris("31020", kredit=5_000)],
            kunci="modal-1",
        )
        assert (
            posting_jurnal(
                lkm=lkm_bukur,
                tanggal=date(2019, 3, 1),
                uraian="Modal",
                baris=[Baris("11010", debit=5_000), Baris("31020", kredit=5_000)],
                kunci="modal-1",
            ).pk
            == j.pk
        )
    assert j.nomor == "2019/000001"
