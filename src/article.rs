//! Input formats: scraped plain text with an optional ` date` line, JSON objects, and NDJSON
//! batches, all turned into one [`Article`] shape.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Largest article accepted unless configured otherwise (2 MiB).
pub const DEFAULT_MAX_ARTICLE_BYTES: usize = 2 * 1024 * 1024;

/// Why an input could not become an article. Every variant says what is wrong in words a user
/// can act on; the HTTP layer maps them to status codes.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ArticleError {
    #[error("input is not valid UTF-8 (first bad byte at offset {0})")]
    NotUtf8(usize),
    #[error("input is empty")]
    Empty,
    #[error("article has no text")]
    NoText,
    #[error("unparseable publication date {0:?}: expected YYYY-MM-DD or YYYY-MM")]
    BadDate(String),
    #[error("invalid JSON: {0}")]
    BadJson(String),
    #[error("JSON of the wrong shape: {0} (expected an object with a string \"text\" and optional string \"url\", \"title\", \"published\", \"source\")")]
    WrongJson(String),
    #[error("article is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: usize, limit: usize },
}

/// How precisely the publication date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Day,
    Month,
}

/// The publication date and where it was found, so output can say why a relative date
/// resolved as it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Published {
    /// First day of the published period (the day itself for day precision).
    #[serde(skip)]
    pub date: NaiveDate,
    pub value: String,
    #[serde(skip)]
    pub precision: DatePrecision,
    pub from: &'static str,
}

impl Published {
    pub fn parse(text: &str, from: &'static str) -> Result<Self, ArticleError> {
        let text = text.trim();
        let bad = || ArticleError::BadDate(text.to_string());
        if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Ok(Self {
                date,
                value: date.format("%Y-%m-%d").to_string(),
                precision: DatePrecision::Day,
                from,
            });
        }
        // A bare month: YYYY-MM.
        let date =
            NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").map_err(|_| bad())?;
        if text.len() != 7 {
            return Err(bad());
        }
        Ok(Self {
            date,
            value: text.to_string(),
            precision: DatePrecision::Month,
            from,
        })
    }
}

/// One article as the extractor and the store see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    /// The page text as read; every offset in the system points into this string.
    pub text: String,
    /// Where the page text starts (after a ` date YYYY-MM-DD ` prefix).
    #[serde(skip)]
    pub body_start: usize,
    pub published: Option<Published>,
    pub title: Option<String>,
    pub url: Option<String>,
    /// Where the article came from: a file path, or what a client said.
    pub source: Option<String>,
}

/// The JSON input shape: one article (also one line of an NDJSON batch).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ArticleInput, example = json!({"text": "Swedish Foreign Minister Ada Lind spoke with Nigerian Foreign Minister Ben Okoro by phone on Monday.", "url": "https://example.org/news/1", "title": "Sweden and Nigeria talk trade", "published": "2024-03-06", "source": "example"}))]
pub struct JsonArticle {
    /// The page text; the only required field.
    text: String,
    url: Option<String>,
    title: Option<String>,
    /// The publication date: YYYY-MM-DD or YYYY-MM.
    published: Option<String>,
    source: Option<String>,
}

/// Limits applied while parsing.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_article_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
        }
    }
}

impl Limits {
    fn check(&self, size: usize) -> Result<(), ArticleError> {
        if size > self.max_article_bytes {
            return Err(ArticleError::TooLarge {
                size,
                limit: self.max_article_bytes,
            });
        }
        Ok(())
    }
}

fn utf8(bytes: &[u8]) -> Result<&str, ArticleError> {
    std::str::from_utf8(bytes).map_err(|e| ArticleError::NotUtf8(e.valid_up_to()))
}

/// Parses scraped plain text. The first line may start with ` date YYYY-MM-DD` (or
/// ` date YYYY-MM`); the rest of that line is page text (usually the headline).
pub fn parse_text(bytes: &[u8], limits: Limits) -> Result<Article, ArticleError> {
    limits.check(bytes.len())?;
    let text = utf8(bytes)?;
    if text.is_empty() {
        return Err(ArticleError::Empty);
    }
    let (published, body_start) = match date_line(text)? {
        Some((published, end)) => (Some(published), end),
        None => (None, 0),
    };
    let body = &text[body_start..];
    if body.trim().is_empty() {
        return Err(ArticleError::NoText);
    }
    Ok(Article {
        text: text.to_string(),
        body_start,
        published,
        // The first line is often a menu or an error code, not the headline: the extractor,
        // which tells page furniture from headlines, names it (`Extractor::headline`).
        title: None,
        url: None,
        source: None,
    })
}

/// Recognises the ` date ` prefix; returns the date and where the page text begins.
fn date_line(text: &str) -> Result<Option<(Published, usize)>, ArticleError> {
    let trimmed = text.trim_start_matches([' ', '\u{feff}']);
    let Some(rest) = trimmed.strip_prefix("date ") else {
        return Ok(None);
    };
    let offset = text.len() - rest.len();
    let token_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let token = &rest[..token_len];
    // Only a token that looks like a date is a date line; "date night" stays page text.
    if !token.starts_with(|c: char| c.is_ascii_digit()) {
        return Ok(None);
    }
    let published = Published::parse(token, "date line")?;
    let mut end = offset + token_len;
    // Skip the separating spaces, but not a newline: the headline may be on the next line.
    end += text[end..].len() - text[end..].trim_start_matches([' ', '\t']).len();
    Ok(Some((published, end)))
}

/// Parses one JSON article object.
pub fn parse_json(bytes: &[u8], limits: Limits) -> Result<Article, ArticleError> {
    limits.check(bytes.len())?;
    let text = utf8(bytes)?;
    if text.trim().is_empty() {
        return Err(ArticleError::Empty);
    }
    let value: JsonArticle = serde_json::from_str(text).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => ArticleError::WrongJson(e.to_string()),
        _ => ArticleError::BadJson(e.to_string()),
    })?;
    from_json(value, limits)
}

fn from_json(value: JsonArticle, limits: Limits) -> Result<Article, ArticleError> {
    limits.check(value.text.len())?;
    if value.text.trim().is_empty() {
        return Err(ArticleError::NoText);
    }
    let published = match value.published.as_deref().map(str::trim) {
        Some(p) if !p.is_empty() => Some(Published::parse(p, "published field")?),
        _ => None,
    };
    let blank_to_none =
        |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    Ok(Article {
        text: value.text,
        body_start: 0,
        published,
        title: blank_to_none(value.title),
        url: blank_to_none(value.url),
        source: blank_to_none(value.source),
    })
}

/// One record of an NDJSON batch: its 1-based line number and the article or why it failed.
pub type BatchRecord = (usize, Result<Article, ArticleError>);

/// Parses NDJSON: one JSON article per line. Blank lines are skipped; a bad line is reported by
/// its number and does not stop the others.
pub fn parse_ndjson(bytes: &[u8], limits: Limits) -> Result<Vec<BatchRecord>, ArticleError> {
    let text = utf8(bytes)?;
    if text.trim().is_empty() {
        return Err(ArticleError::Empty);
    }
    Ok(text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| (i + 1, parse_json(line.as_bytes(), limits)))
        .collect())
}

/// Input formats by name, as chosen from a file extension or an HTTP content type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Ndjson,
}

impl Format {
    /// The format of a file by its extension: .txt, .json, .ndjson (or .jsonl).
    pub fn from_extension(path: &std::path::Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Self::Text),
            "json" => Some(Self::Json),
            "ndjson" | "jsonl" => Some(Self::Ndjson),
            _ => None,
        }
    }

    pub fn from_content_type(content_type: &str) -> Option<Self> {
        let essence = content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match essence.as_str() {
            "text/plain" => Some(Self::Text),
            "application/json" => Some(Self::Json),
            "application/x-ndjson" | "application/ndjson" | "application/jsonl" => {
                Some(Self::Ndjson)
            }
            _ => None,
        }
    }

    /// Parses bytes in this format into numbered records (one for text and JSON).
    pub fn parse(self, bytes: &[u8], limits: Limits) -> Result<Vec<BatchRecord>, ArticleError> {
        match self {
            Self::Text => Ok(vec![(1, parse_text(bytes, limits))]),
            Self::Json => Ok(vec![(1, parse_json(bytes, limits))]),
            Self::Ndjson => parse_ndjson(bytes, limits),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Result<Article, ArticleError> {
        parse_text(s.as_bytes(), Limits::default())
    }

    #[test]
    fn date_line_gives_published_and_keeps_headline_as_text() {
        let a = text(" date 2024-03-05 Ministers meet in Oslo\n\nBody here.").unwrap();
        let p = a.published.as_ref().unwrap();
        assert_eq!(p.value, "2024-03-05");
        assert_eq!(p.from, "date line");
        assert_eq!(&a.text[a.body_start..a.body_start + 7], "Ministe");
        assert_eq!(a.title, None, "the extractor finds the headline");
    }

    #[test]
    fn month_precision_date_line() {
        let a = text(" date 2024-03 Headline\nBody").unwrap();
        let p = a.published.unwrap();
        assert_eq!(p.value, "2024-03");
        assert_eq!(p.precision, DatePrecision::Month);
        assert_eq!(p.date, NaiveDate::from_ymd_opt(2024, 3, 1).unwrap());
    }

    #[test]
    fn text_without_date_line() {
        let a = text("Plain headline\nBody").unwrap();
        assert!(a.published.is_none());
        assert_eq!(a.body_start, 0);
    }

    #[test]
    fn bad_inputs_are_named() {
        assert_eq!(text(""), Err(ArticleError::Empty));
        assert_eq!(text(" date 2024-03-05   \n  \n"), Err(ArticleError::NoText));
        assert_eq!(
            text(" date 2024-13-45 Headline"),
            Err(ArticleError::BadDate("2024-13-45".into()))
        );
        assert_eq!(
            parse_text(b"ab\xffcd", Limits::default()),
            Err(ArticleError::NotUtf8(2))
        );
        let small = Limits {
            max_article_bytes: 4,
        };
        assert_eq!(
            parse_text(b"hello", small),
            Err(ArticleError::TooLarge { size: 5, limit: 4 })
        );
    }

    #[test]
    fn json_article_and_wrong_types() {
        let a = parse_json(
            br#"{"text":"Body","url":"https://x/1","published":"2024-01-02"}"#,
            Limits::default(),
        )
        .unwrap();
        assert_eq!(a.url.as_deref(), Some("https://x/1"));
        assert_eq!(a.published.unwrap().from, "published field");
        let err = parse_json(br#"{"text": 5}"#, Limits::default()).unwrap_err();
        assert!(
            matches!(err, ArticleError::WrongJson(ref m) if m.contains("invalid type")),
            "{err}"
        );
        assert!(matches!(
            parse_json(br#"{"url":"x"}"#, Limits::default()),
            Err(ArticleError::WrongJson(_))
        ));
        assert!(matches!(
            parse_json(br#"{"text": "x""#, Limits::default()),
            Err(ArticleError::BadJson(_))
        ));
        assert_eq!(
            parse_json(br#"{"text":"  "}"#, Limits::default()),
            Err(ArticleError::NoText)
        );
        assert!(matches!(
            parse_json(
                br#"{"text":"a","published":"yesterday"}"#,
                Limits::default()
            ),
            Err(ArticleError::BadDate(_))
        ));
    }

    #[test]
    fn ndjson_reports_bad_lines_by_number() {
        let batch = b"{\"text\":\"one\"}\n\n{\"text\":3}\n{\"text\":\"three\"}\n";
        let records = parse_ndjson(batch, Limits::default()).unwrap();
        let lines: Vec<usize> = records.iter().map(|(n, _)| *n).collect();
        assert_eq!(lines, vec![1, 3, 4]);
        assert!(records[0].1.is_ok() && records[1].1.is_err() && records[2].1.is_ok());
    }

    #[test]
    fn formats_from_names() {
        assert_eq!(
            Format::from_content_type("text/plain; charset=utf-8"),
            Some(Format::Text)
        );
        assert_eq!(
            Format::from_content_type("application/x-ndjson"),
            Some(Format::Ndjson)
        );
        assert_eq!(Format::from_content_type("image/png"), None);
        assert_eq!(
            Format::from_extension(std::path::Path::new("a/b.JSON")),
            Some(Format::Json)
        );
    }
}
