//! From what a user calls an entity to the entity: an id, an exact name or alias (case and
//! accents folded), or a surname alone. The one resolver of every endpoint and of the CLI, so
//! that a name means the same thing everywhere.

use super::query::EntityRef;
use super::{Graph, ReadGraph};
use crate::store::{fold_name, Store, StoreError};

/// Most entities a surname alone is answered with.
const NAMESAKES_LISTED: i64 = 20;
/// How many near spellings an unknown name is answered with.
const SUGGESTIONS: usize = 5;
/// Jaro-Winkler similarity below which a known name is not offered.
const NEAR: f64 = 0.8;

#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error("no entity named {reference:?}{}", did_you_mean(.suggestions))]
    Unknown {
        reference: String,
        suggestions: Vec<String>,
    },
    #[error("{reference:?} names {} entities: {}; give the id of the one meant", .candidates.len(), listed(.candidates))]
    Ambiguous {
        reference: String,
        candidates: Vec<EntityRef>,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean: {}", suggestions.join(", "))
    }
}

fn listed(candidates: &[EntityRef]) -> String {
    candidates
        .iter()
        .map(|c| {
            let country = c
                .country
                .as_deref()
                .map_or(String::new(), |c| format!(", {c}"));
            format!("{} (id {}, {}{country})", c.name, c.id, c.kind)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The one entity a reference names.
pub async fn resolve(
    store: &Store,
    graph: &impl ReadGraph,
    reference: &str,
) -> Result<EntityRef, ResolveError> {
    let reference = reference.trim();
    let mut ids = store.resolve_entity(reference).await?;
    let folded = fold_name(reference);
    let one_word = !folded.is_empty() && !folded.contains(' ');
    if one_word && reference.parse::<i64>().is_err() {
        // A surname alone ("okoro") names the people with that surname. It does so even
        // where one of them is stored under the surname alone ("Mr Clinton" gave "Clinton"):
        // that one is no better an answer than the others.
        let namesakes = store.people_with_surname(&folded, NAMESAKES_LISTED).await?;
        if ids.is_empty() && namesakes.is_empty() {
            // Another kind's name may end with it too ("Commission").
            ids = store
                .search_entities(reference, None, NAMESAKES_LISTED as u32)
                .await?
                .into_iter()
                .filter(|e| fold_name(&e.name).rsplit(' ').next() == Some(folded.as_str()))
                .map(|e| e.id)
                .collect();
        } else if ids.iter().all(|id| namesakes.contains(id)) {
            ids.extend(namesakes);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    let in_graph: Vec<Option<EntityRef>> = graph.read_graph(|g| {
        ids.iter()
            .map(|id| g.entity(*id).map(EntityRef::from))
            .collect()
    });
    let mut found = Vec::with_capacity(ids.len());
    for (id, entity) in ids.into_iter().zip(in_graph) {
        // Every entity of the store is in the graph, but one stored since it was read is not.
        let entity = match entity {
            Some(e) => e,
            None => match store.entity(id).await? {
                Some(e) => EntityRef {
                    id: e.id,
                    name: e.name,
                    kind: e.kind,
                    country: e.country,
                },
                None => continue,
            },
        };
        found.push(entity);
    }
    match found.len() {
        0 => Err(ResolveError::Unknown {
            reference: reference.to_string(),
            suggestions: graph.read_graph(|g| near_names(g, reference)),
        }),
        1 => Ok(found.remove(0)),
        _ => Err(ResolveError::Ambiguous {
            reference: reference.to_string(),
            candidates: found,
        }),
    }
}

/// Known names spelt like the reference (Jaro-Winkler on folded names, whole or surname).
fn near_names(graph: &Graph, reference: &str) -> Vec<String> {
    let folded = fold_name(reference);
    let mut scored: Vec<(f64, &str)> = graph
        .entities()
        .filter_map(|e| {
            let name = fold_name(&e.name);
            let surname = name.rsplit(' ').next().unwrap_or("");
            let score =
                strsim::jaro_winkler(&folded, &name).max(strsim::jaro_winkler(&folded, surname));
            (score >= NEAR).then_some((score, e.name.as_str()))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let mut names: Vec<String> = Vec::new();
    for (_, name) in scored {
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
        if names.len() == SUGGESTIONS {
            break;
        }
    }
    names
}
