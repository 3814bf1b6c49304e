"""A crawl whose database stays locked loses nothing: its rows are saved, then `tanka load`ed."""

from contextlib import contextmanager
from datetime import UTC, datetime

from scrapy import Spider
from scrapy.utils.test import get_crawler

import pipelines.store as store_pipeline
from store import DatabaseLocked, connect
from store.unsaved import save_unsaved
from tanka import cli as tanka_cli
from tanka.items import Gig
from tanka.normalize.listing import normalize_gig

T0 = datetime(2026, 11, 2, 6, 7, tzinfo=UTC)


def rows():
    out = []
    for n in (1, 2):
        out.append(normalize_gig(Gig(site="lancers", listing_id=str(n), title=f"データ入力{n}", pay_type="タスク",
                                     price_text="22 円 / 件", crawled_at=T0.isoformat(), detail_status="fetched")))
    return out


def test_saved_rows_load_into_the_store(tmp_path, capsys):
    saved = save_unsaved(rows(), tmp_path / "unsaved", "lancers", T0)
    db = tmp_path / "t.duckdb"
    assert tanka_cli.main(["load", str(saved), "--db", str(db)]) == 0
    assert capsys.readouterr().err.strip() == "loaded 2 rows: 2 new, 0 changed"
    con = connect(db, read_only=True)
    assert con.execute("SELECT listing_id, unit_price_yen, score IS NOT NULL FROM listings ORDER BY 1").fetchall() \
        == [("1", 22, True), ("2", 22, True)]
    con.close()


def test_the_store_pipeline_saves_what_a_locked_store_refuses(tmp_path, monkeypatch):
    @contextmanager
    def locked(*args, **kwargs):
        raise DatabaseLocked("database is in use by another process")
        yield

    monkeypatch.setattr(store_pipeline, "open_store", locked)
    crawler = get_crawler(settings_dict={"TANKA_DB": str(tmp_path / "t.duckdb")})
    pipeline = store_pipeline.StorePipeline.from_crawler(crawler)
    crawler.spider = Spider(name="lancers")
    for row in rows():
        pipeline.process_item(row)
    pipeline.close_spider()
    saved = list((tmp_path / "unsaved").glob("lancers-*.jsonl"))
    assert len(saved) == 1
    assert len(saved[0].read_text(encoding="utf-8").splitlines()) == 2
    assert crawler.stats.get_value("tanka/errors/store_unavailable") == 1
