"""Input validation for the search page's query string."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.conversations.models import PostKind
from townhall.search.selectors import MAX_PAGE, MAX_QUERY_LENGTH, SearchType

TYPE_LABELS = {
    SearchType.ALL: _("All"),
    SearchType.POSTS: _("Posts"),
    SearchType.COMMENTS: _("Comments"),
    SearchType.PEOPLE: _("People"),
    SearchType.GROUPS: _("Groups"),
    SearchType.TOPICS: _("Topics"),
}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_QUERY_LENGTH)
    type = forms.ChoiceField(label=_("Show"), required=False, choices=list(TYPE_LABELS.items()))
    kind = forms.ChoiceField(
        label=_("Kind of post"),
        required=False,
        choices=[("", _("Any kind")), *PostKind.choices],
    )
    group = forms.SlugField(label=_("Group"), required=False, max_length=140)
    author = forms.IntegerField(label=_("Author"), required=False, min_value=1, max_value=2**63 - 1)
    since = forms.DateField(label=_("From"), required=False)
    until = forms.DateField(label=_("To"), required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)
    after = forms.CharField(required=False, max_length=400)
