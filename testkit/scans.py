"""Scanned renderings of a text PDF, so OCR can be measured against known truth.

A page is rasterised in grayscale, rotated by a small angle, given light
sensor noise and JPEG-compressed into an image-only PDF page of the same size:
what a flatbed scan of the printout looks like to the parser.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image


@dataclass(frozen=True, slots=True)
class ScanStyle:
    dpi: int = 150
    skew_degrees: float = 0.5  # positive: counter-clockwise as seen
    noise_sigma: float = 6.0  # grey levels
    jpeg_quality: int = 85
    seed: int = 0


def scan_pixels(pdf_page, style: ScanStyle) -> np.ndarray:
    scale = style.dpi / 72
    pixels = pdf_page.render(scale=scale, grayscale=True).to_numpy()
    if pixels.ndim == 3:
        pixels = pixels[..., 0]
    height, width = pixels.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), style.skew_degrees, 1.0)
    tilted = cv2.warpAffine(pixels, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)
    noise = np.random.default_rng(style.seed).normal(0, style.noise_sigma, tilted.shape)
    return np.clip(tilted.astype(np.float32) + noise, 0, 255).astype(np.uint8)


def scan_pdf(source: str | Path, pages: list[int], target: str | Path, style: ScanStyle = ScanStyle()) -> Path:
    """Write an image-only PDF of ``pages`` (1-based) of ``source``; page sizes are kept."""
    src = pdfium.PdfDocument(str(source))
    out = pdfium.PdfDocument.new()
    try:
        for n, number in enumerate(pages):
            page = src[number - 1]
            width, height = page.get_size()
            pixels = scan_pixels(page, ScanStyle(**{**_fields(style), "seed": style.seed + n}))
            buffer = io.BytesIO()
            Image.fromarray(pixels).save(buffer, "JPEG", quality=style.jpeg_quality)
            image = pdfium.PdfImage.new(out)
            buffer.seek(0)
            image.load_jpeg(buffer, inline=True)
            image.set_matrix(pdfium.PdfMatrix().scale(width, height))
            new_page = out.new_page(width, height)
            new_page.insert_obj(image)
            new_page.gen_content()
        out.save(str(target))
    finally:
        out.close()
        src.close()
    return Path(target)


def _fields(style: ScanStyle) -> dict:
    return {name: getattr(style, name) for name in style.__slots__}


def skew_of(page: int) -> float:
    """0.3–0.8°, alternating in sign, different per page."""
    return (0.3 + 0.5 * ((page * 7919) % 11) / 10) * (-1) ** page
