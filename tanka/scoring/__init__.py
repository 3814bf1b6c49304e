"""Unit prices, fees, net hourly pay, risk flags and the score. Pure functions, no I/O.

`derive(row)` takes the typed content columns of one listing (normalize.listing.normalize_gig)
and returns the derived columns (DERIVED_COLUMNS); the pipelines and `tanka rescore` both call it.
"""

from tanka.scoring.derive import DERIVED_COLUMNS, derive

__all__ = ["DERIVED_COLUMNS", "derive"]
