"""The Scrapy project: settings, one spider per site, a generic spider, pipelines."""
