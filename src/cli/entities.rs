//! `eventgraph entities list|merge|split`: find entities, and correct entity resolution
//! through the same store functions as `POST /v1/entities/{id}/merge` and `/split`.

use std::process::ExitCode;

use super::db::DbArg;
use crate::extract::EntityKind;
use crate::store::MergeOutcome;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    command: Action,
    #[command(flatten)]
    db: DbArg,
}

#[derive(clap::Subcommand, Debug)]
enum Action {
    /// List entities whose name or alias contains a text, those in most events first, one
    /// JSON object per line (what GET /v1/entities answers).
    List {
        /// Part of a name or alias (case and accents do not matter); every entity when absent.
        #[arg(long)]
        q: Option<String>,
        /// Only entities of this kind: person, country, organization or location.
        #[arg(long)]
        kind: Option<String>,
        /// Most entities listed, 1 to 500 (default 50).
        #[arg(long)]
        limit: Option<String>,
    },
    /// Merge entity OTHER into entity KEEP: OTHER's aliases, mentions and event
    /// participations move to KEEP, OTHER is deleted, and the merge is recorded with its
    /// reason. Prints the record of the merge (its id is what `split` takes).
    Merge {
        /// The entity that is kept (an id, as `entities list` shows it).
        keep: i64,
        /// The entity merged into KEEP.
        other: i64,
        /// Why the two are one: kept with the merge.
        #[arg(long)]
        reason: String,
    },
    /// Undo a recorded merge: the merged entity comes back under its own id with what the
    /// merge moved (a name joined at ingest gets an entity of its own, under a new id).
    /// Prints the record of the merge, with split_at.
    Split {
        /// The merge's id, as `merge` printed it or GET /v1/entities/{id} lists it.
        merge: i64,
    },
}

pub async fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let store = args.db.open_existing().await?;
    let outcome: MergeOutcome = match &args.command {
        Action::List { q, kind, limit } => {
            let limit = super::query::bound(crate::limits::PAGE, limit)?;
            let kind = match kind.as_deref() {
                Some(k) => Some(
                    EntityKind::parse_filter(k)
                        .map_err(|e| anyhow::anyhow!("--kind {e}"))?
                        .as_str(),
                ),
                None => None,
            };
            let found = store
                .search_entities(q.as_deref().unwrap_or(""), kind, limit as u32)
                .await?;
            for entity in found {
                outln!("{}", serde_json::to_string(&entity)?)?;
            }
            return Ok(ExitCode::SUCCESS);
        }
        Action::Merge {
            keep,
            other,
            reason,
        } => store.merge_entities(*keep, *other, reason).await?,
        Action::Split { merge } => store.split_merge(*merge, None).await?,
    };
    // A running server follows the store's change log: nothing more to tell it.
    outln!("{}", serde_json::to_string(&outcome?.merge)?)?;
    Ok(ExitCode::SUCCESS)
}
