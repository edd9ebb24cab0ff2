"""Checks for every file a person uploads, shared by the forms, services and API that take files.

A file is judged by its content, never by the name or the type the browser sends: the first bytes
say what it is (PDF, PNG, JPEG, GIF, WebP, zip-based office files, old office files, plain text),
the kind must be one the field accepts and agree with the name's extension, and its size stays
under the field's limit. Images are decoded and saved again through Pillow, so metadata (EXIF,
GPS), anything appended after the image (HTML, zip archives: polyglots) and oversized pixel
counts (decompression bombs) never reach the disk. SVG and HTML are refused everywhere: they can
carry scripts. Stored names are random; the person's own file name is kept only for display.
"""

from dataclasses import dataclass
from io import BytesIO
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MB = 1024 * 1024
# Images with more pixels are refused from their header, before decoding: 40 megapixels is far
# above any photo a phone takes and below Pillow's own bomb limit (Image.MAX_IMAGE_PIXELS).
MAX_IMAGE_PIXELS = 40_000_000

# Name extensions each kind of content may carry.
EXTENSIONS: dict[str, frozenset[str]] = {
    "pdf": frozenset({"pdf"}),
    "png": frozenset({"png"}),
    "jpeg": frozenset({"jpg", "jpeg"}),
    "gif": frozenset({"gif"}),
    "webp": frozenset({"webp"}),
    # docx/xlsx/pptx and the OpenDocument formats are zip files.
    "zip": frozenset({"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp"}),
    "ole": frozenset({"doc", "xls", "ppt"}),
    "csv": frozenset({"csv", "txt"}),
}
IMAGE_KINDS = frozenset({"png", "jpeg", "gif", "webp"})
_PILLOW_FORMATS = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP"}
_SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
)
# Markup that a browser could run as a page or an SVG image, whatever the name says.
_MARKUP = (b"<svg", b"<?xml", b"<!doctype", b"<html", b"<script", b"<head", b"<body", b"<iframe", b"<!--")


@dataclass(frozen=True)
class UploadRule:
    """What one upload field accepts."""

    kinds: frozenset[str]
    max_bytes: int
    type_message: str | Promise
    max_side: int = 10_000  # pixels, for images
    image_format: str = ""  # re-encode every image to this kind ("png"); empty keeps the kind


LOGO = UploadRule(
    kinds=frozenset({"png", "jpeg", "webp"}),
    max_bytes=2 * MB,
    max_side=2000,
    image_format="png",
    type_message=_("Upload a JPEG, PNG or WebP image. Other files, SVG included, are not accepted."),
)
# A signatory's signature for the organization's certificates: PNG keeps a transparent background.
SIGNATURE = UploadRule(
    kinds=frozenset({"png", "jpeg", "webp"}),
    max_bytes=1 * MB,
    max_side=2000,
    image_format="png",
    type_message=_("Upload a JPEG, PNG or WebP image. Other files, SVG included, are not accepted."),
)
WORK_FILE = UploadRule(
    kinds=frozenset({"pdf", *IMAGE_KINDS, "zip", "ole"}),
    max_bytes=10 * MB,
    type_message=_("Upload a PDF, an image, an office document or a zip file."),
)


def detect_kind(head: bytes) -> str:
    """The kind of content from its first bytes: a key of EXTENSIONS, "markup" or "unknown"."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if any(marker in text for marker in _MARKUP):
        return "markup"
    if b"\x00" in head:
        return "unknown"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        if error.start < len(head) - 3:
            try:
                head.decode("cp1256")  # CSV saved by Arabic Excel on Windows
            except UnicodeDecodeError:
                return "unknown"
    return "csv"


def _extension(name: str) -> str:
    base = (name or "").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _type_error(rule: UploadRule) -> ValidationError:
    return ValidationError(rule.type_message, code="file_type")


def check_upload(upload, rule: UploadRule) -> str:
    """Size, kind by content and agreement with the name; returns the kind or raises ValidationError."""
    if upload.size is not None and upload.size > rule.max_bytes:
        raise ValidationError(
            _("The file must be %(size)s MB or smaller."), code="too_big", params={"size": rule.max_bytes // MB}
        )
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    kind = detect_kind(head)
    if kind not in rule.kinds:
        raise _type_error(rule)
    extension = _extension(upload.name)
    if extension not in EXTENSIONS[kind]:
        raise ValidationError(
            _("The file's name does not match its content. Upload the file with its own extension (for example .pdf for a PDF)."),
            code="extension_mismatch",
        )
    return kind


def reencode_image(upload, rule: UploadRule, kind: str) -> ContentFile:
    """Decode and save the image again: only the pixels survive, under a random name."""
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format != _PILLOW_FORMATS[kind]:
                raise _type_error(rule)
            # The header gives the size before any pixel is decoded.
            if probe.width > rule.max_side or probe.height > rule.max_side:
                raise ValidationError(
                    _("The image must be at most %(side)s pixels wide and %(side)s pixels high."),
                    code="too_large",
                    params={"side": rule.max_side},
                )
            if probe.width * probe.height > min(MAX_IMAGE_PIXELS, Image.MAX_IMAGE_PIXELS or MAX_IMAGE_PIXELS):
                raise ValidationError(
                    _("The image has too many pixels. Make it smaller and upload it again."), code="too_large"
                )
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            target = rule.image_format or kind
            if target == "jpeg":
                image = image.convert("RGB")
            elif image.mode not in ("RGB", "RGBA", "L", "LA"):
                image = image.convert("RGBA")
            out = BytesIO()
            # No exif=, no icc_profile=, no pnginfo=: Pillow writes none of the original metadata.
            image.save(out, format=_PILLOW_FORMATS[target], **({"quality": 90} if target in ("jpeg", "webp") else {}))
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise _type_error(rule) from None
    return ContentFile(out.getvalue(), name=random_name("jpg" if target == "jpeg" else target))


def random_name(extension: str) -> str:
    return f"{secrets.token_hex(16)}.{extension}"


def clean_upload(upload, rule: UploadRule) -> ContentFile:
    """The file to store: checked, images re-encoded, under a random name with the right extension."""
    kind = check_upload(upload, rule)
    if kind in IMAGE_KINDS:
        return reencode_image(upload, rule, kind)
    upload.seek(0)
    content = ContentFile(upload.read(), name=random_name(_extension(upload.name)))
    upload.seek(0)
    return content


def download(field_file, filename: str):
    """A private upload as an attachment, for a view that has already checked who may read it.

    Never a public address: work files and evidence are served only through such views (the
    media route serves public logos alone in production)."""
    from django.http import FileResponse, Http404

    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
