"""/healthz: what a load balancer and the load benchmark ask (showcase/views.py)."""


def test_healthz_answers_ok_without_touching_the_database(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    # Never kept by the page cache or a CDN: a stale "ok" would hide a dead server.
    assert "no-store" in response["Cache-Control"]
    assert "X-Page-Cache" not in response or response["X-Page-Cache"] != "hit"
