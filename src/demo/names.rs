//! Chinese names, places and phone numbers for the demo firm.
//!
//! Company names follow the usual pattern city + trade name (字号) + industry + legal form
//! (`杭州宏达建材有限公司`); people get a common surname and a common given name. Cities carry their
//! province, market region and telephone area code, so a customer's region, city, address and
//! landline always agree.

use super::math::below;
use crate::model::CustomerType;
use fastrand::Rng;

/// The seven market regions (市场区域), with the share of customers each gets. The firm sits in
/// Hangzhou, so 华东 is its home market.
pub(crate) const REGIONS: [(&str, f64); 7] =
    [("华东", 45.0), ("华南", 12.0), ("华北", 12.0), ("华中", 12.0), ("西南", 9.0), ("西北", 5.0), ("东北", 5.0)];

/// A city: market region (index into [`REGIONS`]), province (empty for a municipality),
/// city name without 市, telephone area code, and a weight within its region.
pub(crate) struct City {
    pub region: usize,
    pub province: &'static str,
    pub name: &'static str,
    pub area_code: &'static str,
    pub weight: u8,
}

const fn city(region: usize, province: &'static str, name: &'static str, area_code: &'static str, weight: u8) -> City {
    City { region, province, name, area_code, weight }
}

pub(crate) const CITIES: &[City] = &[
    // 华东
    city(0, "", "上海", "021", 3),
    city(0, "江苏省", "南京", "025", 2),
    city(0, "江苏省", "苏州", "0512", 2),
    city(0, "江苏省", "无锡", "0510", 1),
    city(0, "江苏省", "常州", "0519", 1),
    city(0, "江苏省", "南通", "0513", 1),
    city(0, "江苏省", "徐州", "0516", 1),
    city(0, "浙江省", "杭州", "0571", 4),
    city(0, "浙江省", "宁波", "0574", 2),
    city(0, "浙江省", "温州", "0577", 2),
    city(0, "浙江省", "绍兴", "0575", 2),
    city(0, "浙江省", "嘉兴", "0573", 1),
    city(0, "浙江省", "金华", "0579", 2),
    city(0, "浙江省", "台州", "0576", 1),
    city(0, "浙江省", "湖州", "0572", 1),
    city(0, "安徽省", "合肥", "0551", 2),
    city(0, "安徽省", "芜湖", "0553", 1),
    city(0, "安徽省", "蚌埠", "0552", 1),
    city(0, "福建省", "福州", "0591", 1),
    city(0, "福建省", "厦门", "0592", 1),
    city(0, "福建省", "泉州", "0595", 1),
    city(0, "江西省", "南昌", "0791", 1),
    city(0, "江西省", "赣州", "0797", 1),
    city(0, "山东省", "济南", "0531", 2),
    city(0, "山东省", "青岛", "0532", 2),
    city(0, "山东省", "烟台", "0535", 1),
    city(0, "山东省", "潍坊", "0536", 1),
    city(0, "山东省", "临沂", "0539", 1),
    // 华南
    city(1, "广东省", "广州", "020", 3),
    city(1, "广东省", "深圳", "0755", 3),
    city(1, "广东省", "佛山", "0757", 2),
    city(1, "广东省", "东莞", "0769", 2),
    city(1, "广东省", "中山", "0760", 1),
    city(1, "广东省", "珠海", "0756", 1),
    city(1, "广西壮族自治区", "南宁", "0771", 2),
    city(1, "广西壮族自治区", "柳州", "0772", 1),
    city(1, "广西壮族自治区", "桂林", "0773", 1),
    city(1, "海南省", "海口", "0898", 1),
    // 华北
    city(2, "", "北京", "010", 3),
    city(2, "", "天津", "022", 2),
    city(2, "河北省", "石家庄", "0311", 2),
    city(2, "河北省", "唐山", "0315", 1),
    city(2, "河北省", "保定", "0312", 1),
    city(2, "河北省", "廊坊", "0316", 1),
    city(2, "山西省", "太原", "0351", 2),
    city(2, "山西省", "大同", "0352", 1),
    city(2, "内蒙古自治区", "呼和浩特", "0471", 1),
    city(2, "内蒙古自治区", "包头", "0472", 1),
    // 华中
    city(3, "河南省", "郑州", "0371", 3),
    city(3, "河南省", "洛阳", "0379", 1),
    city(3, "河南省", "南阳", "0377", 1),
    city(3, "河南省", "新乡", "0373", 1),
    city(3, "湖北省", "武汉", "027", 3),
    city(3, "湖北省", "宜昌", "0717", 1),
    city(3, "湖北省", "襄阳", "0710", 1),
    city(3, "湖南省", "长沙", "0731", 3),
    city(3, "湖南省", "株洲", "0731", 1),
    city(3, "湖南省", "衡阳", "0734", 1),
    city(3, "湖南省", "岳阳", "0730", 1),
    // 西南
    city(4, "", "重庆", "023", 3),
    city(4, "四川省", "成都", "028", 3),
    city(4, "四川省", "绵阳", "0816", 1),
    city(4, "四川省", "宜宾", "0831", 1),
    city(4, "四川省", "南充", "0817", 1),
    city(4, "贵州省", "贵阳", "0851", 2),
    city(4, "贵州省", "遵义", "0851", 1),
    city(4, "云南省", "昆明", "0871", 2),
    city(4, "云南省", "曲靖", "0874", 1),
    city(4, "云南省", "大理", "0872", 1),
    // 西北
    city(5, "陕西省", "西安", "029", 3),
    city(5, "陕西省", "宝鸡", "0917", 1),
    city(5, "陕西省", "咸阳", "029", 1),
    city(5, "甘肃省", "兰州", "0931", 2),
    city(5, "甘肃省", "天水", "0938", 1),
    city(5, "宁夏回族自治区", "银川", "0951", 1),
    city(5, "青海省", "西宁", "0971", 1),
    city(5, "新疆维吾尔自治区", "乌鲁木齐", "0991", 1),
    // 东北
    city(6, "辽宁省", "沈阳", "024", 3),
    city(6, "辽宁省", "大连", "0411", 2),
    city(6, "辽宁省", "鞍山", "0412", 1),
    city(6, "吉林省", "长春", "0431", 2),
    city(6, "吉林省", "吉林", "0432", 1),
    city(6, "黑龙江省", "哈尔滨", "0451", 3),
    city(6, "黑龙江省", "大庆", "0459", 1),
];

/// Index of the firm's home city (杭州) in [`CITIES`].
pub(crate) const HOME_CITY: usize = 7;

/// Common surnames, most frequent first (the first ones are drawn more often).
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于",
    "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆",
    "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛",
    "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武",
    "戴", "莫", "孔", "向", "汤", "欧阳", "诸葛",
];

/// Common given names (two characters), men's and women's mixed.
const GIVEN_TWO: &[&str] = &[
    "建国", "建华", "建军", "建平", "国强", "国华", "国平", "志强", "志明", "志刚", "志勇", "志军", "海燕", "海波",
    "海涛", "海峰", "晓明", "晓东", "晓燕", "晓红", "晓丽", "秀英", "秀兰", "秀珍", "桂英", "桂兰", "玉兰", "玉梅",
    "春梅", "春华", "春燕", "丽华", "丽娟", "丽萍", "红梅", "红霞", "金凤", "美玲", "文博", "文杰", "文静", "文华",
    "俊杰", "俊峰", "子豪", "子涵", "梓轩", "浩然", "浩宇", "宇航", "宇轩", "天宇", "天明", "明辉", "明亮", "永强",
    "永刚", "永红", "卫东", "卫国", "振华", "振宇", "德明", "德华", "立新", "立军", "光明", "光辉", "庆华", "庆丰",
    "雪梅", "雪莲", "静怡", "欣怡", "思琪", "雨婷", "佳怡", "嘉欣", "一鸣", "亚东", "亚楠", "少华", "少杰", "伟民",
    "伟强", "伟东", "新民", "新华", "胜利", "世杰", "凤英", "淑珍", "淑华", "兰英", "爱华", "爱国", "锦涛", "家豪",
    "家明", "瑞华", "瑞琪", "泽宇", "泽华", "鹏飞", "鹏程", "云飞", "云峰", "长青", "长春", "成龙", "成刚", "福生",
    "荣华", "宏伟", "宏亮", "红军", "学军", "学文", "玉珍", "婷婷", "丹丹", "晶晶", "莉莉", "磊磊", "冬梅", "秋菊",
];

/// Common single-character given names.
const GIVEN_ONE: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "平",
    "刚", "华", "斌", "鑫", "波", "辉", "宁", "峰", "琳", "颖", "婷", "凯", "健", "亮", "浩", "倩", "雪", "燕", "鹏",
];

/// Trade names (字号) as firms pick them: auspicious pairs.
const TRADE_NAMES: &[&str] = &[
    "宏达",
    "鑫源",
    "华盛",
    "恒泰",
    "永兴",
    "隆昌",
    "顺发",
    "金利",
    "丰瑞",
    "祥和",
    "安康",
    "嘉信",
    "诚德",
    "明光",
    "晨宇",
    "天海",
    "龙凯",
    "旭东",
    "方圆",
    "新远",
    "博众",
    "联建",
    "中正",
    "佳美",
    "福荣",
    "百通",
    "万汇",
    "亿力",
    "创立",
    "骏腾",
    "鼎盛",
    "兴旺",
    "昌盛",
    "富源",
    "华泰",
    "金鼎",
    "宏图",
    "瑞丰",
    "振华",
    "恒信",
    "长城",
    "东方",
    "远大",
    "伟业",
    "开元",
    "金诺",
    "中天",
    "顺达",
    "建华",
    "光辉",
    "银河",
    "金桥",
    "永安",
    "天成",
    "海川",
    "荣盛",
    "鸿运",
    "腾飞",
    "汇丰",
    "盛世",
    "亨通",
    "广源",
    "德胜",
    "宏远",
    "新世纪",
    "大地",
    "三友",
    "四海",
    "五洲",
    "九鼎",
    "恒通",
    "正泰",
    "中兴",
    "利民",
    "华联",
    "信达",
    "永盛",
    "金马",
    "金星",
    "红日",
    "东升",
    "旭日",
    "春晖",
    "润泽",
    "卓越",
    "精诚",
    "同心",
    "和信",
    "安达",
    "泰丰",
    "聚源",
    "汇通",
    "宝丰",
    "华美",
    "美达",
    "鑫隆",
    "鑫海",
    "国泰",
];

/// Characters trade names are also composed from, for more variety in big firms.
const TRADE_CHARS: &[&str] = &[
    "宏", "达", "鑫", "源", "华", "盛", "恒", "泰", "永", "兴", "隆", "昌", "顺", "金", "利", "丰", "瑞", "祥", "嘉",
    "信", "诚", "德", "明", "晨", "宇", "天", "海", "龙", "凯", "旭", "博", "众", "联", "中", "正", "佳", "福", "荣",
    "通", "汇", "亿", "创", "骏", "腾", "鼎", "旺", "富", "锦", "新", "远", "广", "安", "泽", "润", "卓", "伟", "建",
];

/// Industry words by customer type; legal forms by customer type.
fn industry_and_forms(kind: CustomerType) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        CustomerType::Dealer => (
            &["建材", "五金", "水暖", "建筑材料", "装饰材料", "管业", "电气", "商贸", "建材商贸", "机电设备"],
            &["有限公司", "有限公司", "有限责任公司"],
        ),
        CustomerType::Agent => (
            &["建材", "贸易", "商贸", "建筑材料", "防水材料", "电线电缆", "管业", "涂料"],
            &["有限公司", "有限公司", "有限责任公司"],
        ),
        CustomerType::Retailer => (
            &["建材", "五金", "水暖", "灯饰", "涂料", "五金交电", "卫浴", "装饰材料", "电料"],
            &["经营部", "商行", "门市部", "批发部"],
        ),
        CustomerType::Industrial => (
            &["建设", "建筑工程", "装饰工程", "置业", "安装工程", "市政工程", "机械制造", "电力工程", "钢结构"],
            &["有限公司", "股份有限公司", "集团有限公司"],
        ),
        CustomerType::Consumer => (&[], &[]),
    }
}

/// Lines of business (经营范围) by customer type.
pub(crate) fn business_lines(kind: CustomerType, rng: &mut Rng) -> &'static str {
    let options: &[&str] = match kind {
        CustomerType::Dealer => &[
            "建材、管材管件、防水材料批发",
            "五金交电、水暖器材、电线电缆批发",
            "装饰材料、涂料、卫浴洁具批发零售",
            "建筑材料、保温材料批发",
        ],
        CustomerType::Agent => &["区域代理建材产品销售", "区域代理管材管件及阀门", "电线电缆、电工器材代理"],
        CustomerType::Retailer => &["五金、水暖器材零售", "装饰材料、涂料零售", "灯具、电工器材零售", "建材零售"],
        CustomerType::Industrial => {
            &["建筑工程施工总承包", "建筑装饰装修工程", "机电设备安装工程", "房地产开发经营", "市政公用工程施工"]
        }
        CustomerType::Consumer => &["家庭装修"],
    };
    options[below(rng, options.len())]
}

/// A surname, drawn with the most common ones more often (about Zipf-shaped).
fn surname(rng: &mut Rng) -> &'static str {
    // The minimum of two uniform indices favours the front of the list.
    let a = below(rng, SURNAMES.len());
    let b = below(rng, SURNAMES.len());
    SURNAMES[a.min(b)]
}

/// Characters of composed given names: (first, second) for men's and for women's names.
const GIVEN_PARTS: [(&[&str], &[&str]); 2] = [
    (
        &[
            "建", "国", "志", "海", "晓", "文", "俊", "子", "浩", "宇", "天", "明", "永", "卫", "振", "德", "立", "光",
            "庆", "伟", "新", "世", "家", "瑞", "泽", "鹏", "云", "长", "成", "宏", "学", "嘉", "春", "金", "少", "亚",
        ],
        &[
            "华", "军", "平", "强", "明", "刚", "勇", "杰", "峰", "涛", "辉", "东", "林", "波", "龙", "斌", "宇", "鹏",
            "飞", "磊", "超", "伟", "生", "荣", "亮", "彬", "文", "博", "豪", "轩",
        ],
    ),
    (
        &[
            "秀", "桂", "玉", "春", "丽", "红", "美", "雪", "静", "欣", "思", "雨", "佳", "晓", "海", "淑", "凤", "爱",
            "婉", "梦", "慧", "嘉", "文", "晶",
        ],
        &[
            "英", "兰", "珍", "梅", "华", "娟", "萍", "霞", "玲", "莲", "怡", "琪", "婷", "欣", "燕", "丽", "芳", "敏",
            "静", "颖", "洁", "琳", "倩",
        ],
    ),
];

/// A Chinese person's full name, e.g. `王建国` or `李娜`: a common surname and a single, a common
/// or a composed given name (about 100,000 combinations, enough for 10,000 private customers).
pub(crate) fn person_name(rng: &mut Rng) -> String {
    let mut name = String::with_capacity(9);
    name.push_str(surname(rng));
    match rng.u8(..100) {
        0..=19 => name.push_str(GIVEN_ONE[below(rng, GIVEN_ONE.len())]),
        20..=54 => name.push_str(GIVEN_TWO[below(rng, GIVEN_TWO.len())]),
        _ => {
            let (first, second) = GIVEN_PARTS[below(rng, 2)];
            name.push_str(first[below(rng, first.len())]);
            name.push_str(second[below(rng, second.len())]);
        }
    }
    name
}

/// A trade name (字号): mostly a common one, sometimes two characters composed.
fn trade_name(rng: &mut Rng, out: &mut String) {
    if rng.u8(..100) < 55 {
        out.push_str(TRADE_NAMES[below(rng, TRADE_NAMES.len())]);
    } else {
        let a = below(rng, TRADE_CHARS.len());
        let mut b = below(rng, TRADE_CHARS.len() - 1);
        if b >= a {
            b += 1;
        }
        out.push_str(TRADE_CHARS[a]);
        out.push_str(TRADE_CHARS[b]);
    }
}

/// A customer's name: a company name for businesses, a person's name for consumers.
pub(crate) fn customer_name(rng: &mut Rng, kind: CustomerType, city: &City) -> String {
    if kind == CustomerType::Consumer {
        return person_name(rng);
    }
    let (industries, forms) = industry_and_forms(kind);
    let mut name = String::with_capacity(36);
    name.push_str(city.name);
    trade_name(rng, &mut name);
    name.push_str(industries[below(rng, industries.len())]);
    name.push_str(forms[below(rng, forms.len())]);
    name
}

/// The firm's own name, from its seed: e.g. `杭州永固新型建材有限公司`.
pub(crate) fn firm_name(rng: &mut Rng) -> String {
    let mut name = String::from("杭州");
    trade_name(rng, &mut name);
    name.push_str("新型建材有限公司");
    name
}

/// Chinese numerals (for the rare suffix that makes a repeated name unique): 一 … 九十九, then
/// digit by digit (一零二).
pub(crate) fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n >= 100 {
        return n.to_string().bytes().map(|b| DIGITS[usize::from(b - b'0')]).collect();
    }
    let n = n.max(1);
    let (tens, ones) = (n / 10, n % 10);
    let mut s = String::new();
    if tens > 1 {
        s.push_str(DIGITS[tens]);
    }
    if tens > 0 {
        s.push('十');
    }
    if ones > 0 {
        s.push_str(DIGITS[ones]);
    }
    s
}

/// A mobile number as people write it: `13812345678`.
pub(crate) fn mobile(rng: &mut Rng) -> String {
    const PREFIXES: &[&str] = &[
        "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156", "157",
        "158", "159", "166", "173", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "198",
        "199",
    ];
    let mut s = String::with_capacity(11);
    s.push_str(PREFIXES[below(rng, PREFIXES.len())]);
    push_digits(rng, &mut s, 8);
    s
}

/// A landline in the city's area: `0571-87654321` (8 digits in big cities, 7 in small ones).
pub(crate) fn landline(rng: &mut Rng, city: &City) -> String {
    let mut s = String::with_capacity(14);
    s.push_str(city.area_code);
    s.push('-');
    s.push(char::from(b'2' + rng.u8(..7)));
    push_digits(rng, &mut s, if city.weight >= 2 || city.area_code.len() == 3 { 7 } else { 6 });
    s
}

fn push_digits(rng: &mut Rng, s: &mut String, n: usize) {
    for _ in 0..n {
        s.push(char::from(b'0' + rng.u8(..10)));
    }
}

/// The province-and-city prefix of an address: `浙江省杭州市`, or `上海市` for a municipality.
pub(crate) fn city_prefix(city: &City) -> String {
    let mut s = String::with_capacity(24);
    s.push_str(city.province);
    s.push_str(city.name);
    s.push('市');
    s
}

/// A street address in the city: offices on a road, shops in a building-materials market.
pub(crate) fn address(rng: &mut Rng, city: &City, kind: CustomerType) -> String {
    const ZONES: &[&str] = &["高新区", "经济开发区", "工业园区"];
    const ROADS: &[&str] = &[
        "人民路",
        "解放路",
        "中山路",
        "建设路",
        "新华路",
        "和平路",
        "胜利路",
        "文化路",
        "工业大道",
        "长江路",
        "黄河路",
        "迎宾大道",
        "东风路",
        "朝阳路",
        "光明路",
        "建国路",
        "友谊路",
        "青年路",
        "环城北路",
        "环城南路",
        "滨江路",
        "金桥路",
        "科技路",
        "创业路",
        "兴业路",
        "发展大道",
    ];
    const MARKETS: &[&str] = &["建材市场", "五金机电城", "装饰城", "家居建材广场", "水暖批发市场", "灯饰城"];
    const SIDES: &[&str] = &["城东", "城西", "城南", "城北", "新区", "红星"];
    const BLOCKS: &[char] = &['A', 'B', 'C', 'D', 'E', 'F'];
    const FLATS: &[&str] = &["花园", "小区", "苑", "家园", "公寓"];
    let mut s = city_prefix(city);
    match kind {
        CustomerType::Retailer => {
            s.push_str(SIDES[below(rng, SIDES.len())]);
            s.push_str(MARKETS[below(rng, MARKETS.len())]);
            s.push(BLOCKS[below(rng, BLOCKS.len())]);
            s.push('区');
            s.push_str(&(1 + rng.u32(..120)).to_string());
            s.push('号');
        }
        CustomerType::Consumer => {
            s.push_str(ROADS[below(rng, ROADS.len())]);
            s.push_str(TRADE_NAMES[below(rng, TRADE_NAMES.len())]);
            s.push_str(FLATS[below(rng, FLATS.len())]);
            s.push_str(&(1 + rng.u32(..30)).to_string());
            s.push('幢');
            s.push_str(&(101 + rng.u32(..25) * 100 + rng.u32(..4)).to_string());
            s.push('室');
        }
        _ => {
            if rng.u8(..100) < 35 {
                s.push_str(ZONES[below(rng, ZONES.len())]);
            }
            s.push_str(ROADS[below(rng, ROADS.len())]);
            s.push_str(&(1 + rng.u32(..899)).to_string());
            s.push('号');
        }
    }
    s
}

/// A unified social credit code (统一社会信用代码): `91` (a company, registered with the market
/// regulator) + the 6-digit area + a 9-character organisation code + the GB 32100-2015 check
/// character, so the app's own validation accepts it.
pub(crate) fn credit_code(rng: &mut Rng, province_code: u32) -> String {
    const CHARSET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [usize; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let mut s = format!("91{province_code:02}0100");
    for _ in 0..9 {
        s.push(char::from(CHARSET[below(rng, CHARSET.len())]));
    }
    let sum: usize = s.bytes().zip(WEIGHTS).map(|(b, w)| CHARSET.iter().position(|&c| c == b).unwrap_or(0) * w).sum();
    s.push(char::from(CHARSET[(31 - sum % 31) % 31]));
    s
}

/// Contact titles by customer type.
pub(crate) fn contact_title(kind: CustomerType, nth: usize, rng: &mut Rng) -> &'static str {
    let first: &[&str] = match kind {
        CustomerType::Retailer => &["店主", "老板", "店长"],
        CustomerType::Consumer => &["业主"],
        CustomerType::Industrial => &["采购经理", "项目经理", "总经理"],
        _ => &["总经理", "董事长", "副总经理"],
    };
    let others: &[&str] = match kind {
        CustomerType::Retailer => &["店员", "会计", "送货员"],
        CustomerType::Consumer => &["家属"],
        CustomerType::Industrial => &["材料员", "财务经理", "技术负责人", "仓库主管"],
        _ => &["采购经理", "财务经理", "仓库主管", "销售经理", "采购员"],
    };
    let list = if nth == 0 { first } else { others };
    list[below(rng, list.len())]
}

/// Non-sensitive background of a key person (education, interests, ability, background).
pub(crate) fn key_person_profile(rng: &mut Rng) -> [&'static str; 4] {
    const EDUCATION: &[&str] = &["本科", "大专", "硕士", "高中", "中专", "EMBA"];
    const INTERESTS: &[&str] = &["钓鱼", "茶艺", "书法", "摄影", "登山", "象棋", "高尔夫", "羽毛球", "乒乓球", "收藏"];
    const ABILITY: &[&str] = &[
        "熟悉本地工程渠道，决策果断",
        "擅长门店管理，执行力强",
        "重视账期与回款，谈判细致",
        "下游网点多，分销能力强",
        "技术出身，看重产品质量",
    ];
    const BACKGROUND: &[&str] = &[
        "从业十余年，早年从事建筑施工",
        "家族经营的第二代",
        "曾任国企采购主管",
        "做过品牌代理，熟悉渠道政策",
        "从个体门店做起，逐步扩大为公司",
    ];
    [
        EDUCATION[below(rng, EDUCATION.len())],
        INTERESTS[below(rng, INTERESTS.len())],
        ABILITY[below(rng, ABILITY.len())],
        BACKGROUND[below(rng, BACKGROUND.len())],
    ]
}

/// Two-digit administrative code of a province (for credit codes); municipalities by city.
pub(crate) fn province_code(city: &City) -> u32 {
    match if city.province.is_empty() { city.name } else { city.province } {
        "北京" => 11,
        "天津" => 12,
        "河北省" => 13,
        "山西省" => 14,
        "内蒙古自治区" => 15,
        "辽宁省" => 21,
        "吉林省" => 22,
        "黑龙江省" => 23,
        "上海" => 31,
        "江苏省" => 32,
        "浙江省" => 33,
        "安徽省" => 34,
        "福建省" => 35,
        "江西省" => 36,
        "山东省" => 37,
        "河南省" => 41,
        "湖北省" => 42,
        "湖南省" => 43,
        "广东省" => 44,
        "广西壮族自治区" => 45,
        "海南省" => 46,
        "重庆" => 50,
        "四川省" => 51,
        "贵州省" => 52,
        "云南省" => 53,
        "陕西省" => 61,
        "甘肃省" => 62,
        "青海省" => 63,
        "宁夏回族自治区" => 64,
        "新疆维吾尔自治区" => 65,
        _ => 99,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_han(c: char) -> bool {
        ('\u{4e00}'..='\u{9fff}').contains(&c)
    }

    #[test]
    fn every_region_has_cities_and_area_codes_look_right() {
        for (r, _) in REGIONS.iter().enumerate() {
            assert!(CITIES.iter().any(|c| c.region == r), "region {r} has no city");
        }
        for c in CITIES {
            assert!(c.area_code.starts_with('0') && (3..=4).contains(&c.area_code.len()), "{}", c.name);
            assert_ne!(province_code(c), 99, "{} has no province code", c.name);
        }
        assert_eq!(CITIES[HOME_CITY].name, "杭州");
    }

    #[test]
    fn names_are_han_characters_and_phones_have_the_right_shape() {
        let mut rng = Rng::with_seed(5);
        for kind in CustomerType::ALL {
            for _ in 0..200 {
                let city = &CITIES[below(&mut rng, CITIES.len())];
                let name = customer_name(&mut rng, kind, city);
                assert!(name.chars().all(is_han), "{name}");
                assert!(name.chars().count() >= 2);
                if kind != CustomerType::Consumer {
                    assert!(name.starts_with(city.name), "{name}");
                }
            }
        }
        let m = mobile(&mut rng);
        assert!(m.len() == 11 && m.starts_with('1') && m.bytes().all(|b| b.is_ascii_digit()), "{m}");
        let l = landline(&mut rng, &CITIES[HOME_CITY]);
        assert!(l.starts_with("0571-") && l.len() == 13, "{l}");
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(23), "二十三");
        assert_eq!(chinese_number(102), "一零二");
        for _ in 0..100 {
            let code = credit_code(&mut rng, 33);
            assert!(code.starts_with("91330100") && code.len() == 18, "{code}");
            assert!(crate::model::validate::is_tax_number(&code), "{code}");
        }
    }
}
