//! Group commit: articles posted concurrently are written together, in one transaction.
//!
//! Each request extracts its article on a blocking thread, then hands it to one writer task.
//! The writer takes every article waiting (up to `MAX_GROUP`) and stores them in one
//! transaction, each under its own savepoint, as bulk ingest does: a commit is the costly part
//! of a write, and concurrent clients then share it. A client alone still gets its own
//! transaction at once: nothing waits for a group to fill.

use tokio::sync::{mpsc, oneshot};

use super::{extract_one, IngestError, ReadFn};
use crate::article::Article;
use crate::extract::{Extraction, Extractor};
use crate::store::{IngestOutcome, Store, StoreError};

/// Most articles written in one transaction.
pub const MAX_GROUP: usize = 64;

struct Pending {
    article: Article,
    extraction: Extraction,
    reply: oneshot::Sender<Result<IngestOutcome, StoreError>>,
}

/// The handle requests store articles through; cloning it shares the one writer.
#[derive(Clone)]
pub struct GroupCommit {
    sender: mpsc::Sender<Pending>,
    extract: ReadFn,
}

impl GroupCommit {
    /// Starts the writer task on the current tokio runtime.
    pub fn start(store: Store, extractor: Extractor) -> Self {
        Self::start_with(store, super::reader(extractor))
    }

    fn start_with(store: Store, extract: ReadFn) -> Self {
        let (sender, receiver) = mpsc::channel(MAX_GROUP * 4);
        tokio::spawn(write_groups(store, receiver));
        Self { sender, extract }
    }

    /// Extracts the article and stores it with whatever other articles are waiting. Returns
    /// once the transaction holding it has committed. An extractor panic fails this article
    /// only, before it reaches the writer.
    pub async fn ingest(&self, article: Article) -> Result<IngestOutcome, IngestError> {
        let extract = self.extract.clone();
        let (article, extraction) = extract_one(article, move |a| extract(a)).await?;
        let (reply, outcome) = oneshot::channel();
        let pending = Pending {
            article,
            extraction,
            reply,
        };
        self.sender.send(pending).await.map_err(|_| writer_gone())?;
        Ok(outcome.await.map_err(|_| writer_gone())??)
    }
}

fn writer_gone() -> StoreError {
    StoreError::Write("the store's writer has stopped".into())
}

async fn write_groups(store: Store, mut receiver: mpsc::Receiver<Pending>) {
    let mut waiting = Vec::with_capacity(MAX_GROUP);
    while receiver.recv_many(&mut waiting, MAX_GROUP).await > 0 {
        let (items, replies): (Vec<_>, Vec<_>) = waiting
            .drain(..)
            .map(|p| ((p.article, p.extraction), p.reply))
            .unzip();
        match store.ingest_batch(&items).await {
            Ok(outcomes) => {
                for (reply, outcome) in replies.into_iter().zip(outcomes) {
                    // A client that gave up no longer listens; its article is stored anyway.
                    let _ = reply.send(outcome);
                }
            }
            Err(e) => {
                // The transaction rolled back: nothing of the group was stored.
                let reason = e.to_string();
                tracing::error!(error = %reason, articles = replies.len(), "group commit failed");
                for reply in replies {
                    let _ = reply.send(Err(StoreError::Write(reason.clone())));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::article::{parse_text, Article, Limits};

    fn article(n: usize) -> Article {
        let text = format!(
            " date 2024-03-0{} Talks\nJane Ostrova met Piet Kalder in Lisbon on Monday. Story {n}.",
            1 + n % 9
        );
        parse_text(text.as_bytes(), Limits::default()).unwrap()
    }

    #[tokio::test]
    async fn concurrent_articles_are_each_stored_once_and_answered_in_turn() {
        let store = Store::open_in_memory().await.unwrap();
        let writer = GroupCommit::start(store.clone(), crate::extract::Extractor::default());
        let tasks: Vec<_> = (0..40)
            .map(|n| {
                let writer = writer.clone();
                tokio::spawn(async move { (n, writer.ingest(article(n)).await.unwrap()) })
            })
            .collect();
        let mut ids = Vec::new();
        for task in tasks {
            let (n, outcome) = task.await.unwrap();
            assert!(outcome.created, "article {n} was new");
            let stored = store.article(outcome.article_id).await.unwrap().unwrap();
            assert!(
                stored.text.contains(&format!("Story {n}.")),
                "article {n} got its own id"
            );
            ids.push(outcome.article_id);
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 40);
        // The same article again, twice at once: one id, nothing created.
        let (a, b) = tokio::join!(writer.ingest(article(3)), writer.ingest(article(3)));
        let (a, b) = (a.unwrap(), b.unwrap());
        assert!(!a.created && !b.created);
        assert_eq!(a.article_id, b.article_id);
    }

    #[tokio::test]
    async fn an_extractor_panic_fails_its_article_and_the_writer_goes_on() {
        let store = Store::open_in_memory().await.unwrap();
        let extractor = crate::extract::Extractor::default();
        let writer = GroupCommit::start_with(
            store.clone(),
            Arc::new(move |a: &mut Article| {
                assert!(!a.text.contains("Story 2."), "a defect in the extractor");
                extractor.extract(a)
            }),
        );
        let failed = writer.ingest(article(2)).await;
        assert!(
            matches!(failed, Err(IngestError::ExtractorFailed)),
            "{failed:?}"
        );
        for n in [1, 3] {
            let outcome = writer.ingest(article(n)).await.unwrap();
            assert!(outcome.created, "article {n} after the panic");
            assert!(!outcome.events.is_empty(), "article {n} has its events");
        }
        let (stored,): (i64,) = sqlx::query_as("SELECT count(*) FROM articles")
            .fetch_one(store.sqlite_pool().expect("SQLite"))
            .await
            .unwrap();
        assert_eq!(stored, 2, "nothing of the failed article was stored");
    }
}
