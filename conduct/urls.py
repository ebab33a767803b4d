"""Each feature has its own URLs; their order is the order Django tries them (the case pages'
catch-alls come first and never take another feature's longer paths)."""

from django.urls import include, path

urlpatterns = [
    path("", include("conduct.cases.urls")),
    path("", include("conduct.referrals.urls")),
    path("", include("conduct.complaints.urls")),
    path("", include("conduct.proceedings.urls")),
    path("", include("conduct.appeals.urls")),
    path("", include("conduct.duty.urls")),
    path("", include("conduct.pauses.urls")),
    path("", include("conduct.access_reviews.urls")),
    path("", include("conduct.oversight.urls")),
    path("", include("conduct.progress_reports.urls")),
    path("", include("conduct.lists.urls")),
    path("", include("conduct.records.urls")),
    path("", include("conduct.fairness.urls")),
    path("", include("conduct.returns.urls")),
    path("", include("conduct.vetting.urls")),
]
