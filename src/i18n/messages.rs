//! Every UI text, in Chinese and English. Add a line here, then use `Msg::Name` in the UI.

use super::Lang;

macro_rules! messages {
    ($( $key:ident => $zh:literal, $en:literal; )*) => {
        /// A text of the UI. `text(lang)` gives it in a language; `with(lang, args)` fills `{0}`….
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Msg { $($key,)* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$key,)*];

            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $( (Msg::$key, Lang::Zh) => $zh, (Msg::$key, Lang::En) => $en, )*
                }
            }
        }
    };
}

messages! {
    // App frame
    AppName => "客户管理", "Kehu";
    AppTagline => "离线客户管理 · 数据只在本浏览器中", "Offline customer management · data stays in this browser";
    NavCustomers => "客户", "Customers";
    NavProducts => "产品", "Products";
    NavData => "数据与存储", "Data & storage";
    NavStaff => "员工", "Staff";
    Language => "语言", "Language";
    Loading => "正在加载…", "Loading…";
    LoadingData => "正在读取本地数据…", "Reading local data…";
    Saving => "正在保存…", "Saving…";
    Saved => "已保存", "Saved";
    Save => "保存", "Save";
    Cancel => "取消", "Cancel";
    Edit => "编辑", "Edit";
    Add => "添加", "Add";
    Close => "关闭", "Close";
    Back => "返回", "Back";
    Delete => "删除", "Delete";
    Confirm => "确认", "Confirm";
    Yes => "是", "Yes";
    No => "否", "No";
    None => "无", "None";
    All => "全部", "All";
    NotSet => "未填写", "Not set";
    Undo => "撤销", "Undo";
    Reload => "重新加载", "Reload";
    Total => "合计", "Total";
    Required => "必填", "required";
    // Storage status
    StoragePersisted => "持久存储：已授权", "Persistent storage: granted";
    StorageNotPersisted => "持久存储：未授权（浏览器可能在空间不足时清除数据，请定期导出备份）", "Persistent storage: not granted (the browser may clear data when space runs low; export backups regularly)";
    StorageUnknown => "持久存储：此浏览器不支持查询", "Persistent storage: this browser cannot tell";
    StorageUsage => "已用 {0}，配额 {1}", "{0} used of {1}";
    StorageTitle => "本地存储", "Local storage";
    StorageChipPersisted => "已持久存储", "Storage: persistent";
    StorageChipNot => "存储未持久", "Storage: not persistent";
    // Errors from storage
    ErrQuota => "存储空间已满，本次修改没有保存。请清理浏览器空间或导出后清除旧数据。", "Storage is full: this change was not saved. Free up browser space, or export and clear old data.";
    ErrUnavailable => "浏览器拒绝了本地存储（可能处于隐私/无痕模式）。数据无法保存。", "The browser refused local storage (private mode?). Data cannot be saved.";
    ErrBlocked => "另一个标签页正在使用旧版本，请关闭其他 Kehu 标签页以完成升级。", "Another tab is using an older version: close other Kehu tabs to finish the upgrade.";
    ErrVersionChanged => "另一个标签页已升级到新版本。请重新加载本页。", "Another tab upgraded Kehu to a newer version. Please reload this page.";
    ErrNewerSchema => "本地数据由更新版本的 Kehu 写入，此版本无法读取。请使用最新版本。", "The local data was written by a newer Kehu; this version cannot read it. Use the latest version.";
    ErrCorrupt => "本地数据已损坏（{0}）。请从备份导入。", "Local data is damaged ({0}). Import from a backup.";
    ErrStorage => "保存失败，数据未改变：{0}", "Saving failed, nothing was changed: {0}";
    ErrFixFields => "请先修正标出的字段。", "Please correct the marked fields first.";
    // Validation
    VRequired => "此项必填", "This field is required";
    VTooLong => "太长（最多 {0} 个字符）", "Too long (at most {0} characters)";
    VPhone => "电话号码格式不对：只能包含数字、空格、+、-、括号，且有 5–20 位数字", "Not a phone number: digits, spaces, + - ( ) only, with 5–20 digits";
    VEmail => "邮箱格式不对", "Not an email address";
    VTaxNumber => "税号应为 15、18 或 20 位字母数字；18 位统一社会信用代码的校验位不符", "A tax number has 15, 18 or 20 letters and digits; an 18-character credit code must pass its check digit";
    VNumber => "不是有效数字", "Not a number";
    VDecimals => "小数位太多（最多 {0} 位）", "Too many decimals (at most {0})";
    VRange => "数值超出范围", "Number out of range";
    VDate => "日期无效，请用 2024-03-05 的格式", "Not a valid date: use the form 2024-03-05";
    VDateFuture => "日期不能晚于今天", "The date cannot be after today";
    VNotPositive => "必须大于零", "Must be greater than zero";
    VNegative => "不能为负数", "Cannot be negative";
    VUnknownProduct => "请选择产品", "Choose a product";
    VUnknownCustomer => "客户不存在", "No such customer";
    VYear => "年份应在 1900 到今年之间", "Year must be between 1900 and this year";
    VPaidTooMuch => "付款不能超过本行金额", "The payment cannot exceed the line's amount";
    // Customer list
    SearchLabel => "搜索客户", "Search customers";
    SearchPlaceholder => "名称、电话、联系人、拼音或首字母（如 zs）", "Name, phone, contact, pinyin or initials (e.g. zs)";
    MatchCount => "共 {1} 位客户，匹配 {0} 位", "{0} of {1} customers";
    FilterType => "客户类型", "Customer type";
    FilterOwner => "负责人", "Owner";
    FilterRegion => "区域", "Region";
    FilterTag => "标签", "Tag";
    ShowArchived => "显示已归档", "Show archived";
    SortBy => "排序", "Sort by";
    SortName => "名称（拼音）", "Name (pinyin)";
    SortSales => "销售额", "Sales";
    SortOwed => "欠款", "Owed";
    SortLastPurchase => "最近购买", "Last purchase";
    SortCreated => "建档时间", "Created";
    Descending => "降序", "Descending";
    NewCustomer => "新建客户", "New customer";
    NoCustomersYet => "还没有客户。新建一个客户，或到“数据与存储”加载演示数据。", "No customers yet. Create one, or load demo data under “Data & storage”.";
    NoMatches => "没有匹配的客户", "No matching customers";
    ColName => "名称", "Name";
    ColType => "类型", "Type";
    ColPhone => "电话", "Phone";
    ColSales => "累计销售", "Sales to date";
    Archived => "已归档", "Archived";
    // Customer types
    TypeDealer => "经销商", "Dealer";
    TypeRetailer => "零售商", "Retailer";
    TypeAgent => "代理商", "Agent";
    TypeIndustrial => "工业客户", "Industrial";
    TypeConsumer => "消费者", "Consumer";
    // Customer page
    CustomerNotFound => "找不到这个客户（可能已被删除）。", "This customer was not found (it may have been deleted).";
    SectionBasic => "基础资料", "Basic data";
    SectionCharacteristics => "客户特征", "Characteristics";
    SectionBusiness => "业务状况", "Business status";
    SectionTransaction => "交易现状", "Transaction status";
    SectionContacts => "联系人", "Contacts";
    SectionSales => "销售记录", "Sales records";
    SectionPayments => "回款", "Payments";
    SectionHistory => "变更历史", "History";
    ArchiveCustomer => "归档", "Archive";
    RestoreCustomer => "恢复", "Restore";
    ArchiveConfirm => "归档后客户不再出现在列表中，所有数据都会保留，可随时恢复。确定归档？", "Archived customers leave the list but keep all their data, and can be restored. Archive?";
    CustomerArchivedNotice => "此客户已归档。", "This customer is archived.";
    // Customer fields
    FName => "客户名称", "Customer name";
    FAddress => "地址", "Address";
    FRegion => "市场区域", "Market region";
    FCity => "城市", "City";
    FTaxNumber => "税号", "Tax number";
    FOwner => "负责人（本公司）", "Owner (our staff)";
    FManager => "负责人（客户方）", "Manager (at the customer)";
    FLegalRep => "法定代表人", "Legal representative";
    FSince => "开始交易日期", "Trading with us since";
    FBusinessLines => "经营范围", "Lines of business";
    FSalesCapability => "销售能力", "Sales capability";
    FPotential => "发展潜力", "Development potential";
    FPhilosophy => "经营理念", "Business philosophy";
    FDirection => "经营方向", "Business direction";
    FPolicy => "经营政策", "Business policy";
    FFeatures => "企业特点", "Features";
    FSalesResults => "经营业绩", "Sales results";
    FMarketShare => "市场份额", "Market share";
    FCompetitiveness => "竞争力与地位", "Competitiveness and position";
    FCompetitorRelations => "与竞争者的关系", "Relations with competitors";
    FCooperation => "与本公司的关系与合作", "Relations and cooperation with us";
    FCurrentActivity => "目前销售活动", "Current sales activity";
    FOpenProblems => "存在的问题", "Open problems";
    FStrategy => "对策", "Strategy";
    FOutlook => "发展前景", "Outlook";
    FImage => "企业形象", "Image";
    FReputation => "声誉", "Reputation";
    FFinancialStatus => "财务状况", "Financial status";
    FCreditStatus => "信用状况", "Credit status";
    FNotes => "备注", "Notes";
    FTags => "标签（用逗号分隔）", "Tags (comma-separated)";
    // Contacts
    AddContact => "添加联系人", "Add contact";
    NoContacts => "还没有联系人", "No contacts yet";
    CName => "姓名", "Name";
    CTitle => "职务", "Title";
    CEmail => "邮箱", "Email";
    CKeyPerson => "关键人物", "Key person";
    CBirthYear => "出生年份", "Year of birth";
    CEducation => "学历", "Education";
    CInterests => "兴趣爱好", "Interests";
    CAbility => "能力", "Ability";
    CBackground => "背景", "Background";
    CCharacter => "性格", "Character";
    CFamily => "家庭", "Family";
    CHealth => "健康", "Health";
    CPersonalNotes => "个人备注", "Personal notes";
    SensitiveHint => "敏感个人信息（依《个人信息保护法》）：仅在需要时填写", "Sensitive personal information (PIPL): fill in only when needed";
    RemoveContact => "删除联系人", "Remove contact";
    RemoveContactConfirm => "删除联系人“{0}”？", "Remove contact “{0}”?";
    // Sales lines
    AddSale => "添加销售记录", "Add sales line";
    NoSales => "还没有销售记录", "No sales yet";
    SDate => "日期", "Date";
    SProduct => "产品", "Product";
    SSpec => "规格", "Specification";
    SQuantity => "数量", "Quantity";
    SAmount => "金额", "Amount";
    SUnitPrice => "单价", "Unit price";
    SCost => "成本", "Cost";
    SSettlement => "结账情况", "Settlement";
    SPaidNow => "当场付款金额", "Paid now";
    SNote => "备注", "Note";
    StPaid => "已结清", "Paid";
    StPartial => "部分付款", "Partly paid";
    StUnpaid => "未付款", "Unpaid";
    StReturn => "退货", "Return";
    SalesTotals => "共 {0} 行 · 销售额 {1} · 已回款 {2} · 欠款 {3}", "{0} lines · sales {1} · paid {2} · owed {3}";
    ShowMoreLines => "显示更早的 {0} 行", "Show {0} earlier lines";
    ReturnOf => "退货（原 {0}）", "Return of {0}";
    ReturnQuantity => "退货数量", "Quantity returned";
    VReturnTooMuch => "退货数量不能超过原销售数量", "Cannot return more than was sold";
    AddPayment => "登记回款", "Record a payment";
    PDate => "回款日期", "Payment date";
    PAmount => "回款金额", "Amount received";
    PMethod => "方式", "Method";
    NoPayments => "还没有回款记录", "No payments yet";
    // History
    NoHistory => "还没有修改记录", "No changes yet";
    HCreated => "创建", "Created";
    HEdited => "修改", "Edited";
    HArchived => "归档", "Archived";
    HRestored => "恢复", "Restored";
    HDeleted => "删除", "Deleted";
    HBy => "操作人：{0}", "by {0}";
    HFieldChange => "{0}：{1} → {2}", "{0}: {1} → {2}";
    HEmpty => "（空）", "(empty)";
    HSomeone => "未知用户", "unknown user";
    // Products
    NewProduct => "新建产品", "New product";
    NoProducts => "还没有产品", "No products yet";
    PrName => "产品名称", "Product name";
    PrUnit => "单位", "Unit";
    PrCategory => "类别", "Category";
    PrListPrice => "标价", "List price";
    PrUnitCost => "单位成本", "Unit cost";
    PrMargin => "毛利率", "Gross margin";
    PrArchive => "停售", "Discontinue";
    PrRestore => "恢复销售", "Resume";
    // Analysis: dashboard and settings
    NavDashboard => "经营概览", "Dashboard";
    NavAnalyses => "客户分析", "Analyses";
    NavSegments => "客户细分", "Segments";
    NavSettings => "分析设置", "Analysis settings";
    ScoringLoading => "分析进程正在读取数据…", "The analysis is reading the data…";
    ScoringConverting => "正在整理销售记录…", "Preparing the sales lines…";
    ScoringScoring => "正在计算评分与模型…", "Computing scores and models…";
    ScoringSummarising => "正在汇总…", "Summarising…";
    ScoringFailed => "分析失败：{0}", "The analysis failed: {0}";
    ScoringCancel => "停止计算", "Stop";
    ScoringCancelled => "已停止计算。", "Stopped.";
    ScoringRetry => "重新计算", "Compute again";
    NoDataForAnalysis => "还没有销售数据可分析。请先录入销售记录，或到“数据与存储”加载演示数据。", "No sales to analyse yet. Enter sales, or load demo data under “Data & storage”.";
    PeriodLabel => "期间：{0} 至 {1}", "Period: {0} to {1}";
    AllBranches => "全部分公司", "All branches";
    KpiCustomers => "客户（活跃 / 全部）", "Customers (active / all)";
    KpiSales => "本期销售额", "Sales this period";
    KpiVsPrevious => "较上期 {0}", "{0} on the previous period";
    KpiAbc => "A / B / C 类客户", "A / B / C customers";
    KpiTop20 => "前 20% 客户的销售占比", "Share of sales from the top 20% of customers";
    KpiRetention => "客户保留率", "Retention";
    KpiRetentionHint => "上期购买的客户中本期再次购买的比例", "Share of last period's buyers who bought again";
    KpiRepeat => "重复购买率", "Repeat-purchase rate";
    KpiRepeatHint => "本期购买两天及以上的客户比例", "Share of this period's buyers with two or more purchase days";
    KpiExpected => "预计未来 {0} 周销售额", "Expected sales, next {0} weeks";
    KpiClv => "客户终身价值合计（{0} 个月）", "Total customer lifetime value ({0} months)";
    ModelNotFitted => "模型无法拟合：{0}", "Model not fitted: {0}";
    LifecycleTitle => "客户生命周期", "Customer lifecycle";
    SegmentsTitle => "RFM 客户细分", "RFM segments";
    RfmGridTitle => "RFM 分布（R 最近购买 × F 购买频次）", "RFM grid (R recency × F frequency)";
    RfmGridHint => "点击格子查看其中的客户", "Tap a cell to list its customers";
    AtRiskTitle => "有流失风险的大客户", "Key accounts at risk";
    AtRiskNone => "没有大客户处于流失风险。", "No key account is at risk.";
    TrendTitle => "月度销售趋势", "Monthly sales";
    ParetoTitle => "帕累托曲线（ABC 分析）", "Pareto curve (ABC analysis)";
    ColCustomers => "客户数", "Customers";
    ColShare => "占比", "Share";
    ColSegment => "细分", "Segment";
    ColPAlive => "存活概率", "P(alive)";
    ColClv => "终身价值", "CLV";
    ColStage => "生命周期", "Lifecycle";
    ColClass => "ABC 类", "ABC class";
    ScoreFilterActive => "按分析结果筛选：{0}", "Filtered by analysis: {0}";
    ClearFilter => "清除筛选", "Clear filter";
    SetAsOf => "分析截止日期（留空为今天）", "As-of date (empty = today)";
    SetPeriod => "分析期间（月）", "Period (months)";
    SetAbcA => "A 类累计销售占比上限（%）", "Class A up to cumulative share (%)";
    SetAbcB => "B 类累计销售占比上限（%）", "Class B up to cumulative share (%)";
    SetRfmBins => "RFM 评分档数", "RFM score levels";
    SetHorizon => "预测期（周）", "Prediction horizon (weeks)";
    SetClvMonths => "终身价值计算月数", "CLV months";
    SetDiscount => "月贴现率（%）", "Discount rate per month (%)";
    SetApply => "应用并重新计算", "Apply and recompute";
    SetReset => "恢复默认", "Restore defaults";
    SetHelp => "ABC：按销售额从高到低累计，越过 A 类上限的客户仍属 A 类。RFM：按五分位打分，相同数值得分相同；“已流失”= R 为 1 且存活概率低于 10%。生命周期：首次购买不足 180 天或购买天数少于 3 为考察期；近 6 个月销售额低于前 6 个月的 70%、超过平均购买间隔 3 倍未购买或存活概率低于 30% 为衰退期；高于 130% 为形成期；其余为稳定期。", "ABC: customers sorted by sales, cumulated; the customer who crosses the A limit is still A. RFM: quintile scores, equal values score equal; “Lost” = R is 1 and P(alive) below 10%. Lifecycle: first purchase under 180 days ago or fewer than 3 purchase days = exploration; the last 6 months' sales below 70% of the 6 before, no purchase for over 3× the usual interval, or P(alive) below 30% = decline; above 130% = formation; otherwise stability.";
    VBetween => "应在 {0} 到 {1} 之间", "Must be between {0} and {1}";
    VAbcOrder => "B 类上限必须大于 A 类上限", "The B limit must be above the A limit";
    // Staff and departments
    StaffTitle => "员工与部门", "Staff and departments";
    NewStaff => "新增员工", "Add staff member";
    NoStaff => "还没有员工。员工是客户的负责人，也是投诉和改进的承办人。", "No staff yet. Staff own customers and handle complaints and improvements.";
    StDepartment => "所属部门", "Department";
    StLeft => "已离职", "Left";
    StMarkLeft => "标记离职", "Mark as left";
    StRejoin => "恢复在职", "Mark as active";
    StCustomers => "负责客户", "Customers owned";
    Departments => "部门", "Departments";
    NewDepartment => "新增部门", "Add department";
    NoDepartments => "还没有部门", "No departments yet";
    DName => "部门名称", "Department name";
    DFunction => "职能", "Function";
    DfSales => "销售", "Sales";
    DfAfterSales => "售后服务", "After-sales service";
    DfQuality => "质量", "Quality";
    DfTechnical => "技术", "Technical";
    DfLogistics => "物流", "Logistics";
    DfFinance => "财务", "Finance";
    DfOther => "其他", "Other";
    // Data page
    DemoTitle => "演示数据", "Demo data";
    DemoExplain => "生成一家虚拟公司：中文客户与联系人、产品与成本、三年销售记录（含季节性、长尾客户、流失客户和欠款）。相同的种子和截止日期总是生成相同的数据。", "Generates a fictional firm: Chinese customers and contacts, products with costs, three years of sales (with seasonality, a long tail, customers who stopped buying, and arrears). The same seed and end date always give the same data.";
    DemoCustomers => "客户数量", "Customers";
    DemoLines => "销售记录行数", "Sales lines";
    DemoSeed => "随机种子", "Seed";
    DemoEnd => "截止日期", "End date";
    DemoLoad => "加载演示数据", "Load demo data";
    DemoGenerating => "正在生成演示数据…", "Generating demo data…";
    DemoStoring => "正在写入本地存储…", "Writing to local storage…";
    DemoDone => "已加载演示数据：{0} 位客户，{1} 行销售记录，用时 {2} 秒。", "Demo data loaded: {0} customers, {1} sales lines in {2} s.";
    DemoNotEmpty => "本地已有数据。演示数据会与现有数据合并；如需只看演示数据，请先清除所有数据。", "There is data here already. Demo data merges with it; to see only demo data, clear all data first.";
    DemoSizeError => "客户数须在 1 到 100,000 之间，销售行数须在 0 到 1,000,000 之间", "Customers must be 1 to 100,000 and sales lines 0 to 1,000,000";
    DemoTooFewLines => "销售行数太少：{0} 位客户至少需要 {1} 行", "Too few sales lines: {0} customers need at least {1}";
    ClearTitle => "清除所有数据", "Clear all data";
    ClearExplain => "从本浏览器删除本公司的全部客户、产品和销售数据。此操作无法撤销。", "Deletes all customers, products and sales of this firm from this browser. This cannot be undone.";
    ClearConfirmPrompt => "请输入“{0}”以确认删除全部 {1} 条记录：", "Type “{0}” to confirm deleting all {1} records:";
    ClearConfirmWord => "清除", "clear";
    ClearDone => "已清除所有数据。", "All data cleared.";
    ClearButton => "永久清除", "Clear permanently";
    RecordCounts => "{0} 位客户 · {1} 个联系人 · {2} 个产品 · {3} 行销售 · {4} 笔回款", "{0} customers · {1} contacts · {2} products · {3} sales lines · {4} payments";
    OtherTabChanged => "另一个标签页修改了数据，已同步。", "Another tab changed the data; synced.";
    ThisDevice => "本设备", "This device";
    Branch => "分公司", "Branch";
}
