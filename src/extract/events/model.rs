//! The event model: statuses, roles, dates, participants and evidence of an event.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Occurred,
    Planned,
    Denied,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Occurred => "occurred",
            Self::Planned => "planned",
            Self::Denied => "denied",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "occurred" => Some(Self::Occurred),
            "planned" => Some(Self::Planned),
            "denied" => Some(Self::Denied),
            _ => None,
        }
    }
}

/// When an event happened (or is planned): a time value, and the words it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct EventDate {
    pub value: TimexValue,
    /// The words the date came from; `None` when it defaulted to the publication date.
    pub text: Option<String>,
}

impl EventDate {
    pub fn precision(&self) -> Precision {
        self.value.precision()
    }

    /// The date a time expression gives an event. A week ("last week") is told as its month,
    /// the month of its Thursday: that is how a reader dates an event of that week, and what
    /// timelines can place.
    pub(super) fn of(t: &TimeMention) -> Option<Self> {
        let value = t.value?;
        Some(Self {
            value: week_month(value).unwrap_or(value),
            text: Some(t.text.clone()),
        })
    }
}

impl Serialize for EventDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("EventDate", 3)?;
        out.serialize_field("value", &self.value)?;
        out.serialize_field("precision", &self.precision())?;
        out.serialize_field("text", &self.text)?;
        out.end()
    }
}

/// "2025-W42" is "2025-10": the month of the week's Thursday (which fixes its ISO year too).
fn week_month(value: TimexValue) -> Option<TimexValue> {
    let TimexValue::Week(monday) = value else {
        return None;
    };
    let thursday = monday.checked_add_days(chrono::Days::new(3))?;
    Some(TimexValue::month_of(thursday))
}

/// What a participant does in an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Participant,
    /// Receives a visit, or hosts a meeting.
    Host,
    /// The country a visit goes to.
    Destination,
    /// Reports or leaks the event's content.
    Source,
    /// Whose documents a leak exposes.
    Owner,
}

impl Role {
    pub const ALL: &'static [Role] = &[
        Role::Participant,
        Role::Host,
        Role::Destination,
        Role::Source,
        Role::Owner,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Participant => "participant",
            Self::Host => "host",
            Self::Destination => "destination",
            Self::Source => "source",
            Self::Owner => "owner",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Participant {
    /// Index into the extraction's entities.
    pub entity: usize,
    pub name: String,
    pub kind: EntityKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub kind: EventKind,
    pub status: Status,
    pub date: Option<EventDate>,
    pub place: Option<String>,
    pub participants: Vec<Participant>,
    pub cameo: Option<String>,
    pub plover: String,
    pub confidence: f64,
    pub evidence: Vec<Evidence>,
    /// Found by words that fix the kind (not only "talks" or "spoke with").
    #[serde(skip)]
    pub firm: bool,
    /// Named by a definite reference with no date of its own ("the meeting"): it points back
    /// to an interaction reported earlier in the article.
    #[serde(skip)]
    pub anaphoric: bool,
}

impl Event {
    /// Dated by a time expression of its own (not by its reporting or the publication).
    pub(super) fn has_own_date(&self) -> bool {
        self.date.as_ref().is_some_and(|d| d.text.is_some())
    }

    /// The people taking part (not countries or organisations).
    pub(super) fn people(&self) -> impl Iterator<Item = &Participant> {
        self.participants
            .iter()
            .filter(|p| p.kind == EntityKind::Person)
    }

    /// The country a visit went to: its destination's, else its place's ("arrived in Caracas").
    pub(super) fn visited_country(&self, cx: &Context) -> Option<String> {
        self.destination()
            .and_then(|p| p.country.clone())
            .or_else(|| self.place.as_deref().and_then(|p| place_country(cx, p)))
    }

    /// The first person taking part other than a host: a visit's visitor.
    pub(super) fn first_person(&self) -> Option<&Participant> {
        self.participants
            .iter()
            .find(|p| p.kind == EntityKind::Person && p.role != Role::Host)
    }

    /// Where a visit went, when a country was named.
    pub(super) fn destination(&self) -> Option<&Participant> {
        self.participants
            .iter()
            .find(|p| p.role == Role::Destination)
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::TimexValue;

    #[test]
    fn a_week_is_told_as_the_month_of_its_thursday() {
        // 2024-W22 runs from May 27 to June 2.
        let month = |week| super::week_month(TimexValue::parse(week)?).map(|m| m.to_string());
        assert_eq!(month("2024-W22").as_deref(), Some("2024-05"));
        assert_eq!(month("2025-W01").as_deref(), Some("2025-01"));
        assert_eq!(month("2025-01"), None);
    }
}
