"""The complainant's pages under the case, and the list of reviews pending."""

from django.urls import path

from conduct.complaints import views

urlpatterns = [
    path("complaints/reviews/", views.reviews_pending, name="complaint-reviews-pending"),
    path("cases/<str:reference>/complainant/", views.complainant_page, name="complainant"),
    path("cases/<str:reference>/complainant/update/", views.send_update, name="complainant-update"),
    path("cases/<str:reference>/complainant/outcome/", views.record_outcome, name="complainant-outcome"),
    path(
        "cases/<str:reference>/complainant/outcome/approve/",
        views.approve_outcome,
        name="complainant-outcome-approve",
    ),
    path(
        "cases/<str:reference>/complainant/review/application/",
        views.record_application,
        name="complainant-review-application",
    ),
    path(
        "cases/<str:reference>/complainant/review/result/",
        views.record_review_result,
        name="complainant-review-result",
    ),
    path(
        "cases/<str:reference>/complainant/review/response/",
        views.record_force_response,
        name="complainant-review-response",
    ),
]
