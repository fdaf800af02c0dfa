//! The extractor's case tables: every `src/extract/**/cases/*.toml`, each case an article run
//! through the whole extractor and checked against the extraction's public JSON (the shape
//! `eventgraph extract` prints: kind "call", status "occurred", role "host", date {value,
//! precision, text}). All failing cases are reported at once.
//!
//! A table is a list of `[[case]]`s:
//!
//! ```toml
//! [[case]]
//! rule = "events/triggers: 'spoke with ... by phone' is a call"
//! name = "spoke_by_phone_is_a_call_on_that_day"
//! text = "Chilean Foreign Minister Lucia Campos spoke with Adam Nowak by phone on Monday."
//! count = { meeting = 0 }
//!
//! [[case.event]]
//! only = "call"
//! people = ["Adam Nowak", "Lucia Campos"]
//! date = "2024-05-13"
//! status = "occurred"
//! ```
//!
//! `text` is an article body, published on `published` (2024-05-15, a Wednesday, unless told)
//! under the line " date {published} Headline words here for the page"; `raw` is a whole
//! article, first line included. Each `[[case.event]]` picks events (`only`: the one event of a
//! kind; `find`: the first matching a filter; `each`: every event of a kind; `index`: the event
//! at that place) and checks each one. Every field is listed in [`Case`], [`EventCheck`] and
//! the types below; an unknown field fails the table, and so does a cases folder with no table
//! or a case with nothing to check. Case names are unique across all tables.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use eventgraph::article::{parse_text, Limits};
use eventgraph::extract::Extractor;
use serde::Deserialize;
use serde_json::Value;

/// The publication date of a case's article unless it gives one (a Wednesday).
const PUBLISHED: &str = "2024-05-15";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    case: Vec<Case>,
}

/// One article and what its extraction must show.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// The rule or rule family exercised, "pass/family: what it says".
    rule: String,
    /// Unique across all tables.
    name: String,
    /// The article body, wrapped in the usual first line.
    text: Option<String>,
    /// The whole article, first line included (instead of `text`).
    raw: Option<String>,
    /// The publication date for `text` (YYYY-MM-DD or YYYY-MM).
    published: Option<String>,

    /// How many events of each kind (0: none of that kind).
    #[serde(default)]
    count: BTreeMap<String, usize>,
    /// No event of any of these kinds.
    #[serde(default)]
    no_kind: Vec<String>,
    /// The kinds of all events, in reading order: exactly this list.
    kinds: Option<Vec<String>>,
    /// The people (sorted) of every event of a kind, in the order of the events: exactly this list.
    #[serde(default)]
    people_by_kind: BTreeMap<String, Vec<Vec<String>>>,
    /// No event has a participant of this name (of any kind).
    #[serde(default)]
    no_participant: Vec<String>,
    /// No event has a participant whose name contains this.
    #[serde(default)]
    no_participant_containing: Vec<String>,
    /// Checks of chosen events.
    #[serde(default)]
    event: Vec<EventCheck>,

    /// Entities that must be there, with the fields given.
    #[serde(default)]
    entity: Vec<EntityCheck>,
    /// The names of the entities of a kind, in order of appearance: exactly this list.
    #[serde(default)]
    entities: BTreeMap<String, Vec<String>>,
    /// No entity has a name containing this.
    #[serde(default)]
    no_entity_containing: Vec<String>,
    /// Mentions with this text that refer to the entity named.
    #[serde(default)]
    refers: Vec<Refers>,
    /// No mention with this text refers to the entity named.
    #[serde(default)]
    no_refers: Vec<Refers>,
    /// Time mentions that must be there.
    #[serde(default)]
    time: Vec<TimeCheck>,
    /// The texts of all time mentions, in order: exactly this list.
    times: Option<Vec<String>>,
}

/// Picks events (`only`, `find`, `each` or `index`) and checks each of them.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct EventCheck {
    /// The one event of this kind: there must be exactly one.
    only: Option<String>,
    /// The first event matching: there must be one.
    find: Option<Filter>,
    /// Every event of this kind (there may be none).
    each: Option<String>,
    /// The event at this index of all events: there must be one.
    index: Option<usize>,

    /// "occurred", "planned" or "denied".
    status: Option<String>,
    /// Its people (person participants) as a sorted list.
    people: Option<Vec<String>>,
    /// People among its participants.
    #[serde(default)]
    people_include: Vec<String>,
    /// People not among its participants.
    #[serde(default)]
    people_exclude: Vec<String>,
    /// How many people take part.
    people_count: Option<usize>,
    /// For each, some participant has all the fields given.
    #[serde(default)]
    has_participant: Vec<ParticipantMatch>,
    /// For each, no participant has all the fields given.
    #[serde(default)]
    lacks_participant: Vec<ParticipantMatch>,
    /// The name of its first person participant whose role is not "host" (a visit's visitor).
    first_person: Option<String>,
    /// true: it has a date; false: it has none.
    dated: Option<bool>,
    /// Its date's value ("2024-05-13", "2024-05").
    date: Option<String>,
    /// Its date's value is not this (no date passes).
    date_not: Option<String>,
    /// Its date's precision ("day", "month"...); it must have a date.
    date_precision: Option<String>,
    /// The words its date came from; it must have a date.
    date_text: Option<String>,
    /// true: its date came from words of its own; false: it has a date, from no words of its
    /// own (its reporting or the publication).
    date_has_text: Option<bool>,
    place: Option<String>,
    cameo: Option<String>,
    /// Exactly this many pieces of evidence.
    evidence_count: Option<usize>,
    /// At least this many pieces of evidence.
    evidence_at_least: Option<usize>,
    /// For each, some piece of evidence starts with it.
    #[serde(default)]
    evidence_starting: Vec<String>,
}

/// Which event `find` picks: all the fields given must hold.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Filter {
    kind: Option<String>,
    /// Its people, sorted, are exactly these.
    people: Option<Vec<String>>,
    /// These are among its people.
    #[serde(default)]
    people_include: Vec<String>,
    /// Its date's value.
    date: Option<String>,
}

/// A participant with all the fields given.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ParticipantMatch {
    name: Option<String>,
    kind: Option<String>,
    role: Option<String>,
    country: Option<String>,
    title: Option<String>,
}

/// The entity of this name (and kind, when given), with the fields given.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityCheck {
    name: String,
    kind: Option<String>,
    title: Option<String>,
    country: Option<String>,
    #[serde(default)]
    aliases_include: Vec<String>,
}

/// A mention of text `text` (the article's own words at its offsets) whose entity is named
/// `entity`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Refers {
    text: String,
    entity: String,
}

/// A time mention of this text, with the fields given.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TimeCheck {
    text: String,
    value: Option<String>,
    precision: Option<String>,
}

/// `{ name = "X", role = "host" }`: the fields given, as a table writes them.
fn inline(fields: &[(&str, Option<String>)]) -> String {
    let given: Vec<String> = fields
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} = {v}")))
        .collect();
    format!("{{ {} }}", given.join(", "))
}

fn quoted(v: &Option<String>) -> Option<String> {
    v.as_ref().map(|v| format!("{v:?}"))
}

fn list(v: &[String]) -> Option<String> {
    (!v.is_empty()).then(|| format!("{v:?}"))
}

impl std::fmt::Display for ParticipantMatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&inline(&[
            ("name", quoted(&self.name)),
            ("kind", quoted(&self.kind)),
            ("role", quoted(&self.role)),
            ("country", quoted(&self.country)),
            ("title", quoted(&self.title)),
        ]))
    }
}

impl std::fmt::Display for Filter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&inline(&[
            ("kind", quoted(&self.kind)),
            ("people", self.people.as_deref().and_then(list)),
            ("people_include", list(&self.people_include)),
            ("date", quoted(&self.date)),
        ]))
    }
}

impl std::fmt::Display for TimeCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&inline(&[
            ("text", Some(format!("{:?}", self.text))),
            ("value", quoted(&self.value)),
            ("precision", quoted(&self.precision)),
        ]))
    }
}

/// A case that failed, and why.
struct Failure {
    table: String,
    name: String,
    rule: String,
    problems: Vec<String>,
    found: String,
}

impl Failure {
    fn report(&self) -> String {
        let mut out = format!("--- {}: {}\nrule: {}\n", self.table, self.name, self.rule);
        for p in &self.problems {
            let _ = writeln!(out, "  {p}");
        }
        let _ = writeln!(out, "found:\n{}", self.found);
        out
    }
}

/// Every `cases` folder under `root`, each with its `.toml` tables (sorted).
fn find_tables(root: &Path) -> Result<Vec<(PathBuf, Vec<PathBuf>)>, String> {
    let mut folders = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.map_err(|e| format!("walking {}: {e}", root.display()))?;
        if !entry.file_type().is_dir() || entry.file_name() != "cases" {
            continue;
        }
        let mut tables = Vec::new();
        let mut other = Vec::new();
        let listing = std::fs::read_dir(entry.path())
            .map_err(|e| format!("reading {}: {e}", entry.path().display()))?;
        for file in listing {
            let path = file
                .map_err(|e| format!("reading {}: {e}", entry.path().display()))?
                .path();
            if path.extension().is_some_and(|x| x == "toml") && path.is_file() {
                tables.push(path);
            } else {
                other.push(path);
            }
        }
        if !other.is_empty() {
            return Err(format!(
                "{} holds what is not a .toml table: {other:?}",
                entry.path().display()
            ));
        }
        if tables.is_empty() {
            return Err(format!("{} holds no .toml table", entry.path().display()));
        }
        tables.sort();
        folders.push((entry.path().to_path_buf(), tables));
    }
    if folders.is_empty() {
        return Err(format!("no cases folder under {}", root.display()));
    }
    Ok(folders)
}

/// Reads one table; a table must hold at least one case, each with something to check.
fn read_table(source: &str) -> Result<Vec<Case>, String> {
    let table: Table = toml::from_str(source).map_err(|e| e.to_string())?;
    if table.case.is_empty() {
        return Err("no [[case]]".into());
    }
    for case in &table.case {
        validate(case).map_err(|e| format!("case {:?}: {e}", case.name))?;
    }
    Ok(table.case)
}

/// Rejects a case that could pass vacuously or says something contradictory.
fn validate(case: &Case) -> Result<(), String> {
    if case.name.trim().is_empty() || case.rule.trim().is_empty() {
        return Err("a case needs a name and a rule".into());
    }
    match (&case.text, &case.raw) {
        (Some(_), None) => {}
        (None, Some(_)) if case.published.is_none() => {}
        (None, Some(_)) => {
            return Err(
                "`published` goes with `text`; a `raw` article has its own first line".into(),
            )
        }
        _ => return Err("a case needs exactly one of `text` and `raw`".into()),
    }
    let checks = case.count.len()
        + case.no_kind.len()
        + usize::from(case.kinds.is_some())
        + case.people_by_kind.len()
        + case.no_participant.len()
        + case.no_participant_containing.len()
        + case.event.len()
        + case.entity.len()
        + case.entities.len()
        + case.no_entity_containing.len()
        + case.refers.len()
        + case.no_refers.len()
        + case.time.len()
        + usize::from(case.times.is_some());
    if checks == 0 {
        return Err("nothing to check".into());
    }
    for (i, check) in case.event.iter().enumerate() {
        let pickers = usize::from(check.only.is_some())
            + usize::from(check.find.is_some())
            + usize::from(check.each.is_some())
            + usize::from(check.index.is_some());
        if pickers != 1 {
            return Err(format!(
                "event check {i}: exactly one of only, find, each, index"
            ));
        }
        if check.each.is_some() && event_checks(check) == 0 {
            return Err(format!("event check {i}: `each` with nothing to check"));
        }
        if let Some(f) = &check.find {
            if f.kind.is_none()
                && f.people.is_none()
                && f.people_include.is_empty()
                && f.date.is_none()
            {
                return Err(format!("event check {i}: `find` with an empty filter"));
            }
        }
        for m in check.has_participant.iter().chain(&check.lacks_participant) {
            if m.name.is_none()
                && m.kind.is_none()
                && m.role.is_none()
                && m.country.is_none()
                && m.title.is_none()
            {
                return Err(format!("event check {i}: an empty participant match"));
            }
        }
    }
    Ok(())
}

/// How many checks an event check makes of the events it picks.
fn event_checks(c: &EventCheck) -> usize {
    [
        c.status.is_some(),
        c.people.is_some(),
        c.people_count.is_some(),
        c.first_person.is_some(),
        c.dated.is_some(),
        c.date.is_some(),
        c.date_not.is_some(),
        c.date_precision.is_some(),
        c.date_text.is_some(),
        c.date_has_text.is_some(),
        c.place.is_some(),
        c.cameo.is_some(),
        c.evidence_count.is_some(),
        c.evidence_at_least.is_some(),
    ]
    .iter()
    .filter(|b| **b)
    .count()
        + c.people_include.len()
        + c.people_exclude.len()
        + c.has_participant.len()
        + c.lacks_participant.len()
        + c.evidence_starting.len()
}

/// The article text a case stands for.
fn article_text(case: &Case) -> String {
    match (&case.text, &case.raw) {
        (_, Some(raw)) => raw.clone(),
        (Some(body), None) => {
            let published = case.published.as_deref().unwrap_or(PUBLISHED);
            format!(" date {published} Headline words here for the page\n\n{body}\n")
        }
        (None, None) => String::new(),
    }
}

/// The extraction of a case's article, as `eventgraph extract` prints it.
fn extract(case: &Case) -> Result<Value, String> {
    let text = article_text(case);
    let article = parse_text(text.as_bytes(), Limits::default()).map_err(|e| e.to_string())?;
    serde_json::to_value(Extractor::default().extract(&article)).map_err(|e| e.to_string())
}

fn array(v: &Value) -> &[Value] {
    v.as_array().map(Vec::as_slice).unwrap_or_default()
}

fn string(v: &Value) -> Option<&str> {
    v.as_str()
}

/// An event's person participants, sorted.
fn people(e: &Value) -> Vec<String> {
    let mut names: Vec<String> = array(&e["participants"])
        .iter()
        .filter(|p| p["kind"] == "person")
        .filter_map(|p| string(&p["name"]).map(str::to_owned))
        .collect();
    names.sort_unstable();
    names
}

fn sorted(names: &[String]) -> Vec<String> {
    let mut v = names.to_vec();
    v.sort_unstable();
    v
}

fn date_value(e: &Value) -> Option<&str> {
    string(&e["date"]["value"])
}

fn participant_matches(p: &Value, m: &ParticipantMatch) -> bool {
    let field = |key: &str, want: &Option<String>| {
        want.as_deref().is_none_or(|w| string(&p[key]) == Some(w))
    };
    field("name", &m.name)
        && field("kind", &m.kind)
        && field("role", &m.role)
        && field("country", &m.country)
        && field("title", &m.title)
}

fn filter_matches(e: &Value, f: &Filter) -> bool {
    let ppl = people(e);
    f.kind.as_deref().is_none_or(|k| e["kind"] == k)
        && f.people.as_ref().is_none_or(|p| ppl == sorted(p))
        && f.people_include.iter().all(|p| ppl.contains(p))
        && f.date.as_deref().is_none_or(|d| date_value(e) == Some(d))
}

/// The checks of one event check on one picked event, `what` naming it.
fn check_event(e: &Value, c: &EventCheck, what: &str, problems: &mut Vec<String>) {
    let mut fail = |msg: String| problems.push(format!("{what}: {msg}"));
    let ppl = people(e);
    if let Some(want) = &c.status {
        if e["status"] != want.as_str() {
            fail(format!("status: expected {want:?}, found {}", e["status"]));
        }
    }
    if let Some(want) = &c.people {
        if ppl != sorted(want) {
            fail(format!(
                "people: expected {:?}, found {ppl:?}",
                sorted(want)
            ));
        }
    }
    for p in &c.people_include {
        if !ppl.contains(p) {
            fail(format!("people: expected {p:?} among them, found {ppl:?}"));
        }
    }
    for p in &c.people_exclude {
        if ppl.contains(p) {
            fail(format!(
                "people: expected {p:?} not among them, found {ppl:?}"
            ));
        }
    }
    if let Some(n) = c.people_count {
        if ppl.len() != n {
            fail(format!("people: expected {n} of them, found {ppl:?}"));
        }
    }
    let participants = array(&e["participants"]);
    for m in &c.has_participant {
        if !participants.iter().any(|p| participant_matches(p, m)) {
            fail(format!("expected a participant {m}, found none"));
        }
    }
    for m in &c.lacks_participant {
        if let Some(p) = participants.iter().find(|p| participant_matches(p, m)) {
            fail(format!("expected no participant {m}, found {p}"));
        }
    }
    if let Some(want) = &c.first_person {
        let first = participants
            .iter()
            .find(|p| p["kind"] == "person" && p["role"] != "host")
            .and_then(|p| string(&p["name"]));
        if first != Some(want.as_str()) {
            fail(format!(
                "first person other than a host: expected {want:?}, found {first:?}"
            ));
        }
    }
    let date = &e["date"];
    if let Some(want) = c.dated {
        if date.is_object() != want {
            let expected = if want { "a date" } else { "no date" };
            fail(format!("expected {expected}, found {date}"));
        }
    }
    if let Some(want) = &c.date {
        if date_value(e) != Some(want.as_str()) {
            fail(format!("date: expected {want:?}, found {date}"));
        }
    }
    if let Some(not) = &c.date_not {
        if date_value(e) == Some(not.as_str()) {
            fail(format!("date: expected anything but {not:?}, found {date}"));
        }
    }
    if let Some(want) = &c.date_precision {
        if !date.is_object() || date["precision"] != want.as_str() {
            fail(format!("date precision: expected {want:?}, found {date}"));
        }
    }
    if let Some(want) = &c.date_text {
        if !date.is_object() || date["text"] != want.as_str() {
            fail(format!("date text: expected {want:?}, found {date}"));
        }
    }
    if let Some(want) = c.date_has_text {
        if !date.is_object() || date["text"].is_string() != want {
            let expected = if want {
                "a date from words of its own"
            } else {
                "a date from no words of its own (text null)"
            };
            fail(format!("expected {expected}, found {date}"));
        }
    }
    if let Some(want) = &c.place {
        if e["place"] != want.as_str() {
            fail(format!("place: expected {want:?}, found {}", e["place"]));
        }
    }
    if let Some(want) = &c.cameo {
        if e["cameo"] != want.as_str() {
            fail(format!("cameo: expected {want:?}, found {}", e["cameo"]));
        }
    }
    let evidence = array(&e["evidence"]);
    if let Some(n) = c.evidence_count {
        if evidence.len() != n {
            fail(format!(
                "evidence: expected {n} pieces, found {}",
                evidence.len()
            ));
        }
    }
    if let Some(n) = c.evidence_at_least {
        if evidence.len() < n {
            fail(format!(
                "evidence: expected at least {n} pieces, found {}",
                evidence.len()
            ));
        }
    }
    for start in &c.evidence_starting {
        if !evidence
            .iter()
            .any(|x| string(&x["text"]).is_some_and(|t| t.starts_with(start.as_str())))
        {
            fail(format!(
                "evidence: expected a piece starting {start:?}, found none"
            ));
        }
    }
}

/// Every way the extraction `x` fails the case.
fn check(case: &Case, x: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let events = array(&x["events"]);
    let of_kind = |k: &str| {
        events
            .iter()
            .filter(move |e| e["kind"] == k)
            .collect::<Vec<_>>()
    };

    for (kind, &n) in &case.count {
        let found = of_kind(kind).len();
        if found != n {
            problems.push(format!(
                "count of {kind:?} events: expected {n}, found {found}"
            ));
        }
    }
    for kind in &case.no_kind {
        let found = of_kind(kind).len();
        if found != 0 {
            problems.push(format!("expected no {kind:?} event, found {found}"));
        }
    }
    if let Some(want) = &case.kinds {
        let found: Vec<&str> = events.iter().filter_map(|e| string(&e["kind"])).collect();
        if found != *want {
            problems.push(format!(
                "kinds of the events in order: expected {want:?}, found {found:?}"
            ));
        }
    }
    for (kind, want) in &case.people_by_kind {
        let want: Vec<Vec<String>> = want.iter().map(|p| sorted(p)).collect();
        let found: Vec<Vec<String>> = of_kind(kind).into_iter().map(people).collect();
        if found != want {
            problems.push(format!(
                "people of the {kind:?} events: expected {want:?}, found {found:?}"
            ));
        }
    }
    let all_names = || {
        events
            .iter()
            .flat_map(|e| array(&e["participants"]))
            .filter_map(|p| string(&p["name"]))
    };
    for name in &case.no_participant {
        if all_names().any(|n| n == name) {
            problems.push(format!(
                "expected no event with participant {name:?}, found one"
            ));
        }
    }
    for part in &case.no_participant_containing {
        let found: BTreeSet<&str> = all_names().filter(|n| n.contains(part.as_str())).collect();
        if !found.is_empty() {
            problems.push(format!(
                "expected no participant whose name contains {part:?}, found {found:?}"
            ));
        }
    }

    for c in &case.event {
        if let Some(kind) = &c.only {
            let picked = of_kind(kind);
            if picked.len() == 1 {
                check_event(
                    picked[0],
                    c,
                    &format!("the one {kind:?} event"),
                    &mut problems,
                );
            } else {
                problems.push(format!(
                    "expected exactly one {kind:?} event, found {}",
                    picked.len()
                ));
            }
        } else if let Some(f) = &c.find {
            match events.iter().find(|e| filter_matches(e, f)) {
                Some(e) => check_event(e, c, &format!("the first event with {f}"), &mut problems),
                None => problems.push(format!("expected an event with {f}, found none")),
            }
        } else if let Some(kind) = &c.each {
            for (i, e) in of_kind(kind).into_iter().enumerate() {
                check_event(e, c, &format!("{kind:?} event {i}"), &mut problems);
            }
        } else if let Some(i) = c.index {
            match events.get(i) {
                Some(e) => check_event(e, c, &format!("event {i}"), &mut problems),
                None => problems.push(format!(
                    "expected an event at index {i}, found {} events",
                    events.len()
                )),
            }
        }
    }

    let entities = array(&x["entities"]);
    for want in &case.entity {
        let found = entities.iter().find(|e| {
            e["name"] == want.name.as_str() && want.kind.as_deref().is_none_or(|k| e["kind"] == k)
        });
        let Some(e) = found else {
            problems.push(format!(
                "expected an entity {:?} ({:?}), found none",
                want.name, want.kind
            ));
            continue;
        };
        for (key, w) in [("title", &want.title), ("country", &want.country)] {
            if let Some(w) = w {
                if e[key] != w.as_str() {
                    problems.push(format!(
                        "entity {:?}: {key}: expected {w:?}, found {}",
                        want.name, e[key]
                    ));
                }
            }
        }
        for alias in &want.aliases_include {
            if !array(&e["aliases"]).iter().any(|a| a == alias.as_str()) {
                problems.push(format!(
                    "entity {:?}: expected alias {alias:?}, found {}",
                    want.name, e["aliases"]
                ));
            }
        }
    }
    for (kind, want) in &case.entities {
        let found: Vec<&str> = entities
            .iter()
            .filter(|e| e["kind"] == kind.as_str())
            .filter_map(|e| string(&e["name"]))
            .collect();
        if found != *want {
            problems.push(format!(
                "{kind:?} entities: expected {want:?}, found {found:?}"
            ));
        }
    }
    for part in &case.no_entity_containing {
        let found: Vec<&str> = entities
            .iter()
            .filter_map(|e| string(&e["name"]))
            .filter(|n| n.contains(part.as_str()))
            .collect();
        if !found.is_empty() {
            problems.push(format!(
                "expected no entity whose name contains {part:?}, found {found:?}"
            ));
        }
    }
    let text = article_text(case);
    let spans = |m: &Value| {
        let offset = |k: &str| m[k].as_u64().and_then(|n| usize::try_from(n).ok());
        offset("start")
            .zip(offset("end"))
            .and_then(|(start, end)| text.get(start..end))
            .map(str::to_owned)
    };
    let refers = |r: &Refers| {
        array(&x["mentions"]).iter().any(|m| {
            m["text"] == r.text.as_str()
                && spans(m).as_deref() == Some(r.text.as_str())
                && m["entity"]
                    .as_u64()
                    .and_then(|i| entities.get(usize::try_from(i).ok()?))
                    .is_some_and(|e| e["name"] == r.entity.as_str())
        })
    };
    for r in &case.refers {
        if !refers(r) {
            problems.push(format!(
                "expected a mention {:?} of {:?}, found none",
                r.text, r.entity
            ));
        }
    }
    for r in &case.no_refers {
        if refers(r) {
            problems.push(format!(
                "expected no mention {:?} of {:?}, found one",
                r.text, r.entity
            ));
        }
    }
    let times = array(&x["times"]);
    for want in &case.time {
        let found = times.iter().find(|t| {
            t["text"] == want.text.as_str()
                && want.value.as_deref().is_none_or(|v| t["value"] == v)
                && want
                    .precision
                    .as_deref()
                    .is_none_or(|p| t["precision"] == p)
        });
        if found.is_none() {
            problems.push(format!("expected a time {want}, found none"));
        }
    }
    if let Some(want) = &case.times {
        let found: Vec<&str> = times.iter().filter_map(|t| string(&t["text"])).collect();
        if found != *want {
            problems.push(format!("times: expected {want:?}, found {found:?}"));
        }
    }
    problems
}

/// What a failure shows of the extraction: its events, and its entities, mentions or times
/// when the case checks them.
fn found(case: &Case, x: &Value) -> String {
    let mut shown = serde_json::Map::new();
    shown.insert("events".into(), x["events"].clone());
    if !case.entity.is_empty()
        || !case.entities.is_empty()
        || !case.no_entity_containing.is_empty()
        || !case.refers.is_empty()
        || !case.no_refers.is_empty()
    {
        shown.insert("entities".into(), x["entities"].clone());
        shown.insert("mentions".into(), x["mentions"].clone());
    }
    if !case.time.is_empty() || case.times.is_some() {
        shown.insert("times".into(), x["times"].clone());
    }
    serde_json::to_string_pretty(&Value::Object(shown)).unwrap_or_default()
}

/// Runs the cases of one table, named `table` in reports.
fn run_table(table: &str, cases: &[Case]) -> Vec<Failure> {
    let mut failures = Vec::new();
    for case in cases {
        let failure = |problems, found| Failure {
            table: table.to_owned(),
            name: case.name.clone(),
            rule: case.rule.clone(),
            problems,
            found,
        };
        match extract(case) {
            Ok(x) => {
                let problems = check(case, &x);
                if !problems.is_empty() {
                    failures.push(failure(problems, found(case, &x)));
                }
            }
            Err(e) => failures.push(failure(
                vec![format!("the article did not parse: {e}")],
                String::new(),
            )),
        }
    }
    failures
}

#[test]
fn extractor_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let folders = find_tables(&root.join("src/extract")).unwrap_or_else(|e| panic!("{e}"));
    let mut errors = Vec::new();
    let mut failures = Vec::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut total = 0;
    for (_, tables) in &folders {
        for path in tables {
            let shown = path
                .strip_prefix(root)
                .unwrap_or(path)
                .display()
                .to_string();
            let cases = std::fs::read_to_string(path)
                .map_err(|e| e.to_string())
                .and_then(|s| read_table(&s));
            let cases = match cases {
                Ok(cases) => cases,
                Err(e) => {
                    errors.push(format!("{shown}: {e}"));
                    continue;
                }
            };
            for case in &cases {
                if let Some(other) = names.insert(case.name.clone(), shown.clone()) {
                    errors.push(format!(
                        "{shown}: case name {:?} also in {other}",
                        case.name
                    ));
                }
            }
            total += cases.len();
            failures.extend(run_table(&shown, &cases));
        }
    }
    assert!(
        errors.is_empty(),
        "unreadable case tables:\n{}",
        errors.join("\n")
    );
    if !failures.is_empty() {
        let mut report = format!("{} of {total} extractor cases failed:\n\n", failures.len());
        for f in &failures {
            report.push_str(&f.report());
            report.push('\n');
        }
        report.push_str("failing cases:\n");
        for f in &failures {
            let _ = writeln!(report, "  {}: {}", f.table, f.name);
        }
        panic!("{report}");
    }
    eprintln!("{total} extractor cases passed");
}

#[cfg(test)]
mod harness {
    use super::*;

    const ONE_CALL: &str = r#"
[[case]]
rule = "harness: a wrong expectation fails"
name = "right"
text = "Chilean Foreign Minister Lucia Campos spoke with her Polish counterpart Adam Nowak by phone on Monday."

[[case.event]]
only = "call"
people = ["Lucia Campos", "Adam Nowak"]
date = "2024-05-13"
status = "occurred"

[[case]]
rule = "harness: a case's own publication date"
name = "published"
published = "2024-05-22"
text = "Chilean Foreign Minister Lucia Campos spoke with her Polish counterpart Adam Nowak by phone on Monday."

[[case.event]]
only = "call"
date = "2024-05-20"

[[case]]
rule = "harness: a wrong expectation fails"
name = "wrong"
text = "Chilean Foreign Minister Lucia Campos spoke with her Polish counterpart Adam Nowak by phone on Monday."
count = { meeting = 1 }

[[case.event]]
only = "call"
date = "2024-05-14"
"#;

    #[test]
    fn a_wrong_expectation_is_reported_as_a_failure() {
        let cases = read_table(ONE_CALL).expect("reads");
        let failures = run_table("inline.toml", &cases);
        assert_eq!(failures.len(), 1, "only the wrong case fails");
        let f = &failures[0];
        assert_eq!(
            (f.table.as_str(), f.name.as_str()),
            ("inline.toml", "wrong")
        );
        assert_eq!(f.problems.len(), 2, "{:?}", f.problems);
        let report = f.report();
        for part in [
            "inline.toml: wrong",
            "rule: harness: a wrong expectation fails",
            "count of \"meeting\" events: expected 1, found 0",
            "the one \"call\" event: date: expected \"2024-05-14\"",
            "\"2024-05-13\"",
            "\"kind\": \"call\"",
        ] {
            assert!(report.contains(part), "{part:?} in {report}");
        }
    }

    /// Every event check, each one true of the call in ONE_CALL's article.
    const EVERY_CHECK_RIGHT: &str = r#"
[[case]]
rule = "harness: every check"
name = "every_check"
text = "Chilean Foreign Minister Lucia Campos spoke with her Polish counterpart Adam Nowak by phone on Monday."
count = { call = 1, meeting = 0 }
no_kind = ["meeting"]
kinds = ["call"]
people_by_kind = { call = [["Adam Nowak", "Lucia Campos"]] }
no_participant = ["Nobody Here"]
no_participant_containing = ["Nobody"]

[[case.event]]
only = "call"
status = "occurred"
people = ["Adam Nowak", "Lucia Campos"]
people_include = ["Lucia Campos"]
people_exclude = ["Nobody Here"]
people_count = 2
has_participant = [{ name = "Lucia Campos", kind = "person", role = "participant", country = "CL", title = "Foreign Minister" }]
lacks_participant = [{ name = "Lucia Campos", role = "host" }]
first_person = "Lucia Campos"
dated = true
date = "2024-05-13"
date_not = "2024-05-14"
date_precision = "day"
date_text = "Monday"
date_has_text = true
cameo = "041"
evidence_count = 1
evidence_at_least = 1
evidence_starting = ["Chilean Foreign Minister"]

[[case.event]]
find = { kind = "call", people = ["Adam Nowak", "Lucia Campos"], people_include = ["Adam Nowak"], date = "2024-05-13" }
status = "occurred"

[[case.event]]
each = "call"
people_count = 2

[[case.event]]
index = 0
cameo = "041"
"#;

    /// The same checks, each one false: every one of them must be reported.
    const EVERY_CHECK_WRONG: &str = r#"
[[case]]
rule = "harness: every check"
name = "every_check"
text = "Chilean Foreign Minister Lucia Campos spoke with her Polish counterpart Adam Nowak by phone on Monday."
count = { call = 2, meeting = 1 }
no_kind = ["call"]
kinds = ["meeting", "call"]
people_by_kind = { call = [["Adam Nowak"]] }
no_participant = ["Adam Nowak"]
no_participant_containing = ["Nowak"]

[[case.event]]
only = "call"
status = "planned"
people = ["Adam Nowak"]
people_include = ["Nobody Here"]
people_exclude = ["Adam Nowak"]
people_count = 3
has_participant = [{ name = "Lucia Campos", kind = "person", role = "participant", country = "CL", title = "President" }]
lacks_participant = [{ name = "Lucia Campos", role = "participant" }]
first_person = "Adam Nowak"
dated = false
date = "2024-05-14"
date_not = "2024-05-13"
date_precision = "month"
date_text = "Tuesday"
date_has_text = false
place = "Oslo"
cameo = "042"
evidence_count = 2
evidence_at_least = 2
evidence_starting = ["Polish"]

[[case.event]]
find = { kind = "call", date = "2024-05-14" }

[[case.event]]
each = "call"
people_count = 3

[[case.event]]
index = 1
cameo = "041"

[[case.event]]
only = "visit"
"#;

    #[test]
    fn every_check_passes_when_true_and_fails_when_false() {
        let cases = read_table(EVERY_CHECK_RIGHT).expect("reads");
        let failures = run_table("right.toml", &cases);
        let reports: Vec<String> = failures.iter().map(Failure::report).collect();
        assert!(failures.is_empty(), "{}", reports.join("\n"));

        let cases = read_table(EVERY_CHECK_WRONG).expect("reads");
        let failures = run_table("wrong.toml", &cases);
        assert_eq!(failures.len(), 1);
        // 2 counts, 5 more case-wide checks, 19 of the one call, then find, each, index, only.
        assert_eq!(
            failures[0].problems.len(),
            2 + 5 + 19 + 4,
            "{:#?}",
            failures[0].problems
        );
    }

    #[test]
    fn unknown_fields_and_vacuous_cases_are_rejected() {
        let typo = ONE_CALL.replacen("date = \"2024-05-13\"", "dat = \"2024-05-13\"", 1);
        let err = read_table(&typo).expect_err("unknown field");
        assert!(err.contains("dat"), "{err}");
        let typo = ONE_CALL.replacen("rule =", "rul =", 1);
        assert!(read_table(&typo).is_err());
        let nothing = "[[case]]\nrule = \"r\"\nname = \"n\"\ntext = \"Body.\"\n";
        assert!(read_table(nothing)
            .expect_err("vacuous")
            .contains("nothing to check"));
        let each_alone = format!("{nothing}[[case.event]]\neach = \"call\"\n");
        assert!(read_table(&each_alone).is_err());
        let two_pickers = format!("{nothing}[[case.event]]\nonly = \"call\"\nindex = 0\n");
        assert!(read_table(&two_pickers).is_err());
        let both = "[[case]]\nrule = \"r\"\nname = \"n\"\ntext = \"B.\"\nraw = \"B.\"\nno_kind = [\"call\"]\n";
        assert!(read_table(both).is_err());
        assert!(read_table("").is_err(), "a table with no case");
    }

    #[test]
    fn an_empty_or_stray_cases_folder_fails() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(find_tables(dir.path()).is_err(), "no cases folder");
        let cases = dir.path().join("events/cases");
        std::fs::create_dir_all(&cases).expect("mkdir");
        let err = find_tables(dir.path()).expect_err("empty folder");
        assert!(err.contains("no .toml table"), "{err}");
        std::fs::write(cases.join("calls.tml"), ONE_CALL).expect("write");
        assert!(find_tables(dir.path()).is_err(), "a misnamed table");
        std::fs::rename(cases.join("calls.tml"), cases.join("calls.toml")).expect("rename");
        let found = find_tables(dir.path()).expect("one table");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, vec![cases.join("calls.toml")]);
    }

    #[test]
    fn entity_mention_and_time_expectations_read_the_extraction() {
        let table = r#"
[[case]]
rule = "harness: entities, mentions and times"
name = "right"
text = "Kenyan Foreign Minister Amina Odhiambo met Ugandan President Grace Akello in Geneva on Monday. Odhiambo said she was pleased."
entities = { person = ["Amina Odhiambo", "Grace Akello"] }
refers = [{ text = "Odhiambo", entity = "Amina Odhiambo" }]
no_refers = [{ text = "Odhiambo", entity = "Grace Akello" }]
no_entity_containing = ["Monday"]
times = ["Monday"]
time = [{ text = "Monday", value = "2024-05-13", precision = "day" }]

[[case.entity]]
name = "Amina Odhiambo"
kind = "person"
title = "Foreign Minister"
country = "KE"
aliases_include = ["Odhiambo"]
"#;
        let cases = read_table(table).expect("reads");
        let failures = run_table("inline.toml", &cases);
        let reports: Vec<String> = failures.iter().map(Failure::report).collect();
        assert!(failures.is_empty(), "{}", reports.join("\n"));

        let wrong = table
            .replace("country = \"KE\"", "country = \"UG\"")
            .replace("value = \"2024-05-13\"", "value = \"2024-05-14\"")
            .replace(
                "no_refers = [{ text = \"Odhiambo\", entity = \"Grace Akello\" }]",
                "no_refers = [{ text = \"Odhiambo\", entity = \"Amina Odhiambo\" }]",
            );
        let cases = read_table(&wrong).expect("reads");
        let failures = run_table("inline.toml", &cases);
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0].problems.len(), 3, "{:?}", failures[0].problems);
        let report = failures[0].report();
        assert!(report.contains("\"times\""), "{report}");
        assert!(report.contains("\"mentions\""), "{report}");
    }
}
