//! Any bytes as a JSON article and as an NDJSON batch: parsed or refused, never a panic; every
//! article accepted is extracted.
#![no_main]

use eventgraph::article::{parse_json, parse_ndjson, Limits};
use eventgraph::extract::Extractor;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let extractor = Extractor::default();
    if let Ok(article) = parse_json(data, Limits::default()) {
        extractor.extract(&article);
    }
    if let Ok(records) = parse_ndjson(data, Limits::default()) {
        for (_, record) in records {
            if let Ok(article) = record {
                extractor.extract(&article);
            }
        }
    }
});
