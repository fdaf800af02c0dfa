//! Extraction of one article with a panic caught: a defect in the extractor fails that
//! article alone, with a safe error, and leaves the writer and every other article untouched.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::article::Article;
use crate::extract::Extraction;
use crate::store::StoreError;

/// Why an article could not be ingested.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The extractor panicked (or its thread was lost): a defect, never the input's fault.
    /// The panic's text goes to the log only.
    #[error("the extractor failed on this article")]
    ExtractorFailed,
}

/// Runs `extract` on the article, turning a panic into [`IngestError::ExtractorFailed`] and
/// logging what the panic said.
pub fn extract_guarded(
    article: &mut Article,
    extract: impl FnOnce(&mut Article) -> Extraction,
) -> Result<Extraction, IngestError> {
    // The extractor only reads shared, immutable data (the lexicon), so nothing it holds can
    // be left half-updated by an unwind.
    catch_unwind(AssertUnwindSafe(|| extract(article))).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".into());
        tracing::error!(
            panic = %message,
            source = article.source.as_deref().unwrap_or("-"),
            url = article.url.as_deref().unwrap_or("-"),
            bytes = article.text.len(),
            "the extractor panicked; the article was not stored"
        );
        IngestError::ExtractorFailed
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse_text, Limits};
    use crate::extract::Extractor;

    fn article(text: &str) -> Article {
        parse_text(text.as_bytes(), Limits::default()).unwrap()
    }

    #[test]
    fn a_panic_is_an_error_of_that_article() {
        let mut a = article("Jane Ostrova met Piet Kalder in Lisbon on Monday.");
        let failed = extract_guarded(&mut a, |_| panic!("index out of bounds: secret detail"));
        assert!(matches!(failed, Err(IngestError::ExtractorFailed)));
        let shown = failed.unwrap_err().to_string();
        assert!(!shown.contains("secret"), "{shown}");
        // The same thread extracts the next article as usual.
        let extractor = Extractor::default();
        let ok = extract_guarded(&mut a, |a| extractor.extract(a)).unwrap();
        assert!(!ok.entities.is_empty());
    }
}
