"""The photos uploaded with a sheet: a zip of pictures that the `photos` column ("Ảnh")
names, file names separated by ";".

The zip is refused whole, before any picture is read, when it could cost more than a
province's photos: more than MAX_FILES files, more than MAX_UNPACKED_BYTES unpacked (the
sizes its directory declares: zipfile never unpacks past them), a file that unpacks to more
than MAX_PART_RATIO times its packed size (photos barely compress; a "zip bomb" does), a
password, or a name that climbs out of the archive ("../", "/etc/…", "C:\\…"): nothing is
ever unpacked to disk, but such a name is a forged archive. Each picture a row names is
then checked as an image upload in the admin is (Wagtail's own field: the size limit, the
extension, content of that format, the pixel limit read from the header), one at a time.

A row's pictures are found by file name, whatever folder of the zip holds them, without
regard to case or to how the name's Vietnamese letters are encoded (macOS writes them
decomposed). They go to the province's image collection (its editors' one, see
editorial/groups.py; the root without one) and at the end of the product's gallery. A
picture already in the gallery (the same content: Wagtail's file hash) is not added again,
and one already in the collection is reused, so importing a sheet twice adds nothing.
"""

import io
import lzma
import re
import unicodedata
import zipfile
import zlib
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.models import Collection
from wagtail.utils.file import hash_filelike

from products.importing.reading import ImportFileError
from products.importing.results import Photo
from regions.models import EditorsTeam

MAX_FILES = 500
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_PART_RATIO = 100  # as reading.MAX_PART_RATIO for a workbook's parts
RATIO_FROM_BYTES = 1024 * 1024
SEPARATOR = ";"
DRIVE = re.compile(r"^[A-Za-z]:")
# Files a zip program adds beside the pictures (macOS's resource forks, Finder's and
# Windows' folder settings): skipped, never looked up.
SKIPPED_FOLDERS = {"__MACOSX"}
SKIPPED_NAMES = {"thumbs.db", "desktop.ini"}


class PhotoArchiveError(ImportFileError):
    """The zip of photos cannot be used at all (the sheet itself may be fine)."""


def photo_names(cell):
    return [name.strip() for name in cell.split(SEPARATOR) if name.strip()]


def _key(name):
    """A file name as it is looked up: NFC (macOS zips decompose "ả"), case-folded."""
    return unicodedata.normalize("NFC", name).casefold()


class PhotoArchive:
    """An opened zip of photos (see the module's docstring). Close it when done."""

    def __init__(self, path, name=None):
        self.name = name or path.name
        try:
            self.zip = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile, ValueError) as error:
            raise PhotoArchiveError(
                _("%(file)s: not a readable .zip file (%(error)s); make the zip again")
                % {"file": self.name, "error": error}
            ) from error
        try:
            self.members = self._check_members(self.zip.infolist())
        except PhotoArchiveError:
            self.zip.close()
            raise
        self._checked = {}  # member name: (the problem with it or "", its sha1)
        self._collections = {}
        self._stored_files = []  # (storage, name) of the images this import stored

    def close(self):
        self.zip.close()

    def delete_stored_files(self):
        """Delete the files of the images stored so far (an import rolled back)."""
        for storage, name in self._stored_files:
            storage.delete(name)
        self._stored_files = []

    def _check_members(self, members):
        """{looked-up name: [its members]} after the archive-wide checks."""
        if len(members) > MAX_FILES:
            raise self._refused(
                _("it holds %(count)s files, more than the %(limit)s of one import"),
                count=number_format(len(members), force_grouping=True),
                limit=number_format(MAX_FILES, force_grouping=True),
            )
        unpacked = sum(member.file_size for member in members)
        if unpacked > MAX_UNPACKED_BYTES:
            raise self._refused(
                _("it unpacks to %(size)s, more than the %(limit)s of one import"),
                size=filesizeformat(unpacked),
                limit=filesizeformat(MAX_UNPACKED_BYTES),
            )
        found = {}
        for member in members:
            self._check_member(member)
            # Old Windows zip tools write "Ảnh\\che.jpg": zipfile keeps the backslash.
            path = PurePosixPath(member.filename.replace("\\", "/"))
            hidden = path.name.startswith(".") or path.name.lower() in SKIPPED_NAMES
            if member.is_dir() or hidden or SKIPPED_FOLDERS & set(path.parts):
                continue
            found.setdefault(_key(path.name), []).append(member)
        return found

    def _check_member(self, member):
        name = member.filename
        parts = re.split(r"[/\\]", name)
        if name.startswith(("/", "\\")) or DRIVE.match(name) or ".." in parts or "\x00" in name:
            raise self._refused(
                _("the name %(name)r points outside the archive; make the zip again from "
                  "the folder of photos"),
                name=name[:80],
            )  # fmt: skip
        if member.flag_bits & 0x1:
            raise self._refused(
                _("%(name)r is protected by a password; make the zip without one"),
                name=name[:80],
            )
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FROM_BYTES and ratio > MAX_PART_RATIO:
            raise self._refused(
                _("%(name)r unpacks to %(ratio)s times its packed size, which no photo does; "
                  "it is refused as a possible zip bomb"),
                name=name[:80],
                ratio=number_format(int(ratio), force_grouping=True),
            )  # fmt: skip

    def _refused(self, reason, **values):
        return PhotoArchiveError(
            _("%(file)s: %(reason)s.") % {"file": self.name, "reason": reason % values}
        )

    # A row's photos ------------------------------------------------------------------

    def photo(self, name):
        """(the checked `Photo` called `name`, or None; the problem with it, or "")."""
        members = self.members.get(_key(PurePosixPath(name.replace("\\", "/")).name), [])
        if not members:
            return None, _("%(name)r is not in the zip of photos %(file)s") % {
                "name": name,
                "file": self.name,
            }
        if len(members) > 1:
            return None, _(
                "the zip of photos has %(count)d files called %(name)r (%(paths)s): "
                "rename them so that each name is used once"
            ) % {
                "count": len(members),
                "name": name,
                "paths": ", ".join(member.filename for member in members[:5]),
            }
        member = members[0]
        # Unpacked and checked once per file, however many rows or cells name it: the
        # unpacked-size limit bounds each file once, not each mention.
        if member.filename not in self._checked:
            data, problem = _checked_image(self, member)
            sha1 = "" if problem else hash_filelike(io.BytesIO(data))
            self._checked[member.filename] = (problem, sha1)
        problem, sha1 = self._checked[member.filename]
        if problem:
            return None, f"{name}: {problem}"
        return Photo(name=name, member=member.filename, sha1=sha1), ""

    def read(self, member):
        return self.zip.read(member)

    # Writing -------------------------------------------------------------------------

    def images(self, row, user):
        """The images of `row.photos`, stored in the province's collection if new."""
        collection = self._collection(row.province)
        images = []
        for photo in row.photos:
            image = (
                get_image_model()
                .objects.filter(collection=collection, file_hash=photo.sha1)
                .first()
            )
            if image is None:
                image = self._stored(photo, collection, row, user)
            images.append(image)
        return images

    def _stored(self, photo, collection, row, user):
        name = PurePosixPath(photo.member).name
        image = get_image_model()(
            title=f"{row.name_vi} – {photo.name}"[:255],
            file=ImageFile(io.BytesIO(self.read(photo.member)), name=name),
            collection=collection,
            uploaded_by_user=user,
        )
        image._set_image_file_metadata()  # size and hash, as Wagtail's upload form sets them
        image.save()
        self._stored_files.append((image.file.storage, image.file.name))
        return image

    def _collection(self, province):
        if province.pk not in self._collections:
            team = EditorsTeam.objects.filter(province=province).select_related("collection")
            team = team.first()
            self._collections[province.pk] = (
                team.collection if team and team.collection else Collection.get_first_root_node()
            )
        return self._collections[province.pk]


def _checked_image(archive, member):
    """(`member`'s bytes, what an image upload in the admin would say of it, or ""); read
    only when its declared size is within the image limit."""
    field = WagtailImageField()
    if member.file_size > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE:
        return b"", field.error_messages["file_too_large"] % {
            "file_size": filesizeformat(member.file_size),
            "max_filesize": field.max_upload_size_text,
        }
    try:
        data = archive.read(member)
    except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, OSError, RuntimeError,
            NotImplementedError, EOFError) as error:  # fmt: skip
        message = _("cannot be read from the zip (%(error)s); make the zip again")
        return b"", message % {"error": error}
    try:
        field.clean(SimpleUploadedFile(PurePosixPath(member.filename).name, data))
    except ValidationError as error:
        return b"", " ".join(error.messages)
    return data, ""


def gallery_additions(page_hashes, photos):
    """The `photos` not already in a gallery whose images have `page_hashes`, each once."""
    seen = set(page_hashes)
    added = []
    for photo in photos:
        if photo.sha1 not in seen:
            seen.add(photo.sha1)
            added.append(photo)
    return added
