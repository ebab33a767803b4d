"""The admin's account pages: users, teams, requests for privileged roles and the account log.

Every change goes through `casework.accounts` (who, when, why; a second administrator for a
privileged role). Nothing here offers `is_superuser`, `user_permissions` or the groups as such,
and no page sets another user's password: an administrator sends a reset link instead."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect

from casework.forms.base import ModelForm

from . import accounts, permissions
from .audit import client_address
from .errors import Refused
from .models import AccountEvent, RoleRequest, RoleRequestState, Team, User
from .roles import Role

REASON_HELP = "Why this change is made. Kept, with your name and the time, in the account's history."


class ReadOnlyAdmin(admin.ModelAdmin):
    """For logs written by the services or by triggers: read, never added, changed or deleted."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RefusalsAsMessages:
    """A service's refusal is shown on the page it came from, with nothing saved (the admin's
    transaction is rolled back), never as a server error."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Refused as refused:
            self.message_user(request, refused.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


# Users ------------------------------------------------------------------------------------
class AccountAddForm(ModelForm):
    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email")


class AccountChangeForm(ModelForm):
    active = forms.BooleanField(required=False, label="Can sign in")
    roles = forms.MultipleChoiceField(
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Head of PSD, appropriate authority and administrator are given only when a second "
        "administrator approves (Role requests).",
    )
    teams = forms.ModelMultipleChoiceField(
        Team.objects.order_by("name"), required=False, widget=FilteredSelectMultiple("teams", False)
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text=REASON_HELP)

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.instance
        self.initial.update(
            active=user.is_active,
            roles=[r.value for r in accounts.roles_held(user)],
            teams=list(user.teams.values_list("pk", flat=True)),
        )

    def access_changed(self) -> bool:
        return bool({"active", "roles", "teams"} & set(self.changed_data))

    def clean(self):
        data = super().clean()
        if self.access_changed() and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why the roles, teams or sign-in status change.")
        return data


@admin.register(User)
class AccountAdmin(RefusalsAsMessages, UserAdmin):
    form = AccountChangeForm
    add_form = AccountAddForm
    fieldsets = (
        (None, {"fields": ("username",)}),
        ("Personal details", {"fields": ("first_name", "last_name", "email")}),
        ("Access", {"fields": ("active", "roles", "teams", "reason")}),
        ("Status", {"fields": ("is_staff", "is_superuser", "last_login", "date_joined", "has_password")}),
    )
    add_fieldsets = ((None, {"fields": ("username", "first_name", "last_name", "email")}),)
    readonly_fields = ("is_staff", "is_superuser", "last_login", "date_joined", "has_password")
    list_display = ("username", "first_name", "last_name", "email", "is_active", "roles")
    list_filter = ("is_active", "groups", "teams")
    filter_horizontal = ()
    actions = ["send_password_reset"]

    @admin.display(description="Roles")
    def roles(self, user):
        return ", ".join(user.role_labels)

    @admin.display(description="Teams")
    def team_list(self, user):
        return ", ".join(user.teams.values_list("name", flat=True))

    @admin.display(description="Has a password", boolean=True)
    def has_password(self, user):
        return user.has_usable_password()

    def get_fieldsets(self, request, obj=None):
        """Read-only (their own account, a superuser's): what the account has, nothing to edit."""
        if obj is not None and not permissions.can_manage_account(request.user, obj):
            return ((None, {"fields": ("username", "first_name", "last_name", "email", *self.view_only_fields)}),)
        return super().get_fieldsets(request, obj)

    view_only_fields = ("is_active", "roles", "team_list", "is_staff", "is_superuser", "last_login", "date_joined")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not permissions.can_manage_account(request.user, obj):
            return ("username", "first_name", "last_name", "email", *self.view_only_fields)
        return self.readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def has_change_permission(self, request, obj=None):
        """Only a superuser changes a superuser's account; nobody changes their own here."""
        if obj is not None and not permissions.can_manage_account(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # an account's history refers to it: deactivate it instead

    def user_change_password(self, request, id, form_url=""):
        raise PermissionDenied("Passwords are not set here: send the account's owner a reset link.")

    def save_model(self, request, obj, form, change):
        if not change:
            accounts.create_account(request.user, obj, client_address=client_address(request))
            return
        values = {field: form.cleaned_data[field] for field in accounts.PROFILE_FIELDS}
        accounts.update_profile(request.user, obj, client_address=client_address(request), **values)

    def save_related(self, request, form, formsets, change):
        if not change or not form.access_changed():
            return
        data, address = form.cleaned_data, client_address(request)
        user = User.objects.get(pk=form.instance.pk)
        accounts.set_active(request.user, user, data["active"], data["reason"], client_address=address)
        accounts.change_teams(request.user, user, data["teams"], data["reason"], client_address=address)
        pending = accounts.change_roles(request.user, user, data["roles"], data["reason"], client_address=address)
        if pending is not None:
            self.message_user(
                request,
                f"{', '.join(pending.role_labels)} for {user} waits for another administrator's approval.",
                messages.WARNING,
            )

    @admin.action(description="Send a password-reset link to the selected accounts")
    def send_password_reset(self, request, queryset):
        for user in queryset:
            try:
                accounts.send_password_reset(request.user, user, client_address=client_address(request))
            except Refused as refused:
                self.message_user(request, refused.message, messages.ERROR)
            else:
                self.message_user(request, f"A reset link was sent to {user}'s email address.", messages.SUCCESS)


# Teams ------------------------------------------------------------------------------------
class TeamForm(ModelForm):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text=REASON_HELP)

    class Meta:
        model = Team
        fields = ("name", "members")

    def clean(self):
        data = super().clean()
        if "members" in self.changed_data and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why the team's members change.")
        return data


@admin.register(Team)
class TeamAdmin(RefusalsAsMessages, admin.ModelAdmin):
    form = TeamForm
    list_display = ("name",)
    search_fields = ("name",)
    filter_horizontal = ("members",)

    def save_related(self, request, form, formsets, change):
        """Members change through the accounts service (recorded with the reason), never
        directly by the form."""
        if "members" in form.changed_data:
            accounts.set_team_members(
                request.user,
                form.instance,
                form.cleaned_data["members"],
                form.cleaned_data["reason"],
                client_address=client_address(request),
            )


# Requests for privileged roles ------------------------------------------------------------
class RoleRequestDecisionForm(ModelForm):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve: give these roles"), ("refuse", "Refuse")], widget=forms.RadioSelect
    )

    class Meta:
        model = RoleRequest
        fields = ("decision_reason",)
        labels = {"decision_reason": "Reason for the decision"}

    def clean_decision_reason(self):
        reason = self.cleaned_data["decision_reason"].strip()
        if not reason:
            raise forms.ValidationError("Say why you approve or refuse this request.")
        return reason


@admin.register(RoleRequest)
class RoleRequestAdmin(RefusalsAsMessages, admin.ModelAdmin):
    """Another administrator approves or refuses each request, with a reason."""

    form = RoleRequestDecisionForm
    list_display = ("user", "requested_roles", "requested_by", "requested_at", "state", "decided_by")
    list_filter = ("state",)
    list_select_related = ("user", "requested_by", "decided_by")
    readonly_fields = ("user", "requested_roles", "reason", "requested_by", "requested_at", "state")
    fields = readonly_fields + ("decision", "decision_reason")

    @admin.display(description="Roles")
    def requested_roles(self, role_request):
        return ", ".join(role_request.role_labels)

    def get_fields(self, request, obj=None):
        if obj is not None and not self._may_decide(request, obj):
            return (*self.readonly_fields, "decided_by", "decided_at", "decision_reason")
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not self._may_decide(request, obj):
            return self.get_fields(request, obj)
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        """A decided request, or one the user may not decide, is shown read-only."""
        return super().has_change_permission(request, obj) and (obj is None or self._may_decide(request, obj))

    def _may_decide(self, request, obj):
        return obj.state == RoleRequestState.PENDING and permissions.can_decide_role_request(request.user, obj)

    def has_add_permission(self, request):
        return False  # requests are made by changing an account's roles

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        decide = (
            accounts.approve_role_request
            if form.cleaned_data["decision"] == "approve"
            else accounts.refuse_role_request
        )
        decide(request.user, obj, form.cleaned_data["decision_reason"], client_address=client_address(request))


# The account log --------------------------------------------------------------------------
@admin.register(AccountEvent)
class AccountEventAdmin(ReadOnlyAdmin):
    """Read-only: the log is append-only in the database."""

    list_display = ("at", "kind", "username", "actor_label", "reason", "client_address")
    list_filter = ("kind",)
    search_fields = ("username", "actor_label")
    date_hierarchy = "at"
