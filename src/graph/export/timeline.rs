//! Timelines: TimelineJS3 JSON and vis-timeline items and groups, one entry per event.

use std::io::{self, Write};

use serde_json::{json, Value};

use std::collections::BTreeSet;

use super::{write_json_array, ExportEvent, ExportGraph};

fn headline(e: &ExportEvent) -> String {
    format!("{}: {}", e.kind, e.participants.join(" – "))
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
                "text": {"headline": headline(&e), "text": e.sources.join("<br>")},
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
            let mut item = json!({"id": e.id, "content": headline(&e), "start": start, "group": e.kind, "title": e.sources.join(" ")});
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
