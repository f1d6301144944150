//! The words the import screen shows for the core's values: field names, row problems and
//! file errors in the user's language, and encoding names. Pure, so every case is tested.

use super::mapping::{Field, Target};
use super::rows::{CellError, Problem};
use super::{CsvError, TextEncoding};
use crate::i18n::{format_count, Lang, Msg};

/// The label of a field of a target (a product's name is not a customer's).
pub fn field_label(field: Field, target: Target) -> Msg {
    use Field::*;
    match field {
        Name if target == Target::Products => Msg::PrName,
        Name => Msg::FName,
        CustomerType => Msg::FilterType,
        Phone => Msg::ColPhone,
        Address => Msg::FAddress,
        Region => Msg::FRegion,
        City => Msg::FCity,
        TaxNumber => Msg::FTaxNumber,
        Manager => Msg::FManager,
        LegalRepresentative => Msg::FLegalRep,
        Since => Msg::FSince,
        BusinessLines => Msg::FBusinessLines,
        Notes => Msg::FNotes,
        Tags => Msg::FTags,
        Spec => Msg::SSpec,
        Unit => Msg::PrUnit,
        Category => Msg::PrCategory,
        ListPrice => Msg::PrListPrice,
        UnitCost => Msg::PrUnitCost,
        Customer => Msg::CsvFieldCustomer,
        Product => Msg::CsvFieldProduct,
        Date => Msg::SDate,
        Quantity => Msg::SQuantity,
        Amount => Msg::SAmount,
        UnitPrice => Msg::SUnitPrice,
        Cost => Msg::SCost,
        Note => Msg::SNote,
    }
}

/// The label of a target.
pub fn target_label(target: Target) -> Msg {
    match target {
        Target::Customers => Msg::CsvTargetCustomers,
        Target::Products => Msg::CsvTargetProducts,
        Target::SalesLines => Msg::CsvTargetSales,
    }
}

/// Why a cell was refused, in words.
pub fn problem_text(problem: &Problem, lang: Lang) -> String {
    match problem {
        Problem::Required => Msg::VRequired.text(lang).into(),
        Problem::TooLong { max } => Msg::VTooLong.with(lang, &[&max.to_string()]),
        Problem::Phone => Msg::VPhone.text(lang).into(),
        Problem::TaxNumber => Msg::VTaxNumber.text(lang).into(),
        Problem::Number => Msg::CsvProblemNumber.text(lang).into(),
        Problem::Negative => Msg::VNegative.text(lang).into(),
        Problem::Date => Msg::CsvProblemDate.text(lang).into(),
        Problem::DateInFuture => Msg::VDateFuture.text(lang).into(),
        Problem::NotFound => Msg::CsvProblemNotFound.text(lang).into(),
        Problem::Ambiguous => Msg::CsvProblemAmbiguous.text(lang).into(),
        Problem::UnknownCustomerType => Msg::CsvProblemCustomerType.text(lang).into(),
        Problem::Other => Msg::CsvProblemOther.text(lang).into(),
    }
}

/// Where a problem is: "联系电话（电话）" — the file's column header and the field (just one
/// when they read the same) — or, for a required field no column holds, the field and "no
/// column".
pub fn cell_error_place(e: &CellError, header: &[String], target: Target, lang: Lang) -> String {
    let field = field_label(e.field, target).text(lang);
    match e.column.and_then(|c| header.get(c)) {
        Some(h) if h.trim() == field => field.to_string(),
        Some(h) if !h.trim().is_empty() => Msg::CsvPlace.with(lang, &[h.trim(), field]),
        Some(_) => field.to_string(),
        None => Msg::CsvPlace.with(lang, &[field, Msg::CsvNoColumn.text(lang)]),
    }
}

/// Why a file could not be read at all, in words.
pub fn error_text(e: &CsvError, lang: Lang) -> String {
    match e {
        CsvError::Empty => Msg::CsvErrEmpty.text(lang).into(),
        CsvError::TooLarge { size, limit } => Msg::CsvErrTooLarge.with(lang, &[&mib(*size), &mib(*limit)]),
        CsvError::Encoding { offset } => Msg::CsvErrEncoding.with(lang, &[&offset.to_string()]),
        CsvError::UnterminatedQuote { line } => Msg::CsvErrQuote.with(lang, &[&line.to_string()]),
        CsvError::TooManyRows { limit } => Msg::CsvErrTooManyRows.with(lang, &[&format_count(*limit as usize)]),
        CsvError::NoHeader => Msg::CsvErrNoHeader.text(lang).into(),
    }
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1u64 << 20) as f64)
}

/// Encodings the user may force, in the order offered.
pub const ENCODINGS: [TextEncoding; 4] =
    [TextEncoding::Utf8, TextEncoding::Gb18030, TextEncoding::Utf16Le, TextEncoding::Utf16Be];

/// An encoding's name (the same in every language).
pub fn encoding_name(e: TextEncoding) -> &'static str {
    match e {
        TextEncoding::Utf8 => "UTF-8",
        TextEncoding::Gb18030 => "GBK / GB18030",
        TextEncoding::Utf16Le => "UTF-16 LE",
        TextEncoding::Utf16Be => "UTF-16 BE",
    }
}

/// A stable code for an encoding (the value of its option in a select).
pub fn encoding_code(e: TextEncoding) -> &'static str {
    match e {
        TextEncoding::Utf8 => "utf-8",
        TextEncoding::Gb18030 => "gb18030",
        TextEncoding::Utf16Le => "utf-16le",
        TextEncoding::Utf16Be => "utf-16be",
    }
}

pub fn encoding_of_code(code: &str) -> Option<TextEncoding> {
    ENCODINGS.into_iter().find(|e| encoding_code(*e) == code)
}

/// The name of an exported list's file: `kehu-customers-2026-12-02.csv`.
pub fn export_file_name(what: &str, today: chrono::NaiveDate) -> String {
    format!("kehu-{what}-{today}.csv")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::is_cjk;

    const ALL_PROBLEMS: [Problem; 12] = [
        Problem::Required,
        Problem::TooLong { max: 60 },
        Problem::Phone,
        Problem::TaxNumber,
        Problem::Number,
        Problem::Negative,
        Problem::Date,
        Problem::DateInFuture,
        Problem::NotFound,
        Problem::Ambiguous,
        Problem::UnknownCustomerType,
        Problem::Other,
    ];

    #[test]
    fn every_field_and_problem_has_words_in_both_languages() {
        for t in Target::ALL {
            let mut seen = std::collections::HashSet::new();
            for &f in t.fields() {
                let zh = field_label(f, t).text(Lang::Zh);
                assert!(seen.insert(zh), "{t:?}: two fields are both called {zh}");
                assert!(!field_label(f, t).text(Lang::En).chars().any(is_cjk));
            }
            assert!(target_label(t).text(Lang::Zh).chars().any(is_cjk));
        }
        assert_eq!(field_label(Field::Name, Target::Products), Msg::PrName);
        assert_eq!(field_label(Field::Name, Target::Customers), Msg::FName);
        for p in &ALL_PROBLEMS {
            assert!(problem_text(p, Lang::Zh).chars().any(is_cjk), "{p:?}");
            assert!(!problem_text(p, Lang::En).chars().any(is_cjk), "{p:?}");
        }
        assert_eq!(problem_text(&Problem::TooLong { max: 60 }, Lang::En), "Too long (at most 60 characters)");
    }

    #[test]
    fn places_name_the_column_and_the_field() {
        let header = vec!["联系电话".to_string(), " ".to_string()];
        let at = |column| CellError { column, field: Field::Phone, problem: Problem::Phone };
        assert_eq!(cell_error_place(&at(Some(0)), &header, Target::Customers, Lang::Zh), "联系电话（电话）");
        assert_eq!(cell_error_place(&at(Some(0)), &header, Target::Customers, Lang::En), "联系电话 (Phone)");
        assert_eq!(cell_error_place(&at(Some(1)), &header, Target::Customers, Lang::En), "Phone");
        assert_eq!(cell_error_place(&at(None), &header, Target::Customers, Lang::En), "Phone (no column)");
        let same = vec!["电话".to_string()];
        assert_eq!(cell_error_place(&at(Some(0)), &same, Target::Customers, Lang::Zh), "电话");
    }

    #[test]
    fn file_errors_and_encodings_in_words() {
        assert!(error_text(&CsvError::UnterminatedQuote { line: 7 }, Lang::En).contains('7'));
        assert!(error_text(&CsvError::TooLarge { size: 70 << 20, limit: 64 << 20 }, Lang::En).contains("64.0 MiB"));
        for e in
            [CsvError::Empty, CsvError::NoHeader, CsvError::Encoding { offset: 3 }, CsvError::TooManyRows { limit: 9 }]
        {
            assert!(error_text(&e, Lang::Zh).chars().any(is_cjk));
            assert!(!error_text(&e, Lang::En).chars().any(is_cjk));
        }
        for e in ENCODINGS {
            assert_eq!(encoding_of_code(encoding_code(e)), Some(e));
        }
        assert_eq!(encoding_of_code("latin1"), None);
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert_eq!(export_file_name("customers", day), "kehu-customers-2026-12-02.csv");
    }
}
