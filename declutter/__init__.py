"""The declutter command line: wires cleaners, scrapers and storage together."""
__version__ = "0.1.0"
