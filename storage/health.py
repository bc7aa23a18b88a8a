"""Site health: what each run saw of each site, stored per run, and judged against the
site's own history.

Sites change their markup without warning; then a profile stops finding its title or body,
pages fall through to the generic path, bodies shrink or fill with clutter, or a feed
quietly lists nothing. None of that is an error on any one page, so it shows only in the
run's figures next to earlier runs of the same site.

    figures = RunFigures()
    figures.add_page("etoday", articles, {"etoday:reactions": 4})    # per cleaned page
    figures.add_source("etoday", "https://.../sitemap.xml", "sitemap", urls=40)
    verdicts = record(store, run_id, "crawl", figures)    # one `site_runs` row per site
    for v in verdicts: print(v.line())                   # "etoday: profile etoday/2019 served 0 of 40 ..."

`site_runs` (one row per run and site; lists and maps as JSON) is documented in README.md.
The tests and their thresholds below were chosen by measurement (bench/health_drift.py).
"""
from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from cleaners.model import Article

    from .store import Store

FIELDS = ("title", "published", "authors", "captions")
GENERIC = ("generic", "text")      # cleaner names that are not a site profile
NONE = "none"                      # a page that gave no article

# -- the tests' thresholds (bench/health_drift.py measures them; README "Site health") --------
BASELINE_RUNS = 10        # a site's baseline: its last 10 healthy runs that cleaned pages, ...
BASELINE_PAGES = 100      # ... or more, until they hold 100 pages (history() reads 200 rows)
MIN_BASELINE_RUNS = 3     # fewer earlier runs, ...
MIN_BASELINE_PAGES = 30   # ... or pages in them: the run is "learning" (stored, not judged)
ALPHA = 1e-3              # tail probability below which a count is not chance
PROFILE_DROP = 0.2        # profile share must fall by 20 points (and be unlikely by chance)
FIELD_DROP = 0.25         # a field's coverage must fall by 25 points ...
FIELD_ALPHA = 1e-4        # ... below this tail probability (four fields: each stricter)
LENGTH_RATIO = 1.6        # body length / paragraphs: median 1.6 times smaller or larger, ...
LENGTH_NULL = 0.5         # ... 90% of articles beyond the usual quartiles, unlikely if half may be
RULE_RISE = 3.0           # a rule removing 3 times its usual lines per page ...
RULE_MIN_EXTRA = 1.0      # ... and at least one line per page more
RULE_FALL_RATE = 1.0      # a rule that removed >= 1 line per page ...
RULE_FALL = 1 / 4         # ... removing under a quarter of that
WINDOW_PAGES = 20         # a run of fewer pages is judged with the runs just before it ...
WINDOW_RUNS = 8           # ... at most this many in all
SOURCE_RUNS = 2           # a source that gave links in each of its last 2 reads, now none


def percentile(values: list[float], q: float) -> float | None:
    """The q-th quantile (0..1) by linear interpolation; None for no values."""
    if not values:
        return None
    s = sorted(values)
    pos = (len(s) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def cleaner_name(label: str) -> str:
    """'etoday/2019' -> 'etoday'; 'generic/1+text/1' -> 'generic'."""
    return label.split("/")[0].split("+")[0]


def is_profile(label: str) -> bool:
    return label != NONE and cleaner_name(label) not in GENERIC


@dataclass
class SiteFigures:
    """What one run saw of one site."""

    site: str
    pages: int = 0
    articles: int = 0
    cleaners: Counter = field(default_factory=Counter)    # per page: its first article's cleaner, or "none"
    fields: Counter = field(default_factory=Counter)      # articles having each of FIELDS
    body_lengths: list[int] = field(default_factory=list)
    paragraphs: list[int] = field(default_factory=list)
    rules: Counter = field(default_factory=Counter)       # named rule -> lines it removed
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add_page(self, articles: "list[Article]", rules: dict[str, int] | None = None) -> None:
        self.add_summary(page_summary(articles, rules))

    def add_summary(self, summary: dict[str, Any]) -> None:
        """A cleaned page's figures, as `page_summary` gives them."""
        self.pages += 1
        self.cleaners[summary["cleaner"]] += 1
        self.rules.update(summary.get("rules") or {})
        for body, paragraphs, fields in summary["articles"]:
            self.articles += 1
            self.fields.update(name for name in fields if name in FIELDS)
            self.body_lengths.append(body)
            self.paragraphs.append(paragraphs)

    def add_source(self, url: str, kind: str, urls: int = 0, read: int = 0, not_modified: int = 0,
                   failed: int = 0) -> None:
        """A discovery document's yield: article URLs it listed, and whether it was read,
        answered 304 (unchanged: nothing to judge) or failed."""
        entry = self.sources.setdefault(url, {"kind": kind, "urls": 0, "read": 0, "not_modified": 0, "failed": 0})
        for name, value in (("urls", urls), ("read", read), ("not_modified", not_modified), ("failed", failed)):
            entry[name] += value

    def row(self) -> dict[str, Any]:
        """The figures as `site_runs` column values."""
        profiles = Counter()
        for label, n in self.cleaners.items():
            if is_profile(label):
                profiles[cleaner_name(label)] += n
        q = lambda values, p: None if not values else round(percentile(values, p), 1)  # noqa: E731
        share = lambda name: round(self.fields[name] / self.articles, 4) if self.articles else None  # noqa: E731
        return {
            "site": self.site, "pages": self.pages, "articles": self.articles,
            "no_article": self.cleaners.get(NONE, 0),
            "profile": profiles.most_common(1)[0][0] if profiles else None,
            "profile_pages": sum(profiles.values()),
            "generic_pages": sum(n for label, n in self.cleaners.items()
                                 if label != NONE and not is_profile(label)),
            "cleaners": json.dumps(dict(self.cleaners.most_common()), ensure_ascii=False),
            **{name: share(name) for name in FIELDS},
            "body_median": q(self.body_lengths, .5), "body_p10": q(self.body_lengths, .1),
            "body_p25": q(self.body_lengths, .25), "body_p75": q(self.body_lengths, .75),
            "body_p90": q(self.body_lengths, .9),
            "paragraphs_median": q(self.paragraphs, .5), "paragraphs_p10": q(self.paragraphs, .1),
            "paragraphs_p25": q(self.paragraphs, .25), "paragraphs_p75": q(self.paragraphs, .75),
            "paragraphs_p90": q(self.paragraphs, .9),
            "rules": json.dumps(dict(self.rules.most_common()), ensure_ascii=False),
            "sources": json.dumps(dict(sorted(self.sources.items())), ensure_ascii=False),  # in any reading order
        }


def page_summary(articles: "list[Article]", rules: dict[str, int] | None = None) -> dict[str, Any]:
    """What site health keeps of one cleaned page, small enough to keep per page while a
    run lasts (the writer of a distributed crawl keeps it in Redis until the run ends):
    its first article's cleaner (or "none"), per article its body length, paragraphs and
    which FIELDS it has, and the lines each named rule removed."""
    return {"cleaner": (articles[0].cleaner or "unknown") if articles else NONE,
            "articles": [[len(a.body), len(a.paragraphs), [name for name in FIELDS if getattr(a, name)]]
                         for a in articles],
            "rules": dict(rules or {})}


class RunFigures(dict):
    """SiteFigures by site, for one run."""

    def site(self, site: str) -> SiteFigures:
        if site not in self:
            self[site] = SiteFigures(site)
        return self[site]

    def add_page(self, site: str, articles: "list[Article]", rules: dict[str, int] | None = None) -> None:
        self.site(site).add_page(articles, rules)

    def add_source(self, site: str, url: str, kind: str, **counts: int) -> None:
        self.site(site).add_source(url, kind, **counts)


# -- tail probabilities -------------------------------------------------------------------

def _log_binom(n: int, k: int, p: float) -> float:
    return (math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
            + k * math.log(p) + (n - k) * math.log1p(-p))


def binom_cdf(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p), 0 < p < 1."""
    return min(1.0, sum(math.exp(_log_binom(n, i, p)) for i in range(0, k + 1)))


def betabinom_cdf(k: int, n: int, hits: int, total: int) -> float:
    """P(X <= k) of n new draws, when `hits` of `total` earlier ones were hits: the beta-
    binomial with a uniform prior, so a baseline of few pages counts for what it is worth."""
    a, b = hits + 1, total - hits + 1
    lbeta = lambda x, y: math.lgamma(x) + math.lgamma(y) - math.lgamma(x + y)  # noqa: E731
    base = lbeta(a, b)
    return min(1.0, sum(math.exp(math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1)
                                 + lbeta(i + a, n - i + b) - base) for i in range(0, k + 1)))


def binom_sf(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p), 0 < p < 1."""
    return 1.0 if k <= 0 else min(1.0, sum(math.exp(_log_binom(n, i, p)) for i in range(k, n + 1)))


def poisson_cdf(k: int, mu: float) -> float:
    """P(X <= k) for X ~ Poisson(mu)."""
    if mu <= 0:
        return 1.0
    return min(1.0, sum(math.exp(i * math.log(mu) - mu - math.lgamma(i + 1)) for i in range(0, k + 1)))


def poisson_sf(k: int, mu: float) -> float:
    """P(X >= k) for X ~ Poisson(mu)."""
    return 1.0 if k <= 0 else max(0.0, 1.0 - poisson_cdf(k - 1, mu))


# -- judging a run ------------------------------------------------------------------------

def _num(value: float) -> str:
    return f"{value:,.0f}"


def _pct(share: float | None) -> str:
    return "-" if share is None else f"{share * 100:.0f}%"


def _loads(value: str | None) -> dict:
    return json.loads(value) if value else {}


@dataclass
class Verdict:
    """A site's state after a run: healthy, drifted, learning (too little history), quiet
    (no page cleaned) or unreachable (every source it was read from failed, no page
    cleaned: judged without history, so a site down from its first run is said so);
    `findings` say how it drifted, or which sources failed."""

    site: str
    state: str
    findings: list[str] = field(default_factory=list)
    context: str = ""

    def line(self) -> str:
        if self.state == "unreachable":
            return f"{self.site}: unreachable: " + "; ".join(self.findings)
        if self.state != "drifted":
            return f"{self.site}: {self.state}"
        return f"{self.site}: " + "; ".join(self.findings + ([self.context] if self.context else []))


def judge(current: dict[str, Any], history: list[dict[str, Any]]) -> Verdict:
    """Compare a run's `site_runs` row with the site's earlier rows (newest first)."""
    sources = _loads(current["sources"])
    if sources and not current["pages"] and all(s["failed"] and not (s["read"] or s["not_modified"])
                                                 for s in sources.values()):
        shown = sorted(sources)[:3]
        more = f" and {len(sources) - len(shown)} more" if len(sources) > len(shown) else ""
        return Verdict(current["site"], "unreachable",
                       [f"every source failed: {', '.join(shown)}{more} (reasons in `errors`)"])
    base = _baseline(history)
    findings = _page_findings(current, base)
    if not findings and 0 < current["pages"] < WINDOW_PAGES:
        # a small run alone proves little: judged again with the runs just before it
        cur, merged = _window(current, history)
        if merged:
            window_base = _baseline(history[merged:])
            findings = _page_findings(cur, window_base)
            if findings:
                findings[0] = f"over its last {merged + 1} runs ({cur['pages']} pages): {findings[0]}"
                current, base = cur, window_base
    _source_tests(current, history, findings)
    if findings:
        state = "drifted"
    elif len(base) < MIN_BASELINE_RUNS or sum(r["pages"] for r in base) < MIN_BASELINE_PAGES:
        state = "learning"
    elif not current["pages"]:
        state = "quiet"
    else:
        state = "healthy"
    context = ""
    if findings and current["articles"]:
        ctx_base = base or [current]
        title_was = sum((r["title"] or 0) * r["articles"] for r in ctx_base) / max(1, sum(r["articles"] for r in ctx_base))
        was_median = percentile([r["body_median"] for r in ctx_base if r["body_median"] is not None], .5)
        context = f"title {_pct(title_was)} -> {_pct(current['title'])}"
        if not any(f.startswith("body length") for f in findings):
            context += (f", body length median {_num(was_median or 0)} -> "
                        f"{_num(current['body_median'] or 0)} characters")
    return Verdict(current["site"], state, findings, context)


def _baseline(history) -> list[dict[str, Any]]:
    """The site's last BASELINE_RUNS healthy runs that cleaned pages, more if they hold
    fewer than BASELINE_PAGES pages."""
    base: list[dict[str, Any]] = []
    for r in history:
        if len(base) >= BASELINE_RUNS and sum(x["pages"] for x in base) >= BASELINE_PAGES:
            break
        if r["state"] in ("healthy", "learning", "accepted") and r["pages"]:
            base.append(r)
    return base


def _page_findings(cur, base) -> list[str]:
    findings: list[str] = []
    if cur["pages"] and len(base) >= MIN_BASELINE_RUNS and sum(r["pages"] for r in base) >= MIN_BASELINE_PAGES:
        profile_moved = _profile_test(cur, base, findings)
        _field_tests(cur, base, findings)
        _length_tests(cur, base, findings)
        if not profile_moved:  # a profile that lost its pages loses its rules' hits too: said once
            _rule_tests(cur, base, findings)
    return findings


def _window(current, history) -> tuple[dict[str, Any], int]:
    """A small run together with the runs just before it, up to WINDOW_PAGES pages: a crawl
    every few minutes finds a page or two, too few to tell a change from chance alone.
    Counts add up; for the length test, the merged run's 90th percentile is taken as the
    largest of theirs (its 10th as the smallest), which errs towards no alarm."""
    rows = [current]
    for r in history:
        if sum(x["pages"] for x in rows) >= WINDOW_PAGES or len(rows) >= WINDOW_RUNS:
            break
        rows.append(r)
    if len(rows) == 1:
        return current, 0
    with_pages = [r for r in rows if r["pages"]]
    articles = sum(r["articles"] for r in rows)
    merged = {**current, "pages": sum(r["pages"] for r in rows), "articles": articles,
              "no_article": sum(r["no_article"] for r in rows),
              "profile_pages": sum(r["profile_pages"] for r in rows),
              "generic_pages": sum(r["generic_pages"] for r in rows)}
    for name in ("cleaners", "rules"):
        total: Counter = Counter()
        for r in rows:
            total.update(_loads(r[name]))
        merged[name] = json.dumps(dict(total), ensure_ascii=False)
    for name in FIELDS:
        merged[name] = sum((r[name] or 0) * r["articles"] for r in rows) / articles if articles else None
    for key in ("body", "paragraphs"):
        sized = [r for r in with_pages if r[f"{key}_median"] is not None]
        if not sized:
            continue
        merged[f"{key}_median"] = percentile([r[f"{key}_median"] for r in sized], .5)
        for q, pick in (("p10", min), ("p25", min), ("p75", max), ("p90", max)):
            merged[f"{key}_{q}"] = pick(r[f"{key}_{q}"] for r in sized)
    return merged, len(rows) - 1


def _profile_test(cur, base, findings) -> bool:
    served = Counter()
    labels = Counter()
    for r in base:
        for label, n in _loads(r["cleaners"]).items():
            if is_profile(label):
                served[cleaner_name(label)] += n
                labels[label] += n
    if not served:
        return False
    name, was = served.most_common(1)[0]
    pages = sum(r["pages"] for r in base)
    p0 = (was + 1) / (pages + 2)
    now_cleaners = _loads(cur["cleaners"])
    k = sum(n for label, n in now_cleaners.items() if is_profile(label) and cleaner_name(label) == name)
    n = cur["pages"]
    if p0 < 0.5 or p0 - k / n < PROFILE_DROP or betabinom_cdf(k, n, was, pages) >= ALPHA:
        return False
    label = next(lab for lab, _ in labels.most_common() if cleaner_name(lab) == name)
    others = [f"{'no article' if lab == NONE else lab} took {m}" for lab, m in
              Counter({lab: m for lab, m in now_cleaners.items() if cleaner_name(lab) != name}).most_common()]
    findings.append(f"profile {label} served {k} of {n} pages (was {was} of {pages} in the last {len(base)} runs)"
                    + (f", {', '.join(others)}" if others else ""))
    return True


def _field_tests(cur, base, findings) -> None:
    n = cur["articles"]
    total = sum(r["articles"] for r in base)
    if not n or not total:
        return
    for name in FIELDS:
        had = sum(round((r[name] or 0) * r["articles"]) for r in base)
        p0 = (had + 1) / (total + 2)
        k = round((cur[name] or 0) * n)
        if p0 - k / n >= FIELD_DROP and betabinom_cdf(k, n, had, total) < FIELD_ALPHA:
            findings.append(f"{name} found in {_pct(k / n)} of articles (was {_pct(had / total)})")


def _length_tests(cur, base, findings) -> None:
    """Nine in ten of the run's articles shorter than a usual run's shortest quarter (or
    longer than its longest quarter), and more of them than chance allows if even half of a
    run's articles may be short on a normal day (a day of flash items): its long stories
    keep its upper decile up; a body container that lost its text does not."""
    n = cur["articles"]
    if not n or binom_sf(math.ceil(0.9 * n), n, LENGTH_NULL) >= ALPHA:
        return
    for what, unit, key in (("body length", "characters", "body"), ("paragraphs", "per article", "paragraphs")):
        rows = [r for r in base if r[f"{key}_median"] is not None]
        now = cur[f"{key}_median"]
        if now is None or len(rows) < MIN_BASELINE_RUNS:
            continue
        was = percentile([r[f"{key}_median"] for r in rows], .5)
        usual = (percentile([r[f"{key}_p25"] for r in rows], .5), percentile([r[f"{key}_p75"] for r in rows], .5))
        ratio = max(now, 1) / max(was, 1)
        shrank = cur[f"{key}_p90"] < usual[0] and ratio <= 1 / LENGTH_RATIO
        grew = cur[f"{key}_p10"] > usual[1] and ratio >= LENGTH_RATIO
        if shrank or grew:
            findings.append(f"{what} median {_num(was)} -> {_num(now)} {unit} "
                            f"(usual {_num(usual[0])}-{_num(usual[1])})")


def _rule_tests(cur, base, findings) -> None:
    was: Counter = Counter()
    for r in base:
        was.update(_loads(r["rules"]))
    now = Counter(_loads(cur["rules"]))
    profiles = {r["profile"] for r in base if r["profile"]}
    # a site relearned (new learned layouts serve it) cuts by its new layouts' rules
    learned_then = {label for r in base for label in _loads(r["cleaners"]) if label.startswith("learned/")}
    learned_now = {label for label in _loads(cur["cleaners"]) if label.startswith("learned/")}
    relearned = bool(learned_now) and not learned_now & learned_then
    for rule in sorted(set(was) | set(now)):
        if relearned and rule.startswith("learned:"):
            continue
        # a profile's own cuts (etoday:reactions) happen only on the pages it serves
        key = "profile_pages" if rule.split(":")[0] in profiles else "pages"
        n, pages = cur[key], sum(r[key] for r in base)
        if not n or not pages:
            continue
        rate = (was[rule] + 0.5) / pages
        c = now[rule]
        if c / n >= RULE_RISE * rate and c / n - rate >= RULE_MIN_EXTRA and poisson_sf(c, n * rate) < ALPHA:
            findings.append(f"rule {rule} removed {c / n:.1f} lines per page (was {was[rule] / pages:.1f})")
        elif rate >= RULE_FALL_RATE and c / n <= rate * RULE_FALL and poisson_cdf(c, n * rate) < ALPHA:
            findings.append(f"rule {rule} removed {c / n:.1f} lines per page (was {was[rule] / pages:.1f}): "
                            "its clutter may be left in the bodies")


def _source_tests(cur, history, findings) -> None:
    for url, now in _loads(cur["sources"]).items():
        if now["urls"] or now["not_modified"] or not (now["read"] or now["failed"]):
            continue
        failed = bool(now["failed"] and not now["read"])
        if failed:  # one failed fetch is in `errors` already; two in a row say the source is gone
            last = next((src for src in (_loads(r["sources"]).get(url) for r in history) if src), None)
            if not (last and last["failed"] and not last["read"]):
                continue
        reads = []
        for r in history:
            if r["state"] not in ("healthy", "learning", "accepted"):
                continue
            old = _loads(r["sources"]).get(url)
            if old and old["read"] and not old["not_modified"] and not old["failed"]:
                reads.append(old["urls"])
            if len(reads) == SOURCE_RUNS:
                break
        if len(reads) == SOURCE_RUNS and all(reads):
            how = "could not be fetched twice in a row" if failed else "listed no article links"
            findings.append(f"{now['kind']} {url} {how} (gave {', '.join(map(str, reads))} before)")


# -- the table ----------------------------------------------------------------------------

def record(store: "Store", run_id: int | None, command: str, figures: RunFigures) -> list[Verdict]:
    """Judge each site's figures against its history and store them as `site_runs` rows."""
    verdicts = []
    for site in sorted(figures):
        row = figures[site].row()
        with store._errors():
            started = store.conn.execute("SELECT started FROM runs WHERE id = ?", (run_id,)).fetchone() \
                if run_id is not None else None
        row.update(run_id=run_id, command=command, started=started[0] if started else _now())
        verdict = judge({**row, "state": None}, history(store, site))
        row.update(state=verdict.state, drift=json.dumps(verdict.findings, ensure_ascii=False),
                   summary=verdict.line())
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        with store._write():
            store.conn.execute(f"INSERT INTO site_runs ({columns}) VALUES ({marks})", tuple(row.values()))
        verdicts.append(verdict)
    return verdicts


def _now() -> str:
    from .store import now
    return now()


def history(store: "Store", site: str, limit: int = 200) -> list[dict[str, Any]]:
    """A site's `site_runs` rows, newest first."""
    with store._errors():
        return [dict(r) for r in store.conn.execute(
            "SELECT * FROM site_runs WHERE site = ? ORDER BY id DESC LIMIT ?", (site, limit))]


def sites(store: "Store") -> list[str]:
    with store._errors():
        return [r[0] for r in store.conn.execute("SELECT DISTINCT site FROM site_runs ORDER BY site")]


def all_runs(store: "Store", site: str | None = None) -> list[dict[str, Any]]:
    """Every `site_runs` row (of `site`), oldest first: the report's plots."""
    sql, params = "SELECT * FROM site_runs ORDER BY id", ()
    if site:
        sql, params = "SELECT * FROM site_runs WHERE site = ? ORDER BY id", (site,)
    with store._errors():
        return [dict(r) for r in store.conn.execute(sql, params)]


def accept(store: "Store", site: str) -> int:
    """Take a site's drifted runs as its new normal (after a profile fix, or a change the
    user accepts): they join the baseline. Returns how many runs were accepted."""
    with store._write():
        return store.conn.execute("UPDATE site_runs SET state = 'accepted' WHERE site = ? AND state = 'drifted'",
                                  (site,)).rowcount


def rule_counts(trace: Iterable) -> dict[str, int]:
    """Lines removed per named rule, from a cleaner's trace of Drops."""
    return dict(Counter(drop.rule for drop in trace))


__all__ = ["RunFigures", "SiteFigures", "Verdict", "accept", "all_runs", "history", "judge", "page_summary", "record",
           "rule_counts", "sites"]
