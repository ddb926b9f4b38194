"""The home page of each role: its villages and LKMs."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kotaku.akses import akses_lkm


@login_required
def beranda(request: HttpRequest) -> HttpResponse:
    return render(request, "kotaku/beranda.html", {"daftar_lkm": akses_lkm(request.user)})
