"""A learned profile: a `Profile` of the hand-written kind, built from a stored spec.

Its layouts are the site's layouts in the vocabulary of `cleaners/sites/*.py` (selectors
and named cuts), so pages run through the same code as hand-written profiles. What differs:
a page is given to the layout whose template signature it shares (at least MATCH of the
names, Jaccard), not to the first whose title and body it has; each cut is traced as
`learned:KIND`; and a time read from text without an offset takes the zone the generic
path gave the site's pages."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from ..meta import KST
from ..sites.base import Layout, Profile
from .features import jaccard, signature

MATCH = 0.5  # template signature overlap for a page to be a layout's
FIELDS = ("title", "body", "deck", "byline", "times", "published", "modified", "captions", "figures")


@dataclass
class LearnedProfile(Profile):
    """A site's learned layouts; `spec` is what the database keeps (see `to_spec`)."""

    spec: dict = field(default_factory=dict)
    cores: dict = field(default_factory=dict)  # layout version -> its template signature
    zones: dict = field(default_factory=dict)  # layout version -> timezone for offset-less times
    declared: dict = field(default_factory=dict)  # layout version -> read declared authors/times

    @property
    def site_name(self) -> str:
        return self.spec.get("site", "")

    def choose(self, doc, fetched: datetime | None = None) -> Layout | None:
        if not self.layouts:
            return None
        sig = signature(doc)
        scored = sorted(((jaccard(sig, self.cores[lay.version]), -int(lay.version), lay) for lay in self.layouts),
                        key=lambda t: (t[0], t[1]), reverse=True)
        for score, _, layout in scored:
            if score < MATCH:
                break
            if layout.serves(doc):
                return layout
        return None

    def _article(self, root, layout: Layout, trace, section):
        article = super()._article(root, layout, trace, section)
        if article is not None and self.declared.get(layout.version, True) \
                and (not article.authors or article.published is None):
            from ..htmlmeta import page_meta
            meta = page_meta(root)  # what the page declares (JSON-LD, meta), as the generic path reads it
            article.authors = article.authors or list(meta.authors)
            article.published = article.published or meta.published
            article.modified = article.modified or meta.modified
            if not article.authors or article.published is None:  # stamps and bylines around the headline
                from ..htmlpage import _header_stamps_and_byline
                _header_stamps_and_byline(root, article, None)
        zone = self.zones.get(layout.version)
        if article is not None and zone is not None:
            for name in ("published", "modified"):
                when = getattr(article, name)
                if when is not None and when.tzinfo is KST:  # no offset written on the page
                    setattr(article, name, when.replace(tzinfo=zone))
        return article

    def __reduce__(self):  # compiled selectors do not pickle; the spec rebuilds them
        return (from_json, (json.dumps(self.spec, sort_keys=True, ensure_ascii=False),))

    def layout_specs(self) -> list[dict[str, Any]]:
        return list(self.spec.get("layouts", []))

    def to_source(self) -> str:
        """The profile as a module of cleaners/sites, for a person to read and promote."""
        return render_source(self.spec)


def from_spec(spec: dict[str, Any]) -> LearnedProfile:
    """A LearnedProfile from its spec: {"site", "layouts": [{"version", "title", "body", ...,
    "drop": [[kind, css], ...], "lines": [[rule, regex], ...], "signature": [...], "zone": minutes}]}."""
    return from_json(json.dumps(spec, sort_keys=True, ensure_ascii=False))


@lru_cache(maxsize=256)
def from_json(text: str) -> LearnedProfile:
    spec = json.loads(text)
    site = spec["site"]
    layouts, cores, zones, lines, declared = [], {}, {}, [], {}
    for lay in spec.get("layouts", []):
        version = str(lay["version"])
        layouts.append(Layout(version=version, drop=tuple((k, css) for k, css in lay.get("drop", [])),
                              **{name: lay.get(name) for name in FIELDS}))
        cores[version] = frozenset(lay.get("signature", []))
        declared[version] = lay.get("declared", True)
        if lay.get("zone") is not None:
            zones[version] = timezone(timedelta(minutes=lay["zone"]))
        lines.extend(tuple(x) for x in lay.get("lines", []) if tuple(x) not in lines)
    return LearnedProfile(name=f"learned/{site}", layouts=layouts, hosts=(site,), site=None,
                          lines=tuple(lines), rule_prefix="learned", spec=spec, cores=cores, zones=zones,
                          declared=declared)


def render_source(spec: dict[str, Any]) -> str:
    site = spec.get("site", "")
    name = site.split(".")[0] if site else "learned"
    out = [f'"""{site}: learned from its own pages by `declutter learn` (layouts: '
           f'{", ".join(str(lay["version"]) for lay in spec.get("layouts", [])) or "none"}).',
           "",
           "To promote it, save this as cleaners/sites/<name>.py and list it in MODULES. A",
           "hand-written layout serves the pages whose title and body selectors match; the",
           "learned one also checked each page's template signature (kept in the database).",
           '"""', "from .base import Layout, Profile", "", "PROFILE = Profile(",
           f"    name={name!r},", f"    hosts=({site!r},),"]
    lines = [tuple(x) for lay in spec.get("layouts", []) for x in lay.get("lines", [])]
    if lines:
        out.append("    lines=(")
        out += [f"        ({r!r}, {rx!r})," for r, rx in dict.fromkeys(lines)]
        out.append("    ),")
    out.append("    layouts=[")
    for lay in spec.get("layouts", []):
        out.append(f"        # learned from {lay.get('pages', '?')} pages; agreement with the generic path "
                   f"{lay.get('agreement', 0):.2f} on {lay.get('checked', 0)} held-back pages")
        out.append("        Layout(")
        out.append(f"            version={str(lay['version'])!r},")
        for name in FIELDS:
            if lay.get(name):
                out.append(f"            {name}={lay[name]!r},")
        if lay.get("drop"):
            out.append("            drop=(")
            out += [f"                ({kind!r}, {css!r})," for kind, css in lay["drop"]]
            out.append("            ),")
        out.append("        ),")
    out += ["    ],", ")", ""]
    return "\n".join(out)
