//! Placeholder until the temporal tagger lands.
use chrono::NaiveDate;
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, PartialOrd, Ord,
)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Week,
    Month,
    Season,
    Quarter,
    Year,
}
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TimeMention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub value: Option<String>,
    pub precision: Precision,
    #[serde(skip)]
    pub future: bool,
}
impl TimeMention {
    pub fn first_day(&self) -> Option<NaiveDate> {
        None
    }
}
pub fn find_times(_text: &str, _published: Option<NaiveDate>) -> Vec<TimeMention> {
    Vec::new()
}
pub fn parse_iso_value(_value: &str) -> Option<(NaiveDate, Precision)> {
    None
}
