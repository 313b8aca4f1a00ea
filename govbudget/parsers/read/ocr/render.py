"""A PDF page as a grayscale pixel array at a known scale, within a pixel budget."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from govbudget.parsers.limits import Limits


@dataclass(frozen=True, slots=True)
class PageImage:
    """Grayscale pixels (0 ink … 255 paper) and how many pixels make one PDF point."""

    pixels: np.ndarray
    scale: float

    @property
    def width_pt(self) -> float:
        return self.pixels.shape[1] / self.scale

    @property
    def height_pt(self) -> float:
        return self.pixels.shape[0] / self.scale

    def to_points(self, px: float) -> float:
        return px / self.scale


def render_page(pdf_page, dpi: int = 200, max_pixels: int | None = None) -> PageImage:
    """Rasterise a pypdfium2 page (its /Rotate applied, like a viewer shows it).

    A page whose area at ``dpi`` exceeds ``max_pixels`` (default
    :attr:`Limits.ocr_max_pixels`) is rendered at the scale that fits: a 20,000-pt
    page would otherwise be 55,556² px (3 GB) for the sake of one tiny image.
    """
    max_pixels = max_pixels or Limits.from_env().ocr_max_pixels
    width, height = pdf_page.get_size()
    scale = dpi / 72 * within_budget((dpi / 72) ** 2 * width * height, max_pixels)
    bitmap = pdf_page.render(scale=scale, grayscale=True)
    pixels = bitmap.to_numpy()
    if pixels.ndim == 3:
        pixels = pixels[..., 0]
    return PageImage(np.ascontiguousarray(pixels, dtype=np.uint8), scale)


def within_budget(pixels: float, budget: float) -> float:
    """The factor (≤ 1) that scales an image of ``pixels`` pixels down to at most ``budget``."""
    return min(1.0, math.sqrt(budget / max(pixels, 1.0)))


def detection_budget(dpi: int, detection_dpi: int) -> float:
    """Pixels text detection may see: the render budget at detection resolution.

    Detection (DB) needs ~0.3 KB per pixel; on a page whose render was capped it
    would otherwise run on every rendered pixel (6 Mpx ≈ 1.1 GB resident).
    """
    return Limits.from_env().ocr_max_pixels * (detection_dpi / dpi) ** 2
