//! GEXF 1.3, dynamic: node spells (the days a node was active) and edge start/end, for Gephi.

use std::io::{self, Write};

use quick_xml::events::{BytesDecl, Event};
use quick_xml::Writer;

use super::ExportGraph;

pub fn write(g: &ExportGraph<'_>, out: &mut impl Write) -> io::Result<()> {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("gexf")
        .with_attribute(("xmlns", "http://gexf.net/1.3"))
        .with_attribute(("version", "1.3"))
        .write_inner_content(|w| {
            w.create_element("meta").write_inner_content(|w| {
                w.create_element("creator")
                    .write_text_content(quick_xml::events::BytesText::new("eventgraph"))?;
                Ok(())
            })?;
            w.create_element("graph")
                .with_attribute(("mode", "dynamic"))
                .with_attribute(("defaultedgetype", "undirected"))
                .with_attribute(("timeformat", "date"))
                .write_inner_content(|w| {
                    attributes(w, "node", &[("kind", "string"), ("country", "string")])?;
                    attributes(
                        w,
                        "edge",
                        &[
                            ("kinds", "string"),
                            ("events", "string"),
                            ("sources", "string"),
                        ],
                    )?;
                    w.create_element("nodes").write_inner_content(|w| {
                        for n in g.nodes() {
                            w.create_element("node")
                                .with_attribute(("id", n.id.as_str()))
                                .with_attribute(("label", n.label.as_str()))
                                .write_inner_content(|w| {
                                    attvalues(
                                        w,
                                        &[
                                            ("kind", n.kind.clone()),
                                            ("country", n.country.clone().unwrap_or_default()),
                                        ],
                                    )?;
                                    if !n.dates.is_empty() {
                                        w.create_element("spells").write_inner_content(|w| {
                                            for d in &n.dates {
                                                w.create_element("spell")
                                                    .with_attribute(("start", d.as_str()))
                                                    .with_attribute(("end", d.as_str()))
                                                    .write_empty()?;
                                            }
                                            Ok(())
                                        })?;
                                    }
                                    Ok(())
                                })?;
                        }
                        Ok(())
                    })?;
                    w.create_element("edges").write_inner_content(|w| {
                        for e in g.edges() {
                            let weight = e.weight.to_string();
                            let mut edge = w
                                .create_element("edge")
                                .with_attribute(("id", e.id.as_str()))
                                .with_attribute(("source", e.source.as_str()))
                                .with_attribute(("target", e.target.as_str()))
                                .with_attribute(("weight", weight.as_str()));
                            if let (Some(first), Some(last)) = (&e.first, &e.last) {
                                edge = edge
                                    .with_attribute(("start", first.as_str()))
                                    .with_attribute(("end", last.as_str()));
                            }
                            let events: Vec<String> = e.events.iter().map(i64::to_string).collect();
                            edge.write_inner_content(|w| {
                                attvalues(
                                    w,
                                    &[
                                        ("kinds", e.kinds.join(",")),
                                        ("events", events.join(",")),
                                        ("sources", e.sources.join(" ")),
                                    ],
                                )
                            })?;
                        }
                        Ok(())
                    })?;
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(())
}

fn attributes<W: Write>(w: &mut Writer<W>, class: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
    w.create_element("attributes")
        .with_attribute(("class", class))
        .write_inner_content(|w| {
            for (id, kind) in attrs {
                w.create_element("attribute")
                    .with_attribute(("id", *id))
                    .with_attribute(("title", *id))
                    .with_attribute(("type", *kind))
                    .write_empty()?;
            }
            Ok(())
        })?;
    Ok(())
}

fn attvalues<W: Write>(w: &mut Writer<W>, values: &[(&str, String)]) -> io::Result<()> {
    w.create_element("attvalues").write_inner_content(|w| {
        for (key, value) in values {
            w.create_element("attvalue")
                .with_attribute(("for", *key))
                .with_attribute(("value", value.as_str()))
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}
