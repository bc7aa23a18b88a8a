"""One spider per site (a short declaration on SiteSpider), and `generic` for any URL."""
