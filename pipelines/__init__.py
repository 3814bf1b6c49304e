"""Item pipelines, one job each, in the order set by ITEM_PIPELINES in settings.py:

dedupe (100) → normalize (200) → validate (300) → score (400) → store (900).
Each is a thin class over a pure function, and counts every data-quality problem in the
crawl stats (`tanka/field/<name>/missing|invalid`) instead of raising.
"""
