"""What every page of every floor shares: the typed request, and the report page of one LKM.

`Permintaan` is an `HttpRequest` whose `user` is a logged-in `Pengguna` (pages behind `login_required` and the
API
behind a token), so views are typed without `type: ignore`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django_htmx.middleware import HtmxDetails

from kotaku.akses import akses_lkm
from kotaku.models import LKM, Pengguna


class Permintaan(HttpRequest):
    user: Pengguna
    htmx: HtmxDetails


P = ParamSpec("P")


def _ke_lkm_pilihan(request: HttpRequest, lkm_id: int) -> HttpResponseRedirect | None:
    """`?lkm=7` on a page of LKM 3: the same page (and its other parameters) for LKM 7."""
    pilihan = request.GET.get("lkm", "")
    cocok = request.resolver_match
    if not (pilihan.isascii() and pilihan.isdigit()) or int(pilihan) == lkm_id or cocok is None:
        return None
    kueri = request.GET.copy()
    kueri.pop("lkm")
    url = reverse(cocok.view_name, kwargs={**cocok.kwargs, "lkm_id": int(pilihan)})
    return HttpResponseRedirect(f"{url}?{kueri.urlencode()}" if kueri else url)


def halaman_lkm(
    view: Callable[Concatenate[Permintaan, LKM, P], HttpResponse],
) -> Callable[..., HttpResponse]:
    """A page of one LKM (`<int:lkm_id>` in its URL): login required, the LKM looked up within the user's
    scope
    (404 outside it), and `?lkm=` from the page's LKM chooser moves to the same page of the chosen LKM."""

    @login_required
    @wraps(view)
    def halaman(request: Permintaan, lkm_id: int, *args: Any, **kwargs: Any) -> HttpResponse:
        if pindah := _ke_lkm_pilihan(request, lkm_id):
            return pindah
        lkm = get_object_or_404(akses_lkm(request.user), pk=lkm_id)
        return view(request, lkm, *args, **kwargs)

    return halaman
