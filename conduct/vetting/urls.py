from django.urls import path

from conduct.vetting import views

urlpatterns = [
    path("vetting/", views.review_list, name="vetting-list"),
    path("vetting/<int:pk>/", views.review_detail, name="vetting-review"),
    path("vetting/<int:pk>/<slug:step>/", views.review_step, name="vetting-step"),
    path("people/<int:pk>/vetting/new/", views.review_open, name="vetting-open"),
]
