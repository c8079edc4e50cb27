from django.urls import path

from spinepath.info import views

app_name = "info"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.article, name="article"),
]
