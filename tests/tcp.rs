//! One real round trip over TCP: serve on a random port, ingest with a client, read back.

mod common;

use eventgraph::api::{self, Config};
use eventgraph::store::Store;

/// The service over a fresh in-memory store, on a loopback port of its own.
async fn serve_on_a_free_port() -> (
    std::net::SocketAddr,
    tokio::task::JoinHandle<std::io::Result<()>>,
) {
    let store = Store::open_in_memory().await.expect("store");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = api::app(store, Config::default()).await.expect("app");
    (addr, tokio::spawn(api::serve(listener, app)))
}

#[tokio::test]
async fn ingest_and_query_over_a_socket() {
    let (addr, server) = serve_on_a_free_port().await;

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

/// Sends one raw request and reads the whole answer (the server closes or the head and body
/// arrive): status line, headers and body.
async fn raw_exchange(addr: std::net::SocketAddr, request: Vec<u8>) -> (u16, String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    // hyper may answer and close before it has read everything: a failed write is fine.
    let _ = stream.write_all(&request).await;
    let mut answer = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&chunk[..n]),
        }
        let text = String::from_utf8_lossy(&answer);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length: ")
                        .map(str::to_string)
                })
                .and_then(|v| v.trim().parse::<usize>().ok());
            if length.is_some_and(|n| body.len() >= n) {
                break;
            }
        }
    }
    let text = String::from_utf8_lossy(&answer).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_ascii_lowercase(), body.to_string())
}

#[tokio::test]
async fn oversized_heads_over_a_socket() {
    let (addr, server) = serve_on_a_free_port().await;
    let request = |uri: &str, headers: &str| {
        format!("GET {uri} HTTP/1.1\r\nhost: test\r\nconnection: close\r\n{headers}\r\n")
            .into_bytes()
    };

    // Within hyper's limits the service refuses, with a reason.
    let long_uri = format!("/v1/entities?q={}", "a".repeat(20_000));
    let (status, head, body) = raw_exchange(addr, request(&long_uri, "")).await;
    assert_eq!(status, 414, "{head}");
    assert!(
        head.contains("content-type: application/problem+json"),
        "{head}"
    );
    assert!(body.contains("\"detail\""), "{body}");

    let big_header = format!("x-filler: {}\r\n", "b".repeat(40_000));
    let (status, head, body) = raw_exchange(addr, request("/v1/events", &big_header)).await;
    assert_eq!(status, 431, "{head}");
    assert!(
        head.contains("content-type: application/problem+json"),
        "{head}"
    );
    assert!(body.contains("\"detail\""), "{body}");

    let (status, head, body) = raw_exchange(
        addr,
        b"BREW /v1/events HTTP/1.1\r\nhost: test\r\nconnection: close\r\n\r\n".to_vec(),
    )
    .await;
    assert_eq!(status, 405, "{head}");
    assert!(head.contains("allow: "), "{head}");
    assert!(body.contains("\"detail\""), "{body}");

    // Beyond them hyper answers by itself, before any layer of the service: a bare status.
    let longest = format!("/v1/entities?q={}", "a".repeat(70_000));
    let (status, head, body) = raw_exchange(addr, request(&longest, "")).await;
    assert_eq!((status, body.as_str()), (414, ""), "{head}");
    let many: String = (0..120).map(|i| format!("x-h{i}: 1\r\n")).collect();
    let (status, head, body) = raw_exchange(addr, request("/v1/events", &many)).await;
    assert_eq!((status, body.as_str()), (431, ""), "{head}");
    server.abort();
}
