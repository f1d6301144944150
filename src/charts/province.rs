//! China's 34 provincial-level divisions (GB/T 2260 codes, Chinese and English names) and finding
//! the province of a free-text address: `province_of_text("辽宁省鞍山市经济开发区…")` is 辽宁.

use std::fmt;

macro_rules! provinces {
    ($($variant:ident $code:literal $full:literal $short:literal $abbr:literal $en:literal;)*) => {
        /// A provincial-level division of China: 23 provinces (Taiwan among them), 5 autonomous
        /// regions, 4 municipalities and 2 special administrative regions.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Province {
            $($variant,)*
        }

        impl Province {
            /// All 34, in code order.
            pub const ALL: [Province; 34] = [$(Province::$variant,)*];

            /// The GB/T 2260 code: 110000 for Beijing, 210000 for Liaoning.
            pub fn code(self) -> u32 {
                match self { $(Province::$variant => $code,)* }
            }

            /// The full Chinese name: 辽宁省, 广西壮族自治区, 上海市.
            pub fn zh(self) -> &'static str {
                match self { $(Province::$variant => $full,)* }
            }

            /// The name without its kind: 辽宁, 广西, 内蒙古, 上海.
            pub fn zh_short(self) -> &'static str {
                match self { $(Province::$variant => $short,)* }
            }

            /// The one-character abbreviation (简称): 辽, 桂, 蒙, 沪.
            pub fn abbr(self) -> &'static str {
                match self { $(Province::$variant => $abbr,)* }
            }

            /// The English name: Liaoning, Guangxi, Inner Mongolia, Shanghai.
            pub fn en(self) -> &'static str {
                match self { $(Province::$variant => $en,)* }
            }
        }
    };
}

provinces! {
    Beijing 110000 "北京市" "北京" "京" "Beijing";
    Tianjin 120000 "天津市" "天津" "津" "Tianjin";
    Hebei 130000 "河北省" "河北" "冀" "Hebei";
    Shanxi 140000 "山西省" "山西" "晋" "Shanxi";
    InnerMongolia 150000 "内蒙古自治区" "内蒙古" "蒙" "Inner Mongolia";
    Liaoning 210000 "辽宁省" "辽宁" "辽" "Liaoning";
    Jilin 220000 "吉林省" "吉林" "吉" "Jilin";
    Heilongjiang 230000 "黑龙江省" "黑龙江" "黑" "Heilongjiang";
    Shanghai 310000 "上海市" "上海" "沪" "Shanghai";
    Jiangsu 320000 "江苏省" "江苏" "苏" "Jiangsu";
    Zhejiang 330000 "浙江省" "浙江" "浙" "Zhejiang";
    Anhui 340000 "安徽省" "安徽" "皖" "Anhui";
    Fujian 350000 "福建省" "福建" "闽" "Fujian";
    Jiangxi 360000 "江西省" "江西" "赣" "Jiangxi";
    Shandong 370000 "山东省" "山东" "鲁" "Shandong";
    Henan 410000 "河南省" "河南" "豫" "Henan";
    Hubei 420000 "湖北省" "湖北" "鄂" "Hubei";
    Hunan 430000 "湖南省" "湖南" "湘" "Hunan";
    Guangdong 440000 "广东省" "广东" "粤" "Guangdong";
    Guangxi 450000 "广西壮族自治区" "广西" "桂" "Guangxi";
    Hainan 460000 "海南省" "海南" "琼" "Hainan";
    Chongqing 500000 "重庆市" "重庆" "渝" "Chongqing";
    Sichuan 510000 "四川省" "四川" "川" "Sichuan";
    Guizhou 520000 "贵州省" "贵州" "黔" "Guizhou";
    Yunnan 530000 "云南省" "云南" "滇" "Yunnan";
    Xizang 540000 "西藏自治区" "西藏" "藏" "Xizang";
    Shaanxi 610000 "陕西省" "陕西" "陕" "Shaanxi";
    Gansu 620000 "甘肃省" "甘肃" "甘" "Gansu";
    Qinghai 630000 "青海省" "青海" "青" "Qinghai";
    Ningxia 640000 "宁夏回族自治区" "宁夏" "宁" "Ningxia";
    Xinjiang 650000 "新疆维吾尔自治区" "新疆" "新" "Xinjiang";
    Taiwan 710000 "台湾省" "台湾" "台" "Taiwan";
    HongKong 810000 "香港特别行政区" "香港" "港" "Hong Kong";
    Macao 820000 "澳门特别行政区" "澳门" "澳" "Macao";
}

impl Province {
    /// The province with GB/T 2260 code `code` (a province's own code such as 440000; a city or
    /// county code such as 440300 or 440305 also finds its province).
    pub fn from_code(code: u32) -> Option<Province> {
        let province = code / 10_000 * 10_000;
        Province::ALL.iter().copied().find(|p| p.code() == province)
    }

    /// The name in `lang` as a chart shows it: the short Chinese name (广西) or the English one.
    pub fn name(self, lang: crate::i18n::Lang) -> &'static str {
        match lang {
            crate::i18n::Lang::Zh => self.zh_short(),
            crate::i18n::Lang::En => self.en(),
        }
    }

    /// Other English spellings met in addresses, lower case.
    fn en_aliases(self) -> &'static [&'static str] {
        match self {
            Province::InnerMongolia => &["nei mongol", "neimenggu"],
            Province::Xizang => &["tibet"],
            Province::Macao => &["macau"],
            Province::HongKong => &["hongkong"],
            _ => &[],
        }
    }
}

impl fmt::Display for Province {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.zh_short())
    }
}

/// Cities (without 市) and the province they are in: every provincial capital, the cities of the
/// demo firm, and other large cities. Municipalities are provinces already.
#[rustfmt::skip]
const CITIES: &[(&str, Province)] = {
    use Province::*;
    &[
        ("石家庄", Hebei), ("唐山", Hebei), ("保定", Hebei), ("廊坊", Hebei), ("邯郸", Hebei), ("沧州", Hebei),
        ("太原", Shanxi), ("大同", Shanxi),
        ("呼和浩特", InnerMongolia), ("包头", InnerMongolia), ("鄂尔多斯", InnerMongolia),
        ("沈阳", Liaoning), ("大连", Liaoning), ("鞍山", Liaoning),
        ("长春", Jilin),
        ("哈尔滨", Heilongjiang), ("大庆", Heilongjiang),
        ("南京", Jiangsu), ("苏州", Jiangsu), ("无锡", Jiangsu), ("常州", Jiangsu), ("南通", Jiangsu),
        ("徐州", Jiangsu), ("扬州", Jiangsu),
        ("杭州", Zhejiang), ("宁波", Zhejiang), ("温州", Zhejiang), ("绍兴", Zhejiang), ("嘉兴", Zhejiang),
        ("金华", Zhejiang), ("台州", Zhejiang), ("湖州", Zhejiang), ("义乌", Zhejiang),
        ("合肥", Anhui), ("芜湖", Anhui), ("蚌埠", Anhui),
        ("福州", Fujian), ("厦门", Fujian), ("泉州", Fujian),
        ("南昌", Jiangxi), ("赣州", Jiangxi),
        ("济南", Shandong), ("青岛", Shandong), ("烟台", Shandong), ("潍坊", Shandong), ("临沂", Shandong),
        ("郑州", Henan), ("洛阳", Henan), ("南阳", Henan), ("新乡", Henan),
        ("武汉", Hubei), ("宜昌", Hubei), ("襄阳", Hubei),
        ("长沙", Hunan), ("株洲", Hunan), ("衡阳", Hunan), ("岳阳", Hunan),
        ("广州", Guangdong), ("深圳", Guangdong), ("佛山", Guangdong), ("东莞", Guangdong), ("中山", Guangdong),
        ("珠海", Guangdong), ("汕头", Guangdong), ("惠州", Guangdong),
        ("南宁", Guangxi), ("柳州", Guangxi), ("桂林", Guangxi),
        ("海口", Hainan), ("三亚", Hainan),
        ("成都", Sichuan), ("绵阳", Sichuan), ("宜宾", Sichuan), ("南充", Sichuan),
        ("贵阳", Guizhou), ("遵义", Guizhou),
        ("昆明", Yunnan), ("曲靖", Yunnan), ("大理", Yunnan),
        ("拉萨", Xizang),
        ("西安", Shaanxi), ("宝鸡", Shaanxi), ("咸阳", Shaanxi),
        ("兰州", Gansu), ("天水", Gansu),
        ("西宁", Qinghai),
        ("银川", Ningxia),
        ("乌鲁木齐", Xinjiang),
        ("台北", Taiwan), ("高雄", Taiwan),
    ]
};

/// City names that are also ordinary words or street names (中山路, 大理石): they count only
/// with 市 after them.
const CITY_NEEDS_SHI: &[&str] = &["中山", "大理", "大庆", "长春", "南京", "南昌", "济南", "天水", "长沙"];

/// What may follow a province's name when the name is a street's, not the province's: 北京路 in
/// Guangzhou, 南京东路 and 江西中路 in Shanghai.
const STREET_AFTER: &[&str] = &["路", "街", "大道", "大街", "巷", "东路", "西路", "南路", "北路", "中路", "里"];

/// The province an address or other free text names, or None. The earliest mention wins
/// (an address runs from large to small: 青海省海南藏族自治州 is in 青海, not 海南): a province's
/// full or short name, not followed by a street word; a known city followed by 市 (or, for most
/// cities, at the very start: 杭州西湖区…); or an English name as a whole word.
///
/// All Chinese names are found in one pass of an Aho-Corasick automaton: the worker reads the
/// province of 100,000 addresses at every scoring, and one substring search per name and address
/// (about 170 each) took 0.9 s of the dashboard's time.
pub fn province_of_text(text: &str) -> Option<Province> {
    let text = text.trim();
    let names = names();
    // (position, length, order in the name table, province): earliest, then longest, then first named.
    let mut best: Option<(usize, usize, usize, Province)> = None;
    for m in names.automaton.find_overlapping_iter(text) {
        let (pos, len) = (m.start(), m.end() - m.start());
        let rest = &text[m.end()..];
        for &(order, mention, p) in &names.meanings[m.pattern().as_usize()] {
            let counts = match mention {
                Mention::Province => !STREET_AFTER.iter().any(|s| rest.starts_with(s)),
                Mention::City(city) => {
                    rest.starts_with('市')
                        || (pos == 0
                            && !CITY_NEEDS_SHI.contains(&city)
                            && !STREET_AFTER.iter().any(|s| rest.starts_with(s)))
                }
            };
            let better = best
                .is_none_or(|(bp, bl, bo, _)| (pos, std::cmp::Reverse(len), order) < (bp, std::cmp::Reverse(bl), bo));
            if counts && better {
                best = Some((pos, len, order, p));
            }
        }
    }
    if best.is_none() && text.is_ascii() {
        return province_in_english(text);
    }
    best.map(|(_, _, _, p)| p)
}

/// An English province name (or alias) as a whole word, the earliest and then longest one.
fn province_in_english(text: &str) -> Option<Province> {
    let lower = text.to_ascii_lowercase();
    let mut found: Vec<(usize, usize, Province)> = Vec::new();
    for p in Province::ALL {
        let en = p.en().to_ascii_lowercase();
        for name in std::iter::once(en.as_str()).chain(p.en_aliases().iter().copied()) {
            found.extend(find_word(&lower, name).map(|pos| (pos, name.len(), p)));
        }
    }
    found.into_iter().min_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1))).map(|(_, _, p)| p)
}

/// How a name found in a text counts: as a province's name, or as a city's.
#[derive(Clone, Copy)]
enum Mention {
    Province,
    City(&'static str),
}

/// Every Chinese province and city name in one automaton; a name may mean more than one thing
/// (a city's name can be a province's short name), so each pattern keeps all its meanings.
struct Names {
    automaton: aho_corasick::AhoCorasick,
    meanings: Vec<Vec<(usize, Mention, Province)>>,
}

fn names() -> &'static Names {
    static NAMES: std::sync::OnceLock<Names> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let mut patterns: Vec<&'static str> = Vec::new();
        let mut meanings: Vec<Vec<(usize, Mention, Province)>> = Vec::new();
        let all = Province::ALL
            .iter()
            .flat_map(|p| [(p.zh(), Mention::Province, *p), (p.zh_short(), Mention::Province, *p)])
            .chain(CITIES.iter().map(|&(city, p)| (city, Mention::City(city), p)));
        for (order, (name, mention, p)) in all.enumerate() {
            let at = patterns.iter().position(|n| *n == name).unwrap_or_else(|| {
                patterns.push(name);
                meanings.push(Vec::new());
                patterns.len() - 1
            });
            meanings[at].push((order, mention, p));
        }
        let automaton =
            aho_corasick::AhoCorasick::new(&patterns).expect("the province and city names build an automaton");
        Names { automaton, meanings }
    })
}

/// The first position of `word` in `text` with no letter just before or after it.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    text.match_indices(word).map(|(pos, _)| pos).find(|&pos| {
        let before = pos.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(pos + word.len()).copied();
        !before.is_some_and(|b| b.is_ascii_alphabetic()) && !after.is_some_and(|b| b.is_ascii_alphabetic())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// The first implementation, one substring search per name: the automaton must agree with it.
    fn province_of_text_one_name_at_a_time(text: &str) -> Option<Province> {
        let text = text.trim();
        // Every mention as (byte position, length, province); the earliest, then the longest, wins.
        let mut found: Vec<(usize, usize, Province)> = Vec::new();
        for p in Province::ALL {
            for name in [p.zh(), p.zh_short()] {
                let mention = text.match_indices(name).map(|(pos, _)| pos).find(|&pos| {
                    let rest = &text[pos + name.len()..];
                    !STREET_AFTER.iter().any(|s| rest.starts_with(s))
                });
                found.extend(mention.map(|pos| (pos, name.len(), p)));
            }
        }
        for &(city, p) in CITIES {
            let mention = text.match_indices(city).map(|(pos, _)| pos).find(|&pos| {
                let rest = &text[pos + city.len()..];
                rest.starts_with('市')
                    || (pos == 0
                        && !CITY_NEEDS_SHI.contains(&city)
                        && !STREET_AFTER.iter().any(|s| rest.starts_with(s)))
            });
            found.extend(mention.map(|pos| (pos, city.len(), p)));
        }
        if found.is_empty() && text.is_ascii() {
            let lower = text.to_ascii_lowercase();
            for p in Province::ALL {
                let en = p.en().to_ascii_lowercase();
                for name in std::iter::once(en.as_str()).chain(p.en_aliases().iter().copied()) {
                    found.extend(find_word(&lower, name).map(|pos| (pos, name.len(), p)));
                }
            }
        }
        found.into_iter().min_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1))).map(|(_, _, p)| p)
    }

    #[test]
    fn the_automaton_agrees_with_searching_one_name_at_a_time() {
        let data = crate::demo::generate(&crate::demo::DemoSpec {
            customers: 3000,
            lines: 3000,
            ..crate::demo::DemoSpec::default_for(chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap())
        })
        .unwrap();
        let mut texts: Vec<String> = data
            .customers
            .live()
            .flat_map(|c| [c.data.address.clone(), c.data.city.clone(), c.data.region.clone()])
            .collect();
        texts.extend(
            [
                "",
                "  ",
                "北京路",
                "广州市北京路100号",
                "南京东路",
                "上海市南京东路",
                "青海省海南藏族自治州",
                "中山路88号",
                "中山市火炬开发区",
                "大理石厂",
                "大理市",
                "吉林市",
                "吉林省长春市",
                "杭州西湖区",
                "西湖区杭州",
                "江西中路",
                "Guangdong",
                "guangzhou, guangdong",
                "Inner Mongolia",
                "Shanghai Road, Beijing",
                "乌鲁木齐市",
                "香港九龙",
                "台北市",
                "内蒙古自治区呼和浩特市",
                "黑龙江省哈尔滨市",
                "山西山东",
                "陕西西安",
                "海南海口",
                "江苏省苏州市",
            ]
            .map(String::from),
        );
        for t in &texts {
            assert_eq!(province_of_text(t), province_of_text_one_name_at_a_time(t), "{t:?}");
        }
    }

    #[test]
    fn thirty_four_divisions_with_unique_codes_and_names() {
        let mut codes: Vec<u32> = Province::ALL.iter().map(|p| p.code()).collect();
        codes.dedup();
        assert_eq!(codes.len(), 34);
        assert!(codes.windows(2).all(|w| w[0] < w[1]));
        for p in Province::ALL {
            assert_eq!(Province::from_code(p.code()), Some(p));
            assert!(p.zh().starts_with(p.zh_short()), "{p:?}");
            assert_eq!(p.abbr().chars().count(), 1);
            assert!(p.en().is_ascii());
            let others = Province::ALL.iter().filter(|q| **q != p);
            assert!(others.clone().all(|q| q.zh_short() != p.zh_short() && q.abbr() != p.abbr() && q.en() != p.en()));
        }
        assert_eq!(Province::from_code(440305), Some(Province::Guangdong));
        assert_eq!(Province::from_code(990000), None);
        assert_eq!(Province::Guangxi.name(Lang::Zh), "广西");
        assert_eq!(Province::HongKong.name(Lang::En), "Hong Kong");
    }

    #[test]
    fn addresses_with_a_province() {
        let cases = [
            ("辽宁省鞍山市经济开发区发展大道123号", Province::Liaoning),
            ("广西壮族自治区南宁市青秀区民族大道", Province::Guangxi),
            ("内蒙古包头市昆都仑区", Province::InnerMongolia),
            ("内蒙古自治区呼和浩特市", Province::InnerMongolia),
            ("上海市浦东新区张江路", Province::Shanghai),
            ("上海市黄浦区南京东路100号", Province::Shanghai),
            ("北京朝阳区", Province::Beijing),
            ("重庆市渝中区", Province::Chongqing),
            ("青海省海南藏族自治州共和县", Province::Qinghai),
            ("陕西省西安市", Province::Shaanxi),
            ("山西省太原市", Province::Shanxi),
            ("黑龙江省哈尔滨市", Province::Heilongjiang),
            ("新疆维吾尔自治区乌鲁木齐市", Province::Xinjiang),
            ("西藏拉萨", Province::Xizang),
            ("香港特别行政区九龙", Province::HongKong),
            ("澳门氹仔", Province::Macao),
            ("台湾省台北市", Province::Taiwan),
            ("  吉林省吉林市  ", Province::Jilin),
            ("中国浙江省杭州市", Province::Zhejiang),
        ];
        for (text, p) in cases {
            assert_eq!(province_of_text(text), Some(p), "{text}");
        }
    }

    #[test]
    fn addresses_with_only_a_city() {
        let cases = [
            ("鞍山市铁东区", Province::Liaoning),
            ("杭州西湖区文三路", Province::Zhejiang),
            ("广州市越秀区北京路88号", Province::Guangdong),
            ("深圳市南山区", Province::Guangdong),
            ("中山市石岐区", Province::Guangdong),
            ("苏州工业园区", Province::Jiangsu),
            ("乌鲁木齐市天山区", Province::Xinjiang),
        ];
        for (text, p) in cases {
            assert_eq!(province_of_text(text), Some(p), "{text}");
        }
    }

    #[test]
    fn streets_and_words_are_not_places() {
        assert_eq!(province_of_text("中山路18号"), None);
        assert_eq!(province_of_text("大理石批发部"), None);
        assert_eq!(province_of_text("北京路步行街"), None);
        assert_eq!(province_of_text(""), None);
        assert_eq!(province_of_text("蒙古国乌兰巴托"), None);
    }

    #[test]
    fn english_names_as_whole_words() {
        assert_eq!(province_of_text("No. 5 Renmin Rd, Guangzhou, Guangdong"), Some(Province::Guangdong));
        assert_eq!(province_of_text("Shaanxi Province"), Some(Province::Shaanxi));
        assert_eq!(province_of_text("shanxi"), Some(Province::Shanxi));
        assert_eq!(province_of_text("Hohhot, Inner Mongolia"), Some(Province::InnerMongolia));
        assert_eq!(province_of_text("Lhasa, Tibet"), Some(Province::Xizang));
        assert_eq!(province_of_text("Macau"), Some(Province::Macao));
        assert_eq!(province_of_text("Hong Kong SAR"), Some(Province::HongKong));
        assert_eq!(province_of_text("Shenandoah"), None);
    }
}
