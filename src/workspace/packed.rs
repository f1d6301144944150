//! A checked bundle handed from the worker that read it to the page. Parsing a bundle's JSON is
//! the slow part of an import and runs in the worker (built for speed, and the page stays
//! responsive); what crosses to the page is the header and the content in the store's bulk
//! encoding, one value per kind — the page decodes that several times faster than it parses
//! JSON, and it travels as a few byte buffers instead of 1.78 million objects.

use crate::exchange::{Bundle, HeaderV1};
use crate::model::{Dataset, DecodeError, Item, Kind, Table, TableVisitor};
use crate::store::buckets::{absorb_bucket, encode_bucket};
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

/// A [`Bundle`] as bytes: what the worker answers to [`super::ToWorker::ReadBundle`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackedBundle {
    pub version: u32,
    /// The header as JSON: the worker messages' encoding (bincode) cannot carry its optional
    /// fields, which JSON leaves out when empty.
    pub header: String,
    /// The items in pieces of at most [`PIECE`] of one kind, each in the store's bulk encoding
    /// (a bucket's value: the kind's code, then the items).
    pub kinds: Vec<ByteBuf>,
    /// How long the worker's steps took, in ms, by name (for the page's performance measures).
    pub timings: Vec<(String, f64)>,
    /// The worker's clock (ms since 1970) when it answered.
    pub answered_ms: f64,
}

/// Items per piece. In pieces, encoding a million items is many calls of the encoder, which
/// the browser then optimises ([`crate::chunked`]); one call would run unoptimised throughout.
pub const PIECE: usize = 4 * crate::chunked::CHUNK;

struct Pack(Vec<ByteBuf>);

impl TableVisitor for Pack {
    fn visit<R: Item>(&mut self, kind: Kind, table: &Table<R>) {
        for piece in table.all().chunks(PIECE) {
            self.0.push(ByteBuf::from(encode_bucket(kind, piece)));
        }
    }
}

impl PackedBundle {
    pub fn pack(bundle: &Bundle) -> PackedBundle {
        let mut pack = Pack(Vec::new());
        bundle.data.visit(&mut pack);
        let header = serde_json::to_string(&bundle.header).unwrap_or_default();
        PackedBundle { version: bundle.version, header, kinds: pack.0, timings: Vec::new(), answered_ms: 0.0 }
    }

    /// The bundle again, its items in the order they were read.
    pub fn unpack(self) -> Result<Bundle, DecodeError> {
        let header: HeaderV1 = serde_json::from_str(&self.header).map_err(|e| DecodeError::Json(e.to_string()))?;
        let mut data = Dataset::default();
        for value in &self.kinds {
            absorb_bucket(&mut data, value)?;
        }
        Ok(Bundle { version: self.version, header, data })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::{canonical, export_bundle, parse_bundle, ExportInfo, Limits};
    use crate::model::Id;

    /// Every kind of the demo firm crosses intact: the unpacked bundle has the same items in
    /// the same order (so the same checksum and the same preview) and the same header.
    #[test]
    fn a_bundle_unpacks_to_what_was_packed() {
        let end = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let spec = crate::demo::DemoSpec { customers: 80, lines: 1_500, ..crate::demo::DemoSpec::default_for(end) };
        let firm = crate::demo::generate(&spec).unwrap();
        let info = ExportInfo { branch: Id::NIL, branch_name: "总部".into(), device: 3, created_ms: 9 };
        let bundle = parse_bundle(&export_bundle(&firm, None, &info), None, &Limits::default()).unwrap();
        let packed = PackedBundle::pack(&bundle);
        assert!(packed.kinds.len() >= 10, "{} pieces", packed.kinds.len());
        let back = packed.unpack().unwrap();
        assert_eq!(back.version, bundle.version);
        assert_eq!(back.header, bundle.header);
        assert_eq!(back.counts(), bundle.counts());
        assert_eq!(canonical::checksum(&back.data), bundle.header.checksum);
        for kind in Kind::ALL {
            assert_eq!(back.data.count(*kind), bundle.data.count(*kind), "{kind:?}");
        }
        assert_eq!(back.data.customers.all(), bundle.data.customers.all());
        assert_eq!(back.data.sales.all(), bundle.data.sales.all());
    }

    /// A kind of more than a piece's items crosses in pieces, whole and in order.
    #[test]
    fn a_large_kind_crosses_in_pieces() {
        let end = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let spec =
            crate::demo::DemoSpec { customers: 50, lines: 2 * PIECE + 7, ..crate::demo::DemoSpec::default_for(end) };
        let firm = crate::demo::generate(&spec).unwrap();
        let info = ExportInfo { branch: Id::NIL, branch_name: "总部".into(), device: 3, created_ms: 9 };
        let bundle = parse_bundle(&export_bundle(&firm, None, &info), None, &Limits::default()).unwrap();
        let packed = PackedBundle::pack(&bundle);
        let sale_pieces = packed.kinds.iter().filter(|v| v.first() == Some(&Kind::Sale.code())).count();
        assert_eq!(sale_pieces, bundle.data.sales.len().div_ceil(PIECE));
        assert!(sale_pieces >= 3);
        let back = packed.unpack().unwrap();
        assert_eq!(back.data.sales.all(), bundle.data.sales.all());
    }

    /// Damaged bytes are an error, not a panic or a partial bundle.
    #[test]
    fn damaged_bytes_are_refused() {
        let header = HeaderV1 {
            branch: Id::NIL,
            branch_name: String::new(),
            device: 0,
            created_ms: 0,
            vector: Default::default(),
            since: None,
            counts: Default::default(),
            checksum: String::new(),
            sensitive: true,
        };
        let header = serde_json::to_string(&header).unwrap();
        for value in [vec![Kind::Sale.code(), 0xFF, 0xFF], vec![], vec![0xEE]] {
            let packed = PackedBundle {
                version: 2,
                header: header.clone(),
                kinds: vec![ByteBuf::from(value)],
                timings: Vec::new(),
                answered_ms: 0.0,
            };
            assert!(packed.unpack().is_err());
        }
        let packed =
            PackedBundle { version: 2, header: "{".into(), kinds: Vec::new(), timings: Vec::new(), answered_ms: 0.0 };
        assert!(packed.unpack().is_err());
    }

    /// The messages cross between page and worker in gloo-worker's encoding, bincode, which
    /// reads only what it was told to expect: a type that leaves fields out when writing (as
    /// the header does in JSON) would fail there and stop the page. Every kind of answer to
    /// a bundle read makes the round trip.
    #[test]
    fn bundle_read_messages_survive_the_workers_encoding() {
        use crate::exchange::BundleError;
        use crate::workspace::{FromWorker, ToWorker};
        let end = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let spec = crate::demo::DemoSpec { customers: 30, lines: 300, ..crate::demo::DemoSpec::default_for(end) };
        let firm = crate::demo::generate(&spec).unwrap();
        let info = ExportInfo { branch: Id::NIL, branch_name: "总部".into(), device: 3, created_ms: 9 };
        let file = export_bundle(&firm, None, &info);
        let ask = ToWorker::ReadBundle {
            bytes: ByteBuf::from(file.clone()),
            decrypted: false,
            limits: Limits::default(),
            sent_ms: 1.5,
            report_to: "kehu-read-1".into(),
        };
        let back: ToWorker = bincode::deserialize(&bincode::serialize(&ask).unwrap()).unwrap();
        assert_eq!(back, ask);
        let bundle = parse_bundle(&file, None, &Limits::default()).unwrap();
        let answers = [
            FromWorker::BundleRead(Ok(Box::new(PackedBundle::pack(&bundle)))),
            FromWorker::BundleRead(Err(BundleError::ChecksumMismatch { expected: "a".into(), found: "b".into() })),
            FromWorker::BundleRead(Err(BundleError::DuplicateId { kind: Kind::Sale, id: Id::NIL })),
            FromWorker::BundleRead(Err(BundleError::WrongFormat { found: None })),
            FromWorker::BundleRead(Err(crate::exchange::CryptError::PassphraseRequired.into())),
        ];
        for answer in answers {
            let back: FromWorker = bincode::deserialize(&bincode::serialize(&answer).unwrap()).unwrap();
            assert_eq!(back, answer);
        }
    }
}
