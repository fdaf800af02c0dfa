//! Exports of the graph to visualisers (one file per format).
