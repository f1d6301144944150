//! One module per page of the app (the customer page in four parts).

pub mod analyses;
pub mod complaints;
pub mod contracts;
pub mod credit;
pub mod customer;
pub mod customer_contacts;
pub mod customer_history;
pub mod customer_sales;
pub mod customer_scores;
pub mod customer_service;
pub mod customers;
pub mod dashboard;
pub mod data;
pub mod exchange;
pub mod key_accounts;
pub mod products;
pub mod segments;
pub mod service_tabs;
pub mod settings;
pub mod sheet_import;
pub mod staff;
pub mod surveys;
pub mod todo;
pub mod value;
pub mod warnings;
