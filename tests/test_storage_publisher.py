"""Article.publisher and original_url in storage: the v2 -> v3 migration, content hashes that
do not change for articles stored before the fields existed, and `export --publisher`."""
import json
import sqlite3

from cleaners import clean_strict
from cleaners.model import Article, Page
from conftest import FIXTURES, run_cli
from storage import Store, schema
from storage.store import article_row, fields_hash

SITES = FIXTURES / "sites"
BODY = "첫 문단은 충분히 긴 한국어 문장으로 이루어져 있습니다.\n\n둘째 문단도 기사 본문의 일부로 저장됩니다."


def _article(url, **kw):
    return Article(url=url, site="n.news.naver.com", title="제목", body=BODY, lang="ko", cleaner="naver/2022", **kw)


def _v2_database(path, articles):
    """A database as schema version 2 left it: no publisher or original_url columns."""
    with Store(path) as s:
        for a in articles:
            s.save(Page(url=a.url, body=b"<html>raw</html>"), [a])
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE articles DROP COLUMN publisher")
    conn.execute("ALTER TABLE articles DROP COLUMN original_url")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()


def test_version_2_database_gains_the_columns_and_keeps_its_articles(tmp_path):
    path = tmp_path / "news.db"
    old = _article("https://n.news.naver.com/mnews/article/001/0000000001")
    _v2_database(path, [old])
    with Store(path) as s:
        assert s.save(Page(url=old.url, body=b"<html>raw</html>"), [old])["unchanged"] == 1
        moved = _article(old.url, publisher="연합뉴스", original_url="https://www.yna.co.kr/view/AKR1")
        assert s.save(Page(url=old.url, body=b"<html>raw</html>"), [moved])["updated"] == 1
        (row,) = s.export()
        assert (row["publisher"], row["original_url"]) == ("연합뉴스", "https://www.yna.co.kr/view/AKR1")
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION >= 3   # migrated to the current version
    columns = {r[1] for r in conn.execute("PRAGMA table_info(articles)")}
    assert {"publisher", "original_url"} <= columns
    conn.close()
    with Store(path):  # opening again migrates nothing twice
        pass


def test_an_article_without_the_new_fields_keeps_the_hash_it_had_before_them():
    row = article_row(_article("https://example.com/a"))
    before = dict(row)
    del before["publisher"], before["original_url"]
    import hashlib
    from storage.store import _to_json
    old_fields = ("site", "title", "subtitle", "authors", "published", "modified", "section", "body", "captions",
                  "summary", "lang")  # the hashed fields of schema version 2
    old_hash = hashlib.sha256(_to_json([before[n] for n in old_fields]).encode("utf-8")).hexdigest()
    assert fields_hash(row) == old_hash
    assert fields_hash(article_row(_article("https://example.com/a", publisher="뉴시스"))) != old_hash


def test_reclean_after_the_upgrade_updates_only_pages_whose_cleaner_now_names_a_press(tmp_path):
    path = tmp_path / "news.db"
    pages = [SITES / "daum" / "v-yonhap-foliage.html", SITES / "etoday" / "etoday-2015-gigastory.html"]
    with Store(path) as s:
        for p in pages:
            url = json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))["url"]
            found = [Article.from_dict({**a.to_dict(), "publisher": None}) for a in clean_strict(p.read_bytes(), url)]
            s.save(Page(url=url, body=p.read_bytes()), found)
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE articles DROP COLUMN publisher")
    conn.execute("ALTER TABLE articles DROP COLUMN original_url")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with Store(path) as s:
        changes = {c["url"]: (c["change"], c["fields"]) for c in s.reclean(dry_run=True, clean=clean_strict)}
    assert changes["https://v.daum.net/v/20231012153012345"] == ("updated", ["publisher"])
    assert changes["https://www.etoday.co.kr/news/view/1219898"] == ("unchanged", [])


def test_export_filters_by_publisher_across_portals(tmp_path):
    db = tmp_path / "news.db"
    with Store(db) as s:
        for i, (site, press) in enumerate([("n.news.naver.com", "연합뉴스"), ("v.daum.net", "연합뉴스"),
                                           ("n.news.naver.com", "뉴시스")]):
            a = Article(url=f"https://{site}/a/{i}", site=site, publisher=press, title=f"제목 {i}",
                        body=f"{BODY} {i}", lang="ko", cleaner="x/1")
            s.save(Page(url=a.url, body=f"<html>{i}</html>".encode()), [a])
    done = run_cli("export", "--db", db, "--publisher", "연합뉴스")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert sorted(r["site"] for r in rows) == ["n.news.naver.com", "v.daum.net"]
    assert {r["publisher"] for r in rows} == {"연합뉴스"}
    csv = run_cli("export", "--db", db, "--publisher", "뉴시스", "--format", "csv")
    assert csv.returncode == 0 and "publisher" in csv.stdout.splitlines()[0] and "뉴시스" in csv.stdout
