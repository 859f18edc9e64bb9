from heritage_cms.core.text import fold, strip_diacritics


def test_strips_vietnamese_diacritics_including_d_with_stroke():
    assert strip_diacritics("Lăng Tự Đức, chùa Thiên Mụ, Huế") == "Lang Tu Duc, chua Thien Mu, Hue"
    assert fold("ĐẠI NỘI") == "dai noi"


def test_folding_is_idempotent_and_keeps_hangul_and_kana_whole():
    for text in ["Thiên Mụ", "후에 황성", "フエの王宮", "顺化皇城"]:
        assert fold(fold(text)) == fold(text)
    assert "후에" in fold("후에 황성")


def test_cjk_runs_become_bigrams_so_a_word_inside_a_title_is_found():
    assert fold("天姥寺") == "天姥 姥寺"
    assert set(fold("天姥").split()) <= set(fold("顺化天姥寺").split())
