"""Score reasons as codes (issue 14): listings.score_reasons held each reason as English text; from
here on each is a JSON object, its code and its values (docs/DATA.md, "score_reasons"), shown in the
reader's language. Each stored text is read back into the reason it was rendered from (the result
renders to exactly the same English); a text no template matches (written by an older tanka) is
kept as it is, as {"code": "text", "text": …}, until the next crawl that sees the listing or
`tanka rescore` derives it again.

The view `listing_reasons` has one row per reason, its code beside it, for SQL users (docs/SQL.md);
the code is read with a pattern, not a JSON function, because a guarded read loads no extension.
"""

from __future__ import annotations

BATCH = 20_000

LISTING_REASONS = r"""
CREATE OR REPLACE VIEW listing_reasons AS
SELECT l.site, l.listing_id, g.position,
       regexp_extract(l.score_reasons[g.position], '^\{"code":"([^"]+)"', 1) AS code,
       l.score_reasons[g.position] AS reason
FROM listings l, generate_series(1, len(l.score_reasons)) AS g(position)
"""


def migrate(con):
    import pyarrow as pa

    from tanka.i18n import using
    from tanka.scoring.reasons import encode, from_english

    rows = con.execute("""
        SELECT site, listing_id, score_reasons FROM listings
        WHERE len(list_filter(coalesce(score_reasons, []), lambda r: NOT starts_with(r, '{'))) > 0
    """).fetchall()
    with using("en"):
        converted = [(site, listing_id, [r if r.startswith("{") else encode(from_english(r)) for r in reasons])
                     for site, listing_id, reasons in rows]
    for start in range(0, len(converted), BATCH):
        chunk = converted[start:start + BATCH]
        table = pa.table({"site": [c[0] for c in chunk], "listing_id": [c[1] for c in chunk],
                          "score_reasons": pa.array([c[2] for c in chunk], type=pa.list_(pa.string()))})
        con.register("tanka_reason_codes", table)
        try:
            con.execute("""
                UPDATE listings SET score_reasons = c.score_reasons FROM tanka_reason_codes c
                WHERE listings.site = c.site AND listings.listing_id = c.listing_id
            """)
        finally:
            con.unregister("tanka_reason_codes")
    con.execute(LISTING_REASONS)
