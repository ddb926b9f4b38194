"""hypothesis: any sequence of valid postings and reversals keeps journals
balanced and the neraca balanced."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kotaku.buku import selectors
from kotaku.buku.models import Jurnal
from kotaku.buku.services import Baris, balik_jurnal, posting_jurnal

KODE = [
    "11010",
    "11021",
    "11030",
    "12010",
    "21020",
    "31010",
    "31020",
    "41010",
    "41020",
    "51010",
    "51030",
    "51080",
]
AWAL = date(2019, 1, 1)

langkah = st.one_of(
    st.tuples(
        st.just("post"),
        st.integers(0, 60),
        st.sampled_from(KODE),
        st.sampled_from(KODE),
        st.integers(1, 50_000_000),
    ),
    st.tuples(st.just("balik"), st.integers(0, 60), st.integers(0, 30)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(langkah, min_size=1, max_size=15))
def test_postings_and_reversals_keep_everything_balanced(lkm_bukur, urutan):
    from django.db import transaction

    sid = transaction.savepoint()
    try:
        dibuat: list[Jurnal] = []
        for aksi in urutan:
            tanggal = AWAL + timedelta(days=aksi[1])
            if aksi[0] == "post":
                _, _, debit, kredit, jumlah = aksi
                if debit == kredit:
                    continue
                dibuat.append(
                    posting_jurnal(
                        lkm=lkm_bukur,
                        tanggal=tanggal,
                        uraian="uji",
                        baris=[Baris(debit, debit=jumlah), Baris(kredit, kredit=jumlah)],
                    )
                )
            elif dibuat:
                asli = dibuat[aksi[2] % len(dibuat)]
                if asli.jenis == "umum" and not Jurnal.objects.filter(membalik=asli).exists():
                    dibuat.append(
                        balik_jurnal(jurnal=asli, tanggal=max(tanggal, asli.tanggal), alasan="uji", oleh=None)
                    )
        assert selectors.total_tidak_seimbang(lkm=lkm_bukur) == 0
        for hari in (0, 15, 30, 61):
            per = AWAL + timedelta(days=hari)
            n = selectors.neraca(lkm=lkm_bukur, per=per)
            assert n.total_aset == n.total_kewajiban_modal
            saldo = selectors.neraca_saldo(lkm=lkm_bukur, dari=AWAL, sampai=per)
            assert sum(r.debit for r in saldo) == sum(r.kredit for r in saldo)
    finally:
        transaction.savepoint_rollback(sid)
