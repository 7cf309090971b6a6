"""Upload safety in the admin (the CVE-2023-28837 class: a small upload must not make the
server allocate, store or serve something it should not).

Images are checked by Wagtail itself with the limits in settings: byte size
(WAGTAILIMAGES_MAX_UPLOAD_SIZE), pixels (WAGTAILIMAGES_MAX_IMAGE_PIXELS, enforced before
decoding by `limit_decoded_pixels` below), the extension (WAGTAILIMAGES_EXTENSIONS) and
that the content is an image of that format. Documents get their size checked by Wagtail
(WAGTAILDOCS_MAX_UPLOAD_SIZE) and their extension by WAGTAILDOCS_EXTENSIONS; the form
here also checks that the content is what the extension says, by reading the file's first
bytes (or a ZIP's directory), never the whole file.
"""

import os
import warnings
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image
from wagtail.documents.forms import BaseDocumentForm


def limit_decoded_pixels(max_pixels):
    """Make Pillow refuse any picture over `max_pixels` while reading its header.

    Wagtail compares WAGTAILIMAGES_MAX_IMAGE_PIXELS with the size Willow reports, and
    Willow's Pillow plugin decodes the whole picture to report it (willow 1.12,
    `PillowImage.open` calls `load()`). Pillow's own guard raises only above twice its
    MAX_IMAGE_PIXELS (179 M pixels by default): a 420 KB PNG of 12,000 × 12,000 pixels
    took 550 MB of memory before Wagtail refused it. With Pillow's limit at half of ours,
    opening anything over ours raises DecompressionBombError before a pixel is decoded,
    and Wagtail's field answers with its "too many pixels" message. Every later decode
    (renditions) is guarded the same way. The limit is Pillow's error, not its warning
    made an error: warning filters are process-wide and easily reset (pytest does). The
    warning between half the limit and the limit says nothing useful here: silenced.
    """
    Image.MAX_IMAGE_PIXELS = max_pixels / 2
    warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)


HEAD_BYTES = 8192
# Office Open XML files are ZIP archives holding these parts.
OFFICE_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
# What a text file must not start with: the signatures of executables and archives…
BINARY_SIGNATURES = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"PK\x03\x04")
# …and markup a browser would run, should the file ever be served as HTML.
MARKUP = (b"<html", b"<!doctype", b"<script", b"<svg", b"<iframe")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def document_content_matches(file, extension) -> bool:
    """Whether `file` really is a `extension` document, as far as cheap checks can tell.
    Extensions without a check of their own are judged by WAGTAILDOCS_EXTENSIONS alone."""
    position = file.tell()
    try:
        head = file.read(HEAD_BYTES)
        if extension == "pdf":
            # Readers accept a header anywhere in the first kilobyte.
            return b"%PDF-" in head[:1024]
        if extension in OFFICE_PARTS:
            if not head.startswith(b"PK\x03\x04"):
                return False
            try:  # reads the archive's directory only, decompresses nothing
                names = set(zipfile.ZipFile(file).namelist())
            except (zipfile.BadZipFile, OSError, ValueError):
                return False
            return {"[Content_Types].xml", OFFICE_PARTS[extension]} <= names
        if extension in ("csv", "txt"):
            return is_plain_text(head)
        return True
    finally:
        file.seek(position)


def is_plain_text(head) -> bool:
    if head.startswith(UTF16_BOMS):  # spreadsheets' "Unicode text": NUL bytes are normal
        return True
    if head.startswith(BINARY_SIGNATURES) or b"\x00" in head:
        return False
    lowered = head.lstrip().lower()
    return not any(tag in lowered for tag in MARKUP)


class HubDocumentForm(BaseDocumentForm):
    """Wagtail's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE), refusing a file whose
    content does not match its extension: a program or web page renamed report.pdf."""

    content_mismatch = _(
        "This file is not a real .%(extension)s document: its content does not match its "
        "name. Save it again as %(extension)s and upload that."
    )

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):  # a new upload, not the stored file kept on edit
            extension = os.path.splitext(file.name)[1].lower().lstrip(".")
            if not document_content_matches(file, extension):
                raise ValidationError(
                    self.content_mismatch,
                    code="content_mismatch",
                    params={"extension": extension},
                )
        return file

    def _post_clean(self):
        # Document.clean() checks the extension of the file the form refused, which by then
        # is no file at all, and adds 'File extension “” is not allowed' under the real
        # reason (too big, not what it claims): the empty extension of
        # https://github.com/wagtail/wagtail/issues/11802. Keep the real reason alone.
        refused = list(self._errors["file"].data) if "file" in self._errors else []
        super()._post_clean()
        if refused:
            self._errors["file"].data[:] = refused
