"""The SQLite store of pages and articles, on sqlite-utils."""
