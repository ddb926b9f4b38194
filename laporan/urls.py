from django.urls import URLPattern

app_name = "laporan"
urlpatterns: list[URLPattern] = []
