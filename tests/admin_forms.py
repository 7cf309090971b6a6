"""Posting Wagtail admin forms as a browser would: every field the rendered form holds."""

from bs4 import BeautifulSoup


def form_data(html, form_id):
    """The values a browser would submit from the form `form_id` in `html` (without any
    submit button's own name)."""
    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    assert form is not None, f"no form #{form_id}"
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.name == "select":
            chosen = [
                o.get("value", o.text) for o in field.find_all("option") if o.has_attr("selected")
            ]
            if field.has_attr("multiple"):
                data.setdefault(name, []).extend(chosen)
            elif chosen:
                data[name] = chosen[0]
            continue
        if field.name == "textarea":
            data[name] = field.text
            continue
        kind = field.get("type", "text")
        if kind in ("submit", "button", "image", "file"):
            continue
        if kind in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
            continue
        data[name] = field.get("value", "")
    return data
