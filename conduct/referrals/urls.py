"""IOPC referrals: the lists, a case's referrals and their forms, and the referral summary for
the IOPC (page and PDF)."""

from django.urls import path

from conduct.referrals import direction_views, discrimination_views
from conduct.referrals import views as referral_views

urlpatterns = [
    path("referrals/", referral_views.referral_list, name="referral-list"),
    path("referrals/directions/", direction_views.open_directions, name="iopc-direction-list"),
    path(
        "cases/<str:reference>/referrals/<int:pk>/directions/new/",
        direction_views.record_direction,
        name="iopc-direction-new",
    ),
    path(
        "cases/<str:reference>/iopc-directions/<int:pk>/response/",
        direction_views.record_response,
        name="iopc-direction-response",
    ),
    path(
        "cases/<str:reference>/discrimination/<int:pk>/",
        discrimination_views.decide_criterion,
        name="referral-discrimination",
    ),
    path("cases/<str:reference>/referrals/", referral_views.case_referrals, name="case-referrals"),
    path("cases/<str:reference>/referrals/new/", referral_views.record_other_referral, name="referral-new"),
    path("cases/<str:reference>/referrals/new-concerns/", referral_views.new_concerns, name="referral-new-concerns"),
    path("cases/<str:reference>/referrals/<int:pk>/record/", referral_views.record_referral, name="referral-record"),
    path(
        "cases/<str:reference>/referrals/<int:pk>/not-required/",
        referral_views.propose_not_required,
        name="referral-not-required",
    ),
    path(
        "cases/<str:reference>/referrals/<int:pk>/not-required/decide/",
        referral_views.decide_not_required,
        name="referral-not-required-decide",
    ),
    path(
        "cases/<str:reference>/referrals/<int:pk>/decision/", referral_views.record_decision, name="referral-decision"
    ),
    path("cases/<str:reference>/referrals/<int:pk>/summary/", referral_views.referral_summary, name="referral-summary"),
    path(
        "cases/<str:reference>/referrals/<int:pk>/summary.pdf",
        referral_views.referral_summary_pdf,
        name="referral-summary-pdf",
    ),
]
