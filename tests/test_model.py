import json
from datetime import datetime, timedelta, timezone

from cleaners import Article, UnreadableInput, clean, decode, looks_like_html

KST = timezone(timedelta(hours=9))


def test_to_dict_is_json_ready_and_round_trips():
    a = Article(title="t", authors=["홍길동"], published=datetime(2022, 5, 2, 2, 14, tzinfo=KST), body="a\n\nb")
    d = a.to_dict()
    assert d["published"] == "2022-05-02T02:14:00+09:00"
    json.dumps(d)
    assert Article.from_dict(d) == a
    assert a.paragraphs == ["a", "b"]


def test_decode_korean_encodings():
    text = "<html><head><title>기사</title></head><body><p>한국어 본문입니다</p></body></html>"
    assert "한국어 본문" in decode(text.encode("cp949"))  # undeclared EUC-KR
    declared = text.replace("<head>", '<head><meta charset="euc-kr">')
    assert "한국어 본문" in decode(declared.encode("euc-kr"))
    assert "한국어" in decode(text.encode("utf-8"), content_type="text/html; charset=euc-kr")


def test_decode_refuses_what_is_not_a_page():
    for bad in (b"", b"   \n", b"\x89PNG\r\n\x1a\n" + bytes(200), bytes(range(256)) * 4):
        try:
            decode(bad)
        except UnreadableInput as exc:
            assert str(exc)
        else:
            raise AssertionError(f"accepted {bad[:10]!r}")


def test_markup_is_told_from_text():
    assert looks_like_html("<!doctype html><html><body><p>x</p></body></html>")
    assert not looks_like_html("제목\n본문 a < b 그리고 c > d\n")


def test_clean_never_raises():
    for content in (b"", "\x00" * 10, b"\xff\xfe\x00", "<html>", "x"):
        assert isinstance(clean(content), list)
