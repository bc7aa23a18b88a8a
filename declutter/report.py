"""The site-health report: one self-contained HTML file (inline SVG plots made by
matplotlib, inline CSS, no scripts, nothing fetched), so it can be mailed or opened anywhere.

    html = health_report(rows, database="news.db")   # rows: storage.health.all_runs(store), oldest first

Plots: articles cleaned per site per run day (by the runs, so a re-clean counts again: not
`declutter stats`'s articles per published day); per site, field coverage and profile share
over its runs, and its body length spread (median, quartiles and deciles); drifted runs
marked in red. A site with fewer than MIN_PLOTTED runs gets its table only: a plot of one or
two points says nothing and stretches its time axis over years.
"""
from __future__ import annotations

import io
import json
from collections import defaultdict
from datetime import datetime
from html import escape

FIELDS = ("title", "published", "authors", "captions")
MIN_PLOTTED = 3  # runs with pages a site needs before its runs are plotted
COLORS = {"profile": "#1f77b4", "title": "#2ca02c", "published": "#9467bd", "authors": "#ff7f0e",
          "captions": "#8c564b"}


def _svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    import matplotlib.pyplot as plt
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]  # inline: no XML declaration or doctype


def _when(row) -> datetime:
    return datetime.fromisoformat(row["started"])


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")
    # text.parse_math off: labels are site names and titles, data, never TeX; with it on, a
    # name holding two `$` is read as mathtext and one holding an odd formula fails the report
    matplotlib.rcParams.update({"svg.fonttype": "none", "font.size": 9, "axes.spines.top": False,
                                "axes.spines.right": False, "svg.hashsalt": "declutter",
                                "text.parse_math": False})
    import matplotlib.pyplot as plt
    return plt


def articles_per_day(rows) -> str:
    plt = _pyplot()
    per = defaultdict(lambda: defaultdict(int))
    for r in rows:
        per[r["site"]][_when(r).date()] += r["articles"] or 0
    days = sorted({d for site_days in per.values() for d in site_days})[-60:]
    fig, ax = plt.subplots(figsize=(8, 2.8))
    width = 0.8 / max(1, len(per))
    for i, (site, site_days) in enumerate(sorted(per.items())):
        ax.bar([x + i * width for x in range(len(days))], [site_days.get(d, 0) for d in days], width,
               label=site)
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(days))], [d.isoformat() for d in days],
                  rotation=30, ha="right")
    ax.set_xlim(-0.6, max(len(days), 6) - 0.4)  # a few days give narrow bars, not one block
    ax.set_title("Articles cleaned per site per run day (re-cleans count again)")
    ax.set_ylabel("articles cleaned")
    ax.legend(loc="upper right", fontsize=8, frameon=False)
    return _svg(fig)


def _time_axis(ax) -> None:
    """Dates or clock times as the runs' span needs (minutes apart or months apart)."""
    import matplotlib.dates as mdates
    locator = mdates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def coverage(site_rows) -> str:
    plt = _pyplot()
    rows = [r for r in site_rows if r["pages"]]
    xs = [_when(r) for r in rows]
    fig, ax = plt.subplots(figsize=(8, 2.8))
    ax.plot(xs, [r["profile_pages"] / r["pages"] for r in rows], marker="o", lw=2,
            color=COLORS["profile"], label="profile share of pages")
    for name, style in zip(FIELDS, ("-", "--", "-.", ":")):
        ax.plot(xs, [r[name] if r[name] is not None else float("nan") for r in rows], marker=".", ls=style,
                color=COLORS[name], label=name)
    bad = [(x, r["profile_pages"] / r["pages"]) for x, r in zip(xs, rows) if r["state"] == "drifted"]
    if bad:
        ax.scatter(*zip(*bad), s=90, facecolors="none", edgecolors="red", lw=2, zorder=5, label="drifted run")
    ax.set_ylim(-0.05, 1.05)
    ax.set_title("Field coverage and profile share per run")
    ax.set_ylabel("share")
    ax.legend(loc="lower left", fontsize=8, ncol=3, frameon=False)
    _time_axis(ax)
    return _svg(fig)


def body_spread(site_rows) -> str:
    plt = _pyplot()
    rows = [r for r in site_rows if r["body_median"] is not None]
    xs = [_when(r) for r in rows]
    fig, ax = plt.subplots(figsize=(8, 2.8))
    ax.fill_between(xs, [r["body_p10"] for r in rows], [r["body_p90"] for r in rows], color="#1f77b4",
                    alpha=0.15, label="10th-90th percentile")
    ax.fill_between(xs, [r["body_p25"] for r in rows], [r["body_p75"] for r in rows], color="#1f77b4",
                    alpha=0.3, label="25th-75th percentile")
    ax.plot(xs, [r["body_median"] for r in rows], marker="o", color="#1f77b4", label="median")
    bad = [(x, r["body_median"]) for x, r in zip(xs, rows) if r["state"] == "drifted"]
    if bad:
        ax.scatter(*zip(*bad), s=90, facecolors="none", edgecolors="red", lw=2, zorder=5, label="drifted run")
    ax.set_ylim(bottom=0)
    ax.set_title("Body length per run")
    ax.set_ylabel("characters")
    ax.legend(loc="upper left", fontsize=8, ncol=2, frameon=False)
    _time_axis(ax)
    return _svg(fig)


CSS = """body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0}td,th{padding:.2em .6em;border-bottom:1px solid #eee;text-align:right}
td:first-child,th:first-child{text-align:left}.state{font-weight:bold}
.healthy,.quiet,.accepted{color:#2a7a2a}.drifted{color:#c00}.learning{color:#777}
.finding{color:#c00;margin:.2em 0}figure{margin:1em 0}svg{max-width:100%;height:auto}"""


def _chars(v) -> str:
    return "" if v is None else f"{v:,.0f}"


def _pct(v) -> str:
    return "" if v is None else f"{v * 100:.0f}%"


def health_report(rows: list[dict], title: str = "declutter site health", database: str | None = None,
                  made: datetime | None = None) -> str:
    """The whole report as one HTML document, naming its database and when it was made."""
    by_site: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_site[r["site"]].append(r)
    made = made or datetime.now().astimezone()
    out = [f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
           f"<style>{CSS}</style></head><body><h1>{escape(title)}</h1>"
           f"<p class=\"made\">{f'Database <code>{escape(database)}</code>, ' if database else ''}"
           f"made {made.strftime('%Y-%m-%d %H:%M %Z').strip()}.</p>"]
    if not rows:
        out.append("<p>No site figures yet: run <code>declutter crawl</code> or <code>declutter clean --db</code>.</p>")
        return "".join(out) + "</body></html>\n"
    out.append("<table><tr><th>site</th><th>state</th><th>last run</th><th>pages</th><th>articles</th>"
               "<th>profile share</th><th>title</th><th>published</th><th>authors</th><th>captions</th>"
               "<th>body median</th></tr>")
    for site, site_rows in sorted(by_site.items()):
        r = site_rows[-1]
        out.append(f"<tr><td><a href=\"#site-{escape(site)}\">{escape(site)}</a></td>"
                   f"<td class=\"state {r['state']}\">{r['state']}</td><td>{escape(r['started'][:16])}</td>"
                   f"<td>{r['pages']}</td><td>{r['articles']}</td>"
                   f"<td>{_pct(r['profile_pages'] / r['pages']) if r['pages'] else ''}</td>"
                   + "".join(f"<td>{_pct(r[f])}</td>" for f in FIELDS)
                   + f"<td>{_chars(r['body_median'])}</td></tr>")
    out.append("</table>")
    out.append(f"<figure>{articles_per_day(rows)}</figure>")
    for site, site_rows in sorted(by_site.items()):
        last = site_rows[-1]
        out.append(f"<h2 id=\"site-{escape(site)}\">{escape(site)}: "
                   f"<span class=\"state {last['state']}\">{last['state']}</span></h2>")
        for finding in json.loads(last["drift"] or "[]"):
            out.append(f"<p class=\"finding\">{escape(finding)}</p>")
        plotted = [r for r in site_rows if r["pages"]]
        if len(plotted) >= MIN_PLOTTED:
            out.append(f"<figure>{coverage(site_rows)}</figure><figure>{body_spread(site_rows)}</figure>")
        else:
            out.append(f"<p class=\"note\">{len(plotted)} run{'' if len(plotted) == 1 else 's'} with pages so far: "
                       f"plots start at {MIN_PLOTTED}; the table below has the figures.</p>")
        out.append("<table><tr><th>run</th><th>command</th><th>started</th><th>state</th><th>pages</th>"
                   "<th>articles</th><th>cleaned by</th></tr>")
        for r in reversed(site_rows[-10:]):
            cleaners = ", ".join(f"{k} {v}" for k, v in json.loads(r["cleaners"] or "{}").items())
            out.append(f"<tr><td>{r['run_id']}</td><td>{r['command']}</td><td>{escape(r['started'][:19])}</td>"
                       f"<td class=\"state {r['state']}\">{r['state']}</td><td>{r['pages']}</td>"
                       f"<td>{r['articles']}</td><td>{escape(cleaners)}</td></tr>")
        out.append("</table>")
    return "".join(out) + "</body></html>\n"
