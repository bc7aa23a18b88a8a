"""Deterministic text fingerprints: an exact content hash and a MinHash for near-duplicates.

Everything depends only on the text (sha256/blake2b/crc32, never Python's salted hash()),
so every run and every process gives the same answer.

The MinHash is one-permutation hashing (Li, Owen, Zhang 2012): each word pair is hashed
once, the hash picks one of 32 bins, each bin keeps its smallest value. The share of equal
bins estimates the Jaccard similarity of two texts. For lookups the 32 bins are cut into 8
bands of 4; texts sharing any band exactly are candidates (one indexed query), and a
candidate is a near-duplicate when its estimated similarity reaches NEAR. With one changed
paragraph in fifteen (similarity about 0.85) a band matches with probability above 0.99;
unrelated texts almost never share one."""
from __future__ import annotations

import hashlib
import struct
from itertools import islice
from zlib import crc32

BINS = 32
ROWS = 4  # bins per band
NEAR = 0.7  # estimated Jaccard similarity at which two texts are the same story
MIN_CHARS = 100  # shorter bodies are too small to link as duplicates
EMPTY = 0xFFFFFFFF

_PACK = struct.Struct(f">{BINS}I")


def normalise(text: str) -> str:
    """Whitespace collapsed and case folded: what "the same text" means here."""
    return " ".join(text.split()).casefold()


def content_hash(text: str) -> tuple[str, bool]:
    """sha256 of the normalised text (hex), and whether the text is long enough for
    duplicate detection to mean anything."""
    norm = normalise(text)
    return hashlib.sha256(norm.encode("utf-8")).hexdigest(), len(norm) >= MIN_CHARS


def minhash(text: str) -> bytes:
    """The MinHash signature of `text`: BINS unsigned 32-bit minima, packed big-endian.

    Features are pairs of adjacent words (split on whitespace, case folded), hashed with crc32."""
    words = text.casefold().encode("utf-8").split()
    features = map(b" ".join, zip(words, islice(words, 1, None))) if len(words) > 1 else words
    mins = [EMPTY] * BINS
    missing = BINS
    # h = value * BINS + bin, so ascending h visits each bin's minimum first
    for h in sorted(set(map(crc32, features))):
        b = h % BINS
        if mins[b] == EMPTY:
            mins[b] = h // BINS
            missing -= 1
            if not missing:
                break
    return _PACK.pack(*mins)


def unpack(signature: bytes) -> tuple[int, ...]:
    return _PACK.unpack(signature)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the texts behind two signatures (0..1)."""
    x, y = unpack(a), unpack(b)
    used = [(p, q) for p, q in zip(x, y) if p != EMPTY or q != EMPTY]
    if not used:
        return 0.0
    return sum(p == q for p, q in used) / len(used)


def band_keys(signature: bytes) -> list[int]:
    """One signed 63-bit key per band of ROWS bins; bands holding an empty bin are left out."""
    values = unpack(signature)
    keys = []
    for i in range(0, BINS, ROWS):
        band = values[i:i + ROWS]
        if EMPTY in band:
            continue
        digest = hashlib.blake2b(struct.pack(f">{ROWS + 1}I", i, *band), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big") >> 1)
    return keys
