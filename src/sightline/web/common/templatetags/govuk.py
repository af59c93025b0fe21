"""`{% load govuk %}{% govuk_field form.name %}`: one field in GOV.UK Frontend markup, with its own
error message, hint and aria-describedby; `{% govuk_errors form %}`: the error summary on top."""

from django import template

from sightline.web.common.forms import field_context

register = template.Library()


@register.inclusion_tag("common/_field.html")
def govuk_field(bound):
    return field_context(bound)


@register.inclusion_tag("includes/form_errors.html")
def govuk_errors(form):
    return {"form": form}
