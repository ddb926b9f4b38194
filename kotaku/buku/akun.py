"""The standard chart of accounts (DOMAIN.md §5, §7) and a name for every account the program posts to.

Code posts to `akun.KAS`, never to the literal "11010": one place says what each code means. An LKM may add
accounts of its own; these are the ones every LKM gets (`kotaku.buku.services.siapkan_akun`).
"""

from __future__ import annotations

from django.db import models


class JenisAkun(models.TextChoices):
    ASET = "aset", "Aset"
    KEWAJIBAN = "kewajiban", "Kewajiban"
    MODAL = "modal", "Modal"
    PENDAPATAN = "pendapatan", "Pendapatan"
    BIAYA = "biaya", "Biaya"


KAS = "11010"
BANK_UPK = "11021"
BANK_TANGGUNG_RENTENG = "11022"
PINJAMAN_KSM = "11030"
CADANGAN_RISIKO = "12010"
INVENTARIS = "12020"
AKUMULASI_PENYUSUTAN = "12021"
HUTANG = "21010"
TABUNGAN_KSM = "21020"
DANA_LINGKUNGAN = "21031"
DANA_SOSIAL = "21032"
INSENTIF_TERUTANG = "21040"
MODAL_AWAL = "31010"
MODAL_PROGRAM = "31020"
SURPLUS_DITAHAN = "31030"
PEMUPUKAN_MODAL = "31031"
CADANGAN_UMUM = "31032"
PENDAPATAN_JASA = "41010"
PENDAPATAN_NON_OPERASIONAL = "41020"
INSENTIF_UPK = "51010"
ATK = "51030"
TRANSPORT = "51040"
BIAYA_CADANGAN = "51080"

KAS_BANK = (KAS, BANK_UPK, BANK_TANGGUNG_RENTENG)
"""Where money physically is: the accounts a cash voucher or a payment may use."""

# (code, name, type, contra). The year-end close moves the year's income and costs into 31030 Surplus Ditahan;
# the surplus allocation moves it on to 31031/31032 (equity) and 21031/21032/21040 (owed, paid out later).
BAGAN_AKUN: list[tuple[str, str, str, bool]] = [
    (KAS, "Kas", JenisAkun.ASET, False),
    (BANK_UPK, "Bank UPK", JenisAkun.ASET, False),
    (BANK_TANGGUNG_RENTENG, "Bank Tanggung Renteng", JenisAkun.ASET, False),
    (PINJAMAN_KSM, "Pinjaman KSM", JenisAkun.ASET, False),
    (CADANGAN_RISIKO, "Cadangan Risiko Pinjaman", JenisAkun.ASET, True),
    (INVENTARIS, "Inventaris", JenisAkun.ASET, False),
    (AKUMULASI_PENYUSUTAN, "Akumulasi Penyusutan", JenisAkun.ASET, True),
    (HUTANG, "Hutang", JenisAkun.KEWAJIBAN, False),
    (TABUNGAN_KSM, "Tabungan KSM / Tanggung Renteng", JenisAkun.KEWAJIBAN, False),
    (DANA_LINGKUNGAN, "Dana Lingkungan terutang", JenisAkun.KEWAJIBAN, False),
    (DANA_SOSIAL, "Dana Sosial terutang", JenisAkun.KEWAJIBAN, False),
    (INSENTIF_TERUTANG, "Insentif terutang", JenisAkun.KEWAJIBAN, False),
    (MODAL_AWAL, "Modal Awal Dana Bergulir", JenisAkun.MODAL, False),
    (MODAL_PROGRAM, "Modal Program (APBN/APBD)", JenisAkun.MODAL, False),
    (SURPLUS_DITAHAN, "Surplus Ditahan", JenisAkun.MODAL, False),
    (PEMUPUKAN_MODAL, "Pemupukan Modal dari Surplus", JenisAkun.MODAL, False),
    (CADANGAN_UMUM, "Cadangan Umum", JenisAkun.MODAL, False),
    (PENDAPATAN_JASA, "Pendapatan Jasa Pinjaman", JenisAkun.PENDAPATAN, False),
    (PENDAPATAN_NON_OPERASIONAL, "Pendapatan Non-operasional", JenisAkun.PENDAPATAN, False),
    (INSENTIF_UPK, "Insentif UPK", JenisAkun.BIAYA, False),
    (ATK, "ATK", JenisAkun.BIAYA, False),
    (TRANSPORT, "Transport", JenisAkun.BIAYA, False),
    (BIAYA_CADANGAN, "Biaya Cadangan Risiko Pinjaman", JenisAkun.BIAYA, False),
]
