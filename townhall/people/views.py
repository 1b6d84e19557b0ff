"""HTTP for people: directory, profiles, org chart, settings, invitations, admin pages."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from townhall.governance.selectors import audit_entries
from townhall.people import permissions, selectors, services
from townhall.people.forms import (
    AcceptInvitationForm,
    InvitationForm,
    LanguageForm,
    PhotoForm,
    ProfileForm,
    RolesForm,
)
from townhall.people.models import OrgUnit, Person, Role
from townhall.web.rendering import render_page


def _me(request: HttpRequest) -> Person:
    return cast(Person, request.user)


def _apply_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def directory(request: HttpRequest) -> HttpResponse:
    """People directory: search as you type, filter by unit and role, infinite scroll."""
    unit: OrgUnit | None = None
    unit_slug = request.GET.get("unit", "")
    if unit_slug:
        unit = OrgUnit.objects.filter(slug=unit_slug).first()
    role = request.GET.get("role", "")
    page = selectors.directory(
        request.user,
        query=request.GET.get("q", "")[:200],
        unit=unit,
        role=role if role in Role.values else "",
        after=request.GET.get("after", ""),
    )
    context = {
        "page": page,
        "units": selectors.unit_choices(),
        "roles": [(r.value, r.label) for r in Role if r != Role.MEMBER],
        "is_more": bool(request.GET.get("after")),
    }
    partial = (
        "people/_directory_more.html" if context["is_more"] else "people/_directory_results.html"
    )
    return render_page(request, "people/directory.html", context, partial=partial)


def mention_suggest(request: HttpRequest) -> HttpResponse:
    """The @mention suggestion list for an editor: a fragment of listbox options."""
    suggestions = selectors.mention_suggestions(request.user, request.GET.get("q", "")[:200])
    return render(request, "people/_mention_suggestions.html", {"suggestions": suggestions})


def profile(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.access_person(request.user, pk)
    me = _me(request)
    context = {
        "person": person,
        "unit_line": selectors.person_unit_line(person),
        "direct_reports": list(
            selectors.people_visible_to(me).filter(reports_to=person).order_by("sort_name")[:50]
        ),
        "completeness": selectors.profile_completeness(person) if person.pk == me.pk else None,
        "can_edit": permissions.can_edit_profile(me, person),
        "can_change_roles": permissions.can_change_roles(me),
        "roles_form": RolesForm(initial={"roles": person.roles}),
        **_profile_posts(request, person),
    }
    return render(request, "people/profile.html", context)


def _profile_posts(request: HttpRequest, person: Person) -> dict[str, object]:
    """The person's posts (first page) and whether I follow them, for the profile page."""
    from townhall.conversations.views import card_context, decorate_posts
    from townhall.feeds import selectors as feeds

    me = _me(request)
    page = feeds.profile_feed(me, person, limit=10)
    decorate_posts(me, page.posts)
    return {
        **card_context(request),
        "posts": page.posts,
        "following": feeds.is_following(me, person=person),
    }


def _profile_initial(me: Person) -> dict[str, object]:
    return {
        "first_name": me.first_name,
        "last_name": me.last_name,
        "job_title": me.job_title,
        "location": me.location,
        "languages": ", ".join(me.languages),
        "ask_me_about": ", ".join(me.ask_me_about),
        "bio": me.bio,
        "preferred_language": me.preferred_language,
    }


def edit_profile(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    form = ProfileForm(request.POST or None, initial=_profile_initial(me))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(actor=me, person=me, changes=form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            if me.preferred_language:
                translation.activate(me.preferred_language)
            messages.success(request, _("Your profile is saved."))
            return redirect("profile", pk=me.pk)
    status = 422 if form.errors else 200
    return render(
        request,
        "people/edit_profile.html",
        {
            "form": form,
            "photo_form": PhotoForm(),
            "completeness": selectors.profile_completeness(me),
        },
        status=status,
    )


@require_POST
def edit_photo(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    if request.POST.get("remove"):
        services.remove_profile_photo(actor=me, person=me)
        messages.success(request, _("Your photo is removed."))
        return redirect("edit_profile")
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.set_profile_photo(actor=me, person=me, upload=form.cleaned_data["photo"])
        except ValidationError as exc:
            form.add_error("photo", exc)
        else:
            messages.success(request, _("Your new photo is saved."))
            return redirect("edit_profile")
    return render(
        request,
        "people/edit_profile.html",
        {
            "form": ProfileForm(initial=_profile_initial(me)),
            "photo_form": form,
            "completeness": selectors.profile_completeness(me),
        },
        status=422,
    )


@ratelimit(key="user", rate="10/m", method="POST", block=False)  # type: ignore[untyped-decorator]
def tokens(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    new_token: str | None = None
    error = ""
    if request.method == "POST":
        if getattr(request, "limited", False):
            error = _("Too many tokens created in a short time. Try again in a minute.")
        else:
            try:
                _token, new_token = services.create_access_token(
                    actor=me, name=request.POST.get("name", "")
                )
            except ValidationError as exc:
                error = " ".join(exc.messages)
    context = {
        "tokens": selectors.access_tokens_of(me),
        "new_token": new_token,
        "error": error,
    }
    return render(request, "people/tokens.html", context, status=422 if error else 200)


@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    token = selectors.access_token(me, pk)
    services.revoke_access_token(actor=me, token=token)
    messages.success(request, _("The token is revoked; programs using it can no longer sign in."))
    return redirect("tokens")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language and remember it on the profile."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return redirect(request.META.get("HTTP_REFERER") or "home")
    language = form.cleaned_data["language"]
    services.set_preferred_language(person=_me(request), language=language)
    translation.activate(language)
    next_url = request.POST.get("next", "")
    return redirect(
        next_url if next_url.startswith("/") and not next_url.startswith("//") else "home"
    )


def org_chart(request: HttpRequest, slug: str = "") -> HttpResponse:
    if slug:
        unit = selectors.access_unit(request.user, slug)
    else:
        root = selectors.root_units().first()
        if root is None:
            return render(request, "people/org_chart.html", {"chart": None})
        unit = root
    chart = selectors.org_chart(request.user, unit)
    return render(request, "people/org_chart.html", {"chart": chart})


@ratelimit(key="ip", rate="20/m", method="POST", block=False)  # type: ignore[untyped-decorator]
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.pending_invitation_for_token(token)
    if invitation is None:
        return render(request, "people/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST":
        if getattr(request, "limited", False):
            form.add_error(None, _("Too many attempts. Try again in a minute."))
        elif form.is_valid():
            try:
                person = services.accept_invitation(token=token, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                login(request, person, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request, _("Welcome to Townhall! Start by completing your profile.")
                )
                return redirect("edit_profile")
    status = 422 if form.errors else 200
    return render(
        request,
        "people/invitation_accept.html",
        {"form": form, "invitation": invitation},
        status=status,
    )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def manage_home(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    _require(permissions.can_access_manage_area(me))
    return render(
        request,
        "people/manage/home.html",
        {
            "can_invite": permissions.can_invite(me),
            "can_import": permissions.can_import_org(me),
            "can_audit": permissions.can_view_audit_log(me),
            "people_count": Person.objects.filter(is_active=True).count(),
            "unit_count": OrgUnit.objects.count(),
            "pending_count": selectors.pending_invitations().count(),
        },
    )


def invitations(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    _require(permissions.can_invite(me))
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_person(
                actor=me,
                email=form.cleaned_data["email"],
                roles=form.cleaned_data["roles"],
                unit=form.cleaned_data["unit"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("manage_invitations")
    context = {"form": form, "invitations": selectors.pending_invitations()[:200]}
    return render(
        request, "people/manage/invitations.html", context, status=422 if form.errors else 200
    )


@require_POST
def revoke_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    invitation = selectors.access_invitation(me, pk)
    services.revoke_invitation(actor=me, invitation=invitation)
    messages.success(request, _("The invitation is withdrawn."))
    return redirect("manage_invitations")


@require_POST
def edit_roles(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    _require(permissions.can_change_roles(me))
    person = selectors.access_person(me, pk)
    form = RolesForm(request.POST)
    if form.is_valid():
        try:
            services.set_roles(actor=me, person=person, roles=form.cleaned_data["roles"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Roles updated for %(name)s.") % {"name": person.display_name}
            )
    return redirect("profile", pk=person.pk)


def audit_log(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_view_audit_log(request.user))
    before = request.GET.get("before", "")
    entries = list(
        audit_entries(
            action=request.GET.get("action", "")[:64],
            before_id=int(before) if before.isdigit() else None,
        )[:50]
    )
    return render(
        request,
        "people/manage/audit.html",
        {
            "entries": entries,
            "next_before": entries[-1].pk if len(entries) == 50 else None,
        },
    )
