//! Any bytes as a scraped text article: the parser either refuses them with an error or the
//! extractor reads them, and every offset it reports lies on a character boundary.
#![no_main]

use eventgraph::article::{parse_text, Limits};
use eventgraph::extract::Extractor;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(article) = parse_text(data, Limits::default()) else {
        return;
    };
    let extraction = Extractor::default().extract(&article);
    let text = &article.text;
    for m in &extraction.mentions {
        assert!(m.start <= m.end && text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
    }
    for t in &extraction.times {
        assert!(t.start <= t.end && text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
    }
    for event in &extraction.events {
        for e in &event.evidence {
            assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
        }
    }
});
