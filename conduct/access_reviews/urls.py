"""Access reviews: record-access justification exercises, their progress boards, and each
person in them."""

from django.urls import path

from conduct.access_reviews import views as access_views

_PERSON = "access-reviews/<int:pk>/people/<int:accessor_id>/"
urlpatterns = [
    path("access-reviews/", access_views.exercise_list, name="access-review-list"),
    path("access-reviews/new/", access_views.exercise_new, name="access-review-new"),
    path("access-reviews/<int:pk>/", access_views.exercise_detail, name="access-review-detail"),
    path("access-reviews/<int:pk>/export.csv", access_views.exercise_export, name="access-review-export"),
    path("access-reviews/<int:pk>/import/", access_views.exercise_import, name="access-review-import"),
    path("access-reviews/<int:pk>/exclude-units/", access_views.exclude_units, name="access-review-exclude-units"),
    path("access-reviews/<int:pk>/letters/", access_views.send_letters, name="access-review-letters"),
    path("access-reviews/<int:pk>/decide/", access_views.decide, name="access-review-decide"),
    path(_PERSON, access_views.accessor_detail, name="access-review-person"),
    path(_PERSON + "assess/", access_views.assess, name="access-review-assess"),
    path(_PERSON + "set-aside/", access_views.set_aside, name="access-review-set-aside"),
    path(_PERSON + "exclude/", access_views.exclude, name="access-review-exclude"),
    path(_PERSON + "match/", access_views.match, name="access-review-match"),
]
