//! Timelines: TimelineJS3 JSON and vis-timeline items and groups, one entry per event.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{ExportEvent, ExportGraph};

fn headline(e: &ExportEvent) -> String {
    format!("{}: {}", e.event.kind, e.participants.join(" – "))
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

pub fn timelinejs(g: &ExportGraph, out: &mut impl Write) -> io::Result<()> {
    let events: Vec<Value> = g
        .events
        .iter()
        .filter_map(|e| {
            let start = e.event.date_start.as_deref()?;
            let mut item = json!({
                "unique_id": format!("event-{}", e.event.id),
                "start_date": date_parts(start),
                "text": {"headline": headline(e), "text": e.event.sources.join("<br>")},
                "group": e.event.kind,
            });
            if let Some(end) = e.event.date_end.as_deref().filter(|end| *end != start) {
                item["end_date"] = date_parts(end);
            }
            Some(item)
        })
        .collect();
    let doc = json!({"title": {"text": {"headline": "eventgraph", "text": "Events from news articles"}}, "events": events});
    serde_json::to_writer(out, &doc).map_err(io::Error::other)
}

pub fn vis(g: &ExportGraph, out: &mut impl Write) -> io::Result<()> {
    let items: Vec<Value> = g
        .events
        .iter()
        .filter_map(|e| {
            let start = e.event.date_start.as_deref()?;
            let mut item = json!({"id": e.event.id, "content": headline(e), "start": start, "group": e.event.kind, "title": e.event.sources.join(" ")});
            if let Some(end) = e.event.date_end.as_deref().filter(|end| *end != start) {
                item["end"] = json!(end);
                item["type"] = json!("range");
            }
            Some(item)
        })
        .collect();
    let mut kinds: Vec<&str> = g.events.iter().map(|e| e.event.kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let groups: Vec<Value> = kinds
        .iter()
        .map(|k| json!({"id": k, "content": k}))
        .collect();
    serde_json::to_writer(out, &json!({"items": items, "groups": groups})).map_err(io::Error::other)
}
