//! Finding customers: a search key per customer that matches names, phones and contacts by
//! characters, pinyin and pinyin initials (typing `zs` or `zhangsan` finds 张三), and the
//! customer list's filter and sort. Pure: the UI calls these from memos.

mod list;
mod pinyin_key;

pub use list::{
    build_rows, facets, filter, key_index, sort_order, CustomerRow, Facets, ListQuery, ScoreFilter, SortKey,
};
pub use pinyin_key::{normalize_query, pinyin_initials, pinyin_sort_key, KeyIndex, Matcher, SearchKey};
