"""Upload safety, through the admin's real upload views: images and documents over the
limits, decompression bombs, and files whose content is not what their name says are
refused with a clear message, and leave nothing behind (no Image, Document or pending
upload row)."""

import io
import struct
import zipfile
import zlib

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation
from PIL import Image as PILImage
from PIL import ImageFile
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, UploadedFile
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db

SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def admin(client, django_user_model):
    """A superuser whose admin speaks English, logged in."""
    user = django_user_model.objects.create_superuser("uploader", "uploader@hub.example", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


@pytest.fixture
def nothing_left_behind():
    """Counts the rows an upload could leave, and checks none was added."""
    counts = lambda: (Image.objects.count(), Document.objects.count(), UploadedFile.objects.count())  # noqa: E731
    before = counts()
    yield
    assert counts() == before


def size(n):
    with translation.override("en"):
        return filesizeformat(n)


def png(width=8, height=8):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (30, 120, 60)).save(buffer, "PNG")
    return buffer.getvalue()


def png_declaring(width, height):
    """A PNG of a few dozen bytes whose header declares `width` × `height` pixels: made
    by Pillow as 1 × 1, then its IHDR chunk rewritten (with its checksum)."""
    data = bytearray(png(1, 1))
    header = data[12:29]  # b"IHDR", width, height, depth, colour type…
    header[4:12] = struct.pack(">II", width, height)
    data[12:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(header)))
    return bytes(data)


def office(kind):
    """A minimal but well-formed .docx or .xlsx (a ZIP with the parts Office needs)."""
    if kind == "xlsx":
        from openpyxl import Workbook

        buffer = io.BytesIO()
        sheet = Workbook()
        sheet.active.append(["ref", "name_vi"])
        sheet.active.append(["T-900", "Chè Tân Cương"])
        sheet.save(buffer)
        return buffer.getvalue()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def root():
    return Collection.get_first_root_node().pk


def file_errors(response):
    """The form's messages about the file, in English (none: the upload was saved)."""
    if response.status_code == 302:
        return []
    assert response.status_code == 200
    with translation.override("en"):  # lazy messages, read after the admin's request
        return [str(error) for error in response.context["form"].errors.get("file", ["-"])]


def upload_image(admin, name, content):
    """Through the one-image form; returns its error messages for the file (none: saved)."""
    response = admin.post(
        reverse("wagtailimages:add"),
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": root()},
    )
    return file_errors(response)


def upload_images(admin, name, content):
    """Through the multiple uploader (drag and drop); returns its JSON answer."""
    response = admin.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile(name, content), "collection": root()},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    return response.json()


def upload_document(admin, name, content):
    response = admin.post(
        reverse("wagtaildocs:add"),
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": root()},
    )
    return file_errors(response)


def upload_documents(admin, name, content):
    response = admin.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile(name, content), "collection": root()},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    return response.json()


# Accepted


def test_a_small_image_is_accepted_by_both_uploaders(admin):
    assert upload_image(admin, "doi-che.png", png()) == []
    assert Image.objects.filter(title="doi-che.png").exists()
    answer = upload_images(admin, "ruong-bac-thang.png", png())
    assert answer["success"] is True
    assert Image.objects.filter(pk=answer["image_id"]).exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("brochure.pdf", PDF),
        ("san-pham.xlsx", office("xlsx")),
        ("gioi-thieu.docx", office("docx")),
        ("bang-gia.csv", "ref,name_vi\nT-1,Chè Tân Cương\n".encode()),
        ("ghi-chu.txt", "Ghi chú: giao hàng tháng 5".encode("utf-16")),  # Excel's "Unicode text"
    ],
)
def test_real_documents_are_accepted(admin, name, content):
    assert upload_document(admin, name, content) == []
    assert Document.objects.filter(title=name).exists()


def test_a_pdf_is_accepted_by_the_multiple_uploader(admin):
    answer = upload_documents(admin, "catalogue.pdf", PDF)
    assert answer["success"] is True
    assert Document.objects.filter(pk=answer["doc_id"]).exists()


# Images refused


@pytest.mark.usefixtures("nothing_left_behind")
def test_an_image_over_the_byte_limit_is_refused(admin):
    limit = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    padded = png() + b"\x00" * (limit + 1 - len(png()))  # a real PNG, padded past the limit
    [error] = upload_image(admin, "too-big.png", padded)
    assert "This file is too big" in error and f"Maximum filesize {size(limit)}" in error
    answer = upload_images(admin, "too-big.png", padded)
    assert answer["success"] is False and "This file is too big" in answer["error_message"]


@pytest.mark.usefixtures("nothing_left_behind")
@pytest.mark.parametrize(
    "size",
    [
        (20_000, 20_000),  # 400 M pixels: Pillow itself refuses to open it
        (12_000, 12_000),  # 144 M: Pillow would only warn, and Willow decode it
        (7_000, 7_000),  # 49 M: just over the hub's 40 M
    ],
)
def test_a_decompression_bomb_is_refused_without_decoding_it(admin, monkeypatch, size):
    bomb = png_declaring(*size)
    assert len(bomb) < 4096
    decoded = []
    load = ImageFile.ImageFile.load

    def spy(image):
        decoded.append(image.size)
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    [error] = upload_image(admin, "bomb.png", bomb)
    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    assert f"This file has too many pixels (unknown number). Maximum pixels {limit}." == error
    answer = upload_images(admin, "bomb.png", bomb)
    assert answer["success"] is False and "too many pixels" in answer["error_message"]
    assert decoded == []  # the pixels were never decoded, so never allocated


MISMATCH = "The extension does not match the file format"


@pytest.mark.usefixtures("nothing_left_behind")
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.svg", SVG, "Not a supported image format. Supported formats: JPG, JPEG, PNG, WEBP."),
        ("logo.png", SVG, f"Not a valid .png image. {MISMATCH} (svg)"),
        ("photo.jpg", HTML, f"Not a valid .jpeg image. {MISMATCH}"),
        ("setup.png", EXE, "Upload a valid image."),
        ("photo.jpg", png(), f"Not a valid .jpeg image. {MISMATCH} (png)"),
        ("page.html", HTML, "Not a supported image format."),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused_as_images(admin, name, content, message):
    [error] = upload_image(admin, name, content)
    assert error.startswith(message)
    answer = upload_images(admin, name, content)
    assert answer["success"] is False and answer["error_message"].startswith(message)


# Documents refused


@pytest.mark.usefixtures("nothing_left_behind")
@pytest.mark.parametrize(
    ("name", "content"),
    [("setup.exe", EXE), ("page.html", HTML), ("logo.svg", SVG), ("macro.xlsm", office("xlsx"))],
)
def test_a_document_with_a_disallowed_extension_is_refused(admin, name, content):
    [error] = upload_document(admin, name, content)
    extension = name.rsplit(".", 1)[1]
    assert error == (
        f"File extension “{extension}” is not allowed. "
        "Allowed extensions are: csv, pdf, xlsx, docx, txt."
    )
    answer = upload_documents(admin, name, content)
    assert answer["success"] is False and "is not allowed" in answer["error_message"]


@pytest.mark.usefixtures("nothing_left_behind")
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", EXE),  # a program renamed
        ("report.pdf", HTML),
        ("prices.xlsx", HTML),
        ("prices.xlsx", office("docx")),  # a ZIP, but not a workbook
        ("letter.docx", b"PK\x03\x04 not really a zip"),
        ("notes.txt", HTML),
        ("list.csv", SVG),
        ("list.csv", EXE),
        ("list.csv", png()),
    ],
)
def test_a_document_whose_content_does_not_match_its_extension_is_refused(admin, name, content):
    extension = name.rsplit(".", 1)[1]
    expected = (
        f"This file is not a real .{extension} document: its content does not match its "
        f"name. Save it again as {extension} and upload that."
    )
    assert upload_document(admin, name, content) == [expected]
    answer = upload_documents(admin, name, content)
    assert answer == {"success": False, "error_message": expected}


@pytest.mark.usefixtures("nothing_left_behind")
def test_an_oversized_document_is_refused_naming_the_limit(admin):
    limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    big = PDF + b"%" * (limit + 1 - len(PDF))
    [error] = upload_document(admin, "huge.pdf", big)
    assert error == (f"This file is too big ({size(limit + 1)}). Maximum filesize {size(limit)}.")
    answer = upload_documents(admin, "huge.pdf", big)
    assert answer["success"] is False and "This file is too big" in answer["error_message"]


def test_the_document_form_says_the_limit_before_uploading(admin):
    html = admin.get(reverse("wagtaildocs:add")).content.decode()
    assert f"Maximum filesize: {size(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)}." in html


def test_replacing_a_documents_file_is_checked_too(admin):
    assert upload_document(admin, "brochure.pdf", PDF) == []
    document = Document.objects.get(title="brochure.pdf")
    response = admin.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": "brochure.pdf", "file": SimpleUploadedFile("brochure.pdf", EXE),
         "collection": root()},
    )  # fmt: skip
    assert "not a real .pdf document" in file_errors(response)[0]
    document.refresh_from_db()
    assert document.file.read().startswith(b"%PDF-")
