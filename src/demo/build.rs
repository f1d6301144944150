//! Turns the compact trade into the model's records: the branch, departments, staff and settings,
//! products, customers and their contacts, sales lines and payments.
//!
//! Every id is a v7 id whose time part is the record's own creation time (a sale's date, a
//! customer's first day with us), so ids sort by time; every stamp is `Hlc(that time, 0, the
//! demo node)`.

use super::catalog::DemoProduct;
use super::math::{self, below};
use super::names::{self, City, CITIES, HOME_CITY, REGIONS};
use super::shape::{Status, Trade, Window, NO_LINE, PAY_METHODS};
use super::DemoSpec;
use crate::model::org::DepartmentFunction;
use crate::model::{
    Branch, Contact, Customer, CustomerType, Dataset, Department, Fact, FirmSettings, Hlc, Id, Money, NodeId, Payment,
    Product, Qty, Record, Sale, Staff,
};
use fastrand::Rng;
use std::collections::HashSet;

/// Sub-seed streams (see [`math::mix`]).
pub(crate) const STREAM_IDS: u64 = 8;
pub(crate) const STREAM_NAMES: u64 = 7;
pub(crate) const STREAM_ORG: u64 = 10;
const STREAM_BRANCH: u64 = 11;

/// The firm was founded 13 years before the window starts (before its oldest customer).
const FOUNDED_DAYS_BEFORE: i64 = 13 * 365;

/// The firm's departments, in the order they are added (4 to 6 of them by firm size).
const DEPARTMENTS: [(&str, DepartmentFunction, &[&str]); 6] = [
    ("销售部", DepartmentFunction::Sales, &["业务员", "销售代表"]),
    ("售后服务部", DepartmentFunction::AfterSales, &["客服专员", "售后工程师"]),
    ("质量管理部", DepartmentFunction::Quality, &["质检员", "质量工程师"]),
    ("技术部", DepartmentFunction::Technical, &["技术工程师", "技术员"]),
    ("物流部", DepartmentFunction::Logistics, &["物流专员", "仓库管理员"]),
    ("财务部", DepartmentFunction::Finance, &["会计", "出纳"]),
];

/// The staff and who covers which market region.
pub(crate) struct Org {
    pub departments: Vec<(Id, DepartmentFunction)>,
    pub staff: Vec<Id>,
    /// Staff indices of each department, in [`Org::departments`] order.
    pub members: Vec<Vec<usize>>,
    /// Sales staff covering each region (all sales staff where a region has nobody).
    pub region_staff: Vec<Vec<usize>>,
}

/// What the later steps need to know about each customer's record.
pub(crate) struct CustomerRefs {
    pub ids: Vec<Id>,
    pub owners: Vec<Id>,
    /// Index of the customer's first contact in `dataset.contacts`.
    pub first_contact: Vec<usize>,
}

/// Builds records into a [`Dataset`] with one seeded id source and the demo's clock node.
pub(crate) struct Builder<'a> {
    pub window: &'a Window,
    pub branch: Id,
    pub node: NodeId,
    pub founded: i64,
    ids: Rng,
    pub data: Dataset,
}

impl<'a> Builder<'a> {
    pub fn new(spec: &DemoSpec, window: &'a Window) -> Builder<'a> {
        let founded = -FOUNDED_DAYS_BEFORE;
        let mut branch_rng = Rng::with_seed(math::mix(spec.seed, STREAM_BRANCH));
        let branch = Id::v7(window.ms(founded), math::id_bytes(&mut branch_rng));
        // The demo's clock node: a device id from the seed, session 0.
        let node = NodeId::new((math::mix(spec.seed, STREAM_BRANCH) >> 32) as u32, 0);
        Builder {
            window,
            branch,
            node,
            founded,
            ids: Rng::with_seed(math::mix(spec.seed, STREAM_IDS)),
            data: Dataset::default(),
        }
    }

    /// A new id created at `ms`.
    pub fn id_at(&mut self, ms: u64) -> Id {
        Id::v7(ms, math::id_bytes(&mut self.ids))
    }

    pub fn stamp(&self, ms: u64) -> Hlc {
        Hlc(ms, 0, self.node)
    }

    /// A record created at `ms` by `by`, in this branch.
    pub fn record<T: crate::model::Fields>(&mut self, ms: u64, by: Option<Id>, data: T) -> Record<T> {
        let id = self.id_at(ms);
        Record::new(id, self.branch, self.stamp(ms), by, data)
    }

    /// A fact created at `ms` by `by`, in this branch.
    pub fn fact<T>(&mut self, ms: u64, by: Option<Id>, data: T) -> Fact<T> {
        let id = self.id_at(ms);
        Fact::new(id, self.branch, self.stamp(ms), by, data)
    }

    /// The branch record (its id comes from the seed alone) and the firm settings.
    pub fn branch_and_settings(&mut self, spec: &DemoSpec, rng: &mut Rng, total_assets: Money) {
        let ms = self.window.ms(self.founded);
        let home = &CITIES[HOME_CITY];
        let mut address = names::city_prefix(home);
        address.push_str("经济开发区发展大道");
        address.push_str(&(100 + rng.u32(..800)).to_string());
        address.push('号');
        let branch = Branch { name: spec.branch_name.clone(), code: "ZB".into(), region: REGIONS[0].0.into(), address };
        self.data.branches.merge(Record::new(self.branch, self.branch, self.stamp(ms), None, branch));
        let settings = FirmSettings { firm_name: names::firm_name(rng), total_assets, ..FirmSettings::defaults() };
        self.data.settings.merge(Record::new(Id::NIL, self.branch, self.stamp(ms), None, settings));
    }

    /// Departments and staff: about one salesperson per 40 customers (5 to 300 staff in all),
    /// each covering a market region, and a few people in each other department.
    pub fn org(&mut self, rng: &mut Rng, customers: usize) -> Org {
        let total = (customers / 40).clamp(5, 300);
        let depts = match customers {
            0..=499 => 4,
            500..=4_999 => 5,
            _ => 6,
        };
        let per_other = 1 + total / 50;
        let sales = total - per_other * (depts - 1);
        let mut org = Org { departments: Vec::new(), staff: Vec::new(), members: Vec::new(), region_staff: Vec::new() };
        let base_ms = self.window.ms(self.founded);
        for (d, (name, function, _)) in DEPARTMENTS.iter().take(depts).enumerate() {
            let record = self.record(
                base_ms + d as u64 * 60_000,
                None,
                Department { name: (*name).into(), function: *function },
            );
            org.departments.push((record.id, *function));
            self.data.departments.merge(record);
        }
        // Sales staff per region, by the regions' share of customers (largest remainders).
        let region_total: f64 = REGIONS.iter().map(|r| r.1).sum();
        let mut seats: Vec<usize> = REGIONS.iter().map(|r| (sales as f64 * r.1 / region_total) as usize).collect();
        let mut order: Vec<usize> = (0..REGIONS.len()).collect();
        order.sort_by(|&a, &b| {
            let fa = sales as f64 * REGIONS[a].1 / region_total - seats[a] as f64;
            let fb = sales as f64 * REGIONS[b].1 / region_total - seats[b] as f64;
            fb.total_cmp(&fa).then(a.cmp(&b))
        });
        let short = sales - seats.iter().sum::<usize>();
        for &r in order.iter().take(short) {
            seats[r] += 1;
        }
        let mut used: HashSet<String> = HashSet::new();
        org.members = vec![Vec::new(); depts];
        org.region_staff = vec![Vec::new(); REGIONS.len()];
        let mut plan: Vec<(usize, Option<usize>)> = Vec::with_capacity(total);
        for (r, &n) in seats.iter().enumerate() {
            plan.extend(std::iter::repeat_n((0, Some(r)), n));
        }
        for d in 1..depts {
            plan.extend(std::iter::repeat_n((d, None), per_other));
        }
        for (k, &(d, region)) in plan.iter().enumerate() {
            let name = unique(rng, &mut used, names::person_name);
            let titles = DEPARTMENTS[d].2;
            let title = match region {
                Some(r) if org.region_staff[r].is_empty() => {
                    if k == 0 {
                        "销售总监".to_string()
                    } else {
                        format!("{}区域经理", REGIONS[r].0)
                    }
                }
                _ if org.members[d].is_empty() => format!("{}经理", DEPARTMENTS[d].0),
                _ => titles[below(rng, titles.len())].to_string(),
            };
            let staff = Staff {
                name,
                department: Some(org.departments[d].0),
                title,
                phone: names::mobile(rng),
                ..Staff::default()
            };
            let record = self.record(base_ms + 3_600_000 + k as u64 * 60_000, None, staff);
            org.members[d].push(org.staff.len());
            if let Some(r) = region {
                org.region_staff[r].push(org.staff.len());
            }
            org.staff.push(record.id);
            self.data.staff.merge(record);
        }
        let all_sales = org.members[0].clone();
        for list in &mut org.region_staff {
            if list.is_empty() {
                list.clone_from(&all_sales);
            }
        }
        org
    }

    /// Product records, created on the founding day.
    pub fn products(&mut self, products: &[DemoProduct]) -> Vec<Id> {
        let base_ms = self.window.ms(self.founded) + 7_200_000;
        products
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let data = Product {
                    name: p.name.clone(),
                    spec: p.spec.into(),
                    unit: p.unit.into(),
                    category: p.category.into(),
                    list_price: p.list_price,
                    unit_cost: p.unit_cost,
                    archived: false,
                };
                let record = self.record(base_ms + k as u64 * 1_000, None, data);
                let id = record.id;
                self.data.products.merge(record);
                id
            })
            .collect()
    }

    /// Customer records (unique Chinese names, type, phones, address, region and city, owner,
    /// sparse tags) and 1–3 contacts each.
    pub fn customers(&mut self, rng: &mut Rng, trade: &Trade, org: &Org) -> CustomerRefs {
        let n = trade.profiles.len();
        let mut refs = CustomerRefs {
            ids: Vec::with_capacity(n),
            owners: Vec::with_capacity(n),
            first_contact: Vec::with_capacity(n),
        };
        self.data.customers.reserve(n);
        self.data.contacts.reserve(n * 2);
        let mut used: HashSet<String> = HashSet::with_capacity(n);
        let recent_from = self.window.recent_from as i64;
        for p in &trade.profiles {
            let city: &City = &CITIES[p.city];
            let staff = &org.region_staff[city.region];
            let owner = org.staff[staff[below(rng, staff.len())]];
            let ms = self.window.ms(p.since) + 3_600_000 + rng.u64(..3_600_000);
            let name = unique(rng, &mut used, |r| names::customer_name(r, p.kind, city));
            let company = p.kind != CustomerType::Consumer;
            let phone = if company && rng.u8(..100) < 70 { names::landline(rng, city) } else { names::mobile(rng) };
            let tax_number = if company && (p.kind != CustomerType::Retailer || rng.bool()) {
                names::credit_code(rng, names::province_code(city))
            } else {
                String::new()
            };
            let development_potential = match (p.status, p.rank) {
                (Status::Churned, _) => "低",
                (_, r) if r >= 0.8 => "高",
                (_, r) if r >= 0.4 => "较高",
                _ => "一般",
            };
            let sales_capability = match p.kind {
                CustomerType::Dealer | CustomerType::Agent => {
                    format!("下游网点约{}家", 5 + (p.rank * 80.0) as u32 + rng.u32(..10))
                }
                _ => String::new(),
            };
            let mut customer = Customer {
                name,
                customer_type: p.kind,
                phone,
                address: names::address(rng, city, p.kind),
                region: REGIONS[city.region].0.into(),
                city: city.name.into(),
                tax_number,
                owner: Some(owner),
                since: Some(self.window.date_at(p.since)),
                business_lines: names::business_lines(p.kind, rng).into(),
                development_potential: development_potential.into(),
                sales_capability,
                credit_status: if p.chronic { "欠款偏多，需关注".into() } else { "良好".into() },
                ..Customer::default()
            };
            if p.rank >= 0.8 && p.status == Status::Active {
                customer.cooperation = "合作稳定，签有年度经销协议".into();
            }
            // Contacts first, so the manager's name is the key person's.
            let customer_id = self.id_at(ms);
            let contacts = if company { 1 + below(rng, 2 + usize::from(p.rank >= 0.5)) } else { 1 };
            refs.first_contact.push(self.data.contacts.len());
            for k in 0..contacts {
                let contact_name = if company { names::person_name(rng) } else { customer.name.clone() };
                let mut contact = Contact {
                    customer: customer_id,
                    name: contact_name,
                    title: names::contact_title(p.kind, k, rng).into(),
                    phone: names::mobile(rng),
                    is_key_person: company && k == 0,
                    ..Contact::default()
                };
                if contact.is_key_person && p.rank >= 0.8 && rng.bool() {
                    let [education, interests, ability, background] = names::key_person_profile(rng);
                    contact.education = education.into();
                    contact.interests = interests.into();
                    contact.ability = ability.into();
                    contact.background = background.into();
                }
                if k == 0 && company {
                    customer.manager.clone_from(&contact.name);
                    customer.legal_representative =
                        if rng.bool() { contact.name.clone() } else { names::person_name(rng) };
                }
                let record = self.record(ms + 1 + k as u64, Some(owner), contact);
                self.data.contacts.merge(record);
            }
            let stamp = self.stamp(ms);
            let mut record = Record::new(customer_id, self.branch, stamp, Some(owner), customer);
            if p.rank >= 0.97 {
                record.tags.set("重点", true, stamp);
            }
            if p.since >= recent_from {
                record.tags.set("新开发", true, stamp);
            }
            if p.since <= -8 * 365 && rng.bool() {
                record.tags.set("老客户", true, stamp);
            }
            if matches!(p.kind, CustomerType::Dealer | CustomerType::Retailer) && rng.u8(..100) < 8 {
                record.tags.set("价格敏感", true, stamp);
            }
            self.data.customers.merge(record);
            refs.ids.push(customer_id);
            refs.owners.push(owner);
        }
        refs
    }

    /// Sales lines in date order. Ids carry the sale's date (09:00 plus a few seconds per line of
    /// the day), so they sort by time and a return comes after its original. Returns the id of
    /// every compact line.
    pub fn sales(
        &mut self,
        trade: &Trade,
        products: &[Id],
        customers: &CustomerRefs,
        progress: &mut dyn FnMut(f32),
    ) -> Vec<Id> {
        let lines = &trade.lines;
        let (order, starts) = by_day(self.window.days, lines.len(), |i| lines[i].day as usize);
        let mut ids = vec![Id::NIL; lines.len()];
        self.data.sales.reserve(lines.len());
        let report_every = (lines.len() / 50).max(1);
        for day in 0..self.window.days {
            let (from, to) = (starts[day], starts[day + 1]);
            let date = self.window.date(day);
            let base_ms = self.window.ms(day as i64);
            let step = (36_000_000 / (to - from).max(1) as u64).clamp(1, 5_000);
            for (j, &i) in order[from..to].iter().enumerate() {
                let line = &lines[i as usize];
                let ms = base_ms + j as u64 * step;
                let id = self.id_at(ms);
                ids[i as usize] = id;
                let customer = line.customer as usize;
                let sale = Sale {
                    customer: customers.ids[customer],
                    product: products[line.product as usize],
                    spec: String::new(),
                    date,
                    quantity: Qty(line.qty),
                    amount: Money(line.amount),
                    cost: Money(line.cost),
                    return_of: (line.return_of != NO_LINE).then(|| ids[line.return_of as usize]),
                    note: String::new(),
                };
                let fact = Fact::new(id, self.branch, self.stamp(ms), Some(customers.owners[customer]), sale);
                self.data.sales.merge(fact);
                if (from + j) % report_every == 0 {
                    progress((from + j) as f32 / lines.len() as f32);
                }
            }
        }
        progress(1.0);
        ids
    }

    /// Payments in date order (16:00 on their day), each naming the lines it settles.
    pub fn payments(&mut self, trade: &Trade, line_ids: &[Id], customers: &CustomerRefs) {
        let pays = &trade.pays;
        let (order, starts) = by_day(self.window.days, pays.len(), |i| pays[i].day as usize);
        self.data.payments.reserve(pays.len());
        for day in 0..self.window.days {
            let (from, to) = (starts[day], starts[day + 1]);
            let date = self.window.date(day);
            let base_ms = self.window.ms(day as i64) + 7 * 3_600_000;
            let step = (18_000_000 / (to - from).max(1) as u64).clamp(1, 5_000);
            for (j, &i) in order[from..to].iter().enumerate() {
                let pay = &pays[i as usize];
                let customer = pay.customer as usize;
                let payment = Payment {
                    customer: customers.ids[customer],
                    date,
                    amount: Money(pay.amount),
                    lines: line_ids[pay.lines.0 as usize..pay.lines.1 as usize].to_vec(),
                    method: PAY_METHODS[pay.method as usize].into(),
                    note: String::new(),
                };
                let fact = self.fact(base_ms + j as u64 * step, Some(customers.owners[customer]), payment);
                self.data.payments.merge(fact);
            }
        }
    }
}

/// A counting sort of `n` items by day: the item indices in day order (stable) and where each
/// day starts in that order (`starts[days]` = n).
fn by_day(days: usize, n: usize, day_of: impl Fn(usize) -> usize) -> (Vec<u32>, Vec<usize>) {
    let mut starts = vec![0usize; days + 1];
    for i in 0..n {
        starts[day_of(i) + 1] += 1;
    }
    for d in 0..days {
        starts[d + 1] += starts[d];
    }
    let mut next = starts.clone();
    let mut order = vec![0u32; n];
    for i in 0..n {
        let d = day_of(i);
        order[next[d]] = i as u32;
        next[d] += 1;
    }
    (order, starts)
}

/// A name not used yet: tries fresh names, then (for huge firms) adds a branch-office suffix.
fn unique(rng: &mut Rng, used: &mut HashSet<String>, mut make: impl FnMut(&mut Rng) -> String) -> String {
    let mut name = make(rng);
    for _ in 0..40 {
        if !used.contains(&name) {
            break;
        }
        name = make(rng);
    }
    if used.contains(&name) {
        let base = name.clone();
        let mut k = 2;
        while used.contains(&name) {
            name = format!("{base}第{}分部", names::chinese_number(k));
            k += 1;
        }
    }
    used.insert(name.clone());
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_sort_is_stable_and_complete() {
        let days = [2usize, 0, 2, 1, 0];
        let (order, starts) = by_day(3, days.len(), |i| days[i]);
        assert_eq!(order, vec![1, 4, 3, 0, 2]);
        assert_eq!(starts, vec![0, 2, 3, 5]);
    }

    #[test]
    fn unique_names_fall_back_to_a_suffix() {
        let mut used = HashSet::new();
        let mut rng = Rng::with_seed(1);
        let a = unique(&mut rng, &mut used, |_| "杭州宏达建材有限公司".to_string());
        let b = unique(&mut rng, &mut used, |_| "杭州宏达建材有限公司".to_string());
        assert_eq!(a, "杭州宏达建材有限公司");
        assert_eq!(b, "杭州宏达建材有限公司第二分部");
    }
}
