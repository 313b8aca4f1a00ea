"""PDF disclosure → normalised tables, facts and checks.

The pipeline reads like pdfplumber's table finder, one small step per module:
page → clean chars → table regions → grid → header keys → rows → records.
"""
