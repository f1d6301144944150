//! The demo firm's products: a building-materials maker and wholesaler's catalogue, with
//! specifications (规格), units, list prices in yuan and categories. Margins are drawn per product.

use super::math::{self, shuffle};
use crate::model::Money;
use fastrand::Rng;

/// A product family: name, category, unit, whether quantities come in tenths (steel by the
/// tonne, rock wool by the cubic metre), and its specifications with list prices in yuan.
struct Family {
    name: &'static str,
    category: &'static str,
    unit: &'static str,
    tenths: bool,
    specs: &'static [(&'static str, f64)],
}

const fn fam(
    name: &'static str,
    category: &'static str,
    unit: &'static str,
    specs: &'static [(&'static str, f64)],
) -> Family {
    Family { name, category, unit, tenths: false, specs }
}

const FAMILIES: &[Family] = &[
    fam(
        "PPR冷水管",
        "管材管件",
        "米",
        &[
            ("dn20×2.3mm", 4.8),
            ("dn25×2.3mm", 6.5),
            ("dn32×2.9mm", 9.9),
            ("dn40×3.7mm", 15.6),
            ("dn50×4.6mm", 24.0),
            ("dn63×5.8mm", 38.0),
        ],
    ),
    fam(
        "PPR热水管",
        "管材管件",
        "米",
        &[
            ("dn20×2.8mm", 6.2),
            ("dn25×3.5mm", 9.6),
            ("dn32×4.4mm", 15.2),
            ("dn40×5.5mm", 23.5),
            ("dn50×6.9mm", 36.8),
            ("dn63×8.6mm", 58.0),
        ],
    ),
    fam(
        "PPR弯头",
        "管材管件",
        "个",
        &[("dn20 90°", 0.9), ("dn25 90°", 1.4), ("dn32 90°", 2.6), ("dn40 90°", 4.8), ("dn50 90°", 8.5)],
    ),
    fam("PPR三通", "管材管件", "个", &[("dn20", 1.2), ("dn25", 1.9), ("dn32", 3.4), ("dn40", 6.2), ("dn50", 11.0)]),
    fam(
        "PVC-U排水管",
        "管材管件",
        "米",
        &[
            ("dn50×2.0mm", 5.5),
            ("dn75×2.3mm", 9.2),
            ("dn110×3.2mm", 17.5),
            ("dn160×4.0mm", 32.0),
            ("dn200×4.9mm", 52.0),
        ],
    ),
    fam(
        "PE给水管",
        "管材管件",
        "米",
        &[
            ("dn32×2.0mm", 5.9),
            ("dn50×3.0mm", 13.8),
            ("dn63×3.8mm", 21.5),
            ("dn90×5.4mm", 43.0),
            ("dn110×6.6mm", 64.0),
            ("dn160×9.5mm", 132.0),
        ],
    ),
    fam("铝塑复合管", "管材管件", "米", &[("1216", 4.6), ("1418", 5.8), ("1620", 7.2), ("2025", 11.5), ("2632", 18.9)]),
    fam(
        "不锈钢波纹管",
        "管材管件",
        "根",
        &[("DN15×300mm", 6.8), ("DN15×500mm", 9.5), ("DN20×500mm", 13.5), ("DN20×1000mm", 22.0)],
    ),
    fam(
        "铜球阀",
        "阀门",
        "只",
        &[("DN15", 18.5), ("DN20", 26.0), ("DN25", 39.0), ("DN32", 62.0), ("DN40", 88.0), ("DN50", 135.0)],
    ),
    fam("角阀", "阀门", "只", &[("冷水 全铜", 18.0), ("热水 全铜", 18.0), ("不锈钢", 22.0)]),
    fam(
        "内墙乳胶漆",
        "涂料",
        "桶",
        &[("5L 哑光白", 118.0), ("18L 哑光白", 358.0), ("5L 抗甲醛", 168.0), ("18L 抗甲醛", 498.0)],
    ),
    fam("外墙乳胶漆", "涂料", "桶", &[("18L 白色", 298.0), ("18L 浅灰", 318.0), ("20kg 弹性", 368.0)]),
    fam("真石漆", "涂料", "桶", &[("20kg 花岗岩", 185.0), ("20kg 砂岩", 168.0), ("25kg 多彩", 245.0)]),
    fam("木器清漆", "涂料", "组", &[("3kg 亮光", 128.0), ("3kg 哑光", 135.0), ("10kg 亮光", 385.0)]),
    fam("防锈漆", "涂料", "桶", &[("3kg 红丹", 58.0), ("15kg 红丹", 245.0), ("15kg 铁红", 218.0)]),
    fam("腻子粉", "涂料", "袋", &[("20kg 耐水型", 28.0), ("20kg 普通型", 18.0), ("25kg 外墙", 45.0)]),
    fam(
        "SBS改性沥青防水卷材",
        "防水材料",
        "卷",
        &[("3mm 聚酯胎 10㎡", 185.0), ("4mm 聚酯胎 10㎡", 235.0), ("3mm 玻纤胎 10㎡", 128.0), ("4mm 岩片 10㎡", 265.0)],
    ),
    fam("聚氨酯防水涂料", "防水材料", "桶", &[("20kg 单组份", 298.0), ("20kg 双组份", 258.0)]),
    fam("JS聚合物防水涂料", "防水材料", "组", &[("18kg 通用型", 135.0), ("18kg 柔韧型", 168.0)]),
    fam("防水堵漏王", "防水材料", "桶", &[("5kg", 38.0), ("20kg", 125.0)]),
    fam(
        "BV铜芯电线",
        "电线电缆",
        "卷",
        &[
            ("1.5mm² 100米", 185.0),
            ("2.5mm² 100米", 298.0),
            ("4mm² 100米", 478.0),
            ("6mm² 100米", 715.0),
            ("10mm² 100米", 1180.0),
        ],
    ),
    fam(
        "BVR软铜线",
        "电线电缆",
        "卷",
        &[("1.5mm² 100米", 198.0), ("2.5mm² 100米", 318.0), ("4mm² 100米", 505.0), ("6mm² 100米", 752.0)],
    ),
    fam(
        "YJV电力电缆",
        "电线电缆",
        "米",
        &[
            ("3×16+1×10", 128.0),
            ("3×25+1×16", 192.0),
            ("3×35+1×16", 258.0),
            ("3×50+1×25", 365.0),
            ("3×70+1×35", 505.0),
            ("3×95+1×50", 688.0),
        ],
    ),
    fam(
        "RVV护套线",
        "电线电缆",
        "卷",
        &[("2×1.0mm² 100米", 158.0), ("3×1.5mm² 100米", 315.0), ("3×2.5mm² 100米", 485.0)],
    ),
    fam("网络线", "电线电缆", "箱", &[("超五类 305米", 268.0), ("六类 305米", 398.0)]),
    fam(
        "小型断路器",
        "电工照明",
        "只",
        &[("1P 16A", 16.5), ("1P 32A", 18.0), ("2P 32A", 39.0), ("3P 63A", 78.0), ("1P+N 20A 漏电", 68.0)],
    ),
    fam(
        "配电箱",
        "电工照明",
        "台",
        &[("8回路 明装", 95.0), ("12回路 暗装", 128.0), ("20回路 暗装", 225.0), ("动力箱 600×800", 1180.0)],
    ),
    fam(
        "LED平板灯",
        "电工照明",
        "盏",
        &[("300×300 18W", 42.0), ("300×600 24W", 58.0), ("600×600 36W", 78.0), ("600×1200 48W", 135.0)],
    ),
    fam("LED筒灯", "电工照明", "只", &[("2.5寸 5W", 9.8), ("3寸 7W", 12.5), ("4寸 9W", 15.8), ("6寸 15W", 26.0)]),
    fam(
        "开关插座",
        "电工照明",
        "只",
        &[("一开单控", 8.5), ("二开双控", 14.5), ("五孔插座", 10.5), ("16A三孔", 13.5), ("USB五孔", 38.0)],
    ),
    fam(
        "膨胀螺栓",
        "五金",
        "盒",
        &[
            ("M6×60 100套", 28.0),
            ("M8×80 100套", 45.0),
            ("M10×100 50套", 58.0),
            ("M12×120 50套", 86.0),
            ("M16×150 25套", 92.0),
        ],
    ),
    fam("不锈钢合页", "五金", "付", &[("4寸 2.5mm", 12.5), ("4寸 3mm", 16.0), ("5寸 3mm", 22.0), ("子母 4寸", 9.5)]),
    fam("执手门锁", "五金", "套", &[("室内房门", 85.0), ("卫生间", 75.0), ("静音分体", 168.0), ("指纹锁", 1280.0)]),
    fam("钻尾螺丝", "五金", "盒", &[("4.2×19 1000只", 35.0), ("5.5×32 500只", 48.0), ("5.5×50 250只", 42.0)]),
    fam("不锈钢拉手", "五金", "只", &[("96mm", 6.5), ("128mm", 8.2), ("160mm", 10.5), ("224mm", 14.8)]),
    fam("瓷砖胶", "胶粘辅料", "袋", &[("20kg C1普通型", 36.0), ("20kg C2加强型", 58.0), ("20kg 大板专用", 85.0)]),
    fam(
        "中性硅酮玻璃胶",
        "胶粘辅料",
        "支",
        &[("300ml 透明", 12.5), ("300ml 白色", 12.5), ("590ml 耐候", 28.0), ("300ml 防霉", 16.5)],
    ),
    fam("瓷砖填缝剂", "胶粘辅料", "袋", &[("2kg 彩色", 18.5), ("5kg 白色", 32.0), ("双组份美缝剂 400ml", 58.0)]),
    fam("聚氨酯发泡胶", "胶粘辅料", "支", &[("750ml 普通", 18.0), ("900g 枪式", 26.0)]),
    fam(
        "挤塑聚苯板",
        "保温板材",
        "张",
        &[("1200×600×20mm", 12.5), ("1200×600×30mm", 18.5), ("1200×600×50mm", 30.0), ("1200×600×80mm", 48.0)],
    ),
    Family {
        name: "岩棉板",
        category: "保温板材",
        unit: "立方米",
        tenths: true,
        specs: &[("80kg/m³", 420.0), ("120kg/m³", 560.0), ("140kg/m³", 640.0)],
    },
    fam("纸面石膏板", "保温板材", "张", &[("9.5mm 普通", 22.0), ("9.5mm 防潮", 32.0), ("12mm 防火", 38.0)]),
    fam(
        "轻钢龙骨",
        "保温板材",
        "根",
        &[("50主龙骨 3m", 9.5), ("38主龙骨 3m", 7.5), ("覆面龙骨 3m", 6.2), ("75竖龙骨 3m", 14.0)],
    ),
    fam("单把面盆龙头", "卫浴洁具", "只", &[("冷热 全铜", 168.0), ("冷热 不锈钢", 128.0), ("单冷", 45.0)]),
    fam("淋浴花洒套装", "卫浴洁具", "套", &[("恒温", 1280.0), ("三功能", 468.0), ("明装简易", 238.0)]),
    fam("地漏", "卫浴洁具", "只", &[("防臭 全铜", 48.0), ("防臭 不锈钢", 32.0), ("洗衣机专用", 38.0)]),
    Family {
        name: "镀锌钢管",
        category: "钢材",
        unit: "吨",
        tenths: true,
        specs: &[("DN20", 5980.0), ("DN25", 5850.0), ("DN50", 5720.0), ("DN100", 5680.0)],
    },
    Family {
        name: "镀锌角钢",
        category: "钢材",
        unit: "吨",
        tenths: true,
        specs: &[("40×4", 5350.0), ("50×5", 5320.0), ("63×6", 5300.0)],
    },
];

/// One product of the demo catalogue, before it becomes a record.
#[derive(Clone, Debug)]
pub(crate) struct DemoProduct {
    pub name: String,
    pub spec: &'static str,
    pub unit: &'static str,
    pub category: &'static str,
    pub list_price: Money,
    pub unit_cost: Money,
    /// The smallest quantity step in thousandths: 1000 (whole units) or 100 (tenths).
    pub step: i64,
}

/// Number of products in the catalogue: 40 for the default 2,000 customers, growing with the
/// square root of the firm's size, at most 300.
pub(crate) fn product_count(customers: usize) -> usize {
    let n = 40.0 * (customers as f64 / 2_000.0).sqrt();
    (n.round() as usize).clamp(12, 300)
}

/// Picks `count` products. A small firm makes a few families in several specifications; a big one
/// covers the whole catalogue, and then an engineering series (工程型, cheaper, thinner margin).
pub(crate) fn products(rng: &mut Rng, count: usize) -> Vec<DemoProduct> {
    let mut order: Vec<usize> = (0..FAMILIES.len()).collect();
    shuffle(rng, &mut order);
    // Start with about one family per three products in several specifications; take the other
    // families only when those run out, and the engineering series after the whole catalogue.
    let core = (count / 3).clamp(4, FAMILIES.len());
    let groups: [(&[usize], bool); 3] = [(&order[..core], false), (&order[core..], false), (&order[..], true)];
    let mut picked: Vec<(usize, usize, bool)> = Vec::with_capacity(count);
    for (families, engineering) in groups {
        let mut s = 0;
        while picked.len() < count {
            let before = picked.len();
            for &f in families {
                if picked.len() < count && s < FAMILIES[f].specs.len() {
                    picked.push((f, s, engineering));
                }
            }
            if picked.len() == before {
                break;
            }
            s += 1;
        }
    }
    picked
        .into_iter()
        .map(|(f, s, engineering)| {
            let family = &FAMILIES[f];
            let (spec, yuan) = family.specs[s];
            let (price, margin) =
                if engineering { (yuan * 0.88, 0.10 + 0.15 * rng.f64()) } else { (yuan, 0.15 + 0.30 * rng.f64()) };
            let list_price = Money((price * 100.0).round() as i64);
            let unit_cost = Money(((list_price.0 as f64) * (1.0 - margin)).round() as i64);
            let name = if engineering { format!("{}（工程型）", family.name) } else { family.name.to_string() };
            DemoProduct {
                name,
                spec,
                unit: family.unit,
                category: family.category,
                list_price,
                unit_cost,
                step: if family.tenths { 100 } else { 1000 },
            }
        })
        .collect()
}

/// Popularity of each product (a Zipf-like long tail in a random order), as cumulative weights.
pub(crate) fn popularity(rng: &mut Rng, count: usize) -> Vec<f64> {
    let mut ranks: Vec<usize> = (0..count).collect();
    shuffle(rng, &mut ranks);
    math::cumulative(ranks.into_iter().map(|r| 1.0 / math::pow(r as f64 + 1.0, 0.9)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs_total() -> usize {
        FAMILIES.iter().map(|f| f.specs.len()).sum()
    }

    #[test]
    fn catalogue_sizes_grow_slowly_and_products_are_unique_with_sane_margins() {
        assert_eq!(product_count(2_000), 40);
        assert_eq!(product_count(100_000), 283);
        assert_eq!(product_count(10), 12);
        assert!(specs_total() >= 150, "catalogue has {} specs", specs_total());
        for count in [12, 40, 120, 283, 300] {
            let mut rng = Rng::with_seed(count as u64);
            let ps = products(&mut rng, count);
            assert_eq!(ps.len(), count);
            let mut keys: Vec<(String, &str)> = ps.iter().map(|p| (p.name.clone(), p.spec)).collect();
            keys.sort();
            keys.dedup();
            assert_eq!(keys.len(), count, "duplicate products at {count}");
            for p in &ps {
                let margin = 1.0 - p.unit_cost.0 as f64 / p.list_price.0 as f64;
                assert!((0.09..=0.46).contains(&margin), "{} {} margin {margin}", p.name, p.spec);
                assert!(p.list_price.0 > 0 && p.unit_cost.0 > 0);
            }
        }
        let small = products(&mut Rng::with_seed(1), 40);
        let families: std::collections::BTreeSet<&str> = small.iter().map(|p| p.category).collect();
        assert!(families.len() >= 3, "a 40-product firm spans several categories");
    }
}
