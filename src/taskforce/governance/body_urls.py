from django.urls import URLPattern

app_name = "bodies"

urlpatterns: list[URLPattern] = []
