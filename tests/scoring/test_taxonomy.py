"""The shared category taxonomy (`kind`) from each site's categories, tags and titles."""

from __future__ import annotations

import pytest

from tanka.scoring.taxonomy import KINDS, classify


@pytest.mark.parametrize(("row", "kind"), [
    # Lancers category paths (division links on the cards)
    ({"category": "/work/search/task/input", "title": "バイマで出品作業"}, "data_entry"),
    ({"category": "/work/search/task/review", "title": "感想を教えて"}, "survey"),
    ({"category": "/work/search/design/logo", "title": "限定公開の仕事"}, "design"),
    ({"category": "/work/search/system/chatgpt", "title": "AI・自動化実験パートナー募集"}, "development"),
    ({"category": "/work/search/salesmarketing/sale", "title": "面談アポ取得"}, "marketing"),
    ({"raw": {"extra": {"category_path": "/work/search/multimedia/movie"}}, "title": "YouTube動画制作"}, "video"),
    # site category names (CrowdWorks detail breadcrumbs, Lancers divisions)
    ({"category": "テキスト入力・タイピング・キーパンチ", "title": "入力"}, "data_entry"),
    ({"category": "英語翻訳・英文翻訳", "title": "商品説明"}, "translation"),
    ({"category": "オンライン秘書", "title": "サポート"}, "admin"),
    ({"category": "写真撮影", "title": "商品"}, "photo"),
    # Shufti job tags
    ({"tags": ["初心者歓迎", "アンケート"], "title": "暮らしとお金の簡単なお仕事"}, "survey"),
    ({"tags": ["初心者歓迎", "商品登録"], "title": "BUYMAでの作業依頼"}, "data_entry"),
    # CrowdWorks category ids from the list JSON
    ({"raw": {"extra": {"category_id": 293}}, "title": "【継続案件】 YouTubeショート動画の制作"}, "video"),
    ({"raw": {"extra": {"category_id": 49}}, "title": "【広告代理店経験者歓迎】 オンライン秘書"}, "admin"),
    # titles alone (real)
    ({"title": "【継続依頼あり】【初心者歓迎】筋トレについての記事（記事作成）をお願いします！"}, "writing"),
    ({"title": "【宿泊・接客業従事者の方】外国人観光客の「急な体調不良対応」に関するアンケート"}, "survey"),
    # work on a survey is not answering one
    ({"title": "アンケート集計・グラフ作成（Excel）"}, "data_entry"),
    ({"title": "オンライン秘書・事務サポート（アンケート結果管理）"}, "admin"),
    ({"title": "【８分前後の動画編集のお仕事】シナリオあり、ナレーションあり"}, "video"),
    ({"title": "【長期的に関わってくれ方歓迎】女子旅×おしゃれホテル｜CanvaでSNSバナーデザイン"}, "design"),
    ({"title": "⭐【PHP】サーバーサイド開発およびAWSインフラ構築・運用業務案件・JA-084648⭐"}, "development"),
    ({"title": "英語を活かせる｜外国人向けビジネスサポート（通訳・アシスタント）"}, "translation"),
    ({"title": "【在宅テレアポスタッフ募集】ママさん歓迎｜週15時間～・フルリモート"}, "marketing"),
    ({"title": "【10分で1500円の方大多数♪】スキマ時間でカンタン撮影‼️"}, "photo"),
    ({"title": "【在宅・未経験OK】簡単リサーチ業務（情報収集・データ整理）｜マニュアルあり"}, "data_entry"),
    ({"title": "【ＡＩ】ＰＲ動画"}, "video"),  # full-width letters fold like half-width
    ({"title": "新築賃貸マンション設備設計（電気、機械）の依頼"}, "other"),
    # the pay type says writing even when the words do not
    ({"title": "朝の自分時間を大切にするあなたへ", "pay_type": "writing"}, "writing"),
])
def test_classify(row, kind):
    assert classify(row) == kind


def test_every_kind_is_in_the_taxonomy():
    assert classify({}) in KINDS
