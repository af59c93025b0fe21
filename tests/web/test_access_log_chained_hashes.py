"""The access log writes a list's records with hashes worked out field by field once for what the
records share: they must be the very hashes the chain's definition gives (what `verify` checks)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sightline.web.accesslog import chain

AT = dt.datetime(2025, 3, 31, 9, 30, 15, 123456, tzinfo=dt.UTC)
text = st.text(max_size=12)  # any characters: quotes, backslashes, accents, emoji
value = st.one_of(st.none(), text, st.integers(-5, 10**12), st.booleans())


@given(
    shared=st.fixed_dictionaries(
        {
            "username": text,
            "role": text,
            "what": text,
            "path": text,
            "ip": st.sampled_from(["", None, "10.0.0.1"]),
            "children_shown": st.integers(0, 500),
            "detail": text,
            "snapshot_ids": text,
        },
    ),
    varying=st.lists(
        st.fixed_dictionaries({"child_id": text, "kind": value}), min_size=1, max_size=6
    ),
    prev=st.text(alphabet="0123456789abcdef", max_size=64),
)
def test_the_hashes_of_a_list_are_the_chains_own(shared, varying, prev):
    records = [{**shared, **fields, "at": AT, "seq": 1000 + i} for i, fields in enumerate(varying)]
    expected, link = [], prev
    for record in records:
        link = chain.record_hash(link, record)
        expected.append(link)
    assert chain.chained_hashes(prev, records) == expected


def test_a_record_without_every_field_hashes_as_the_definition_does():
    records = [
        {"seq": 1, "at": "2025-03-31T09:30:00", "username": "a"},
        {"seq": 2, "username": "a"},
    ]
    first = chain.record_hash("", records[0])
    assert chain.chained_hashes("", records) == [first, chain.record_hash(first, records[1])]


@pytest.mark.django_db
def test_a_record_without_an_address_stores_none_as_the_field_would():
    # the list writer passes plain strings and numbers through as they are: an empty address must
    # still be stored as the field stores it (no address), not as an empty string
    from sightline.web.accesslog import services
    from sightline.web.accesslog.models import AccessEntry

    [written] = services.write(None, [{"what": "a list", "ip": ""}])
    assert AccessEntry.objects.get(seq=written["seq"]).ip is None
    assert not list(services.verify())


@pytest.mark.django_db
def test_a_list_is_stored_record_for_record_as_written():
    # one statement writes the whole list (on PostgreSQL, shared values once and the rest as
    # arrays): every record must come back as written, whichever fields differ between them
    from sightline.web.accesslog import services
    from sightline.web.accesslog.models import AccessEntry

    entries = [
        {"what": "a list", "child_id": 'O\'Brien \\ "C1"', "ip": "", "children_shown": 3},
        {"what": "a list", "child_id": "Zoë 🙂", "ip": "10.0.0.1", "children_shown": 3},
        {"what": "another", "child_id": "C3", "ip": "2001:db8::1", "children_shown": 0},
    ]
    written = services.write(None, entries)
    stored = AccessEntry.objects.filter(seq__in=[w["seq"] for w in written]).order_by("seq")
    assert [(e.what, e.child_id, e.ip, e.children_shown, e.hash) for e in stored] == [
        (w["what"], w["child_id"], w["ip"] or None, w["children_shown"], w["hash"]) for w in written
    ]
    assert len({e.at for e in stored}) == 1
    assert not list(services.verify())
