"""The fasilitator's assessment (ksm.penilaian.catat_penilaian): who may, what it refuses, what it keeps."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, IntegrityError, connection, transaction
from PIL import Image

from kotaku.errors import KesalahanDomain
from kotaku.models import Kebijakan, Peran
from kotaku.tanggal import hari_ini
from ksm.models import Penilaian, SkorPenilaian, UsulanTahapBulanan
from ksm.penilaian import FOTO_MAKS_BYTE, catat_penilaian
from ksm.tahap import NAMA_INDIKATOR, HasilTahap, Indikator
from tests.ksm.factories import KSMFactory

USULAN = (3, 2, 2, 1, 2, 0, 1, 1, 2, 2)  # total 16: Tumbuh


def usulan(skor: tuple[int, ...] = USULAN, tahap: str = "tumbuh") -> HasilTahap:
    return HasilTahap(
        indikator=tuple(Indikator(no, NAMA_INDIKATOR[no - 1], s) for no, s in enumerate(skor, 1)),
        total=sum(skor),
        tahap=tahap,
    )


def sama(skor: tuple[int, ...] = USULAN) -> dict[int, int]:
    return dict(enumerate(skor, 1))


@pytest.fixture
def ksm(db: Any) -> Any:
    return KSMFactory(nama="KSM Mawar", tanggal_berdiri=date(2017, 9, 1))


@pytest.fixture
def fasilitator(buat_pengguna: Any, lkm_bukur: Any) -> Any:
    return buat_pengguna(Peran.FASILITATOR, kecamatan=lkm_bukur.desa.kecamatan, first_name="Rina")


def nilai(ksm: Any, oleh: Any, **ubah: Any) -> Penilaian:
    data = {
        "ksm": ksm,
        "tanggal": date(2019, 11, 30),
        "skor": sama(),
        "catatan": {},
        "usulan": usulan(),
        "oleh": oleh,
    }
    return catat_penilaian(**(data | ubah))


def test_confirming_every_proposal_keeps_both_numbers(ksm: Any, fasilitator: Any) -> None:
    p = nilai(ksm, fasilitator)
    assert (p.tanggal, p.total, p.tahap, p.usulan_total, p.usulan_tahap) == (
        date(2019, 11, 30),
        16,
        "tumbuh",
        16,
        "tumbuh",
    )
    baris = list(p.indikator.order_by("no").values_list("no", "usulan", "skor", "catatan"))
    assert baris == [(no, s, s, "") for no, s in enumerate(USULAN, 1)]


def test_a_changed_score_with_its_note_changes_the_total_and_stage(ksm: Any, fasilitator: Any) -> None:
    # 16 - 2 (kehadiran 2 -> 0) - 1 (rutin bertemu 3 -> 2) = 13, still Tumbuh;
    # then rutin bertemu 1 and agenda 1 as well: 16 - 2 - 2 - 1 = 11, Tunas
    p = nilai(
        ksm,
        fasilitator,
        skor=sama() | {1: 2, 2: 0},
        catatan={"1": "Bulan Agustus tidak ada pertemuan sebenarnya.", 2: "Daftar hadir diisi belakangan."},
    )
    assert (p.total, p.tahap) == (13, "tumbuh")
    assert p.indikator.get(no=2).catatan == "Daftar hadir diisi belakangan."
    p = nilai(
        ksm,
        fasilitator,
        skor=sama() | {1: 1, 2: 0, 3: 1},
        catatan={1: "Jarang bertemu.", 2: "Hadir sedikit.", 3: "Agenda hanya ditulis sekali."},
    )
    assert (p.total, p.tahap, p.usulan_total, p.usulan_tahap) == (11, "tunas", 16, "tumbuh")


def test_the_stage_follows_the_lkm_policy_on_the_date(ksm: Any, fasilitator: Any, lkm_bukur: Any) -> None:
    Kebijakan.objects.create(
        lkm=lkm_bukur,
        berlaku_mulai=date(2019, 7, 1),
        nomor_keputusan="03/LKM/VI/2019",
        tanggal_keputusan=date(2019, 6, 20),
        tahap_tumbuh_min=10,
        tahap_kembang_min=16,
    )
    assert nilai(ksm, fasilitator, tanggal=date(2019, 6, 30)).tahap == "tumbuh"  # default 12 / 22
    assert nilai(ksm, fasilitator, tanggal=date(2019, 7, 1)).tahap == "kembang"  # 16 >= 16


def test_only_the_fasilitator_and_the_admin_assess(
    ksm: Any, fasilitator: Any, buat_pengguna: Any, lkm_bukur: Any
) -> None:
    assert nilai(ksm, buat_pengguna(Peran.ADMIN)).oleh.peran == Peran.ADMIN
    for peran in (Peran.MANAJER_UPK, Peran.PENGURUS_LKM, Peran.PETUGAS_PINJAMAN, Peran.KASIR):
        with pytest.raises(PermissionDenied):
            nilai(ksm, buat_pengguna(peran, lkm_bukur))
    assert Penilaian.objects.count() == 1


def test_a_changed_score_needs_a_note(ksm: Any, fasilitator: Any) -> None:
    with pytest.raises(KesalahanDomain) as exc:
        nilai(ksm, fasilitator, skor=sama() | {7: 3, 9: 0}, catatan={7: "   ", 8: "catatan boleh tanpa ubah"})
    assert exc.value.errors == [
        {
            "field": "catatan.7",
            "message": "Skor indikator 7 (pembukuan) diubah dari usulan 1 menjadi 3: tulis catatan buktinya.",
        },
        {
            "field": "catatan.9",
            "message": "Skor indikator 9 (kemitraan) diubah dari usulan 2 menjadi 0: tulis catatan buktinya.",
        },
    ]
    assert Penilaian.objects.count() == 0
    # a note on an unchanged score is kept
    p = nilai(ksm, fasilitator, catatan={8: "Rekening dilihat langsung."})
    assert p.indikator.get(no=8).catatan == "Rekening dilihat langsung."


@pytest.mark.parametrize(
    ("skor", "galat"),
    [
        (sama() | {3: 4}, [{"field": "skor.3", "message": "Skor indikator 3 harus 0, 1, 2 atau 3."}]),
        (sama() | {3: -1}, [{"field": "skor.3", "message": "Skor indikator 3 harus 0, 1, 2 atau 3."}]),
        (sama() | {3: True}, [{"field": "skor.3", "message": "Skor indikator 3 harus 0, 1, 2 atau 3."}]),
        (sama() | {3: 2.0}, [{"field": "skor.3", "message": "Skor indikator 3 harus 0, 1, 2 atau 3."}]),
        (
            {k: v for k, v in sama().items() if k != 10},
            [{"field": "skor.10", "message": "Skor indikator 10 wajib diisi."}],
        ),
        (sama() | {11: 1}, [{"field": "skor", "message": "Indikator 11 tidak dikenal; nomor 1 sampai 10."}]),
    ],
)
def test_scores_are_0_to_3_for_indicators_1_to_10(
    ksm: Any, fasilitator: Any, skor: dict[Any, Any], galat: list[dict[str, str]]
) -> None:
    with pytest.raises(KesalahanDomain) as exc:
        nilai(ksm, fasilitator, skor=skor)
    assert exc.value.errors == galat


def test_scores_may_come_as_text_keys_and_values(ksm: Any, fasilitator: Any) -> None:
    p = nilai(ksm, fasilitator, skor={str(k): str(v) for k, v in sama().items()})
    assert p.total == 16


def test_dates_not_in_the_future_not_before_founding_not_before_the_last(ksm: Any, fasilitator: Any) -> None:
    besok = hari_ini() + timedelta(days=1)
    with pytest.raises(KesalahanDomain, match="belum terjadi") as exc:
        nilai(ksm, fasilitator, tanggal=besok)
    assert exc.value.errors[0]["field"] == "tanggal"
    with pytest.raises(KesalahanDomain, match=r"sebelum KSM berdiri \(1 September 2017\)"):
        nilai(ksm, fasilitator, tanggal=date(2017, 8, 31))
    nilai(ksm, fasilitator, tanggal=date(2019, 6, 30))
    with pytest.raises(KesalahanDomain, match="Sudah ada penilaian 30 Juni 2019"):
        nilai(ksm, fasilitator, tanggal=date(2019, 6, 29))
    # a second one on the same day supersedes the first
    kedua = nilai(
        ksm, fasilitator, tanggal=date(2019, 6, 30), skor=sama() | {9: 3}, catatan={9: "Pameran UMKM."}
    )
    assert Penilaian.objects.filter(ksm=ksm).order_by("-tanggal", "-pk").first() == kedua
    assert Penilaian.objects.count() == 2


# ---- the evidence photo ----------------------------------------------------------------------------------


def _gambar(format_: str, ukuran: tuple[int, int] = (40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", ukuran, (31, 111, 80)).save(buf, format=format_)
    return buf.getvalue()


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize(("format_", "akhiran"), [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_a_photo_is_stored_under_media_root_named_by_its_real_type(
    ksm: Any, fasilitator: Any, media: Path, format_: str, akhiran: str
) -> None:
    isi = _gambar(format_)
    foto = SimpleUploadedFile("kunjungan.gif", isi, content_type="image/gif")  # name and type lie
    p = nilai(ksm, fasilitator, foto=foto)
    assert p.foto.name.startswith(f"penilaian/{ksm.pk}/") and p.foto.name.endswith(f".{akhiran}")
    assert (media / p.foto.name).read_bytes() == isi


@pytest.mark.parametrize(
    ("isi", "pesan"),
    [
        (b"GIF89a bukan foto", "bukan gambar yang dapat dibaca"),
        (b"", "kosong"),
        (_gambar("GIF"), "Foto harus JPEG, PNG atau WebP, bukan GIF."),
        (_gambar("PNG")[:60], "bukan gambar yang dapat dibaca"),  # truncated
    ],
)
def test_a_photo_that_is_not_a_jpeg_png_or_webp_is_refused(
    ksm: Any, fasilitator: Any, media: Path, isi: bytes, pesan: str
) -> None:
    with pytest.raises(KesalahanDomain, match=pesan) as exc:
        nilai(ksm, fasilitator, foto=SimpleUploadedFile("foto.jpg", isi, content_type="image/jpeg"))
    assert exc.value.errors[0]["field"] == "foto"
    assert Penilaian.objects.count() == 0
    assert not any(media.rglob("*.*"))


def test_a_photo_over_5_mb_is_refused(ksm: Any, fasilitator: Any, media: Path) -> None:
    besar = _gambar("PNG") + b"\0" * (FOTO_MAKS_BYTE + 1)
    with pytest.raises(KesalahanDomain, match="Foto paling besar 5 MB; berkas ini 5,0 MB."):
        nilai(ksm, fasilitator, foto=SimpleUploadedFile("besar.png", besar, content_type="image/png"))
    assert Penilaian.objects.count() == 0


# ---- append-only, in the database itself -----------------------------------------------------------------


def test_assessments_cannot_be_changed_or_deleted_by_raw_sql(ksm: Any, fasilitator: Any) -> None:
    p = nilai(ksm, fasilitator)
    s = p.indikator.get(no=1)
    UsulanTahapBulanan.objects.create(
        ksm=ksm, per=date(2019, 11, 30), skor=list(USULAN), total=16, tahap="tumbuh"
    )
    u = UsulanTahapBulanan.objects.get()
    for sql in (
        f"UPDATE ksm_penilaian SET total = 30, tahap = 'kembang' WHERE id = {p.pk}",
        f"DELETE FROM ksm_penilaian WHERE id = {p.pk}",
        f"UPDATE ksm_skorpenilaian SET skor = 0, catatan = 'x' WHERE id = {s.pk}",
        f"DELETE FROM ksm_skorpenilaian WHERE id = {s.pk}",
        f"UPDATE ksm_usulantahapbulanan SET total = 30 WHERE id = {u.pk}",
        f"DELETE FROM ksm_usulantahapbulanan WHERE id = {u.pk}",
    ):
        with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
            with connection.cursor() as cur:
                cur.execute(sql)
    p.refresh_from_db()
    assert (p.total, p.tahap, SkorPenilaian.objects.get(pk=s.pk).skor) == (16, "tumbuh", 3)


def test_the_database_refuses_a_changed_score_without_a_note(ksm: Any, fasilitator: Any) -> None:
    p = nilai(ksm, fasilitator, skor=sama() | {10: 3}, catatan={10: "Tiga masalah dibahas."})
    with pytest.raises(IntegrityError, match="skor_penilaian"), transaction.atomic():
        with connection.cursor() as cur:
            cur.execute(
                "INSERT INTO ksm_skorpenilaian (penilaian_id, no, usulan, skor, catatan) "
                "VALUES (%s, 11, 1, 2, '')",
                [p.pk],
            )
    with pytest.raises(IntegrityError, match="skor_penilaian_ubah_ada_catatan"), transaction.atomic():
        SkorPenilaian.objects.create(penilaian=p, no=10, usulan=1, skor=2, catatan="")
