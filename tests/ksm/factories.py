"""Factories and helpers for KSM tests. Members go through the service, so every rule applies."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import factory

from kotaku.models import LKM
from ksm import services
from ksm.models import KSM, Keanggotaan

_urut = itertools.count(1)


def nik_madiun(*, lahir: date = date(1980, 5, 17), perempuan: bool = True, urut: int | None = None) -> str:
    """A real-looking Kabupaten Madiun NIK: 35 19 10 (Jiwan) + DDMMYY (women +40) + sequence."""
    hari = lahir.day + (40 if perempuan else 0)
    return f"351910{hari:02d}{lahir:%m%y}{urut or next(_urut):04d}"


class KSMFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KSM

    lkm = factory.LazyFunction(lambda: LKM.objects.get(desa__nama="Bukur"))
    desa = factory.LazyAttribute(lambda o: o.lkm.desa)
    nama = factory.Sequence(lambda n: f"KSM Uji {n}")
    jenis = KSM.Jenis.PINJAMAN_BERGULIR
    tanggal_berdiri = date(2017, 9, 1)
    alamat = "RT 01 RW 02"


def tambah(
    ksm: KSM,
    nama: str,
    *,
    perempuan: bool = True,
    tr: bool = True,
    bergabung: date | None = None,
    peran: str = Keanggotaan.Peran.ANGGOTA,
    **data: Any,
) -> Keanggotaan:
    """Add one member through the service; `tr` signs the joint-liability statement on joining."""
    bergabung = bergabung or ksm.tanggal_berdiri
    return services.tambah_anggota(
        ksm=ksm,
        nik=data.pop("nik", None) or nik_madiun(perempuan=perempuan),
        data={"nama": nama, "jenis_kelamin": "P" if perempuan else "L", **data},
        peran=peran,
        tanggal_bergabung=bergabung,
        tanggal_tanggung_renteng=bergabung if tr else None,
    )


NAMA = ["Sumiati", "Paerah", "Suparmi", "Kasiyem", "Tukinah", "Sulastri", "Marsini", "Wagiyem", "Sriyatun"]


def ksm_dengan_anggota(n: int, **kwargs: Any) -> KSM:
    ksm = KSMFactory(**kwargs)
    for i in range(n):
        tambah(ksm, NAMA[i % len(NAMA)] + ("" if i < len(NAMA) else f" {i}"))
    return ksm
