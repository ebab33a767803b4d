from django.urls import path

from conduct.returns import views

urlpatterns = [
    path("returns/home-office/", views.home_office_return, name="home-office-return"),
    path("returns/home-office/return.csv", views.return_csv, name="home-office-return-csv"),
    path("returns/home-office/suspensions.csv", views.suspensions_csv, name="home-office-return-suspensions-csv"),
]
