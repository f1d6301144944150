//! One module per page of the app (the customer page in four parts).

pub mod customer;
pub mod customer_contacts;
pub mod customer_history;
pub mod customer_sales;
pub mod customers;
pub mod dashboard;
pub mod data;
pub mod products;
pub mod settings;
pub mod staff;
