"""pipelines.validate.problems: values the store cannot hold become unknown, and are counted."""

from tanka.normalize.validate import problems


def row(**values):
    return {"site": "crowdworks", "listing_id": "1", "status": "open", "title": "記事作成", "url": "https://x/1",
            "pay_type": "fixed", "price_text": "5,000円", **values}


def test_a_lone_surrogate_in_a_text_is_replaced_and_counted():
    values = row(description="説明\ud800です")
    _, invalid = problems(values)
    assert (invalid, values["description"]) == (["description"], "説明\ufffdです")


def test_a_lone_surrogate_inside_the_raw_values_is_found():
    values = row(raw={"tags": ["ok", "bad\udc00"]})
    _, invalid = problems(values)
    assert (invalid, values["raw"]) == (["raw"], {"tags": ["ok", "bad\ufffd"]})


def test_sound_text_is_left_alone():
    assert problems(row(description="普通の説明 🙂"))[1] == []


def test_no_price_at_all_is_counted_as_missing_price():
    assert "price" in problems(row(price_text=None))[0]
