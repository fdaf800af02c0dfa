//! GraphML 1.0 with declared keys for every attribute.

use std::io::{self, Write};

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use super::ExportGraph;

const NODE_KEYS: &[(&str, &str, &str)] = &[
    ("label", "label", "string"),
    ("kind", "kind", "string"),
    ("country", "country", "string"),
    ("first", "first", "string"),
    ("last", "last", "string"),
];
const EDGE_KEYS: &[(&str, &str, &str)] = &[
    ("weight", "weight", "int"),
    ("kinds", "kinds", "string"),
    ("first_date", "first", "string"),
    ("last_date", "last", "string"),
    ("events", "events", "string"),
    ("sources", "sources", "string"),
];

pub fn write(g: &ExportGraph<'_>, out: &mut impl Write) -> io::Result<()> {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("graphml")
        .with_attribute(("xmlns", "http://graphml.graphdrawing.org/xmlns"))
        .write_inner_content(|w| {
            for (class, keys) in [("node", NODE_KEYS), ("edge", EDGE_KEYS)] {
                for (id, name, kind) in keys {
                    w.create_element("key")
                        .with_attribute(("id", *id))
                        .with_attribute(("for", class))
                        .with_attribute(("attr.name", *name))
                        .with_attribute(("attr.type", *kind))
                        .write_empty()?;
                }
            }
            w.create_element("graph")
                .with_attribute(("id", "eventgraph"))
                .with_attribute(("edgedefault", "undirected"))
                .write_inner_content(|w| {
                    for n in g.nodes() {
                        let values = [
                            ("label", n.label.clone()),
                            ("kind", n.kind.clone()),
                            ("country", n.country.clone().unwrap_or_default()),
                            ("first", n.first().cloned().unwrap_or_default()),
                            ("last", n.last().cloned().unwrap_or_default()),
                        ];
                        w.create_element("node")
                            .with_attribute(("id", n.id.as_str()))
                            .write_inner_content(|w| data(w, &values))?;
                    }
                    for e in g.edges() {
                        let events: Vec<String> = e.events.iter().map(i64::to_string).collect();
                        let values = [
                            ("weight", e.weight.to_string()),
                            ("kinds", e.kinds.join(",")),
                            ("first_date", e.first.clone().unwrap_or_default()),
                            ("last_date", e.last.clone().unwrap_or_default()),
                            ("events", events.join(",")),
                            ("sources", e.sources.join(" ")),
                        ];
                        w.create_element("edge")
                            .with_attribute(("id", e.id.as_str()))
                            .with_attribute(("source", e.source.as_str()))
                            .with_attribute(("target", e.target.as_str()))
                            .write_inner_content(|w| data(w, &values))?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(())
}

fn data<W: Write>(w: &mut Writer<W>, values: &[(&str, String)]) -> io::Result<()> {
    for (key, value) in values.iter().filter(|(_, v)| !v.is_empty()) {
        w.create_element("data")
            .with_attribute(("key", *key))
            .write_text_content(BytesText::new(value))?;
    }
    Ok(())
}
