//! CSV of nodes and of edges, for spreadsheets and any tool that reads tables.

use std::io::{self, Write};

use super::ExportGraph;

pub fn nodes(g: &ExportGraph<'_>, out: &mut impl Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id",
        "label",
        "kind",
        "country",
        "first",
        "last",
        "active_days",
    ])?;
    for n in g.nodes() {
        let days = n.dates.len().to_string();
        w.write_record([
            n.id.as_str(),
            n.label.as_str(),
            n.kind.as_str(),
            n.country.as_deref().unwrap_or(""),
            n.first().map_or("", String::as_str),
            n.last().map_or("", String::as_str),
            days.as_str(),
        ])?;
    }
    w.flush()
}

pub fn edges(g: &ExportGraph<'_>, out: &mut impl Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "source",
        "target",
        "source_label",
        "target_label",
        "weight",
        "kinds",
        "first",
        "last",
        "events",
        "sources",
    ])?;
    for e in g.edges() {
        let events: Vec<String> = e.events.iter().map(i64::to_string).collect();
        w.write_record([
            e.source.as_str(),
            e.target.as_str(),
            e.source_label.as_str(),
            e.target_label.as_str(),
            &e.weight.to_string(),
            &e.kinds.join(","),
            e.first.as_deref().unwrap_or(""),
            e.last.as_deref().unwrap_or(""),
            &events.join(","),
            &e.sources.join(" "),
        ])?;
    }
    w.flush()
}
