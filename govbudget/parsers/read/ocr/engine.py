"""The rapidocr engine: one per process, built on first use, quiet.

rapidocr-onnxruntime 1.4.4 carries its PP-OCRv4 detection and recognition models
inside the wheel, so nothing is downloaded at run time.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import cv2
import numpy as np

from govbudget.cache_dir import redirect_caches
from govbudget.errors import ConfigError


@lru_cache(maxsize=1)
def engine():
    """The rapidocr engine, built once per process on first use (≈0.4 s)."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:
        raise ConfigError("rapidocr-onnxruntime", "not installed; OCR needs pip install 'govbudget[ocr]'") from exc

    redirect_caches()  # onnxruntime writes a device id and a session file: keep them in ours
    for name in ("RapidOCR", "OrtInferSession"):  # its loggers print INFO to stderr
        logging.getLogger(name).setLevel(logging.ERROR)
    return RapidOCR()


def bgr(gray: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
