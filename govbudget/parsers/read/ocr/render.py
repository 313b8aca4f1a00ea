"""A PDF page as a grayscale pixel array at a known scale."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


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


def render_page(pdf_page, dpi: int = 200) -> PageImage:
    """Rasterise a pypdfium2 page (its /Rotate applied, like a viewer shows it)."""
    scale = dpi / 72
    bitmap = pdf_page.render(scale=scale, grayscale=True)
    pixels = bitmap.to_numpy()
    if pixels.ndim == 3:
        pixels = pixels[..., 0]
    return PageImage(np.ascontiguousarray(pixels, dtype=np.uint8), scale)
