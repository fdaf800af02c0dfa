//! Timelines: TimelineJS3 JSON and vis-timeline items and groups, one entry per event.

use std::io::{self, Write};

use serde_json::{json, Value};

use std::collections::BTreeSet;

use super::{write_json_array, ExportEvent, ExportGraph};

fn headline(e: &ExportEvent) -> String {
    format!("{}: {}", e.kind, e.participants.join(" – "))
}

/// The sources a reader can open: web addresses. Other sources are where an article was read
/// from (a file path on the machine that ingested it), which means nothing to a reader.
fn web_sources(e: &ExportEvent) -> impl Iterator<Item = &str> {
    e.sources
        .iter()
        .map(String::as_str)
        .filter(|s| s.starts_with("https://") || s.starts_with("http://"))
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A slide's text: the date as reported, the status, and links to the sources on the web.
fn slide_text(e: &ExportEvent) -> String {
    let mut text = escape_html(&format!(
        "{} ({})",
        e.date.as_deref().unwrap_or("undated"),
        e.status
    ));
    let links: Vec<String> = web_sources(e)
        .map(|url| {
            let url = escape_html(url);
            format!("<a href=\"{url}\">{url}</a>")
        })
        .collect();
    if !links.is_empty() {
        text.push_str("<br>");
        text.push_str(&links.join("<br>"));
    }
    text
}

/// TimelineJS3 wants dates as year, month and day parts, without leading zeros.
fn date_parts(date: &str) -> Value {
    let mut parts = date
        .split('-')
        .map(|p| p.trim_start_matches('0').to_string());
    let mut obj = serde_json::Map::new();
    for key in ["year", "month", "day"] {
        if let Some(p) = parts.next().filter(|p| !p.is_empty()) {
            obj.insert(key.to_string(), Value::String(p));
        }
    }
    Value::Object(obj)
}

pub fn timelinejs(g: &ExportGraph<'_>, out: &mut impl Write) -> io::Result<()> {
    out.write_all(br#"{"title":{"text":{"headline":"eventgraph","text":"Events from news articles"}},"events":"#)?;
    write_json_array(
        out,
        g.events().filter_map(|e| {
            let start = e.start.as_deref()?;
            let mut item = json!({
                "unique_id": format!("event-{}", e.id),
                "start_date": date_parts(start),
                "text": {"headline": escape_html(&headline(&e)), "text": slide_text(&e)},
                "group": e.kind,
            });
            if let Some(end) = e.end.as_deref().filter(|end| *end != start) {
                item["end_date"] = date_parts(end);
            }
            Some(item)
        }),
    )?;
    out.write_all(b"}")
}

pub fn vis(g: &ExportGraph<'_>, out: &mut impl Write) -> io::Result<()> {
    let mut kinds: BTreeSet<String> = BTreeSet::new();
    out.write_all(br#"{"items":"#)?;
    write_json_array(
        out,
        g.events().filter_map(|e| {
            let start = e.start.as_deref()?;
            kinds.insert(e.kind.clone());
            let title = web_sources(&e).collect::<Vec<_>>().join(" ");
            let mut item = json!({"id": e.id, "content": headline(&e), "start": start, "group": e.kind, "title": title});
            if let Some(end) = e.end.as_deref().filter(|end| *end != start) {
                item["end"] = json!(end);
                item["type"] = json!("range");
            }
            Some(item)
        }),
    )?;
    out.write_all(br#","groups":"#)?;
    write_json_array(out, kinds.iter().map(|k| json!({"id": k, "content": k})))?;
    out.write_all(b"}")
}
