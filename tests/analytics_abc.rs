//! The worked ABC example of DOMAIN.md §4.

use kehu::analytics::abc::{analyse, AbcClass};

#[test]
fn the_worked_example_of_domain_section_4() {
    // Ten customers with sales 500, 200, 100, 60, 50, 40, 20, 15, 10, 5 (total 1,000), given shuffled.
    let sales = [15, 500, 60, 5, 100, 40, 200, 10, 50, 20];
    let report = analyse(&sales.map(Some), 0.75, 0.95, 0.2);
    let ordered: Vec<i64> = report.order.iter().map(|&c| sales[c as usize]).collect();
    assert_eq!(ordered, vec![500, 200, 100, 60, 50, 40, 20, 15, 10, 5]);
    let classes: Vec<AbcClass> = report.order.iter().map(|&c| report.customers[c as usize].unwrap().class).collect();
    use AbcClass::*;
    assert_eq!(classes, vec![A, A, A, B, B, B, C, C, C, C]);
    let cumulative: Vec<f64> = report.curve[1..].iter().map(|p| (p.sales_share * 1000.0).round() / 10.0).collect();
    assert_eq!(cumulative, vec![50.0, 70.0, 80.0, 86.0, 91.0, 95.0, 97.0, 98.5, 99.5, 100.0]);
    assert_eq!((report.top.customers, report.top.sales, report.top.total), (2, 700, 1000));
    assert_eq!(report.top.share, 0.7);
    assert_eq!(report.class_counts, [3, 3, 4]);
    assert_eq!(report.class_sales, [800, 150, 50]);
    // Every class recomputes from its explanation alone.
    for e in report.customers.iter().flatten() {
        assert_eq!(e.recompute(), e.class);
    }
}
