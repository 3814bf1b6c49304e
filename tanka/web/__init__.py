"""`tanka web`: a local web page over the same database — the ranked gigs with their reasons, one
gig with its history and its client's record, the market's rates, crawl health, and your own marked
gigs. Starlette with Jinja2 templates, served by uvicorn on 127.0.0.1; htmx (vendored in static/)
for partial updates; charts drawn on the server as SVG (charts.py). See README, "The web view".
"""

from tanka.web.app import Web, create_app

__all__ = ["Web", "create_app"]
