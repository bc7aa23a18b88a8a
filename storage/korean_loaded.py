"""Importing this loads the Korean analyser's model (storage.korean). A crawl names it in its
fork server's preload, so the cleaning workers fork with the model already in memory: one
load per crawl instead of one per worker (2 s of CPU each)."""
from .korean import analyser

analyser()
