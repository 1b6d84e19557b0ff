"""HTTP for the search page: one box, tabs per kind of result, highlighted snippets."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from townhall.search.forms import TYPE_LABELS, SearchForm
from townhall.search.selectors import SearchResults, SearchType, resolve_filters, search
from townhall.web.rendering import render_page


def _tab_urls(form: SearchForm) -> list[tuple[str, str, str]]:
    """(type, label, url) for each tab, keeping the query and filters."""
    base = {k: v for k, v in form.data.items() if k not in ("type", "page", "after") and v}
    return [
        (value, str(label), "?" + urlencode({**base, "type": value}))
        for value, label in TYPE_LABELS.items()
    ]


def search_page(request: HttpRequest) -> HttpResponse:
    """Search posts, comments, people, groups and topics; htmx swaps only the results."""
    form = SearchForm(request.GET)
    results: SearchResults | None = None
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            group, author = resolve_filters(
                request.user, group_slug=data["group"], author_id=data["author"]
            )
            results = search(
                request.user,
                query=data["q"],
                type=data["type"] or SearchType.ALL,
                post_kind=data["kind"],
                group=group,
                author=author,
                since=data["since"],
                until=data["until"],
                page=data["page"] or 1,
                people_after=data["after"],
            )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    form.add_error(name if name in form.fields else None, message)
    if results is None:
        status = 422
    active = form.data.get("type") or SearchType.ALL
    params = {k: v for k, v in form.data.items() if k not in ("page", "after") and v}
    context = {
        "form": form,
        "results": results,
        "active_type": active if active in TYPE_LABELS else SearchType.ALL,
        "tabs": _tab_urls(form),
        "more_query": urlencode(params),
    }
    return render_page(
        request, "search/search.html", context, partial="search/_results.html", status=status
    )
