//! Bounds on what one query may ask for, shared by the HTTP API and the command line, so
//! that both accept and refuse the same values with the same reason.

/// A count parameter: from 1 to `max`, `default` when not given.
#[derive(Debug, Clone, Copy)]
pub struct Bound {
    pub name: &'static str,
    pub default: usize,
    pub max: usize,
}

/// Page size of every list.
pub const PAGE: Bound = Bound {
    name: "limit",
    default: 50,
    max: 500,
};
/// Longest chain of contacts a path search follows.
pub const MAX_HOPS: Bound = Bound {
    name: "max_hops",
    default: 4,
    max: 6,
};
/// How many shortest chains a path search returns.
pub const PATHS: Bound = Bound {
    name: "k",
    default: 1,
    max: 5,
};
/// Hops of an ego network (neighbourhood, export, viewer).
pub const DEPTH: Bound = Bound {
    name: "depth",
    default: 1,
    max: 3,
};
/// Most entities of a neighbourhood answer.
pub const NEIGHBORHOOD: Bound = Bound {
    name: "limit",
    default: 200,
    max: 2000,
};

impl Bound {
    /// The value of a raw parameter (absent or empty: the default), or why it is refused.
    pub fn parse(&self, raw: Option<&str>) -> Result<usize, String> {
        match raw.map(str::trim).filter(|r| !r.is_empty()) {
            None => Ok(self.default),
            Some(r) => r
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=self.max).contains(n))
                .ok_or_else(|| {
                    format!(
                        "{} must be an integer from 1 to {}, got {r:?}",
                        self.name, self.max
                    )
                }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_take_the_default_and_refuse_what_is_out_of_range() {
        assert_eq!(DEPTH.parse(None), Ok(1));
        assert_eq!(DEPTH.parse(Some("")), Ok(1));
        assert_eq!(DEPTH.parse(Some("3")), Ok(3));
        assert_eq!(
            DEPTH.parse(Some("5")),
            Err("depth must be an integer from 1 to 3, got \"5\"".into())
        );
        assert!(PAGE.parse(Some("0")).is_err());
        assert!(PAGE.parse(Some("-1")).is_err());
        assert_eq!(PAGE.parse(Some("500")), Ok(500));
    }
}
