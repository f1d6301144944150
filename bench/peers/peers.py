"""Python peers of the scoring engine's benchmark: pandas for RFM and ABC, `lifetimes` for the summary, the
BG/NBD and Gamma-Gamma fits and the predictions (P(alive), expected purchases, expected spend, CLV).

Run by bench/peers/run.sh after `cargo bench --bench analytics` and `kehu score` on the same files. It times
each step (median of --repeat runs), reads the Rust medians from criterion's estimates.json, prints the
ratios, and checks that both sides computed the same numbers (parameters and per-customer scores).
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import summary_data_from_transaction_data

# The named segments of DOMAIN.md §12, by quintile R and F.
SEGMENTS = {}
for r in range(1, 6):
    for f in range(1, 6):
        if r == 5 and f >= 4:
            s = "Champions"
        elif r in (3, 4) and f >= 4:
            s = "Loyal"
        elif r >= 4 and f in (2, 3):
            s = "Potential loyalists"
        elif (r, f) == (5, 1):
            s = "New"
        elif (r, f) == (4, 1):
            s = "Promising"
        elif (r, f) == (3, 3):
            s = "Need attention"
        elif r == 3:
            s = "About to sleep"
        elif f == 5:
            s = "Can't lose them"
        elif f in (3, 4):
            s = "At risk"
        else:
            s = "Hibernating"
        SEGMENTS[r * 10 + f] = s


def read(path, layout, as_of):
    if layout == "cdnow":
        df = pd.read_csv(path, sep=r"\s+", header=None, names=["customer_id", "sample_id", "date", "quantity", "amount"],
                         dtype={"customer_id": str, "date": str})
        df["date"] = pd.to_datetime(df["date"], format="%Y%m%d")
    else:
        df = pd.read_csv(path, dtype={"customer_id": str, "product_id": str})
        df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d")
    # Money in integer cents, as the engine keeps it: float sums would break ties in RFM monetary and
    # move ABC boundaries by rounding.
    df["cents"] = (df["amount"] * 100).round().astype(np.int64)
    # The state as known on the as-of day: later lines are left out, as `kehu score --as-of` does.
    return df[df["date"] <= as_of]


def summary(df, as_of):
    # Purchase lines only (returns are not purchase days), days / 7 as in the literature.
    purchases = df[(df["amount"] >= 0) & (df["quantity"] >= 0)]
    return summary_data_from_transaction_data(purchases, "customer_id", "date", monetary_value_col="amount",
                                              observation_period_end=as_of, freq="D", freq_multiplier=7)


def rfm(df, as_of, bins=5):
    purchases = df[(df["amount"] >= 0) & (df["quantity"] >= 0)]
    g = purchases.groupby("customer_id")["date"]
    recency = (as_of - g.max()).dt.days
    frequency = g.nunique()
    monetary = df.groupby("customer_id")["cents"].sum().reindex(recency.index)
    n = len(recency)
    # Rank method of docs/scoring.md: 1 + floor(bins * worse / n), worse = strictly worse customers.
    worse_r = n - recency.rank(method="max").astype(np.int64)
    worse_f = frequency.rank(method="min").astype(np.int64) - 1
    worse_m = monetary.rank(method="min").astype(np.int64) - 1
    out = pd.DataFrame({
        "recency_days": recency, "frequency": frequency, "monetary": monetary,
        "r_score": 1 + bins * worse_r // n, "f_score": 1 + bins * worse_f // n, "m_score": 1 + bins * worse_m // n,
    })
    rf = (1 + 5 * worse_r // n) * 10 + (1 + 5 * worse_f // n)
    out["rfm_segment"] = rf.map(SEGMENTS)
    return out


def abc(df, a=0.75, b=0.95):
    sales = df.groupby("customer_id")["cents"].sum()
    positive = sales[sales > 0].sort_values(ascending=False, kind="stable")
    before = positive.cumsum() - positive
    before = before.groupby(positive).transform("min")  # ties share the class of the first of them
    total = positive.sum()
    cls = np.where(before < a * total, "A", np.where(before < b * total, "B", "C"))
    classes = pd.Series("C", index=sales.index)
    classes[positive.index] = cls
    top = int(np.ceil(0.2 * len(positive) - 1e-9))
    return classes, positive.iloc[:top].sum() / total


def fit_bgnbd(s):
    return BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])


def fit_gamma_gamma(s):
    rep = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]
    return GammaGammaFitter().fit(rep["frequency"], rep["monetary_value"])


def predictions(s, bgf, ggf, horizon=52.0):
    f, r, t, m = s["frequency"], s["recency"], s["T"], s["monetary_value"]
    return pd.DataFrame({
        "p_alive": bgf.conditional_probability_alive(f, r, t),
        "expected_purchases": bgf.conditional_expected_number_of_purchases_up_to_time(horizon, f, r, t),
        "expected_spend": ggf.conditional_expected_average_profit(f, m),
        "clv": ggf.customer_lifetime_value(bgf, f, r, t, m, time=12, discount_rate=0.01, freq="W"),
    }, index=s.index)


def timed(fn, repeat):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def rust_median(criterion_dir, group, step):
    path = Path(criterion_dir) / group / step / "all" / "new" / "estimates.json"
    if step == "read":
        path = Path(criterion_dir) / group / "read" / "file" / "new" / "estimates.json"
    return json.loads(path.read_text())["median"]["point_estimate"] / 1e9


def max_rel(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.nanmax(np.abs(a - b) / np.maximum(np.abs(b), 1e-9)))


def run_case(name, path, layout, as_of, repeat, criterion_dir, kehu_scores, kehu_params):
    as_of = pd.Timestamp(as_of)
    t = {}
    t["read"], df = timed(lambda: read(path, layout, as_of), repeat)
    t["summary"], s = timed(lambda: summary(df, as_of), repeat)
    t["rfm"], r = timed(lambda: rfm(df, as_of), repeat)
    t["abc"], (classes, top_share) = timed(lambda: abc(df), repeat)
    t["bgnbd_fit"], bgf = timed(lambda: fit_bgnbd(s), repeat)
    t["gamma_gamma_fit"], ggf = timed(lambda: fit_gamma_gamma(s), repeat)
    t["predictions"], p = timed(lambda: predictions(s, bgf, ggf), repeat)
    t["pipeline"] = sum(t[k] for k in ["summary", "rfm", "abc", "bgnbd_fit", "gamma_gamma_fit", "predictions"])

    rows = []
    for step in ["read", "summary", "rfm", "abc", "bgnbd_fit", "gamma_gamma_fit", "predictions", "pipeline"]:
        rust = rust_median(criterion_dir, name, step)
        rows.append({"dataset": name, "step": step, "rust_s": rust, "python_s": t[step], "ratio": t[step] / rust})

    # Same numbers? Parameters, then per customer.
    k = pd.read_csv(kehu_scores, dtype={"customer_id": str}).set_index("customer_id")
    kp = json.loads(Path(kehu_params).read_text())
    bg = bgf.params_
    gg = ggf.params_
    # On a file with costs the engine's CLV is on margin: the customer's (sales − cost) / sales times the
    # revenue CLV that lifetimes computes.
    clv_peer = p["clv"]
    if kp["clv_basis"] == "margin":
        cost_cents = (df["cost"] * 100).round().astype(np.int64)
        sums = df.assign(cost_cents=cost_cents).groupby("customer_id")[["cents", "cost_cents"]].sum().reindex(p.index)
        clv_peer = clv_peer * (sums["cents"] - sums["cost_cents"]) / sums["cents"]
    check = {
        "bgnbd_params_max_rel_diff": max_rel([kp["bgnbd"][x] for x in ["r", "alpha", "a", "b"]], [bg["r"], bg["alpha"], bg["a"], bg["b"]]),
        "gamma_gamma_params_max_rel_diff": max_rel([kp["gamma_gamma"][x] for x in ["p", "q", "v"]], [gg["p"], gg["q"], gg["v"]]),
        "summary_max_abs_diff": float(np.max(np.abs(k.loc[s.index, ["frequency", "recency", "T", "monetary_value"]].to_numpy() - s[["frequency", "recency", "T", "monetary_value"]].to_numpy()))),
        "rfm_scores_equal": bool((k.loc[r.index, ["r_score", "f_score", "m_score"]].to_numpy() == r[["r_score", "f_score", "m_score"]].to_numpy()).all()),
        "rfm_segments_equal_where_not_lost": bool(((k.loc[r.index, "rfm_segment"] == r["rfm_segment"]) | (k.loc[r.index, "rfm_segment"] == "Lost")).all()),
        "abc_classes_equal": bool((k.loc[classes.index, "abc_class"] == classes).all()),
        "p_alive_max_abs_diff": float(np.nanmax(np.abs(k.loc[p.index, "p_alive"] - p["p_alive"]))),
        "expected_purchases_max_rel_diff": max_rel(k.loc[p.index, "expected_purchases"], p["expected_purchases"]),
        "expected_spend_max_rel_diff": max_rel(k.loc[p.index, "expected_spend"], p["expected_spend"]),
        "clv_max_rel_diff": max_rel(k.loc[p.index, "clv"], clv_peer),
        "clv_basis": kp["clv_basis"],
        "top_20pct_share": float(top_share),
        "customers": int(len(s)),
        "lines": int(len(df)),
    }
    return rows, check


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench-dir", required=True)
    ap.add_argument("--criterion-dir", required=True)
    ap.add_argument("--cdnow", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    bench = Path(args.bench_dir)
    cases = [
        ("cdnow", args.cdnow, "cdnow", "1997-09-30", max(args.repeat, 5)),
        ("firm_100k", str(bench / "firm_100k.csv"), "csv", "2026-06-30", args.repeat),
    ]
    all_rows, checks = [], {}
    for name, path, layout, as_of, repeat in cases:
        rows, check = run_case(name, path, layout, as_of, repeat, args.criterion_dir,
                               bench / f"{name}_scores.csv", bench / f"{name}_params.json")
        all_rows += rows
        checks[name] = check
    print("| dataset | step | Rust (native) | Python peer | Python / Rust |")
    print("|---|---|---:|---:|---:|")
    for row in all_rows:
        print(f"| {row['dataset']} | {row['step']} | {row['rust_s'] * 1e3:.2f} ms | {row['python_s'] * 1e3:.1f} ms | {row['ratio']:.0f}× |")
    print()
    print(json.dumps(checks, indent=2))
    (bench / "peers.json").write_text(json.dumps({"timings": all_rows, "checks": checks}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
