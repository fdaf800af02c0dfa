//! One article through the whole path: extract (off the async runtime) and store.

use crate::article::Article;
use crate::extract::Extractor;
use crate::store::{IngestOutcome, Store, StoreError};

/// Extracts an article on a blocking thread (extraction is CPU work) and stores the result in
/// one transaction.
pub async fn ingest(store: &Store, article: Article) -> Result<IngestOutcome, StoreError> {
    let (article, extraction) = tokio::task::spawn_blocking(move || {
        let extraction = Extractor::default().extract(&article);
        (article, extraction)
    })
    .await
    .map_err(|e| StoreError::Invalid(format!("extraction failed: {e}")))?;
    store.ingest(&article, &extraction).await
}

/// Extracts a batch of articles on a blocking thread and stores them in one transaction (see
/// [`Store::ingest_batch`]); one result per article, in order.
pub async fn ingest_batch(
    store: &Store,
    articles: Vec<Article>,
) -> Result<Vec<Result<IngestOutcome, StoreError>>, StoreError> {
    let items = tokio::task::spawn_blocking(move || {
        let extractor = Extractor::default();
        articles
            .into_iter()
            .map(|article| {
                let extraction = extractor.extract(&article);
                (article, extraction)
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|e| StoreError::Invalid(format!("extraction failed: {e}")))?;
    store.ingest_batch(&items).await
}
