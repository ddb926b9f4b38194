"""The posting service on real concurrent PostgreSQL connections: numbers never
collide, one key posts once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection, transaction

from kotaku.buku.models import Jurnal
from kotaku.buku.selectors import saldo_akun
from kotaku.buku.services import Baris, posting_jurnal
from kotaku.models import LKM

pytestmark = pytest.mark.django_db(transaction=True)
T = date(2019, 5, 2)


def _bersamaan(fungsi: list[Callable[[], Jurnal]]) -> tuple[list[Jurnal], list[Exception]]:
    hasil: list[Jurnal] = []
    galat: list[Exception] = []
    mulai = threading.Barrier(len(fungsi))

    def jalan(f: Callable[[], Jurnal]) -> None:
        try:
            mulai.wait()
            with transaction.atomic():
                hasil.append(f())
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            galat.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=jalan, args=(f,)) for f in fungsi]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return hasil, galat


def _setor(lkm: LKM, jumlah: int, kunci: str | None = None) -> Callable[[], Jurnal]:
    return lambda: posting_jurnal(
        lkm=lkm,
        tanggal=T,
        uraian=f"Setoran {jumlah}",
        kunci=kunci,
        baris=[Baris("11010", debit=jumlah), Baris("31020", kredit=jumlah)],
    )


def test_eight_posters_at_once_get_eight_consecutive_numbers():
    lkm = LKM.objects.get(desa__nama="Bukur")
    hasil, galat = _bersamaan([_setor(lkm, 1_000 * (i + 1)) for i in range(8)])
    assert galat == [] and len(hasil) == 8
    assert sorted(j.nomor for j in Jurnal.objects.filter(lkm=lkm)) == [f"2019/{i:06d}" for i in range(1, 9)]
    assert saldo_akun(lkm=lkm, kode="11010", per=T) == 36_000  # 1.000 + 2.000 + ... + 8.000


def test_the_same_key_from_two_connections_posts_once():
    lkm = LKM.objects.get(desa__nama="Bukur")
    hasil, galat = _bersamaan([_setor(lkm, 50_000, kunci="sama"), _setor(lkm, 50_000, kunci="sama")])
    assert galat == []
    assert {j.pk for j in hasil} == {Jurnal.objects.get(lkm=lkm).pk}
    assert saldo_akun(lkm=lkm, kode="11010", per=T) == 50_000


def test_a_batch_and_single_postings_at_once_share_one_numbering_and_one_key():
    from kotaku.buku.services import JurnalBaru, posting_jurnal_massal

    lkm = LKM.objects.get(desa__nama="Bukur")
    jurnal = [
        JurnalBaru(T, f"massal {i}", [Baris("11010", debit=100 + i), Baris("31020", kredit=100 + i)], f"m{i}")
        for i in range(19)
    ] + [
        JurnalBaru(T, "Setoran 50000", [Baris("11010", debit=50_000), Baris("31020", kredit=50_000)], "sama")
    ]

    def massal() -> Jurnal:
        return posting_jurnal_massal(lkm=lkm, jurnal=jurnal, oleh=None)[-1]

    hasil, galat = _bersamaan(
        [massal, _setor(lkm, 50_000, kunci="sama"), *[_setor(lkm, 7) for _ in range(4)]]
    )
    assert galat == [] and len(hasil) == 6
    assert sorted(j.nomor for j in Jurnal.objects.filter(lkm=lkm)) == [f"2019/{i:06d}" for i in range(1, 25)]
    assert Jurnal.objects.filter(lkm=lkm, kunci="sama").count() == 1
    # 19 batch journals (100 + 101 + ... + 118 = 2.071), the shared key once, four singles of Rp 7
    assert saldo_akun(lkm=lkm, kode="11010", per=T) == 2_071 + 50_000 + 28
