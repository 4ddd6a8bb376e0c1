"""``prepared_rows`` hands a text column on as the bytes PostgreSQL sent when asked, the same text either way."""

import pytest

from argmap.selectors.prepared import prepared_rows

TEXT = '引用 "quoted" \\ 😀 \u2028 𠮷 ascii'


@pytest.mark.django_db
def test_text_comes_as_its_utf8_bytes_when_asked():
    sql = "SELECT %s::text, row_to_json(r)::text FROM (SELECT %s::text AS t) r"
    as_text = prepared_rows(sql, [TEXT, TEXT])[0]
    as_bytes = prepared_rows(sql, [TEXT, TEXT], text_as_bytes=True)[0]
    assert as_bytes == tuple(value.encode() for value in as_text)
    assert as_bytes[0] == TEXT.encode()
    # the connection's own cursors still read str
    assert prepared_rows(sql, [TEXT, TEXT])[0] == as_text
