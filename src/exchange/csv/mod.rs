//! Spreadsheets: importing customers, products and sales lines from CSV, and exporting any list
//! to CSV that Excel opens correctly (`docs/csv-import.md`).
//!
//! Import is four pure steps, each with a result the UI shows:
//! 1. [`decode`]: bytes to text — UTF-8 with or without BOM, UTF-16 with BOM, else GB18030 (a
//!    superset of GBK, what Chinese Excel writes); undecodable bytes are an error, not `�`.
//! 2. [`parse`]: text to a [`Sheet`] of rows — comma, semicolon or tab separated (guessed from
//!    the header line), quoted fields with `""`, CRLF / LF / CR line ends.
//! 3. [`mapping::guess`]: which column holds which field, from Chinese and English headers; the
//!    user corrects it, and the [`mapping::Mapping`] is serialisable so the UI can save it.
//! 4. [`rows::import`]: every row validated on its own; the result lists each row as imported
//!    or failed (with field and reason), and holds the batch of the good rows. Rows can be fixed
//!    ([`Sheet::set_cell`]) or skipped and the import run again.
//!
//! Export: [`write_csv`] (UTF-8 with BOM, CRLF, quoting, formula-injection escape) and the list
//! exporters in [`export`].

pub mod export;
pub mod mapping;
pub mod rows;
pub mod text;

pub use export::write_csv;
pub use mapping::{guess, Field, Mapping, Target};
pub use rows::{import, CellError, ImportContext, RowOutcome, RowResult, SheetImport};

use serde::{Deserialize, Serialize};

/// A text encoding of a spreadsheet file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// GB18030, which reads every GBK (and GB2312) file.
    Gb18030,
}

/// Why a spreadsheet could not be read at all (row problems are per row, see [`rows`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {size} bytes, over the limit of {limit}")]
    TooLarge { size: u64, limit: u64 },
    #[error("the text is in no known encoding (UTF-8, GBK/GB18030, UTF-16) — byte {offset}")]
    Encoding { offset: u64 },
    #[error("a quoted field opened on line {line} is never closed")]
    UnterminatedQuote { line: u64 },
    #[error("the sheet has more than {limit} rows")]
    TooManyRows { limit: u64 },
    #[error("the sheet has no header row")]
    NoHeader,
}

/// Limits of what is read (defaults: 64 MiB, 1,000,000 rows).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvLimits {
    pub max_bytes: u64,
    pub max_rows: u64,
}

impl Default for CsvLimits {
    fn default() -> Self {
        CsvLimits { max_bytes: 64 << 20, max_rows: 1_000_000 }
    }
}

/// Decoded text and the encoding it was in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: TextEncoding,
}

/// Decodes a spreadsheet file, detecting the encoding (see the module docs).
pub fn decode(bytes: &[u8], limits: &CsvLimits) -> Result<Decoded, CsvError> {
    if bytes.is_empty() {
        return Err(CsvError::Empty);
    }
    if bytes.len() as u64 > limits.max_bytes {
        return Err(CsvError::TooLarge { size: bytes.len() as u64, limit: limits.max_bytes });
    }
    let encoding = if bytes.starts_with(b"\xEF\xBB\xBF") {
        TextEncoding::Utf8
    } else if bytes.starts_with(b"\xFF\xFE") {
        TextEncoding::Utf16Le
    } else if bytes.starts_with(b"\xFE\xFF") {
        TextEncoding::Utf16Be
    } else if std::str::from_utf8(bytes).is_ok() {
        TextEncoding::Utf8
    } else {
        TextEncoding::Gb18030
    };
    decode_as(bytes, encoding)
}

/// Decodes a file in a given encoding (a BOM, if any, is dropped). Malformed bytes are an error.
pub fn decode_as(bytes: &[u8], encoding: TextEncoding) -> Result<Decoded, CsvError> {
    let enc = match encoding {
        TextEncoding::Utf8 => encoding_rs::UTF_8,
        TextEncoding::Utf16Le => encoding_rs::UTF_16LE,
        TextEncoding::Utf16Be => encoding_rs::UTF_16BE,
        TextEncoding::Gb18030 => encoding_rs::GB18030,
    };
    let (text, had_errors) = enc.decode_with_bom_removal(bytes);
    if had_errors {
        let offset = match encoding {
            TextEncoding::Utf8 => {
                let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                std::str::from_utf8(b).err().map_or(0, |e| e.valid_up_to() as u64)
            }
            _ => first_bad_offset(bytes, enc),
        };
        return Err(CsvError::Encoding { offset });
    }
    Ok(Decoded { text: text.into_owned(), encoding })
}

fn first_bad_offset(bytes: &[u8], enc: &'static encoding_rs::Encoding) -> u64 {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3 + 16);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, _) => read.saturating_sub(usize::from(bad)) as u64,
        _ => read as u64,
    }
}

/// A parsed sheet: the header and the data rows, each with its line number in the file
/// (1-based; the header is usually line 1).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

/// One data row.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}

impl Sheet {
    /// The cell of a row and column ("" when the row is short).
    pub fn cell(&self, row: usize, column: usize) -> &str {
        self.rows.get(row).and_then(|r| r.cells.get(column)).map_or("", String::as_str)
    }

    /// Changes a cell (fixing a row before importing again).
    pub fn set_cell(&mut self, row: usize, column: usize, value: &str) {
        if let Some(r) = self.rows.get_mut(row) {
            if r.cells.len() <= column {
                r.cells.resize(column + 1, String::new());
            }
            r.cells[column] = value.to_string();
        }
    }

    /// Drops rows (skipping them in the import); the others keep their line numbers. Indices
    /// out of range are ignored. Returns how many were dropped.
    pub fn remove_rows(&mut self, rows: &[usize]) -> usize {
        let before = self.rows.len();
        let drop: std::collections::HashSet<usize> = rows.iter().copied().collect();
        let mut i = 0;
        self.rows.retain(|_| {
            i += 1;
            !drop.contains(&(i - 1))
        });
        before - self.rows.len()
    }
}

/// The separator of a sheet: the one of `,` `;` `\t` that occurs most in the first line
/// outside quotes (comma when none does).
pub fn guess_separator(text: &str) -> char {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [',', ';', '\t'];
    let best = (0..3).max_by_key(|&i| (counts[i], usize::from(i == 0))).unwrap_or(0);
    if counts[best] == 0 {
        ','
    } else {
        seps[best]
    }
}

/// Parses CSV text into a sheet: the first non-empty record is the header; empty lines are
/// skipped; cells are trimmed of surrounding spaces outside quotes.
pub fn parse(text: &str, limits: &CsvLimits) -> Result<Sheet, CsvError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let sep = guess_separator(text);
    let mut records: Vec<Row> = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut line: u64 = 1;
    let mut record_line: u64 = 1;
    let mut chars = text.chars().peekable();
    let finish_cell = |cell: &mut String, cells: &mut Vec<String>, was_quoted: bool| {
        let value = if was_quoted { std::mem::take(cell) } else { std::mem::take(cell).trim().to_string() };
        cells.push(value);
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    cell.push('\n');
                }
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    line += 1;
                    cell.push('\n');
                }
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.trim().is_empty() && !was_quoted => {
                cell.clear();
                quoted = true;
                was_quoted = true;
            }
            c if c == sep => {
                finish_cell(&mut cell, &mut cells, was_quoted);
                was_quoted = false;
            }
            '\n' | '\r' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                finish_cell(&mut cell, &mut cells, was_quoted);
                was_quoted = false;
                push_record(&mut records, std::mem::take(&mut cells), record_line, limits)?;
                line += 1;
                record_line = line;
            }
            _ => cell.push(c),
        }
    }
    if quoted {
        return Err(CsvError::UnterminatedQuote { line: record_line });
    }
    if !cell.is_empty() || !cells.is_empty() || was_quoted {
        finish_cell(&mut cell, &mut cells, was_quoted);
        push_record(&mut records, cells, record_line, limits)?;
    }
    let mut records = records.into_iter();
    let header = records.next().ok_or(CsvError::NoHeader)?;
    Ok(Sheet { header: header.cells, rows: records.collect() })
}

fn push_record(records: &mut Vec<Row>, cells: Vec<String>, line: u64, limits: &CsvLimits) -> Result<(), CsvError> {
    if cells.iter().all(|c| c.is_empty()) {
        return Ok(());
    }
    if records.len() as u64 > limits.max_rows {
        return Err(CsvError::TooManyRows { limit: limits.max_rows });
    }
    records.push(Row { line, cells });
    Ok(())
}

/// Decodes and parses in one step.
pub fn read_sheet(bytes: &[u8], limits: &CsvLimits) -> Result<(Sheet, TextEncoding), CsvError> {
    let decoded = decode(bytes, limits)?;
    Ok((parse(&decoded.text, limits)?, decoded.encoding))
}

/// The fuzz target's body (`fuzz/fuzz_targets/csv.rs`, replayed by `tests/fuzz_corpus_replay.rs`):
/// every step on arbitrary bytes, results ignored, panics not.
pub fn fuzz_one(bytes: &[u8]) {
    let limits = CsvLimits { max_bytes: 1 << 20, max_rows: 10_000 };
    let Ok((sheet, _)) = read_sheet(bytes, &limits) else { return };
    let mut data = crate::model::Dataset::default();
    for target in [Target::Products, Target::Customers, Target::SalesLines] {
        let mapping = guess(target, &sheet.header);
        let mut ids = crate::model::SeededIds::new(1, 1_700_000_000_000);
        let mut clock = crate::model::HlcClock::new(crate::model::NodeId::new(1, 1));
        let ctx = ImportContext {
            branch: crate::model::Id::NIL,
            by: None,
            now_ms: 1_700_000_000_000,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default(),
        };
        let result = import(&sheet, &mapping, &data, &ctx, &mut ids, &mut clock);
        data.merge_all(&result.batch);
        let _ = export::customers(&data);
        let _ = export::products(&data);
        let _ = export::sales_lines(&data);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_quotes_separators_and_line_ends() {
        let text = "名称,电话,备注\r\n\"张三, 李四\",138,\"第一行\r\n第二行\"\n\n王五 , 139 ,\"He said \"\"hi\"\"\"\r";
        let s = parse(text, &CsvLimits::default()).unwrap();
        assert_eq!(s.header, vec!["名称", "电话", "备注"]);
        assert_eq!(s.rows.len(), 2);
        assert_eq!(s.rows[0].cells, vec!["张三, 李四", "138", "第一行\n第二行"]);
        assert_eq!(s.rows[0].line, 2);
        assert_eq!(s.rows[1].cells, vec!["王五", "139", "He said \"hi\""]);
        assert_eq!(s.rows[1].line, 5);
        assert_eq!(parse("a;b\n1;2", &CsvLimits::default()).unwrap().rows[0].cells, vec!["1", "2"]);
        assert_eq!(parse("a\tb\n1\t2", &CsvLimits::default()).unwrap().rows[0].cells, vec!["1", "2"]);
        assert_eq!(parse("a,b\n\"open", &CsvLimits::default()), Err(CsvError::UnterminatedQuote { line: 2 }));
        assert_eq!(parse("\n\n", &CsvLimits::default()), Err(CsvError::NoHeader));
    }

    #[test]
    fn detects_utf8_bom_gbk_and_refuses_garbage() {
        let (gbk, _, _) = encoding_rs::GBK.encode("客户名称,电话\n张三,138");
        let d = decode(&gbk, &CsvLimits::default()).unwrap();
        assert_eq!(d.encoding, TextEncoding::Gb18030);
        assert_eq!(d.text, "客户名称,电话\n张三,138");
        let bom = [b"\xEF\xBB\xBF".as_slice(), "名称".as_bytes()].concat();
        assert_eq!(decode(&bom, &CsvLimits::default()).unwrap().text, "名称");
        assert_eq!(decode(b"", &CsvLimits::default()), Err(CsvError::Empty));
        // 0x80 alone and 0xFF are not GB18030.
        assert!(matches!(decode(b"ab\xff\xff", &CsvLimits::default()), Err(CsvError::Encoding { .. })));
        assert!(decode_as("名".as_bytes(), TextEncoding::Utf8).is_ok());
    }

    #[test]
    fn rows_are_fixed_and_skipped_keeping_their_lines() {
        let mut s = parse("名称,电话\n甲,1\n乙,2\n丙,3\n丁,4", &CsvLimits::default()).unwrap();
        s.set_cell(1, 3, "x");
        assert_eq!(s.rows[1].cells, vec!["乙", "2", "", "x"]);
        assert_eq!(s.remove_rows(&[0, 2, 2, 9]), 2);
        assert_eq!(
            s.rows.iter().map(|r| (r.line, r.cells[0].as_str())).collect::<Vec<_>>(),
            vec![(3, "乙"), (5, "丁")]
        );
    }
}
