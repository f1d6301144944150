//! Contracts (合同管理, DOMAIN.md §11): the standard fields checked, validity as of a day, and
//! the contracts to renew.
//!
//! - Required: customer, number (unique among the live contracts), subject, signing date (not
//!   in the future), start of validity, both parties' names. The end of validity may be left
//!   open (a contract without a term).
//! - A contract is valid from `valid_from` to `valid_to`, both inclusive; it is expiring when
//!   its end is at most the notice (setting, 30 days) away, expired the day after its end.
//! - A contract needs renewing from the start of its notice until it is renewed: another live
//!   contract of the same customer starts after it started and runs longer (or open-ended). A
//!   contract marked "no renewal" never asks.

use super::period::days_between;
use super::settings::ServiceSettings;
use super::{check_len, check_required, LINE_MAX, NAME_MAX, TEXT_MAX};
use crate::i18n::Msg;
use crate::model::service::Contract;
use crate::model::validate::{is_phone, is_tax_number, FieldError, Invalid};
use crate::model::{Dataset, Id, Record};
use chrono::NaiveDate;

/// Where a contract stands on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validity {
    /// Signed, its validity starts later (in this many days).
    NotYetValid { days_to_start: i64 },
    /// Valid, with no end or the end beyond the notice.
    Valid,
    /// Valid, ending within the notice: this many days left (0 = its last day).
    Expiring { days_left: i64 },
    /// Ended this many days ago (1 = yesterday was its last day).
    Expired { days_ago: i64 },
    /// No start of validity recorded.
    Undated,
}

impl Validity {
    pub fn label(self) -> Msg {
        match self {
            Validity::NotYetValid { .. } => Msg::SvContractNotYet,
            Validity::Valid => Msg::SvContractValid,
            Validity::Expiring { .. } => Msg::SvContractExpiring,
            Validity::Expired { .. } => Msg::SvContractExpired,
            Validity::Undated => Msg::SvContractUndated,
        }
    }

    /// In force on the day (valid or expiring).
    pub fn in_force(self) -> bool {
        matches!(self, Validity::Valid | Validity::Expiring { .. })
    }
}

/// A contract's validity as of a day, with `notice_days` of notice before it ends.
pub fn validity(c: &Contract, as_of: NaiveDate, notice_days: u32) -> Validity {
    let Some(from) = c.valid_from else { return Validity::Undated };
    if as_of < from {
        return Validity::NotYetValid { days_to_start: days_between(as_of, from) };
    }
    match c.valid_to {
        None => Validity::Valid,
        Some(to) if as_of > to => Validity::Expired { days_ago: days_between(to, as_of) },
        Some(to) if days_between(as_of, to) <= i64::from(notice_days) => {
            Validity::Expiring { days_left: days_between(as_of, to) }
        }
        Some(_) => Validity::Valid,
    }
}

/// Checks a contract before it is written. `this` is the contract's own id when editing (so
/// its number does not collide with itself).
pub fn validate_contract(c: &Contract, this: Option<Id>, data: &Dataset, today: NaiveDate) -> Vec<FieldError> {
    let mut out = Vec::new();
    let err = |field, problem| FieldError { field, problem };
    if data.customers.get(&c.customer).is_none_or(|r| r.is_deleted()) {
        out.push(err("customer", Invalid::UnknownCustomer));
    }
    check_required(&mut out, "number", &c.number, NAME_MAX);
    let number = c.number.trim();
    if !number.is_empty()
        && data.contracts.live().any(|r| Some(r.id) != this && r.data.number.trim().eq_ignore_ascii_case(number))
    {
        out.push(err("number", Invalid::Duplicate));
    }
    check_required(&mut out, "subject", &c.subject, TEXT_MAX);
    for (field, value) in [
        ("quality", &c.quality),
        ("delivery_terms", &c.delivery_terms),
        ("acceptance", &c.acceptance),
        ("rights", &c.rights),
        ("settlement", &c.settlement),
        ("policy", &c.policy),
        ("ordering_and_returns", &c.ordering_and_returns),
        ("breach_and_disputes", &c.breach_and_disputes),
    ] {
        check_len(&mut out, field, value, TEXT_MAX);
    }
    match c.signed_on {
        None => out.push(err("signed_on", Invalid::Required)),
        Some(d) if d > today => out.push(err("signed_on", Invalid::DateInFuture)),
        Some(_) => {}
    }
    check_len(&mut out, "signed_at", &c.signed_at, LINE_MAX);
    match (c.valid_from, c.valid_to) {
        (None, _) => out.push(err("valid_from", Invalid::Required)),
        (Some(from), Some(to)) if to < from => out.push(err("valid_to", Invalid::Before(from))),
        _ => {}
    }
    check_required(&mut out, "our_party", &c.our_party, NAME_MAX);
    check_required(&mut out, "their_party", &c.their_party, NAME_MAX);
    for (field, value) in [
        ("their_legal_representative", &c.their_legal_representative),
        ("their_signing_representative", &c.their_signing_representative),
        ("their_bank_account", &c.their_bank_account),
        ("their_address", &c.their_address),
        ("their_contact", &c.their_contact),
    ] {
        check_len(&mut out, field, value, LINE_MAX);
    }
    if !c.their_tax_number.trim().is_empty() && !is_tax_number(&c.their_tax_number) {
        out.push(err("their_tax_number", Invalid::TaxNumber));
    }
    // The contact is free text ("王经理 13800138000"); a field holding digits only must be a phone.
    let contact = c.their_contact.trim();
    if !contact.is_empty()
        && contact.chars().all(|ch| ch.is_ascii_digit() || " +-()".contains(ch))
        && !is_phone(contact)
    {
        out.push(err("their_contact", Invalid::Phone));
    }
    out
}

/// The live contract that renews `c`, if any: same customer, starting after `c` started and
/// running longer (or without an end).
pub fn renewed_by<'a>(data: &'a Dataset, c: &Record<Contract>) -> Option<&'a Record<Contract>> {
    let (Some(from), Some(to)) = (c.data.valid_from, c.data.valid_to) else { return None };
    data.contracts.live().find(|o| {
        o.id != c.id
            && o.data.customer == c.data.customer
            && o.data.valid_from.is_some_and(|f| f > from)
            && o.data.valid_to.is_none_or(|t| t > to)
    })
}

/// A contract to renew.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Renewal {
    pub contract: Id,
    pub customer: Id,
    /// The customer's owner.
    pub owner: Option<Id>,
    pub valid_to: NaiveDate,
    /// Days left until the end (negative once expired: −3 = ended three days ago).
    pub days_left: i64,
}

/// The contracts that need renewing as of a day: within their notice or expired, not renewed,
/// not marked "no renewal", of a live customer; the soonest (or longest expired) first.
pub fn renewals_due(data: &Dataset, as_of: NaiveDate, settings: &ServiceSettings) -> Vec<Renewal> {
    let notice = i64::from(settings.contract_notice_days);
    let mut out: Vec<Renewal> = data
        .contracts
        .live()
        .filter(|c| !c.data.no_renewal)
        .filter_map(|c| {
            let to = c.data.valid_to?;
            let days_left = days_between(as_of, to);
            if days_left > notice || c.data.valid_from.is_some_and(|f| f > as_of) || renewed_by(data, c).is_some() {
                return None;
            }
            let customer = data.customers.get(&c.data.customer).filter(|r| !r.is_deleted() && !r.data.archived)?;
            Some(Renewal { contract: c.id, customer: customer.id, owner: customer.data.owner, valid_to: to, days_left })
        })
        .collect();
    out.sort_by(|a, b| a.days_left.cmp(&b.days_left).then(a.contract.cmp(&b.contract)));
    out
}

/// The draft of a contract renewing `c`: the same customer, terms and parties, a number and
/// signing date still to fill in, valid from the day after `c` ends for as long as `c` ran
/// (open-ended when `c` was; from `today` when `c` had no end).
pub fn renewal_of(c: &Contract, today: NaiveDate) -> Contract {
    let from = c.valid_to.and_then(|d| d.succ_opt()).unwrap_or(today);
    let to = match (c.valid_from, c.valid_to) {
        (Some(f), Some(t)) => from.checked_add_signed(t - f),
        _ => None,
    };
    Contract {
        number: String::new(),
        signed_on: None,
        valid_from: Some(from),
        valid_to: to,
        no_renewal: false,
        ..c.clone()
    }
}

/// A customer's live contracts, the latest start first.
pub fn contracts_of(data: &Dataset, customer: Id) -> Vec<&Record<Contract>> {
    let mut out: Vec<&Record<Contract>> = data.contracts.live().filter(|c| c.data.customer == customer).collect();
    out.sort_by(|a, b| b.data.valid_from.cmp(&a.data.valid_from).then(a.id.cmp(&b.id)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Customer, Hlc, NodeId};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn customer() -> Id {
        Id::v7(1, [1; 10])
    }

    fn contract(number: &str, from: NaiveDate, to: Option<NaiveDate>) -> Contract {
        Contract {
            customer: customer(),
            number: number.into(),
            subject: "水泥 P.O 42.5，每月 200 吨，单价 355 元/吨".into(),
            signed_on: Some(from),
            valid_from: Some(from),
            valid_to: to,
            our_party: "杭州某建材有限公司".into(),
            their_party: "宁波宏达商贸有限公司".into(),
            ..Contract::default()
        }
    }

    fn data_with(contracts: Vec<(u8, Contract)>) -> Dataset {
        let mut data = Dataset::default();
        let stamp = Hlc(1, 0, NodeId::new(1, 0));
        let c = Customer { name: "宏达".into(), owner: Some(Id::v7(2, [2; 10])), ..Customer::default() };
        data.customers.merge(Record::new(customer(), Id::NIL, stamp, None, c));
        for (n, c) in contracts {
            data.contracts.merge(Record::new(Id::v7(3, [n; 10]), Id::NIL, stamp, None, c));
        }
        data
    }

    #[test]
    fn a_renewal_starts_the_day_after_and_runs_as_long() {
        let today = d(2026, 12, 1);
        let mut old = contract("HT-2026-01", d(2026, 1, 1), Some(d(2026, 12, 31)));
        old.no_renewal = true;
        let r = renewal_of(&old, today);
        assert_eq!((r.valid_from, r.valid_to), (Some(d(2027, 1, 1)), Some(d(2027, 12, 31))));
        assert_eq!((r.number.as_str(), r.signed_on, r.no_renewal), ("", None, false));
        assert_eq!((r.customer, &r.subject, &r.their_party), (old.customer, &old.subject, &old.their_party));
        // Open-ended stays open-ended, from today.
        let open = renewal_of(&contract("HT-2", d(2025, 3, 1), None), today);
        assert_eq!((open.valid_from, open.valid_to), (Some(today), None));
        // The renewal, once numbered and signed, renews the old one.
        let mut data = Dataset::default();
        let stamp = Hlc(1, 0, NodeId::new(1, 0));
        let old_rec = Record::new(Id::v7(5, [1; 10]), Id::NIL, stamp, None, old.clone());
        data.contracts.merge(old_rec.clone());
        let mut new = r;
        new.number = "HT-2027-01".into();
        new.signed_on = Some(today);
        data.contracts.merge(Record::new(Id::v7(5, [2; 10]), Id::NIL, stamp, None, new));
        assert!(renewed_by(&data, &old_rec).is_some());
    }

    #[test]
    fn validity_at_its_edges() {
        let c = contract("HT-1", d(2026, 1, 1), Some(d(2026, 12, 31)));
        assert_eq!(validity(&c, d(2025, 12, 30), 30), Validity::NotYetValid { days_to_start: 2 });
        assert_eq!(validity(&c, d(2026, 1, 1), 30), Validity::Valid);
        assert_eq!(validity(&c, d(2026, 11, 30), 30), Validity::Valid, "31 days left");
        assert_eq!(validity(&c, d(2026, 12, 1), 30), Validity::Expiring { days_left: 30 });
        assert_eq!(validity(&c, d(2026, 12, 31), 30), Validity::Expiring { days_left: 0 });
        assert_eq!(validity(&c, d(2027, 1, 1), 30), Validity::Expired { days_ago: 1 });
        assert!(validity(&c, d(2026, 12, 31), 30).in_force());
        let open = contract("HT-2", d(2026, 1, 1), None);
        assert_eq!(validity(&open, d(2040, 1, 1), 30), Validity::Valid);
        assert_eq!(validity(&Contract::default(), d(2026, 1, 1), 30), Validity::Undated);
    }

    #[test]
    fn renewals_within_notice_until_renewed() {
        let s = ServiceSettings::default();
        let mut data = data_with(vec![(1, contract("HT-1", d(2026, 1, 1), Some(d(2026, 12, 31))))]);
        assert!(renewals_due(&data, d(2026, 11, 30), &s).is_empty());
        let due = renewals_due(&data, d(2026, 12, 1), &s);
        assert_eq!((due.len(), due[0].days_left, due[0].owner), (1, 30, Some(Id::v7(2, [2; 10]))));
        assert_eq!(renewals_due(&data, d(2027, 1, 5), &s)[0].days_left, -5, "expired and still not renewed");
        // A new contract running on renews it.
        let next = contract("HT-2", d(2027, 1, 1), Some(d(2027, 12, 31)));
        data.contracts.merge(Record::new(Id::v7(3, [2; 10]), Id::NIL, Hlc(2, 0, NodeId::new(1, 0)), None, next));
        assert!(renewals_due(&data, d(2026, 12, 1), &s).is_empty());
        // "No renewal" keeps it quiet.
        let mut data = data_with(vec![(
            1,
            Contract { no_renewal: true, ..contract("HT-1", d(2026, 1, 1), Some(d(2026, 12, 31))) },
        )]);
        assert!(renewals_due(&data, d(2026, 12, 20), &s).is_empty());
        data.contracts.merge(Record::new(
            Id::v7(3, [3; 10]),
            Id::NIL,
            Hlc(2, 0, NodeId::new(1, 0)),
            None,
            contract("HT-3", d(2026, 6, 1), Some(d(2026, 6, 30))),
        ));
        assert_eq!(renewals_due(&data, d(2026, 6, 10), &ServiceSettings { contract_notice_days: 10, ..s }).len(), 0);
        assert_eq!(
            renewals_due(
                &data,
                d(2026, 6, 20),
                &ServiceSettings { contract_notice_days: 10, ..ServiceSettings::default() }
            )
            .len(),
            1
        );
    }

    #[test]
    fn contracts_need_their_standard_fields() {
        let data = data_with(vec![(1, contract("HT-1", d(2026, 1, 1), Some(d(2026, 12, 31))))]);
        let today = d(2026, 3, 1);
        assert!(validate_contract(&contract("HT-9", d(2026, 1, 1), None), None, &data, today).is_empty());
        // Editing HT-1 keeps its own number; a new contract may not reuse it (case folded).
        assert!(validate_contract(&contract("HT-1", d(2026, 1, 1), None), Some(Id::v7(3, [1; 10])), &data, today)
            .is_empty());
        let mut c = contract("ht-1", d(2026, 2, 1), Some(d(2026, 1, 31)));
        c.signed_on = Some(d(2026, 4, 1));
        c.their_tax_number = "123".into();
        c.their_contact = "12".into();
        c.subject.clear();
        c.our_party.clear();
        let fields: Vec<(&str, Invalid)> =
            validate_contract(&c, None, &data, today).iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(
            fields,
            vec![
                ("number", Invalid::Duplicate),
                ("subject", Invalid::Required),
                ("signed_on", Invalid::DateInFuture),
                ("valid_to", Invalid::Before(d(2026, 2, 1))),
                ("our_party", Invalid::Required),
                ("their_tax_number", Invalid::TaxNumber),
                ("their_contact", Invalid::Phone),
            ]
        );
        let blank = validate_contract(&Contract::default(), None, &Dataset::default(), today);
        let fields: Vec<&str> = blank.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec!["customer", "number", "subject", "signed_on", "valid_from", "our_party", "their_party"]
        );
        assert_eq!(contracts_of(&data, customer()).len(), 1);
    }
}
