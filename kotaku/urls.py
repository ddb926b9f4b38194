"""Root URLconf: the wiring of every floor (the one place allowed to import from all apps)."""

from django.contrib import admin
from django.urls import include, path, re_path

import kotaku.buku.api
import ksm.api
import ksm.tabungan.api
import laporan.api
import laporan.api_paket
import laporan.api_tahap
import pinjaman.api
from kotaku import views
from kotaku.api import api, tidak_dikenal

api.add_router("", views.router)
api.add_router("", ksm.api.router)
api.add_router("", ksm.tabungan.api.router)
api.add_router("", kotaku.buku.api.router)
api.add_router("", pinjaman.api.router)
api.add_router("", laporan.api.router)
api.add_router("", laporan.api_paket.router)
api.add_router("", laporan.api_tahap.router)

urlpatterns = [
    path("", include("kotaku.urls_inti")),
    path("ksm/", include("ksm.urls")),
    path("tabungan/", include("ksm.tabungan.urls")),
    path("buku/", include("kotaku.buku.urls")),
    path("pinjaman/", include("pinjaman.urls")),
    path("laporan/", include("laporan.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<jalur>.*)$", tidak_dikenal),
]
