"""Draws the three addons' icons (static/description/icon.png, 256 x 256).

A coloured rounded square with a white glyph, drawn with Pillow primitives:
a wrench for the service, a cog for the parts, a shield with a tick for the
warranty. Run it from the repository root after changing a drawing:

    .venv/bin/python scripts/draw_icons.py
"""

import math
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
SIZE = 256
SCALE = 4  # drawn at 4x, then reduced: smooth edges
S = SIZE * SCALE
WHITE = 255


def disc(draw, x, y, radius, fill):
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=fill)


def rounded_square(colour):
    """The tile: a rounded square in the addon's colour on a transparent canvas."""
    tile = Image.new("RGBA", (S, S), (0, 0, 0, 0))
    margin = S * 0.04
    ImageDraw.Draw(tile).rounded_rectangle(
        (margin, margin, S - margin, S - margin), radius=S * 0.18, fill=colour
    )
    return tile


def wrench():
    """An open-ended wrench, head to the upper right."""
    mask = Image.new("L", (S, S), 0)
    draw = ImageDraw.Draw(mask)
    cx = S / 2
    handle = S * 0.12
    draw.line((cx, S * 0.36, cx, S * 0.78), fill=WHITE, width=int(handle))
    disc(draw, cx, S * 0.78, handle * 0.75, WHITE)  # the ring end
    disc(draw, cx, S * 0.28, S * 0.175, WHITE)  # the head
    jaw = S * 0.055
    draw.rectangle((cx - jaw, 0, cx + jaw, S * 0.27), fill=0)  # the jaw's opening
    disc(draw, cx, S * 0.27, jaw, 0)
    disc(draw, cx, S * 0.78, handle * 0.28, 0)  # the ring's hole
    # Turned 45 degrees about the wrench's middle, which then sits in the centre.
    return mask.rotate(-45, resample=Image.BICUBIC, center=(cx, S * 0.48), translate=(0, S * 0.02))


def cog(teeth=8):
    """A cog with square teeth and a hole."""
    mask = Image.new("L", (S, S), 0)
    draw = ImageDraw.Draw(mask)
    c = S / 2
    body, tip, half_width = S * 0.25, S * 0.335, S * 0.058
    disc(draw, c, c, body, WHITE)
    for i in range(teeth):
        a = 2 * math.pi * i / teeth
        ux, uy = math.cos(a), math.sin(a)  # along the tooth
        vx, vy = -uy, ux  # across it
        base, end = body * 0.9, tip
        draw.polygon(
            [
                (c + ux * base + vx * half_width, c + uy * base + vy * half_width),
                (c + ux * end + vx * half_width * 0.8, c + uy * end + vy * half_width * 0.8),
                (c + ux * end - vx * half_width * 0.8, c + uy * end - vy * half_width * 0.8),
                (c + ux * base - vx * half_width, c + uy * base - vy * half_width),
            ],
            fill=WHITE,
        )
    disc(draw, c, c, S * 0.105, 0)
    return mask


def shield():
    """A shield with a tick cut out of it."""
    mask = Image.new("L", (S, S), 0)
    draw = ImageDraw.Draw(mask)
    c = S / 2
    top, shoulder_y, side_y, bottom = S * 0.17, S * 0.24, S * 0.50, S * 0.85
    half = S * 0.27
    right = [(c, top), (c + half * 0.55, shoulder_y - S * 0.02), (c + half, shoulder_y), (c + half, side_y)]
    # The lower side: a quadratic curve from the side to the point at the bottom.
    p0, p1, p2 = (c + half, side_y), (c + half, S * 0.72), (c, bottom)
    for k in range(1, 25):
        t = k / 24
        right.append(
            (
                (1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * p1[0] + t**2 * p2[0],
                (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * p1[1] + t**2 * p2[1],
            )
        )
    left = [(2 * c - x, y) for x, y in reversed(right[1:-1])]
    draw.polygon(right + left, fill=WHITE)
    tick = [(c - S * 0.12, S * 0.50), (c - S * 0.025, S * 0.60), (c + S * 0.13, S * 0.40)]
    width = int(S * 0.065)
    draw.line(tick, fill=0, width=width, joint="curve")
    for x, y in (tick[0], tick[-1]):
        disc(draw, x, y, width / 2, 0)  # round ends
    return mask


ICONS = {
    "aftersales_service": ((214, 69, 48, 255), wrench),
    "aftersales_parts": ((41, 108, 179, 255), cog),
    "aftersales_warranty": ((35, 150, 94, 255), shield),
}


def draw_icon(colour, glyph):
    tile = rounded_square(colour)
    white = Image.new("RGBA", (S, S), (255, 255, 255, 255))
    tile.paste(white, (0, 0), glyph())
    return tile.resize((SIZE, SIZE), Image.LANCZOS)


def main():
    for addon, (colour, glyph) in ICONS.items():
        path = ROOT / addon / "static" / "description" / "icon.png"
        draw_icon(colour, glyph).save(path, optimize=True)
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
