"""Prefect flows: crawl → parse → archive → change report."""
