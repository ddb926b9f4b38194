"""What the year-end pack says about a desa and the kecamatan: indicators (the dashboard's figures, the
kecamatan over the sums), KSM by stage at 31 December."""

from __future__ import annotations

from datetime import date

from kotaku.models import LKM, Peran
from ksm.models import Penilaian
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
