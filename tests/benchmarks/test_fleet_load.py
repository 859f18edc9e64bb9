"""The fleet benchmark's own arithmetic and table (benchmarks/fleet/load.py): what x10 of
Huế's peak means per gate and per second, how the headroom stages step, and when a stage
holds. Nothing here is timed; the benchmark itself measures."""

import pytest

from benchmarks.fleet import load


def endpoint(name, latencies=(), errors=0):
    return load.Endpoint(name, list(latencies), errors)


def test_the_city_peak_is_dai_noi_and_its_shares():
    assert load.city_peak_entries() == pytest.approx(1500 * 1.9)


def test_ten_times_the_peak_in_requests_a_second():
    rates = load.rates(10, gates=200)
    entries = 2850 * 10 / 3600
    assert rates.taps == pytest.approx(entries * 2.08)
    assert rates.heartbeats == pytest.approx(200 / 30)
    assert rates.snapshots == pytest.approx(200 / 60)
    assert rates.full_snapshots == pytest.approx(200 / 3600)
    assert rates.pages == pytest.approx(entries * 8)
    assert rates.card_views == pytest.approx(3 * rates.card_lookups)
    # a look-up is the form, the code posted and the card page's first view
    assert rates.visitor_requests == pytest.approx(
        rates.pages + 2 * rates.card_lookups + rates.card_views
    )
    assert rates.total == pytest.approx(
        rates.taps + rates.heartbeats + rates.snapshots + rates.visitor_requests
    )
    assert load.visitor_users(rates, per_user=0.5) == pytest.approx(
        (rates.pages + rates.card_views) / 0.5, abs=1
    )


def test_gates_share_every_monuments_taps_and_each_has_an_entry_and_an_exit():
    gates = load.plan_gates(200)
    assert len(gates) == 200
    for code in load.SITE_SHARES:
        directions = {g.direction for g in gates if g.site == code}
        assert directions == {"entry", "exit"}
    per_hour = sum(g.taps_per_hour_at_peak for g in gates)
    assert per_hour == pytest.approx(load.rates(1, 200).taps * 3600)
    busiest = max(load.SITE_SHARES, key=load.SITE_SHARES.get)
    assert max(gates, key=lambda g: sum(1 for h in gates if h.site == g.site)).site == busiest


def test_too_few_gates_for_the_monuments_is_refused():
    with pytest.raises(ValueError, match="at least 10 gates"):
        load.plan_gates(9)


def test_stages_double_then_split_the_difference():
    assert load.next_multiple([], [], 10) == 10
    assert load.next_multiple([10], [], 10) == 20
    assert load.next_multiple([10, 20, 40], [], 10) == 80
    assert load.next_multiple([10, 20], [40], 10) == 28
    assert load.next_multiple([10, 20, 28], [40], 10) == 33
    assert load.next_multiple([10, 20, 28, 33], [40], 10) is None  # close enough
    assert load.next_multiple([], [10], 10) == 5
    assert load.next_multiple([], [10, 5, 2.5, 1.25], 10) is None  # not below x1


def test_a_stage_holds_without_errors_within_the_bounds_at_the_planned_load():
    planned = load.rates(10, 200)
    fast = [0.02] * 99 + [0.5]
    requests = round(planned.total * 10)
    endpoints = {
        "relic page (cacheable)": endpoint("relic page (cacheable)", fast * (requests // 100)),
        "gate: snapshot (full)": endpoint("gate: snapshot (full)", [4.0, 6.0]),
    }
    stage = load.Stage(10, 10, planned, endpoints)
    assert stage.problems() == []  # a full snapshot answers within the gate's 10 s deadline

    endpoints["gate: tap batch"] = endpoint("gate: tap batch", [0.05] * 98 + [1.5, 2.0], 1)
    problems = load.Stage(10, 10, planned, endpoints).problems()
    assert problems == ["gate: tap batch: 1 errors", "gate: tap batch: p99 1.50 s > 1 s"]

    # The access code is checked like a password (slow on purpose): it has a bound of its own.
    endpoints.pop("gate: tap batch")
    endpoints[load.CODE_POSTED] = endpoint(load.CODE_POSTED, [0.5] * 98 + [1.8, 1.9])
    assert load.Stage(10, 10, planned, endpoints).problems() == []
    endpoints[load.CODE_POSTED] = endpoint(load.CODE_POSTED, [0.5] * 97 + [2.2] * 3)
    problems = load.Stage(10, 10, planned, endpoints).problems()
    assert problems == ["card look-up (code posted): p99 2.20 s > 2 s"]

    starved = load.Stage(10, 100, planned, {"x": endpoint("x", [0.01] * 10)})
    assert starved.problems()[0].startswith("offered 0.1 req/s of the 93.8 planned")


def test_the_table_and_the_headroom_in_words():
    rows = load.table([endpoint("card page", [0.004, 0.012, 1.5], 2), endpoint("silent")])
    assert rows[0].split() == [
        *("endpoint", "requests", "p50", "ms", "p99", "ms", "errors", "p99", "bound")
    ]
    assert rows[1].split() == ["card", "page", "5", "12", "1,500", "2", "1,000"]
    assert rows[2].split() == ["silent", "0", "-", "-", "0", "1,000"]
    assert load.headroom([10, 20], [40]) == "this machine holds x20 Huế's peak hour (x40 missed)"
    assert load.headroom([10], []).endswith("(no stage missed: it may hold more)")
    assert load.headroom([], [10, 5]).startswith("not even x5 ")
    lines = load.describe(load.rates(10, 200), 200)
    assert "Đại Nội ~1,500 entries" in lines[0] and "2,850 entries city-wide" in lines[0]
    assert lines[1].startswith("x10 of it: 16.5 taps/s over 200 gates")
