"""Reading page bytes: valid multi-byte UTF-8 wins over a contrary declaration, and pages in
a legacy encoding are still read in it; markup is told from text dumps however it opens."""
from __future__ import annotations

import pytest

from cleaners import clean, decode, looks_like_html

SAMPLES = {
    "ko": "서울시는 올겨울 독감 환자가 크게 늘었다고 밝혔다.",
    "zh": "本市各大医院发热门诊就诊人数明显增加。",
    "ru": "Число заболевших гриппом в городе выросло вдвое.",
    "el": "Ο αριθμός των κρουσμάτων γρίπης διπλασιάστηκε.",
    "pl": "Liczba zachorowań na grypę wzrosła dwukrotnie, łącznie ze źródłami.",
    "fr": "Le nombre de cas de grippe a doublé cet hiver, à l'hôpital comme en ville.",
}
SINGLE_BYTE = ["iso-8859-1", "iso-8859-15", "windows-1252"]


def html(text: str, charset: str) -> str:
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>t</title></head><body><p>{text}</p></body></html>")


@pytest.mark.parametrize("lang", sorted(SAMPLES))
@pytest.mark.parametrize("declared", [*SINGLE_BYTE, "euc-kr", "windows-1251", "gb2312"])
def test_utf8_bytes_declared_otherwise_are_read_as_utf8(lang, declared):
    text = SAMPLES[lang]
    assert text in decode(html(text, declared).encode("utf-8"))


@pytest.mark.parametrize("declared", SINGLE_BYTE)
def test_utf8_bytes_under_a_contrary_http_header_are_read_as_utf8(declared):
    text = SAMPLES["fr"]
    assert text in decode(html(text, "utf-8").encode("utf-8"), content_type=f"text/html; charset={declared}")


@pytest.mark.parametrize("encoding, lang", [("iso-8859-1", "fr"), ("windows-1252", "fr"), ("iso-8859-15", "fr"),
                                            ("windows-1250", "pl"), ("iso-8859-2", "pl"), ("windows-1251", "ru"),
                                            ("koi8-r", "ru"), ("iso-8859-7", "el"), ("gb2312", "zh"), ("euc-kr", "ko")])
def test_pages_really_in_a_legacy_encoding_still_decode_under_their_declaration(encoding, lang):
    text = SAMPLES[lang]
    raw = html(text, encoding).encode(encoding)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the case this covers: the bytes are not UTF-8
    assert text in decode(raw)


def test_cp1252_punctuation_declared_latin1_is_read_as_windows_1252():
    raw = html("“Quoted” – and €5", "iso-8859-1").encode("windows-1252")
    assert "“Quoted” – and €5" in decode(raw)


def test_real_euc_kr_pages_stay_euc_kr_with_and_without_a_declaration():
    text = SAMPLES["ko"] + " 똠방각하 햏"  # 똠 and 햏 exist only in CP949, beyond EUC-KR
    assert text in decode(html(text, "euc-kr").encode("cp949"))
    assert text in decode(html(text, "euc-kr").replace('<meta http-equiv="Content-Type" content="text/html; '
                                                         'charset=euc-kr">', "").encode("cp949"))


def test_a_bom_still_decides():
    text = SAMPLES["el"]
    assert decode(b"\xef\xbb\xbf" + html(text, "iso-8859-7").encode("utf-8")).count(text) == 1
    assert text in decode(html(text, "utf-8").encode("utf-16"))


@pytest.mark.parametrize("declared", ["iso-8859-1", "windows-1252", "euc-kr"])
def test_a_garbled_declaration_gives_a_readable_article_end_to_end(declared):
    body = " ".join([SAMPLES["pl"], SAMPLES["fr"]] * 4)  # every byte defined in windows-1252
    page = html(body, declared).replace("<title>t</title>", "<title>Grypa – zachorowania</title>")
    articles = clean(page.encode("utf-8"), "https://news.example.pl/2012/01/06/grypa")
    assert articles and SAMPLES["pl"] in articles[0].body
    assert "Ã" not in articles[0].body and "Å" not in articles[0].body


HEAVY = "x" * 300_000


@pytest.mark.parametrize("start", ["<!DOCTYPE html>", "\ufeff  <!doctype html>", "<!-- built 2026 -->\n<html>",
                                   '<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN">'])
def test_a_page_that_opens_as_a_document_is_html(start):
    assert looks_like_html(f"{start}<head><style>body{{margin:0}}</style></head><body>Hello</body>")


@pytest.mark.parametrize("opaque", [f"<style>.a{{color:red}}/*{HEAVY}*/</style>",
                                    f"<script>var a = '{HEAVY}';</script>", f"<!-- {HEAVY} -->"])
def test_a_page_whose_first_300_kb_are_one_stylesheet_script_or_comment_is_html(opaque):
    page = f"<head><meta charset=utf-8>{opaque}</head><body><div><p>Story text.</p></div></body>"
    assert looks_like_html(page)


def test_a_text_dump_is_not_html():
    dump = "Home | News | Sport\n\nHarbour town votes to ban cars\n\nCouncillors backed the plan on Tuesday.\n"
    assert not looks_like_html(dump)
    assert not looks_like_html(dump * 5000)  # past the window, still no tags
