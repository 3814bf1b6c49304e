"""The replay mirror: the three sites' pages, synthetic but in their exact real formats, on 127.0.0.1.

`make demo`, the end-to-end tests and the benchmarks crawl it; spiders reach it through their
base-URL settings only. See mirror/server.py (HTTP) and mirror/world.py (the synthetic market).
"""
