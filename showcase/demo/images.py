"""Pictures for the demo, drawn locally (no network): calm, consistent illustrations.

Each category has a palette and a motif (leaf, cup, bowl, thread, vase, roof); a
product's picture varies with its name so two products never look the same.
"""

import colorsys
import hashlib
import io
import math
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter
from wagtail.images.models import Image

PALETTES = {
    "food": ("#f6e7c8", "#d9822b", "#7a3b12"),
    "beverages": ("#e3efe0", "#4f8a4b", "#1f4d2b"),
    "herbal": ("#eef3e2", "#8aa54b", "#3d5a1e"),
    "textiles": ("#f4e4ec", "#b0456f", "#5a1d3a"),
    "souvenirs-decor": ("#efe6dc", "#a8643a", "#4a2c1a"),
    "tourism": ("#e2eef4", "#3f7fa6", "#1b3f57"),
    "region": ("#e6efe9", "#2f6f4f", "#16382a"),
    # One per socio-economic region: mountains, delta, coast, highlands, southeast, Mekong.
    "northern-midlands-mountains": ("#e4efe4", "#3f7f4f", "#1c3f27"),
    "red-river-delta": ("#f3ecd6", "#b59a3b", "#5c4a14"),
    "north-central-central-coast": ("#e1eef3", "#3b86a6", "#173f52"),
    "central-highlands": ("#f1e6dc", "#8b5a3c", "#3f2516"),
    "southeast": ("#f5e4dc", "#c0623f", "#5a2614"),
    "mekong-delta": ("#e0f0ec", "#2f8f7f", "#123f37"),
}
MOTIFS = {
    "northern-midlands-mountains": "herbal",
    "red-river-delta": "food",
    "north-central-central-coast": "tourism",
    "central-highlands": "beverages",
    "southeast": "souvenirs-decor",
    "mekong-delta": "food",
}


def _rgb(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))


def _shift_hue(colour, degrees):
    hue, lightness, saturation = colorsys.rgb_to_hls(*(channel / 255 for channel in colour))
    red, green, blue = colorsys.hls_to_rgb((hue + degrees / 360) % 1, lightness, saturation)
    return tuple(round(channel * 255) for channel in (red, green, blue))


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def draw_picture(seed: str, palette: str, size=(1200, 900)) -> bytes:
    rng = random.Random(hashlib.sha256(seed.encode()).digest())
    # Each picture leans its palette's hue a little its own way, so neighbours differ.
    lean = rng.uniform(-18, 18)
    light, mid, dark = (
        _shift_hue(_rgb(c), lean) for c in PALETTES.get(palette, PALETTES["region"])
    )
    width, height = size
    picture = PILImage.new("RGB", size, light)
    draw = ImageDraw.Draw(picture)
    for y in range(height):  # a soft vertical gradient
        draw.line([(0, y), (width, y)], fill=_mix(light, _mix(light, mid, 0.35), y / height))

    # Rolling hills (terraces, fields, waves) in three depths.
    for layer in range(3):
        colour = _mix(mid, dark, layer / 2.5)
        base = height * (0.55 + 0.13 * layer)
        amplitude = height * rng.uniform(0.03, 0.08)
        phase, frequency = rng.uniform(0, math.tau), rng.uniform(1.2, 2.6)
        points = [(0, height)]
        for x in range(0, width + 20, 20):
            y = base + amplitude * math.sin(phase + frequency * math.tau * x / width)
            points.append((x, y))
        points.append((width, height))
        draw.polygon(points, fill=colour)

    # A sun or moon and the category motif.
    cx, cy, r = width * rng.uniform(0.62, 0.82), height * rng.uniform(0.18, 0.3), height * 0.09
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=_mix(light, (255, 255, 255), 0.6))
    motif = MOTIFS.get(palette, palette)
    _motif(draw, motif, width * 0.3, height * 0.42, height * 0.2, _mix(dark, mid, 0.3), light)

    picture = picture.filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def _motif(draw, palette, x, y, s, colour, light):
    if palette == "beverages":  # a cup with steam
        draw.rounded_rectangle(
            [x - s, y - s * 0.4, x + s * 0.8, y + s * 0.9], s * 0.25, fill=colour
        )
        draw.arc(
            [x + s * 0.5, y - s * 0.1, x + s * 1.2, y + s * 0.6],
            -90,
            90,
            fill=colour,
            width=int(s * 0.15),
        )
        for dx in (-0.5, 0, 0.5):
            draw.arc(
                [x + dx * s - s * 0.2, y - s * 1.3, x + dx * s + s * 0.2, y - s * 0.5],
                90,
                270,
                fill=colour,
                width=int(s * 0.07),
            )
    elif palette in ("herbal", "region"):  # a leaf
        draw.ellipse([x - s * 1.1, y - s * 0.5, x + s * 1.1, y + s * 0.5], fill=colour)
        draw.line(
            [x - s * 1.2, y + s * 0.1, x + s * 1.0, y - s * 0.05], fill=light, width=int(s * 0.06)
        )
    elif palette == "textiles":  # a spool of thread
        draw.rectangle([x - s * 0.7, y - s, x + s * 0.7, y + s], fill=colour)
        for i in range(7):
            yy = y - s * 0.8 + i * s * 0.27
            draw.line([x - s * 0.7, yy, x + s * 0.7, yy], fill=light, width=int(s * 0.05))
    elif palette == "souvenirs-decor":  # a vase
        draw.ellipse([x - s * 0.8, y - s * 0.3, x + s * 0.8, y + s], fill=colour)
        draw.rectangle([x - s * 0.25, y - s, x + s * 0.25, y], fill=colour)
        draw.ellipse([x - s * 0.4, y - s * 1.1, x + s * 0.4, y - s * 0.85], fill=colour)
    elif palette == "tourism":  # a stilt house roof
        draw.polygon([(x - s * 1.2, y), (x, y - s * 0.9), (x + s * 1.2, y)], fill=colour)
        draw.rectangle([x - s * 0.8, y, x + s * 0.8, y + s * 0.6], fill=colour)
        draw.rectangle([x - s * 0.2, y + s * 0.15, x + s * 0.2, y + s * 0.6], fill=light)
    else:  # food: a bowl of produce
        for i, dx in enumerate((-0.55, 0, 0.55)):
            rr = s * (0.42 if i == 1 else 0.36)
            draw.ellipse(
                [x + dx * s - rr, y - s * 0.35 - rr, x + dx * s + rr, y - s * 0.35 + rr],
                fill=_mix(colour, light, 0.25 * i),
            )
        draw.chord([x - s * 1.2, y - s * 0.6, x + s * 1.2, y + s * 0.9], 0, 180, fill=colour)


def demo_image(title: str, seed: str, palette: str, collection=None) -> Image:
    """The stored picture for `seed`, drawn and saved the first time it is asked for."""
    stem = f"demo-{hashlib.sha1(seed.encode()).hexdigest()[:12]}"
    file_name = f"{stem}.jpg"
    # Storage may have added a suffix to the name ("demo-…_AbC12.jpg"): match the stem.
    existing = Image.objects.filter(file__startswith=f"original_images/{stem}").first()
    if existing:
        return existing
    image = Image(title=title[:255])
    if collection is not None:
        image.collection = collection
    image.file = ImageFile(io.BytesIO(draw_picture(seed, palette)), name=file_name)
    image.save()
    return image
