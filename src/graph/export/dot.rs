//! Graphviz DOT, with every label escaped.

use std::io::{self, Write};

use super::ExportGraph;

/// A DOT double-quoted string: backslashes, quotes and line breaks escaped.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn write(g: &ExportGraph<'_>, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "graph eventgraph {{")?;
    for n in g.nodes() {
        writeln!(
            out,
            "  {} [label={}, kind={}];",
            quoted(&n.id),
            quoted(&n.label),
            quoted(&n.kind)
        )?;
    }
    for e in g.edges() {
        writeln!(
            out,
            "  {} -- {} [weight={}, label={}, first={}, last={}];",
            quoted(&e.source),
            quoted(&e.target),
            e.weight,
            quoted(&e.kinds.join(", ")),
            quoted(e.first.as_deref().unwrap_or("")),
            quoted(e.last.as_deref().unwrap_or(""))
        )?;
    }
    writeln!(out, "}}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn labels_are_escaped() {
        assert_eq!(
            super::quoted("a \"b\" \\ c\nd"),
            "\"a \\\"b\\\" \\\\ c\\nd\""
        );
    }
}
