"""Jiwan demo: the Panca Sutra records the maturity proposals feed on (part of `seed_demo`, after the KSM,
savings and loan demo steps).

It adds to whatever groups and meetings exist: varied agendas and the critical issues discussed (on meetings
already recorded), the review of the written rules, the UPK's checks of the group books, group bank accounts
with their signatories, and activities with outside partners, including the 2019 trainings of the brief
(Kwangsen: pembuatan buket bunga; Kincang Wetan: kewirausahaan).

Each KSM follows one of four profiles, drawn per desa: `teladan` (model group), `berkembang` (growing),
`lemah` (weak) and `mundur` (strong in 2018, slipping in late 2019: its partner activities, book check and
rules review age past 12 months and its agendas stop), so the assessment history has groups that fall back.
KSM Laris Jaya (Bukur) gets the story of the brief: no book check or partner before 2019, then the rules
reviewed, books checked and three partners in 2019.

Deterministic (random.Random(1105)) and idempotent: nothing happens once the Kwangsen training is recorded.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date

from django.db import transaction

from kotaku.models import LKM, Pengguna, Peran
from ksm.models import KSM, Keanggotaan, KegiatanMitra, PemeriksaanBuku, Pertemuan

LARIS_JAYA = "Laris Jaya"
BUKET_BUNGA = "Pelatihan pembuatan buket bunga"
KEWIRAUSAHAAN = "Pelatihan kewirausahaan"
PER = date(2019, 11, 30)

TELADAN, BERKEMBANG, LEMAH, MUNDUR = "teladan", "berkembang", "lemah", "mundur"
PROFIL = (TELADAN, BERKEMBANG, LEMAH, MUNDUR)
DESA_KUAT = {"Bukur", "Kwangsen", "Kincang Wetan", "Jiwan"}
BOBOT = {True: (20, 40, 20, 20), False: (10, 40, 35, 15)}  # per profile, for strong desa / the others

AGENDA = [
    "angsuran, tabungan dan kabar usaha",
    "setoran angsuran dan tabungan kelompok",
    "kabar usaha anggota dan rencana pinjaman berikutnya",
    "pembukuan kelompok dan pemeriksaan kas",
    "pemasaran bersama hasil usaha",
    "tabungan kelompok dan iuran sosial",
    "evaluasi angsuran dan tanggung renteng",
    "rencana pelatihan dan kunjungan fasilitator",
]
PERKARA = [
    "Satu anggota terlambat setor angsuran dua kali; disepakati ditalangi bersama (tanggung renteng).",
    "Harga bahan baku naik; dibahas pembelian bersama agar lebih murah.",
    "Bendahara pindah rumah; buku kas sementara dipegang sekretaris.",
    "Anggota sakit dan tidak bisa berjualan sebulan; setoran tabungannya ditunda.",
    "Pembeli besar terlambat membayar; kelompok mencari pembeli lain.",
    "Catatan tabungan kelompok berbeda Rp 15.000 dengan kuitansi; dicocokkan ulang.",
    "Satu anggota ingin keluar; dibahas penyelesaian pinjamannya.",
]
LARIS_PERKARA = [
    "Harga pisang kepok naik; disepakati beli langsung dari petani di Kwangsen.",
    "Satu anggota terlambat setor keripik ke toko; disepakati jadwal antar bergilir.",
    "Kemasan keripik cepat melempem; dibahas plastik yang lebih tebal.",
    "Pesanan oleh-oleh Lebaran melebihi kapasitas; disepakati lembur bersama.",
]
MITRA = [
    ("Dinas Koperasi dan Usaha Mikro Kabupaten Madiun", "pelatihan", "Pelatihan pembukuan usaha mikro"),
    ("BRI Unit Jiwan", "modal", "Sosialisasi KUR mikro untuk anggota"),
    ("Toko oleh-oleh Sumber Rejeki, Madiun", "pemasaran", "Titip jual produk anggota"),
    ("Pasar Desa", "pemasaran", "Lapak bersama pada hari pasaran"),
    ("UD Tani Makmur", "bahan_baku", "Pembelian bahan baku bersama dengan harga grosir"),
    ("Puskesmas Jiwan", "pelatihan", "Penyuluhan keamanan pangan produk rumahan"),
]
BANK = ["BRI Unit Jiwan", "Bank Jatim Cabang Madiun", "KSP Sido Makmur", "BRI Unit Jiwan"]


def _petugas_upk(lkm: LKM) -> Pengguna:
    """The demo's inactive UPK manager of the LKM (the same user the loan demo creates), who checks the
    books."""
    user, dibuat = Pengguna.objects.get_or_create(
        username=f"demo-{Peran.MANAJER_UPK}-{lkm.pk}",
        defaults={
            "peran": Peran.MANAJER_UPK,
            "is_active": False,
            "first_name": "Demo",
            "last_name": Peran.MANAJER_UPK,
        },
    )
    if dibuat:
        user.lkm.add(lkm)
    return user


def _tanggal(acak: random.Random, tahun: int, bulan: int) -> date:
    return date(tahun, bulan, acak.randint(3, 26))


def _profil(acak: random.Random, ksm: KSM) -> str:
    if ksm.nama == LARIS_JAYA:
        return TELADAN
    return acak.choices(PROFIL, weights=BOBOT[ksm.desa.nama in DESA_KUAT])[0]


@transaction.atomic
def buat_demo_panca_sutra() -> dict[str, int]:
    """Add the Panca Sutra records of every Jiwan KSM; idempotent (skips once the 2019 training exists)."""
    semua = list(
        KSM.objects.filter(lkm__desa__kecamatan__nama="Jiwan").select_related("lkm", "desa").order_by("pk")
    )
    if not semua or KegiatanMitra.objects.filter(ksm__in=semua, catatan__startswith=BUKET_BUNGA).exists():
        return {"ksm": 0}
    acak = random.Random(1105)
    profil = {k.pk: _profil(acak, k) for k in semua}
    pengurus: dict[int, dict[str, str]] = defaultdict(dict)
    for ksm_id, peran, nama in (
        Keanggotaan.objects.filter(ksm__in=semua, tanggal_keluar__isnull=True)
        .exclude(peran=Keanggotaan.Peran.ANGGOTA)
        .values_list("ksm_id", "peran", "anggota__nama")
    ):
        pengurus[ksm_id][peran] = nama
    petugas = {lkm.pk: _petugas_upk(lkm) for lkm in {k.lkm for k in semua}}

    ksm_ubah: list[KSM] = []
    periksa: list[PemeriksaanBuku] = []
    kegiatan: list[KegiatanMitra] = []
    for k in semua:
        p = profil[k.pk]
        laris = k.nama == LARIS_JAYA
        berdiri = k.tanggal_berdiri

        # Written rules: reviewed at a members' meeting (never before they were agreed).
        tinjau = None
        if laris:
            tinjau = date(2019, 1, 14)
        elif p == TELADAN:
            tinjau = _tanggal(acak, 2019, acak.randint(1, 8))
        elif p == BERKEMBANG and acak.random() < 0.4:
            tinjau = _tanggal(acak, 2018, acak.randint(3, 10))
        elif p == MUNDUR:
            tinjau = date(2018, 10, acak.randint(15, 26))
        if (
            tinjau
            and k.tanggal_aturan_main
            and tinjau > k.tanggal_aturan_main
            and not k.tanggal_tinjau_aturan_main
        ):
            k.tanggal_tinjau_aturan_main = tinjau

        # The group's own account and its signatories (ketua and bendahara; one only for some growing groups).
        if not k.nomor_rekening and p != LEMAH:
            ketua = pengurus[k.pk].get("ketua", "")
            bendahara = pengurus[k.pk].get("bendahara", "")
            k.nama_bank = "BRI Unit Jiwan" if laris else acak.choice(BANK)
            k.nomor_rekening = f"6{k.lkm_id:03d}-01-{k.pk:06d}-53-{acak.randint(1, 9)}"
            k.penandatangan_1 = ketua
            k.penandatangan_2 = bendahara if (p != BERKEMBANG or acak.random() < 0.4) else ""
        ksm_ubah.append(k)

        # The UPK's checks of the group books.
        if laris:
            rencana = [
                (date(2019, 2, 11), "sesuai"),
                (date(2019, 5, 13), "sesuai"),
                (date(2019, 9, 9), "sesuai"),
            ]
        elif p == TELADAN:
            rencana = [
                (_tanggal(acak, 2018, 4), "catatan_kecil"),
                (_tanggal(acak, 2018, 10), "sesuai"),
                (_tanggal(acak, 2019, 4), "sesuai"),
                (_tanggal(acak, 2019, 10), "sesuai"),
            ]
        elif p == BERKEMBANG:
            rencana = [
                (_tanggal(acak, 2018, 10), "catatan_kecil"),
                (_tanggal(acak, 2019, 8), "sesuai" if acak.random() < 0.3 else "catatan_kecil"),
            ]
        elif p == LEMAH:
            rencana = [(_tanggal(acak, 2019, 5), "tidak_sesuai")] if acak.random() < 0.5 else []
        else:
            rencana = [(_tanggal(acak, 2018, 5), "sesuai"), (date(2018, 10, acak.randint(8, 14)), "sesuai")]
        periksa += [
            PemeriksaanBuku(
                ksm=k,
                tanggal=t,
                hasil=h,
                oleh=petugas[k.lkm_id],
                catatan="" if h == "sesuai" else "Saldo kas belum dicocokkan dengan buku tabungan.",
            )
            for t, h in rencana
            if t >= berdiri
        ]

        # Activities with outside partners.
        if laris:
            mitra = [
                (
                    date(2019, 1, 26),
                    (
                        "Dinas Koperasi dan Usaha Mikro Kabupaten Madiun",
                        "pelatihan",
                        "Pelatihan pengemasan dan label keripik pisang",
                    ),
                ),
                (
                    date(2019, 4, 6),
                    (
                        "Toko oleh-oleh Sumber Rejeki, Madiun",
                        "pemasaran",
                        "Keripik pisang dititipkan di toko oleh-oleh",
                    ),
                ),
                (
                    date(2019, 7, 13),
                    (
                        "Kelompok tani pisang Kwangsen",
                        "bahan_baku",
                        "Kontrak pembelian pisang kepok setiap minggu",
                    ),
                ),
            ]
        elif p == TELADAN:
            mitra = [(_tanggal(acak, 2018, 8), acak.choice(MITRA))] + [
                (_tanggal(acak, 2019, b), acak.choice(MITRA)) for b in (2, 5, 8)
            ]
        elif p == BERKEMBANG:
            mitra = [(_tanggal(acak, 2019, acak.randint(2, 10)), acak.choice(MITRA))]
            if acak.random() < 0.4:
                mitra.append((_tanggal(acak, 2018, acak.randint(3, 11)), acak.choice(MITRA)))
        elif p == MUNDUR:
            mitra = [(date(2018, b, h), acak.choice(MITRA)) for b, h in ((10, 3), (10, 27), (11, 24))]
        else:
            mitra = []
        kegiatan += [
            KegiatanMitra(ksm=k, mitra=m, jenis=j, tanggal=t, catatan=c)
            for t, (m, j, c) in mitra
            if t >= berdiri
        ]

    # The trainings named in the brief, for several groups of each desa.
    for desa, judul, tanggal, mitra_nama, jumlah in (
        ("Kwangsen", BUKET_BUNGA, date(2019, 7, 20), "Tim Penggerak PKK Desa Kwangsen", 8),
        (
            "Kincang Wetan",
            KEWIRAUSAHAAN,
            date(2019, 9, 14),
            "Dinas Koperasi dan Usaha Mikro Kabupaten Madiun",
            8,
        ),
    ):
        peserta = [k for k in semua if k.desa.nama == desa and k.tanggal_berdiri <= tanggal]
        peserta = sorted(peserta, key=lambda k: (profil[k.pk] == LEMAH, k.pk))[:jumlah]
        kegiatan += [
            KegiatanMitra(
                ksm=k, mitra=mitra_nama, jenis="pelatihan", tanggal=tanggal, catatan=f"{judul} (tahun 2019)"
            )
            for k in peserta
        ]

    KSM.objects.bulk_update(
        ksm_ubah,
        ["tanggal_tinjau_aturan_main", "nama_bank", "nomor_rekening", "penandatangan_1", "penandatangan_2"],
    )
    PemeriksaanBuku.objects.bulk_create(periksa)
    KegiatanMitra.objects.bulk_create(kegiatan)

    # Agendas and critical issues on the meetings already recorded.
    pertemuan = list(
        Pertemuan.objects.filter(ksm__in=semua, tanggal__lte=PER).order_by("ksm_id", "tanggal", "pk")
    )
    nama_ksm = {k.pk: k.nama for k in semua}
    for rapat in pertemuan:
        p = profil[rapat.ksm_id]
        if nama_ksm[rapat.ksm_id] == LARIS_JAYA:
            rapat.agenda = "produksi keripik, " + acak.choice(AGENDA)
            kritis = rapat.tanggal >= date(2019, 1, 1) and acak.random() < 0.2
            rapat.perkara_kritis = acak.choice(LARIS_PERKARA) if kritis else ""
            continue
        akhir = rapat.tanggal >= date(2019, 10, 1)
        ada_agenda = {TELADAN: 1.0, BERKEMBANG: 0.8, LEMAH: 0.1, MUNDUR: 0.0 if akhir else 1.0}[p]
        ada_kritis = {
            TELADAN: 0.5,
            BERKEMBANG: 0.2,
            LEMAH: 0.05,
            MUNDUR: 0.0 if rapat.tanggal >= date(2019, 8, 1) else 0.3,
        }[p]
        rapat.agenda = acak.choice(AGENDA) if acak.random() < ada_agenda else ""
        rapat.perkara_kritis = acak.choice(PERKARA) if acak.random() < ada_kritis else ""
    Pertemuan.objects.bulk_update(pertemuan, ["agenda", "perkara_kritis"], batch_size=2_000)
    return {
        "ksm": len(semua),
        "pemeriksaan": len(periksa),
        "kegiatan": len(kegiatan),
        "pertemuan": len(pertemuan),
        **{f"profil_{x}": sum(1 for v in profil.values() if v == x) for x in PROFIL},
    }
