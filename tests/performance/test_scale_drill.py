"""The scale drill's arithmetic and its load balancer's configuration (bench/drill/figures.py).

The drill itself (`make scale-drill`) starts real engines and is too heavy for the suite; what it
computes from what it saw is checked here.
"""

from bench.drill import figures
from bench.drill.figures import Request


def _answers():
    return [
        Request(10.0, "page: search", 200, True),
        Request(10.5, "page: search", 200, True),
        Request(11.0, "api: log hours", 502, False),
        Request(11.2, "page: home", 0, False),
        Request(12.0, "api: log hours", 201, True),
        Request(19.9, "page: home", 200, True),
        Request(20.0, "page: home", 200, True),  # at the end: outside [10, 20)
    ]


def test_a_window_counts_what_ended_inside_it():
    measured = figures.window(_answers(), 10.0, 20.0)
    assert measured == {
        "seconds": 10.0,
        "requests": 6,
        "per_second": 0.6,
        "failures": 2,
        "failed_statuses": {0: 1, 502: 1},
    }
    assert figures.window(_answers(), 30.0, 40.0)["requests"] == 0


def test_the_ratio_is_the_mean_of_the_two_node_windows_over_the_one_node_window():
    assert figures.ratio([180.0, 200.0], 100.0) == 1.9
    assert figures.ratio([], 100.0) is None
    assert figures.ratio([100.0], 0) is None


def test_errors_are_told_apart_by_kind_and_near_a_kill():
    seen = figures.errors_seen(_answers())
    assert (seen["total"], seen["connection"], seen["server_5xx"], seen["other"]) == (2, 1, 1, 0)
    assert seen["by_request"] == {"api: log hours [502]": 1, "page: home [0]": 1}
    assert figures.near(_answers(), 10.9) == 2
    assert figures.near(_answers(), 11.1, seconds=0.5) == 1
    assert figures.near(_answers(), 12.0) == 0


def test_lost_writes_are_acknowledged_ids_missing_from_the_rows():
    assert figures.lost_writes([1, 2, 3], [1, 2, 3, 4]) == {
        "acknowledged": 3,
        "found": 3,
        "lost": 0,
        "stored_not_acknowledged": 1,  # the answer was lost on the way back, the row was kept
    }
    assert figures.lost_writes([1, 2, 3], [1, 3])["lost"] == 1


def test_a_duplicate_mail_is_a_second_message_to_the_same_address():
    assert figures.duplicate_mail(["a@x", "b@x", "c@x"]) == {"messages": 3, "addresses": 3, "duplicates": 0}
    assert figures.duplicate_mail(["a@x", "b@x", "a@x", "a@x"])["duplicates"] == 2


def test_percentiles_by_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert figures.percentile(values, 0.5) == 50.0
    assert figures.percentile(values, 0.95) == 95.0
    assert figures.percentile([3.0], 0.95) == 3.0
    assert figures.percentile([], 0.5) is None


def test_one_limit_across_nodes_lets_exactly_the_limit_through_whichever_node_answers():
    shared = [("web1", 201), ("web2", 201), ("web1", 201), ("web2", 429), ("web1", 429)]
    result = figures.limit_across_nodes(shared, 3)
    assert result["one_limit"]
    assert result["allowed_by_node"] == {"web1": 2, "web2": 1}
    assert result["refused_by_node"] == {"web1": 1, "web2": 1}
    # A limit per process would have let each node allow three.
    per_node = [("web1", 201), ("web2", 201), ("web1", 201), ("web2", 201), ("web1", 201), ("web2", 201), ("web1", 429)]
    assert not figures.limit_across_nodes(per_node, 3)["one_limit"]


def test_haproxy_checks_the_nodes_and_retries_only_what_cannot_have_written():
    config = figures.haproxy_config(port=8120, servers=[("web1", 8121), ("web2", 8122)], per_server=4, stats_port=8129)
    assert "bind 127.0.0.1:8120" in config
    assert "server web1 127.0.0.1:8121 check" in config and "server web2 127.0.0.1:8122 check" in config
    assert "option httpchk GET /healthz" in config
    assert "http-request disable-l7-retry unless METH_GET || METH_HEAD" in config
    assert "maxconn 4" in config  # no more at once than a node has threads: health checks stay fast
    assert "bind 127.0.0.1:8129" in config
    assert "0.0.0.0" not in config  # loopback only
    assert "listen stats" not in figures.haproxy_config(port=8120, servers=[("web1", 8121)], per_server=4)
