"""What the year-end pack says about a desa and the kecamatan: indicators (the dashboard's figures, the
kecamatan over the sums), KSM by stage at 31 December."""

from __future__ import annotations

from datetime import date

from kotaku.models import LKM, Peran
from ksm.models import Penilaian
from laporan.alokasi_surplus import POS as POS_URUT
from laporan.paket_isi import laporan_tahunan_kecamatan, ringkasan_desa
from tests.bantuan import ubah_kebijakan_awal
from tests.laporan.conftest import ksm_berpinjaman, modal


def test_indicators_and_stages_of_each_desa_and_of_the_kecamatan(
    lkm_bukur, lkm_kwangsen, orang, buat_pengguna
):
    """Bukur: 5.000.000 disbursed 10 Jan 2019, nothing repaid: on 31 Dec all 5.000.000 is at risk (LAR and
    PAR 100%). Kwangsen: 5.000.000 disbursed 2 Dec 2019, first instalment 2 Jan 2020: nothing at risk. The
    kecamatan: 5.000.000 of 10.000.000 at risk = PAR 50,00% (not the average of 100% and 0% by chance: 1 of
    2 KSM, LAR 50,00% too)."""
    ubah_kebijakan_awal(
        lkm_kwangsen, wajib_tiga_bulan=False, batas_siklus_pertama=10_000_000, batas_per_anggota=10_000_000
    )
    orang_k = {
        p: buat_pengguna(p, lkm_kwangsen)
        for p in (Peran.PETUGAS_PINJAMAN, Peran.MANAJER_UPK, Peran.PENGURUS_LKM, Peran.KASIR)
    }
    modal(lkm_bukur, date(2018, 12, 1), 20_000_000)
    modal(lkm_kwangsen, date(2018, 12, 1), 20_000_000)
    a = ksm_berpinjaman(lkm_bukur, orang, "KSM A", per_anggota=1_000_000, cair=date(2019, 1, 10))
    ksm_berpinjaman(lkm_kwangsen, orang_k, "KSM B", per_anggota=1_000_000, cair=date(2019, 12, 2))
    fasilitator = buat_pengguna(Peran.FASILITATOR, kecamatan=lkm_bukur.desa.kecamatan)
    for tanggal, tahap in ((date(2019, 11, 1), "tunas"), (date(2020, 1, 5), "tumbuh")):
        Penilaian.objects.create(
            ksm=a.ksm,
            tanggal=tanggal,
            total=8,
            tahap=tahap,
            usulan_total=8,
            usulan_tahap=tahap,
            oleh=fasilitator,
        )

    bukur = ringkasan_desa(lkm=lkm_bukur, tahun=2019)
    assert bukur.kinerja is not None
    assert (bukur.kinerja.nilai["lar"], bukur.kinerja.nilai["par"]) == ("100,00%", "100,00%")
    assert bukur.tahap == {
        "Tunas": 1,
        "Tumbuh": 0,
        "Kembang": 0,
        "Belum dinilai": 0,
    }  # 5 Jan 2020 is next year
    kwangsen = ringkasan_desa(lkm=lkm_kwangsen, tahun=2019)
    assert kwangsen.kinerja is not None and kwangsen.kinerja.nilai["par"] == "0,00%"
    assert kwangsen.tahap == {"Tunas": 0, "Tumbuh": 0, "Kembang": 0, "Belum dinilai": 1}

    rekap = laporan_tahunan_kecamatan(
        daftar_lkm=list(LKM.objects.filter(pk__in=[lkm_bukur.pk, lkm_kwangsen.pk])), tahun=2019
    )
    total = rekap.data["total"]
    assert (total["kinerja"].nilai["lar"], total["kinerja"].nilai["par"]) == ("50,00%", "50,00%")
    assert total["tahap"] == {"Tunas": 1, "Tumbuh": 0, "Kembang": 0, "Belum dinilai": 1}
    assert total["outstanding"] == 10_000_000


# ---- the allocation section --------------------------------------------------------------------------------


def _jasa_dan_biaya(lkm, tahun: int, jasa: int, biaya: int) -> None:
    from kotaku.buku.services import Baris, posting_jurnal

    posting_jurnal(
        lkm=lkm,
        tanggal=date(tahun, 6, 10),
        uraian="Jasa pinjaman",
        baris=[Baris("11010", debit=jasa), Baris("41010", kredit=jasa)],
    )
    posting_jurnal(
        lkm=lkm,
        tanggal=date(tahun, 6, 25),
        uraian="Insentif UPK",
        baris=[Baris("51010", debit=biaya), Baris("11010", kredit=biaya)],
    )


def test_the_allocation_printed_is_the_decision_a_draft_or_a_proposal_each_labelled(lkm_bukur, buat_pengguna):
    """2018: surplus 10.000.001 decided at 50/20/15/10/5 -> 5.000.001 / 2.000.000 / 1.500.000 / 1.000.000 /
    500.000. 2019 (surplus 4.000.003, nothing recorded): a proposal at 2018's shares -> 2.000.003 / 800.000 /
    600.000 / 400.000 / 200.000, labelled as not decided; once the pembuku drafts 60/10/10/10/10 the draft
    is printed instead -> 2.400.003 / 400.000 x 4. 2020 is a deficit: nothing allocated."""
    from decimal import Decimal as D

    from kotaku.buku.services import catat_saldo_awal, tutup_buku_tahunan
    from laporan.services import simpan_draf_alokasi, tetapkan_alokasi

    pembuku, pengurus = buat_pengguna(Peran.PEMBUKU, lkm_bukur), buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur)
    catat_saldo_awal(
        lkm=lkm_bukur, tanggal=date(2017, 12, 31), oleh=None, saldo={"11021": 50_000_000, "31010": 50_000_000}
    )
    _jasa_dan_biaya(lkm_bukur, 2018, 15_000_001, 5_000_000)
    _jasa_dan_biaya(lkm_bukur, 2019, 9_000_003, 5_000_000)
    _jasa_dan_biaya(lkm_bukur, 2020, 1_000_000, 5_000_000)
    tutup_buku_tahunan(lkm=lkm_bukur, tahun=2018, oleh=pembuku)
    bagian = {k: D(v) for k, v in zip(POS_URUT, ("50", "20", "15", "10", "5"), strict=True)}
    tetapkan_alokasi(
        lkm=lkm_bukur,
        tahun=2018,
        nomor_keputusan="05/KEP/LKM-BRK/II/2019",
        tanggal_keputusan=date(2019, 2, 20),
        rapat="Rembug Warga Tahunan Desa Bukur 2019",
        bagian=bagian,
        oleh=pengurus,
    )

    a = ringkasan_desa(lkm=lkm_bukur, tahun=2018)
    assert a.tahun_ditutup and a.alokasi is not None
    assert (a.alokasi.status, a.alokasi.total) == ("ditetapkan", 10_000_001)
    assert a.alokasi.keterangan == (
        "Keputusan LKM No. 05/KEP/LKM-BRK/II/2019 tanggal 20 Februari 2019, Rembug Warga Tahunan Desa Bukur "
        "2019."
    )
    assert [(b, j) for _, b, j in a.alokasi.baris] == [
        ("50,00%", 5_000_001),
        ("20,00%", 2_000_000),
        ("15,00%", 1_500_000),
        ("10,00%", 1_000_000),
        ("5,00%", 500_000),
    ]

    b = ringkasan_desa(lkm=lkm_bukur, tahun=2019)
    assert not b.tahun_ditutup and b.surplus == 4_000_003 and b.alokasi is not None
    assert b.alokasi.status == "usulan" and "belum ditetapkan" in b.alokasi.keterangan
    assert [j for _, _, j in b.alokasi.baris] == [2_000_003, 800_000, 600_000, 400_000, 200_000]

    tutup_buku_tahunan(lkm=lkm_bukur, tahun=2019, oleh=pembuku)
    simpan_draf_alokasi(
        lkm=lkm_bukur,
        tahun=2019,
        bagian={k: D(v) for k, v in zip(POS_URUT, ("60", "10", "10", "10", "10"), strict=True)},
        oleh=pembuku,
    )
    b = ringkasan_desa(lkm=lkm_bukur, tahun=2019)
    assert b.alokasi is not None and b.alokasi.status == "draf"
    assert [j for _, _, j in b.alokasi.baris] == [2_400_003, 400_000, 400_000, 400_000, 400_000]

    c = ringkasan_desa(lkm=lkm_bukur, tahun=2020)
    assert c.surplus == -4_000_000 and c.alokasi is None


def test_a_year_not_closed_is_reported_to_its_last_closed_month(lkm_bukur, lkm_kwangsen, buat_pengguna):
    """Bukur closed January-May 2019 only: its 2019 report runs to 31 May (the June income and costs of
    Rp 9.000.003 / 5.000.000 are not in it yet, the months after are still open) and says so; Kwangsen,
    with no 2019 month closed, runs to 31 December. The roll-up names both and each one's date. Once Bukur
    closes the year, its report is the whole year."""
    from django.template.loader import render_to_string

    from kotaku.buku.services import tutup_buku_tahunan, tutup_bulan

    pembuku = buat_pengguna(Peran.PEMBUKU, lkm_bukur)
    _jasa_dan_biaya(lkm_bukur, 2019, 9_000_003, 5_000_000)
    _jasa_dan_biaya(lkm_kwangsen, 2019, 1_000_000, 400_000)
    for bulan in range(1, 6):
        tutup_bulan(lkm=lkm_bukur, tahun=2019, bulan=bulan, oleh=pembuku)

    bukur = ringkasan_desa(lkm=lkm_bukur, tahun=2019)
    assert (bukur.per, bukur.surplus, bukur.tahun_ditutup) == (date(2019, 5, 31), 0, False)
    kwangsen = ringkasan_desa(lkm=lkm_kwangsen, tahun=2019)
    assert (kwangsen.per, kwangsen.surplus) == (date(2019, 12, 31), 600_000)

    rekap = laporan_tahunan_kecamatan(daftar_lkm=[lkm_kwangsen, lkm_bukur], tahun=2019)
    assert rekap.periode == "Kecamatan Jiwan · 1 Januari s.d. bulan terakhir yang ditutup setiap desa"
    html = render_to_string(f"{rekap.template}_pdf.html", rekap.konteks())
    assert (
        "Buku tahun 2019 belum ditutup di 2 desa (Bukur sampai 31 Mei 2019, Kwangsen sampai 31 Desember "
        "2019)" in html
    )

    tutup_buku_tahunan(lkm=lkm_bukur, tahun=2019, oleh=pembuku)
    bukur = ringkasan_desa(lkm=lkm_bukur, tahun=2019)
    assert (bukur.per, bukur.surplus, bukur.tahun_ditutup) == (date(2019, 12, 31), 4_000_003, True)
