"""Every API schema has its own name: the OpenAPI document keys components by class name, so two schemas of
one name describe one of them wrongly (the fuzz found the kinerja scores validated as maturity scores)."""

from __future__ import annotations

import importlib
import pkgutil

from ninja import Schema

import kotaku
import ksm
import laporan
import pinjaman


def _semua_skema() -> dict[str, set[str]]:
    for paket in (kotaku, ksm, pinjaman, laporan):
        for modul in pkgutil.walk_packages(paket.__path__, f"{paket.__name__}."):
            if "migrations" not in modul.name and "management" not in modul.name:
                importlib.import_module(modul.name)
    nama: dict[str, set[str]] = {}
    tunggu = list(Schema.__subclasses__())
    while tunggu:
        kelas = tunggu.pop()
        tunggu.extend(kelas.__subclasses__())
        if kelas.__module__.split(".")[0] in {"kotaku", "ksm", "pinjaman", "laporan"}:
            nama.setdefault(kelas.__name__, set()).add(f"{kelas.__module__}.{kelas.__qualname__}")
    return nama


def test_no_two_api_schemas_share_a_name() -> None:
    semua = _semua_skema()
    assert len(semua) > 40
    assert {n: m for n, m in semua.items() if len(m) > 1} == {}
