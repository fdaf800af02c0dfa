//! Where lexicon data comes from: the files built into the binary, and optionally a folder of
//! the user's (`--lexicon DIR`, `EVENTGRAPH_LEXICON`) whose files extend the built-in ones of
//! the same name. Rows carry their file and line, so a bad line is reported where it is.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

/// A lexicon that cannot be loaded, with the place of the fault.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{file}:{line}: {reason}")]
    BadLine {
        file: String,
        line: usize,
        reason: String,
    },
    #[error("{file}: {reason}")]
    BadFile { file: String, reason: String },
    #[error("lexicon folder {}: {reason}", folder.display())]
    BadFolder { folder: PathBuf, reason: String },
}

/// The data files, by name, with their built-in text.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("abbreviations.txt", include_str!("data/abbreviations.txt")),
    ("common_words.txt", include_str!("data/common_words.txt")),
    ("countries.tsv", include_str!("data/countries.tsv")),
    ("cues.tsv", include_str!("data/cues.tsv")),
    ("event_kinds.tsv", include_str!("data/event_kinds.tsv")),
    ("given_names.tsv", include_str!("data/given_names.tsv")),
    ("grammar.tsv", include_str!("data/grammar.tsv")),
    ("honorifics.tsv", include_str!("data/honorifics.tsv")),
    ("not_names.txt", include_str!("data/not_names.txt")),
    ("org_words.txt", include_str!("data/org_words.txt")),
    ("organizations.tsv", include_str!("data/organizations.tsv")),
    ("places.tsv", include_str!("data/places.tsv")),
    ("time.tsv", include_str!("data/time.tsv")),
    ("titles.tsv", include_str!("data/titles.tsv")),
    ("triggers.tsv", include_str!("data/triggers.tsv")),
];

/// One source of rows for a data file: a user's file or the built-in text.
#[derive(Debug, Clone)]
struct Part {
    /// How errors name it: the user's path, or `built-in <name>`.
    label: String,
    /// Built-in text is borrowed from the binary; a user's file is read into memory.
    text: Cow<'static, str>,
}

/// The text of every data file: the user's file of that name (when the folder has one) before
/// the built-in text, so that where both give the same phrase or name, the user's row wins.
#[derive(Debug, Clone)]
pub struct Sources {
    files: Vec<(&'static str, Vec<Part>)>,
}

impl Sources {
    pub fn builtin() -> Self {
        let files = BUILTIN_FILES
            .iter()
            .map(|(name, text)| {
                let part = Part {
                    label: format!("built-in {name}"),
                    text: Cow::Borrowed(text),
                };
                (*name, vec![part])
            })
            .collect();
        Self { files }
    }

    /// The built-in files extended by the files of `folder`. A file whose name is not one of
    /// the data files is an error: a misspelt name would otherwise be silently ignored.
    pub fn with_folder(folder: &Path) -> Result<Self, LexiconError> {
        let bad = |reason: String| LexiconError::BadFolder {
            folder: folder.to_path_buf(),
            reason,
        };
        let entries = std::fs::read_dir(folder).map_err(|e| bad(e.to_string()))?;
        let mut sources = Self::builtin();
        let mut paths: Vec<PathBuf> = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| bad(e.to_string()))?.path();
            if path.is_file() && !is_hidden(&path) {
                paths.push(path);
            }
        }
        paths.sort();
        for path in paths {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let Some((_, parts)) = sources.files.iter_mut().find(|(n, _)| *n == name) else {
                let known: Vec<&str> = BUILTIN_FILES.iter().map(|(n, _)| *n).collect();
                return Err(bad(format!(
                    "{name} is not a lexicon file (known files: {})",
                    known.join(", ")
                )));
            };
            let text = std::fs::read_to_string(&path).map_err(|e| LexiconError::BadFile {
                file: path.display().to_string(),
                reason: e.to_string(),
            })?;
            // Editors on some systems save a byte-order mark; it is no part of the first row.
            let text = text
                .strip_prefix('\u{feff}')
                .map(str::to_string)
                .unwrap_or(text);
            parts.insert(
                0,
                Part {
                    label: path.display().to_string(),
                    text: Cow::Owned(text),
                },
            );
        }
        Ok(sources)
    }

    /// These sources with the built-in text of `name` replaced: a lexicon that lacks what the
    /// built-in one has, to show how loading fails.
    #[cfg(test)]
    pub fn replacing(mut self, name: &str, text: &str) -> Self {
        let (_, parts) = self
            .files
            .iter_mut()
            .find(|(n, _)| *n == name)
            .expect("a data file");
        *parts = vec![Part {
            label: format!("test {name}"),
            text: Cow::Owned(text.to_string()),
        }];
        self
    }

    /// The rows of a data file, user rows first.
    pub fn rows(&self, name: &str) -> Vec<Row<'_>> {
        let Some((_, parts)) = self.files.iter().find(|(n, _)| *n == name) else {
            panic!("{name} is not a lexicon data file");
        };
        parts
            .iter()
            .flat_map(|part| {
                part.text.lines().enumerate().filter_map(move |(i, line)| {
                    let line = line.trim_end_matches('\r');
                    (!line.trim().is_empty() && !line.starts_with('#')).then(|| Row {
                        file: &part.label,
                        line: i + 1,
                        fields: line.split('\t').map(str::trim).collect(),
                    })
                })
            })
            .collect()
    }
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') || n.ends_with('~'))
}

/// One line of a data file: tab-separated fields, trimmed.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    pub file: &'a str,
    pub line: usize,
    pub fields: Vec<&'a str>,
}

impl<'a> Row<'a> {
    /// An error at this line.
    pub fn error(&self, reason: impl fmt::Display) -> LexiconError {
        LexiconError::BadLine {
            file: self.file.to_string(),
            line: self.line,
            reason: reason.to_string(),
        }
    }

    /// The first `n` fields, or an error naming the columns the file needs.
    pub fn columns(&self, n: usize, columns: &str) -> Result<&[&'a str], LexiconError> {
        if self.fields.len() < n || self.fields[..n].iter().any(|f| f.is_empty()) {
            return Err(self.error(format!(
                "expected {n} tab-separated columns ({columns}), found {}",
                self.fields.iter().filter(|f| !f.is_empty()).count()
            )));
        }
        Ok(&self.fields[..n])
    }

    /// Field `i`, where `-`, empty or missing mean none.
    pub fn optional(&self, i: usize) -> Option<&'a str> {
        self.fields
            .get(i)
            .copied()
            .filter(|f| !f.is_empty() && *f != "-")
    }
}
