//! One article through the whole path: extract (off the async runtime) and store.

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

/// A panic in an extraction thread, as the store's error for that article or batch.
fn extraction_failed(e: tokio::task::JoinError) -> StoreError {
    StoreError::Invalid(format!("extraction failed: {e}"))
}

/// The outcome of each article of a batch, in order.
pub type BatchOutcomes = Vec<Result<IngestOutcome, StoreError>>;

type Extracted = Vec<(Article, Extraction)>;

fn extract_all(extractor: Extractor, articles: Vec<Article>) -> tokio::task::JoinHandle<Extracted> {
    tokio::task::spawn_blocking(move || {
        articles
            .into_iter()
            .map(|mut article| {
                let extraction = read(&extractor, &mut article);
                (article, extraction)
            })
            .collect()
    })
}

/// Bulk ingest in batches, extracting the next batch on another core while one is written.
pub struct BatchIngest<'a> {
    store: &'a Store,
    extractor: Extractor,
    extracting: Option<tokio::task::JoinHandle<Extracted>>,
}

impl<'a> BatchIngest<'a> {
    pub fn new(store: &'a Store, extractor: Extractor) -> Self {
        Self {
            store,
            extractor,
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
            .replace(extract_all(self.extractor.clone(), articles));
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
        let items = extracting.await.map_err(extraction_failed)?;
        Ok(Some(self.store.ingest_batch(&items).await?))
    }
}
