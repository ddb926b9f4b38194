"""The month-end reserve true-up through a real Celery worker."""

from __future__ import annotations

from datetime import date

import pytest

from kotaku.models import LKM, Kebijakan, Peran
from pinjaman import services
from pinjaman.buku.selectors import saldo_akun
from pinjaman.services import BagianDiminta
from tests.ksm.factories import ksm_dengan_anggota


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_reserve_true_up_task_on_a_real_worker(celery_pekerja, buat_pengguna):
    from pinjaman.tasks import sesuaikan_cadangan_bulanan

    lkm = LKM.objects.get(desa__nama="Bukur")
    Kebijakan.objects.filter(lkm=lkm).update(wajib_tiga_bulan=False)
    orang = {p: buat_pengguna(p, lkm) for p in (Peran.PETUGAS_PINJAMAN, Peran.MANAJER_UPK, Peran.PENGURUS_LKM, Peran.KASIR)}
    ksm = ksm_dengan_anggota(5, lkm=lkm)
    p = services.ajukan_pinjaman(ksm=ksm, tanggal_pengajuan=date(2019, 1, 2), jangka_bulan=10, frekuensi="bulanan",
                                 bagian=[BagianDiminta(k.anggota, 1_000_000) for k in ksm.keanggotaan.all()],
                                 oleh=orang[Peran.PETUGAS_PINJAMAN])
    services.verifikasi(pinjaman=p, oleh=orang[Peran.MANAJER_UPK])
    services.setujui(pinjaman=p, oleh=orang[Peran.PENGURUS_LKM])
    services.cairkan(pinjaman=p, tanggal=date(2019, 1, 10), kunci="c", oleh=orang[Peran.KASIR])
    hasil = sesuaikan_cadangan_bulanan.delay(lkm.pk, "2019-01-31").get(timeout=60)
    assert hasil[str(lkm.pk)] > 0
    # 5.000.000 in Kol 1 x 0,5% = 25.000
    assert saldo_akun(lkm=lkm, kode="12010", per=date(2019, 1, 31)) == 25_000
    assert sesuaikan_cadangan_bulanan.delay(lkm.pk, "2019-01-31").get(timeout=60) == {str(lkm.pk): 0}
    assert saldo_akun(lkm=lkm, kode="12010", per=date(2019, 1, 31)) == 25_000
