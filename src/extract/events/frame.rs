//! The scope of a trigger in its sentence: the clause around it and the mentions it may take.

use super::*;

/// The part of a sentence whose mentions can take part in an event: inside the trigger's quote
/// when it is quoted (plus the speaker), else outside quotes; without the reporters of the
/// sentence ("X said that ...", "..., Y said").
pub(super) struct Scope<'a> {
    pub(super) mentions: Vec<&'a Mention>,
    pub(super) speaker: Option<usize>,
    pub(super) start: usize,
    pub(super) end: usize,
}

impl<'a> Scope<'a> {
    pub(super) fn around(cx: &'a Context, s: &Sentence, tokens: &[Token], trigger: usize) -> Self {
        let quote = cx.layer.quote_at(trigger);
        let (mut start, mut end) = match quote {
            Some(q) => (q.start.max(s.start), q.end.min(s.end)),
            None => (s.start, s.end),
        };
        // "Talks Between X, Y Lasted Two Hours - Ushakov": who a headline is attributed to.
        if s.kind == BlockKind::Headline {
            let head = &cx.text[start..end];
            if let Some(at) = head.rfind(" - ").or_else(|| head.rfind(" \u{2013} ")) {
                let tail = &head[at..];
                if at > 0 && start + at > trigger && tail.split_whitespace().count() <= 4 {
                    end = start + at;
                }
            }
        }
        // "X said (that) ... trigger": X reports; "trigger ..., X said": X reports.
        let (outer_start, outer_end) = (start, end);
        for t in tokens
            .iter()
            .filter(|t| t.start >= outer_start && t.end <= outer_end)
        {
            let word = t.text(cx.text).to_lowercase();
            if !cx.lexicon.is(WordClass::ReportingVerb, &word) {
                continue;
            }
            if t.end <= trigger {
                if !said_through(cx, t.end, trigger) {
                    start = t.end;
                }
            } else if let Some(comma) = reporter_comma(cx, trigger, t.start) {
                end = end.min(trigger + comma);
            }
        }
        // "According to X, ... trigger": X reports (the comma closes the reporter's phrase).
        let lower = cx.text[outer_start..trigger].to_lowercase();
        for (at, _) in lower.match_indices("according to ") {
            if let Some(comma) = lower[at..].find(',') {
                start = start.max(outer_start + at + comma + 1);
            }
        }
        let mentions = cx
            .layer
            .mentions_in(start, end)
            .iter()
            .filter(|m| m.end <= end)
            .filter(|m| quote.is_some() || cx.layer.quote_at(m.start).is_none())
            // "his predecessor, X", "the late X": named as someone's past, not as present.
            .filter(|m| {
                !cx.lexicon
                    .is(WordClass::FormerHolder, &cx.doc.word_before(m.start))
            })
            .collect();
        Scope {
            mentions,
            speaker: quote.and_then(|q| q.speaker),
            start,
            end,
        }
    }
}

/// "trigger ..., X, the spokesperson for the ministry, said": the comma that opens the reporter's
/// phrase is the one before a lone name whose apposition (opening with a determiner: "the
/// spokesperson ...", never "and ...", which goes on with a list) runs to the verb; else the
/// last comma before the verb.
pub(super) fn reporter_comma(cx: &Context, trigger: usize, verb: usize) -> Option<usize> {
    let gap = &cx.text[trigger..verb];
    let commas: Vec<usize> = gap.match_indices(',').map(|(at, _)| at).collect();
    let last = *commas.last()?;
    let people_in = |from: usize, to: usize| {
        cx.layer
            .mentions_in(trigger + from, trigger + to)
            .iter()
            .filter(|m| m.kind == EntityKind::Person && m.end <= trigger + to)
            .count()
    };
    if people_in(last, gap.len()) > 0 {
        return Some(last);
    }
    let apposition = commas.windows(2).rev().take(2).find(|w| {
        let (name, next) = (w[0], w[1]);
        people_in(name, next) == 1
            && people_in(next, gap.len()) == 0
            && gap[next + 1..]
                .split_whitespace()
                .next()
                .is_some_and(|w| cx.lexicon.is(WordClass::Determiner, w))
    });
    Some(apposition.map_or(last, |w| w[0]))
}
