//! Search keys with pinyin, using the `pinyin` crate's table (all of CJK Unified Ideographs).

use memchr::memmem;
use pinyin::{ToPinyin, ToPinyinMulti};

/// Separates the parts of a key, so a query never matches across two parts.
const SEP: char = '\u{1}';

/// The text a query is matched against, built once per customer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchKey(String);

impl SearchKey {
    pub fn new() -> SearchKey {
        SearchKey(String::new())
    }

    /// Adds a name: as written (lower-cased), in full pinyin and in pinyin initials. For a
    /// name's first character (the surname, where readings matter most: 曾 zeng/ceng, 单 shan/dan)
    /// every reading is added.
    pub fn add_name(&mut self, name: &str) {
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        self.push(&name.to_lowercase());
        let (full, initials) = pinyin_forms(name);
        if full != name.to_lowercase() {
            self.push(&full);
            self.push(&initials);
        }
        let mut chars = name.chars();
        if let Some(first) = chars.next() {
            if let Some(multi) = first.to_pinyin_multi() {
                let rest: String = chars.collect();
                let (rest_full, rest_initials) = pinyin_forms(&rest);
                for reading in multi.into_iter().skip(1) {
                    self.push(&format!("{}{}", reading.plain(), rest_full));
                    self.push(&format!("{}{}", reading.first_letter(), rest_initials));
                }
            }
        }
    }

    /// Adds a phone number by its digits only, so "0571-8888 6666" is found by "05718888".
    pub fn add_phone(&mut self, phone: &str) {
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        if !digits.is_empty() {
            self.push(&digits);
        }
    }

    /// Adds free text as written (lower-cased).
    pub fn add_text(&mut self, text: &str) {
        let t = text.trim();
        if !t.is_empty() {
            self.push(&t.to_lowercase());
        }
    }

    fn push(&mut self, part: &str) {
        self.0.push(SEP);
        self.0.extend(part.chars().filter(|c| !c.is_whitespace() && *c != SEP));
    }

    /// Does this key match a query from [`normalize_query`]? An empty query matches everything.
    pub fn matches(&self, query: &str) -> bool {
        Matcher::new(query).matches(self)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A query prepared once for matching many keys: `str::contains` builds its searcher on every
/// call, which for 100,000 short keys costs more than the search itself.
pub struct Matcher<'q>(Option<memmem::Finder<'q>>);

impl<'q> Matcher<'q> {
    /// `query` as returned by [`normalize_query`]; an empty query matches everything.
    pub fn new(query: &'q str) -> Matcher<'q> {
        Matcher((!query.is_empty()).then(|| memmem::Finder::new(query.as_bytes())))
    }

    pub fn matches(&self, key: &SearchKey) -> bool {
        self.0.as_ref().is_none_or(|f| f.find(key.as_bytes()).is_some())
    }
}

/// Every row's search key in one buffer, in row order. A search is then one pass of one
/// prepared searcher over contiguous memory instead of 100,000 short searches that each pay the
/// searcher's start-up and a pointer chase to their key. A match never spans two keys: each key
/// starts with the separator, which no query contains.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyIndex {
    text: Vec<u8>,
    /// `ends[i]`: where key `i` ends in `text`.
    ends: Vec<u32>,
}

impl KeyIndex {
    pub fn new<'a>(keys: impl IntoIterator<Item = &'a SearchKey>) -> KeyIndex {
        let mut index = KeyIndex::default();
        for key in keys {
            index.text.extend_from_slice(key.as_bytes());
            index.ends.push(index.text.len() as u32);
        }
        index
    }

    /// For each key, whether it matches `query` (from [`normalize_query`]; empty matches all).
    pub fn matching(&self, query: &str) -> Vec<bool> {
        let n = self.ends.len();
        if query.is_empty() {
            return vec![true; n];
        }
        let finder = memmem::Finder::new(query.as_bytes());
        let mut hit = vec![false; n];
        let (mut row, mut at) = (0usize, 0usize);
        while let Some(p) = finder.find(&self.text[at..]) {
            let pos = at + p;
            while (self.ends[row] as usize) <= pos {
                row += 1;
            }
            hit[row] = true;
            // The rest of a matching key need not be searched.
            at = self.ends[row] as usize;
            row += 1;
            if row >= n {
                break;
            }
        }
        hit
    }
}

/// Full pinyin (no tones, no spaces) and initials of a text; other characters kept lower-cased.
fn pinyin_forms(text: &str) -> (String, String) {
    let mut full = String::with_capacity(text.len() * 3);
    let mut initials = String::with_capacity(text.len());
    for c in text.chars() {
        match c.to_pinyin() {
            Some(p) => {
                full.push_str(p.plain());
                initials.push_str(p.first_letter());
            }
            None if c.is_alphanumeric() => {
                let lower = c.to_lowercase();
                full.extend(lower.clone());
                initials.extend(lower);
            }
            None => {}
        }
    }
    (full, initials)
}

/// Pinyin initials of a text ("张三" → "zs").
pub fn pinyin_initials(text: &str) -> String {
    pinyin_forms(text).1
}

/// A sort key that orders Chinese names by pinyin, the way Chinese users expect lists sorted.
pub fn pinyin_sort_key(text: &str) -> String {
    pinyin_forms(text).0
}

/// Lower-cases a query and drops spaces; a query of digits and phone punctuation keeps only
/// its digits, so "138 0013" finds 13800138000.
pub fn normalize_query(query: &str) -> String {
    let q: String = query.trim().to_lowercase().chars().filter(|c| !c.is_whitespace() && *c != SEP).collect();
    let phone_like = !q.is_empty()
        && q.chars().any(|c| c.is_ascii_digit())
        && q.chars().all(|c| c.is_ascii_digit() || "+-()".contains(c));
    if phone_like {
        q.chars().filter(char::is_ascii_digit).collect()
    } else {
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_index_finds_what_each_key_finds() {
        let texts = ["张三建材", "李四五金", "曾国华", "单田芳书店", "王五贸易 13912345678", "", "zs", "宏达宏达"];
        let keys: Vec<SearchKey> = texts
            .iter()
            .map(|t| {
                let mut k = SearchKey::new();
                k.add_name(t);
                k.add_phone(t);
                k
            })
            .collect();
        let index = KeyIndex::new(&keys);
        for q in
            ["", "zs", "zhang", "s", "a", "ceng", "zeng", "dan", "shan", "139", "5678", "宏达", "达宏", "x", "金曾"]
        {
            let q = normalize_query(q);
            let expected: Vec<bool> = keys.iter().map(|k| Matcher::new(&q).matches(k)).collect();
            assert_eq!(index.matching(&q), expected, "query {q:?}");
        }
        assert!(KeyIndex::new(&[]).matching("a").is_empty());
    }

    fn key(name: &str) -> SearchKey {
        let mut k = SearchKey::new();
        k.add_name(name);
        k
    }

    #[test]
    fn finds_by_characters_full_pinyin_and_initials() {
        let k = key("张三");
        for q in ["张三", "张", "zhangsan", "zhang", "zs", "ZS", "zhang san"] {
            assert!(k.matches(&normalize_query(q)), "{q}");
        }
        for q in ["ls", "lisi", "张四"] {
            assert!(!k.matches(&normalize_query(q)), "{q}");
        }
    }

    #[test]
    fn company_names_match_by_initials_of_the_whole_name() {
        let k = key("杭州宏达建材有限公司");
        assert!(k.matches("hzhd"));
        assert!(k.matches("hongda"));
        assert!(k.matches("宏达"));
        assert!(!k.matches("hdhz"));
    }

    #[test]
    fn surnames_match_by_every_reading() {
        let k = key("曾小明");
        assert!(k.matches("zengxiaoming") || k.matches("cengxiaoming"));
        assert!(k.matches("zxm") && k.matches("cxm"));
    }

    #[test]
    fn phones_match_by_digits() {
        let mut k = SearchKey::new();
        k.add_phone("0571-8888 6666");
        assert!(k.matches(&normalize_query("0571 8888")));
        assert!(k.matches(&normalize_query("88886666")));
        assert!(!k.matches(&normalize_query("0572")));
    }

    #[test]
    fn a_prepared_matcher_finds_what_a_substring_search_finds() {
        let keys = [key("张三"), key("杭州宏达建材有限公司"), key("曾小明"), SearchKey::new()];
        for q in ["", "zs", "hongda", "宏达", "cxm", "x", "zzz", "公司"] {
            let m = Matcher::new(q);
            for k in &keys {
                assert_eq!(m.matches(k), q.is_empty() || k.0.contains(q), "{q} in {k:?}");
            }
        }
    }

    #[test]
    fn parts_do_not_run_together() {
        let mut k = SearchKey::new();
        k.add_text("ab");
        k.add_text("cd");
        assert!(k.matches("ab") && k.matches("cd"));
        assert!(!k.matches("bc"));
    }

    #[test]
    fn sort_key_orders_by_pinyin() {
        let mut names = vec!["张三", "阿里", "李四", "Beta"];
        names.sort_by_key(|n| pinyin_sort_key(n));
        assert_eq!(names, vec!["阿里", "Beta", "李四", "张三"]);
    }
}
