"""Form pieces every app shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

Result = TypeVar("Result")

# The generic form page: title, intro, the form's fields, a submit button and a way back.
FORM_TEMPLATE = "core/form.html"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def service_errors_to_form(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's objections on the form, by the field they concern where it exists.

    A form that collects one service field as other inputs (a date and a time for a moment) names
    them in a `service_fields` mapping: service field -> form field.
    """
    if hasattr(error, "error_dict"):
        input_for: dict[str, str] = getattr(form, "service_fields", {})
        for name, errors in error.error_dict.items():
            field = input_for.get(name, name)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def submit(
    form: forms.BaseForm,
    action: Callable[[dict[str, Any]], Result],
) -> Result | None:
    """Validate the form and run the service; put the service's objections on the form.

    None when the form or the service refused the input, which is then on the form to show again.
    """
    if not form.is_valid():
        return None
    try:
        return action(form.cleaned_data)
    except ValidationError as error:
        service_errors_to_form(form, error)
        return None


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    title: str,
    cancel_url: str,
    *,
    submit_label: str,
    intro: str = "",
    **context: Any,
) -> HttpResponse:
    """The page with one form on it: `context` may add `definitions`, (term, description) pairs
    shown above the form."""
    return render(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "title": title,
            "cancel_url": cancel_url,
            "submit_label": submit_label,
            "intro": intro,
            **context,
        },
    )
