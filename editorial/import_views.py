"""Importing a province's spreadsheet in the admin: upload, dry-run preview, confirm.

The same `ProductImporter` as `manage.py import_products` does the work. An editor may
only import into the provinces whose pages they may edit; one who cannot publish gets
drafts, which can be submitted for the central review in the same step.

The sheet may come with a zip of the photos its `photos` column names. Both are kept in
the upload's record between the preview and the confirmation (in the database, so any app
server can finish it): its `content` holds the sheet's bytes followed by the zip's, and
its summary says where the zip starts. Both are dropped once imported.
"""

import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Locale

from editorial.review import submit_for_review
from editorial.teams import editable_provinces
from products.importing import ImportFileError, ProductImporter
from products.importing.photos import PhotoArchiveError
from products.importing.template import template_workbook
from products.models import ProductImport, ProductPage

MAX_IMPORT_BYTES = 5 * 1024 * 1024
# With the sheet's 5 MB, within the 25 MB a request body may have (settings, nginx).
MAX_PHOTOS_BYTES = 20 * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy("A .xlsx file or a UTF-8 .csv file in the template's columns."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".csv", ".xlsx"):
            raise forms.ValidationError(_("Use a .csv or .xlsx file."))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB; split it into smaller files.")
                % {"size": MAX_IMPORT_BYTES // (1024 * 1024)}
            )
        return upload

    photos = forms.FileField(
        label=gettext_lazy("Photos (.zip)"),
        required=False,
        help_text=gettext_lazy(
            "Optional: one .zip file with the photos that the sheet's photos column (Ảnh) "
            "names, at most 20 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip"}),
    )

    def clean_photos(self):
        upload = self.cleaned_data.get("photos")
        if not upload:
            return None
        if Path(upload.name).suffix.lower() != ".zip":
            raise forms.ValidationError(_("Put the photos in one .zip file."))
        if upload.size > MAX_PHOTOS_BYTES:
            raise forms.ValidationError(
                _(
                    "The zip of photos is larger than %(size)d MB; make the photos smaller or "
                    "import the products in several sheets."
                )
                % {"size": MAX_PHOTOS_BYTES // (1024 * 1024)}
            )
        return upload


def publishes_directly(user, provinces):
    """Whether `user` may publish in every one of `provinces` (else imports are drafts)."""
    return all(province.permissions_for_user(user).can_publish_subpage() for province in provinces)


def _importer(request, provinces):
    return ProductImporter(
        user=request.user,
        provinces=provinces,
        publish=publishes_directly(request.user, provinces),
    )


def _run(record, importer, dry_run):
    content = bytes(record.content)
    photos = record.summary.get("photos")
    with tempfile.TemporaryDirectory() as folder:
        sheet = Path(folder) / _temp_name(record.file_name, "sheet")
        zip_path = None
        if photos:
            zip_path = Path(folder) / _temp_name(photos["file"], "photos")
            if zip_path.name == sheet.name:
                zip_path = Path(folder) / "photos.zip"
            zip_path.write_bytes(content[photos["sheet_bytes"] :])
            content = content[: photos["sheet_bytes"]]
        sheet.write_bytes(content)
        return importer.run(sheet, dry_run=dry_run, photos=zip_path)


def _temp_name(file_name, stand_in):
    """The uploaded file's name, so the importer's messages name the file the editor
    chose; a stand-in when the name is unsafe or too long for the file system."""
    name = Path(file_name).name
    if not name or name.startswith(".") or "\x00" in name or len(name.encode()) > 200:
        return f"{stand_in}{Path(file_name).suffix.lower()}"
    return name


def _allowed(request):
    provinces = editable_provinces(request.user)
    if not provinces:
        raise PermissionDenied
    return provinces


def import_form(request):
    """GET: the upload form. POST: store the file and show what it would do."""
    provinces = _allowed(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {
        "form": form,
        "provinces": provinces,
        "publishes": publishes_directly(request.user, provinces),
    }
    if request.method == "POST" and form.is_valid():
        record = _stored(request, form)
        try:
            result = _run(record, _importer(request, provinces), dry_run=True)
        except ImportFileError as error:
            record.delete()
            form.add_error("photos" if isinstance(error, PhotoArchiveError) else "file", str(error))
        else:
            record.summary = _summary(result) | _photos_summary(record)
            record.save(update_fields=["summary"])
            context.update(record=record, result=result)
            return TemplateResponse(request, "editorial/import/import_preview.html", context)
    return TemplateResponse(request, "editorial/import/import_form.html", context)


def _stored(request, form):
    """The upload's record: the sheet, and the zip of photos after it (see the docstring)."""
    upload, photos = form.cleaned_data["file"], form.cleaned_data.get("photos")
    content, summary = upload.read(), {}
    if photos:
        summary["photos"] = {"file": Path(photos.name).name, "sheet_bytes": len(content)}
        content += photos.read()
    return ProductImport.objects.create(
        uploaded_by=request.user,
        file_name=Path(upload.name).name,
        content=content,
        summary=summary,
    )


def _photos_summary(record):
    return {"photos": record.summary["photos"]} if record.summary.get("photos") else {}


@require_POST
def confirm_import(request, import_id):
    """Import the previewed file for real, all rows or none."""
    provinces = _allowed(request)
    record = get_object_or_404(
        ProductImport, pk=import_id, uploaded_by=request.user, imported_at=None
    )
    importer = _importer(request, provinces)
    result = _run(record, importer, dry_run=False)
    if not result.ok:  # the data changed since the preview: show what is wrong now
        context = {"record": record, "result": result, "provinces": provinces}
        context["publishes"] = importer.publish
        return TemplateResponse(request, "editorial/import/import_preview.html", context)

    record.imported_at = timezone.now()
    photos = record.summary.get("photos")
    record.summary = _summary(result) | ({"photos": {"file": photos["file"]}} if photos else {})
    record.content = b""  # the pages now hold the data (the zip's part: the images)
    record.save(update_fields=["imported_at", "summary", "content"])
    pages = list(
        ProductPage.objects.filter(
            locale=Locale.get_default(), import_ref__in=result.created + result.updated
        ).order_by("title")
    )
    submitted = []
    if not importer.publish and request.POST.get("submit_for_review"):
        submitted = submit_for_review(pages, request.user)
    messages.success(
        request,
        _("Imported %(file)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
        % {
            "file": record.file_name,
            "created": len(result.created),
            "updated": len(result.updated),
            "unchanged": len(result.unchanged),
        },
    )
    context = {
        "record": record,
        "result": result,
        "pages": pages,
        "submitted": {page.pk for page in submitted},
        "publishes": importer.publish,
    }
    return TemplateResponse(request, "editorial/import/import_done.html", context)


@require_GET
def download_template(request):
    _allowed(request)
    response = HttpResponse(template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="ocop-san-pham-mau.xlsx"'
    return response


def _summary(result):
    return {
        "rows": result.rows,
        "created": len(result.created),
        "updated": len(result.updated),
        "unchanged": len(result.unchanged),
        "errors": len(result.errors),
    }
