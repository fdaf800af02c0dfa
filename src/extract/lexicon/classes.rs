//! The word classes the rules read, typed: code names a class by a variant, never by a string,
//! and loading fails when a data file lacks a class the code reads or names one it does not.

/// Declares an enum of classes with the name each has in its data file.
macro_rules! named_classes {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant,)* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The class's name in its data file.
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }

            pub fn from_name(name: &str) -> Option<Self> {
                match name { $($text => Some($name::$variant),)* _ => None }
            }

            /// Position in [`Self::ALL`], for tables indexed by class.
            pub fn index(self) -> usize {
                self as usize
            }
        }
    };
}

named_classes! {
    /// Closed word classes of grammar.tsv. Matching is on lower-case words (or line starts,
    /// for the `*_label` and `noise_prefix` classes).
    WordClass {
        /// Lower-case particles inside names ("Ana de la Cruz", "bin Salman")
        Particle = "particle",
        /// First-person words: inside a quote they are the speaker
        FirstPerson = "first_person",
        /// Verbs that tie a quote to its speaker ("..., she tweeted")
        SpeechVerb = "speech_verb",
        /// Verbs of reporting: who says them reports an event, not takes part
        ReportingVerb = "reporting_verb",
        /// Words that may stand between a reporting verb and its time ("said late on Monday", "told reporters Tuesday")
        ReportingTimeGap = "reporting_time_gap",
        /// Words before a noun trigger that make it a noun ("a call", "their talks")
        NounMarker = "noun_marker",
        /// Light verbs a negation reaches past to a trigger ("did not have an official meeting", "did not agree to hold talks")
        NegatedGapVerb = "negated_gap_verb",
        /// Words for a city after a country's adjective ("the Rwandan capital"): a place in that country
        CityNoun = "city_noun",
        /// Adverbs not ending in -ly that may stand between a passive auxiliary and its verb ("was also received")
        PassiveAdverb = "passive_adverb",
        /// Adjectives between an owner's 's and its noun trigger ("Hasina's recent official visit")
        OwnedNounModifier = "owned_noun_modifier",
        /// Present forms of "be" that make a following -ing verb an event in progress ("are holding talks")
        PresentAuxiliary = "present_auxiliary",
        /// Nouns that name the host of a visit ("his host, President Y")
        HostNoun = "host_noun",
        /// Nouns that count a noun trigger ("a new round of talks")
        Quantity = "quantity",
        /// Words after a noun trigger that make it a noun ("call with")
        NounFollower = "noun_follower",
        /// Words after a trigger that show another sense ("calls for", "called off")
        NotNounFollower = "not_noun_follower",
        /// Words after "called" that show another sense ("called for", "called on", "called off")
        NotCalleeFollower = "not_callee_follower",
        /// Words after "called X" that make X named or judged, not phoned ("called him a liar")
        NamingComplement = "naming_complement",
        /// Adverbs that may stand between "and" and a second verb ("and later met")
        ClauseAdverb = "clause_adverb",
        /// Reporting verbs whose object is the person addressed ("told Y", "assured Y")
        AddresseeVerb = "addressee_verb",
        /// Words of "it was a pleasure to meet": the speaker tells of their own contact
        GladWord = "glad_word",
        /// Bare nouns for a head of state or government ("the Polish leader")
        HeadNoun = "head_noun",
        /// Titles (lower case) a head noun may stand for
        HeadTitle = "head_title",
        /// Pronouns that only own ("his talks"), never stand as an object
        PossessiveOnly = "possessive_only",
        /// Prepositions before a country or place that make it a location, not a party
        PlacePreposition = "place_preposition",
        /// Nouns whose owner is the party a leak exposes ("US documents")
        DocumentNoun = "document_noun",
        /// Header line starts that give the publication date
        PublishedLabel = "published_label",
        /// Header line starts that give an update date (trusted less)
        UpdatedLabel = "updated_label",
        /// Header line starts whose date is never the publication date (crawl, print)
        IgnoredLabel = "ignored_label",
        /// Line starts that mark page furniture, not article text
        NoisePrefix = "noise_prefix",
        /// Third-person masculine pronouns
        PronounM = "pronoun_m",
        /// Third-person feminine pronouns
        PronounF = "pronoun_f",
        /// very common English words; prose where they are frequent is English
        EnglishFunction = "english_function",
        /// capitalised words that open sentences and never start a name or an institution
        SentenceOpener = "sentence_opener",
        /// determiners that make a trigger refer back to an interaction already reported ("the meeting")
        Definite = "definite",
        /// words that open a delegation list; the people in it are not parties
        CompanionCue = "companion_cue",
        /// words before the host of a visit ("received by X", "at the invitation of X")
        HostCue = "host_cue",
        /// visit triggers said of the host ("X received Y"): both sides take part
        HostTrigger = "host_trigger",
        /// words before a contact that say something was said in it ("told Y through a call", "said during the meeting"): the speaker takes part
        MeansPreposition = "means_preposition",
        /// words right before a host verb that make it passive ("X was received by Y": Y hosts)
        PassiveAuxiliary = "passive_auxiliary",
        /// words right before a bare title that make it a class of holders, not a person of the article ("the only British prime minister to have visited")
        GenericTitleCue = "generic_title_cue",
        /// words that join a country or organisation to a contact as its other party ("met with the EU", "talks between X and NATO")
        CounterpartCue = "counterpart_cue",
        /// words before a trigger that make it a noun or adjective ("the leaked cable"), not a verb
        Determiner = "determiner",
        /// words that put a person and a later object pronoun in different clauses
        ObjectClauseBreak = "object_clause_break",
        /// words that part a person from a later verb ("X, who ..., leaked")
        SubjectClauseBreak = "subject_clause_break",
        /// Words opening the bound of a period ("the first visit since the war began on October 7"): a time after them dates the bound, not the event
        PeriodBound = "period_bound",
        /// Prepositions that put an event at a place ("met in Geneva", "a visit to Kenya")
        EventPlacePreposition = "event_place_preposition",
        /// Words that make a title another rank: "President" does not refer to the Vice President
        RankModifier = "rank_modifier",
        /// Words right before a person that name them as someone's past ("his predecessor, X", "the late X"): not present at the event
        FormerHolder = "former_holder",
        /// Words before a trigger in its clause that put the event at some earlier, unstated time ("has previously held talks with"): the sentence's own time is not its date
        UndatedPast = "undated_past",
        /// Verbs of arranging a contact ("she facilitated the call"): their subject is not a party to it
        ArrangerVerb = "arranger_verb",
        /// -ing words after a comma that go on with a list of people rather than open a clause about the event ("met leaders, including X")
        ListParticiple = "list_participle",
        /// Verbs of going along ("X accompanied Y on a visit"): their subject is in the delegation, not the visitor
        CompanionVerb = "companion_verb",
        /// words after a contact trigger that make a list of people several contacts, one each ("met several leaders, including A and B")
        Distributive = "distributive",
        /// triggers ending in s that name one contact ("talks" is plural in form only; "met with" is not affected)
        SingularTrigger = "singular_trigger",
        /// counts before "occasions"/"times" that sum up contacts as a habit ("met on four occasions")
        HabitCount = "habit_count",
        /// adverbs that make a contact a habit, not one occasion ("meet regularly")
        HabitAdverb = "habit_adverb",
        /// words before "to <trigger>" that make it a record, not a plan ("the first leader in 30 years to visit")
        RecordOrdinal = "record_ordinal",
        /// Words right before a person that credit them with a picture ("Photo by X", "Photo: X"): the photographer, not a party
        CreditCue = "credit_cue",
        /// Words after a list of people that put them in the room, not at the table ("with A and B also present")
        PresenceCue = "presence_cue",
        /// Words that may stand inside such a list of people in the room, between names and titles
        PresenceListWord = "presence_list_word",
        /// Words before a person, before the trigger and after its subject, that make them an aide in the room ("X, with his adviser Y, met Z"); a space follows them
        AideCue = "aide_cue",
        /// Words right before a person that make them the interviewer, who asks about a contact and is not at it
        InterviewCue = "interview_cue",
        /// Words that, after a comma, open a contrasting clause with a subject of its own (", while officials talked")
        ContrastConjunction = "contrast_conjunction",
        /// Words shortly before a person that leave them out of the contact ("with every leader except X")
        ExclusionWord = "exclusion_word",
        /// Words before a contact trigger that make a list of counterparts one contact each ("held separate talks with A, B and C")
        SeparateModifier = "separate_modifier",
        /// Endings of a common word that, glued before a name of two or more words, is not its given name ("Broadcasting Minister Ravi Rao" cut to "Broadcasting Ravi Rao")
        GluedWordEnding = "glued_word_ending",
        /// The same for a name of one more word ("Leaked Trump"): endings of verb forms only
        GluedVerbEnding = "glued_verb_ending",
    }
}

named_classes! {
    /// Categories of cues.tsv: phrases around a trigger that change an event's status or mark
    /// how it is reported. Matched as whole words, case-insensitively.
    Cue {
        /// The event is intended or expected, not yet happened
        Planned = "planned",
        /// The event did not happen, was denied, cancelled or postponed
        Denied = "denied",
        /// A plain negation right before the trigger
        Negation = "negation",
        /// Words for the people of the contact reported just before
        PluralReference = "plural_reference",
        /// Words listing who else was present at an interaction reported before
        Attendance = "attendance",
        /// Words that add someone to an interaction already reported ("Y joined the call")
        Joining = "joining",
        /// Words that report an interaction as having taken place
        Occurrence = "occurrence",
        /// Words that put the people of talks together at an occasion ("during a dinner")
        InPerson = "in_person",
        /// Words that put a contact ahead as a point in time or a plan
        Prospective = "prospective",
        /// Words that report an interaction as claimed, not as known ("his alleged meeting")
        Hedge = "hedge",
        /// Words telling of a trip still going on ("is currently on a visit")
        Ongoing = "ongoing",
    }
}
