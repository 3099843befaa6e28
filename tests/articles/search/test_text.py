"""A search query's bounds."""

from articles.search.text import clean_query


def test_clean_query_trims_and_bounds():
    assert clean_query(None) == ""
    assert clean_query("  سوريا \n\t  اليوم ") == "سوريا اليوم"
    assert clean_query("\x00سوريا\u200f") == "سوريا"
    assert len(clean_query("ب" * 10_000)) == 100
    assert clean_query(" ".join(["كلمة"] * 50)) == " ".join(["كلمة"] * 10)
    assert clean_query("خبر", max_length=2) == "خب"
