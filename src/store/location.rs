//! Where a store lives, as `--db` and `EVENTGRAPH_DB` name it: a SQLite file path, or a
//! PostgreSQL URL (`postgres://` or `postgresql://`).

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Location {
    /// Whether the location is a PostgreSQL URL.
    pub fn is_postgres(&self) -> bool {
        matches!(self, Self::Postgres(_))
    }
}

impl FromStr for Location {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() {
            return Err("the database location is empty".into());
        }
        let scheme = s.split_once("://").map(|(scheme, _)| scheme.to_lowercase());
        match scheme.as_deref() {
            Some("postgres" | "postgresql") => Ok(Self::Postgres(s.to_string())),
            // Anything else with a scheme is a mistyped URL, not a file name.
            Some(other) if !other.is_empty() && other.chars().all(|c| c.is_ascii_alphanumeric() || c == '+') => {
                Err(format!(
                    "unsupported database URL scheme {other:?}: give a SQLite file path or a postgres:// URL"
                ))
            }
            _ => Ok(Self::Sqlite(PathBuf::from(s))),
        }
    }
}

/// The location as logs and messages show it: a URL without its password.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite(path) => write!(f, "{}", path.display()),
            Self::Postgres(url) => f.write_str(&redact_password(url)),
        }
    }
}

/// `postgres://user:secret@host/db` as `postgres://user:***@host/db`.
fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_urls_are_told_apart() {
        assert_eq!(
            "eventgraph.db".parse(),
            Ok(Location::Sqlite("eventgraph.db".into()))
        );
        assert_eq!(
            "C:\\data\\eventgraph.db"
                .parse::<Location>()
                .map(|l| l.is_postgres()),
            Ok(false)
        );
        assert!("postgres://u@localhost/eg"
            .parse::<Location>()
            .is_ok_and(|l| l.is_postgres()));
        assert!("PostgreSQL://localhost/eg"
            .parse::<Location>()
            .is_ok_and(|l| l.is_postgres()));
        assert!("mysql://localhost/eg"
            .parse::<Location>()
            .is_err_and(|e| e.contains("mysql")));
        assert!("".parse::<Location>().is_err());
    }

    #[test]
    fn passwords_stay_out_of_messages() {
        let url: Location = "postgres://eg:s3cret@db.example:5432/eg?sslmode=require"
            .parse()
            .expect("url");
        assert_eq!(
            url.to_string(),
            "postgres://eg:***@db.example:5432/eg?sslmode=require"
        );
        let no_password: Location = "postgres://eg@db/eg".parse().expect("url");
        assert_eq!(no_password.to_string(), "postgres://eg@db/eg");
    }
}
