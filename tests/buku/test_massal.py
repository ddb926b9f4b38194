"""The batch posting path: the same journals, numbers and lines as posting one by one, in bulk."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kotaku.buku.models import BarisJurnal, Jurnal
from kotaku.buku.selectors import saldo_akun, total_tidak_seimbang
from kotaku.buku.services import (
    Baris,
    JurnalBaru,
    JurnalDitolak,
    posting_jurnal,
    posting_jurnal_massal,
    tutup_bulan,
    tutup_tahun,
)
from kotaku.errors import KonflikStatus
from kotaku.models import Peran


def _setor(tanggal: date, jumlah: int, kunci: str | None = None, uraian: str = "Setoran") -> JurnalBaru:
    return JurnalBaru(
        tanggal=tanggal,
        uraian=uraian,
        baris=[Baris("11010", debit=jumlah), Baris("31020", kredit=jumlah)],
        kunci=kunci,
    )


def _isi(jurnal: Jurnal) -> tuple[object, ...]:
    return (
        jurnal.nomor,
        jurnal.tanggal,
        jurnal.uraian,
        jurnal.kunci,
        tuple((b.akun.kode, b.debit, b.kredit) for b in jurnal.baris.select_related("akun").order_by("id")),
    )


def test_a_batch_posts_numbered_balanced_journals_in_list_order(lkm_bukur):
    hasil = posting_jurnal_massal(
        lkm=lkm_bukur,
        jurnal=[
            _setor(date(2019, 3, 5), 1_000_000, "a"),
            _setor(date(2018, 12, 31), 250_000, "b"),
            JurnalBaru(
                tanggal=date(2019, 3, 1),
                uraian="Angsuran KSM Mawar",
                baris=[
                    Baris("11010", debit=345_000),
                    Baris("11030", kredit=300_000),
                    Baris("41010", kredit=45_000),
                ],
                kunci="c",
            ),
        ],
        oleh=None,
    )
    assert [j.nomor for j in hasil] == ["2019/000001", "2018/000001", "2019/000002"]
    assert [_isi(j)[4] for j in hasil] == [
        (("11010", 1_000_000, 0), ("31020", 0, 1_000_000)),
        (("11010", 250_000, 0), ("31020", 0, 250_000)),
        (("11010", 345_000, 0), ("11030", 0, 300_000), ("41010", 0, 45_000)),
    ]
    assert saldo_akun(lkm=lkm_bukur, kode="11010", per=date(2019, 3, 31)) == 1_595_000
    assert saldo_akun(lkm=lkm_bukur, kode="41010", per=date(2019, 3, 31)) == 45_000
    assert total_tidak_seimbang(lkm=lkm_bukur) == 0
    # the one-by-one path continues the same numbers, and the batch continues after it
    assert posting_jurnal(
        lkm=lkm_bukur, tanggal=date(2019, 4, 1), uraian="x", baris=_setor(date(2019, 4, 1), 5).baris
    ).nomor == ("2019/000003")
    lagi = posting_jurnal_massal(lkm=lkm_bukur, jurnal=[_setor(date(2019, 4, 2), 7)], oleh=None)
    assert lagi[0].nomor == "2019/000004"


def test_the_same_keys_again_post_nothing_new(lkm_bukur):
    pertama = posting_jurnal_massal(
        lkm=lkm_bukur,
        jurnal=[_setor(date(2019, 1, 2), 100, "k1"), _setor(date(2019, 1, 3), 200, "k2")],
        oleh=None,
    )
    with pytest.raises(KonflikStatus) as galat:
        posting_jurnal_massal(
            lkm=lkm_bukur,
            jurnal=[_setor(date(2019, 1, 4), 300, "k3"), _setor(date(2019, 1, 4), 999, "k3")],
            oleh=None,
        )
    assert galat.value.pesan == (
        "Jurnal ke-2 (Setoran) memakai kunci k3 yang sama dengan jurnal ke-1 tetapi isinya berbeda."
    )
    with pytest.raises(KonflikStatus, match="Jurnal 2019/000002 sudah dicatat dengan kunci k2"):
        posting_jurnal_massal(lkm=lkm_bukur, jurnal=[_setor(date(2019, 1, 3), 201, "k2")], oleh=None)
    assert Jurnal.objects.filter(lkm=lkm_bukur).count() == 2
    kedua = posting_jurnal_massal(
        lkm=lkm_bukur,
        jurnal=[
            _setor(date(2019, 1, 3), 200, "k2"),
            _setor(date(2019, 1, 4), 300, "k3"),
            _setor(date(2019, 1, 4), 300, "k3"),
        ],
        oleh=None,
    )
    assert kedua[0].pk == pertama[1].pk
    assert kedua[1].pk == kedua[2].pk and kedua[1].nomor == "2019/000003"
    assert Jurnal.objects.filter(lkm=lkm_bukur).count() == 3
    assert saldo_akun(lkm=lkm_bukur, kode="11010", per=date(2019, 1, 31)) == 600
    # a key posted one by one is found by the batch, and the other way round
    satu = posting_jurnal(
        lkm=lkm_bukur,
        tanggal=date(2019, 1, 5),
        uraian="x",
        baris=_setor(date(2019, 1, 5), 1).baris,
        kunci="k4",
    )
    assert (
        posting_jurnal_massal(lkm=lkm_bukur, jurnal=[_setor(date(2019, 1, 5), 1, "k4")], oleh=None)[0].pk
        == satu.pk
    )
    assert (
        posting_jurnal(
            lkm=lkm_bukur,
            tanggal=date(2019, 1, 4),
            uraian="x",
            baris=_setor(date(2019, 1, 4), 300).baris,
            kunci="k3",
        ).pk
        == kedua[1].pk
    )


def test_a_source_object_makes_the_journal_once(lkm_bukur, buat_pengguna):
    sumber = buat_pengguna(Peran.KASIR, lkm_bukur)
    j = JurnalBaru(
        tanggal=date(2019, 2, 1),
        uraian="dari sumber",
        baris=_setor(date(2019, 2, 1), 10).baris,
        sumber=sumber,
    )
    a = posting_jurnal_massal(lkm=lkm_bukur, jurnal=[j, j], oleh=None)
    b = posting_jurnal_massal(lkm=lkm_bukur, jurnal=[j], oleh=None)
    assert a[0].pk == a[1].pk == b[0].pk and a[0].sumber == sumber
    assert (
        posting_jurnal(lkm=lkm_bukur, tanggal=date(2019, 2, 1), uraian="x", baris=j.baris, sumber=sumber).pk
        == a[0].pk
    )


@pytest.mark.parametrize(
    ("kedua", "pesan"),
    [
        (
            JurnalBaru(
                date(2019, 3, 2), "Salah hitung", [Baris("11010", debit=100), Baris("31020", kredit=90)]
            ),
            "Jurnal ke-2 (Salah hitung): Jurnal tidak seimbang: debit Rp 100, kredit Rp 90.",
        ),
        (
            JurnalBaru(date(2099, 1, 1), "Masa depan", [Baris("11010", debit=1), Baris("31020", kredit=1)]),
            "Jurnal ke-2 (Masa depan): Tanggal 1 Januari 2099 belum terjadi",
        ),
        (
            JurnalBaru(date(2019, 3, 2), "Akun asing", [Baris("11010", debit=1), Baris("99999", kredit=1)]),
            "Akun 99999 tidak dikenal di LKM Barokah.",
        ),
        (
            JurnalBaru(date(2019, 3, 2), "Satu baris", [Baris("11010", debit=1)]),
            "Jurnal ke-2 (Satu baris): Jurnal harus punya minimal dua baris",
        ),
    ],
)
def test_one_bad_journal_refuses_the_whole_batch(lkm_bukur, kedua, pesan):
    with pytest.raises(JurnalDitolak) as info:
        posting_jurnal_massal(lkm=lkm_bukur, jurnal=[_setor(date(2019, 3, 1), 50), kedua], oleh=None)
    assert pesan in info.value.pesan
    assert not Jurnal.objects.filter(lkm=lkm_bukur).exists() and not BarisJurnal.objects.exists()
    assert posting_jurnal_massal(lkm=lkm_bukur, jurnal=[_setor(date(2019, 3, 1), 50)], oleh=None)[
        0
    ].nomor == ("2019/000001")


def test_closed_months_and_closed_years_are_refused(lkm_bukur, buat_pengguna):
    pembuku = buat_pengguna(Peran.PEMBUKU, lkm_bukur)
    posting_jurnal(
        lkm=lkm_bukur,
        tanggal=date(2018, 5, 1),
        uraian="x",
        baris=[Baris("51030", debit=10), Baris("11010", kredit=10)],
    )
    tutup_bulan(lkm=lkm_bukur, tahun=2019, bulan=2, oleh=pembuku)
    with pytest.raises(JurnalDitolak, match="Bulan Februari 2019 sudah ditutup"):
        posting_jurnal_massal(
            lkm=lkm_bukur, jurnal=[_setor(date(2019, 3, 1), 5), _setor(date(2019, 2, 28), 5)], oleh=None
        )
    tutup_tahun(lkm=lkm_bukur, tahun=2018, oleh=None)
    with pytest.raises(JurnalDitolak, match="Buku tahun 2018 sudah ditutup"):
        posting_jurnal_massal(lkm=lkm_bukur, jurnal=[_setor(date(2018, 7, 1), 5)], oleh=None)
    assert Jurnal.objects.filter(lkm=lkm_bukur, tahun=2019).count() == 0


@pytest.mark.parametrize("n", [3, 60])
def test_the_query_count_does_not_grow_with_the_batch(lkm_bukur, django_assert_num_queries, n):
    jurnal = [_setor(date(2019, 1, 1) + timedelta(days=i % 200), 1_000 + i, f"q{i}") for i in range(n)]
    posting_jurnal(lkm=lkm_bukur, tanggal=date(2019, 1, 1), uraian="pemanasan", baris=jurnal[0].baris)
    with django_assert_num_queries(19):
        posting_jurnal_massal(lkm=lkm_bukur, jurnal=jurnal, oleh=None)
    assert Jurnal.objects.filter(lkm=lkm_bukur).count() == n + 1


# ---- the batch path equals the one-by-one path -------------------------------------------------------------

PASANGAN = [
    ("11010", "41010"),
    ("51030", "11010"),
    ("11030", "11021"),
    ("11021", "41020"),
    ("12010", "51080"),
]

spesifikasi = st.lists(
    st.tuples(
        st.integers(0, 700),  # days after 1 January 2018
        st.sampled_from(range(len(PASANGAN))),
        st.integers(1, 50_000_000),
        st.one_of(st.none(), st.sampled_from(["a", "b", "c", "d", "e", "f"])),  # keys repeat on purpose
        st.booleans(),  # a third line (jasa) or not
    ),
    min_size=1,
    max_size=25,
)


def _jurnal_dari(spek: list[tuple[int, int, int, str | None, bool]]) -> list[JurnalBaru]:
    hasil = []
    for hari, pasangan, jumlah, kunci, tiga in spek:
        debit, kredit = PASANGAN[pasangan]
        if tiga and jumlah > 1:
            baris = [Baris(debit, debit=jumlah), Baris(kredit, kredit=jumlah - 1), Baris("41010", kredit=1)]
        else:
            baris = [Baris(debit, debit=jumlah), Baris(kredit, kredit=jumlah)]
        hasil.append(JurnalBaru(date(2018, 1, 1) + timedelta(days=hari), f"uji {hari}", baris, kunci))
    return hasil


def _potret(lkm) -> list[tuple[object, ...]]:
    return [_isi(j) for j in Jurnal.objects.filter(lkm=lkm).order_by("tahun", "urut")]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spesifikasi, st.integers(0, 3))
def test_property_batch_equals_one_by_one(lkm_bukur, spek, sudah):
    """The batch posts what one-by-one posting posts, numbers included; a key reused with other content is a
    conflict on both paths (and the batch then posts nothing)."""
    jurnal = _jurnal_dari(spek)
    awal = jurnal[:sudah]  # some journals posted before, one by one, so the batch meets existing keys

    def jalankan(fungsi):
        sid = transaction.savepoint()
        try:
            try:
                for j in awal:
                    posting_jurnal(
                        lkm=lkm_bukur, tanggal=j.tanggal, uraian=j.uraian, baris=j.baris, kunci=j.kunci
                    )
                nomor = [j.nomor for j in fungsi()]
            except KonflikStatus:
                return "konflik"
            assert total_tidak_seimbang(lkm=lkm_bukur) == 0
            return _potret(lkm_bukur), nomor
        finally:
            transaction.savepoint_rollback(sid)

    def satu_satu():
        return [
            posting_jurnal(lkm=lkm_bukur, tanggal=j.tanggal, uraian=j.uraian, baris=j.baris, kunci=j.kunci)
            for j in jurnal
        ]

    def massal():
        sebelum = Jurnal.objects.filter(lkm=lkm_bukur).count()
        try:
            return posting_jurnal_massal(lkm=lkm_bukur, jurnal=jurnal, oleh=None)
        except KonflikStatus:
            assert Jurnal.objects.filter(lkm=lkm_bukur).count() == sebelum  # the whole batch refused
            raise

    assert jalankan(massal) == jalankan(satu_satu)


def test_the_audit_trail_has_the_same_insert_events_as_one_by_one(lkm_bukur):
    from django.apps import apps

    JurnalEvent = apps.get_model("buku", "JurnalEvent")
    BarisEvent = apps.get_model("buku", "BarisJurnalEvent")
    satu = posting_jurnal(
        lkm=lkm_bukur, tanggal=date(2019, 5, 1), uraian="satu", baris=_setor(date(2019, 5, 1), 9).baris
    )
    massal = posting_jurnal_massal(
        lkm=lkm_bukur,
        jurnal=[_setor(date(2019, 5, 2), 10, "m1"), _setor(date(2019, 5, 3), 11, "m2")],
        oleh=None,
    )

    def peristiwa(jurnal):
        kepala = JurnalEvent.objects.get(pgh_obj_id=jurnal.pk)
        baris = BarisEvent.objects.filter(jurnal_id=jurnal.pk).order_by("id")
        return (
            kepala.pgh_label,
            (kepala.nomor if hasattr(kepala, "nomor") else (kepala.tahun, kepala.urut)),
            kepala.uraian,
            [(b.pgh_label, b.pgh_obj_id, b.akun_id, b.debit, b.kredit, b.tanggal) for b in baris],
        )

    assert peristiwa(satu)[0] == "insert" and len(peristiwa(satu)[3]) == 2
    for j in massal:
        label, nomor, uraian, baris = peristiwa(j)
        assert (label, nomor, uraian) == ("insert", (j.tahun, j.urut), j.uraian)
        assert baris == [
            ("insert", b.pk, b.akun_id, b.debit, b.kredit, b.tanggal) for b in j.baris.order_by("id")
        ]
