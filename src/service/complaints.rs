//! Complaints (客户投诉, DOMAIN.md §9) as a workflow over append-only steps.
//!
//! The seven steps, in order: record (who, when, against what, what they want, category) →
//! decide whether it stands (and tell the customer) → responsible department/person → cause →
//! proposed solution (told to the customer) → implementation once the customer accepts →
//! evaluation (summary, prevention, accountability). The rules:
//!
//! - **No skipping, no going back.** Each step may only follow the one before it. The one loop
//!   is negotiation: a proposal the customer refused (`accepted: Some(false)`) or has not
//!   answered yet (`None`) is followed by another proposal, until one is accepted; only an
//!   accepted proposal is implemented.
//! - **A complaint judged not to stand closes at the decision**, with the feedback to the
//!   customer recorded.
//! - **No complaint closes without feedback to the customer.** The decision, the proposal and
//!   the evaluation must say what was told to the customer; a closing step that lacks it (data
//!   from before this rule, or from another branch) leaves the complaint open, waiting for the
//!   same step again with the feedback.
//! - Every step records who did it (`staff`), when (`date`, not before the step it follows,
//!   not in the future) and what was told to the customer.
//!
//! Steps are facts, merged as a union across branches, so a complaint can end up with steps
//! that no longer fit (two branches recorded the same step). [`replay`] reads them in order
//! (date, then stamp, then id): a step that fits is followed, a repeat of the last step is an
//! amendment (it updates the assignment or cause), anything else is kept and shown but marked
//! out of order. Recording a new step is refused unless it fits.

use super::settings::ServiceSettings;
use super::{check_len, check_required, LINE_MAX, NAME_MAX, TEXT_MAX};
use crate::i18n::Msg;
use crate::model::service::{Attachment, Complaint, ComplaintCategory, ComplaintStep, ComplaintStepKind};
use crate::model::validate::{FieldError, Invalid};
use crate::model::{Dataset, Fact, Id, IdMap, Record};
use chrono::NaiveDate;

/// The kinds of cause a cause analysis names (for the statistics by cause).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cause {
    Design,
    Materials,
    Production,
    Inspection,
    Packaging,
    Transport,
    Service,
    Misuse,
    Other,
}

impl Cause {
    pub const ALL: [Cause; 9] = [
        Cause::Design,
        Cause::Materials,
        Cause::Production,
        Cause::Inspection,
        Cause::Packaging,
        Cause::Transport,
        Cause::Service,
        Cause::Misuse,
        Cause::Other,
    ];

    /// The stable code stored in `ComplaintStep::cause_code`.
    pub fn code(self) -> &'static str {
        match self {
            Cause::Design => "design",
            Cause::Materials => "materials",
            Cause::Production => "production",
            Cause::Inspection => "inspection",
            Cause::Packaging => "packaging",
            Cause::Transport => "transport",
            Cause::Service => "service",
            Cause::Misuse => "misuse",
            Cause::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Cause> {
        Cause::ALL.into_iter().find(|c| c.code() == code.trim())
    }

    pub fn label(self) -> Msg {
        match self {
            Cause::Design => Msg::SvCauseDesign,
            Cause::Materials => Msg::SvCauseMaterials,
            Cause::Production => Msg::SvCauseProduction,
            Cause::Inspection => Msg::SvCauseInspection,
            Cause::Packaging => Msg::SvCausePackaging,
            Cause::Transport => Msg::SvCauseTransport,
            Cause::Service => Msg::SvCauseService,
            Cause::Misuse => Msg::SvCauseMisuse,
            Cause::Other => Msg::SvCauseOther,
        }
    }
}

/// The label of a complaint category.
pub fn category_label(c: ComplaintCategory) -> Msg {
    match c {
        ComplaintCategory::ProductQuality => Msg::SvCatQuality,
        ComplaintCategory::LateDelivery => Msg::SvCatLate,
        ComplaintCategory::SpecificationMismatch => Msg::SvCatSpec,
        ComplaintCategory::Packaging => Msg::SvCatPackaging,
        ComplaintCategory::ServiceLevel => Msg::SvCatService,
        ComplaintCategory::Other => Msg::SvCatOther,
    }
}

/// Every category, in the source's order.
pub const CATEGORIES: [ComplaintCategory; 6] = [
    ComplaintCategory::ProductQuality,
    ComplaintCategory::LateDelivery,
    ComplaintCategory::SpecificationMismatch,
    ComplaintCategory::Packaging,
    ComplaintCategory::ServiceLevel,
    ComplaintCategory::Other,
];

/// The seven steps, in order.
pub const STEPS: [ComplaintStepKind; 7] = [
    ComplaintStepKind::Record,
    ComplaintStepKind::Decide,
    ComplaintStepKind::Assign,
    ComplaintStepKind::Cause,
    ComplaintStepKind::Propose,
    ComplaintStepKind::Implement,
    ComplaintStepKind::Evaluate,
];

/// The label of a step.
pub fn step_label(kind: ComplaintStepKind) -> Msg {
    crate::i18n::complaint_step_label(kind)
}

/// How [`replay`] read a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepRole {
    /// The step the workflow was waiting for.
    Followed,
    /// The same step as the one before (recorded twice, e.g. at two branches): it updates that
    /// step's assignment or cause, and moves nothing on.
    Amendment,
    /// A step that does not fit where it falls: kept and shown, not followed.
    OutOfOrder,
}

/// A step with the role it played.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReadStep<'a> {
    pub fact: &'a Fact<ComplaintStep>,
    pub role: StepRole,
}

/// Where a complaint stands: what it waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// No step yet (only the header).
    New,
    AwaitingDecision,
    AwaitingAssignment,
    AwaitingCause,
    AwaitingProposal,
    /// A proposal was refused or not answered yet: negotiating a new one.
    Negotiating,
    AwaitingImplementation,
    AwaitingEvaluation,
    /// The closing step was recorded without the feedback to the customer.
    AwaitingFeedback,
    /// Closed: after an evaluation (`stood`) or a decision that it does not stand.
    Closed {
        stood: bool,
    },
}

impl Stage {
    pub fn label(self) -> Msg {
        match self {
            Stage::New => Msg::SvStageNew,
            Stage::AwaitingDecision => Msg::SvStageDecision,
            Stage::AwaitingAssignment => Msg::SvStageAssignment,
            Stage::AwaitingCause => Msg::SvStageCause,
            Stage::AwaitingProposal => Msg::SvStageProposal,
            Stage::Negotiating => Msg::SvStageNegotiating,
            Stage::AwaitingImplementation => Msg::SvStageImplementation,
            Stage::AwaitingEvaluation => Msg::SvStageEvaluation,
            Stage::AwaitingFeedback => Msg::SvStageFeedback,
            Stage::Closed { stood: true } => Msg::SvStageClosed,
            Stage::Closed { stood: false } => Msg::SvStageNotStanding,
        }
    }

    pub fn is_closed(self) -> bool {
        matches!(self, Stage::Closed { .. })
    }
}

/// A complaint's steps read in order, and what follows from them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Workflow<'a> {
    /// Every live step, in order, with its role.
    pub steps: Vec<ReadStep<'a>>,
    /// The last step followed.
    pub last: Option<ComplaintStepKind>,
    /// The day of the latest step followed or amended.
    pub last_date: Option<NaiveDate>,
    /// The decision: does the complaint stand?
    pub stands: Option<bool>,
    /// The latest proposal's answer from the customer.
    pub accepted: Option<bool>,
    /// From the latest assignment.
    pub department: Option<Id>,
    pub responsible: Option<Id>,
    /// From the latest cause analysis.
    pub cause: Option<Cause>,
    /// The step that took it (the first step's staff).
    pub taken_by: Option<Id>,
    /// The last step followed closes the complaint and records the feedback to the customer.
    closing_feedback: bool,
    /// When it closed.
    pub closed_on: Option<NaiveDate>,
}

fn closes(kind: ComplaintStepKind, stands: Option<bool>) -> bool {
    kind == ComplaintStepKind::Evaluate || (kind == ComplaintStepKind::Decide && stands == Some(false))
}

impl Workflow<'_> {
    /// The steps that may be recorded next (empty when closed).
    pub fn next(&self) -> Vec<ComplaintStepKind> {
        use ComplaintStepKind as K;
        match self.last {
            None => vec![K::Record],
            Some(K::Record) => vec![K::Decide],
            Some(K::Decide) => match self.stands {
                Some(true) => vec![K::Assign],
                Some(false) if self.closing_feedback => vec![],
                _ => vec![K::Decide],
            },
            Some(K::Assign) => vec![K::Cause],
            Some(K::Cause) => vec![K::Propose],
            Some(K::Propose) if self.accepted == Some(true) => vec![K::Implement],
            Some(K::Propose) => vec![K::Propose],
            Some(K::Implement) => vec![K::Evaluate],
            Some(K::Evaluate) if self.closing_feedback => vec![],
            Some(K::Evaluate) => vec![K::Evaluate],
        }
    }

    pub fn allows(&self, kind: ComplaintStepKind) -> bool {
        self.next().contains(&kind)
    }

    pub fn is_closed(&self) -> bool {
        self.closed_on.is_some()
    }

    /// Feedback to the customer was recorded on some step.
    pub fn any_feedback(&self) -> bool {
        self.steps.iter().any(|s| s.role != StepRole::OutOfOrder && !s.fact.data.told_customer.trim().is_empty())
    }

    pub fn stage(&self) -> Stage {
        use ComplaintStepKind as K;
        if self.closed_on.is_some() {
            return Stage::Closed { stood: self.stands != Some(false) };
        }
        match (self.last, self.next().first()) {
            (None, _) => Stage::New,
            (Some(last), Some(&next)) if last == next && closes(last, self.stands) => Stage::AwaitingFeedback,
            (Some(K::Propose), Some(K::Propose)) => Stage::Negotiating,
            (Some(K::Decide), Some(K::Decide)) => Stage::AwaitingDecision,
            (_, Some(K::Decide)) => Stage::AwaitingDecision,
            (_, Some(K::Assign)) => Stage::AwaitingAssignment,
            (_, Some(K::Cause)) => Stage::AwaitingCause,
            (_, Some(K::Propose)) => Stage::AwaitingProposal,
            (_, Some(K::Implement)) => Stage::AwaitingImplementation,
            (_, Some(K::Evaluate)) => Stage::AwaitingEvaluation,
            (_, Some(K::Record)) | (_, None) => Stage::New,
        }
    }

    /// Days allowed for the next step, from the settings.
    pub fn days_allowed(&self, settings: &ServiceSettings) -> Option<u32> {
        let d = &settings.step_days;
        Some(match self.stage() {
            Stage::New | Stage::Closed { .. } => return None,
            Stage::AwaitingFeedback => d.feedback,
            Stage::AwaitingDecision => d.decide,
            Stage::AwaitingAssignment => d.assign,
            Stage::AwaitingCause => d.cause,
            Stage::AwaitingProposal => d.propose,
            Stage::Negotiating => d.negotiate,
            Stage::AwaitingImplementation => d.implement,
            Stage::AwaitingEvaluation => d.evaluate,
        })
    }

    /// The day the next step is due: the latest step's day plus the days allowed.
    pub fn due(&self, settings: &ServiceSettings) -> Option<NaiveDate> {
        let days = self.days_allowed(settings)?;
        self.last_date.map(|d| d + chrono::Days::new(u64::from(days)))
    }

    fn follow(&mut self, s: &ComplaintStep) {
        use ComplaintStepKind as K;
        match s.kind {
            K::Record => self.taken_by = self.taken_by.or(s.staff),
            K::Decide => self.stands = s.stands,
            K::Assign => self.assign(s),
            K::Cause => self.cause = Cause::from_code(&s.cause_code).or(self.cause),
            K::Propose => self.accepted = s.accepted,
            K::Implement | K::Evaluate => {}
        }
        self.last = Some(s.kind);
        self.closing_feedback = closes(s.kind, self.stands) && !s.told_customer.trim().is_empty();
        if self.closing_feedback {
            self.closed_on = Some(s.date);
        }
    }

    fn assign(&mut self, s: &ComplaintStep) {
        if s.department.is_some() || s.responsible.is_some() {
            self.department = s.department;
            self.responsible = s.responsible;
        }
    }

    fn amend(&mut self, s: &ComplaintStep) {
        match s.kind {
            ComplaintStepKind::Assign => self.assign(s),
            ComplaintStepKind::Cause => self.cause = Cause::from_code(&s.cause_code).or(self.cause),
            _ => {}
        }
    }
}

fn step_order(f: &Fact<ComplaintStep>) -> (NaiveDate, crate::model::Hlc, Id) {
    (f.data.date, f.created, f.id)
}

/// Reads a complaint's steps (any order in, deleted ones skipped) into its workflow.
pub fn replay<'a>(steps: impl IntoIterator<Item = &'a Fact<ComplaintStep>>) -> Workflow<'a> {
    let mut list: Vec<&Fact<ComplaintStep>> = steps.into_iter().filter(|f| !f.is_deleted()).collect();
    list.sort_by_key(|f| step_order(f));
    let mut w = Workflow::default();
    for fact in list {
        let s = &fact.data;
        let role = if w.closed_on.is_none() && w.allows(s.kind) {
            w.follow(s);
            StepRole::Followed
        } else if w.last == Some(s.kind) {
            w.amend(s);
            StepRole::Amendment
        } else {
            StepRole::OutOfOrder
        };
        if role != StepRole::OutOfOrder {
            w.last_date = Some(w.last_date.map_or(s.date, |d| d.max(s.date)));
        }
        w.steps.push(ReadStep { fact, role });
    }
    w
}

/// Every live complaint's steps, by complaint.
pub fn steps_by_complaint(data: &Dataset) -> IdMap<Vec<&Fact<ComplaintStep>>> {
    let mut map: IdMap<Vec<&Fact<ComplaintStep>>> = IdMap::default();
    for f in data.complaint_steps.live() {
        map.entry(f.data.complaint).or_default().push(f);
    }
    map
}

/// A complaint with its workflow and what is due.
#[derive(Clone, Debug, PartialEq)]
pub struct ComplaintStatus<'a> {
    pub record: &'a Record<Complaint>,
    pub workflow: Workflow<'a>,
    /// The day it was received (the header's, else the first step's).
    pub received: Option<NaiveDate>,
    /// Who should act next: the responsible person once assigned, else whoever took it, else
    /// the customer's owner.
    pub owner: Option<Id>,
    /// When the next step is due, and by how many days it is overdue as of the day asked
    /// (0 = due today, negative = not yet due). `None` when closed.
    pub due: Option<NaiveDate>,
    pub days_overdue: Option<i64>,
}

impl ComplaintStatus<'_> {
    pub fn id(&self) -> Id {
        self.record.id
    }

    /// Days from receiving to closing, once closed.
    pub fn days_to_close(&self) -> Option<i64> {
        Some((self.workflow.closed_on? - self.received?).num_days())
    }
}

fn status<'a>(
    data: &Dataset,
    record: &'a Record<Complaint>,
    steps: Vec<&'a Fact<ComplaintStep>>,
    as_of: NaiveDate,
    settings: &ServiceSettings,
) -> ComplaintStatus<'a> {
    let workflow = replay(steps);
    let received = record.data.received_on.or_else(|| workflow.steps.first().map(|s| s.fact.data.date));
    let owner = workflow
        .responsible
        .or(workflow.taken_by)
        .or_else(|| data.customers.get(&record.data.customer).and_then(|c| c.data.owner));
    let due = if workflow.last.is_none() { received } else { workflow.due(settings) };
    let due = if workflow.is_closed() { None } else { due };
    ComplaintStatus { record, workflow, received, owner, due, days_overdue: due.map(|d| (as_of - d).num_days()) }
}

/// One complaint's status, if it exists and is not deleted.
pub fn complaint_status<'a>(
    data: &'a Dataset,
    id: Id,
    as_of: NaiveDate,
    settings: &ServiceSettings,
) -> Option<ComplaintStatus<'a>> {
    let record = data.complaints.get(&id).filter(|r| !r.is_deleted())?;
    let steps = data.complaint_steps.live().filter(|f| f.data.complaint == id).collect();
    Some(status(data, record, steps, as_of, settings))
}

/// Every live complaint's status (of one customer when given): open ones first, the most
/// overdue first; then closed ones, the latest closed first.
pub fn complaint_statuses<'a>(
    data: &'a Dataset,
    customer: Option<Id>,
    as_of: NaiveDate,
    settings: &ServiceSettings,
) -> Vec<ComplaintStatus<'a>> {
    let mut by = steps_by_complaint(data);
    let mut out: Vec<ComplaintStatus<'a>> = data
        .complaints
        .live()
        .filter(|r| customer.is_none_or(|c| r.data.customer == c))
        .map(|r| status(data, r, by.remove(&r.id).unwrap_or_default(), as_of, settings))
        .collect();
    out.sort_by(|a, b| {
        let key = |s: &ComplaintStatus| (s.workflow.is_closed(), -s.days_overdue.unwrap_or(i64::MIN / 2));
        key(a)
            .cmp(&key(b))
            .then_with(|| b.workflow.closed_on.cmp(&a.workflow.closed_on))
            .then(a.record.id.cmp(&b.record.id))
    });
    out
}

// ---------------------------------------------------------------------------------------------
// Validation

/// Checks a complaint's header (the record step's who, when, against what, what they want).
pub fn validate_complaint(c: &Complaint, data: &Dataset, today: NaiveDate) -> Vec<FieldError> {
    let mut out = Vec::new();
    if data.customers.get(&c.customer).is_none_or(|r| r.is_deleted()) {
        out.push(FieldError { field: "customer", problem: Invalid::UnknownCustomer });
    }
    match c.received_on {
        None => out.push(FieldError { field: "received_on", problem: Invalid::Required }),
        Some(d) if d > today => out.push(FieldError { field: "received_on", problem: Invalid::DateInFuture }),
        Some(_) => {}
    }
    check_required(&mut out, "complainant", &c.complainant, NAME_MAX);
    check_required(&mut out, "against", &c.against, LINE_MAX);
    check_required(&mut out, "wants", &c.wants, TEXT_MAX);
    out
}

/// The photo types accepted (the browser compresses photos to one of them).
pub const PHOTO_TYPES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];

fn b64_value(c: u8) -> Option<u32> {
    Some(u32::from(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    }))
}

/// The number of bytes a standard base64 text decodes to; `None` when it is not base64.
pub fn decoded_len(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    if b.is_empty() || !b.len().is_multiple_of(4) {
        return None;
    }
    let pad = b.iter().rev().take_while(|&&c| c == b'=').count();
    if pad > 2 || b[..b.len() - pad].iter().any(|&c| b64_value(c).is_none()) {
        return None;
    }
    Some(b.len() / 4 * 3 - pad)
}

/// The first bytes of a base64 text (up to 12), for checking the file's signature.
fn head_bytes(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in text.as_bytes().chunks(4).take(4) {
        let vals: Vec<u32> = chunk.iter().filter_map(|&c| b64_value(c)).collect();
        let n = vals.len();
        let word = vals.iter().fold(0u32, |acc, v| (acc << 6) | v) << (6 * (4 - n as u32));
        for i in 0..n.saturating_sub(1) {
            out.push((word >> (16 - 8 * i)) as u8);
        }
    }
    out
}

/// The file's type from its first bytes, if it is an image type we accept.
fn signature_type(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if head.starts_with(&[0x89, b'P', b'N', b'G']) {
        Some("image/png")
    } else if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// Checks photos before they are attached: at most `max_photos`, each a JPEG, PNG or WebP
/// (declared and by its first bytes), in base64, at most `max_photo_bytes` once decoded.
pub fn validate_photos(photos: &[Attachment], settings: &ServiceSettings) -> Vec<FieldError> {
    let mut out = Vec::new();
    let err = |problem| FieldError { field: "photos", problem };
    if photos.len() > settings.max_photos as usize {
        out.push(err(Invalid::TooMany(settings.max_photos as usize)));
    }
    for p in photos {
        let mime = p.mime.trim().to_ascii_lowercase();
        let declared = PHOTO_TYPES.iter().copied().find(|t| *t == mime);
        let len = decoded_len(&p.data);
        let readable = declared.is_some() && len.is_some() && signature_type(&head_bytes(&p.data)) == declared;
        if !readable {
            out.push(err(Invalid::FileType));
        } else if len.is_some_and(|n| n > settings.max_photo_bytes as usize) {
            out.push(err(Invalid::FileTooLarge(settings.max_photo_bytes / 1024)));
        }
        if p.name.chars().count() > NAME_MAX {
            out.push(err(Invalid::TooLong(NAME_MAX)));
        }
    }
    out.dedup();
    out
}

fn staff_exists(data: &Dataset, id: &Id) -> bool {
    data.staff.get(id).is_some_and(|s| !s.is_deleted())
}

/// Checks a new step against the complaint's workflow so far: the order, who, when, what was
/// told to the customer, and each step's own fields; and its photos.
pub fn check_step_in(
    step: &ComplaintStep,
    workflow: &Workflow,
    photos: &[Attachment],
    data: &Dataset,
    today: NaiveDate,
    settings: &ServiceSettings,
) -> Vec<FieldError> {
    use ComplaintStepKind as K;
    let mut out = Vec::new();
    let err = |field, problem| FieldError { field, problem };
    if !workflow.allows(step.kind) {
        out.push(err("kind", Invalid::StepOrder(workflow.next().first().copied())));
    }
    if step.date > today {
        out.push(err("date", Invalid::DateInFuture));
    } else if let Some(last) = workflow.last_date.filter(|d| step.date < *d) {
        out.push(err("date", Invalid::Before(last)));
    }
    match step.staff {
        None => out.push(err("staff", Invalid::Required)),
        Some(s) if !staff_exists(data, &s) => out.push(err("staff", Invalid::UnknownStaff)),
        Some(_) => {}
    }
    // What each step must say.
    let content_needed = step.kind != K::Decide && step.kind != K::Assign;
    if content_needed {
        check_required(&mut out, "content", &step.content, TEXT_MAX);
    } else {
        check_len(&mut out, "content", &step.content, TEXT_MAX);
    }
    let told_needed = matches!(step.kind, K::Decide | K::Propose | K::Evaluate);
    if told_needed && step.told_customer.trim().is_empty() {
        out.push(err("told_customer", Invalid::FeedbackRequired));
    } else {
        check_len(&mut out, "told_customer", &step.told_customer, TEXT_MAX);
    }
    match step.kind {
        K::Decide if step.stands.is_none() => out.push(err("stands", Invalid::Required)),
        K::Assign => {
            if step.department.is_none() && step.responsible.is_none() {
                out.push(err("responsible", Invalid::Required));
            }
            if step.department.is_some_and(|d| data.departments.get(&d).is_none_or(|r| r.is_deleted())) {
                out.push(err("department", Invalid::UnknownDepartment));
            }
            if step.responsible.is_some_and(|s| !staff_exists(data, &s)) {
                out.push(err("responsible", Invalid::UnknownStaff));
            }
        }
        K::Cause if step.cause_code.trim().is_empty() => out.push(err("cause_code", Invalid::Required)),
        K::Cause if Cause::from_code(&step.cause_code).is_none() => out.push(err("cause_code", Invalid::Choice)),
        K::Evaluate => {
            check_required(&mut out, "prevention", &step.prevention, TEXT_MAX);
            check_len(&mut out, "accountability", &step.accountability, TEXT_MAX);
        }
        _ => {}
    }
    out.extend(validate_photos(photos, settings));
    out
}

/// Checks a new step of a stored complaint (see [`check_step_in`]).
pub fn check_step(
    step: &ComplaintStep,
    photos: &[Attachment],
    data: &Dataset,
    today: NaiveDate,
    settings: &ServiceSettings,
) -> Vec<FieldError> {
    if data.complaints.get(&step.complaint).is_none_or(|r| r.is_deleted()) {
        return vec![FieldError { field: "complaint", problem: Invalid::UnknownComplaint }];
    }
    let workflow = replay(data.complaint_steps.live().filter(|f| f.data.complaint == step.complaint));
    check_step_in(step, &workflow, photos, data, today, settings)
}

// ---------------------------------------------------------------------------------------------
// Statistics

/// Complaints counted: all, still open, closed, judged not to stand, and the days to close.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Count {
    pub total: u32,
    pub open: u32,
    pub closed: u32,
    pub not_standing: u32,
    /// Days from receiving to closing of each closed complaint, sorted.
    pub days_to_close: Vec<i64>,
}

impl Count {
    fn add(&mut self, s: &ComplaintStatus) {
        self.total += 1;
        if s.workflow.is_closed() {
            self.closed += 1;
        } else {
            self.open += 1;
        }
        if s.workflow.stands == Some(false) {
            self.not_standing += 1;
        }
        if let Some(d) = s.days_to_close() {
            let at = self.days_to_close.partition_point(|x| *x <= d);
            self.days_to_close.insert(at, d);
        }
    }

    pub fn mean_days_to_close(&self) -> Option<f64> {
        let n = self.days_to_close.len();
        (n > 0).then(|| self.days_to_close.iter().sum::<i64>() as f64 / n as f64)
    }

    /// The median (the mean of the middle two for an even count).
    pub fn median_days_to_close(&self) -> Option<f64> {
        let v = &self.days_to_close;
        let n = v.len();
        match n {
            0 => None,
            _ if n % 2 == 1 => Some(v[n / 2] as f64),
            _ => Some((v[n / 2 - 1] + v[n / 2]) as f64 / 2.0),
        }
    }

    pub fn max_days_to_close(&self) -> Option<i64> {
        self.days_to_close.last().copied()
    }
}

/// Complaint statistics (投诉统计) over complaints received in a range of days.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ComplaintStats {
    pub all: Count,
    /// Every category, in the source's order (zero counts included).
    pub by_category: Vec<(ComplaintCategory, Count)>,
    /// By the cause found; `None` = no cause analysed (not standing, or not that far yet).
    pub by_cause: Vec<(Option<Cause>, Count)>,
    /// By the department assigned; `None` = not assigned.
    pub by_department: Vec<(Option<Id>, Count)>,
}

/// Statistics by category, cause, department and time to close, of the complaints received
/// from `from` to `to` (inclusive; `None` = open-ended), by one branch when given.
pub fn complaint_stats(
    data: &Dataset,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    branch: Option<Id>,
    as_of: NaiveDate,
    settings: &ServiceSettings,
) -> ComplaintStats {
    let mut stats = ComplaintStats {
        by_category: CATEGORIES.iter().map(|&c| (c, Count::default())).collect(),
        ..ComplaintStats::default()
    };
    let mut by_cause: std::collections::BTreeMap<Option<Cause>, Count> = Default::default();
    let mut by_department: std::collections::BTreeMap<Option<Id>, Count> = Default::default();
    for s in complaint_statuses(data, None, as_of, settings) {
        if branch.is_some_and(|b| s.record.branch != b) {
            continue;
        }
        let received = s.received;
        if from.is_some_and(|f| received.is_none_or(|r| r < f)) || to.is_some_and(|t| received.is_none_or(|r| r > t)) {
            continue;
        }
        stats.all.add(&s);
        if let Some((_, c)) = stats.by_category.iter_mut().find(|(c, _)| *c == s.record.data.category) {
            c.add(&s);
        }
        by_cause.entry(s.workflow.cause).or_default().add(&s);
        by_department.entry(s.workflow.department).or_default().add(&s);
    }
    // Most complaints first; the maps' order (None first, then by key) breaks ties.
    stats.by_cause = by_cause.into_iter().collect();
    stats.by_cause.sort_by_key(|x| std::cmp::Reverse(x.1.total));
    stats.by_department = by_department.into_iter().collect();
    stats.by_department.sort_by_key(|x| std::cmp::Reverse(x.1.total));
    stats
}

// ---------------------------------------------------------------------------------------------
// For the screens: the list's filter and its CSV rows, days open, photo encoding

/// Which complaints the list shows by stage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StageFilter {
    #[default]
    All,
    Open,
    Closed,
}

/// The complaint list's filter: text (customer name, who complained, against what, the wish),
/// stage, category and the department assigned.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ComplaintFilter {
    pub text: String,
    pub stage: StageFilter,
    pub category: Option<ComplaintCategory>,
    pub department: Option<Id>,
}

impl ComplaintFilter {
    /// Does the complaint pass? `customer_name` is its customer's name as shown. The text is
    /// matched case-folded, ignoring spaces at either end; every word must match somewhere.
    pub fn matches(&self, s: &ComplaintStatus, customer_name: &str) -> bool {
        let stage_ok = match self.stage {
            StageFilter::All => true,
            StageFilter::Open => !s.workflow.is_closed(),
            StageFilter::Closed => s.workflow.is_closed(),
        };
        if !stage_ok
            || self.category.is_some_and(|c| c != s.record.data.category)
            || self.department.is_some_and(|d| s.workflow.department != Some(d))
        {
            return false;
        }
        let h = &s.record.data;
        let haystack = [customer_name, &h.complainant, &h.against, &h.wants].join("\n").to_lowercase();
        self.text.to_lowercase().split_whitespace().all(|word| haystack.contains(word))
    }
}

/// Days a complaint has been open: from the day received to the day it closed, or to `as_of`
/// while open. `None` without a day received.
pub fn days_open(s: &ComplaintStatus, as_of: NaiveDate) -> Option<i64> {
    let end = s.workflow.closed_on.unwrap_or(as_of);
    Some((end - s.received?).num_days().max(0))
}

/// Names the list shows for ids: customers, staff, departments.
#[derive(Clone, Copy)]
pub struct Names<'a> {
    pub customer: &'a dyn Fn(Id) -> String,
    pub staff: &'a dyn Fn(Id) -> String,
    pub department: &'a dyn Fn(Id) -> String,
}

/// The complaint list as a table for a CSV file, in the user's language: the header, then one
/// row per complaint in the order given.
pub fn list_table(
    statuses: &[&ComplaintStatus],
    names: Names,
    as_of: NaiveDate,
    lang: crate::i18n::Lang,
) -> (Vec<String>, Vec<Vec<String>>) {
    let header = [
        Msg::CpColCustomer,
        Msg::CpColReceived,
        Msg::CpComplainant,
        Msg::CpAgainst,
        Msg::CpWants,
        Msg::CpColCategory,
        Msg::CpColStage,
        Msg::CpColOwner,
        Msg::CpColDepartment,
        Msg::CpColCause,
        Msg::CpColDaysOpen,
        Msg::CpColDue,
        Msg::CpColDaysOverdue,
        Msg::CpColClosedOn,
    ]
    .map(|m| m.text(lang).to_string())
    .to_vec();
    let rows = statuses
        .iter()
        .map(|s| {
            let h = &s.record.data;
            let opt = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            vec![
                (names.customer)(h.customer),
                opt(s.received),
                h.complainant.clone(),
                h.against.clone(),
                h.wants.clone(),
                category_label(h.category).text(lang).to_string(),
                s.workflow.stage().label().text(lang).to_string(),
                s.owner.map(names.staff).unwrap_or_default(),
                s.workflow.department.map(names.department).unwrap_or_default(),
                s.workflow.cause.map(|c| c.label().text(lang).to_string()).unwrap_or_default(),
                days_open(s, as_of).map(|d| d.to_string()).unwrap_or_default(),
                opt(s.due),
                s.days_overdue.filter(|d| *d > 0).map(|d| d.to_string()).unwrap_or_default(),
                opt(s.workflow.closed_on),
            ]
        })
        .collect();
    (header, rows)
}

/// Standard base64 with padding (what [`validate_photos`] reads).
pub fn encode_base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.len();
        let word = chunk.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)) << (8 * (3 - n));
        for i in 0..4 {
            if i <= n {
                out.push(char::from(ABC[((word >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// One try at compressing a photo: draw it at this size, encode at this quality (0–1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PhotoAttempt {
    pub width: u32,
    pub height: u32,
    pub quality: f64,
}

/// The longest side a photo is drawn at, at most: enough to read a label or a crack on a
/// tablet, far below a phone camera's 4000 px.
pub const PHOTO_MAX_SIDE: u32 = 1600;

/// The tries, best first, the browser makes to bring a photo of `width` × `height` under the
/// size limit: the longest side at most 1600, 1280, 1024, 800 and 640 px (never enlarged),
/// each at JPEG quality 0.82, 0.7 and 0.55. The first result small enough is kept.
pub fn photo_attempts(width: u32, height: u32) -> Vec<PhotoAttempt> {
    let long = width.max(height).max(1);
    let mut out: Vec<PhotoAttempt> = Vec::new();
    for side in [PHOTO_MAX_SIDE, 1280, 1024, 800, 640] {
        let scale = (f64::from(side) / f64::from(long)).min(1.0);
        let size = |v: u32| ((f64::from(v) * scale).round() as u32).max(1);
        let (w, h) = (size(width.max(1)), size(height.max(1)));
        if out.last().is_some_and(|a| (a.width, a.height) == (w, h)) {
            continue;
        }
        for quality in [0.82, 0.7, 0.55] {
            out.push(PhotoAttempt { width: w, height: h, quality });
        }
    }
    out
}

/// The name a compressed photo is stored under: the picked file's name with the new format's
/// extension, at most 120 characters.
pub fn photo_name(picked: &str, mime: &str) -> String {
    let ext = match mime {
        "image/png" => "png",
        "image/webp" => "webp",
        _ => "jpg",
    };
    let stem = picked.rsplit_once('.').map_or(picked, |(stem, _)| stem).trim();
    let stem = if stem.is_empty() { "photo" } else { stem };
    let keep = NAME_MAX - ext.len() - 1;
    format!("{}.{ext}", stem.chars().take(keep).collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Customer, Department, Hlc, NodeId, Staff};
    use ComplaintStepKind as K;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    const CUSTOMER: Id = Id::NIL;

    fn staff() -> Id {
        Id::v7(3, [3; 10])
    }

    fn dept() -> Id {
        Id::v7(4, [4; 10])
    }

    fn complaint() -> Id {
        Id::v7(5, [5; 10])
    }

    fn base() -> Dataset {
        let mut data = Dataset::default();
        let stamp = Hlc(1, 0, NodeId::new(1, 0));
        let cust = Customer { name: "甲".into(), owner: Some(staff()), ..Customer::default() };
        let cid = Id::v7(1, [1; 10]);
        data.customers.merge(Record::new(cid, Id::NIL, stamp, None, cust));
        data.staff.merge(Record::new(staff(), Id::NIL, stamp, None, Staff { name: "王芳".into(), ..Staff::default() }));
        data.departments.merge(Record::new(
            dept(),
            Id::NIL,
            stamp,
            None,
            Department { name: "质量部".into(), ..Department::default() },
        ));
        let header = Complaint {
            customer: cid,
            received_on: Some(d(3, 1)),
            complainant: "李经理".into(),
            against: "水泥 42.5级".into(),
            wants: "换货".into(),
            category: ComplaintCategory::ProductQuality,
        };
        data.complaints.merge(Record::new(complaint(), Id::NIL, stamp, None, header));
        data
    }

    /// A step that passes every field rule for its kind.
    fn good(kind: ComplaintStepKind, date: NaiveDate) -> ComplaintStep {
        let mut s = ComplaintStep {
            complaint: complaint(),
            kind,
            date,
            content: "内容".into(),
            staff: Some(staff()),
            ..ComplaintStep::default()
        };
        match kind {
            K::Decide => {
                s.stands = Some(true);
                s.told_customer = "已告知客户投诉成立".into();
            }
            K::Assign => s.department = Some(dept()),
            K::Cause => s.cause_code = "production".into(),
            K::Propose => {
                s.told_customer = "方案已告知客户".into();
                s.accepted = Some(true);
            }
            K::Evaluate => {
                s.told_customer = "处理结果已告知客户".into();
                s.prevention = "加强出厂检验".into();
            }
            _ => {}
        }
        s
    }

    fn add(data: &mut Dataset, n: u8, s: ComplaintStep) {
        data.complaint_steps.merge(Fact::new(
            Id::v7(9, [n; 10]),
            Id::NIL,
            Hlc(u64::from(n), 0, NodeId::new(1, 0)),
            None,
            s,
        ));
    }

    fn problems(data: &Dataset, s: &ComplaintStep) -> Vec<(&'static str, Invalid)> {
        check_step(s, &[], data, d(12, 31), &ServiceSettings::default()).iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn the_seven_steps_in_order_close_the_complaint() {
        let mut data = base();
        let s = ServiceSettings::default();
        let kinds = [K::Record, K::Decide, K::Assign, K::Cause, K::Propose, K::Implement, K::Evaluate];
        for (i, kind) in kinds.into_iter().enumerate() {
            let step = good(kind, d(3, 1 + i as u32));
            assert_eq!(problems(&data, &step), vec![], "{kind:?}");
            add(&mut data, i as u8, step);
        }
        let st = complaint_status(&data, complaint(), d(3, 20), &s).unwrap();
        assert_eq!(st.workflow.stage(), Stage::Closed { stood: true });
        assert_eq!(st.workflow.closed_on, Some(d(3, 7)));
        assert_eq!(st.days_to_close(), Some(6));
        assert_eq!((st.due, st.days_overdue), (None, None));
        assert_eq!(st.workflow.cause, Some(Cause::Production));
        assert_eq!(st.workflow.department, Some(dept()));
        assert!(st.workflow.next().is_empty());
        assert!(st.workflow.steps.iter().all(|r| r.role == StepRole::Followed));
        // Nothing may follow a closed complaint.
        assert_eq!(problems(&data, &good(K::Evaluate, d(3, 21))), vec![("kind", Invalid::StepOrder(None))]);
    }

    #[test]
    fn steps_cannot_be_skipped_or_taken_back() {
        let mut data = base();
        add(&mut data, 1, good(K::Record, d(3, 1)));
        // Skipping the decision.
        assert_eq!(problems(&data, &good(K::Assign, d(3, 2))), vec![("kind", Invalid::StepOrder(Some(K::Decide)))]);
        add(&mut data, 2, good(K::Decide, d(3, 2)));
        add(&mut data, 3, good(K::Assign, d(3, 3)));
        // Going back to the decision, or recording the assignment again.
        assert_eq!(problems(&data, &good(K::Decide, d(3, 4))), vec![("kind", Invalid::StepOrder(Some(K::Cause)))]);
        assert_eq!(problems(&data, &good(K::Assign, d(3, 4)))[0].1, Invalid::StepOrder(Some(K::Cause)));
        // Dated before the step it follows.
        assert_eq!(problems(&data, &good(K::Cause, d(3, 2))), vec![("date", Invalid::Before(d(3, 3)))]);
        assert_eq!(problems(&data, &good(K::Cause, d(3, 3))), vec![], "the same day is fine");
    }

    #[test]
    fn a_complaint_cannot_close_without_feedback_to_the_customer() {
        let mut data = base();
        add(&mut data, 1, good(K::Record, d(3, 1)));
        // Judged not to stand, but nothing told to the customer: refused.
        let mut no = good(K::Decide, d(3, 2));
        no.stands = Some(false);
        no.told_customer = "  ".into();
        assert_eq!(problems(&data, &no), vec![("told_customer", Invalid::FeedbackRequired)]);
        // Such a step arriving anyway (older data, another branch) leaves the complaint open.
        add(&mut data, 2, no.clone());
        let s = ServiceSettings::default();
        let st = complaint_status(&data, complaint(), d(3, 4), &s).unwrap();
        assert_eq!(st.workflow.stage(), Stage::AwaitingFeedback);
        assert!(!st.workflow.is_closed());
        assert_eq!(st.workflow.next(), vec![K::Decide]);
        assert_eq!((st.due, st.days_overdue), (Some(d(3, 3)), Some(1)), "feedback is due the next day");
        // Recording the decision again with the feedback closes it.
        no.told_customer = "已向客户解释原因".into();
        no.date = d(3, 4);
        assert_eq!(problems(&data, &no), vec![]);
        add(&mut data, 3, no);
        let st = complaint_status(&data, complaint(), d(3, 5), &s).unwrap();
        assert_eq!(st.workflow.stage(), Stage::Closed { stood: false });
        assert_eq!(st.days_to_close(), Some(3));
        // The evaluation must record the feedback as well.
        let mut e = good(K::Evaluate, d(3, 9));
        e.told_customer.clear();
        let w = Workflow { last: Some(K::Implement), ..Workflow::default() };
        let errs = check_step_in(&e, &w, &[], &data, d(12, 31), &s);
        assert_eq!(errs, vec![FieldError { field: "told_customer", problem: Invalid::FeedbackRequired }]);
    }

    #[test]
    fn negotiation_loops_on_proposals_until_one_is_accepted() {
        let mut data = base();
        for (i, k) in [K::Record, K::Decide, K::Assign, K::Cause].into_iter().enumerate() {
            add(&mut data, i as u8, good(k, d(3, 1 + i as u32)));
        }
        let mut refused = good(K::Propose, d(3, 5));
        refused.accepted = Some(false);
        add(&mut data, 10, refused);
        let s = ServiceSettings::default();
        let st = complaint_status(&data, complaint(), d(3, 6), &s).unwrap();
        assert_eq!(st.workflow.stage(), Stage::Negotiating);
        assert_eq!(st.due, Some(d(3, 10)), "negotiation: five days");
        assert_eq!(problems(&data, &good(K::Implement, d(3, 6))), vec![("kind", Invalid::StepOrder(Some(K::Propose)))]);
        let mut pending = good(K::Propose, d(3, 6));
        pending.accepted = None;
        add(&mut data, 11, pending);
        assert_eq!(problems(&data, &good(K::Implement, d(3, 7)))[0].1, Invalid::StepOrder(Some(K::Propose)));
        add(&mut data, 12, good(K::Propose, d(3, 8)));
        assert_eq!(problems(&data, &good(K::Implement, d(3, 9))), vec![]);
        let st = complaint_status(&data, complaint(), d(3, 9), &s).unwrap();
        assert_eq!(st.workflow.stage(), Stage::AwaitingImplementation);
        assert_eq!(st.due, Some(d(3, 15)));
    }

    #[test]
    fn each_step_says_who_and_its_own_fields() {
        let mut data = base();
        add(&mut data, 1, good(K::Record, d(3, 1)));
        let mut s = good(K::Decide, d(3, 2));
        s.staff = None;
        s.stands = None;
        assert_eq!(problems(&data, &s), vec![("staff", Invalid::Required), ("stands", Invalid::Required)]);
        s.staff = Some(Id::v7(7, [7; 10]));
        s.stands = Some(true);
        assert_eq!(problems(&data, &s), vec![("staff", Invalid::UnknownStaff)]);
        add(&mut data, 2, good(K::Decide, d(3, 2)));
        let mut a = good(K::Assign, d(3, 3));
        a.department = None;
        assert_eq!(problems(&data, &a), vec![("responsible", Invalid::Required)]);
        a.responsible = Some(staff());
        assert_eq!(problems(&data, &a), vec![]);
        add(&mut data, 3, a);
        let mut c = good(K::Cause, d(3, 4));
        c.cause_code = "weather".into();
        c.content.clear();
        assert_eq!(problems(&data, &c), vec![("content", Invalid::Required), ("cause_code", Invalid::Choice)]);
        let unknown = ComplaintStep { complaint: Id::v7(8, [8; 10]), ..good(K::Record, d(3, 1)) };
        assert_eq!(problems(&data, &unknown), vec![("complaint", Invalid::UnknownComplaint)]);
        // The owner follows the assignment.
        let st = complaint_status(&data, complaint(), d(3, 4), &ServiceSettings::default()).unwrap();
        assert_eq!(st.owner, Some(staff()));
        assert_eq!(st.workflow.stage(), Stage::AwaitingCause);
    }

    #[test]
    fn merged_steps_that_do_not_fit_are_kept_but_not_followed() {
        let mut data = base();
        add(&mut data, 1, good(K::Record, d(3, 1)));
        add(&mut data, 2, good(K::Decide, d(3, 2)));
        // Two branches both assigned it; a third recorded a cause before the decision's day.
        add(&mut data, 3, good(K::Assign, d(3, 3)));
        let mut again = good(K::Assign, d(3, 3));
        again.department = None;
        again.responsible = Some(staff());
        add(&mut data, 4, again);
        add(&mut data, 5, good(K::Implement, d(3, 3)));
        let st = complaint_status(&data, complaint(), d(3, 3), &ServiceSettings::default()).unwrap();
        let roles: Vec<StepRole> = st.workflow.steps.iter().map(|s| s.role).collect();
        use StepRole::*;
        assert_eq!(roles, vec![Followed, Followed, Followed, Amendment, OutOfOrder]);
        assert_eq!((st.workflow.department, st.workflow.responsible), (None, Some(staff())));
        assert_eq!(st.workflow.stage(), Stage::AwaitingCause);
    }

    #[test]
    fn overdue_steps_follow_the_settings() {
        let mut data = base();
        let s = ServiceSettings::default();
        let st = complaint_status(&data, complaint(), d(3, 1), &s).unwrap();
        assert_eq!((st.workflow.stage(), st.due, st.days_overdue), (Stage::New, Some(d(3, 1)), Some(0)));
        add(&mut data, 1, good(K::Record, d(3, 1)));
        // Decision due two days after the record: not overdue on the second day, one day after.
        let at = |day| complaint_status(&data, complaint(), day, &s).unwrap().days_overdue;
        assert_eq!((at(d(3, 2)), at(d(3, 3)), at(d(3, 4))), (Some(-1), Some(0), Some(1)));
        let tight =
            ServiceSettings { step_days: super::super::settings::StepDays { decide: 0, ..Default::default() }, ..s };
        assert_eq!(complaint_status(&data, complaint(), d(3, 1), &tight).unwrap().days_overdue, Some(0));
    }

    #[test]
    fn statistics_by_category_cause_department_and_time_to_close() {
        let mut data = base();
        for (i, k) in
            [K::Record, K::Decide, K::Assign, K::Cause, K::Propose, K::Implement, K::Evaluate].into_iter().enumerate()
        {
            add(&mut data, i as u8, good(k, d(3, 1 + 2 * i as u32)));
        }
        // A second complaint, late delivery, not standing, closed on its fourth day.
        let other = Id::v7(6, [6; 10]);
        let header = Complaint {
            received_on: Some(d(4, 1)),
            category: ComplaintCategory::LateDelivery,
            ..data.complaints.get(&complaint()).unwrap().data.clone()
        };
        data.complaints.merge(Record::new(other, Id::NIL, Hlc(1, 0, NodeId::new(1, 0)), None, header));
        add(&mut data, 20, ComplaintStep { complaint: other, ..good(K::Record, d(4, 1)) });
        let mut no = ComplaintStep { complaint: other, ..good(K::Decide, d(4, 4)) };
        no.stands = Some(false);
        add(&mut data, 21, no);
        let st = complaint_stats(&data, None, None, None, d(5, 1), &ServiceSettings::default());
        assert_eq!((st.all.total, st.all.closed, st.all.not_standing), (2, 2, 1));
        assert_eq!(st.all.days_to_close, vec![3, 12]);
        assert_eq!(st.all.mean_days_to_close(), Some(7.5));
        assert_eq!(st.all.median_days_to_close(), Some(7.5));
        assert_eq!(st.by_category[0].1.total, 1);
        assert_eq!(
            st.by_category[1],
            (
                ComplaintCategory::LateDelivery,
                Count { total: 1, open: 0, closed: 1, not_standing: 1, days_to_close: vec![3] }
            )
        );
        assert_eq!(
            st.by_cause.iter().map(|(c, n)| (*c, n.total)).collect::<Vec<_>>(),
            vec![(None, 1), (Some(Cause::Production), 1)]
        );
        assert_eq!(st.by_department.len(), 2);
        let april = complaint_stats(&data, Some(d(4, 1)), Some(d(4, 30)), None, d(5, 1), &ServiceSettings::default());
        assert_eq!(april.all.total, 1);
    }

    #[test]
    fn photos_must_be_small_images() {
        let s = ServiceSettings { max_photo_bytes: 16 * 1024, max_photos: 2, ..ServiceSettings::default() };
        let jpeg =
            Attachment { mime: "image/jpeg".into(), name: "现场.jpg".into(), data: "/9j/4AAQSkZJRgABAQ==".into() };
        assert_eq!(decoded_len(&jpeg.data), Some(13));
        assert!(validate_photos(std::slice::from_ref(&jpeg), &s).is_empty());
        let png = Attachment { mime: "image/png".into(), name: "a.png".into(), data: "iVBORw0KGgo=".into() };
        assert!(validate_photos(std::slice::from_ref(&png), &s).is_empty());
        let webp =
            Attachment { mime: "image/webp".into(), name: "a.webp".into(), data: "UklGRiQAAABXRUJQVlA4IA==".into() };
        assert!(validate_photos(&[webp], &s).is_empty());
        // Declared as PNG but a JPEG inside; not base64; a PDF.
        let liar = Attachment { mime: "image/png".into(), ..jpeg.clone() };
        let broken = Attachment { data: "not base64!".into(), ..jpeg.clone() };
        let pdf = Attachment { mime: "application/pdf".into(), data: "JVBERi0xLjQ=".into(), ..jpeg.clone() };
        for bad in [liar, broken, pdf] {
            assert_eq!(validate_photos(&[bad], &s), vec![FieldError { field: "photos", problem: Invalid::FileType }]);
        }
        let big = Attachment { data: format!("/9j/{}", "A".repeat(22_000)), ..jpeg.clone() };
        assert_eq!(
            validate_photos(&[big], &s),
            vec![FieldError { field: "photos", problem: Invalid::FileTooLarge(16) }]
        );
        assert_eq!(validate_photos(&[jpeg.clone(), jpeg.clone(), png], &s)[0].problem, Invalid::TooMany(2));
    }

    #[test]
    fn the_header_needs_who_when_what_and_the_wish() {
        let data = base();
        let c = Complaint { customer: CUSTOMER, received_on: Some(d(12, 31)), ..Complaint::default() };
        let fields: Vec<(&str, Invalid)> =
            validate_complaint(&c, &data, d(3, 1)).iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(
            fields,
            vec![
                ("customer", Invalid::UnknownCustomer),
                ("received_on", Invalid::DateInFuture),
                ("complainant", Invalid::Required),
                ("against", Invalid::Required),
                ("wants", Invalid::Required),
            ]
        );
        assert!(validate_complaint(&data.complaints.get(&complaint()).unwrap().data, &data, d(3, 1)).is_empty());
    }
}

#[cfg(test)]
mod screen_tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::model::{Department, Hlc, NodeId, Staff};
    use ComplaintStepKind as K;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    /// Two complaints of one customer: one about quality, closed after the seven steps on
    /// 3 March (assigned to the quality department); one about late delivery, still open.
    fn data() -> (Dataset, Id, Id, Id) {
        let stamp = Hlc(1, 0, NodeId::new(1, 0));
        let mut data = Dataset::default();
        let (cust, staff, dept) = (Id::v7(1, [1; 10]), Id::v7(2, [2; 10]), Id::v7(3, [3; 10]));
        data.staff.merge(Record::new(staff, Id::NIL, stamp, None, Staff { name: "王芳".into(), ..Staff::default() }));
        let q = Department { name: "质量部".into(), ..Department::default() };
        data.departments.merge(Record::new(dept, Id::NIL, stamp, None, q));
        let (closed, open) = (Id::v7(4, [4; 10]), Id::v7(5, [5; 10]));
        for (id, cat, wants) in
            [(closed, ComplaintCategory::ProductQuality, "换货"), (open, ComplaintCategory::LateDelivery, "赔偿 Delay")]
        {
            let h = Complaint {
                customer: cust,
                received_on: Some(d(3, 1)),
                complainant: "李经理".into(),
                against: "水泥 42.5级".into(),
                wants: wants.into(),
                category: cat,
            };
            data.complaints.merge(Record::new(id, Id::NIL, stamp, None, h));
        }
        let kinds = [K::Record, K::Decide, K::Assign, K::Cause, K::Propose, K::Implement, K::Evaluate];
        for (i, kind) in kinds.into_iter().enumerate() {
            let s = ComplaintStep {
                complaint: closed,
                kind,
                date: d(3, 1 + (i as u32) / 3),
                content: "内容".into(),
                staff: Some(staff),
                told_customer: "已告知".into(),
                stands: Some(true),
                department: Some(dept),
                cause_code: "production".into(),
                accepted: Some(true),
                prevention: "加强检验".into(),
                ..ComplaintStep::default()
            };
            data.complaint_steps.merge(Fact::new(
                Id::v7(9, [i as u8; 10]),
                Id::NIL,
                Hlc(10 + i as u64, 0, stamp.2),
                None,
                s,
            ));
        }
        let first = ComplaintStep {
            complaint: open,
            kind: K::Record,
            date: d(3, 1),
            staff: Some(staff),
            ..ComplaintStep::default()
        };
        data.complaint_steps.merge(Fact::new(Id::v7(8, [8; 10]), Id::NIL, stamp, None, first));
        (data, closed, open, dept)
    }

    #[test]
    fn the_list_filters_by_text_stage_category_and_department() {
        let (data, closed, open, dept) = data();
        let s = ServiceSettings::default();
        let all = complaint_statuses(&data, None, d(3, 10), &s);
        let shown = |f: &ComplaintFilter, name: &str| -> Vec<Id> {
            all.iter().filter(|c| f.matches(c, name)).map(|c| c.id()).collect()
        };
        let f = ComplaintFilter::default();
        assert_eq!(shown(&f, "甲公司"), vec![open, closed], "open first, as the core sorts them");
        let by_stage = |stage| ComplaintFilter { stage, ..ComplaintFilter::default() };
        assert_eq!(shown(&by_stage(StageFilter::Open), ""), vec![open]);
        assert_eq!(shown(&by_stage(StageFilter::Closed), ""), vec![closed]);
        let cat = ComplaintFilter { category: Some(ComplaintCategory::ProductQuality), ..f.clone() };
        assert_eq!(shown(&cat, ""), vec![closed]);
        let dep = ComplaintFilter { department: Some(dept), ..f.clone() };
        assert_eq!(shown(&dep, ""), vec![closed], "the open one is not assigned yet");
        // Text: the customer's name, the subject, the wish; case-folded, every word.
        let text = |t: &str| ComplaintFilter { text: t.into(), ..f.clone() };
        assert_eq!(shown(&text("甲公司"), "甲公司").len(), 2);
        assert_eq!(shown(&text("  42.5 "), "").len(), 2);
        assert_eq!(shown(&text("delay"), ""), vec![open]);
        assert_eq!(shown(&text("水泥 换货"), ""), vec![closed]);
        assert!(shown(&text("乙"), "甲公司").is_empty());
    }

    #[test]
    fn days_open_run_to_the_close_or_to_today() {
        let (data, closed, open, _) = data();
        let s = ServiceSettings::default();
        let one = |id| complaint_status(&data, id, d(3, 10), &s).unwrap();
        assert_eq!(days_open(&one(closed), d(3, 10)), Some(2), "closed on 3 March");
        assert_eq!(days_open(&one(open), d(3, 10)), Some(9));
    }

    #[test]
    fn the_csv_table_has_a_header_in_the_language_and_a_row_per_complaint() {
        let (data, closed, _, _) = data();
        let s = ServiceSettings::default();
        let st = complaint_status(&data, closed, d(3, 10), &s).unwrap();
        let customer = |_| "甲公司".to_string();
        let staff = |_| "王芳".to_string();
        let department = |_| "质量部".to_string();
        let names = Names { customer: &customer, staff: &staff, department: &department };
        let (header, rows) = list_table(&[&st], names, d(3, 10), Lang::En);
        assert_eq!(header.len(), rows[0].len());
        assert_eq!(header[0], Msg::CpColCustomer.text(Lang::En));
        assert!(header.iter().all(|h| !h.chars().any(crate::i18n::is_cjk)));
        assert_eq!(
            rows[0],
            [
                "甲公司",
                "2026-03-01",
                "李经理",
                "水泥 42.5级",
                "换货",
                "Product quality",
                "Closed",
                "王芳",
                "质量部",
                "Production",
                "2",
                "",
                "",
                "2026-03-03"
            ]
        );
        let (zh, _) = list_table(&[], names, d(3, 10), Lang::Zh);
        assert!(zh.iter().all(|h| h.chars().any(crate::i18n::is_cjk)));
    }

    #[test]
    fn base64_is_standard_and_reads_back() {
        assert_eq!(encode_base64(b""), "");
        assert_eq!(encode_base64(b"f"), "Zg==");
        assert_eq!(encode_base64(b"fo"), "Zm8=");
        assert_eq!(encode_base64(b"foo"), "Zm9v");
        assert_eq!(encode_base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(encode_base64(&[0xFF, 0xD8, 0xFF, 0xE0]), "/9j/4A==");
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(decoded_len(&encode_base64(&bytes)), Some(256));
        // A JPEG's bytes pass the core's photo check once encoded.
        let jpeg = Attachment {
            mime: "image/jpeg".into(),
            name: "a.jpg".into(),
            data: encode_base64(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16]),
        };
        assert!(validate_photos(&[jpeg], &ServiceSettings::default()).is_empty());
    }

    #[test]
    fn photos_are_tried_smaller_and_rougher_never_larger() {
        let a = photo_attempts(4000, 3000);
        assert_eq!(a[0], PhotoAttempt { width: 1600, height: 1200, quality: 0.82 });
        assert_eq!(a.len(), 15);
        assert_eq!(a.last().map(|x| (x.width, x.height, x.quality)), Some((640, 480, 0.55)));
        assert!(a.windows(2).all(|w| w[1].width <= w[0].width));
        // Small pictures keep their size until a smaller side is tried.
        let small = photo_attempts(900, 1200);
        assert_eq!((small[0].width, small[0].height), (900, 1200));
        assert_eq!(small.iter().filter(|x| x.width == 900).count(), 3, "1600 and 1280 give the same size: tried once");
        assert_eq!((small[3].width, small[3].height), (768, 1024));
        assert!(photo_attempts(0, 0).iter().all(|x| x.width == 1 && x.height == 1));
    }

    #[test]
    fn photo_names_take_the_new_format() {
        assert_eq!(photo_name("IMG_0001.HEIC", "image/jpeg"), "IMG_0001.jpg");
        assert_eq!(photo_name("现场.png", "image/webp"), "现场.webp");
        assert_eq!(photo_name(".jpg", "image/jpeg"), "photo.jpg");
        assert_eq!(photo_name(&"长".repeat(300), "image/jpeg").chars().count(), 120);
    }
}
