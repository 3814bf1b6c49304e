"""One spider per site; the file name, the spider `name` and the `site` value are the same."""
