//! One real round trip over TCP: serve on a random port, ingest with a client, read back.

mod common;

use eventgraph::api::{self, Config};
use eventgraph::store::Store;

#[tokio::test]
async fn ingest_and_query_over_a_socket() {
    let store = Store::open_in_memory().await.expect("store");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(api::serve(
        listener,
        api::app(store, Config::default()).await.expect("app"),
    ));

    let client = reqwest::Client::new();
    let base = format!("http://{addr}");
    let response = client
        .post(format!("{base}/v1/articles"))
        .header("content-type", "text/plain")
        .body(common::fixture("same-call-other-outlet.txt"))
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), 201);
    let created: serde_json::Value = response.json().await.expect("json");
    assert_eq!(created["created"], true);

    let events: serde_json::Value = client
        .get(format!("{base}/v1/events?kind=call"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    let call = &events["events"][0];
    assert_eq!(common::names(call), vec!["Ingrid Solberg", "Rui Costa"]);

    let bad = client
        .post(format!("{base}/v1/articles"))
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .expect("post");
    assert_eq!(bad.status(), 400);
    assert_eq!(bad.headers()["content-type"], "application/problem+json");
    server.abort();
}
