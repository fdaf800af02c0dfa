//! One entity per real person across articles: a shorter or fuller form of a stored name
//! joins it, a conflicting given name or country never does, and a name several stored
//! people fit joins none.

mod common;

use common::{Engine, TestApp};

/// The person entities whose name or alias matches `q`, by name.
async fn people(app: &TestApp, q: &str) -> Vec<String> {
    let (status, found) = app.get(&format!("/v1/entities?q={q}&kind=person")).await;
    assert_eq!(status, 200, "{found}");
    let mut names: Vec<String> = found["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .filter_map(|e| e["name"].as_str().map(str::to_string))
        .collect();
    names.sort();
    names
}

async fn ingest(app: &TestApp, articles: &[&str]) {
    for text in articles {
        let (status, body) = app.post_text(text).await;
        assert!(status.is_success(), "{status}: {body}");
    }
}

async fn fuller_and_shorter_names_are_one_person(engine: Engine) {
    let app = TestApp::on(engine).await;
    ingest(
        &app,
        &[
            " date 2024-03-04\nTurkish President Recep Tayyip Erdogan spoke with German Chancellor Olaf Scholz by phone on Monday.",
            " date 2024-03-09\nTayyip Erdogan met Olaf Scholz in Ankara on Saturday.",
            " date 2024-04-02\nIndia's External Affairs Minister Subrahmanyam Jaishankar called Kenyan President William Ruto on Tuesday.",
            " date 2024-04-10\nS Jaishankar met William Ruto in Nairobi on Wednesday.",
            " date 2024-05-06\nNigerian President Bola Ahmed Tinubu spoke with Ghanaian President Nana Akufo-Addo on Monday.",
            " date 2024-05-13\nBola Tinubu met Nana Akufo-Addo in Accra on Monday.",
        ],
    )
    .await;
    assert_eq!(people(&app, "erdogan").await, ["Recep Tayyip Erdogan"]);
    assert_eq!(
        people(&app, "jaishankar").await,
        ["Subrahmanyam Jaishankar"]
    );
    assert_eq!(people(&app, "tinubu").await, ["Bola Ahmed Tinubu"]);
}

async fn a_lone_surname_joins_the_only_person_it_fits(engine: Engine) {
    let app = TestApp::on(engine).await;
    ingest(
        &app,
        &[
            " date 2024-06-03\nUS President Donald Trump spoke with Canadian Prime Minister Mark Carney on Monday.",
            " date 2024-06-10\nTrump met Mark Carney in Ottawa on Monday.",
        ],
    )
    .await;
    assert_eq!(people(&app, "trump").await, ["Donald Trump"]);
}

async fn conflicting_given_names_or_countries_stay_apart(engine: Engine) {
    let app = TestApp::on(engine).await;
    ingest(
        &app,
        &[
            " date 2024-07-01\nHillary Clinton met Olaf Scholz in Berlin on Monday.",
            " date 2024-07-08\nBill Clinton met Olaf Scholz in Berlin on Monday.",
            " date 2024-07-15\nBritish Foreign Secretary David Lammy met Olaf Scholz in Berlin on Monday.",
            " date 2024-07-22\nNigerian Senator D Lammy met Olaf Scholz in Berlin on Monday.",
        ],
    )
    .await;
    assert_eq!(
        people(&app, "clinton").await,
        ["Bill Clinton", "Hillary Clinton"]
    );
    assert_eq!(people(&app, "lammy").await, ["D Lammy", "David Lammy"]);
}

async fn a_name_several_people_fit_joins_none(engine: Engine) {
    let app = TestApp::on(engine).await;
    ingest(
        &app,
        &[
            " date 2024-08-05\nHillary Clinton met Olaf Scholz in Berlin on Monday.",
            " date 2024-08-12\nBill Clinton met Olaf Scholz in Berlin on Monday.",
            " date 2024-08-19\nClinton met Olaf Scholz in Berlin on Monday.",
        ],
    )
    .await;
    let clintons = people(&app, "clinton").await;
    assert!(
        clintons.len() == 3 || clintons == ["Bill Clinton", "Hillary Clinton"],
        "a lone Clinton joined one of two: {clintons:?}"
    );
    let (_, found) = app.get("/v1/entities?q=hillary&kind=person").await;
    let aliases = found["entities"][0]["aliases"].to_string();
    assert!(!aliases.contains("\"Clinton\""), "{aliases}");
}

/// A surname alone names every person of that surname, also when one of them is stored under
/// the surname alone: a query answers with all of them as candidates.
async fn a_lone_surname_in_a_query_lists_every_namesake(engine: Engine) {
    let app = TestApp::on(engine).await;
    ingest(
        &app,
        &[
            " date 2024-08-05\nHillary Clinton met Olaf Scholz in Berlin on Monday.",
            " date 2024-08-12\nBill Clinton met Emmanuel Macron in Paris on Monday.",
            " date 2024-08-19\nMr Clinton spoke with Justin Trudeau by phone on Monday.",
        ],
    )
    .await;
    assert_eq!(
        people(&app, "clinton").await,
        ["Bill Clinton", "Clinton", "Hillary Clinton"]
    );
    let (status, body) = app.get("/v1/graph/contacts?entity=Clinton").await;
    assert_eq!(status, 409, "{body}");
    let mut candidates: Vec<&str> = body["candidates"]
        .as_array()
        .expect("candidates")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    candidates.sort_unstable();
    assert_eq!(candidates, ["Bill Clinton", "Clinton", "Hillary Clinton"]);
    // A full name still names one.
    let (status, body) = app.get("/v1/graph/contacts?entity=Bill%20Clinton").await;
    assert_eq!(status, 200, "{body}");
}

on_both_engines!(
    a_lone_surname_in_a_query_lists_every_namesake,
    fuller_and_shorter_names_are_one_person,
    a_lone_surname_joins_the_only_person_it_fits,
    conflicting_given_names_or_countries_stay_apart,
    a_name_several_people_fit_joins_none,
);
