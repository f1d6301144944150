//! Which column of a sheet holds which field: guessed from Chinese and English headers,
//! corrected by the user, saved (the types serialise) and re-applied to the next file.

use crate::exchange::duplicates::fold;
use serde::{Deserialize, Serialize};

/// What a sheet is imported as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    Customers,
    Products,
    SalesLines,
}

/// A field a column can be mapped to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    // customers
    Name,
    CustomerType,
    Phone,
    Address,
    Region,
    City,
    TaxNumber,
    Manager,
    LegalRepresentative,
    Since,
    BusinessLines,
    Notes,
    Tags,
    // products
    Spec,
    Unit,
    Category,
    ListPrice,
    UnitCost,
    // sales lines
    Customer,
    Product,
    Date,
    Quantity,
    Amount,
    UnitPrice,
    Cost,
    Note,
}

impl Target {
    pub const ALL: [Target; 3] = [Target::Customers, Target::Products, Target::SalesLines];

    /// Stable snake_case name (the saved mapping's key, the UI's choice).
    pub fn code(self) -> &'static str {
        match self {
            Target::Customers => "customers",
            Target::Products => "products",
            Target::SalesLines => "sales_lines",
        }
    }

    pub fn from_code(code: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The store meta key under which the last mapping for this target is saved.
    pub fn mapping_key(self) -> String {
        format!("csv-mapping:{}", self.code())
    }

    /// The fields of a target, in the order the mapping screen lists them.
    pub fn fields(self) -> &'static [Field] {
        use Field::*;
        match self {
            Target::Customers => &[
                Name,
                CustomerType,
                Phone,
                Address,
                Region,
                City,
                TaxNumber,
                Manager,
                LegalRepresentative,
                Since,
                BusinessLines,
                Notes,
                Tags,
            ],
            Target::Products => &[Name, Spec, Unit, Category, ListPrice, UnitCost],
            Target::SalesLines => &[Customer, Product, Spec, Date, Quantity, Amount, UnitPrice, Cost, Note],
        }
    }

    /// Fields a row must have a value for.
    pub fn required(self) -> &'static [Field] {
        match self {
            Target::Customers | Target::Products => &[Field::Name],
            Target::SalesLines => &[Field::Customer, Field::Product, Field::Date, Field::Quantity],
        }
    }
}

impl Field {
    /// Stable snake_case name (mappings, CSV export headers, the doc).
    pub fn name(self) -> &'static str {
        use Field::*;
        match self {
            Name => "name",
            CustomerType => "customer_type",
            Phone => "phone",
            Address => "address",
            Region => "region",
            City => "city",
            TaxNumber => "tax_number",
            Manager => "manager",
            LegalRepresentative => "legal_representative",
            Since => "since",
            BusinessLines => "business_lines",
            Notes => "notes",
            Tags => "tags",
            Spec => "spec",
            Unit => "unit",
            Category => "category",
            ListPrice => "list_price",
            UnitCost => "unit_cost",
            Customer => "customer",
            Product => "product",
            Date => "date",
            Quantity => "quantity",
            Amount => "amount",
            UnitPrice => "unit_price",
            Cost => "cost",
            Note => "note",
        }
    }

    /// Headers that name the field, Chinese and English, in the target's sense. Compared after
    /// [`fold`] (case, width, spaces and punctuation ignored); the first ones are exact names,
    /// a header *containing* one also matches when no column matches exactly.
    pub fn synonyms(self, target: Target) -> &'static [&'static str] {
        use Field::*;
        match (self, target) {
            (Name, Target::Products) => {
                &["产品名称", "品名", "商品名称", "名称", "product", "productname", "name", "item"]
            }
            (Name, _) => &[
                "客户名称",
                "客户",
                "单位名称",
                "公司名称",
                "名称",
                "客户全称",
                "name",
                "customer",
                "customername",
                "company",
            ],
            (CustomerType, _) => &["客户类型", "类型", "type", "customertype"],
            (Phone, _) => &["电话", "联系电话", "手机", "手机号", "电话号码", "phone", "tel", "telephone", "mobile"],
            (Address, _) => &["地址", "详细地址", "通讯地址", "address"],
            (Region, _) => &["市场区域", "区域", "地区", "省份", "region", "province", "area"],
            (City, _) => &["城市", "市", "city"],
            (TaxNumber, _) => {
                &["税号", "纳税人识别号", "统一社会信用代码", "信用代码", "taxnumber", "taxid", "tax", "creditcode"]
            }
            (Manager, _) => &["负责人", "联系人", "经理", "manager", "contact", "contactperson"],
            (LegalRepresentative, _) => &["法定代表人", "法人", "法人代表", "legalrepresentative"],
            (Since, _) => &["合作起始", "交易起始", "合作时间", "起始日期", "since", "customersince"],
            (BusinessLines, _) => &["经营范围", "主营", "businesslines", "business"],
            (Notes, _) => &["备注", "说明", "notes", "note", "remark", "remarks"],
            (Tags, _) => &["标签", "tags", "tag"],
            (Spec, _) => &["规格", "型号", "规格型号", "spec", "specification", "model"],
            (Unit, _) => &["单位", "计量单位", "unit", "uom"],
            (Category, _) => &["类别", "分类", "品类", "category", "class"],
            (ListPrice, _) => &["单价", "售价", "价格", "标价", "listprice", "price", "unitprice"],
            (UnitCost, _) => &["成本", "单位成本", "成本价", "进价", "unitcost", "cost"],
            (Customer, _) => &["客户", "客户名称", "单位名称", "购货单位", "customer", "customername", "client"],
            (Product, _) => &["产品", "产品名称", "品名", "品种", "商品", "商品名称", "product", "productname", "item"],
            (Date, _) => &["日期", "进货时间", "销售日期", "发货日期", "时间", "date", "saledate", "orderdate"],
            (Quantity, _) => &["数量", "销量", "quantity", "qty", "count"],
            (Amount, _) => &["金额", "销售金额", "总额", "合计", "amount", "total", "value"],
            (UnitPrice, _) => &["单价", "价格", "unitprice", "price"],
            (Cost, _) => &["成本", "成本金额", "cost"],
            (Note, _) => &["备注", "说明", "note", "notes", "remark"],
        }
    }
}

/// Which field each column holds (`None`: ignored), for one target. Serialisable, so the UI
/// can save it and re-apply it with [`Mapping::reapply`] to the next file of the same shape.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub target: Target,
    /// The headers the mapping was made for.
    pub headers: Vec<String>,
    /// Per column, the field it holds.
    pub columns: Vec<Option<Field>>,
}

impl Mapping {
    /// The column of a field, if mapped.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|f| *f == Some(field))
    }

    /// Maps a column (and unmaps the field from any other column).
    pub fn set(&mut self, column: usize, field: Option<Field>) {
        if let Some(f) = field {
            for c in self.columns.iter_mut() {
                if *c == Some(f) {
                    *c = None;
                }
            }
        }
        if self.columns.len() <= column {
            self.columns.resize(column + 1, None);
        }
        self.columns[column] = field;
    }

    /// Required fields no column holds.
    pub fn missing(&self) -> Vec<Field> {
        self.target.required().iter().copied().filter(|f| self.column_of(*f).is_none()).collect()
    }

    /// The mapping for a new sheet: the saved one (JSON from [`Mapping::to_saved`]) re-applied by
    /// header when there is one for this target, else a fresh guess. The flag tells whether a
    /// saved mapping was used (unreadable or other-target JSON is ignored, not an error).
    pub fn for_sheet(target: Target, header: &[String], saved: Option<&str>) -> (Mapping, bool) {
        match saved.and_then(|json| serde_json::from_str::<Mapping>(json).ok()).filter(|m| m.target == target) {
            Some(m) => (m.reapply(header), true),
            None => (guess(target, header), false),
        }
    }

    /// The JSON saved in the store's meta under [`Target::mapping_key`].
    pub fn to_saved(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// This saved mapping applied to a sheet with `header`: columns are found by header text
    /// and get the saved choice — a field, or *ignored* (a column the user chose not to import
    /// stays ignored even when its header would be guessed); columns with a header the saved
    /// mapping did not have are guessed again.
    pub fn reapply(&self, header: &[String]) -> Mapping {
        let mut out = guess(self.target, header);
        let saved = |h: &str| self.headers.iter().position(|s| s.trim() == h.trim());
        for (col, h) in header.iter().enumerate() {
            if saved(h).is_some_and(|i| self.columns.get(i).copied().flatten().is_none()) {
                out.columns[col] = None;
            }
        }
        for (col, h) in header.iter().enumerate() {
            if let Some(field) = saved(h).and_then(|i| self.columns.get(i).copied().flatten()) {
                out.set(col, Some(field));
            }
        }
        out
    }
}

/// Guesses the mapping of a sheet's header for a target: each field goes to the first column
/// whose folded header equals one of its synonyms, else to the first that contains one.
pub fn guess(target: Target, header: &[String]) -> Mapping {
    let folded: Vec<String> = header.iter().map(|h| fold(h)).collect();
    let mut columns: Vec<Option<Field>> = vec![None; header.len()];
    for exact in [true, false] {
        for &field in target.fields() {
            if columns.contains(&Some(field)) {
                continue;
            }
            let found = field.synonyms(target).iter().find_map(|syn| {
                let syn = fold(syn);
                folded.iter().enumerate().position(|(i, h)| {
                    columns[i].is_none() && !h.is_empty() && if exact { *h == syn } else { h.contains(&syn) }
                })
            });
            if let Some(col) = found {
                columns[col] = Some(field);
            }
        }
    }
    Mapping { target, headers: header.to_vec(), columns }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(cols: &[&str]) -> Vec<String> {
        cols.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn guesses_chinese_and_english_headers() {
        let m = guess(Target::Customers, &h(&["客户名称", "联系电话", "地址", "税号", "备注", "无关"]));
        assert_eq!(
            m.columns,
            vec![
                Some(Field::Name),
                Some(Field::Phone),
                Some(Field::Address),
                Some(Field::TaxNumber),
                Some(Field::Notes),
                None
            ]
        );
        let m = guess(Target::SalesLines, &h(&["Date", "Customer Name", "Product", "Qty", "Amount", "Unit Price"]));
        assert_eq!(
            m.columns,
            vec![
                Some(Field::Date),
                Some(Field::Customer),
                Some(Field::Product),
                Some(Field::Quantity),
                Some(Field::Amount),
                Some(Field::UnitPrice)
            ]
        );
        assert!(m.missing().is_empty());
        let m = guess(Target::Products, &h(&["品名", "规格型号", "单价（元）", "成本价"]));
        assert_eq!(
            m.columns,
            vec![Some(Field::Name), Some(Field::Spec), Some(Field::ListPrice), Some(Field::UnitCost)]
        );
    }

    #[test]
    fn saved_mappings_serialise_and_reapply_by_header() {
        let mut m = guess(Target::Customers, &h(&["公司", "电话"]));
        assert_eq!(m.missing(), vec![Field::Name]);
        m.set(0, Some(Field::Name));
        let json = serde_json::to_string(&m).unwrap();
        let saved: Mapping = serde_json::from_str(&json).unwrap();
        let again = saved.reapply(&h(&["电话", "公司", "地址"]));
        assert_eq!(again.columns, vec![Some(Field::Phone), Some(Field::Name), Some(Field::Address)]);
    }

    #[test]
    fn an_ignored_column_stays_ignored_when_reapplied() {
        let mut m = guess(Target::SalesLines, &h(&["日期", "客户", "产品", "数量", "备注"]));
        assert_eq!(m.columns[4], Some(Field::Note));
        m.set(4, None);
        let again = m.reapply(&h(&["备注", "日期", "客户", "产品", "数量", "金额"]));
        assert_eq!(
            again.columns,
            vec![
                None,
                Some(Field::Date),
                Some(Field::Customer),
                Some(Field::Product),
                Some(Field::Quantity),
                Some(Field::Amount)
            ]
        );
    }

    #[test]
    fn a_saved_mapping_is_used_for_its_target_only() {
        let mut m = guess(Target::Customers, &h(&["公司", "电话"]));
        m.set(0, Some(Field::Name));
        let saved = m.to_saved();
        assert_eq!(Target::Customers.mapping_key(), "csv-mapping:customers");
        let (again, used) = Mapping::for_sheet(Target::Customers, &h(&["电话", "公司"]), Some(&saved));
        assert!(used);
        assert_eq!(again.columns, vec![Some(Field::Phone), Some(Field::Name)]);
        // Another target's mapping, broken JSON or none: a fresh guess.
        for other in [Some(saved.as_str()), Some("{not json"), None] {
            let (m, used) = Mapping::for_sheet(Target::Products, &h(&["公司", "品名"]), other);
            assert!(!used);
            assert_eq!(m.columns, vec![None, Some(Field::Name)]);
        }
        for t in Target::ALL {
            assert_eq!(Target::from_code(t.code()), Some(t));
        }
        assert_eq!(Target::from_code("nope"), None);
    }
}
