"""Root URLconf: the wiring of every floor (the one place allowed to import from all apps)."""

from django.contrib import admin
from django.urls import include, path

import ksm.api
import laporan.api
import pinjaman.api
import pinjaman.buku.api
import pinjaman.tabungan.api
from kotaku import views
from kotaku.api import api

api.add_router("", views.router)
api.add_router("", ksm.api.router)
api.add_router("", pinjaman.tabungan.api.router)
api.add_router("", pinjaman.buku.api.router)
api.add_router("", pinjaman.api.router)
api.add_router("", laporan.api.router)

urlpatterns = [
    path("", include("kotaku.urls_inti")),
    path("ksm/", include("ksm.urls")),
    path("tabungan/", include("pinjaman.tabungan.urls")),
    path("buku/", include("pinjaman.buku.urls")),
    path("pinjaman/", include("pinjaman.urls")),
    path("laporan/", include("laporan.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
