//! eventgraph: turns news articles into a knowledge graph of who called, met, visited or
//! leaked what, and when.
//!
//! Layers, each depending only on those before it: [`article`] (input formats), [`extract`]
//! (pure text analysis), [`store`] (SQLite), [`api`] (HTTP); [`eval`] scores the extractor.

pub mod api;
pub mod article;
pub mod cli;
pub mod eval;
pub mod eval_gum;
pub mod extract;
pub mod graph;
pub mod limits;
pub mod pipeline;
pub mod store;
pub mod synth;
