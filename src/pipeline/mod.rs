//! One article through the whole path: extract (off the async runtime) and store.

use std::sync::Arc;

use crate::article::Article;
use crate::extract::{Extraction, Extractor};
use crate::store::{IngestOutcome, Store, StoreError};

mod group_commit;
mod guard;

pub use group_commit::{GroupCommit, MAX_GROUP};
pub use guard::IngestError;

/// Extracts an article on a blocking thread (extraction is CPU work) and stores the result in
/// one transaction.
pub async fn ingest(
    store: &Store,
    extractor: &Extractor,
    article: Article,
) -> Result<IngestOutcome, IngestError> {
    let extractor = extractor.clone();
    let (article, extraction) = extract_one(article, move |a| read(&extractor, a)).await?;
    Ok(store.ingest(&article, &extraction).await?)
}

/// Extracts an article, and names its headline if it came without a title.
fn read(extractor: &Extractor, article: &mut Article) -> Extraction {
    if article.title.is_none() {
        article.title = extractor.headline(article);
    }
    extractor.extract(article)
}

/// Extracts one article on a blocking thread; a panic fails this article alone.
async fn extract_one(
    mut article: Article,
    extract: impl FnOnce(&mut Article) -> Extraction + Send + 'static,
) -> Result<(Article, Extraction), IngestError> {
    tokio::task::spawn_blocking(move || {
        let extraction = guard::extract_guarded(&mut article, extract)?;
        Ok((article, extraction))
    })
    .await
    // Only a runtime shutting down drops the thread now.
    .map_err(|_| IngestError::ExtractorFailed)?
}

/// A lost extraction thread (only a runtime shutting down drops one), as the batch's error.
fn extraction_failed(e: tokio::task::JoinError) -> StoreError {
    StoreError::Invalid(format!("extraction failed: {e}"))
}

/// How articles are read: the extractor with its headline, or a stand-in in tests.
type ReadFn = Arc<dyn Fn(&mut Article) -> Extraction + Send + Sync>;

fn reader(extractor: Extractor) -> ReadFn {
    Arc::new(move |article: &mut Article| read(&extractor, article))
}

/// The outcome of each article of a batch, in order.
pub type BatchOutcomes = Vec<Result<IngestOutcome, IngestError>>;

type Extracted = Vec<(Article, Result<Extraction, IngestError>)>;

fn extract_all(read: ReadFn, articles: Vec<Article>) -> tokio::task::JoinHandle<Extracted> {
    tokio::task::spawn_blocking(move || {
        articles
            .into_iter()
            .map(|mut article| {
                // A panic fails its article only; the rest of the batch is stored.
                let extraction = guard::extract_guarded(&mut article, |a| read(a));
                (article, extraction)
            })
            .collect()
    })
}

/// Bulk ingest in batches, extracting the next batch on another core while one is written.
pub struct BatchIngest<'a> {
    store: &'a Store,
    read: ReadFn,
    extracting: Option<tokio::task::JoinHandle<Extracted>>,
}

impl<'a> BatchIngest<'a> {
    pub fn new(store: &'a Store, extractor: Extractor) -> Self {
        Self::with_reader(store, reader(extractor))
    }

    fn with_reader(store: &'a Store, read: ReadFn) -> Self {
        Self {
            store,
            read,
            extracting: None,
        }
    }

    /// Starts extracting `articles`, and stores the batch pushed before (its outcomes are
    /// returned: one push behind).
    pub async fn push(
        &mut self,
        articles: Vec<Article>,
    ) -> Result<Option<BatchOutcomes>, StoreError> {
        let previous = self
            .extracting
            .replace(extract_all(self.read.clone(), articles));
        self.store_extracted(previous).await
    }

    /// Stores the last batch pushed.
    pub async fn finish(mut self) -> Result<Option<BatchOutcomes>, StoreError> {
        let last = self.extracting.take();
        self.store_extracted(last).await
    }

    async fn store_extracted(
        &self,
        extracting: Option<tokio::task::JoinHandle<Extracted>>,
    ) -> Result<Option<BatchOutcomes>, StoreError> {
        let Some(extracting) = extracting else {
            return Ok(None);
        };
        let extracted = extracting.await.map_err(extraction_failed)?;
        // The articles read are stored together; those the extractor failed on keep their
        // place in the outcomes with their error.
        let mut failed: Vec<Option<IngestError>> = Vec::with_capacity(extracted.len());
        let mut items = Vec::with_capacity(extracted.len());
        for (article, extraction) in extracted {
            match extraction {
                Ok(extraction) => {
                    items.push((article, extraction));
                    failed.push(None);
                }
                Err(e) => failed.push(Some(e)),
            }
        }
        let mut stored = self.store.ingest_batch(&items).await?.into_iter();
        let outcomes = failed
            .into_iter()
            .map(|failure| match failure {
                Some(e) => Err(e),
                None => match stored.next() {
                    Some(outcome) => outcome.map_err(IngestError::from),
                    None => Err(StoreError::Write("a stored article has no outcome".into()).into()),
                },
            })
            .collect();
        Ok(Some(outcomes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse_text, Limits};

    fn article(n: usize) -> Article {
        let text = format!("Jane Ostrova met Piet Kalder in Lisbon on Monday. Story {n}.");
        parse_text(text.as_bytes(), Limits::default()).unwrap()
    }

    #[tokio::test]
    async fn a_panic_in_a_batch_fails_that_article_and_the_others_are_stored() {
        let store = Store::open_in_memory().await.unwrap();
        let extractor = Extractor::default();
        let mut bulk = BatchIngest::with_reader(
            &store,
            Arc::new(move |a: &mut Article| {
                assert!(!a.text.contains("Story 1."), "a defect in the extractor");
                read(&extractor, a)
            }),
        );
        assert!(bulk
            .push((0..3).map(article).collect())
            .await
            .unwrap()
            .is_none());
        let outcomes = bulk.finish().await.unwrap().expect("the batch");
        assert_eq!(outcomes.len(), 3);
        assert!(
            matches!(outcomes[1], Err(IngestError::ExtractorFailed)),
            "{outcomes:?}"
        );
        for n in [0, 2] {
            let outcome = outcomes[n].as_ref().expect("stored");
            let stored = store.article(outcome.article_id).await.unwrap().unwrap();
            assert!(
                stored.text.contains(&format!("Story {n}.")),
                "article {n} in its place"
            );
        }
    }
}
