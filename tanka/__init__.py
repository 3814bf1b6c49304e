"""tanka (単価): CrowdWorks, Lancers and Shufti gig listings in one DuckDB file, scored by what
they really pay per hour, per character or per task after the platform's fee.

The package holds everything but the design card's top level (spiders/, pipelines/, store/ and
scheduler.py): the CLI, the crawl runner, settings, items, normalisation, scoring, the digest and
the replay mirror.
"""

__version__ = "0.2.0"
