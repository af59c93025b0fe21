"""Errors services raise so a form can show the message beside the field it concerns."""

from __future__ import annotations


class FieldError(ValueError):
    """A value refused; `field` names the form field it belongs to ("" for the whole form)."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


def add_to_form(form, error: FieldError) -> None:
    """Show a service's refusal on the form: beside its field when the form has it, else on top."""
    name = error.field if error.field in getattr(form, "fields", {}) else None
    form.add_error(name, str(error))
