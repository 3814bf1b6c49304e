"""One module per site, each exposing `SITE: MirrorSite` (found by mirror.server, no registry)."""
