"""The golden table: real pay values from the fixture pages, and what tanka makes of them.

Each case is a listing's raw values exactly as a page shows them (CrowdWorks payment objects from
jobs_new.json and reward strings from detail_values.json, Lancers price strings and cards, Shufti
API triples and rendered titles — ../shared/fixtures), with its expected unit price, 文字単価, net
amounts after the fee, net hourly pay, its basis and where the number came from. Expected values
were checked by hand against DOMAIN.md §1–§2 (e.g. CrowdWorks 600円 / 500字 → 1.2円/字 → 1,200円/h
gross at 1,000字/h → ×0.858 = 1,029.6円/h net). The same ids are then read from the real pages
through the spiders (`tanka parse`) and must come out the same.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from tanka.cli import main
from tanka.items import Gig
from tanka.normalize.listing import normalize_gig
from tanka.offline import listing_rows, parse_saved_page
from tanka.scoring import derive
from tanka.scoring.reasons import reason_texts
from tests.conftest import shared_page

CRAWLED_AT = "2026-04-27T12:00:00+09:00"
CW, LN, SH = "crowdworks", "lancers", "shufti"

GOLDEN = [
    # CrowdWorks list JSON (jobs_new.json): payment objects
    ("cw-13086634-writing", dict(site=CW, pay_type="fixed_price_writing_payment", unit_price_yen=600.0, unit_chars=500.0, title="【継続依頼あり】【初心者歓迎】筋トレについての記事（記事作成）をお願いします！"),
     {"unit_price_yen": 600, "yen_per_char": 1.2, "unit_price_source": 'structured', "net_unit_yen": 515, "net_hourly_yen": 514.8, "hourly_basis": 'writing_speed'}),
    ("cw-13086503-writing", dict(site=CW, pay_type="fixed_price_writing_payment", unit_price_yen=1200.0, unit_chars=1000.0, title="【1000文字程度】1記事1200円からスタート！AIを活用したライティング"),
     {"unit_price_yen": 1200, "yen_per_char": 1.2, "unit_price_source": 'structured', "net_unit_yen": 1030, "net_hourly_yen": 514.8, "hourly_basis": 'writing_speed'}),
    ("cw-13015112-writing", dict(site=CW, pay_type="fixed_price_writing_payment", unit_price_yen=2000.0, unit_chars=1500.0, title="【看護師・医療職】このままでいいのか悩んでいる方へ｜働き方を見つめ直すライター募集"),
     {"unit_price_yen": 2000, "yen_per_char": 1.3333, "unit_price_source": 'structured', "net_unit_yen": 1716, "net_hourly_yen": 572.0, "hourly_basis": 'writing_speed'}),
    ("cw-13071459-writing", dict(site=CW, pay_type="fixed_price_writing_payment", unit_price_yen=2500.0, unit_chars=1800.0, title="◉【心地よい朝を仕事に☕️】週末のモーニングや「朝の自分時間」を大切にするあなたへ。清々しい空気感を綴るコラム募集 ◉"),
     {"unit_price_yen": 2500, "yen_per_char": 1.3889, "unit_price_source": 'structured', "net_unit_yen": 2145, "net_hourly_yen": 595.8, "hourly_basis": 'writing_speed'}),
    ("cw-13024913-writing", dict(site=CW, pay_type="fixed_price_writing_payment", unit_price_yen=1000.0, unit_chars=800.0, title="●【弾丸旅行体験✨】働く私の心を整える「弾丸エスケープ旅」ライティング『これから活動を広げたい方歓迎☕️』●"),
     {"unit_price_yen": 1000, "yen_per_char": 1.25, "unit_price_source": 'structured', "net_unit_yen": 858, "net_hourly_yen": 536.2, "hourly_basis": 'writing_speed'}),
    ("cw-13086610-task", dict(site=CW, pay_type="task_payment", unit_price_yen=7.0, unit_minutes=19, title="【スマホでのお仕事限定】30秒簡単作業！コピペするだけh9"),
     {"unit_price_yen": 7, "unit_price_source": 'structured', "net_unit_yen": 6, "net_hourly_yen": 14.0, "hourly_basis": 'task_minutes', "risk_flags": ['below_market']}),
    ("cw-13086601-task", dict(site=CW, pay_type="task_payment", unit_price_yen=6.0, unit_minutes=14, title="【スマホでのお仕事限定】30秒簡単作業！コピペするだけ"),
     {"unit_price_yen": 6, "unit_price_source": 'structured', "net_unit_yen": 5, "net_hourly_yen": 15.8, "hourly_basis": 'task_minutes', "risk_flags": ['below_market']}),
    ("cw-13086572-task", dict(site=CW, pay_type="task_payment", unit_price_yen=16.0, unit_minutes=14, title="【宿泊・接客業従事者の方】外国人観光客の「急な体調不良対応」に関するアンケート"),
     {"unit_price_yen": 16, "unit_price_source": 'structured', "net_unit_yen": 14, "net_hourly_yen": 42.2, "hourly_basis": 'task_minutes', "risk_flags": ['below_market']}),
    ("cw-13086535-task", dict(site=CW, pay_type="task_payment", unit_price_yen=110.0, unit_minutes=3, title="【アキュラホームで建てた方限定】レビュー投稿（150文字100円）"),
     {"unit_price_yen": 110, "yen_per_char": 0.6667, "unit_price_source": 'structured', "net_unit_yen": 95, "net_hourly_yen": 976.3, "hourly_basis": 'task_minutes', "risk_flags": ['reviews_or_likes']}),
    ("cw-13074787-task", dict(site=CW, pay_type="task_payment", unit_price_yen=110.0, unit_minutes=2, title="男性の育児休業に関する調査１（所要時間10～15分程度）"),
     {"unit_price_yen": 110, "unit_price_source": 'structured', "net_unit_yen": 95, "net_hourly_yen": 272.2, "hourly_basis": 'task_minutes', "risk_flags": ['below_market']}),
    ("cw-13086589-hourly", dict(site=CW, pay_type="hourly_payment", hourly_min_yen=2000, hourly_max_yen=3000, title="【在宅テレアポスタッフ募集】ママさん歓迎｜週15時間～・フルリモート｜法人向け架電のお仕事 時給¥2,500相当〜"),
     {"unit_price_source": 'structured', "net_hourly_yen": 1716.0, "hourly_basis": 'stated'}),
    ("cw-13074136-hourly", dict(site=CW, pay_type="hourly_payment", hourly_min_yen=700, hourly_max_yen=1000, title="【学生・高齢者・主夫・主婦歓迎！】スキマ時間に“囲碁”を教えて下さい【継続あり】"),
     {"unit_price_source": 'structured', "net_hourly_yen": 600.6, "hourly_basis": 'stated'}),
    ("cw-13072187-hourly", dict(site=CW, pay_type="hourly_payment", hourly_min_yen=1500, hourly_max_yen=2000, title="英語を活かせる｜外国人向けビジネスサポート（通訳・アシスタント）"),
     {"unit_price_source": 'structured', "net_hourly_yen": 1287.0, "hourly_basis": 'stated'}),
    ("cw-13072898-hourly", dict(site=CW, pay_type="hourly_payment", hourly_min_yen=1000, hourly_max_yen=2000, title="ebay輸出の規模拡大に伴い、調査作業に力を貸してくれるパートナーを急募中です！"),
     {"unit_price_source": 'structured', "net_hourly_yen": 858.0, "hourly_basis": 'stated'}),
    ("cw-13086615-contest", dict(site=CW, pay_type="competition_payment", budget_max_yen=6600, applicants=0, title="野菜パウダーを使用したレシピ画像（1枚完結型）の制作"),
     {"net_budget_min_yen": 5663, "net_budget_max_yen": 5663, "hourly_basis": 'unknown', "break_even_hours": 5.05, "expected_value_yen": 5663, "risk_flags": ['contest_gamble']}),
    ("cw-13086633-fixed", dict(site=CW, pay_type="fixed_price_payment", budget_min_yen=400000.0, budget_max_yen=500000.0, title="⭐【Studio】AIコンサルティング企業のブランド価値を高めるWebサイト構築業務案件・JA-084678⭐"),
     {"net_budget_min_yen": 393800, "net_budget_max_yen": 497750, "hourly_basis": 'unknown', "break_even_hours": 351.29}),
    ("cw-13086632-fixed-title-minutes", dict(site=CW, pay_type="fixed_price_payment", budget_min_yen=0.0, budget_max_yen=5000.0, slots=5, title="【10分で1500円の方大多数♪】スキマ時間でカンタン撮影‼️"),
     {"unit_price_yen": 1500, "unit_price_source": 'title', "net_unit_yen": 1287, "net_budget_max_yen": 4290, "net_hourly_yen": 5325.5, "hourly_basis": 'task_minutes'}),
    ("cw-13086621-survey-project", dict(site=CW, pay_type="fixed_price_payment", budget_max_yen=100.0, slots=10, title="【簡単！5問で100円！】恋活中、婚活中の男女からの恋愛についての質問に、ご自身の意見やアドバイスを回答して頂くお仕事"),
     {"unit_price_yen": 100, "unit_price_source": 'title', "net_unit_yen": 86, "net_budget_max_yen": 86, "hourly_basis": 'unknown', "break_even_hours": 0.08, "risk_flags": ['survey_as_project']}),
    ("cw-13086561-many-slots", dict(site=CW, pay_type="fixed_price_payment", budget_max_yen=1.0, slots=1000, title="【在宅・時間自由】好きな時間にコツコツ在宅データ入力！"),
     {"net_budget_max_yen": 1, "hourly_basis": 'unknown', "break_even_hours": 0.0, "risk_flags": ['below_market', 'unclear_unit_pay']}),
    ("cw-13086627-negotiable", dict(site=CW, pay_type="fixed_price_payment", slots=5, title="【ピュアリーピンクを使用したことがある方】インタビューにご協力をお願いいたします！"),
     {"hourly_basis": 'unknown', "risk_flags": ['pay_not_stated']}),
    ("cw-13086614-per-video", dict(site=CW, pay_type="fixed_price_payment", budget_min_yen=0.0, budget_max_yen=5000.0, title="【８分前後の動画編集のお仕事】シナリオあり、ナレーションあり、編集素材あり「１本3,500円」"),
     {"unit_price_yen": 3500, "unit_price_source": 'title', "net_unit_yen": 3003, "net_budget_max_yen": 4290, "hourly_basis": 'unknown', "break_even_hours": 2.68}),
    ("cw-13086583-per-video", dict(site=CW, pay_type="fixed_price_payment", budget_min_yen=0.0, budget_max_yen=5000.0, title="【1本2500円】YouTubeショート動画編集"),
     {"unit_price_yen": 2500, "unit_price_source": 'title', "net_unit_yen": 2145, "net_budget_max_yen": 4290, "hourly_basis": 'unknown', "break_even_hours": 1.91}),
    ("cw-13086452-per-char-title", dict(site=CW, pay_type="fixed_price_payment", budget_max_yen=3300.0, slots=10, title="【500円｜500文字以上】普段の1日の過ごし方を教えてください｜選べるテーマ・誰でもOK"),
     {"yen_per_char": 1.0, "unit_price_source": 'title', "net_budget_max_yen": 2832, "net_hourly_yen": 429.0, "hourly_basis": 'writing_speed'}),
    ("cw-13086623-one-sitting", dict(site=CW, pay_type="fixed_price_payment", budget_max_yen=3300.0, slots=2, title="【報酬3,000円・オンラインで最大60分】技術・人文・国際ビザ保有者向け｜日本での就職活動に関するインタビュー（顔出し"),
     {"net_budget_max_yen": 2832, "net_hourly_yen": 2740.1, "hourly_basis": 'task_minutes'}),
    ("cw-13086558-price-in-title", dict(site=CW, pay_type="fixed_price_payment", title="【1本12分程度／800円】野球関連のYouTube動画のナレーション"),
     {"net_budget_min_yen": 687, "net_budget_max_yen": 687, "hourly_basis": 'unknown', "break_even_hours": 0.61}),
    ("cw-13086496-per-image", dict(site=CW, pay_type="fixed_price_payment", budget_min_yen=5000.0, budget_max_yen=10000.0, title="【アニメ好き必見】推しの魅力を探すお仕事！素材収集スタッフ｜1枚15円｜少年ジャンプ作品（呪術廻戦など）の知識を活かせる"),
     {"unit_price_yen": 15, "unit_price_source": 'title', "net_unit_yen": 13, "net_budget_min_yen": 4290, "net_budget_max_yen": 8580, "hourly_basis": 'unknown', "break_even_hours": 0.01}),
    ("cw-13067686-commission", dict(site=CW, pay_type="fixed_price_payment", budget_min_yen=300000.0, budget_max_yen=400000.0, slots=10, title="【1件3万円】未経験でも月20万〜を目指せる／飲食店への無料サービス案内／マニュアル完結で難しい交渉なし"),
     {"unit_price_yen": 30000, "unit_price_source": 'title', "net_unit_yen": 25740, "net_budget_min_yen": 289850, "net_budget_max_yen": 393800, "hourly_basis": 'unknown', "break_even_hours": 22.96, "risk_flags": ['income_promise']}),
    # CrowdWorks detail reward strings (detail_values.json)
    ("cw-detail-fixed-band", dict(site=CW, pay_type="固定報酬制", price_text="500,000円  〜  1,000,000円", title="Web開発"),
     {"net_budget_min_yen": 497750, "net_budget_max_yen": 1017500, "hourly_basis": 'unknown', "break_even_hours": 444.02}),
    ("cw-detail-hourly-open", dict(site=CW, pay_type="時間単価制", price_text="5,000円 〜", title="システム開発"),
     {"unit_price_source": 'structured', "net_hourly_yen": 4290.0, "hourly_basis": 'stated'}),
    ("cw-detail-up-to", dict(site=CW, pay_type="固定報酬制", price_text="〜  5,000円", title="AI営業支援"),
     {"net_budget_max_yen": 4290, "hourly_basis": 'unknown', "break_even_hours": 3.83}),
    # Lancers cards (search_keyword_ai.html, cards_task_input.html, detail_5552617.html)
    ("ln-5553931-task-22", dict(site=LN, pay_type="タスク", price_text="22 円 / 件", applicants=56, slots=100, title="アンケート【住宅ローン組んでる方限定】組んでいる住宅ローンについて教えてください"),
     {"unit_price_yen": 22, "unit_price_source": 'structured', "net_unit_yen": 21, "hourly_basis": 'unknown', "break_even_hours": 0.02, "risk_flags": ['below_market']}),
    ("ln-5554004-task-33", dict(site=LN, pay_type="タスク", price_text="33 円 / 件", title="【簡単】オリパの虎でオリパを引いて購入したことがある方、感想などを教えてください！"),
     {"unit_price_yen": 33, "unit_price_source": 'structured', "net_unit_yen": 32, "hourly_basis": 'unknown', "break_even_hours": 0.03}),
    ("ln-5553915-task-44", dict(site=LN, pay_type="タスク", price_text="44 円 / 件", title="【急募・AI禁止】指定した漫画の感想を教えて下さい。"),
     {"unit_price_yen": 44, "unit_price_source": 'structured', "net_unit_yen": 42, "hourly_basis": 'unknown', "break_even_hours": 0.04}),
    ("ln-5553914-task-49", dict(site=LN, pay_type="タスク", price_text="49 円 / 件", title="お葬式をあげた方へのアンケート_ver121_002"),
     {"unit_price_yen": 49, "unit_price_source": 'structured', "net_unit_yen": 46, "hourly_basis": 'unknown', "break_even_hours": 0.04}),
    ("ln-5553927-task-55", dict(site=LN, pay_type="タスク", price_text="55 円 / 件", title="【男性限定】DMMオンラインクリニックでAGA治療を受けたことがある方、教えてください！"),
     {"unit_price_yen": 55, "unit_price_source": 'structured', "net_unit_yen": 52, "hourly_basis": 'unknown', "break_even_hours": 0.05}),
    ("ln-5550054-band", dict(site=LN, pay_type="プロジェクト", price_text="20,000 円 ~ 50,000 円 / 固定", title="（①面談アポ取得・②面談担当者募集）◆システム開発会社への「開発リソース（外注先）」の提案"),
     {"net_budget_min_yen": 18700, "net_budget_max_yen": 46750, "hourly_basis": 'unknown', "break_even_hours": 16.68}),
    ("ln-5554071-up-to", dict(site=LN, pay_type="プロジェクト", price_text="~ 5,000 円 / 固定", title="【AIツールモニター募集】記事生成＋フォーム回答｜X投稿・ITreview投稿できる方歓迎"),
     {"net_budget_max_yen": 4675, "hourly_basis": 'unknown', "break_even_hours": 4.17}),
    ("ln-5552094-no-yen", dict(site=LN, pay_type="プロジェクト", price_text="1,000 ~ 5,000 円 / 固定", title="【急募】AI利用OK！10分強のYouTube動画制作を依頼します（台本提供します）"),
     {"net_budget_min_yen": 935, "net_budget_max_yen": 4675, "hourly_basis": 'unknown', "break_even_hours": 0.83}),
    ("ln-5549926-contest-299", dict(site=LN, pay_type="コンペ", price_text="110,000 円", applicants=299, title="限定公開の仕事"),
     {"net_budget_min_yen": 102850, "net_budget_max_yen": 102850, "hourly_basis": 'unknown', "break_even_hours": 0.31, "expected_value_yen": 343, "risk_flags": ['contest_gamble']}),
    ("ln-5553637-contest-2", dict(site=LN, pay_type="コンペ", price_text="286,000 円", applicants=2, title="限定公開の仕事"),
     {"net_budget_min_yen": 267410, "net_budget_max_yen": 267410, "hourly_basis": 'unknown', "break_even_hours": 79.52, "expected_value_yen": 89137, "risk_flags": ['contest_gamble']}),
    ("ln-5552617-detail", dict(site=LN, pay_type="プロジェクト", price_text="300,000円 ~ 500,000円", title="【急募】EC運用業務のAIエージェント構築依頼"),
     {"net_budget_min_yen": 280500, "net_budget_max_yen": 467500, "hourly_basis": 'unknown', "break_even_hours": 250.22}),
    # Shufti guest API (price, unit_price, job_hourly_wage)
    ("sh-386479-100-400", dict(site=SH, pay_type="1", budget_min_yen="1000", budget_max_yen="1000", unit_price_yen="100", site_hourly_yen=400, title="【完全在宅・未経験OK】商品のリサーチ・価格チェック♪長期継続あり"),
     {"unit_price_yen": 100, "unit_price_source": 'structured', "net_unit_yen": 89, "net_budget_min_yen": 890, "net_budget_max_yen": 890, "net_hourly_yen": 256.7, "hourly_basis": 'site_estimate', "risk_flags": ['below_market']}),
    ("sh-349621-4200", dict(site=SH, pay_type="1", budget_min_yen="21000", budget_max_yen="21000", unit_price_yen="4200", site_hourly_yen=4200, title="男性・女性OK！ 未経験者大歓迎 高額 ★1件4200円★ 脱毛・美容サロンのモニター調査"),
     {"unit_price_yen": 4200, "unit_price_source": 'structured', "net_unit_yen": 3738, "net_budget_min_yen": 18690, "net_budget_max_yen": 18690, "net_hourly_yen": 2912.7, "hourly_basis": 'site_estimate'}),
    ("sh-385148-5-20", dict(site=SH, pay_type="1", budget_min_yen="500", budget_max_yen="500", unit_price_yen="5", site_hourly_yen=20, title="【簡単作業♪】ECサイトへの商品登録スタッフ募集｜スキマ時間OK｜子育て中のママさん大歓迎♪"),
     {"unit_price_yen": 5, "unit_price_source": 'structured', "net_unit_yen": 4, "net_budget_min_yen": 445, "net_budget_max_yen": 445, "net_hourly_yen": 12.8, "hourly_basis": 'site_estimate', "risk_flags": ['below_market']}),
    ("sh-379448-500-3000", dict(site=SH, pay_type="1", budget_min_yen="500", budget_max_yen="500", unit_price_yen="500", site_hourly_yen=3000, title="⭐【在宅10分!! 500円!】暮らしとお金の簡単アンケート⭐初心者歓迎!"),
     {"unit_price_yen": 500, "unit_price_source": 'structured', "net_unit_yen": 445, "net_budget_min_yen": 445, "net_budget_max_yen": 445, "net_hourly_yen": 1841.4, "hourly_basis": 'site_estimate'}),
    ("sh-360596-50-1000", dict(site=SH, pay_type="1", budget_min_yen="5000", budget_max_yen="5000", unit_price_yen="50", site_hourly_yen=1000, title="【未経験者さん歓迎♪】【アットホームな環境で楽しく長く♪】主婦さん、ママさん大歓迎♪商品登録のお仕事です(^^♪"),
     {"unit_price_yen": 50, "unit_price_source": 'structured', "net_unit_yen": 44, "net_budget_min_yen": 4450, "net_budget_max_yen": 4450, "net_hourly_yen": 460.3, "hourly_basis": 'site_estimate'}),
    ("sh-386049-60-450", dict(site=SH, pay_type="1", budget_min_yen="9000", budget_max_yen="9000", unit_price_yen="60", site_hourly_yen=450, title="【完全在宅】子どものそばでお小遣い稼ぎ♪洋服の撮影・採寸｜未経験OK"),
     {"unit_price_yen": 60, "unit_price_source": 'structured', "net_unit_yen": 53, "net_budget_min_yen": 8010, "net_budget_max_yen": 8010, "net_hourly_yen": 267.0, "hourly_basis": 'site_estimate', "risk_flags": ['below_market']}),
    ("sh-386425-5000-1000", dict(site=SH, pay_type="1", budget_min_yen="5000", budget_max_yen="5000", unit_price_yen="5000", site_hourly_yen=1000, title="【固定5,000円＋追加手当】完全在宅のテレアポ・日程調整！専用発信アプリ支給（通話料負担ゼロ／面談なし・即日契約）"),
     {"unit_price_yen": 5000, "unit_price_source": 'structured', "net_unit_yen": 4450, "net_budget_min_yen": 4450, "net_budget_max_yen": 4450, "net_hourly_yen": 708.2, "hourly_basis": 'site_estimate'}),
    ("sh-386153-40-300", dict(site=SH, pay_type="1", budget_min_yen="8000", budget_max_yen="8000", unit_price_yen="40", site_hourly_yen=300, title="【急募】初心者さん大歓迎◎BUYMAでの出品作業依頼"),
     {"unit_price_yen": 40, "unit_price_source": 'structured', "net_unit_yen": 35, "net_budget_min_yen": 7120, "net_budget_max_yen": 7120, "net_hourly_yen": 178.0, "hourly_basis": 'site_estimate', "risk_flags": ['below_market']}),
    # Shufti rendered job pages (rendered_jobs_2025-04.txt): titles only
    ("sh-370913-per-char", dict(site=SH, title="【1文字1.5円～】記事作成のお仕事！太田市の街の魅力を発信！２つから自由に選択可能です。マニュアル完備♪c011"),
     {"yen_per_char": 1.5, "unit_price_source": 'title', "net_hourly_yen": 667.5, "hourly_basis": 'writing_speed'}),
    ("sh-370552-fullwidth", dict(site=SH, title="１件５０円【完全在宅・マニュアル完備♪】自宅でコピペ！簡単作業"),
     {"unit_price_yen": 50, "unit_price_source": 'title', "net_unit_yen": 44, "hourly_basis": 'unknown', "break_even_hours": 0.04}),
    ("sh-369277-hourly-title", dict(site=SH, title="【在宅事務】平日の日中に働きたい方！｜時給1100円～1200円スタート！"),
     {"unit_price_source": 'title', "net_hourly_yen": 979.0, "hourly_basis": 'stated'}),
    ("sh-370611-hourly-open", dict(site=SH, title="＼長期契約の在宅事務／ママの仕事復帰歓迎！週3日・1日3時間～OK！｜時給1200円～"),
     {"unit_price_source": 'title', "net_hourly_yen": 1068.0, "hourly_basis": 'stated'}),
    ("sh-370865-per-item", dict(site=SH, title="【主婦様向け/１件60円】海外向けECサイトへ出品するための商品リサーチのお仕事　好きな時間　好きな場所でお仕事可能！"),
     {"unit_price_yen": 60, "unit_price_source": 'title', "net_unit_yen": 53, "hourly_basis": 'unknown', "break_even_hours": 0.05}),
    ("sh-364780-two-items", dict(site=SH, title="☆★7000円/2件★☆オンライン限定！【IT・エンジニア経験者限定】転職サービスなどの調査"),
     {"unit_price_yen": 3500, "unit_price_source": 'title', "net_unit_yen": 3115, "hourly_basis": 'unknown', "break_even_hours": 2.78}),
    ("sh-370917-man", dict(site=SH, title="急募★２万円★データ入力★女性限定★未経験者歓迎★完全在宅ワークファッションサイトの商品登録"),
     {"net_budget_min_yen": 17800, "net_budget_max_yen": 17800, "hourly_basis": 'unknown', "break_even_hours": 15.88}),
    ("sh-370904-range", dict(site=SH, title="アパレル商品の撮影・採寸のお仕事　給料1万円から5万円"),
     {"net_budget_min_yen": 8900, "net_budget_max_yen": 44500, "hourly_basis": 'unknown', "break_even_hours": 7.94}),]
FIELDS = ("unit_price_yen", "yen_per_char", "unit_price_source", "net_unit_yen", "net_budget_min_yen",
          "net_budget_max_yen", "net_hourly_yen", "hourly_basis", "break_even_hours", "expected_value_yen",
          "risk_flags")


def _derived(raw: dict) -> dict:
    row = normalize_gig(Gig(listing_id="golden", crawled_at=CRAWLED_AT, **raw))
    row.update(derive(row))
    return row


ROWS = {name: _derived(raw) for name, raw, _ in GOLDEN}
CHECKS = [(name, field, expected.get(field, [] if field == "risk_flags" else None))
          for name, _, expected in GOLDEN for field in FIELDS]


def test_the_table_has_at_least_40_real_listings():
    assert len(GOLDEN) >= 40


@pytest.mark.parametrize(("name", "field", "expected"), CHECKS, ids=[f"{n}:{f}" for n, f, _ in CHECKS])
def test_golden(name, field, expected):
    assert ROWS[name][field] == expected


# --- the same listings read from the real pages by the spiders (`tanka parse`) ---------------------
PAGES = {
    "cw": (CW, "jobs_new.json"),
    "ln": (LN, "search_keyword_ai.html"),
    "lncards": (LN, "cards_task_input.html"),
    "sh": (SH, "guest_jobs_tag1_p1.json"),
}
# golden case → (page, listing id); fields a list page can show (no detail-only values).
FROM_PAGES = {
    "cw-13086634-writing": ("cw", "13086634"), "cw-13086610-task": ("cw", "13086610"),
    "cw-13074787-task": ("cw", "13074787"), "cw-13086589-hourly": ("cw", "13086589"),
    "cw-13086615-contest": ("cw", "13086615"), "cw-13086633-fixed": ("cw", "13086633"),
    "cw-13086632-fixed-title-minutes": ("cw", "13086632"), "cw-13086621-survey-project": ("cw", "13086621"),
    "cw-13086561-many-slots": ("cw", "13086561"), "cw-13086627-negotiable": ("cw", "13086627"),
    "ln-5553931-task-22": ("ln", "5553931"), "ln-5550054-band": ("ln", "5550054"),
    "ln-5549926-contest-299": ("ln", "5549926"), "ln-5553637-contest-2": ("ln", "5553637"),
    "sh-386479-100-400": ("sh", "386479"), "sh-385148-5-20": ("sh", "385148"),
    "sh-379448-500-3000": ("sh", "379448"), "sh-349621-4200": ("sh", "349621"),
}
PAGE_FIELDS = ("net_hourly_yen", "hourly_basis", "net_unit_yen", "break_even_hours", "expected_value_yen")


@pytest.fixture(scope="module")
def parsed_pages() -> dict[str, dict[str, dict]]:
    out = {}
    for key, (site, name) in PAGES.items():
        path = shared_page(site, name)
        crawled = datetime.fromisoformat(CRAWLED_AT)
        rows = listing_rows(parse_saved_page(site, path, crawled_at=crawled), None, crawled)
        out[key] = {row["listing_id"]: row for row in rows}
    return out


@pytest.mark.parametrize(("name", "field"), [(n, f) for n in FROM_PAGES for f in PAGE_FIELDS])
def test_real_pages_give_the_golden_values(parsed_pages, name, field):
    page, listing_id = FROM_PAGES[name]
    expected = dict(GOLDEN_BY_NAME[name]).get(field)
    assert parsed_pages[page][listing_id][field] == expected


GOLDEN_BY_NAME = {name: expected for name, _, expected in GOLDEN}


def test_tanka_parse_prints_the_derived_columns(capsys):
    path = shared_page(CW, "jobs_new.json")
    assert main(["parse", CW, str(path), "--crawled-at", CRAWLED_AT]) == 0
    rows = {r["listing_id"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    writing = rows["13086634"]
    assert {k: writing[k] for k in ("net_hourly_yen", "hourly_basis", "yen_per_char", "break_even_hours", "score",
                                    "risk_flags", "dup_group")} == {
        "net_hourly_yen": 514.8, "hourly_basis": "writing_speed", "yen_per_char": 1.2, "break_even_hours": None,
        "score": writing["score"], "risk_flags": [], "dup_group": None}
    assert reason_texts(writing["score_reasons"])[0] == "¥515/h net (1.2円/字 at 500字/h) — under half the minimum wage"
